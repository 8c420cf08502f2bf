//! ECDSA: `ES256` (P-256, SHA-256), `ES384` (P-384, SHA-384), and with the
//! `aws-lc-rs` backend `ES512` (P-521, SHA-512) and `ES256K` (secp256k1, SHA-256,
//! RFC 8812).
//!
//! Signatures are the JWS form only: raw `r || s`, exactly 64, 96 or 132 bytes. DER
//! signatures are never accepted. Both backends reject `r` or `s` equal to zero or not
//! below the group order (CVE-2022-21449, "psychic signatures"). High-S signatures
//! verify: JWS does not require low-S, so ECDSA tokens are malleable and must never be
//! deduplicated by their bytes.

use super::{Algorithm, EcSigner, EcVerifier, require};
use crate::der::Curve;
use crate::error::{Error, ErrorKind, Result};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use zeroize::Zeroizing;

/// The curve of an ECDSA algorithm.
pub(crate) fn curve_of(alg: Algorithm) -> Result<Curve> {
    match alg {
        Algorithm::ES256 => Ok(Curve::P256),
        Algorithm::ES384 => Ok(Curve::P384),
        Algorithm::ES512 => Ok(Curve::P521),
        Algorithm::ES256K => Ok(Curve::Secp256k1),
        _ => Err(Error::new(
            ErrorKind::IncompatibleKey,
            "an EC key needs an ES256, ES384, ES512 or ES256K algorithm",
        )),
    }
}

/// The algorithm of each curve (JWS pairs each curve with exactly one hash).
pub(crate) fn alg_of(curve: Curve) -> Algorithm {
    match curve {
        Curve::P256 => Algorithm::ES256,
        Curve::P384 => Algorithm::ES384,
        Curve::P521 => Algorithm::ES512,
        Curve::Secp256k1 => Algorithm::ES256K,
    }
}

/// Refuses a key whose curve is not the algorithm's. A key on a curve the backend
/// lacks, bound to that curve's algorithm, is unsupported, not a mismatch.
pub(crate) fn check_curve(alg: Algorithm, curve: Curve) -> Result<()> {
    let want = curve_of(alg)?;
    require(alg)?;
    if curve == want {
        Ok(())
    } else {
        require(alg_of(curve))?;
        Err(Error::new(
            ErrorKind::IncompatibleKey,
            "the key's curve does not match the algorithm",
        ))
    }
}

/// An EC public key (an uncompressed point checked to be on its curve) bound to one
/// ECDSA algorithm.
#[derive(Clone)]
pub(crate) struct EcPublicKey {
    alg: Algorithm,
    curve: Curve,
    /// `0x04 || x || y`.
    point: Box<[u8]>,
    verifier: EcVerifier,
}

impl EcPublicKey {
    /// From an uncompressed SEC1 point. Compressed points and the point at infinity
    /// are refused; the point must lie on the algorithm's curve.
    pub(crate) fn from_point(alg: Algorithm, point: &[u8]) -> Result<Self> {
        let curve = curve_of(alg)?;
        require(alg)?;
        check_point_shape(curve, point)?;
        Ok(Self {
            alg,
            curve,
            point: point.into(),
            verifier: EcVerifier::new(curve, point)?,
        })
    }

    /// From JWK coordinates, each exactly the curve's field size (RFC 7518 §6.2.1.2).
    pub(crate) fn from_coordinates(alg: Algorithm, x: &[u8], y: &[u8]) -> Result<Self> {
        let len = curve_of(alg)?.scalar_len();
        require(alg)?;
        if x.len() != len || y.len() != len {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "EC coordinates must be exactly the curve's field size",
            ));
        }
        let mut point = Vec::with_capacity(1 + 2 * len);
        point.push(4);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        Self::from_point(alg, &point)
    }

    pub(crate) fn algorithm(&self) -> Algorithm {
        self.alg
    }

    pub(crate) fn curve(&self) -> Curve {
        self.curve
    }

    /// `0x04 || x || y`.
    pub(crate) fn point(&self) -> &[u8] {
        &self.point
    }

    pub(crate) fn signature_len(&self) -> usize {
        2 * self.curve.scalar_len()
    }

    pub(crate) fn verify(&self, input: &[u8], sig: &[u8]) -> Result<()> {
        if sig.len() != self.signature_len() {
            return Err(Error::invalid_signature());
        }
        self.verifier.verify(input, sig)
    }
}

/// An uncompressed point of the curve's size (compressed points and the point at
/// infinity are refused before the backend sees them).
pub(crate) fn check_point_shape(curve: Curve, point: &[u8]) -> Result<()> {
    if point.first() != Some(&4) || point.len() != 1 + 2 * curve.scalar_len() {
        return Err(Error::new(
            ErrorKind::InvalidKey,
            "EC public key must be an uncompressed point of the algorithm's curve",
        ));
    }
    Ok(())
}

impl fmt::Debug for EcPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcPublicKey")
            .field("alg", &self.alg)
            .field("curve", &self.curve)
            .finish_non_exhaustive()
    }
}

/// An EC private key bound to one ECDSA algorithm: the backend's parsed key pair, and
/// the PKCS#8 document it came from (zeroized on drop) for export.
pub(crate) struct EcPrivateKey {
    alg: Algorithm,
    pair: EcSigner,
    pkcs8: Zeroizing<Vec<u8>>,
}

impl EcPrivateKey {
    /// From PKCS#8. The document's curve must be the algorithm's.
    pub(crate) fn from_pkcs8(alg: Algorithm, der: &[u8]) -> Result<Self> {
        let curve = curve_of(alg)?;
        require(alg)?;
        match crate::der::pkcs8_algorithm(der)? {
            crate::der::KeyAlgorithm::Ec(c) => check_curve(alg, c)?,
            _ => return Err(wrong_key_type()),
        }
        let (_, _, public) = crate::der::pkcs8_private_parts(der)?;
        // A public key in the document must be a point of the curve (checked here, so
        // that both backends report it alike) and the private key's: aws-lc-rs does not
        // compare them on every curve (found by a property test on P-521).
        if let Some(point) = public {
            check_point_shape(curve, point)?;
            EcVerifier::new(curve, point)?;
        }
        let pair = EcSigner::from_pkcs8(curve, der)?;
        if public.is_some_and(|p| p != pair.public_point()) {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "the EC key's public key is not its private key's",
            ));
        }
        Ok(Self {
            alg,
            pair,
            pkcs8: Zeroizing::new(der.into()),
        })
    }

    /// From a SEC1 `ECPrivateKey`, which must carry its public key (OpenSSL's always
    /// does; `ring` cannot derive it).
    pub(crate) fn from_sec1(alg: Algorithm, der: &[u8]) -> Result<Self> {
        let curve = curve_of(alg)?;
        require(alg)?;
        let sec1 = crate::der::parse_sec1(der)?;
        if let Some(c) = sec1.curve {
            check_curve(alg, c)?;
        }
        let public = sec1.public.ok_or(Error::new(
            ErrorKind::InvalidKey,
            "SEC1 key without its public key is not supported",
        ))?;
        Self::from_pkcs8(alg, &crate::der::ec_pkcs8(curve, sec1.d, public))
    }

    /// From the JWK members `d`, `x`, `y`.
    pub(crate) fn from_components(alg: Algorithm, d: &[u8], x: &[u8], y: &[u8]) -> Result<Self> {
        let public = EcPublicKey::from_coordinates(alg, x, y)?;
        if d.len() != public.curve.scalar_len() {
            return Err(Error::new(
                ErrorKind::InvalidKey,
                "EC private key must be exactly the curve's scalar size",
            ));
        }
        // The document is this crate's own: a backend that calls it badly encoded
        // (aws-lc-rs, when `d` does not give `x`, `y`) means the members disagree.
        Self::from_pkcs8(alg, &crate::der::ec_pkcs8(public.curve, d, &public.point))
            .map_err(super::members_disagree)
    }

    /// A new key pair from the system CSPRNG.
    pub(crate) fn generate(alg: Algorithm) -> Result<Self> {
        let curve = curve_of(alg)?;
        require(alg)?;
        Self::from_pkcs8(alg, &EcSigner::generate_pkcs8(curve)?)
    }

    pub(crate) fn pkcs8(&self) -> &[u8] {
        &self.pkcs8
    }

    /// The backend derived this point from the private scalar (and checked it against
    /// any public key the document carried).
    pub(crate) fn public_key(&self) -> Result<EcPublicKey> {
        Ok(EcPublicKey {
            alg: self.alg,
            curve: curve_of(self.alg)?,
            point: self.pair.public_point().into(),
            verifier: self.pair.verifier()?,
        })
    }

    pub(crate) fn sign(&self, input: &[u8]) -> Result<super::Signature> {
        self.pair.sign(input)
    }
}

fn wrong_key_type() -> Error {
    Error::new(
        ErrorKind::IncompatibleKey,
        "the key is not an EC key; ES256/ES384/ES512/ES256K need one",
    )
}

impl fmt::Debug for EcPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcPrivateKey")
            .field("alg", &self.alg)
            .field("private", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PKCS#8 document whose embedded public key is not its private key's is refused,
    /// for every curve of the backend (aws-lc-rs itself accepts such a P-521 document).
    #[test]
    fn an_embedded_public_key_must_be_the_private_keys() {
        for alg in [
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::ES512,
            Algorithm::ES256K,
        ] {
            if require(alg).is_err() {
                continue;
            }
            let key = EcPrivateKey::generate(alg).unwrap();
            let mut doc = key.pkcs8().to_vec();
            let (_, _, public) = crate::der::pkcs8_private_parts(&doc).unwrap();
            let public = public.unwrap().to_vec();
            // The point is the document's last bytes (ring's and aws-lc-rs's layout);
            // change its last coordinate byte.
            assert!(doc.ends_with(&public), "{alg}");
            let last = doc.len() - 1;
            doc[last] ^= 1;
            let e = EcPrivateKey::from_pkcs8(alg, &doc).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidKey, "{alg}: {e}");
        }
    }

    /// P-521 coordinates have 7 unused top bits: setting one gives `y + 2^521`, not a
    /// field element. Probe what the backend does with such a point.
    #[test]
    fn p521_coordinates_above_the_field_are_refused() {
        if require(Algorithm::ES512).is_err() {
            return;
        }
        let key = EcPrivateKey::generate(Algorithm::ES512).unwrap();
        let mut point = key.public_key().unwrap().point().to_vec();
        point[1 + 66] |= 0x02; // y's top byte: y + 2^521
        let public = EcPublicKey::from_point(Algorithm::ES512, &point);
        let backend = EcVerifier::new(Curve::P521, &point).is_ok();
        let mut doc = key.pkcs8().to_vec();
        let at = doc.len() - 66;
        doc[at] |= 0x02;
        let private = EcPrivateKey::from_pkcs8(Algorithm::ES512, &doc);
        let signer = EcSigner::from_pkcs8(Curve::P521, &doc).is_ok();
        std::println!(
            "public: {:?}, backend verifier accepts: {backend}; private: {:?}, backend signer accepts: {signer}",
            public.as_ref().map(drop).map_err(Error::kind),
            private.as_ref().map(drop).map_err(Error::kind)
        );
        assert!(public.is_err() && private.is_err());
    }
}
