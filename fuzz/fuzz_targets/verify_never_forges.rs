//! `verify_never_forges`: arbitrary token strings against fixed HS256, RS256, ES256 and
//! EdDSA verifiers (keys from RFC 7515 A.1-A.3 and RFC 8037 A.1). A token verifies only
//! if its signing input was signed by the matching key:
//! - HS256, RS256 and EdDSA signatures are deterministic, so an accepted token must carry
//!   exactly the signature the key makes over its signing input;
//! - ES256 signatures are randomized, and the only ES256 message ever signed with the
//!   RFC 7515 A.3 key is A.3's own signing input, so that is the only one allowed.
//!
//! A second mode builds a genuine token from the input, then applies one mutation
//! (byte change, header swap from another algorithm, signature truncation or
//! replacement); the result verifies only if the mutation left the token's signing input
//! and algorithm as signed.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use fuzz_common::{FIXED_ALGS, fixed, now, sign_token};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use strict_jwt::{Algorithm, UntrustedToken};

/// RFC 7515 A.3's signing input: the one message the ES256 key has signed.
const A3_SIGNING_INPUT: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

/// Checks every fixed verifier against `token`; `signed` is the signing input and
/// algorithm the harness itself signed with ES256's randomized signer in this execution.
fn check(token: &str, signed: Option<(&str, Algorithm)>) {
    for f in fixed() {
        let full = f.verifier.verify_at::<Value>(token, now());
        let sig_only = f.verifier.verify_signature_only(token);
        if full.is_ok() {
            assert!(sig_only.is_ok(), "claims accepted without a good signature");
        }
        if sig_only.is_err() {
            continue;
        }
        let parsed = UntrustedToken::parse(token).expect("a verified token parses");
        assert_eq!(
            parsed.header().algorithm(),
            f.alg,
            "verified under another alg"
        );
        let (input, sig_b64) = token.rsplit_once('.').expect("three segments");
        match f.alg {
            Algorithm::ES256 => {
                assert!(
                    input == A3_SIGNING_INPUT || signed == Some((input, f.alg)),
                    "ES256 forgery: {token}"
                );
            }
            _ => {
                let expected = strict_jwt::internal::sign_raw(&f.signer, input.as_bytes())
                    .expect("deterministic signature");
                assert_eq!(
                    strict_jwt::base64url::encode(&expected),
                    sig_b64,
                    "{:?} forgery: {token}",
                    f.alg
                );
            }
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Mutation {
    None,
    SetByte {
        at: u16,
        to: u8,
    },
    Truncate {
        at: u16,
    },
    Insert {
        at: u16,
        byte: u8,
    },
    /// The header segment of a token signed with another of the fixed algorithms.
    SwapHeader {
        from: u8,
    },
    /// The signature segment from another of the fixed algorithms over the same input.
    SwapSignature {
        from: u8,
    },
    ReplaceSignature(Vec<u8>),
}

#[derive(Debug, Arbitrary)]
struct Built {
    alg: u8,
    extra_header: Option<(String, String)>,
    claims: Vec<(String, i64)>,
    mutation: Mutation,
}

fn build(b: Built) {
    let fx = fixed();
    let pick = |i: u8| &fx[usize::from(i) % FIXED_ALGS.len()];
    let f = pick(b.alg);
    let header_of = |alg: Algorithm, extra: &Option<(String, String)>| {
        let mut h = serde_json::Map::new();
        h.insert("alg".into(), alg.name().into());
        if let Some((k, v)) = extra {
            h.insert(k.clone(), v.clone().into());
        }
        serde_json::to_vec(&h).expect("header JSON")
    };
    let mut claims: serde_json::Map<String, Value> =
        b.claims.into_iter().map(|(k, v)| (k, v.into())).collect();
    claims.insert("exp".into(), 4_102_444_800i64.into());
    let payload = serde_json::to_vec(&claims).expect("claims JSON");
    let token = sign_token(&f.signer, &header_of(f.alg, &b.extra_header), &payload);
    let input = token
        .rsplit_once('.')
        .map(|(i, _)| i.to_owned())
        .expect("dots");
    // The genuine token verifies (unless the extra header member is one we refuse).
    if b.extra_header.is_none() {
        assert!(f.verifier.verify_signature_only(&token).is_ok());
    }

    let mut bytes = token.clone().into_bytes();
    let idx = |at: u16, len: usize| usize::from(at) % len.max(1);
    match b.mutation {
        Mutation::None => {}
        Mutation::SetByte { at, to } => {
            let i = idx(at, bytes.len());
            bytes[i] = to;
        }
        Mutation::Truncate { at } => bytes.truncate(idx(at, bytes.len())),
        Mutation::Insert { at, byte } => bytes.insert(idx(at, bytes.len() + 1), byte),
        Mutation::SwapHeader { from } => {
            let other = pick(from);
            let h = strict_jwt::base64url::encode(&header_of(other.alg, &None));
            let rest = token.split_once('.').map(|(_, r)| r).expect("dots");
            bytes = format!("{h}.{rest}").into_bytes();
        }
        Mutation::SwapSignature { from } => {
            let other = pick(from);
            let sig =
                strict_jwt::internal::sign_raw(&other.signer, input.as_bytes()).expect("signing");
            bytes = format!("{input}.{}", strict_jwt::base64url::encode(&sig)).into_bytes();
        }
        Mutation::ReplaceSignature(sig) => {
            bytes = format!("{input}.{}", strict_jwt::base64url::encode(&sig)).into_bytes();
        }
    }
    if let Ok(mutated) = String::from_utf8(bytes) {
        check(&mutated, Some((&input, f.alg)));
    }
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((0, rest)) => {
            if let Ok(built) = Built::arbitrary_take_rest(Unstructured::new(rest)) {
                build(built);
            }
        }
        _ => {
            if let Ok(token) = std::str::from_utf8(data) {
                check(token, None);
            }
        }
    }
});
