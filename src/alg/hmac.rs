//! HMAC-SHA2 keys (RFC 7518 §3.2) on the `hmac` and `sha2` crates.

use super::Algorithm;
use crate::error::{Error, ErrorKind, Result};
use alloc::boxed::Box;
use core::fmt;
use hmac::{KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// Largest HMAC output (HS512), used for stack buffers.
pub(crate) const MAX_TAG_LEN: usize = 64;

/// The HMAC state after absorbing the key. Cloning it skips the key schedule on every
/// call; `hmac`/`sha2` are built with their `zeroize` features, so these states are
/// wiped on drop like the key itself.
#[derive(Clone)]
enum State {
    S256(hmac::Hmac<Sha256>),
    S384(hmac::Hmac<Sha384>),
    S512(hmac::Hmac<Sha512>),
}

/// A shared secret bound to exactly one of `HS256`, `HS384` or `HS512`.
///
/// - Shorter than the hash output (32/48/64 bytes) is refused with
///   [`ErrorKind::WeakKey`] (RFC 7518 §3.2); an empty key is the shortest of all.
/// - The secret is zeroized on drop, and `Debug` never shows it.
/// - Equality is constant-time in the secret.
/// - It verifies only tokens whose header `alg` is its own algorithm, and no asymmetric
///   key can be turned into one: a secret that is a serialized key (PEM armor, DER
///   SubjectPublicKeyInfo / PKCS#1 / PKCS#8 / SEC1, a JWK object, an OpenSSH public
///   key) is refused with [`ErrorKind::IncompatibleKey`]. That is the RS256 -> HS256
///   confusion: an application passing its public key file where a secret belongs.
///
/// `Clone` exists so that one key can serve a signer and a verifier; every clone is
/// zeroized on drop too.
#[derive(Clone)]
pub struct HmacKey {
    alg: Algorithm,
    secret: Zeroizing<Box<[u8]>>,
    state: State,
}

impl HmacKey {
    /// Binds `secret` to `alg`.
    ///
    /// # Errors
    /// - [`ErrorKind::IncompatibleKey`] if `alg` is not an HMAC algorithm.
    /// - [`ErrorKind::WeakKey`] if the secret is shorter than the hash output.
    pub fn new(alg: Algorithm, secret: &[u8]) -> Result<Self> {
        let min = Self::min_len(alg)?;
        if secret.len() < min {
            return Err(Error::new(
                ErrorKind::WeakKey,
                "HMAC key shorter than the hash output (RFC 7518 3.2)",
            ));
        }
        refuse_serialized_keys(secret)?;
        // `new_from_slice` accepts any length for HMAC; the error arm is unreachable.
        let bad = |_| Error::new(ErrorKind::InvalidKey, "HMAC key rejected");
        let state = match alg {
            Algorithm::HS256 => State::S256(KeyInit::new_from_slice(secret).map_err(bad)?),
            Algorithm::HS384 => State::S384(KeyInit::new_from_slice(secret).map_err(bad)?),
            _ => State::S512(KeyInit::new_from_slice(secret).map_err(bad)?),
        };
        Ok(Self {
            alg,
            secret: Zeroizing::new(secret.into()),
            state,
        })
    }

    /// A new key of the hash output length from the operating system's CSPRNG (through
    /// the backend, or `getrandom` in an HMAC-only build).
    ///
    /// # Errors
    /// [`ErrorKind::IncompatibleKey`] for a non-HMAC `alg`; [`ErrorKind::Crypto`] if the
    /// system random number generator fails, or the build has none (HMAC-only without
    /// the `getrandom` feature).
    pub fn generate(alg: Algorithm) -> Result<Self> {
        let len = Self::min_len(alg)?;
        let mut buf = Zeroizing::new([0u8; MAX_TAG_LEN]);
        let out = buf.get_mut(..len).unwrap_or_default();
        crate::alg::fill_random(out)?;
        Self::new(alg, out)
    }

    fn min_len(alg: Algorithm) -> Result<usize> {
        match alg {
            Algorithm::HS256 => Ok(32),
            Algorithm::HS384 => Ok(48),
            Algorithm::HS512 => Ok(64),
            _ => Err(Error::new(
                ErrorKind::IncompatibleKey,
                "an HMAC key needs an HS256, HS384 or HS512 algorithm",
            )),
        }
    }

    /// The one algorithm this key is bound to.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The secret bytes, for storing the key. Treat the result as a secret.
    #[must_use]
    pub fn expose_secret(&self) -> &[u8] {
        &self.secret
    }

    /// Length of this key's tags in bytes.
    pub(crate) fn tag_len(&self) -> usize {
        match self.state {
            State::S256(_) => 32,
            State::S384(_) => 48,
            State::S512(_) => 64,
        }
    }

    /// Writes the tag of `input` into `out` and returns it.
    pub(crate) fn sign<'o>(&self, input: &[u8], out: &'o mut [u8; MAX_TAG_LEN]) -> &'o [u8] {
        fn run<M: Mac + Clone>(m: &M, input: &[u8], out: &mut [u8]) -> usize {
            let mut m = m.clone();
            m.update(input);
            let tag = m.finalize().into_bytes();
            let n = tag.len().min(out.len());
            out[..n].copy_from_slice(&tag[..n]);
            n
        }
        let n = match &self.state {
            State::S256(m) => run(m, input, out),
            State::S384(m) => run(m, input, out),
            State::S512(m) => run(m, input, out),
        };
        &out[..n]
    }

    /// Checks `tag` against the tag of `input` in constant time.
    pub(crate) fn verify(&self, input: &[u8], tag: &[u8]) -> Result<()> {
        let mut buf = Zeroizing::new([0u8; MAX_TAG_LEN]);
        let expected = self.sign(input, &mut buf);
        // Lengths are public (fixed per algorithm); only the contents are compared
        // in constant time.
        if expected.len() == tag.len() && bool::from(ct_eq_words(expected, tag)) {
            Ok(())
        } else {
            Err(Error::invalid_signature())
        }
    }
}

/// Refuses a "secret" that is really a serialized key, whatever its form: the public
/// key of an RS/ES/EdDSA issuer used as an HMAC secret is the classic algorithm
/// confusion (CVE-2016-10555 and its successors). Random secrets never match these
/// shapes; the DER checks need a complete, well-formed key structure.
fn refuse_serialized_keys(secret: &[u8]) -> Result<()> {
    let text = secret.trim_ascii_start();
    let armored = text.starts_with(b"-----BEGIN");
    let ssh = [b"ssh-".as_slice(), b"ecdsa-sha2-"]
        .iter()
        .any(|p| text.starts_with(p));
    let jwk = text.starts_with(b"{") && text.windows(5).any(|w| w == b"\"kty\"");
    let der = crate::der::parse_spki(secret).is_ok()
        || crate::der::parse_pkcs1_public(secret).is_ok()
        || crate::der::pkcs8_algorithm(secret).is_ok()
        || crate::der::parse_sec1(secret).is_ok()
        || crate::der::parse_pkcs1_private(secret).is_ok();
    if armored || ssh || jwk || der {
        return Err(Error::new(
            ErrorKind::IncompatibleKey,
            "the HMAC secret is a serialized public or private key (algorithm confusion)",
        ));
    }
    Ok(())
}

/// Constant-time equality of equal-length tags (all are multiples of 8 bytes), eight
/// bytes per `subtle` comparison instead of one.
fn ct_eq_words(a: &[u8], b: &[u8]) -> subtle::Choice {
    let mut eq = subtle::Choice::from(1);
    for (x, y) in a.chunks(8).zip(b.chunks(8)) {
        let (mut wx, mut wy) = ([0u8; 8], [0u8; 8]);
        wx[..x.len()].copy_from_slice(x);
        wy[..y.len()].copy_from_slice(y);
        eq &= u64::from_le_bytes(wx).ct_eq(&u64::from_le_bytes(wy));
    }
    eq
}

impl PartialEq for HmacKey {
    fn eq(&self, other: &Self) -> bool {
        self.alg == other.alg && bool::from(self.secret.as_ref().ct_eq(other.secret.as_ref()))
    }
}

impl Eq for HmacKey {}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("alg", &self.alg)
            .field("secret", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4231_case_2_style_known_answer() {
        // HMAC-SHA256 of "" under 32 zero bytes, computed independently with Python's hmac.
        let key = HmacKey::new(Algorithm::HS256, &[0u8; 32]).unwrap();
        let mut out = [0u8; MAX_TAG_LEN];
        let tag = key.sign(b"", &mut out);
        assert_eq!(
            crate::base64url::encode(tag),
            "thNnmggU2ex3L5XXeMNfxf8Wl8STcVZTxscSFEKSxa0"
        );
        assert!(key.verify(b"", tag).is_ok());
        assert_eq!(
            key.verify(b"x", tag).unwrap_err().kind(),
            ErrorKind::InvalidSignature
        );
        assert_eq!(
            key.verify(b"", &tag[..31]).unwrap_err().kind(),
            ErrorKind::InvalidSignature
        );
    }

    #[test]
    fn debug_is_redacted() {
        let key = HmacKey::new(Algorithm::HS256, &[0x41; 32]).unwrap();
        let s = alloc::format!("{key:?}");
        assert!(
            s.contains("redacted") && !s.contains("65") && !s.contains("AAAA"),
            "{s}"
        );
    }

    #[test]
    fn serialized_keys_are_refused_as_secrets() {
        let ec = crate::SigningKey::generate(Algorithm::ES256).unwrap();
        let public = ec.verifying_key();
        let spki = public.to_spki_der().unwrap();
        let pkcs8 = ec.to_pkcs8_der().unwrap();
        let jwk = public.to_public_jwk().unwrap().to_json();
        let armored = alloc::format!("\n-----BEGIN PUBLIC KEY-----\n{}", "A".repeat(64));
        let ssh = alloc::format!("ssh-ed25519 {}", "A".repeat(68));
        for (what, bytes) in [
            ("SPKI", spki.as_slice()),
            ("PKCS#8", pkcs8.as_slice()),
            ("JWK", jwk.as_bytes()),
            ("PEM", armored.as_bytes()),
            ("OpenSSH", ssh.as_bytes()),
        ] {
            assert_eq!(
                HmacKey::new(Algorithm::HS256, bytes)
                    .map(|_| ())
                    .unwrap_err()
                    .kind(),
                ErrorKind::IncompatibleKey,
                "{what}"
            );
        }
        // An ordinary secret that merely starts with a DER SEQUENCE byte is fine.
        let mut secret = [0x30u8; 32];
        secret[1] = 0x82;
        assert!(HmacKey::new(Algorithm::HS256, &secret).is_ok());
    }
}
