//! Key selection (`docs/security-model.md` §2, `kid`), the `rule2_*` tests: kid
//! injection, unknown kid, kid collisions, kid-less tokens, keys without `alg`.

use crate::common::{b64u_encode, kind};
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::Algorithm::{ES256, ES384, EdDSA, HS256, PS256, RS256, RS384};
use strict_jwt::ErrorKind::{
    AlgorithmNotAllowed, Configuration, InvalidKey, InvalidSignature, KeyMismatch, Malformed,
    UnknownKey,
};
use strict_jwt::{
    Algorithm, HmacKey, JwkSet, MAX_KEYS_TRIED_WITHOUT_KID, MAX_KID_LEN, Signer, SigningKey,
    Verifier,
};

/// kid strings an attacker might try. None of them is a pattern, path or query: each is
/// an exact map key. (A token with a kid longer than MAX_KID_LEN is refused by the
/// header parser; see `rule2_kid_length_cap_applies_to_keys_and_tokens`.)
fn injection_kids() -> Vec<String> {
    vec![
        "../../etc/passwd".into(),
        "' OR '1'='1".into(),
        "*".into(),
        "%".into(),
        ".*".into(),
        String::new(),
        "\u{0}".into(),
        "alpha\u{0}".into(),
        "a".repeat(MAX_KID_LEN),
        "alpha ".into(),
        " alpha".into(),
        "alpha\n".into(),
        "ALPHA".into(),
        "Alpha".into(),
        "alph".into(),
        "alphaa".into(),
        "\u{430}lpha".into(),   // Cyrillic a
        "alpha\u{200b}".into(), // zero-width space
    ]
}

#[test]
fn rule2_kid_injection_strings_are_exact_map_keys_never_another_key() {
    let alpha = generate(ES256).with_kid("alpha");
    let beta = generate(ES256).with_kid("beta");
    let kidless = generate_without_kid(ES256);
    let s = set(
        "alpha, beta, kid-less",
        vec![
            public_jwk_value(&alpha, Some("alpha")),
            public_jwk_value(&beta, Some("beta")),
            public_jwk_value(&kidless, None),
        ],
    );
    let v = set_verifier(&[ES256], &s).expect("verifier");
    verify(&v, &sign(&alpha, None)).expect("control: alpha's token with kid alpha");
    verify(&v, &sign(&kidless, None)).expect("control: kid-less token, kid-less key");
    // The kid selects exactly its key: alpha's signature under beta's kid is checked
    // with beta only.
    assert_eq!(
        kind(&verify(&v, &sign(&alpha, Some("beta")))),
        Some(InvalidSignature),
        "alpha's token with kid beta"
    );
    let mut failures = Vec::new();
    for kid in injection_kids() {
        for (signer, key) in [("alpha", &alpha), ("kid-less key", &kidless)] {
            let token = sign(key, Some(&kid));
            assert_eq!(
                kid_of(&token).as_deref(),
                Some(kid.as_str()),
                "kid {kid:?} in the header"
            );
            let got = kind(&verify(&v, &token));
            if got != Some(UnknownKey) {
                failures.push(format!("kid {kid:?}, signed by {signer}: {got:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "unknown kids must be UnknownKey, never another key:\n{}",
        failures.join("\n")
    );

    // The same strings as real kids: each selects exactly its own key.
    let kids = injection_kids();
    let keys: Vec<SigningKey> = kids
        .iter()
        .map(|k| generate(ES256).with_kid(k.clone()))
        .collect();
    let s = set(
        "injection kids as real kids",
        keys.iter()
            .zip(&kids)
            .map(|(k, kid)| public_jwk_value(k, Some(kid)))
            .collect(),
    );
    assert!(s.skipped().is_empty(), "skipped: {:?}", s.skipped());
    let v = set_verifier(&[ES256], &s).expect("verifier");
    for (i, (key, kid)) in keys.iter().zip(&kids).enumerate() {
        verify(&v, &sign(key, None))
            .unwrap_or_else(|e| panic!("kid {kid:?}: its own token must verify: {e:?}"));
        // Under the next key's kid it is checked with that key only.
        let next = &kids[(i + 1) % kids.len()];
        assert_eq!(
            kind(&verify(&v, &sign(key, Some(next)))),
            Some(InvalidSignature),
            "key {kid:?}'s token with kid {next:?}"
        );
    }
    // "alpha" is none of them.
    assert_eq!(
        kind(&verify(&v, &sign(&alpha, None))),
        Some(UnknownKey),
        "kid alpha among the injection kids"
    );
}

/// RFC 7515 §5.3: header string values are compared after unescaping, so an escaped
/// kid in the header is the same kid (the match is exact on the decoded string).
#[test]
fn rule2_kid_is_compared_after_json_unescaping() {
    let key = generate(ES256).with_kid("alpha");
    let s = set("alpha", vec![public_jwk_value(&key, Some("alpha"))]);
    let v = Verifier::builder()
        .allow(ES256)
        .key_set(&s)
        .allow_tokens_without_expiry()
        .build()
        .expect("verifier");
    let token = |header: &str| {
        let input = format!(
            "{}.{}",
            b64u_encode(header.as_bytes()),
            b64u_encode(br#"{"sub":"alice"}"#)
        );
        let sig = strict_jwt::internal::sign_raw(&key, input.as_bytes()).expect("sign_raw");
        format!("{input}.{}", b64u_encode(&sig))
    };
    verify(&v, &token(r#"{"alg":"ES256","kid":"alpha"}"#)).expect("plain kid");
    verify(&v, &token(r#"{"alg":"ES256","kid":"\u0061lpha"}"#)).expect("escaped kid");
    assert_eq!(
        kind(&verify(&v, &token(r#"{"alg":"ES256","kid":"\u0041lpha"}"#))),
        Some(UnknownKey),
        "escaped upper-case A"
    );
}

#[test]
fn rule2_unknown_kid_is_unknown_key_even_with_a_kidless_key() {
    // A set whose only key has no kid, and a single key without kid: a token naming
    // any kid must not fall back to them.
    let kidless = generate_without_kid(ES256);
    let s = set("kid-less", vec![public_jwk_value(&kidless, None)]);
    let from_set = set_verifier(&[ES256], &s).expect("set verifier");
    let direct = Verifier::builder()
        .allow(ES256)
        .key(kidless.verifying_key())
        .build()
        .expect("direct verifier");
    for (what, v) in [("key set", &from_set), ("single key", &direct)] {
        verify(v, &sign(&kidless, None))
            .unwrap_or_else(|e| panic!("{what}: control, kid-less token: {e:?}"));
        assert_eq!(
            kind(&verify(v, &sign(&kidless, Some("some-kid")))),
            Some(UnknownKey),
            "{what}: token with an unknown kid, signed by the kid-less key"
        );
    }
}

#[test]
fn rule2_kid_collision_is_refused_at_import_and_at_build() {
    let (a, b) = (generate(ES256), generate(ES256));
    // In one set: InvalidKey at import.
    assert_eq!(
        kind(&JwkSet::from_json(
            &json!({"keys": [public_jwk_value(&a, Some("k")), public_jwk_value(&b, Some("k"))]})
                .to_string()
        )),
        Some(InvalidKey),
        "one set, same kid twice"
    );
    // The same kid written with a JSON escape is the same kid.
    let oct = format!(r#""kty":"oct","k":"{}""#, b64u_encode(&SECRET));
    assert_eq!(
        kind(&JwkSet::from_json(&format!(
            r#"{{"keys":[{{{oct},"kid":"k"}},{{{oct},"kid":"\u006b"}}]}}"#
        ))),
        Some(InvalidKey),
        "one set, kid \"k\" and kid \"\\u006b\""
    );
    // Given twice to the builder: Configuration.
    let twice = Verifier::builder()
        .allow(ES256)
        .key_with_kid("k", a.verifying_key())
        .key_with_kid("k", b.verifying_key())
        .build();
    assert_eq!(kind(&twice), Some(Configuration), "key_with_kid twice");
    // Even the same key material twice under one kid is ambiguous configuration.
    let same = Verifier::builder()
        .allow(ES256)
        .key_with_kid("k", a.verifying_key())
        .key_with_kid("k", a.verifying_key())
        .build();
    assert_eq!(
        kind(&same),
        Some(Configuration),
        "same key, same kid, twice"
    );
    // A set's kid and a builder key's kid.
    let s = set("kid k", vec![public_jwk_value(&a, Some("k"))]);
    let mixed = Verifier::builder()
        .allow(ES256)
        .key_set(&s)
        .key_with_kid("k", b.verifying_key())
        .build();
    assert_eq!(kind(&mixed), Some(Configuration), "set kid + key_with_kid");
    // Two sets with one kid.
    let s2 = set("kid k (other key)", vec![public_jwk_value(&b, Some("k"))]);
    let two_sets = Verifier::builder()
        .allow(ES256)
        .key_set(&s)
        .key_set(&s2)
        .build();
    assert_eq!(kind(&two_sets), Some(Configuration), "two sets, one kid");
    // An RSA set key without alg has one kid for six bindings: not a collision.
    let mut rsa = rsa_public_jwk_value();
    rsa.remove("alg");
    rsa.insert("kid".into(), "r".into());
    let rs = set("RSA without alg", vec![Value::Object(rsa)]);
    assert_eq!(
        rs.verifying_keys().count(),
        6,
        "RSA key without alg: 6 bindings"
    );
    set_verifier(&[RS256, RS384, PS256], &rs).expect("one JWK bound to three allowed algs");
}

/// Without a kid, only keys bound to the header's alg are tried, at most
/// MAX_KEYS_TRIED_WITHOUT_KID of them, in set order.
#[test]
fn rule2_without_kid_only_keys_bound_to_the_alg_are_tried_at_most_four() {
    assert_eq!(MAX_KEYS_TRIED_WITHOUT_KID, 4, "the documented bound");
    let es384: Vec<SigningKey> = (0..4).map(|_| generate_without_kid(ES384)).collect();
    let es256: Vec<SigningKey> = (0..5).map(|_| generate_without_kid(ES256)).collect();
    // Keys of other algorithms come first: if they counted against the bound, the
    // first ES256 key would already be out of reach.
    let mut rsa = rsa_public_jwk_value();
    rsa.remove("alg");
    let mut keys = vec![Value::Object(rsa)];
    keys.extend(es384.iter().map(|k| public_jwk_value(k, None)));
    keys.extend(es256.iter().map(|k| public_jwk_value(k, None)));
    let s = set("kid-less keys", keys);
    assert_eq!(s.verifying_keys().count(), 6 + 4 + 5, "bindings");
    let v = set_verifier(&[RS256, PS256, ES256, ES384, EdDSA], &s).expect("verifier");
    for (i, key) in es256.iter().enumerate() {
        let got = kind(&verify(&v, &sign(key, None)));
        let want = if i < MAX_KEYS_TRIED_WITHOUT_KID {
            None
        } else {
            Some(InvalidSignature)
        };
        assert_eq!(got, want, "kid-less ES256 token by ES256 key #{}", i + 1);
    }
    for (i, key) in es384.iter().enumerate() {
        verify(&v, &sign(key, None))
            .unwrap_or_else(|e| panic!("kid-less ES384 token by ES384 key #{}: {e:?}", i + 1));
    }
    verify(&v, &sign(&rsa_signing(PS256), None)).expect("kid-less PS256 token, RSA key");
    // An allowed algorithm without any key: UnknownKey.
    assert_eq!(
        kind(&verify(&v, &sign(&generate_without_kid(EdDSA), None))),
        Some(UnknownKey),
        "kid-less EdDSA token, no EdDSA key"
    );
    // The fifth key is reachable by kid.
    let mut fifth = public_jwk_value(&es256[4], Some("fifth"));
    fifth["alg"] = "ES256".into();
    let mut with_kids: Vec<Value> = es256[..4]
        .iter()
        .map(|k| public_jwk_value(k, None))
        .collect();
    with_kids.push(fifth);
    let v = set_verifier(&[ES256], &set("four kid-less + fifth", with_kids)).expect("verifier");
    verify(&v, &sign(&es256[4], Some("fifth"))).expect("fifth key named by its kid");
}

/// A set key without `alg` is bound to the allowed algorithms of its key type only:
/// the token's header never picks an algorithm the verifier did not allow.
#[test]
fn rule2_set_key_without_alg_is_bound_to_allowed_algorithms_of_its_type_only() {
    let mut rsa = rsa_public_jwk_value();
    rsa.remove("alg");
    rsa.insert("kid".into(), "rsa".into());
    let ec = generate(ES256);
    let s = set(
        "RSA without alg + EC",
        vec![Value::Object(rsa), public_jwk_value(&ec, Some("ec"))],
    );
    let token = |alg: Algorithm| sign(&rsa_signing(alg), Some("rsa"));

    let rs256_only = set_verifier(&[RS256], &s).expect("RS256 verifier");
    verify(&rs256_only, &token(RS256)).expect("RS256 only: RS256 token");
    assert_eq!(
        kind(&verify(&rs256_only, &token(PS256))),
        Some(AlgorithmNotAllowed),
        "RS256 only: PS256 token with the RSA key's kid"
    );
    let both = set_verifier(&[RS256, PS256], &s).expect("RS256 + PS256 verifier");
    for alg in [RS256, PS256] {
        verify(&both, &token(alg))
            .unwrap_or_else(|e| panic!("RS256 + PS256: {alg:?} token: {e:?}"));
    }
    assert_eq!(
        kind(&verify(&both, &token(RS384))),
        Some(AlgorithmNotAllowed),
        "RS256 + PS256: RS384 token"
    );
    // An EC token naming the RSA key: the kid's key serves no ES256.
    let v = set_verifier(&[RS256, ES256], &s).expect("RS256 + ES256 verifier");
    assert_eq!(
        kind(&verify(&v, &sign(&ec, Some("rsa")))),
        Some(KeyMismatch),
        "ES256 token with the RSA key's kid"
    );
    verify(&v, &sign(&ec, Some("ec"))).expect("ES256 token with its own kid");
}

/// A JWK that names its `alg` is bound to it alone.
#[test]
fn rule2_jwk_alg_rs256_with_a_ps256_header_and_its_kid_is_key_mismatch() {
    let mut rsa = rsa_public_jwk_value();
    rsa.insert("kid".into(), "rs".into());
    assert_eq!(rsa["alg"], "RS256");
    let s = set("RSA alg RS256", vec![Value::Object(rsa)]);
    let v = set_verifier(&[RS256, PS256], &s).expect("verifier allowing RS256 and PS256");
    verify(&v, &sign(&rsa_signing(RS256), Some("rs"))).expect("RS256 token");
    assert_eq!(
        kind(&verify(&v, &sign(&rsa_signing(PS256), Some("rs")))),
        Some(KeyMismatch),
        "PS256 token (same RSA key) with the RS256 JWK's kid"
    );
    // Without a kid: no key is bound to PS256.
    assert_eq!(
        kind(&verify(&v, &sign(&rsa_signing(PS256), None))),
        Some(UnknownKey),
        "kid-less PS256 token"
    );
}

/// One verifier never holds HMAC secrets and public keys together when a set is used.
#[test]
fn rule2_oct_set_with_an_rsa_key_is_configuration() {
    let oct_set = set(
        "oct",
        vec![json!({"kty": "oct", "kid": "h", "alg": "HS256", "k": b64u_encode(&SECRET)})],
    );
    let r = Verifier::builder()
        .allow(HS256)
        .allow(RS256)
        .key_set(&oct_set)
        .key(rsa_public(RS256))
        .build();
    assert_eq!(kind(&r), Some(Configuration), "oct set + RSA key");
    let rsa_set = set("RSA", vec![Value::Object(rsa_public_jwk_value())]);
    let r = Verifier::builder()
        .allow(HS256)
        .allow(RS256)
        .key_set(&rsa_set)
        .key(HmacKey::new(HS256, &SECRET).expect("HMAC key"))
        .build();
    assert_eq!(kind(&r), Some(Configuration), "RSA set + HMAC key");
    // Each alone is fine.
    set_verifier(&[HS256], &oct_set).expect("oct set alone");
    set_verifier(&[RS256], &rsa_set).expect("RSA set alone");
}

/// A JWK's kid longer than MAX_KID_LEN could never be named by a token: it is skipped.
#[test]
fn rule2_kid_length_cap_applies_to_keys_and_tokens() {
    let at_cap = "k".repeat(MAX_KID_LEN);
    let over = "k".repeat(MAX_KID_LEN + 1);
    let key = generate(ES256);
    let s = set(
        "kid length",
        vec![
            public_jwk_value(&key, Some(&at_cap)),
            public_jwk_value(&generate(ES256), Some(&over)),
        ],
    );
    assert_eq!(
        skipped(&s),
        [(1, Some(over.clone()), InvalidKey)],
        "a JWK kid of MAX_KID_LEN + 1 bytes"
    );
    let v = set_verifier(&[ES256], &s).expect("verifier");
    verify(&v, &sign(&key, Some(&at_cap))).expect("kid of MAX_KID_LEN bytes");
    // The signer refuses to write a kid no verifier would read...
    let refused = Signer::new(key.clone())
        .with_kid(over.as_str())
        .sign(&json!({"exp": 4_102_444_800u64}));
    assert_eq!(
        kind(&refused),
        Some(Configuration),
        "signer, kid over the cap"
    );
    // ...and a token that carries one anyway is malformed.
    let header = b64u_encode(json!({"alg": "ES256", "kid": over}).to_string().as_bytes());
    let payload = b64u_encode(br#"{"sub":"alice","exp":4102444800}"#);
    let input = format!("{header}.{payload}");
    let sig = strict_jwt::internal::sign_raw(&key, input.as_bytes()).expect("sign_raw");
    assert_eq!(
        kind(&verify(&v, &format!("{input}.{}", b64u_encode(&sig)))),
        Some(Malformed),
        "a token kid of MAX_KID_LEN + 1 bytes"
    );
}
