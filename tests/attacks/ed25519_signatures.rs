//! Rules 3 and 0, Ed25519: degenerate and non-canonical signatures, and small-order
//! public keys that would verify a forgery for any message.

use crate::common::{b64u_encode as b64, hex_decode};
use crate::helpers::*;
use serde_json::json;
use strict_jwt::internal::verify_raw;
use strict_jwt::{Algorithm, ErrorKind, SigningKey, VerifyingKey};

/// The eight small-order points of edwards25519, canonically encoded (little-endian y,
/// sign of x in the top bit): the identity (0, 1) of order 1, (0, -1) of order 2,
/// (±sqrt(-1), 0) of order 4 and four points of order 8. Derived for this test by
/// solving 2Q = (sqrt(-1), 0) on the curve and checking each order by repeated addition.
const ED25519_SMALL_ORDER: [&str; 8] = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
];

/// Non-canonical encodings of small-order points: y = p (0) and y = p + 1 (1), with
/// and without the sign bit, and the identity with a "negative zero" x.
const ED25519_SMALL_ORDER_NON_CANONICAL: [&str; 5] = [
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "0100000000000000000000000000000000000000000000000000000000000080",
];

/// Ed25519 degenerate signatures (CVE-2022-21449's EdDSA cousins): all zeros, the
/// identity as R with S = 0, S with the top bit set, and S + L (a non-canonical S that
/// lax verifiers accept) are invalid signatures.
#[test]
fn rule3_ed25519_degenerate_and_non_canonical_signatures_are_invalid() {
    let sk = SigningKey::generate(Algorithm::EdDSA).unwrap();
    let vk = sk.verifying_key();
    let v = verifier(Algorithm::EdDSA, vk.clone());
    let t = sign_token(&sk, &header(Algorithm::EdDSA, Some("k")), &payload());
    assert_eq!(outcome(&v, &t), None, "control");
    let (input, sig) = split(&t);
    let l = hex_decode("ED25519_L_LE", ED25519_L_LE);
    let s_plus_l = add(&sig[32..], &l, true);
    let mut top_bit = sig.clone();
    top_bit[63] |= 0x80;
    let mut cases = vec![
        ("all zeros", vec![0; 64]),
        ("S + L", [&sig[..32], &s_plus_l[..]].concat()),
        ("S with the top bit set", top_bit),
        ("S = L", [&sig[..32], &l[..]].concat()),
        ("63 bytes", sig[..63].to_vec()),
        ("65 bytes", [&sig[..], &[0]].concat()),
    ];
    for p in ED25519_SMALL_ORDER {
        cases.push((
            "small-order R, S = 0",
            [hex_decode("small-order point", p), vec![0; 32]].concat(),
        ));
    }
    for (case, bad) in cases {
        assert_eq!(
            outcome(&v, &resign(&t, &bad)),
            Some(ErrorKind::InvalidSignature),
            "{case}"
        );
        assert_eq!(
            kind_of(verify_raw(&vk, input.as_bytes(), &bad)),
            Some(ErrorKind::InvalidSignature),
            "{case} (raw)"
        );
    }
}

/// Small-order Ed25519 public keys: with A of order dividing 8, `-[k]A` is one of the
/// eight small-order points whatever the message, so some `R` among them with `S = 0`
/// satisfies `[S]B = R + [k]A` for every message: anyone can "sign" anything for such a
/// key. Each key (canonical and non-canonical encodings) must be refused at import
/// (`InvalidKey`) or, if imported, never verify such a forgery (`InvalidSignature`).
///
/// Recorded outcome (ring 0.17, this crate at the time of writing): every canonical
/// small-order key is imported, and forgeries verify; this test fails until the crate
/// refuses them at import.
#[test]
fn rule0_ed25519_small_order_public_keys_never_verify_a_forgery() {
    let mut failures = Vec::new();
    let keys = ED25519_SMALL_ORDER
        .iter()
        .chain(&ED25519_SMALL_ORDER_NON_CANONICAL);
    for key in keys {
        let vk = match VerifyingKey::from_ed25519_bytes(
            Algorithm::EdDSA,
            &hex_decode("small-order key", key),
        ) {
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::InvalidKey, "{key}");
                continue;
            }
            Ok(vk) => vk,
        };
        let v = verifier(Algorithm::EdDSA, vk);
        let mut forged = Vec::new();
        for i in 0..8 {
            let claims = json!({"sub": "mallory", "jti": format!("j{i}"), "exp": NOW + 60});
            let input = signing_input(&header(Algorithm::EdDSA, None), &claims.to_string());
            for r in ED25519_SMALL_ORDER {
                let t = format!(
                    "{input}.{}",
                    b64(&[hex_decode("small-order R", r), vec![0; 32]].concat())
                );
                if outcome(&v, &t) != Some(ErrorKind::InvalidSignature) {
                    forged.push(format!("j{i}"));
                }
            }
        }
        if !forged.is_empty() {
            failures.push(format!(
                "key {key} imported; R = small-order point, S = 0 verified for jti {}",
                forged.join(",")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "small-order Ed25519 keys must be refused at import (InvalidKey):\n{}",
        failures.join("\n")
    );
}
