//! Key sets skip and report the keys they cannot use; a few problems are fatal. A
//! Keycloak-style set (RS256, ES256 and EdDSA keys, with and without `alg`) verifies each
//! key's tokens through an allowlist of exactly those three.

use crate::common::{b64u_encode, kind, parse_vectors};
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::Algorithm::{
    ES256, ES384, ES512, Ed25519, EdDSA, HS256, PS256, PS384, RS256, RS384,
};
use strict_jwt::ErrorKind::{
    AlgorithmNotAllowed, Configuration, IncompatibleKey, InvalidKey, InvalidSignature, KeyMismatch,
    UnknownKey, UnsupportedKey, WeakKey,
};
use strict_jwt::{
    Algorithm, ErrorKind, HmacKey, Jwk, JwkSet, SigningKey, ThumbprintHash, Verifier,
};

/// The 1024-bit RSA public key of Wycheproof `json_web_key_test.json` tcId 8.
fn rsa_1024_jwk() -> Value {
    let doc = parse_vectors(WYCHEPROOF_JWK_FILE, WYCHEPROOF_JWK);
    let group = doc["testGroups"]
        .as_array()
        .expect("testGroups")
        .iter()
        .find(|g| g["tests"][0]["tcId"] == 8)
        .expect("tcId 8");
    let key = group["public"]["keys"][0].clone();
    assert_eq!(key["kid"], "RS256_1024", "{WYCHEPROOF_JWK_FILE} tcId 8 key");
    key
}

#[test]
fn jwk_set_provider_set_skips_and_reports_odd_keys_and_verifies_good_ones() {
    let rsa = rsa_signing(RS256).with_kid("rsa-2026");
    let ec = generate(ES256).with_kid("ec-2026");
    let mut rsa_jwk = Value::Object(rsa_public_jwk_value());
    rsa_jwk["kid"] = "rsa-2026".into();
    rsa_jwk["use"] = "sig".into();
    let with = |mut v: Value, members: Value| {
        for (k, m) in members.as_object().expect("members") {
            v[k] = m.clone();
        }
        v
    };
    let rsa_no_alg = {
        let mut m = rsa_public_jwk_value();
        m.remove("alg");
        Value::Object(m)
    };
    let mut p521 = value("3.1", KEY_3_1);
    p521["kid"] = "p521".into();
    let keys = vec![
        /* 0 */ rsa_jwk,
        /* 1 */ json!({"kty": "OKP", "crv": "X25519", "kid": "x25519", "x": X25519_X}),
        /* 2 */ public_jwk_value(&ec, Some("ec-2026")),
        /* 3 */ p521,
        /* 4 */ with(rsa_no_alg.clone(), json!({"kid": "rsa-enc", "use": "enc"})),
        /* 5 */
        json!({"kty": "EC", "crv": "P-256", "kid": "ec-encrypt", "x": P256_X, "y": P256_Y,
               "key_ops": ["encrypt"]}),
        /* 6 */ with(rsa_1024_jwk(), json!({"kid": "rsa-1024"})),
        /* 7 */
        json!({"kty": "EC", "crv": "P-256", "kid": "bad-b64", "x": format!("{P256_X}="),
               "y": P256_Y}),
        /* 8 */ with(rsa_no_alg, json!({"kid": "rsa-oaep", "alg": "RSA-OAEP"})),
        /* 9 */
        json!({"kty": "OKP", "crv": "Ed448", "kid": "ed448", "x": b64u_encode(&[0x5a; 57])}),
        /* 10 */
        json!({"kty": "EC", "crv": "P-256", "kid": "evil\nkid\u{1b}[31m", "use": "enc",
               "x": P256_X, "y": P256_Y}),
    ];
    let text = json!({"keys": keys, "x-provider": "example"}).to_string();
    let s = JwkSet::from_json(&text).expect("a provider set with odd keys imports");
    let p521 = has_aws_lc();
    let want: Vec<(usize, Option<String>, ErrorKind)> = [
        (1, "x25519", IncompatibleKey),     // ECDH key, not a signature key
        (3, "p521", UnsupportedKey),        // no P-521 in ring (aws-lc-rs: ES512)
        (4, "rsa-enc", IncompatibleKey),    // use "enc"
        (5, "ec-encrypt", IncompatibleKey), // key_ops without "verify"
        (6, "rsa-1024", WeakKey),           // RSA below 2048 bits
        (7, "bad-b64", InvalidKey),         // padded base64url
        (8, "rsa-oaep", IncompatibleKey),   // alg is not a JWS algorithm
        (9, "ed448", UnsupportedKey),       // no Ed448 in any backend
        (10, "evil\nkid\u{1b}[31m", IncompatibleKey), // use "enc" (and a hostile kid)
    ]
    .into_iter()
    .filter(|(_, kid, _)| !(p521 && *kid == "p521"))
    .map(|(i, kid, k)| (i, Some(kid.to_owned()), k))
    .collect();
    assert_eq!(skipped(&s), want, "skipped keys: {:#?}", s.skipped());
    for sk in s.skipped() {
        let shown = sk.to_string();
        assert!(
            shown.contains(&format!("JWK #{} ", sk.index()))
                && shown.contains(&format!("{:?}", sk.kid().expect("kid"))),
            "Display of a skipped key names its index and kid: {shown}"
        );
        // The kid comes from a remote document: Display must not pass control
        // characters through to logs.
        assert!(
            !shown.chars().any(char::is_control),
            "Display of skipped key #{} has raw control characters: {shown:?}",
            sk.index()
        );
    }
    // keys(): every key that parsed (all but the undecodable #7).
    let kids: Vec<Option<&str>> = s.keys().iter().map(Jwk::kid).collect();
    assert_eq!(
        kids,
        [
            "rsa-2026",
            "x25519",
            "ec-2026",
            "p521",
            "rsa-enc",
            "ec-encrypt",
            "rsa-1024",
            "rsa-oaep",
            "ed448",
            "evil\nkid\u{1b}[31m"
        ]
        .map(Some),
        "keys()"
    );
    let bindings: Vec<(Option<&str>, Algorithm)> = s
        .verifying_keys()
        .map(|k| (k.kid(), k.algorithm()))
        .collect();
    let mut want_bindings = vec![(Some("rsa-2026"), RS256), (Some("ec-2026"), ES256)];
    if p521 {
        // With aws-lc-rs the §3.1 P-521 key (no `alg`) is bound to ES512, its curve's.
        want_bindings.push((Some("p521"), ES512));
    }
    assert_eq!(
        bindings, want_bindings,
        "verifying_keys(): the good keys, each bound to its alg"
    );
    assert!(
        s.to_json().contains(r#""x-provider":"example""#),
        "set-level member kept"
    );

    let v = set_verifier(&[RS256, ES256], &s).expect("verifier");
    for (what, token) in [
        ("RS256 key", sign(&rsa, None)),
        ("ES256 key", sign(&ec, None)),
    ] {
        verify(&v, &token).unwrap_or_else(|e| panic!("provider set, {what}: {e:?}"));
    }
    // Skipped keys are not keys: a token naming one is UnknownKey, even when the
    // signature is by the same RSA key material (#4 and #8 are the fixture's modulus).
    // (With aws-lc-rs "p521" is a key, but bound to ES512, which this verifier does not
    // allow: it is dropped at build, so its kid is unknown here too.)
    for kid in [
        "rsa-enc", "rsa-oaep", "rsa-1024", "x25519", "p521", "bad-b64",
    ] {
        assert_eq!(
            kind(&verify(&v, &sign(&rsa, Some(kid)))),
            Some(UnknownKey),
            "provider set: token with the skipped key's kid {kid:?}"
        );
    }
    // The §3.2 private key signs for "p521": with aws-lc-rs, a verifier that also allows
    // ES512 verifies it (and refuses an RS256 token naming that kid); with ring the key
    // was skipped, so its kid is unknown.
    let jwk_3_2 = jwk("3.2", KEY_3_2);
    if p521 {
        let es512 = jwk_3_2
            .to_signing_key(ES512)
            .expect("rfc7520-3.2 as ES512")
            .with_kid("p521");
        let v = set_verifier(&[RS256, ES256, ES512], &s).expect("verifier with ES512");
        verify(&v, &sign(&es512, None)).expect("provider set, ES512 key \"p521\"");
        assert_eq!(
            kind(&verify(&v, &sign(&rsa, Some("p521")))),
            Some(KeyMismatch),
            "provider set: RS256 token naming the ES512 key"
        );
    } else {
        assert_eq!(
            kind(&jwk_3_2.to_signing_key(ES512)),
            Some(UnsupportedKey),
            "rfc7520-3.2 as ES512 (ring)"
        );
        assert_eq!(
            kind(&Verifier::builder().allow(ES512).key_set(&s).build()),
            Some(Configuration),
            "provider set: an ES512-only verifier has no key (ring)"
        );
    }
}

/// A JWK set as Keycloak publishes it (`/realms/{realm}/protocol/openid-connect/certs`):
/// an RSA-OAEP encryption key first, then one RSA (RS256), one EC P-256 (ES256) and one
/// OKP Ed25519 (EdDSA) signature key, each with its own kid and `use: "sig"`. Run with
/// the `alg` members (as Keycloak writes them) and without. A verifier allowing exactly
/// RS256, ES256 and EdDSA verifies a token by each signature key (naming its kid, and
/// without a kid), and refuses, before any cryptography, tokens whose header `alg` is
/// outside that allowlist, even when they are signed by one of the set's keys under
/// another algorithm and name its kid.
///
/// The RSA key is generated with aws-lc-rs; ring cannot generate RSA keys, so with it
/// the fixture `tests/keys/rsa2048.pem` is used. The encryption key is RFC 7520 §3.3.
#[test]
fn keycloak_style_set_verifies_rs256_es256_and_eddsa_tokens_and_refuses_other_algs() {
    let rsa = if has_aws_lc() {
        generate(RS256)
    } else {
        assert_eq!(
            kind(&SigningKey::generate(RS256)),
            Some(UnsupportedKey),
            "ring generates no RSA key"
        );
        rsa_signing(RS256)
    };
    // The key material bound to `alg`, without a kid (through PKCS#8, which has none).
    let rebound = |k: &SigningKey, alg: Algorithm| {
        let der = k.to_pkcs8_der().expect("PKCS#8 export");
        SigningKey::from_pkcs8_der(alg, &der)
            .unwrap_or_else(|e| panic!("rebind {:?} as {alg:?}: {e:?}", k.algorithm()))
    };
    let (rsa, ec, ed) = (
        rebound(&rsa, RS256),
        rebound(&generate(ES256), ES256),
        rebound(&generate(EdDSA), EdDSA),
    );
    // Keycloak's kids are opaque strings; here, each key's RFC 7638 thumbprint.
    let kid = |k: &SigningKey| k.thumbprint(ThumbprintHash::Sha256).expect("thumbprint");
    let (rsa_kid, ec_kid, ed_kid) = (kid(&rsa), kid(&ec), kid(&ed));
    let allowed = [RS256, ES256, EdDSA];

    for with_alg in [true, false] {
        let ctx = if with_alg {
            "Keycloak-style set with alg"
        } else {
            "Keycloak-style set without alg"
        };
        let member = |key: &SigningKey, kid: &str| {
            let mut v = public_jwk_value(key, Some(kid));
            v["use"] = "sig".into();
            if !with_alg {
                v.as_object_mut().expect("object").remove("alg");
            }
            v
        };
        let mut enc = value("3.3", KEY_3_3);
        enc["kid"] = "kc-enc".into();
        enc["use"] = "enc".into();
        if with_alg {
            enc["alg"] = "RSA-OAEP".into();
        }
        let keys = vec![
            enc,
            member(&rsa, &rsa_kid),
            member(&ec, &ec_kid),
            member(&ed, &ed_kid),
        ];
        let s = JwkSet::from_json(&json!({ "keys": keys }).to_string())
            .unwrap_or_else(|e| panic!("{ctx}: imports: {e:?}"));
        assert_eq!(
            skipped(&s),
            [(0, Some("kc-enc".to_owned()), IncompatibleKey)],
            "{ctx}: only the encryption key is skipped"
        );
        let bindings: Vec<(String, Algorithm)> = s
            .verifying_keys()
            .map(|k| (k.kid().expect("kid").to_owned(), k.algorithm()))
            .collect();
        let rsa_algs: &[Algorithm] = if with_alg {
            &[RS256]
        } else {
            &[
                RS256,
                RS384,
                Algorithm::RS512,
                PS256,
                PS384,
                Algorithm::PS512,
            ]
        };
        let ed_algs: &[Algorithm] = if with_alg {
            &[EdDSA]
        } else {
            &[EdDSA, Ed25519]
        };
        let mut want: Vec<(String, Algorithm)> =
            rsa_algs.iter().map(|a| (rsa_kid.clone(), *a)).collect();
        want.push((ec_kid.clone(), ES256));
        want.extend(ed_algs.iter().map(|a| (ed_kid.clone(), *a)));
        assert_eq!(bindings, want, "{ctx}: bindings");

        let v = set_verifier(&allowed, &s).unwrap_or_else(|e| panic!("{ctx}: verifier: {e:?}"));
        for (what, key, kid, alg) in [
            ("RSA", &rsa, &rsa_kid, RS256),
            ("EC", &ec, &ec_kid, ES256),
            ("OKP", &ed, &ed_kid, EdDSA),
        ] {
            let token = sign(key, Some(kid));
            let got = v
                .verify_at::<Value>(&token, now())
                .unwrap_or_else(|e| panic!("{ctx}: {what} ({alg:?}) token: {e:?}"));
            assert_eq!(got.header().algorithm(), alg, "{ctx}: {what} alg");
            assert_eq!(got.header().kid(), Some(kid.as_str()), "{ctx}: {what} kid");
            assert_eq!(got.claims()["sub"], "alice", "{ctx}: {what} claims");
            // Without a kid, the key is found by the token's (allowed) algorithm.
            verify(&v, &sign(key, None))
                .unwrap_or_else(|e| panic!("{ctx}: kid-less {what} ({alg:?}) token: {e:?}"));
        }

        // Header algorithms outside the allowlist: refused at the header, whatever key
        // signed them and whatever kid they name (or none).
        let hmac = SigningKey::from(HmacKey::new(HS256, &SECRET).expect("HMAC key"));
        for (what, key, kid) in [
            ("PS256 by the RSA key", rebound(&rsa, PS256), &rsa_kid),
            ("RS384 by the RSA key", rebound(&rsa, RS384), &rsa_kid),
            (
                "Ed25519 (RFC 9864 name) by the OKP key",
                rebound(&ed, Ed25519),
                &ed_kid,
            ),
            (
                "ES384 naming the EC kid",
                rebound(&generate(ES384), ES384),
                &ec_kid,
            ),
            ("HS256 naming the RSA kid", hmac, &rsa_kid),
        ] {
            let alg = key.algorithm();
            assert!(
                !allowed.contains(&alg),
                "{ctx}: {what}: {alg:?} not allowed"
            );
            for token in [sign(&key, Some(kid)), sign(&key, None)] {
                assert_eq!(
                    kind(&verify(&v, &token)),
                    Some(AlgorithmNotAllowed),
                    "{ctx}: {what} (kid {:?})",
                    kid_of(&token)
                );
            }
        }
        // Allowed algorithms with the wrong key: the kid names a key of another
        // algorithm (KeyMismatch), the named key did not sign it (InvalidSignature), or
        // the kid is the skipped encryption key's (UnknownKey).
        assert_eq!(
            kind(&verify(&v, &sign(&ec, Some(&rsa_kid)))),
            Some(KeyMismatch),
            "{ctx}: ES256 token naming the RSA key"
        );
        assert_eq!(
            kind(&verify(&v, &sign(&generate(ES256), Some(&ec_kid)))),
            Some(InvalidSignature),
            "{ctx}: another ES256 key's token naming the EC key"
        );
        assert_eq!(
            kind(&verify(&v, &sign(&ec, Some("kc-enc")))),
            Some(UnknownKey),
            "{ctx}: a token naming the skipped encryption key"
        );
    }
}

#[test]
fn jwk_set_fatal_errors_refuse_the_whole_set() {
    let rsa = Value::Object(rsa_public_jwk_value());
    let ec = json!({"kty": "EC", "crv": "P-256", "x": P256_X, "y": P256_Y});
    let oct = json!({"kty": "oct", "k": b64u_encode(&SECRET)});
    let with_kid = |v: &Value, kid: &str| {
        let mut v = v.clone();
        v["kid"] = kid.into();
        v
    };
    let mut ec_enc = with_kid(&ec, "a");
    ec_enc["use"] = "enc".into();
    let mut short_oct = oct.clone();
    short_oct["k"] = b64u_encode(&[1; 8]).into();
    let cases: Vec<(&str, String, ErrorKind)> = vec![
        (
            "duplicate kid (two usable keys)",
            json!({"keys": [with_kid(&rsa, "a"), with_kid(&ec, "a")]}).to_string(),
            InvalidKey,
        ),
        (
            "duplicate kid (one key unusable: use enc)",
            json!({"keys": [with_kid(&rsa, "a"), ec_enc]}).to_string(),
            InvalidKey,
        ),
        (
            "duplicate kid (one key undecodable)",
            json!({"keys": [with_kid(&ec, "a"),
                            {"kty": "EC", "crv": "P-256", "kid": "a", "x": "!", "y": P256_Y}]})
            .to_string(),
            InvalidKey,
        ),
        (
            "oct mixed with RSA",
            json!({"keys": [with_kid(&oct, "h"), with_kid(&rsa, "r")]}).to_string(),
            InvalidKey,
        ),
        (
            "oct (too short to use) mixed with EC",
            json!({"keys": [ec.clone(), short_oct]}).to_string(),
            InvalidKey,
        ),
        (
            "oct mixed with OKP",
            json!({"keys": [oct.clone(),
                            {"kty": "OKP", "crv": "X25519", "x": X25519_X}]})
            .to_string(),
            InvalidKey,
        ),
        ("missing keys", "{}".into(), InvalidKey),
        (
            "missing keys, other member",
            r#"{"key":[]}"#.into(),
            InvalidKey,
        ),
        ("keys is an object", r#"{"keys":{}}"#.into(), InvalidKey),
        ("keys is a string", r#"{"keys":"[]"}"#.into(), InvalidKey),
        ("keys is null", r#"{"keys":null}"#.into(), InvalidKey),
        (
            "keys is a single JWK",
            json!({"keys": ec.clone()}).to_string(),
            InvalidKey,
        ),
        ("not an object", "[]".into(), InvalidKey),
        ("empty document", String::new(), InvalidKey),
        ("trailing data", r#"{"keys":[]} {}"#.into(), InvalidKey),
    ];
    for (case, text, want) in &cases {
        assert_eq!(
            kind(&JwkSet::from_json(text)),
            Some(*want),
            "JwkSet::from_json, {case}: {text:.200}"
        );
    }
    // An empty set imports, but gives no verifier.
    let empty = JwkSet::from_json(r#"{"keys":[]}"#).expect("empty set");
    assert_eq!(
        kind(&set_verifier(&[RS256], &empty)),
        Some(Configuration),
        "a verifier with only an empty set"
    );
}
