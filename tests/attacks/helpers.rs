//! Fixed keys, token assembly (bytes chosen by the test, signed with `sign_raw` or the
//! reference HMAC), and the byte-level arithmetic the attacks need (DER, standard
//! base64, big-endian and little-endian sums), the latter written here independently of
//! the crate.

use crate::common::{b64u_decode, b64u_encode as b64, hmac_sha256};
use serde_json::{Value, json};
use strict_jwt::internal::sign_raw;
use strict_jwt::{
    Algorithm, Backend, Error, ErrorKind, Jwk, NumericDate, SigningKey, Verifier, VerifyingKey,
};

// Fixed keys (tests/keys/README.md).
pub(crate) const RSA_PKCS8_PEM: &str = include_str!("../keys/rsa2048.pem");
pub(crate) const RSA_PKCS8_DER: &[u8] = include_bytes!("../keys/rsa2048_pkcs8.der");
pub(crate) const RSA_PKCS1_PEM: &str = include_str!("../keys/rsa2048_pkcs1.pem");
pub(crate) const RSA_PKCS1_DER: &[u8] = include_bytes!("../keys/rsa2048_pkcs1.der");
pub(crate) const RSA_PUB_PEM: &str = include_str!("../keys/rsa2048_pub.pem");
pub(crate) const RSA_PUB_DER: &[u8] = include_bytes!("../keys/rsa2048_pub.der");
pub(crate) const RSA_PUB_PKCS1_PEM: &str = include_str!("../keys/rsa2048_pub_pkcs1.pem");
pub(crate) const RSA_PUB_PKCS1_DER: &[u8] = include_bytes!("../keys/rsa2048_pub_pkcs1.der");
pub(crate) const ATTACKER_P256_PKCS8: &[u8] = include_bytes!("../keys/attacker_p256_pkcs8.der");
pub(crate) const ATTACKER_P256_CERT: &[u8] = include_bytes!("../keys/attacker_p256_cert.der");
pub(crate) const P521_PKCS8: &[u8] = include_bytes!("../keys/p521_pkcs8.der");
pub(crate) const P521_SPKI: &[u8] = include_bytes!("../keys/p521_pub.der");
pub(crate) const ED448_PKCS8: &[u8] = include_bytes!("../keys/ed448_pkcs8.der");
pub(crate) const ED448_SPKI: &[u8] = include_bytes!("../keys/ed448_pub.der");
pub(crate) const ES256K_JWK: &str = include_str!("../keys/es256k_private.jwk.json");
pub(crate) const RFC7515: &str = include_str!("../../vectors/rfc7515/rfc7515_appendix_a.json");

/// Group orders (SEC 2; checked against `openssl ecparam -param_enc explicit -text`),
/// P-521's in the 66 bytes JWS writes its scalars in.
pub(crate) const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
pub(crate) const P384_N: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";
pub(crate) const P521_N: &str = "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409";
pub(crate) const SECP256K1_N: &str =
    "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
/// The Ed25519 group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
pub(crate) const ED25519_L_LE: &str =
    "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

/// The application's legitimate HS256 secret, where a verifier also accepts HS256.
pub(crate) const LEGIT_SECRET: [u8; 32] = *b"legitimate-hs256-secret-32-bytes";
pub(crate) const NOW: i64 = 1_700_000_000;

pub(crate) const F4: [u8; 3] = [1, 0, 1];

pub(crate) fn now() -> NumericDate {
    NumericDate::from_secs(NOW)
}

pub(crate) fn payload() -> String {
    json!({"iss": "https://issuer.example", "sub": "alice", "jti": "jti-1", "exp": NOW + 60})
        .to_string()
}

pub(crate) fn header(alg: Algorithm, kid: Option<&str>) -> String {
    match kid {
        Some(kid) => json!({"alg": alg.name(), "kid": kid}).to_string(),
        None => json!({"alg": alg.name()}).to_string(),
    }
}

pub(crate) fn signing_input(header: &str, payload: &str) -> String {
    format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()))
}

/// The attacker's HS256 token: exactly these bytes, MAC'd with `secret`.
pub(crate) fn hs256_token(header: &str, payload: &str, secret: &[u8]) -> String {
    let input = signing_input(header, payload);
    let tag = hmac_sha256(secret, input.as_bytes());
    format!("{input}.{}", b64(&tag))
}

/// A token with exactly these bytes, signed by `key` at the raw-signature level.
pub(crate) fn sign_token(key: &SigningKey, header: &str, payload: &str) -> String {
    let input = signing_input(header, payload);
    let sig = sign_raw(key, input.as_bytes()).unwrap();
    format!("{input}.{}", b64(&sig))
}

pub(crate) fn split(token: &str) -> (&str, Vec<u8>) {
    let (input, sig) = token.rsplit_once('.').unwrap();
    (input, b64u_decode("signature", sig))
}

/// The same signing input with another signature.
pub(crate) fn resign(token: &str, sig: &[u8]) -> String {
    format!("{}.{}", split(token).0, b64(sig))
}

pub(crate) fn outcome(v: &Verifier, token: &str) -> Option<ErrorKind> {
    v.verify_at::<Value>(token, now()).err().map(|e| e.kind())
}

pub(crate) fn kind_of<T>(r: Result<T, Error>) -> Option<ErrorKind> {
    r.err().map(|e| e.kind())
}

/// A verifier allowing only `alg`, with `key` under kid "k".
pub(crate) fn verifier(alg: Algorithm, key: VerifyingKey) -> Verifier {
    Verifier::builder()
        .allow(alg)
        .key_with_kid("k", key)
        .build()
        .unwrap()
}

/// Standard base64 with padding (PEM bodies, `x5c`), written here independently.
pub(crate) fn b64_std(input: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((v >> (18 - 6 * i)) & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// PEM armor as OpenSSL writes it: 64-character lines, trailing newline.
pub(crate) fn pem_armor(label: &str, der: &[u8]) -> String {
    let body = b64_std(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// One DER TLV: `(tag, contents, rest)` (definite lengths up to 65535).
pub(crate) fn der_tlv(input: &[u8]) -> (u8, &[u8], &[u8]) {
    let (len, head) = match input[1] {
        n if n < 0x80 => (usize::from(n), 2),
        0x81 => (usize::from(input[2]), 3),
        0x82 => ((usize::from(input[2]) << 8) | usize::from(input[3]), 4),
        other => panic!("unsupported DER length byte {other:#x}"),
    };
    (input[0], &input[head..head + len], &input[head + len..])
}

/// The INTEGERs of a DER SEQUENCE of INTEGERs, as magnitudes without leading zeros.
pub(crate) fn der_integers(der: &[u8]) -> Vec<Vec<u8>> {
    let (tag, mut body, rest) = der_tlv(der);
    assert!(tag == 0x30 && rest.is_empty(), "not one DER SEQUENCE");
    let mut out = Vec::new();
    while !body.is_empty() {
        let (tag, int, rest) = der_tlv(body);
        assert_eq!(tag, 0x02, "not an INTEGER");
        out.push(strip_zeros(int).to_vec());
        body = rest;
    }
    out
}

pub(crate) fn strip_zeros(mut x: &[u8]) -> &[u8] {
    while let [0, rest @ ..] = x {
        x = rest;
    }
    x
}

/// `SEQUENCE { INTEGER r, INTEGER s }`: the X.509 / OpenSSL form of an ECDSA signature.
pub(crate) fn der_ecdsa_signature(r: &[u8], s: &[u8]) -> Vec<u8> {
    let int = |x: &[u8]| {
        let mut m = strip_zeros(x).to_vec();
        if m.first().is_none_or(|&b| b & 0x80 != 0) {
            m.insert(0, 0);
        }
        let mut out = vec![0x02, u8::try_from(m.len()).unwrap()];
        out.extend(m);
        out
    };
    let body = [int(r), int(s)].concat();
    // P-521 signatures need the long length form.
    let mut out = match u8::try_from(body.len()).unwrap() {
        len @ 0..0x80 => vec![0x30, len],
        len => vec![0x30, 0x81, len],
    };
    out.extend(body);
    out
}

/// `a - b` on equal-length big-endian numbers, byte-wise with borrow; panics if `a < b`.
pub(crate) fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    assert_eq!(a.len(), b.len());
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0u16;
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b).rev() {
        let sub = u16::from(y) + borrow;
        let x = u16::from(x);
        (*o, borrow) = if x >= sub {
            (u8::try_from(x - sub).unwrap(), 0)
        } else {
            (u8::try_from(x + 256 - sub).unwrap(), 1)
        };
    }
    assert_eq!(borrow, 0, "sub_be: a < b");
    out
}

/// `a + b` on equal-length numbers whose bytes are given most significant last when
/// `little_endian`, first otherwise; panics on overflow.
pub(crate) fn add(a: &[u8], b: &[u8], little_endian: bool) -> Vec<u8> {
    assert_eq!(a.len(), b.len());
    let mut out = vec![0u8; a.len()];
    let mut carry = 0u16;
    let mut step = |(o, (&x, &y)): (&mut u8, (&u8, &u8))| {
        let sum = u16::from(x) + u16::from(y) + carry;
        *o = sum.to_le_bytes()[0];
        carry = sum >> 8;
    };
    if little_endian {
        out.iter_mut().zip(a.iter().zip(b)).for_each(&mut step);
    } else {
        out.iter_mut()
            .zip(a.iter().zip(b))
            .rev()
            .for_each(&mut step);
    }
    assert_eq!(carry, 0, "add: overflow");
    out
}

pub(crate) fn one(len: usize) -> Vec<u8> {
    let mut v = vec![0; len];
    v[len - 1] = 1;
    v
}

/// The genuine RSA key (tests/keys/rsa2048*), loaded from DER for `alg`.
pub(crate) fn rsa_signing(alg: Algorithm) -> SigningKey {
    SigningKey::from_pkcs8_der(alg, RSA_PKCS8_DER).unwrap()
}

pub(crate) fn rsa_public(alg: Algorithm) -> VerifyingKey {
    VerifyingKey::from_spki_der(alg, RSA_PUB_DER).unwrap()
}

/// `(n, e)` of the genuine RSA key, parsed here from its PKCS#1 DER.
pub(crate) fn rsa_n_e() -> (Vec<u8>, Vec<u8>) {
    let ints = der_integers(RSA_PUB_PKCS1_DER);
    assert_eq!(ints.len(), 2);
    (ints[0].clone(), ints[1].clone())
}

pub(crate) fn rfc7515_case(id: &str) -> Value {
    let doc = crate::common::parse_vectors("rfc7515_appendix_a.json", RFC7515);
    crate::common::case_by_id("rfc7515_appendix_a.json", &doc, id)
}

/// The RFC 7515 A.2 private RSA JWK as JSON text: the attacker's RSA key.
pub(crate) fn rfc7515_rsa_private_jwk() -> String {
    rfc7515_case("rfc7515-A.2")["jwk"].to_string()
}

pub(crate) fn attacker_rsa() -> SigningKey {
    Jwk::from_json(&rfc7515_rsa_private_jwk())
        .unwrap()
        .to_signing_key(Algorithm::RS256)
        .unwrap()
}

/// The last `len` bytes of a DER SPKI: the BIT STRING's key (EC point, Ed25519 key).
pub(crate) fn spki_key(spki: &[u8], len: usize) -> &[u8] {
    &spki[spki.len() - len..]
}

pub(crate) fn ec_scalar_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::ES256 | Algorithm::ES256K => 32,
        Algorithm::ES384 => 48,
        Algorithm::ES512 => 66,
        _ => unreachable!(),
    }
}

/// The JWK `crv` of an ECDSA algorithm.
pub(crate) fn crv_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::ES256 => "P-256",
        Algorithm::ES384 => "P-384",
        Algorithm::ES512 => "P-521",
        Algorithm::ES256K => "secp256k1",
        _ => unreachable!(),
    }
}

/// Every ECDSA algorithm of the active backend: ES256 and ES384 always; ES512 and
/// ES256K with `aws-lc-rs` (their refusal with `ring` is tested on its own below).
pub(crate) fn ecdsa_algs() -> Vec<Algorithm> {
    [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::ES256K,
    ]
    .into_iter()
    .filter(|a| Backend::ACTIVE.supports(*a))
    .collect()
}

/// The fixed secp256k1 key (`tests/keys/es256k_private.jwk.json`) as a private JWK, and
/// its uncompressed point, decoded here.
pub(crate) fn secp256k1_fixture() -> (Jwk, Vec<u8>) {
    let v: Value = serde_json::from_str(ES256K_JWK).unwrap();
    let mut point = vec![4];
    point.extend(b64u_decode("x", v["x"].as_str().unwrap()));
    point.extend(b64u_decode("y", v["y"].as_str().unwrap()));
    (Jwk::from_json(ES256K_JWK).unwrap(), point)
}

pub(crate) fn jwk_json(vk: &VerifyingKey) -> String {
    vk.to_public_jwk().unwrap().to_json().as_str().to_owned()
}
