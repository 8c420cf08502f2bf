//! RSASSA-PKCS1-v1_5 (`RS256`/`RS384`/`RS512`) and RSASSA-PSS (`PS256`/`PS384`/`PS512`,
//! salt length = hash length, MGF1 with the same hash) on `ring`.
//!
//! Bounds: a modulus of 2048 to 8192 bits for verification (RFC 7518 §3.3 sets the
//! floor; `ring` verifies nothing larger), 2048 to 4096 bits for signing (`ring`'s
//! private-key limit). The public exponent must be odd and greater than 1, at most
//! 33 bits long as `ring` requires (and at least 65537 for `ring`'s private keys).

use super::{Algorithm, rejected};
use crate::error::{Error, ErrorKind, Result};
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use ring::signature::{self as rs, RsaEncoding, RsaKeyPair, RsaParameters};

/// Smallest modulus accepted (RFC 7518 §3.3).
pub(crate) const MIN_BITS: usize = 2048;
/// Largest modulus `ring` verifies with.
pub(crate) const MAX_BITS: usize = 8192;

fn verification_params(alg: Algorithm) -> Result<&'static RsaParameters> {
    Ok(match alg {
        Algorithm::RS256 => &rs::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RS384 => &rs::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &rs::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &rs::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &rs::RSA_PSS_2048_8192_SHA384,
        Algorithm::PS512 => &rs::RSA_PSS_2048_8192_SHA512,
        _ => return Err(not_rsa()),
    })
}

fn signing_padding(alg: Algorithm) -> Result<&'static dyn RsaEncoding> {
    Ok(match alg {
        Algorithm::RS256 => &rs::RSA_PKCS1_SHA256,
        Algorithm::RS384 => &rs::RSA_PKCS1_SHA384,
        Algorithm::RS512 => &rs::RSA_PKCS1_SHA512,
        Algorithm::PS256 => &rs::RSA_PSS_SHA256,
        Algorithm::PS384 => &rs::RSA_PSS_SHA384,
        Algorithm::PS512 => &rs::RSA_PSS_SHA512,
        _ => return Err(not_rsa()),
    })
}

fn not_rsa() -> Error {
    Error::new(
        ErrorKind::KeyMismatch,
        "an RSA key needs an RS256/384/512 or PS256/384/512 algorithm",
    )
}

/// An RSA public key bound to one RS/PS algorithm.
#[derive(Clone)]
pub(crate) struct RsaPublicKey {
    alg: Algorithm,
    params: &'static RsaParameters,
    /// Big-endian magnitudes without leading zeros.
    n: Box<[u8]>,
    e: Box<[u8]>,
}

impl RsaPublicKey {
    /// Checks the key's size and exponent; `n` and `e` are big-endian magnitudes
    /// (leading zero bytes are refused, as RFC 7518 §6.3.1 requires for JWKs and DER
    /// already strips the sign byte).
    pub(crate) fn new(alg: Algorithm, n: &[u8], e: &[u8]) -> Result<Self> {
        let params = verification_params(alg)?;
        let (Some(&n_first), Some(&n_last), Some(&e_first), Some(&e_last)) =
            (n.first(), n.last(), e.first(), e.last())
        else {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "empty RSA modulus or exponent",
            ));
        };
        if n_first == 0 || e_first == 0 {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "RSA modulus or exponent has a leading zero byte",
            ));
        }
        let bits = n.len() * 8 - n_first.leading_zeros() as usize;
        if bits < MIN_BITS {
            return Err(Error::new(
                ErrorKind::WeakKey,
                "RSA modulus shorter than 2048 bits (RFC 7518 3.3)",
            ));
        }
        if bits > MAX_BITS {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "RSA modulus longer than 8192 bits",
            ));
        }
        if n_last & 1 == 0 {
            return Err(Error::new(ErrorKind::InvalidKey, "RSA modulus is even"));
        }
        if has_roca_fingerprint(n) {
            return Err(Error::new(
                ErrorKind::WeakKey,
                "RSA modulus has the ROCA fingerprint (CVE-2017-15361)",
            ));
        }
        let e_bits = e.len() * 8 - e_first.leading_zeros() as usize;
        if e_last & 1 == 0 || e_bits > 33 || (e_bits == 1) {
            return Err(Error::new(
                ErrorKind::WeakKey,
                "RSA public exponent must be odd, greater than 1 and at most 33 bits",
            ));
        }
        Ok(Self {
            alg,
            params,
            n: n.into(),
            e: e.into(),
        })
    }

    pub(crate) fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// The modulus and exponent (for JWK and SPKI export).
    pub(crate) fn components(&self) -> (&[u8], &[u8]) {
        (&self.n, &self.e)
    }

    /// Signatures are exactly as long as the modulus.
    pub(crate) fn signature_len(&self) -> usize {
        self.n.len()
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        if sig.len() != self.n.len() {
            return Err(Error::invalid_signature());
        }
        rs::RsaPublicKeyComponents {
            n: &*self.n,
            e: &*self.e,
        }
        .verify(self.params, input, sig)
        .map_err(|_| Error::invalid_signature())
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPublicKey")
            .field("alg", &self.alg)
            .field("bits", &(self.n.len() * 8))
            .finish_non_exhaustive()
    }
}

/// The small primes of the ROCA test (Nemec et al., CCS 2017): keys from the flawed
/// Infineon generator have `n mod p` inside the subgroup generated by 65537 for every
/// one of them, which a random modulus is vanishingly unlikely to have.
const ROCA_PRIMES: [u32; 38] = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// Whether `n` (big-endian) has the ROCA fingerprint: for every prime `p` above,
/// `n mod p` is a power of 65537 modulo `p`.
fn has_roca_fingerprint(n: &[u8]) -> bool {
    ROCA_PRIMES.iter().all(|&p| {
        let residue = n.iter().fold(0u32, |r, &b| (r * 256 + u32::from(b)) % p);
        let generator = 65537 % p;
        // Walk the cyclic subgroup <65537> until it returns to 1.
        let mut power = 1u32;
        loop {
            if power == residue {
                break true;
            }
            power = power * generator % p;
            if power == 1 {
                break false;
            }
        }
    })
}

/// An RSA private key bound to one RS/PS algorithm; parsed by `ring` once.
pub(crate) struct RsaPrivateKey {
    alg: Algorithm,
    padding: &'static dyn RsaEncoding,
    pair: RsaKeyPair,
}

impl RsaPrivateKey {
    /// From a PKCS#8 `PrivateKeyInfo` holding an `rsaEncryption` key.
    pub(crate) fn from_pkcs8(alg: Algorithm, der: &[u8]) -> Result<Self> {
        let padding = signing_padding(alg)?;
        let pair = RsaKeyPair::from_pkcs8(der).map_err(rejected)?;
        Self::checked(alg, padding, pair)
    }

    /// From a PKCS#1 `RSAPrivateKey`.
    pub(crate) fn from_pkcs1(alg: Algorithm, der: &[u8]) -> Result<Self> {
        let padding = signing_padding(alg)?;
        let pair = RsaKeyPair::from_der(der).map_err(rejected)?;
        Self::checked(alg, padding, pair)
    }

    /// From the JWK members `n`, `e`, `d`, `p`, `q`, `dp`, `dq`, `qi` (big-endian).
    pub(crate) fn from_components(alg: Algorithm, c: &RsaComponents<'_>) -> Result<Self> {
        let padding = signing_padding(alg)?;
        // The public half is checked with the verification rules first, so both
        // halves of the crate agree on what an acceptable modulus is.
        RsaPublicKey::new(alg, c.n, c.e)?;
        let pair = RsaKeyPair::from_components(&ring::rsa::KeyPairComponents {
            public_key: rs::RsaPublicKeyComponents { n: c.n, e: c.e },
            d: c.d,
            p: c.p,
            q: c.q,
            dP: c.dp,
            dQ: c.dq,
            qInv: c.qi,
        })
        .map_err(rejected)?;
        Self::checked(alg, padding, pair)
    }

    fn checked(
        alg: Algorithm,
        padding: &'static dyn RsaEncoding,
        pair: RsaKeyPair,
    ) -> Result<Self> {
        let key = Self { alg, padding, pair };
        // ring accepts 2047-bit moduli for private keys; hold them to the same rules
        // as public keys.
        key.public_key()?;
        // ring checks a private key's CRT values only when it signs (it verifies its own
        // signature), so a key with a wrong `dP`, `dQ` or `qInv` imports and then never
        // signs. One signature at import refuses it here instead (found by fuzzing).
        key.sign(b"strict-jwt pairwise consistency check")
            .map_err(|_| {
                Error::new(
                    ErrorKind::InvalidKey,
                    "RSA private key is inconsistent (its CRT values do not match)",
                )
            })?;
        Ok(key)
    }

    pub(crate) fn public_key(&self) -> Result<RsaPublicKey> {
        let c: rs::RsaPublicKeyComponents<Vec<u8>> = self.pair.public().into();
        RsaPublicKey::new(self.alg, &c.n, &c.e)
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        let mut sig = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(
                self.padding,
                &ring::rand::SystemRandom::new(),
                input,
                &mut sig,
            )
            .map_err(|_| Error::new(ErrorKind::Crypto, "RSA signing failed"))?;
        Ok(sig)
    }
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPrivateKey")
            .field("alg", &self.alg)
            .field("bits", &(self.pair.public().modulus_len() * 8))
            .field("private", &"<redacted>")
            .finish()
    }
}

/// The members of a private RSA JWK, decoded.
pub(crate) struct RsaComponents<'a> {
    pub(crate) n: &'a [u8],
    pub(crate) e: &'a [u8],
    pub(crate) d: &'a [u8],
    pub(crate) p: &'a [u8],
    pub(crate) q: &'a [u8],
    pub(crate) dp: &'a [u8],
    pub(crate) dq: &'a [u8],
    pub(crate) qi: &'a [u8],
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn wycheproof_rsa_moduli() -> Vec<(String, Vec<u8>)> {
        let doc: serde_json::Value = serde_json::from_str(include_str!(
            "../../vectors/wycheproof/testvectors_v1/json_web_key_test.json"
        ))
        .unwrap();
        let mut out = Vec::new();
        for g in doc["testGroups"].as_array().unwrap() {
            let Some(keys) = g.get("public") else {
                continue;
            };
            let keys = keys
                .get("keys")
                .and_then(|k| k.as_array())
                .cloned()
                .unwrap_or_else(|| alloc::vec![keys.clone()]);
            for k in keys {
                if let Some(n) = k["n"].as_str() {
                    let n = crate::base64url::decode(n.as_bytes()).unwrap();
                    out.push((g["comment"].as_str().unwrap().into(), n));
                }
            }
        }
        out
    }

    #[test]
    fn roca_fingerprint_is_detected_only_on_the_roca_key() {
        let moduli = wycheproof_rsa_moduli();
        assert!(moduli.len() >= 4);
        for (group, n) in moduli {
            assert_eq!(
                has_roca_fingerprint(&n),
                group == "jws_rsa_roca_key",
                "{group}"
            );
        }
    }
}
