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
}

impl Curve {
    /// The length in bytes of a private scalar or of one point coordinate.
    pub(crate) fn scalar_len(self) -> usize {
        match self {
            Self::P256 => 32,
            Self::P384 => 48,
            Self::P521 => 66,
        }
    }

    fn oid(self) -> &'static [u8] {
        match self {
            Self::P256 => OID_P256,
            Self::P384 => OID_P384,
            Self::P521 => OID_P521,
        }
    }

    fn from_oid(oid: &[u8]) -> Result<Self> {
        match oid {
            OID_P256 => Ok(Self::P256),
            OID_P384 => Ok(Self::P384),
            OID_P521 => Ok(Self::P521),
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
        KeyAlgorithm::Ed448 => Err(invalid("unsupported key algorithm: Ed448")),
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
    match (version, public_key) {
        (0, None) | (1, _) => Ok(Pkcs8 {
            algorithm,
            private_key,
            public_key,
        }),
        (0, Some(_)) => Err(malformed("PKCS#8 version 0 cannot hold a public key")),
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
/// 32-byte seed (Ed25519), and the public point or key when the document holds one.
pub(crate) type PrivateParts<'a> = (KeyAlgorithm, &'a [u8], Option<&'a [u8]>);

/// The private parts of an EC or Ed25519 PKCS#8 document, for export as a JWK.
/// Accepts ring's own output, [`ec_pkcs8`] and [`ed25519_pkcs8`] output, and OpenSSL's
/// (which may carry `[0]` parameters inside the `ECPrivateKey`, and for Ed25519 is
/// version 0 without a public key).
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
        KeyAlgorithm::Ed25519 => {
            // RFC 8410: the private key is itself an OCTET STRING (CurvePrivateKey).
            let seed = single(pkcs8.private_key, OCTET_STRING)?;
            if seed.len() != 32 || pkcs8.public_key.is_some_and(|p| p.len() != 32) {
                return Err(invalid("Ed25519 key must be 32 bytes"));
            }
            Ok((pkcs8.algorithm, seed, pkcs8.public_key))
        }
        KeyAlgorithm::Rsa | KeyAlgorithm::Ed448 => Err(invalid("unsupported key algorithm")),
    }
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

fn spki(alg: &[u8], key: &[u8]) -> Vec<u8> {
    tlv(SEQUENCE, &[alg, &tlv(BIT_STRING, &[&[0], key])])
}

/// `SubjectPublicKeyInfo` for an RSA key given as `n`, `e` big-endian magnitudes.
pub(crate) fn spki_rsa(n: &[u8], e: &[u8]) -> Vec<u8> {
    let alg = tlv(SEQUENCE, &[&tlv(OID, &[OID_RSA]), &[NULL, 0]]);
    spki(&alg, &tlv(SEQUENCE, &[&integer(n), &integer(e)]))
}

/// `SubjectPublicKeyInfo` for an EC key given as its SEC1 point.
pub(crate) fn spki_ec(curve: Curve, point: &[u8]) -> Vec<u8> {
    spki(&ec_algorithm(curve), point)
}

/// `SubjectPublicKeyInfo` for a 32-byte Ed25519 public key.
pub(crate) fn spki_ed25519(key: &[u8]) -> Vec<u8> {
    spki(&tlv(SEQUENCE, &[&tlv(OID, &[OID_ED25519])]), key)
}
