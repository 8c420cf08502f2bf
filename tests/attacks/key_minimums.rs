//! Rule 0, key minimums at construction: RSA modulus and exponent bounds, canonical
//! RSA components, EC points on their curve with field-length coordinates, Ed25519 keys
//! of exactly 32 bytes, and no private members in a verification JWK.

use crate::common::{b64u_encode as b64, set_keys};
use crate::helpers::*;
use serde_json::json;
use strict_jwt::{Algorithm, ErrorKind, Jwk, JwkSet, SigningKey, VerifyingKey};

/// An odd modulus of `bytes` bytes whose first byte is `top`.
fn fake_modulus(bytes: usize, top: u8) -> Vec<u8> {
    let mut n = vec![0xa5; bytes];
    n[0] = top;
    n[bytes - 1] |= 1;
    n
}

/// RSA moduli below 2048 bits are weak (RFC 7518 3.3); above `ring`'s 8192-bit limit
/// they are unusable (InvalidKey; documented in the RSA module).
#[test]
fn rule0_rsa_modulus_size_bounds() {
    let rsa =
        |n: &[u8], e: &[u8]| kind_of(VerifyingKey::from_rsa_components(Algorithm::RS256, n, e));
    assert_eq!(
        rsa(&fake_modulus(128, 0xc3), &F4),
        Some(ErrorKind::WeakKey),
        "1024 bits"
    );
    assert_eq!(
        rsa(&fake_modulus(256, 0x7f), &F4),
        Some(ErrorKind::WeakKey),
        "2047 bits"
    );
    assert_eq!(rsa(&fake_modulus(256, 0x80), &F4), None, "2048 bits");
    assert_eq!(rsa(&fake_modulus(1024, 0xc3), &F4), None, "8192 bits");
    assert_eq!(
        rsa(&fake_modulus(1025, 0x01), &F4),
        Some(ErrorKind::InvalidKey),
        "8193 bits"
    );
    assert_eq!(
        rsa(&fake_modulus(2048, 0xc3), &F4),
        Some(ErrorKind::InvalidKey),
        "16384 bits"
    );
    // The same bounds through a JWK and for PS256.
    let jwk = json!({"kty": "RSA", "n": b64(&fake_modulus(128, 0xc3)), "e": "AQAB"}).to_string();
    let jwk = Jwk::from_json(&jwk).unwrap();
    assert_eq!(
        kind_of(jwk.to_verifying_key(Algorithm::PS256)),
        Some(ErrorKind::WeakKey)
    );
}

/// The public exponent must be odd and greater than 1 (e = 1 makes the "signature" the
/// padded message itself); e = 3 is allowed.
#[test]
fn rule0_rsa_public_exponent_must_be_odd_and_greater_than_one() {
    let n = fake_modulus(256, 0xc3);
    let rsa = |e: &[u8]| kind_of(VerifyingKey::from_rsa_components(Algorithm::RS256, &n, e));
    assert_eq!(rsa(&[1]), Some(ErrorKind::WeakKey), "e = 1");
    assert_eq!(rsa(&[2]), Some(ErrorKind::WeakKey), "e = 2");
    assert_eq!(rsa(&[1, 0, 0]), Some(ErrorKind::WeakKey), "e = 65536");
    assert_eq!(
        rsa(&[2, 0, 0, 0, 1]),
        Some(ErrorKind::WeakKey),
        "e of 34 bits"
    );
    assert_eq!(rsa(&[3]), None, "e = 3");
    assert_eq!(rsa(&F4), None, "e = 65537");
    let jwk = json!({"kty": "RSA", "n": b64(&n), "e": "AQ"}).to_string();
    let jwk = Jwk::from_json(&jwk).unwrap();
    assert_eq!(
        kind_of(jwk.to_verifying_key(Algorithm::RS256)),
        Some(ErrorKind::WeakKey)
    );
}

/// A modulus or exponent with a leading zero byte is not the canonical magnitude.
#[test]
fn rule0_rsa_components_with_leading_zeros_are_invalid() {
    let (n, e) = rsa_n_e();
    assert!(VerifyingKey::from_rsa_components(Algorithm::RS256, &n, &e).is_ok());
    let mut n0 = vec![0];
    n0.extend(&n);
    let mut e0 = vec![0];
    e0.extend(&e);
    assert_eq!(
        kind_of(VerifyingKey::from_rsa_components(Algorithm::RS256, &n0, &e)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        kind_of(VerifyingKey::from_rsa_components(Algorithm::RS256, &n, &e0)),
        Some(ErrorKind::InvalidKey)
    );
    let jwk = json!({"kty": "RSA", "n": b64(&n0), "e": b64(&e)}).to_string();
    let jwk = Jwk::from_json(&jwk).unwrap();
    assert_eq!(
        kind_of(jwk.to_verifying_key(Algorithm::RS256)),
        Some(ErrorKind::InvalidKey)
    );
}

/// EC public keys must be uncompressed points on the algorithm's curve: not a point
/// off the curve (invalid-curve attacks), not compressed, not the point at infinity.
#[test]
fn rule0_ec_points_must_be_uncompressed_and_on_the_curve() {
    for alg in ecdsa_algs() {
        let len = ec_scalar_len(alg);
        let vk = SigningKey::generate(alg).unwrap().verifying_key();
        let spki = vk.to_spki_der().unwrap();
        let point = spki_key(&spki, 1 + 2 * len).to_vec();
        assert!(VerifyingKey::from_ec_point(alg, &point).is_ok(), "{alg}");
        let mut off_curve = point.clone();
        off_curve[2 * len] ^= 1; // last byte of y
        let mut compressed = vec![2 + (point[2 * len] & 1)];
        compressed.extend(&point[1..=len]);
        let mut hybrid = point.clone();
        hybrid[0] = 6 + (point[2 * len] & 1);
        let mut zeros = vec![0; 1 + 2 * len];
        zeros[0] = 4;
        let cases = [
            ("y flipped", off_curve.clone()),
            ("compressed", compressed.clone()),
            ("compressed, other sign", {
                let mut c = compressed.clone();
                c[0] ^= 1;
                c
            }),
            ("hybrid", hybrid),
            ("infinity", vec![0]),
            ("04 || 0 || 0", zeros),
            ("no prefix", point[1..].to_vec()),
        ];
        for (case, p) in &cases {
            assert_eq!(
                kind_of(VerifyingKey::from_ec_point(alg, p)),
                Some(ErrorKind::InvalidKey),
                "{alg} {case}"
            );
        }
        // The same off-curve point through SPKI and JWK.
        let mut bad_spki = spki.clone();
        let last = bad_spki.len() - 1;
        bad_spki[last] ^= 1;
        assert_eq!(
            kind_of(VerifyingKey::from_spki_der(alg, &bad_spki)),
            Some(ErrorKind::InvalidKey),
            "{alg} spki"
        );
        let crv = crv_name(alg);
        let (x, y) = off_curve[1..].split_at(len);
        let jwk = json!({"kty": "EC", "crv": crv, "x": b64(x), "y": b64(y)});
        let jwk = Jwk::from_json(&jwk.to_string()).unwrap();
        assert_eq!(
            kind_of(jwk.to_verifying_key(alg)),
            Some(ErrorKind::InvalidKey),
            "{alg} jwk"
        );
    }
}

/// EC JWK coordinates are exactly the field size (RFC 7518 6.2.1.2): no stripped or
/// extra leading zero bytes.
#[test]
fn rule0_ec_jwk_coordinates_must_have_the_field_length() {
    for alg in ecdsa_algs() {
        let len = ec_scalar_len(alg);
        let vk = SigningKey::generate(alg).unwrap().verifying_key();
        let spki = vk.to_spki_der().unwrap();
        let point = spki_key(&spki, 1 + 2 * len);
        let (x, y) = point[1..].split_at(len);
        let crv = crv_name(alg);
        let jwk = |x: &[u8], y: &[u8]| {
            let j = json!({"kty": "EC", "crv": crv, "x": b64(x), "y": b64(y)}).to_string();
            kind_of(Jwk::from_json(&j).unwrap().to_verifying_key(alg))
        };
        assert_eq!(jwk(x, y), None, "{alg} control");
        let long = |c: &[u8]| [&[0u8][..], c].concat();
        let other = if len == 32 { 48 } else { 32 };
        let cases = [
            ("x short", jwk(&x[1..], y)),
            ("y short", jwk(x, &y[1..])),
            ("x long", jwk(&long(x), y)),
            ("y long", jwk(x, &long(y))),
            (
                "both of the other curve's size",
                jwk(&vec![1; other], &vec![1; other]),
            ),
            ("empty", jwk(&[], &[])),
        ];
        for (case, got) in cases {
            assert_eq!(got, Some(ErrorKind::InvalidKey), "{alg} {case}");
        }
    }
}

/// A JWK carrying private members is never a verification key (it would mean the
/// private key was published or mixed up with the public one).
#[test]
fn rule0_verification_jwk_with_private_members_is_refused() {
    for alg in ecdsa_algs().into_iter().chain([Algorithm::EdDSA]) {
        let sk = SigningKey::generate(alg).unwrap();
        let private = sk.clone().with_kid("k").to_private_jwk().unwrap();
        assert!(private.is_private());
        assert_eq!(
            kind_of(private.to_verifying_key(alg)),
            Some(ErrorKind::InvalidKey),
            "{alg}"
        );
        let reparsed = Jwk::from_json(&private.to_json()).unwrap();
        assert_eq!(
            kind_of(reparsed.to_verifying_key(alg)),
            Some(ErrorKind::InvalidKey),
            "{alg}"
        );
        let set = format!(r#"{{"keys":[{}]}}"#, private.to_json().as_str());
        let set = JwkSet::from_json(&set).unwrap();
        assert_eq!(
            kind_of(set_keys(&set)),
            Some(ErrorKind::InvalidKey),
            "{alg} set"
        );
    }
    let rsa = Jwk::from_json(&rfc7515_rsa_private_jwk()).unwrap();
    assert_eq!(
        kind_of(rsa.to_verifying_key(Algorithm::RS256)),
        Some(ErrorKind::InvalidKey)
    );
    // Any one private member is enough.
    let (n, e) = rsa_n_e();
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        let mut j = json!({"kty": "RSA", "n": b64(&n), "e": b64(&e)});
        j[member] = json!("AQAB");
        let j = Jwk::from_json(&j.to_string()).unwrap();
        assert_eq!(
            kind_of(j.to_verifying_key(Algorithm::RS256)),
            Some(ErrorKind::InvalidKey),
            "{member}"
        );
    }
}

/// An Ed25519 public key is exactly 32 bytes.
#[test]
fn rule0_ed25519_public_key_is_exactly_32_bytes() {
    let vk = SigningKey::generate(Algorithm::EdDSA)
        .unwrap()
        .verifying_key();
    let spki = vk.to_spki_der().unwrap();
    let raw = spki_key(&spki, 32);
    let long = [raw, &[0]].concat();
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        assert!(VerifyingKey::from_ed25519_bytes(alg, raw).is_ok());
        for key in [&raw[..31], &long[..], &[][..], &[0; 64][..]] {
            assert_eq!(
                kind_of(VerifyingKey::from_ed25519_bytes(alg, key)),
                Some(ErrorKind::InvalidKey),
                "{alg} {} bytes",
                key.len()
            );
            let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(key)}).to_string();
            let got = kind_of(Jwk::from_json(&jwk).unwrap().to_verifying_key(alg));
            assert_eq!(
                got,
                Some(ErrorKind::InvalidKey),
                "{alg} JWK {} bytes",
                key.len()
            );
        }
    }
}
