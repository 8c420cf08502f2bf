//! The DER writers: one TLV at its final size, INTEGERs, and the PKCS#8 and
//! `SubjectPublicKeyInfo` documents handed to the backends.

use super::types::{
    BIT_STRING, CONTEXT_1, CONTEXT_1_IMPLICIT, Curve, INTEGER, NULL, OCTET_STRING, OID, OID_EC,
    OID_ED25519, OID_RSA, RsaComponents, SEQUENCE,
};
use alloc::vec::Vec;
use zeroize::Zeroizing;

/// The size of a DER tag and length for a value of `len` bytes.
fn header_len(len: usize) -> usize {
    let long_form_bytes = len.to_be_bytes().iter().skip_while(|b| **b == 0).count();
    if len < 0x80 { 2 } else { 2 + long_form_bytes }
}

/// One TLV whose value is the concatenation of `parts`. The vector is allocated at its
/// final size, so secret parts are never left behind in a reallocated buffer.
pub(super) fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len = parts
        .iter()
        .fold(0usize, |sum, p| sum.saturating_add(p.len()));
    let mut out = Vec::with_capacity(header_len(len).saturating_add(len));
    out.push(tag);
    let bytes = len.to_be_bytes();
    let significant = bytes.get(bytes.iter().take_while(|b| **b == 0).count()..);
    match (u8::try_from(len), significant) {
        (Ok(short @ 0..0x80), _) => out.push(short),
        (_, Some(significant)) => {
            // A usize has at most 8 bytes, far below the 127 the long form allows.
            out.push(0x80 | u8::try_from(significant.len()).unwrap_or(0x7f));
            out.extend_from_slice(significant);
        }
        (_, None) => out.push(0),
    }
    for part in parts {
        out.extend_from_slice(part);
    }
    out
}

/// An INTEGER holding the non-negative big-endian magnitude `magnitude`.
fn integer(magnitude: &[u8]) -> Vec<u8> {
    let start = magnitude.iter().take_while(|b| **b == 0).count();
    match magnitude.get(start..) {
        Some(m @ [first, ..]) if first & 0x80 != 0 => tlv(INTEGER, &[&[0], m]),
        Some(m @ [_, ..]) => tlv(INTEGER, &[m]),
        _ => tlv(INTEGER, &[&[0]]),
    }
}

pub(super) fn ec_algorithm(curve: Curve) -> Vec<u8> {
    tlv(SEQUENCE, &[&tlv(OID, &[OID_EC]), &tlv(OID, &[curve.oid()])])
}

/// PKCS#8 v1 for an EC key, byte for byte as ring's `EcdsaKeyPair::generate_pkcs8`
/// writes it (no `[0]` parameters inside the `ECPrivateKey`).
pub(crate) fn ec_pkcs8(curve: Curve, d: &[u8], point: &[u8]) -> Zeroizing<Vec<u8>> {
    let public = tlv(CONTEXT_1, &[&tlv(BIT_STRING, &[&[0], point])]);
    let d = Zeroizing::new(tlv(OCTET_STRING, &[d]));
    let ec_key = Zeroizing::new(tlv(SEQUENCE, &[&[INTEGER, 1, 1], &d, &public]));
    let private = Zeroizing::new(tlv(OCTET_STRING, &[&ec_key]));
    let alg = ec_algorithm(curve);
    Zeroizing::new(tlv(SEQUENCE, &[&[INTEGER, 1, 0], &alg, &private]))
}

/// PKCS#8 v2 (`OneAsymmetricKey` version 1) for Ed25519, byte for byte as ring's
/// `Ed25519KeyPair::generate_pkcs8` writes it.
pub(crate) fn ed25519_pkcs8(seed: &[u8], public: &[u8]) -> Zeroizing<Vec<u8>> {
    let alg = tlv(SEQUENCE, &[&tlv(OID, &[OID_ED25519])]);
    let seed = Zeroizing::new(tlv(OCTET_STRING, &[seed]));
    let private = Zeroizing::new(tlv(OCTET_STRING, &[&seed]));
    let public = tlv(CONTEXT_1_IMPLICIT, &[&[0], public]);
    Zeroizing::new(tlv(SEQUENCE, &[&[INTEGER, 1, 1], &alg, &private, &public]))
}

fn rsa_algorithm() -> Vec<u8> {
    tlv(SEQUENCE, &[&tlv(OID, &[OID_RSA]), &[NULL, 0]])
}

/// PKCS#1 `RSAPrivateKey` (two primes, version 0) from its components. Every
/// intermediate encoding of a secret is zeroized.
pub(crate) fn pkcs1_private(c: &RsaComponents<'_>) -> Zeroizing<Vec<u8>> {
    let [n, e, d, p, q, dp, dq, qi] =
        [c.n, c.e, c.d, c.p, c.q, c.dp, c.dq, c.qi].map(|m| Zeroizing::new(integer(m)));
    Zeroizing::new(tlv(
        SEQUENCE,
        &[&[INTEGER, 1, 0], &n, &e, &d, &p, &q, &dp, &dq, &qi],
    ))
}

/// PKCS#8 v1 `PrivateKeyInfo` around a PKCS#1 `RSAPrivateKey`.
pub(crate) fn rsa_pkcs8(pkcs1: &[u8]) -> Zeroizing<Vec<u8>> {
    let private = Zeroizing::new(tlv(OCTET_STRING, &[pkcs1]));
    Zeroizing::new(tlv(
        SEQUENCE,
        &[&[INTEGER, 1, 0], &rsa_algorithm(), &private],
    ))
}

pub(super) fn spki(alg: &[u8], key: &[u8]) -> Vec<u8> {
    tlv(SEQUENCE, &[alg, &tlv(BIT_STRING, &[&[0], key])])
}

/// `SubjectPublicKeyInfo` for an RSA key given as `n`, `e` big-endian magnitudes.
pub(crate) fn spki_rsa(n: &[u8], e: &[u8]) -> Vec<u8> {
    spki(
        &rsa_algorithm(),
        &tlv(SEQUENCE, &[&integer(n), &integer(e)]),
    )
}

/// `SubjectPublicKeyInfo` for an EC key given as its SEC1 point.
pub(crate) fn spki_ec(curve: Curve, point: &[u8]) -> Vec<u8> {
    spki(&ec_algorithm(curve), point)
}

/// `SubjectPublicKeyInfo` for a 32-byte Ed25519 public key.
pub(crate) fn spki_ed25519(key: &[u8]) -> Vec<u8> {
    spki(&tlv(SEQUENCE, &[&tlv(OID, &[OID_ED25519])]), key)
}
