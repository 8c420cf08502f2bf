//! Property tests: the codec against `base64ct`, sign/verify round trips, bit flips,
//! and arbitrary input that must never panic.

use base64ct::{Base64UrlUnpadded, Encoding};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use strict_jwt::base64url;
use strict_jwt::{
    Algorithm, Claims, HmacKey, Jwk, JwkSet, NumericDate, Signer, UntrustedToken, Verifier,
};

const NOW: i64 = 1_700_000_000;

fn key(alg: Algorithm) -> HmacKey {
    let len = match alg {
        Algorithm::HS256 => 32,
        Algorithm::HS384 => 48,
        _ => 64,
    };
    HmacKey::new(alg, &vec![0x5a; len]).unwrap()
}

fn verifier(alg: Algorithm) -> Verifier {
    Verifier::builder()
        .allow(alg)
        .key(key(alg))
        .build()
        .unwrap()
}

/// JSON values without floats that lose precision in text (any f64 that serde_json
/// prints is read back exactly, but NaN/inf are not JSON).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn alg() -> impl Strategy<Value = Algorithm> {
    prop_oneof![
        Just(Algorithm::HS256),
        Just(Algorithm::HS384),
        Just(Algorithm::HS512)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn base64url_encodes_like_base64ct(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let ours = base64url::encode(&bytes);
        prop_assert_eq!(&ours, &Base64UrlUnpadded::encode_string(&bytes));
        prop_assert_eq!(base64url::decode(&ours).unwrap(), bytes);
    }

    #[test]
    fn base64url_decodes_like_base64ct(s in "[A-Za-z0-9_=+/ .-]{0,40}") {
        let ours = base64url::decode(&s);
        let theirs = Base64UrlUnpadded::decode_vec(&s);
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "accept/reject differs on {:?}", s);
        if let (Ok(a), Ok(b)) = (ours, theirs) {
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn base64url_decodes_alphabet_strings_like_base64ct(s in "[A-Za-z0-9_-]{0,64}") {
        // Mostly valid input, so the canonical-trailing-bits rule is exercised often.
        let ours = base64url::decode(&s);
        let theirs = Base64UrlUnpadded::decode_vec(&s);
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "accept/reject differs on {:?}", s);
        if let (Ok(a), Ok(b)) = (ours, theirs) {
            prop_assert_eq!(a, b);
        }
        prop_assert_eq!(base64url::validate(s.as_bytes()).is_ok(), base64url::decode(&s).is_ok());
    }

    #[test]
    fn sign_then_verify_round_trips_any_claims(
        alg in alg(),
        custom in prop::collection::btree_map("c_[a-z0-9_\\\\\"\u{e9}\u{1F600}]{0,8}", json_value(), 0..8),
        sub in prop::option::of(".{0,16}"),
        ttl in 1u64..100_000,
    ) {
        let custom: Map<String, Value> = custom.into_iter().collect();
        let mut claims = Claims::new_at(Value::Object(custom.clone()), NumericDate::from_secs(NOW))
            .issued_now()
            .expires_in(std::time::Duration::from_secs(ttl));
        if let Some(s) = &sub {
            claims = claims.subject(s.clone());
        }
        let token = Signer::new(key(alg)).sign(&claims).unwrap();
        let v = verifier(alg).verify_at::<Map<String, Value>>(&token, NumericDate::from_secs(NOW)).unwrap();
        prop_assert_eq!(v.header().algorithm(), alg);
        prop_assert_eq!(v.registered().sub.as_deref(), sub.as_deref());
        prop_assert_eq!(v.registered().exp, Some(NumericDate::from_secs(NOW + i64::try_from(ttl).unwrap())));
        let mut got = v.into_claims();
        for registered in ["sub", "exp", "iat"] {
            got.remove(registered);
        }
        prop_assert_eq!(got, custom);
    }

    #[test]
    fn borrowed_verification_agrees_with_owned_and_borrows_unescaped_strings(
        custom in prop::collection::btree_map("[a-z]{1,6}", ".{0,10}", 0..6),
    ) {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Field<'a> {
            Text(#[serde(borrow)] std::borrow::Cow<'a, str>),
            Number(i64),
        }
        let mut c = json!({"exp": NOW + 10});
        for (k, v) in &custom {
            c[format!("c_{k}")] = json!(v);
        }
        let token = Signer::new(key(Algorithm::HS256)).sign(&c).unwrap();
        let v = verifier(Algorithm::HS256);
        let now = NumericDate::from_secs(NOW);
        let owned = v.verify_at::<Map<String, Value>>(&token, now).unwrap();
        let mut buf = Vec::new();
        let borrowed = v
            .verify_borrowed_at::<std::collections::BTreeMap<&str, Field<'_>>>(&token, now, &mut buf)
            .unwrap();
        prop_assert_eq!(borrowed.claims().len(), owned.claims().len());
        for (k, field) in borrowed.claims() {
            match field {
                Field::Number(n) => prop_assert_eq!(&json!(n), &owned.claims()[*k]),
                Field::Text(t) => {
                    prop_assert_eq!(&json!(t), &owned.claims()[*k]);
                    let escaped = serde_json::to_string(t.as_ref()).unwrap().len() != t.len() + 2;
                    prop_assert_eq!(matches!(t, std::borrow::Cow::Borrowed(_)), !escaped, "{:?}", t);
                }
            }
        }
    }

    #[test]
    fn flipping_any_bit_of_a_valid_token_is_rejected(
        alg in alg(),
        custom in prop::collection::btree_map("[a-z]{1,6}", json_value(), 0..3),
    ) {
        let mut c: Map<String, Value> = custom.into_iter().collect();
        c.insert("exp".into(), json!(NOW + 10));
        let token = Signer::new(key(alg)).sign(&c).unwrap();
        let v = verifier(alg);
        prop_assert!(v.verify_at::<Value>(&token, NumericDate::from_secs(NOW)).is_ok());
        let bytes = token.as_bytes();
        for bit in 0..bytes.len() * 8 {
            let mut t = bytes.to_vec();
            t[bit / 8] ^= 1 << (bit % 8);
            // A flip into non-ASCII makes it non-UTF-8: the &str API cannot even take it.
            if let Ok(t) = String::from_utf8(t) {
                prop_assert!(v.verify_at::<Value>(&t, NumericDate::from_secs(NOW)).is_err(), "bit {} accepted", bit);
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,200}") {
        let v = verifier(Algorithm::HS256);
        let _ = v.verify_at::<Value>(&s, NumericDate::from_secs(NOW));
        let _ = v.verify_signature_only(&s);
        let _ = UntrustedToken::parse(&s);
        let _ = strict_jwt::insecure_decode_without_verification(&s);
        let _ = base64url::decode(&s);
        let _ = Jwk::from_json(&s);
        let _ = JwkSet::from_json(&s);
    }

    #[test]
    fn arbitrary_segments_never_panic(
        header in "\\PC{0,60}",
        payload in "\\PC{0,60}",
        sig in prop::collection::vec(any::<u8>(), 0..80),
    ) {
        // Well-encoded segments carrying arbitrary text, so the JSON parsers are reached.
        let token = format!("{}.{}.{}", base64url::encode(header.as_bytes()), base64url::encode(payload.as_bytes()), base64url::encode(&sig));
        let v = verifier(Algorithm::HS256);
        let _ = v.verify_at::<Value>(&token, NumericDate::from_secs(NOW));
        let _ = UntrustedToken::parse(&token);
    }

    #[test]
    fn signed_arbitrary_payloads_never_panic_and_match_serde_json(payload in "\\PC{0,80}", value in json_value()) {
        // Past the signature, the claims parser sees arbitrary text and arbitrary JSON.
        // When it accepts, serde_json accepts the same document and reads the same value.
        let v = Verifier::builder()
            .allow(Algorithm::HS256)
            .key(key(Algorithm::HS256))
            .allow_tokens_without_expiry()
            .build()
            .unwrap();
        let header = base64url::encode(br#"{"alg":"HS256"}"#);
        for text in [payload, value.to_string()] {
            let input = format!("{header}.{}", base64url::encode(text.as_bytes()));
            let sig = {
                use hmac::{KeyInit, Mac};
                let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&[0x5a; 32]).unwrap();
                m.update(input.as_bytes());
                m.finalize().into_bytes()
            };
            let token = format!("{input}.{}", base64url::encode(&sig));
            if let Ok(ours) = v.verify_signature_only(&token).and_then(|_| v.verify_at::<Value>(&token, NumericDate::from_secs(NOW))) {
                let theirs: Value = serde_json::from_str(&text).unwrap();
                prop_assert_eq!(ours.claims(), &theirs);
            }
        }
    }
}
