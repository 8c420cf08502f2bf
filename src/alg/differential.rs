//! Both backends on the same key, message and signature (built only with both the
//! `ring` and `aws-lc-rs` features): the differential fuzz target and the property
//! tests below require the same verdict from each. The inputs first pass the JOSE
//! checks every key of this crate passes (curve, point shape, RSA size and exponent,
//! Ed25519 small-order keys), so what is compared is exactly what the backends decide.

use super::{Algorithm, Family, aws_lc, ecdsa, eddsa, ring, rsa};
use crate::der::{self, PublicKeyInfo};
use crate::error::{Error, ErrorKind, Result};

/// Each backend's verdict, `[ring, aws-lc-rs]`, on `signature` over `message` with the
/// public key `spki` (DER SubjectPublicKeyInfo) bound to `alg`. `Err` when the key
/// fails the JOSE checks or `alg` is one ring lacks (nothing to compare).
pub(crate) fn verify_both(
    alg: Algorithm,
    spki: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<[core::result::Result<(), ErrorKind>; 2]> {
    if !ring::supports(alg) || alg.is_symmetric() {
        return Err(Error::new(
            ErrorKind::UnsupportedAlgorithm,
            "only algorithms of both backends are compared",
        ));
    }
    let kinds = |r: [Result<()>; 2]| r.map(|v| v.map_err(|e| e.kind()));
    match (alg.family(), der::parse_spki(spki)?) {
        (Family::Ecdsa, PublicKeyInfo::Ec { curve, point }) => {
            ecdsa::check_curve(alg, curve)?;
            ecdsa::check_point_shape(curve, point)?;
            let len_ok = signature.len() == 2 * curve.scalar_len();
            Ok(kinds([
                ring::EcVerifier::new(curve, point)
                    .and_then(|k| sig_len(len_ok).and_then(|()| k.verify(message, signature))),
                aws_lc::EcVerifier::new(curve, point)
                    .and_then(|k| sig_len(len_ok).and_then(|()| k.verify(message, signature))),
            ]))
        }
        (Family::Ed25519, PublicKeyInfo::Ed25519 { key }) => {
            let key: [u8; eddsa::KEY_LEN] = key
                .try_into()
                .map_err(|_| Error::new(ErrorKind::InvalidKey, "32-byte key"))?;
            if eddsa::is_small_order_or_non_canonical(&key) {
                return Err(Error::new(ErrorKind::InvalidKey, "small-order key"));
            }
            let len_ok = signature.len() == 64;
            Ok(kinds([
                ring::EdVerifier::new(&key)
                    .and_then(|k| sig_len(len_ok).and_then(|()| k.verify(message, signature))),
                aws_lc::EdVerifier::new(&key)
                    .and_then(|k| sig_len(len_ok).and_then(|()| k.verify(message, signature))),
            ]))
        }
        (Family::Rsa, PublicKeyInfo::Rsa { n, e }) => {
            rsa::check_components(n, e)?;
            let len_ok = signature.len() == n.len();
            Ok(kinds([
                ring::RsaVerifier::new(alg, n, e)
                    .and_then(|k| sig_len(len_ok).and_then(|()| k.verify(message, signature))),
                aws_lc::RsaVerifier::new(alg, n, e)
                    .and_then(|k| sig_len(len_ok).and_then(|()| k.verify(message, signature))),
            ]))
        }
        _ => Err(Error::new(
            ErrorKind::IncompatibleKey,
            "the key's type does not match the algorithm",
        )),
    }
}

fn sig_len(ok: bool) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_signature())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SigningKey;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// One key per family ring and aws-lc-rs share, generated once.
    fn keys() -> &'static [(Algorithm, SigningKey, Vec<u8>)] {
        use std::sync::OnceLock;
        static KEYS: OnceLock<Vec<(Algorithm, SigningKey, Vec<u8>)>> = OnceLock::new();
        KEYS.get_or_init(|| {
            let rsa = include_bytes!("../../benches/keys/rsa2048-pkcs1.der");
            let mut out = Vec::new();
            for alg in [
                Algorithm::ES256,
                Algorithm::ES384,
                Algorithm::EdDSA,
                Algorithm::RS256,
                Algorithm::PS384,
                Algorithm::RS512,
            ] {
                let key = if alg.family() == Family::Rsa {
                    SigningKey::from_pkcs1_der(alg, rsa).unwrap()
                } else {
                    SigningKey::generate(alg).unwrap()
                };
                let spki = key.verifying_key().to_spki_der().unwrap();
                out.push((alg, key, spki));
            }
            out
        })
    }

    fn verdicts(alg: Algorithm, spki: &[u8], msg: &[u8], sig: &[u8]) -> [bool; 2] {
        verify_both(alg, spki, msg, sig).unwrap().map(|v| v.is_ok())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A signature made by aws-lc-rs (the active backend) verifies under both, and
        /// any one changed bit of message or signature fails under both.
        #[test]
        fn both_backends_agree_on_signatures_and_on_every_bit_flip(
            which in 0usize..6,
            msg in proptest::collection::vec(any::<u8>(), 0..200),
            flip_sig in any::<bool>(),
            bit in any::<usize>(),
        ) {
            let (alg, key, spki) = &keys()[which];
            let sig = key.sign(&msg).unwrap().as_ref().to_vec();
            prop_assert_eq!(verdicts(*alg, spki, &msg, &sig), [true, true]);
            let (mut msg, mut sig) = (msg, sig);
            let target = if flip_sig || msg.is_empty() { &mut sig } else { &mut msg };
            let i = bit % (target.len() * 8);
            target[i / 8] ^= 1 << (i % 8);
            prop_assert_eq!(verdicts(*alg, spki, &msg, &sig), [false, false]);
        }

        /// Arbitrary bytes as a signature: the same verdict (almost always invalid).
        #[test]
        fn both_backends_agree_on_arbitrary_signatures(
            which in 0usize..6,
            msg in proptest::collection::vec(any::<u8>(), 0..64),
            sig in proptest::collection::vec(any::<u8>(), 0..300),
        ) {
            let (alg, _, spki) = &keys()[which];
            let [a, b] = verdicts(*alg, spki, &msg, &sig);
            prop_assert_eq!(a, b);
        }

        /// Arbitrary points and Ed25519 keys: accepted or refused alike (as a key or,
        /// for ring, which decodes Ed25519 keys at verification, as a signature).
        #[test]
        fn both_backends_agree_on_arbitrary_public_keys(
            x in proptest::array::uniform32(any::<u8>()),
            y in proptest::array::uniform32(any::<u8>()),
            sig in proptest::collection::vec(any::<u8>(), 64),
        ) {
            let mut point = alloc::vec![4u8];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            let ec = der::spki_ec(der::Curve::P256, &point);
            let [a, b] = verdicts(Algorithm::ES256, &ec, b"m", &sig);
            prop_assert_eq!(a, b);
            let ed = der::spki_ed25519(&x);
            if let Ok(v) = verify_both(Algorithm::EdDSA, &ed, b"m", &sig) {
                prop_assert_eq!(v[0].is_ok(), v[1].is_ok());
            }
        }
    }

    /// The zero and group-order signatures of CVE-2022-21449 fail under both.
    #[test]
    fn both_backends_refuse_psychic_signatures() {
        let (alg, _, spki) = &keys()[0];
        let zero = [0u8; 64];
        assert_eq!(verdicts(*alg, spki, b"m", &zero), [false, false]);
        let n = crate::base64url::decode(b"_____wAAAAD__________7zm-q2nF56E87nKwvxjJVE").unwrap();
        let mut order = n.clone();
        order.extend_from_slice(&n);
        assert_eq!(verdicts(*alg, spki, b"m", &order), [false, false]);
    }
}
