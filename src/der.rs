//! A small, strict DER reader (and writer) for the key structures this crate handles:
//! `SubjectPublicKeyInfo` (RFC 5280 4.1.2.7), PKCS#1 `RSAPublicKey` (RFC 8017 A.1.1),
//! PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (RFC 5208, RFC 5958) and SEC1
//! `ECPrivateKey` (RFC 5915).
//!
//! Only DER is accepted, never the looser BER: lengths are definite and minimal (no
//! indefinite length, no long form where the short form fits, at most two length
//! bytes), high-tag-number forms are refused, a length may not run past its input,
//! nothing may follow a top-level structure, INTEGERs are minimally encoded (no
//! superfluous leading `0x00`/`0xFF`), and key BIT STRINGs have no unused bits. Inputs
//! over 64 KiB are refused before parsing. Each structure's nesting is fixed by the
//! code that reads it, so no input controls recursion depth.

use alloc::vec::Vec;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};

/// Larger inputs are refused outright: no key this crate accepts comes close.
const MAX_INPUT: usize = 64 * 1024;

const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const NULL: u8 = 0x05;
const OID: u8 = 0x06;
const SEQUENCE: u8 = 0x30;
/// `[0]` constructed: PKCS#8 attributes, SEC1 parameters.
const CONTEXT_0: u8 = 0xa0;
/// `[1]` constructed: SEC1 `[1] EXPLICIT publicKey`.
const CONTEXT_1: u8 = 0xa1;
/// `[1]` primitive: RFC 5958 `[1] IMPLICIT publicKey BIT STRING`.
const CONTEXT_1_IMPLICIT: u8 = 0x81;

const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
const OID_SECP256K1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x0a];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_ED448: &[u8] = &[0x2b, 0x65, 0x71];

fn malformed(detail: &'static str) -> Error {
    Error::new(ErrorKind::Malformed, detail)
}

fn invalid(detail: &'static str) -> Error {
    Error::new(ErrorKind::InvalidKey, detail)
}

/// Named curves we recognise by OID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    /// NIST P-256 (secp256r1), 1.2.840.10045.3.1.7.
    P256,
    /// NIST P-384 (secp384r1), 1.3.132.0.34.
    P384,
    /// NIST P-521 (secp521r1), 1.3.132.0.35.
    P521,
    /// secp256k1 (RFC 8812), 1.3.132.0.10.
    Secp256k1,
}

impl Curve {
    /// The length in bytes of a private scalar or of one point coordinate.
    pub(crate) fn scalar_len(self) -> usize {
        match self {
            Self::P256 | Self::Secp256k1 => 32,
            Self::P384 => 48,
            Self::P521 => 66,
        }
    }

    fn oid(self) -> &'static [u8] {
        match self {
            Self::P256 => OID_P256,
            Self::P384 => OID_P384,
            Self::P521 => OID_P521,
            Self::Secp256k1 => OID_SECP256K1,
        }
    }

    fn from_oid(oid: &[u8]) -> Result<Self> {
        match oid {
            OID_P256 => Ok(Self::P256),
            OID_P384 => Ok(Self::P384),
            OID_P521 => Ok(Self::P521),
            OID_SECP256K1 => Ok(Self::Secp256k1),
            _ => Err(invalid("unsupported curve")),
        }
    }
}

/// The key inside a `SubjectPublicKeyInfo` (RFC 5280 4.1.2.7).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PublicKeyInfo<'a> {
    /// rsaEncryption with NULL parameters; `n` and `e` are positive big-endian
    /// magnitudes without a leading zero byte.
    Rsa {
        /// The modulus.
        n: &'a [u8],
        /// The public exponent.
        e: &'a [u8],
    },
    /// id-ecPublicKey with a named curve; `point` is the SEC1 point as found (non-empty).
    Ec {
        /// The curve named by the parameters.
        curve: Curve,
        /// The encoded point, not validated here.
        point: &'a [u8],
    },
    /// id-Ed25519 without parameters.
    Ed25519 {
        /// The 32-byte public key.
        key: &'a [u8],
    },
}

/// Which key a PKCS#8 document holds, judged by its `AlgorithmIdentifier` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyAlgorithm {
    /// rsaEncryption.
    Rsa,
    /// id-ecPublicKey on a named curve.
    Ec(Curve),
    /// id-Ed25519.
    Ed25519,
    /// id-Ed448: recognised only so callers can say it is unsupported.
    Ed448,
}

/// A SEC1 `ECPrivateKey` (RFC 5915). Its `Debug` never shows the scalar.
pub(crate) struct Sec1<'a> {
    /// The curve from the optional `[0]` parameters.
    pub(crate) curve: Option<Curve>,
    /// The private scalar, big-endian; exactly `scalar_len` bytes when the curve is known.
    pub(crate) d: &'a [u8],
    /// The SEC1 public point from the optional `[1]` field.
    pub(crate) public: Option<&'a [u8]>,
}

impl core::fmt::Debug for Sec1<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Sec1")
            .field("curve", &self.curve)
            .field("d", &"<redacted>")
            .field("public", &self.public)
            .finish()
    }
}

/// A cursor over the values of one DER constructed value.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads one tag-length-value and returns the tag and the value.
    fn next(&mut self) -> Result<(u8, &'a [u8])> {
        let truncated = || malformed("DER value truncated");
        let (&tag, rest) = self.rest.split_first().ok_or_else(truncated)?;
        if tag & 0x1f == 0x1f {
            return Err(malformed("DER high tag number form"));
        }
        let (&first, rest) = rest.split_first().ok_or_else(truncated)?;
        let (len, rest) = match first {
            0..=0x7f => (usize::from(first), rest),
            0x80 => return Err(malformed("DER indefinite length")),
            0x81 => match rest.split_first() {
                Some((&len, rest)) if len >= 0x80 => (usize::from(len), rest),
                Some(_) => return Err(malformed("DER length not minimal")),
                None => return Err(truncated()),
            },
            0x82 => match rest.split_at_checked(2) {
                Some((&[hi, lo], rest)) if hi != 0 => {
                    (usize::from(u16::from_be_bytes([hi, lo])), rest)
                }
                Some(_) => return Err(malformed("DER length not minimal")),
                None => return Err(truncated()),
            },
            _ => return Err(malformed("DER length too large")),
        };
        let (value, rest) = rest
            .split_at_checked(len)
            .ok_or_else(|| malformed("DER length exceeds the input"))?;
        self.rest = rest;
        Ok((tag, value))
    }

    fn expect(&mut self, tag: u8) -> Result<&'a [u8]> {
        match self.next()? {
            (found, value) if found == tag => Ok(value),
            _ => Err(malformed("unexpected DER tag")),
        }
    }

    fn optional(&mut self, tag: u8) -> Result<Option<&'a [u8]>> {
        if self.rest.first() == Some(&tag) {
            self.expect(tag).map(Some)
        } else {
            Ok(None)
        }
    }

    fn finish(&self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(malformed("trailing data after DER value"))
        }
    }
}

/// The value of the one TLV, of the given tag, that makes up all of `der`.
fn single(der: &[u8], tag: u8) -> Result<&[u8]> {
    let mut reader = Reader { rest: der };
    let value = reader.expect(tag)?;
    reader.finish()?;
    Ok(value)
}

/// A reader over the contents of the top-level SEQUENCE that makes up all of `der`.
fn top_level(der: &[u8]) -> Result<Reader<'_>> {
    if der.len() > MAX_INPUT {
        return Err(malformed("DER input too large"));
    }
    single(der, SEQUENCE).map(|rest| Reader { rest })
}

/// Refuses INTEGER encodings that DER forbids (empty, or a redundant sign byte).
fn minimal_integer(value: &[u8]) -> Result<&[u8]> {
    match value {
        [] => Err(malformed("empty INTEGER")),
        [0x00, next, ..] if next & 0x80 == 0 => Err(malformed("INTEGER not minimal")),
        [0xff, next, ..] if next & 0x80 != 0 => Err(malformed("INTEGER not minimal")),
        _ => Ok(value),
    }
}

/// The magnitude, without its sign byte, of a strictly positive INTEGER.
fn positive_integer(value: &[u8]) -> Result<&[u8]> {
    match minimal_integer(value)? {
        [0x00, magnitude @ ..] if !magnitude.is_empty() => Ok(magnitude),
        [first, ..] if first & 0x80 == 0 && *first != 0 => Ok(value),
        _ => Err(malformed("INTEGER must be positive")),
    }
}

/// A version number: a small non-negative INTEGER.
fn version(value: &[u8]) -> Result<u8> {
    match minimal_integer(value)? {
        [v] if v & 0x80 == 0 => Ok(*v),
        _ => Err(invalid("unsupported version")),
    }
}

/// The bytes of a BIT STRING value that must have no unused bits.
fn bit_string(value: &[u8]) -> Result<&[u8]> {
    match value.split_first() {
        Some((0, bytes)) => Ok(bytes),
        Some(_) => Err(malformed("BIT STRING has unused bits")),
        None => Err(malformed("empty BIT STRING")),
    }
}

/// Reads an `AlgorithmIdentifier` and names the key type it declares.
fn algorithm(reader: &mut Reader<'_>) -> Result<KeyAlgorithm> {
    let mut alg = Reader {
        rest: reader.expect(SEQUENCE)?,
    };
    let oid = alg.expect(OID)?;
    let params = if alg.rest.is_empty() {
        None
    } else {
        Some(alg.next()?)
    };
    alg.finish()?;
    match (oid, params) {
        (OID_RSA, Some((NULL, []))) => Ok(KeyAlgorithm::Rsa),
        (OID_RSA, _) => Err(malformed("rsaEncryption parameters must be NULL")),
        (OID_EC, Some((OID, curve))) => Curve::from_oid(curve).map(KeyAlgorithm::Ec),
        (OID_EC, _) => Err(invalid("unsupported curve: EC key must name its curve")),
        (OID_ED25519, None) => Ok(KeyAlgorithm::Ed25519),
        (OID_ED448, None) => Ok(KeyAlgorithm::Ed448),
        (OID_ED25519 | OID_ED448, Some(_)) => Err(malformed("EdDSA parameters must be absent")),
        _ => Err(invalid("unsupported key algorithm")),
    }
}

/// Parses a DER `SubjectPublicKeyInfo`.
pub(crate) fn parse_spki(der: &[u8]) -> Result<PublicKeyInfo<'_>> {
    let mut reader = top_level(der)?;
    let algorithm = algorithm(&mut reader)?;
    let key = bit_string(reader.expect(BIT_STRING)?)?;
    reader.finish()?;
    match algorithm {
        KeyAlgorithm::Rsa => parse_pkcs1_public(key).map(|(n, e)| PublicKeyInfo::Rsa { n, e }),
        KeyAlgorithm::Ec(_) if key.is_empty() => Err(malformed("empty EC point")),
        KeyAlgorithm::Ec(curve) => Ok(PublicKeyInfo::Ec { curve, point: key }),
        KeyAlgorithm::Ed25519 if key.len() == 32 => Ok(PublicKeyInfo::Ed25519 { key }),
        KeyAlgorithm::Ed25519 => Err(invalid("Ed25519 public key must be 32 bytes")),
        KeyAlgorithm::Ed448 => Err(Error::new(
            ErrorKind::UnsupportedAlgorithm,
            "Ed448 is not supported by ring",
        )),
    }
}

/// PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`,
/// returned as `(n, e)` magnitudes without a leading zero byte.
pub(crate) fn parse_pkcs1_public(der: &[u8]) -> Result<(&[u8], &[u8])> {
    let mut reader = top_level(der)?;
    let n = positive_integer(reader.expect(INTEGER)?)?;
    let e = positive_integer(reader.expect(INTEGER)?)?;
    reader.finish()?;
    Ok((n, e))
}

/// The fields of a PKCS#8 document this module uses.
struct Pkcs8<'a> {
    algorithm: KeyAlgorithm,
    private_key: &'a [u8],
    public_key: Option<&'a [u8]>,
}

fn parse_pkcs8(der: &[u8]) -> Result<Pkcs8<'_>> {
    let mut reader = top_level(der)?;
    let version = version(reader.expect(INTEGER)?)?;
    let algorithm = algorithm(&mut reader)?;
    let private_key = reader.expect(OCTET_STRING)?;
    // Attributes carry nothing this crate uses; their framing was checked above.
    reader.optional(CONTEXT_0)?;
    let public_key = reader
        .optional(CONTEXT_1_IMPLICIT)?
        .map(bit_string)
        .transpose()?;
    reader.finish()?;
    // RFC 5958 §2: version 2 (encoded 1) exactly when the public key is present. A v2
    // document without it would be a second encoding of the same key.
    match (version, public_key) {
        (0, None) | (1, Some(_)) => Ok(Pkcs8 {
            algorithm,
            private_key,
            public_key,
        }),
        (0, Some(_)) => Err(malformed("PKCS#8 version 0 cannot hold a public key")),
        (1, None) => Err(malformed("PKCS#8 version 2 must hold its public key")),
        _ => Err(invalid("unsupported PKCS#8 version")),
    }
}

/// Which key a PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` (version 0 or 1) holds.
pub(crate) fn pkcs8_algorithm(der: &[u8]) -> Result<KeyAlgorithm> {
    parse_pkcs8(der).map(|p| p.algorithm)
}

/// Parses a SEC1 `ECPrivateKey` (RFC 5915, version 1).
pub(crate) fn parse_sec1(der: &[u8]) -> Result<Sec1<'_>> {
    let mut reader = top_level(der)?;
    let version = version(reader.expect(INTEGER)?)?;
    let d = reader.expect(OCTET_STRING)?;
    let curve = reader
        .optional(CONTEXT_0)?
        .map(|v| single(v, OID))
        .transpose()?;
    let public = reader.optional(CONTEXT_1)?;
    let public = public.map(|v| single(v, BIT_STRING).and_then(bit_string));
    let public = public.transpose()?;
    reader.finish()?;
    if version != 1 {
        return Err(invalid("unsupported ECPrivateKey version"));
    }
    let curve = curve.map(Curve::from_oid).transpose()?;
    if d.is_empty() || curve.is_some_and(|c| d.len() != c.scalar_len()) {
        return Err(invalid("EC private key has the wrong length"));
    }
    if public.is_some_and(<[u8]>::is_empty) {
        return Err(malformed("empty EC point"));
    }
    Ok(Sec1 { curve, d, public })
}

/// What [`pkcs8_private_parts`] returns: the key type, the private scalar `d` (EC) or
/// seed (32 bytes for Ed25519, 57 for Ed448), and the public point or key when the
/// document holds one.
pub(crate) type PrivateParts<'a> = (KeyAlgorithm, &'a [u8], Option<&'a [u8]>);

/// The private parts of an EC, Ed25519 or Ed448 PKCS#8 document, for export as a JWK
/// (Ed448 so callers can name it as unsupported; RSA is refused). Accepts ring's
/// output (as [`ec_pkcs8`] and [`ed25519_pkcs8`] write it) and OpenSSL's, which may
/// carry `[0]` parameters inside the `ECPrivateKey` and, for Ed25519, is version 0
/// without a public key.
pub(crate) fn pkcs8_private_parts(der: &[u8]) -> Result<PrivateParts<'_>> {
    let pkcs8 = parse_pkcs8(der)?;
    match pkcs8.algorithm {
        KeyAlgorithm::Ec(curve) => {
            let sec1 = parse_sec1(pkcs8.private_key)?;
            if sec1.curve.is_some_and(|c| c != curve) {
                return Err(invalid("EC key names two different curves"));
            }
            if sec1.d.len() != curve.scalar_len() {
                return Err(invalid("EC private key has the wrong length"));
            }
            let public = match (sec1.public, pkcs8.public_key) {
                (Some(a), Some(b)) if a != b => return Err(invalid("EC key has two public keys")),
                (a, b) => a.or(b),
            };
            Ok((pkcs8.algorithm, sec1.d, public))
        }
        KeyAlgorithm::Ed25519 | KeyAlgorithm::Ed448 => {
            let len = if pkcs8.algorithm == KeyAlgorithm::Ed25519 {
                32
            } else {
                57
            };
            // RFC 8410: the private key is itself an OCTET STRING (CurvePrivateKey).
            let seed = single(pkcs8.private_key, OCTET_STRING)?;
            if seed.len() != len || pkcs8.public_key.is_some_and(|p| p.len() != len) {
                return Err(invalid("EdDSA key has the wrong length"));
            }
            Ok((pkcs8.algorithm, seed, pkcs8.public_key))
        }
        KeyAlgorithm::Rsa => Err(invalid("unsupported key algorithm: RSA has no d or seed")),
    }
}

/// The components of an RSA private key, big-endian magnitudes:
/// `[n, e, d, p, q, dp, dq, qi]`.
pub(crate) type RsaPrivateParts<'a> = [&'a [u8]; 8];

/// The components inside an RSA PKCS#8 document (a two-prime PKCS#1 `RSAPrivateKey`,
/// version 0), for export as a JWK.
pub(crate) fn pkcs8_rsa_private_parts(der: &[u8]) -> Result<RsaPrivateParts<'_>> {
    let pkcs8 = parse_pkcs8(der)?;
    if pkcs8.algorithm != KeyAlgorithm::Rsa {
        return Err(invalid("not an RSA private key"));
    }
    parse_pkcs1_private(pkcs8.private_key)
}

/// A two-prime PKCS#1 `RSAPrivateKey` (version 0).
pub(crate) fn parse_pkcs1_private(der: &[u8]) -> Result<RsaPrivateParts<'_>> {
    let mut reader = top_level(der)?;
    if version(reader.expect(INTEGER)?)? != 0 {
        return Err(invalid("multi-prime RSA keys are not supported"));
    }
    let mut parts: RsaPrivateParts<'_> = [&[]; 8];
    for part in &mut parts {
        *part = positive_integer(reader.expect(INTEGER)?)?;
    }
    reader.finish()?;
    Ok(parts)
}

/// The size of a DER tag and length for a value of `len` bytes.
fn header_len(len: usize) -> usize {
    let long_form_bytes = len.to_be_bytes().iter().skip_while(|b| **b == 0).count();
    if len < 0x80 { 2 } else { 2 + long_form_bytes }
}

/// One TLV whose value is the concatenation of `parts`. The vector is allocated at its
/// final size, so secret parts are never left behind in a reallocated buffer.
fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
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

fn ec_algorithm(curve: Curve) -> Vec<u8> {
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
pub(crate) fn pkcs1_private(c: &crate::alg::rsa::RsaComponents<'_>) -> Zeroizing<Vec<u8>> {
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

fn spki(alg: &[u8], key: &[u8]) -> Vec<u8> {
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

// These tests build their keys with ring directly.
#[cfg(all(test, feature = "ring"))]
mod tests {
    use super::*;
    use ring::rand::SystemRandom;
    use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair};

    // Generated with OpenSSL 3.0: `genpkey` then `pkey -pubout`, `rsa -RSAPublicKey_out`,
    // `ec -outform DER` (SEC1) and `pkcs8 -topk8 -nocrypt`. Each EC/Ed25519 pair is one key.
    const RSA_SPKI: &str = "305c300d06092a864886f70d0101010500034b003048024100d0cfc4eab66623a6\
        9785fe2db5d51fedc8b7c0b2e3c71d56e367dd5aa84ffbe63847ac41ad46ff9bd5af29c3677d74bfa5348d6b\
        667e9770218ec3c795d2a8e70203010001";
    const P256_SPKI: &str = "3059301306072a8648ce3d020106082a8648ce3d030107034200047c09b17b790489\
        7faa6887c52ed5496b0b49aeb57b56911ade005b0cb294f33fe4353642180e0b3f0c8dcfc6042d036d0d91e1\
        5e5498d7da87a82386b4e26ceb";
    const P256_SEC1: &str = "307702010104208b13535c510e09ef570248b9440ca5a2d2cb0ec05a8b7437e1fc45e5\
        9f94bddca00a06082a8648ce3d030107a144034200047c09b17b7904897faa6887c52ed5496b0b49aeb57b56\
        911ade005b0cb294f33fe4353642180e0b3f0c8dcfc6042d036d0d91e15e5498d7da87a82386b4e26ceb";
    const ED_SPKI: &str = "302a300506032b65700321005526433bc66951cd561b5a5f312240ffb12428522955\
        07767b129c166e61123d";
    const ED_PKCS8_V0: &str = "302e020100300506032b657004220420b58c7abc8f07977cdccc93a6a40859c795de\
        f2aa69da912213dd3b7ca0dd8acd";
    const ED448_PKCS8_V0: &str = "3047020100300506032b6571043b04393976891e6d989661521c1d7eeae3d32382\
        8df89b5e50ac426c5b307bde901aec3a989347a544ada550d0bb4a3c8bdf9c5c5e6e341a909c8000";
    /// An RSA PKCS#8 header around a stub `RSAPrivateKey`: only the framing is read.
    const RSA_PKCS8: &str = "3016020100300d06092a864886f70d010101050004023000";

    fn hex(s: &str) -> Vec<u8> {
        let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
        let pair = |p: &[u8]| u8::from_str_radix(core::str::from_utf8(p).unwrap(), 16).unwrap();
        digits.chunks(2).map(pair).collect()
    }

    /// An `AlgorithmIdentifier`'s TLVs, the key bytes, the expected error.
    type Case<'a> = (&'a [&'a [u8]], &'a [u8], ErrorKind);

    fn kind<T: core::fmt::Debug>(r: Result<T>) -> ErrorKind {
        r.unwrap_err().kind()
    }

    #[test]
    fn parses_openssl_public_keys() {
        let rsa = hex(RSA_SPKI);
        let PublicKeyInfo::Rsa { n, e } = parse_spki(&rsa).unwrap() else {
            panic!()
        };
        assert_eq!((n.len(), n.first(), e), (64, Some(&0xd0), &[1, 0, 1][..]));
        assert_eq!(parse_pkcs1_public(rsa.get(20..).unwrap()).unwrap(), (n, e));
        assert_eq!(spki_rsa(n, e), rsa);

        let p256 = hex(P256_SPKI);
        let sec1 = hex(P256_SEC1);
        let parsed = parse_sec1(&sec1).unwrap();
        assert_eq!((parsed.curve, parsed.d.len()), (Some(Curve::P256), 32));
        let point = parsed.public.unwrap();
        let curve = Curve::P256;
        assert_eq!(
            parse_spki(&p256).unwrap(),
            PublicKeyInfo::Ec { curve, point }
        );
        assert_eq!(spki_ec(curve, point), p256);

        let ed = hex(ED_SPKI);
        let key = ed.get(12..).unwrap();
        assert_eq!(parse_spki(&ed).unwrap(), PublicKeyInfo::Ed25519 { key });
        assert_eq!(spki_ed25519(key), ed);
    }

    #[test]
    fn ring_pkcs8_round_trips_byte_for_byte() {
        let rng = SystemRandom::new();
        let p256 = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
        let p384 = &signature::ECDSA_P384_SHA384_FIXED_SIGNING;
        for (alg, curve) in [(p256, Curve::P256), (p384, Curve::P384)] {
            let doc = EcdsaKeyPair::generate_pkcs8(alg, &rng).unwrap();
            assert_eq!(
                pkcs8_algorithm(doc.as_ref()).unwrap(),
                KeyAlgorithm::Ec(curve)
            );
            let (found, d, point) = pkcs8_private_parts(doc.as_ref()).unwrap();
            assert_eq!(
                (found, d.len()),
                (KeyAlgorithm::Ec(curve), curve.scalar_len())
            );
            let rebuilt = ec_pkcs8(curve, d, point.unwrap());
            assert_eq!(rebuilt.as_slice(), doc.as_ref());
            assert_eq!(rebuilt.len(), rebuilt.capacity());
        }
        let doc = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        assert_eq!(
            pkcs8_algorithm(doc.as_ref()).unwrap(),
            KeyAlgorithm::Ed25519
        );
        let (_, seed, public) = pkcs8_private_parts(doc.as_ref()).unwrap();
        assert_eq!(
            ed25519_pkcs8(seed, public.unwrap()).as_slice(),
            doc.as_ref()
        );
    }

    #[test]
    fn openssl_private_keys_convert_for_ring() {
        // OpenSSL 1.1 PKCS#8 keeps the [0] curve inside the ECPrivateKey.
        let sec1 = hex(P256_SEC1);
        let wrapped = tlv(OCTET_STRING, &[&sec1]);
        let doc = tlv(
            SEQUENCE,
            &[&[INTEGER, 1, 0], &ec_algorithm(Curve::P256), &wrapped],
        );
        let (alg, d, point) = pkcs8_private_parts(&doc).unwrap();
        assert_eq!(
            (alg, point),
            (
                KeyAlgorithm::Ec(Curve::P256),
                parse_sec1(&sec1).unwrap().public
            )
        );
        let ring_alg = &signature::ECDSA_P256_SHA256_FIXED_SIGNING;
        let rebuilt = ec_pkcs8(Curve::P256, d, point.unwrap());
        let pair = EcdsaKeyPair::from_pkcs8(ring_alg, &rebuilt, &SystemRandom::new()).unwrap();
        assert_eq!(Some(pair.public_key().as_ref()), point);

        let ed = hex(ED_PKCS8_V0);
        let (alg, seed, public) = pkcs8_private_parts(&ed).unwrap();
        assert_eq!((alg, public), (KeyAlgorithm::Ed25519, None));
        let derived = Ed25519KeyPair::from_seed_unchecked(seed).unwrap();
        assert_eq!(
            derived.public_key().as_ref(),
            hex(ED_SPKI).get(12..).unwrap()
        );
        let rebuilt = ed25519_pkcs8(seed, derived.public_key().as_ref());
        assert!(Ed25519KeyPair::from_pkcs8(&rebuilt).is_ok());
    }

    #[test]
    fn recognises_and_refuses_algorithms() {
        let ed448 = hex(ED448_PKCS8_V0);
        assert_eq!(pkcs8_algorithm(&ed448).unwrap(), KeyAlgorithm::Ed448);
        let (alg, seed, public) = pkcs8_private_parts(&ed448).unwrap();
        assert_eq!((alg, seed.len(), public), (KeyAlgorithm::Ed448, 57, None));
        let short = hex(&ED_PKCS8_V0.replace("032b6570", "032b6571"));
        assert_eq!(kind(pkcs8_private_parts(&short)), ErrorKind::InvalidKey);
        assert_eq!(pkcs8_algorithm(&hex(RSA_PKCS8)).unwrap(), KeyAlgorithm::Rsa);
        assert_eq!(
            kind(pkcs8_private_parts(&hex(RSA_PKCS8))),
            ErrorKind::InvalidKey
        );
        let p521 = ec_pkcs8(Curve::P521, &[1; 66], &[4; 133]);
        assert_eq!(
            pkcs8_algorithm(&p521).unwrap(),
            KeyAlgorithm::Ec(Curve::P521)
        );
        let p521 = spki_ec(Curve::P521, &[4; 133]);
        assert!(matches!(
            parse_spki(&p521),
            Ok(PublicKeyInfo::Ec {
                curve: Curve::P521,
                ..
            })
        ));
        let oid = |o: &[u8]| tlv(OID, &[o]);
        let (p256, null, point) = (oid(OID_P256), [NULL, 0], [4; 65]);
        let dsa = oid(&[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]);
        let pss = oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a]);
        let k1 = oid(&[0x2b, 0x81, 0x04, 0x00, 0x0a]);
        // brainpoolP256r1: a real curve no JWS algorithm uses.
        let brainpool = oid(&[0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07]);
        let k1_spki = tlv(
            SEQUENCE,
            &[
                &tlv(SEQUENCE, &[&oid(OID_EC), &k1]),
                &tlv(BIT_STRING, &[&[0], &[4; 65]]),
            ],
        );
        assert!(matches!(
            parse_spki(&k1_spki),
            Ok(PublicKeyInfo::Ec {
                curve: Curve::Secp256k1,
                ..
            })
        ));
        let (ec, ed, ed448, rsa) = (oid(OID_EC), oid(OID_ED25519), oid(OID_ED448), oid(OID_RSA));
        let (invalid_key, malformed) = (ErrorKind::InvalidKey, ErrorKind::Malformed);
        let cases: [Case<'_>; 11] = [
            (&[&dsa], &point, invalid_key),
            (&[&pss], &point, invalid_key),
            (&[&ec, &brainpool], &point, invalid_key),
            (&[&ec, &null], &point, invalid_key),
            (&[&ec], &point, invalid_key),
            (&[&ec, &p256], &[], malformed),
            (&[&ec, &p256, &null], &point, malformed),
            (&[&rsa], &point, malformed),
            (&[&ed, &null], &[0; 32], malformed),
            (&[&ed], &[0; 31], invalid_key),
            (&[&ed448], &[0; 57], ErrorKind::UnsupportedAlgorithm),
        ];
        for (alg, key, expected) in cases {
            let doc = spki(&tlv(SEQUENCE, alg), key);
            assert_eq!(kind(parse_spki(&doc)), expected, "{doc:02x?}");
        }
    }

    #[test]
    fn refuses_non_der() {
        assert_eq!(
            parse_pkcs1_public(&hex("3006020105020103")).unwrap(),
            (&[5][..], &[3][..])
        );
        let cases = [
            "3007020200050201 03",       // INTEGER with a superfluous 0x00
            "30070202ff850201 03",       // INTEGER with a superfluous 0xff
            "3006020185020103",          // negative modulus
            "3006020105020100",          // zero exponent
            "3005020105020100",          // empty INTEGER
            "308106020105020103",        // long form for a short length
            "30820006020105020103",      // two length bytes where one would do
            "3080020105020103 0000",     // indefinite length
            "3006020105020103 00",       // trailing byte
            "3007020105020103",          // length past the input
            "3f06020105020103",          // high tag number form
            "3084000000060201050201 03", // four length bytes
            "3006040105020103",          // OCTET STRING where INTEGER is due
        ];
        for case in cases {
            assert_eq!(
                kind(parse_pkcs1_public(&hex(case))),
                ErrorKind::Malformed,
                "{case}"
            );
        }
        let mut huge = hex("3082ffff");
        huge.resize(4 + 0xffff, 0);
        assert!(format!("{:?}", parse_spki(&huge)).contains("too large"));
        assert_eq!(
            kind(parse_spki(&hex(&ED_SPKI.replace("032100", "032101")))),
            ErrorKind::Malformed
        );
        // Version 2 is unknown; version 0 may not carry a public key; SEC1 is version 1.
        let ed_v0 = hex(ED_PKCS8_V0);
        let ed_v2 = hex(&ED_PKCS8_V0.replacen("020100", "020102", 1));
        assert_eq!(kind(pkcs8_algorithm(&ed_v2)), ErrorKind::InvalidKey);
        let body = ed_v0.get(2..).unwrap();
        let with_public = tlv(SEQUENCE, &[body, &tlv(CONTEXT_1_IMPLICIT, &[&[0; 33]])]);
        assert_eq!(kind(pkcs8_algorithm(&with_public)), ErrorKind::Malformed);
        let sec1_v0 = hex(&P256_SEC1.replacen("020101", "020100", 1));
        assert_eq!(kind(parse_sec1(&sec1_v0)), ErrorKind::InvalidKey);
    }

    /// Every truncation and many single-byte mutations of every fixture, through every
    /// parser: errors are fine, panics are not.
    #[test]
    fn never_panics_on_damaged_keys() {
        let rng = SystemRandom::new();
        let p256 = EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng);
        let ed = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let mut fixtures: Vec<Vec<u8>> = [RSA_SPKI, P256_SPKI, P256_SEC1, ED_SPKI, ED_PKCS8_V0]
            .iter()
            .map(|h| hex(h))
            .collect();
        fixtures.extend([p256.unwrap().as_ref().to_vec(), ed.as_ref().to_vec()]);
        let parse_all = |b: &[u8]| {
            let _ = (parse_spki(b), parse_pkcs1_public(b), pkcs8_algorithm(b));
            let _ = (parse_sec1(b), pkcs8_private_parts(b));
        };
        for fixture in &fixtures {
            for len in 0..=fixture.len() {
                parse_all(fixture.get(..len).unwrap());
            }
            for i in 0..fixture.len() {
                for value in [0x00, 0x01, 0x1f, 0x7f, 0x80, 0x81, 0x82, 0x83, 0xff] {
                    let mut damaged = fixture.clone();
                    *damaged.get_mut(i).unwrap() = value;
                    parse_all(&damaged);
                    *damaged.get_mut(i).unwrap() ^= fixture.get(i).unwrap() ^ 0x55;
                    parse_all(&damaged);
                }
            }
        }
    }
}
