//! The strict DER reader and the parsers of the key structures: `SubjectPublicKeyInfo`,
//! PKCS#1 `RSAPublicKey` and `RSAPrivateKey`, PKCS#8 and SEC1 `ECPrivateKey`.

use super::types::{
    BIT_STRING, CONTEXT_0, CONTEXT_1, CONTEXT_1_IMPLICIT, Curve, INTEGER, KeyAlgorithm, NULL,
    OCTET_STRING, OID, OID_EC, OID_ED448, OID_ED25519, OID_RSA, PublicKeyInfo, SEQUENCE, Sec1,
    unsupported,
};
use crate::error::{Error, Result};

/// Larger inputs are refused outright: no key this crate accepts comes close.
const MAX_INPUT: usize = 64 * 1024;

/// A cursor over the values of one DER constructed value.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads one tag-length-value and returns the tag and the value.
    fn next(&mut self) -> Result<(u8, &'a [u8])> {
        let truncated = || Error::invalid_key("DER value truncated");
        let (&tag, rest) = self.rest.split_first().ok_or_else(truncated)?;
        if tag & 0x1f == 0x1f {
            return Err(Error::invalid_key("DER high tag number form"));
        }
        let (&first, rest) = rest.split_first().ok_or_else(truncated)?;
        let (len, rest) = match first {
            0..=0x7f => (usize::from(first), rest),
            0x80 => return Err(Error::invalid_key("DER indefinite length")),
            0x81 => match rest.split_first() {
                Some((&len, rest)) if len >= 0x80 => (usize::from(len), rest),
                Some(_) => return Err(Error::invalid_key("DER length not minimal")),
                None => return Err(truncated()),
            },
            0x82 => match rest.split_at_checked(2) {
                Some((&[hi, lo], rest)) if hi != 0 => {
                    (usize::from(u16::from_be_bytes([hi, lo])), rest)
                }
                Some(_) => return Err(Error::invalid_key("DER length not minimal")),
                None => return Err(truncated()),
            },
            _ => return Err(Error::invalid_key("DER length too large")),
        };
        let (value, rest) = rest
            .split_at_checked(len)
            .ok_or_else(|| Error::invalid_key("DER length exceeds the input"))?;
        self.rest = rest;
        Ok((tag, value))
    }

    fn expect(&mut self, tag: u8) -> Result<&'a [u8]> {
        match self.next()? {
            (found, value) if found == tag => Ok(value),
            _ => Err(Error::invalid_key("unexpected DER tag")),
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
            Err(Error::invalid_key("trailing data after DER value"))
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
        return Err(Error::invalid_key("DER input too large"));
    }
    single(der, SEQUENCE).map(|rest| Reader { rest })
}

/// Refuses INTEGER encodings that DER forbids (empty, or a redundant sign byte).
fn minimal_integer(value: &[u8]) -> Result<&[u8]> {
    match value {
        [] => Err(Error::invalid_key("empty INTEGER")),
        [0x00, next, ..] if next & 0x80 == 0 => Err(Error::invalid_key("INTEGER not minimal")),
        [0xff, next, ..] if next & 0x80 != 0 => Err(Error::invalid_key("INTEGER not minimal")),
        _ => Ok(value),
    }
}

/// The magnitude, without its sign byte, of a strictly positive INTEGER.
fn positive_integer(value: &[u8]) -> Result<&[u8]> {
    match minimal_integer(value)? {
        [0x00, magnitude @ ..] if !magnitude.is_empty() => Ok(magnitude),
        [first, ..] if first & 0x80 == 0 && *first != 0 => Ok(value),
        _ => Err(Error::invalid_key("INTEGER must be positive")),
    }
}

/// A version number: a small non-negative INTEGER.
fn version(value: &[u8]) -> Result<u8> {
    match minimal_integer(value)? {
        [v] if v & 0x80 == 0 => Ok(*v),
        _ => Err(Error::invalid_key("unsupported version")),
    }
}

/// The bytes of a BIT STRING value that must have no unused bits.
fn bit_string(value: &[u8]) -> Result<&[u8]> {
    match value.split_first() {
        Some((0, bytes)) => Ok(bytes),
        Some(_) => Err(Error::invalid_key("BIT STRING has unused bits")),
        None => Err(Error::invalid_key("empty BIT STRING")),
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
        (OID_RSA, _) => Err(Error::invalid_key("rsaEncryption parameters must be NULL")),
        (OID_EC, Some((OID, curve))) => Curve::from_oid(curve).map(KeyAlgorithm::Ec),
        (OID_EC, _) => Err(Error::invalid_key(
            "unsupported curve: EC key must name its curve",
        )),
        (OID_ED25519, None) => Ok(KeyAlgorithm::Ed25519),
        (OID_ED448, None) => Ok(KeyAlgorithm::Ed448),
        (OID_ED25519 | OID_ED448, Some(_)) => {
            Err(Error::invalid_key("EdDSA parameters must be absent"))
        }
        _ => Err(unsupported("unsupported key algorithm")),
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
        KeyAlgorithm::Ec(_) if key.is_empty() => Err(Error::invalid_key("empty EC point")),
        KeyAlgorithm::Ec(curve) => Ok(PublicKeyInfo::Ec { curve, point: key }),
        KeyAlgorithm::Ed25519 if key.len() == 32 => Ok(PublicKeyInfo::Ed25519 { key }),
        KeyAlgorithm::Ed25519 => Err(Error::invalid_key("Ed25519 public key must be 32 bytes")),
        KeyAlgorithm::Ed448 => Err(super::ED448_UNSUPPORTED),
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
        (0, Some(_)) => Err(Error::invalid_key(
            "PKCS#8 version 0 cannot hold a public key",
        )),
        (1, None) => Err(Error::invalid_key(
            "PKCS#8 version 2 must hold its public key",
        )),
        _ => Err(Error::invalid_key("unsupported PKCS#8 version")),
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
        return Err(Error::invalid_key("unsupported ECPrivateKey version"));
    }
    let curve = curve.map(Curve::from_oid).transpose()?;
    if d.is_empty() || curve.is_some_and(|c| d.len() != c.scalar_len()) {
        return Err(EC_PRIVATE_LEN);
    }
    if public.is_some_and(<[u8]>::is_empty) {
        return Err(Error::invalid_key("empty EC point"));
    }
    Ok(Sec1 { curve, d, public })
}

/// What [`pkcs8_private_parts`] returns: the key type, the private scalar `d` (EC) or
/// seed (32 bytes for Ed25519, 57 for Ed448), and the public point or key when the
/// document holds one.
pub(crate) type PrivateParts<'a> = (KeyAlgorithm, &'a [u8], Option<&'a [u8]>);

/// The private parts of an EC, Ed25519 or Ed448 PKCS#8 document, for export as a JWK
/// (Ed448 so callers can name it as unsupported; RSA is refused). Accepts ring's
/// output (as [`ec_pkcs8`](super::ec_pkcs8) and [`ed25519_pkcs8`](super::ed25519_pkcs8)
/// write it) and OpenSSL's, which may carry `[0]` parameters inside the `ECPrivateKey`
/// and, for Ed25519, is version 0 without a public key.
pub(crate) fn pkcs8_private_parts(der: &[u8]) -> Result<PrivateParts<'_>> {
    let pkcs8 = parse_pkcs8(der)?;
    match pkcs8.algorithm {
        KeyAlgorithm::Ec(curve) => {
            let sec1 = parse_sec1(pkcs8.private_key)?;
            if sec1.curve.is_some_and(|c| c != curve) {
                return Err(Error::invalid_key("EC key names two different curves"));
            }
            if sec1.d.len() != curve.scalar_len() {
                return Err(EC_PRIVATE_LEN);
            }
            let public = match (sec1.public, pkcs8.public_key) {
                (Some(a), Some(b)) if a != b => {
                    return Err(Error::invalid_key("EC key has two public keys"));
                }
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
                return Err(Error::invalid_key("EdDSA key has the wrong length"));
            }
            Ok((pkcs8.algorithm, seed, pkcs8.public_key))
        }
        KeyAlgorithm::Rsa => Err(Error::invalid_key(
            "unsupported key algorithm: RSA has no d or seed",
        )),
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
        return Err(Error::invalid_key("not an RSA private key"));
    }
    parse_pkcs1_private(pkcs8.private_key)
}

/// A two-prime PKCS#1 `RSAPrivateKey` (version 0).
pub(crate) fn parse_pkcs1_private(der: &[u8]) -> Result<RsaPrivateParts<'_>> {
    let mut reader = top_level(der)?;
    if version(reader.expect(INTEGER)?)? != 0 {
        return Err(Error::invalid_key("multi-prime RSA keys are not supported"));
    }
    let mut parts: RsaPrivateParts<'_> = [&[]; 8];
    for part in &mut parts {
        *part = positive_integer(reader.expect(INTEGER)?)?;
    }
    reader.finish()?;
    Ok(parts)
}

const EC_PRIVATE_LEN: Error = Error::invalid_key("EC private key has the wrong length");
