//! Rule 3, the signature: ECDSA on every curve of the active backend (`ecdsa_algs`).
//! Zero and out-of-range `r`/`s` (CVE-2022-21449), raw `r || s` of exact length never
//! DER, and the malleability a replay cache must live with.

use crate::common::hex_decode;
use crate::helpers::*;
use serde_json::Value;
use strict_jwt::internal::verify_raw;
use strict_jwt::{Algorithm, ErrorKind, SigningKey, Verifier};

fn group_order(alg: Algorithm) -> Vec<u8> {
    let n = hex_decode(
        "group order",
        match alg {
            Algorithm::ES256 => P256_N,
            Algorithm::ES384 => P384_N,
            Algorithm::ES512 => P521_N,
            Algorithm::ES256K => SECP256K1_N,
            _ => unreachable!(),
        },
    );
    assert_eq!(n.len(), ec_scalar_len(alg), "{alg}");
    n
}

/// A fresh key, a verifier for it, and a valid token (with kid "k" and without).
fn ecdsa_setup(alg: Algorithm) -> (SigningKey, Verifier, [String; 2]) {
    let sk = SigningKey::generate(alg).unwrap();
    let v = verifier(alg, sk.verifying_key());
    let tokens = [None, Some("k")].map(|kid| sign_token(&sk, &header(alg, kid), &payload()));
    (sk, v, tokens)
}

/// Checks that `sig` over each token is an invalid signature, at the token level and
/// at the raw level.
fn assert_ecdsa_rejects(sk: &SigningKey, v: &Verifier, tokens: &[String], sig: &[u8], case: &str) {
    for t in tokens {
        let forged = resign(t, sig);
        assert_eq!(
            outcome(v, &forged),
            Some(ErrorKind::InvalidSignature),
            "{case}"
        );
        let input = split(t).0;
        assert_eq!(
            kind_of(verify_raw(&sk.verifying_key(), input.as_bytes(), sig)),
            Some(ErrorKind::InvalidSignature),
            "{case} (raw)"
        );
    }
}

/// CVE-2022-21449 ("psychic signatures") and its relatives: r or s zero, equal to the
/// group order n, or above it, are invalid signatures.
#[test]
fn rule3_ecdsa_r_and_s_out_of_range_are_invalid_signatures() {
    for alg in ecdsa_algs() {
        let (sk, v, tokens) = ecdsa_setup(alg);
        let len = ec_scalar_len(alg);
        for t in &tokens {
            assert_eq!(outcome(&v, t), None, "{alg} control");
        }
        let (r, s) = {
            let sig = split(&tokens[0]).1;
            (sig[..len].to_vec(), sig[len..].to_vec())
        };
        let n = group_order(alg);
        let n1 = add(&n, &one(len), false);
        let zero = vec![0; len];
        let ff = vec![0xff; len];
        let cases: [(&str, &[u8], &[u8]); 11] = [
            ("r = s = 0", &zero, &zero),
            ("r = s = n", &n, &n),
            ("r = 0", &zero, &s),
            ("s = 0", &r, &zero),
            ("r = n", &n, &s),
            ("s = n", &r, &n),
            ("r = n + 1", &n1, &s),
            ("s = n + 1", &r, &n1),
            ("r = 2^k - 1", &ff, &s),
            ("s = 2^k - 1", &r, &ff),
            ("r = s = n + 1", &n1, &n1),
        ];
        for (case, r, s) in cases {
            let sig = [r, s].concat();
            assert_ecdsa_rejects(&sk, &v, &tokens, &sig, &format!("{alg} {case}"));
        }
    }
}

/// JWS ECDSA signatures are raw `r || s` of exactly 64 (ES256, ES256K), 96 (ES384) or
/// 132 (ES512) bytes: the DER encoding of a valid signature, a byte more or less,
/// another curve's length and all zeros are invalid.
#[test]
fn rule3_ecdsa_signatures_are_raw_r_s_of_exact_length_never_der() {
    for alg in ecdsa_algs() {
        let (sk, v, tokens) = ecdsa_setup(alg);
        let len = ec_scalar_len(alg);
        let sig = split(&tokens[0]).1;
        assert_eq!(sig.len(), 2 * len);
        let (r, s) = sig.split_at(len);
        let der = der_ecdsa_signature(r, s);
        let mut zero_prefixed = vec![0];
        zero_prefixed.extend(&sig);
        let other_len = if len == 32 { 96 } else { 64 };
        let cases = [
            ("DER", der),
            ("one byte short", sig[..2 * len - 1].to_vec()),
            ("one byte long", [&sig[..], &[0]].concat()),
            ("zero-prefixed", zero_prefixed),
            ("r only", r.to_vec()),
            ("the other curve's length", vec![1; other_len]),
            ("all zeros", vec![0; 2 * len]),
            ("twice", [&sig[..], &sig[..]].concat()),
        ];
        for (case, bad) in cases {
            assert_ecdsa_rejects(&sk, &v, &tokens, &bad, &format!("{alg} {case}"));
        }
    }
}

/// ECDSA is malleable: with (r, s) valid, (r, n - s) is valid too, and JWS does not
/// require low-S, so both tokens verify. Consequence: token bytes are not unique, and a
/// replay cache or deny list must key on `(iss, jti)` (identical in both tokens, as
/// checked here), never on the token string or its hash (different here).
#[test]
fn rule3_ecdsa_high_s_verifies_so_deny_lists_key_on_iss_and_jti() {
    for alg in ecdsa_algs() {
        let (sk, v, tokens) = ecdsa_setup(alg);
        let len = ec_scalar_len(alg);
        for t in &tokens {
            let sig = split(t).1;
            let (r, s) = sig.split_at(len);
            let flipped = sub_be(&group_order(alg), s);
            assert_ne!(flipped, s);
            let other = resign(t, &[r, &flipped[..]].concat());
            assert_ne!(&other, t, "{alg}: the token bytes differ");
            let a = v.verify_at::<Value>(t, now()).unwrap();
            let b = v.verify_at::<Value>(&other, now()).unwrap();
            let id = |x: &strict_jwt::Verified<'_, Value>| {
                let r = x.registered();
                (
                    r.iss.as_deref().map(str::to_owned),
                    r.jti.as_deref().map(str::to_owned),
                )
            };
            assert_eq!(id(&a), id(&b), "{alg}: same (iss, jti)");
            assert_eq!(a.claims(), b.claims());
            let input = split(t).0;
            assert!(
                verify_raw(
                    &sk.verifying_key(),
                    input.as_bytes(),
                    &[r, &flipped[..]].concat()
                )
                .is_ok()
            );
        }
    }
}
