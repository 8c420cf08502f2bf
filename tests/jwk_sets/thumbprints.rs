//! RFC 7638 thumbprints: every case of `vectors/rfc7638/rfc7638_thumbprint.json`
//! (unread members fail the test, see `common::Fields`), SHA-384/512 against a canonical
//! JSON built here by hand and hashed with `sha2`, the RFC 8037 A.3 value, every key
//! type, and the `kid` of generated keys.

use crate::common::{Fields, b64u_encode, hex_encode, kind, parse_vectors};
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::Algorithm::{
    ES256, ES384, ES512, Ed25519, EdDSA, HS256, HS384, HS512, PS256, RS256, RS384,
};
use strict_jwt::ErrorKind::{IncompatibleKey, InvalidKey, InvalidSignature, UnsupportedKey};
use strict_jwt::{HmacKey, JwkSet, SigningKey, ThumbprintHash, Verifier, VerifyingKey};

/// Every case of the RFC 7638 vector file: the canonical JSON built here equals the
/// file's, its SHA-256 equals the file's digest (hex, octets, base64url), and the
/// crate's `Jwk::thumbprint(Sha256)` equals it. Every member of the file is read.
#[test]
fn rfc7638_every_vector_case_sha256_thumbprint_matches() {
    let doc = parse_vectors(RFC7638_FILE, RFC7638);
    let mut top = Fields::new(RFC7638_FILE, &doc);
    assert_eq!(
        top.str("schema"),
        "jose-vectors/jwk-thumbprint/v1",
        "{RFC7638_FILE}: schema"
    );
    top.str("title");
    top.str("licence");
    let mut source = Fields::new(format!("{RFC7638_FILE} source"), top.req("source"));
    assert_eq!(source.str("document"), "RFC 7638", "{RFC7638_FILE}: source");
    source.req("sections");
    source.str("url");
    source.finish();

    // The rules the harness implements: the required members (the table above),
    // the canonical form (`canonical_json`), optional members ignored (the 3.1 key has
    // alg and kid; `rfc7638_thumbprint_of_every_key_type_ignores_optional_members`)
    // and private keys (`rfc7638_s3_2_1_private_key_thumbprint_equals_the_public_one`).
    let mut rules = Fields::new(format!("{RFC7638_FILE} rules"), top.req("rules"));
    let mut required = Fields::new(
        format!("{RFC7638_FILE} rules.required_members"),
        rules.req("required_members"),
    );
    for (name, kty) in [
        ("RSA", "RSA"),
        ("EC", "EC"),
        ("oct", "oct"),
        ("OKP (RFC 8037)", "OKP"),
    ] {
        let listed: Vec<&str> = required
            .req(name)
            .as_array()
            .unwrap_or_else(|| panic!("{RFC7638_FILE}: required_members.{name}"))
            .iter()
            .map(|m| m.as_str().expect("member name"))
            .collect();
        assert_eq!(
            listed,
            required_members(kty),
            "{RFC7638_FILE}: required members of {name}"
        );
    }
    required.finish();
    assert!(
        rules.str("canonical_form").contains("lexicographic"),
        "{RFC7638_FILE}: canonical_form"
    );
    assert!(
        rules.str("private_keys").contains("public key"),
        "{RFC7638_FILE}: private_keys"
    );
    assert!(
        rules
            .str("optional_members_ignored")
            .contains("not included"),
        "{RFC7638_FILE}: optional_members_ignored"
    );
    rules.finish();

    let cases = top.req("cases").as_array().expect("cases");
    let mut ids = Vec::new();
    let mut thumbprint_3_1 = None;
    for c in cases {
        let mut f = Fields::new(format!("{RFC7638_FILE} case {}", c["id"]), c);
        let ctx = f.ctx().to_owned();
        let id = f.str("id");
        f.str("provenance");
        assert_eq!(f.str("hash"), "SHA-256", "{ctx}: hash");
        assert_eq!(f.str("expected"), "match", "{ctx}: expected");
        let jwk_value = f.req("jwk");
        let canonical = canonical_json(&ctx, jwk_value);
        assert_eq!(canonical, f.str("canonical_json"), "{ctx}: canonical JSON");
        let sha = digest(ThumbprintHash::Sha256, canonical.as_bytes());
        assert_eq!(
            hex_encode(&sha),
            f.str("thumbprint_hex"),
            "{ctx}: SHA-256 (hex)"
        );
        if let Some(octets) = f.opt("thumbprint_octets") {
            let octets: Vec<u8> = octets
                .as_array()
                .expect("octets")
                .iter()
                .map(|o| {
                    o.as_u64()
                        .and_then(|o| u8::try_from(o).ok())
                        .expect("octet")
                })
                .collect();
            assert_eq!(octets, sha, "{ctx}: SHA-256 (octets)");
        }
        let expected = f.str("thumbprint_b64u");
        assert_eq!(b64u_encode(&sha), expected, "{ctx}: SHA-256 (base64url)");
        let got = thumbprint(&ctx, &jwk_of(&ctx, jwk_value), ThumbprintHash::Sha256);
        assert_eq!(got, expected, "{ctx}: Jwk::thumbprint(Sha256)");
        if id == "rfc7638-3.1" {
            thumbprint_3_1 = Some(got);
        }
        ids.push(id.to_owned());
        f.finish();
    }
    assert_eq!(
        ids,
        [
            "rfc7638-3.1",
            "derived-ec-p256",
            "derived-oct",
            "rfc8037-A.3"
        ],
        "{RFC7638_FILE}: cases run"
    );

    // RFC 9278 thumbprint URI of the 3.1 key.
    let mut uri = Fields::new(
        format!("{RFC7638_FILE} jwk_thumbprint_uri_example"),
        top.req("jwk_thumbprint_uri_example"),
    );
    uri.str("provenance");
    assert_eq!(
        uri.str("uri"),
        format!(
            "urn:ietf:params:oauth:jwk-thumbprint:sha-256:{}",
            thumbprint_3_1.expect("case rfc7638-3.1 ran")
        ),
        "{RFC7638_FILE}: jwk_thumbprint_uri_example"
    );
    uri.finish();
    top.finish();
}

/// SHA-384 and SHA-512 thumbprints of every vector key against the canonical JSON
/// hashed here with `sha2`.
#[test]
fn rfc7638_sha384_and_sha512_thumbprints_match_hand_built_canonical_json() {
    let doc = parse_vectors(RFC7638_FILE, RFC7638);
    let cases = doc["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 4, "{RFC7638_FILE}: every case");
    for c in cases {
        let ctx = format!("{RFC7638_FILE} case {}", c["id"]);
        let j = jwk_of(&ctx, &c["jwk"]);
        for hash in [ThumbprintHash::Sha384, ThumbprintHash::Sha512] {
            assert_eq!(
                thumbprint(&ctx, &j, hash),
                expected_thumbprint(&ctx, &c["jwk"], hash),
                "{ctx}: {hash:?}"
            );
        }
        // Different hashes give different (and differently sized) thumbprints.
        let lens: Vec<usize> = HASHES
            .iter()
            .map(|h| thumbprint(&ctx, &j, *h).len())
            .collect();
        assert_eq!(
            lens,
            [43, 64, 86],
            "{ctx}: base64url lengths of 32/48/64 octets"
        );
    }
}

/// RFC 8037 A.3: the thumbprint of the A.2 Ed25519 key, from the RFC 8037 vector file.
#[test]
fn rfc8037_a3_okp_ed25519_thumbprint_matches() {
    let doc = parse_vectors(RFC8037_FILE, RFC8037);
    let t = &doc["thumbprint"];
    let ctx = format!("{RFC8037_FILE} thumbprint (A.3)");
    // Every member of the A.3 object is used below.
    let mut f = Fields::new(&ctx, t);
    assert_eq!(f.str("section"), "A.3", "{ctx}: section");
    assert_eq!(f.str("hash"), "SHA-256", "{ctx}: hash");
    for m in [
        "jwk",
        "canonical_json",
        "thumbprint_hex",
        "thumbprint_b64u",
        "note",
    ] {
        f.req(m);
    }
    f.finish();
    let expected = t["thumbprint_b64u"].as_str().expect("thumbprint_b64u");
    assert_eq!(
        expected, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
        "{ctx}: the RFC's value"
    );
    assert_eq!(
        canonical_json(&ctx, &t["jwk"]),
        t["canonical_json"].as_str().expect("canonical_json"),
        "{ctx}: canonical JSON"
    );
    assert_eq!(
        hex_encode(&digest(
            ThumbprintHash::Sha256,
            canonical_json(&ctx, &t["jwk"]).as_bytes()
        )),
        t["thumbprint_hex"].as_str().expect("thumbprint_hex"),
        "{ctx}: hex"
    );
    // The A.3 key, the A.2 public key and the A.1 private key all have it.
    for (what, v) in [
        ("A.3 jwk", &t["jwk"]),
        ("A.2 public jwk", &doc["public_key"]["jwk"]),
        ("A.1 private jwk", &doc["private_key"]["jwk"]),
    ] {
        assert_eq!(
            thumbprint(&ctx, &jwk_of(what, v), ThumbprintHash::Sha256),
            expected,
            "{ctx}: {what}"
        );
    }
    // And the keys the crate builds from them.
    let private = jwk_of("A.1", &doc["private_key"]["jwk"]);
    for alg in [EdDSA, Ed25519] {
        let sk = private.to_signing_key(alg).expect("A.1 signing key");
        assert_eq!(
            sk.thumbprint(ThumbprintHash::Sha256).expect("thumbprint"),
            expected,
            "{ctx}: SigningKey ({alg:?})"
        );
        assert_eq!(
            sk.verifying_key()
                .thumbprint(ThumbprintHash::Sha256)
                .expect("thumbprint"),
            expected,
            "{ctx}: VerifyingKey ({alg:?})"
        );
    }
}

/// RFC 7638 §3.2.1 (the vector file's `rules.private_keys`; the file has no private
/// case): a private JWK's thumbprint is its public key's.
#[test]
fn rfc7638_s3_2_1_private_key_thumbprint_equals_the_public_one() {
    let rfc8037 = parse_vectors(RFC8037_FILE, RFC8037);
    let es384_public = {
        let mut v = value("tests/keys/es384_private.jwk.json", ES384_PRIVATE_JWK);
        v.as_object_mut().expect("object").remove("d");
        v.to_string()
    };
    let pairs: Vec<(&str, String, String)> = vec![
        (
            "RFC 7520 3.4 (RSA private) / 3.3",
            KEY_3_4.into(),
            KEY_3_3.into(),
        ),
        (
            "RFC 7520 3.2 (P-521 private) / 3.1",
            KEY_3_2.into(),
            KEY_3_1.into(),
        ),
        (
            "RFC 8037 A.1 (Ed25519 private) / A.2",
            rfc8037["private_key"]["jwk"].to_string(),
            rfc8037["public_key"]["jwk"].to_string(),
        ),
        (
            "tests/keys/es384_private.jwk.json / without d",
            ES384_PRIVATE_JWK.into(),
            es384_public,
        ),
    ];
    for (ctx, private, public) in &pairs {
        let (private, public) = (jwk(ctx, private), jwk(ctx, public));
        assert!(private.is_private() && !public.is_private(), "{ctx}");
        for hash in HASHES {
            assert_eq!(
                thumbprint(ctx, &private, hash),
                thumbprint(ctx, &public, hash),
                "{ctx}: {hash:?}"
            );
        }
        // And `to_public()` of the private one has the same thumbprint too.
        let stripped = private.to_public().expect("to_public");
        assert_eq!(
            thumbprint(ctx, &stripped, ThumbprintHash::Sha256),
            thumbprint(ctx, &public, ThumbprintHash::Sha256),
            "{ctx}: to_public"
        );
    }
    // The P-521 pair as keys: with aws-lc-rs the ES512 signing key (§3.2) and verifying
    // key (§3.1) have the JWK's thumbprint; ring cannot build either.
    let (k32, k31) = (jwk("3.2", KEY_3_2), jwk("3.1", KEY_3_1));
    if has_aws_lc() {
        let sk = k32.to_signing_key(ES512).expect("rfc7520-3.2 as ES512");
        let vk = k31.to_verifying_key(ES512).expect("rfc7520-3.1 as ES512");
        for hash in HASHES {
            let want = thumbprint("3.1", &k31, hash);
            assert_eq!(
                sk.thumbprint(hash).expect("sk"),
                want,
                "3.2 signing key {hash:?}"
            );
            assert_eq!(
                vk.thumbprint(hash).expect("vk"),
                want,
                "3.1 verifying key {hash:?}"
            );
            assert_eq!(
                thumbprint("3.2 export", &sk.to_private_jwk().expect("export"), hash),
                want,
                "3.2 private JWK export {hash:?}"
            );
        }
    } else {
        assert_eq!(
            kind(&k32.to_signing_key(ES512)),
            Some(UnsupportedKey),
            "3.2 (ring)"
        );
        assert_eq!(
            kind(&k31.to_verifying_key(ES512)),
            Some(UnsupportedKey),
            "3.1 (ring)"
        );
    }
    // Generated keys: private JWK vs public JWK.
    for alg in generated_algs(&[ES256, ES384, EdDSA]) {
        let key = generate(alg);
        let private = key.to_private_jwk().expect("private JWK");
        let public = key.to_public_jwk().expect("public JWK");
        assert!(private.is_private(), "generated {alg:?}");
        assert_eq!(
            thumbprint("generated", &private, ThumbprintHash::Sha256),
            thumbprint("generated", &public, ThumbprintHash::Sha256),
            "generated {alg:?}: private vs public JWK"
        );
    }
}

/// One public JWK of each key type, as JSON values: (label, JWK).
fn key_of_every_type() -> Vec<(&'static str, Value)> {
    let rfc8037 = parse_vectors(RFC8037_FILE, RFC8037);
    let mut p384 = value("es384 fixture", ES384_PRIVATE_JWK);
    p384.as_object_mut().expect("object").remove("d");
    vec![
        ("RSA", Value::Object(rsa_public_jwk_value())),
        (
            "EC P-256",
            json!({"kty": "EC", "crv": "P-256", "x": P256_X, "y": P256_Y}),
        ),
        ("EC P-384", p384),
        ("EC P-521 (RFC 7520 3.1)", value("3.1", KEY_3_1)),
        ("EC secp256k1 (Wycheproof, RFC 8812)", secp256k1_jwk()),
        ("OKP Ed25519", rfc8037["public_key"]["jwk"].clone()),
        (
            "OKP X25519",
            json!({"kty": "OKP", "crv": "X25519", "x": X25519_X}),
        ),
        ("oct (RFC 7520 3.5)", value("3.5", KEY_3_5)),
    ]
}

/// Every key type's thumbprint (all three hashes) is the hash of its required members;
/// `alg`, `kid`, `use`, `key_ops`, `x5c` and private extensions do not change it, and
/// any required member does.
#[test]
fn rfc7638_thumbprint_of_every_key_type_ignores_optional_members() {
    for (label, v) in key_of_every_type() {
        let plain = jwk_of(label, &v);
        for hash in HASHES {
            assert_eq!(
                thumbprint(label, &plain, hash),
                expected_thumbprint(label, &v, hash),
                "{label}: {hash:?}"
            );
        }
        let base = thumbprint(label, &plain, ThumbprintHash::Sha256);
        // Optional members added or changed.
        let mut decorated = v.clone();
        let obj = decorated.as_object_mut().expect("object");
        obj.insert("alg".into(), "XYZ".into());
        obj.insert("kid".into(), "some kid".into());
        obj.insert("use".into(), "enc".into());
        obj.insert("key_ops".into(), json!(["wrapKey"]));
        obj.insert("x5c".into(), json!(["MIIB"]));
        obj.insert("urn:example:ext".into(), json!({"a": [1, 2]}));
        assert_eq!(
            thumbprint(label, &jwk_of(label, &decorated), ThumbprintHash::Sha256),
            base,
            "{label}: optional members must not change the thumbprint"
        );
        assert_eq!(
            thumbprint(
                label,
                &plain.clone().with_kid("other"),
                ThumbprintHash::Sha256
            ),
            base,
            "{label}: with_kid must not change the thumbprint"
        );
        // Each required member matters: changing it changes the thumbprint, removing it
        // is InvalidKey.
        let kty = v["kty"].as_str().expect("kty");
        for member in required_members(kty).iter().filter(|m| **m != "kty") {
            let mut changed = v.clone();
            let old = changed[*member].as_str().expect("member").to_owned();
            let new = match *member {
                "crv" => format!("{old}x"),
                // Another valid base64url value: the first character replaced.
                _ => format!(
                    "{}{}",
                    if old.starts_with('A') { 'B' } else { 'A' },
                    &old[1..]
                ),
            };
            changed[*member] = Value::String(new);
            assert_ne!(
                thumbprint(label, &jwk_of(label, &changed), ThumbprintHash::Sha256),
                base,
                "{label}: changing `{member}` must change the thumbprint"
            );
            let mut removed = v.clone();
            removed.as_object_mut().expect("object").remove(*member);
            assert_eq!(
                kind(&jwk_of(label, &removed).thumbprint(ThumbprintHash::Sha256)),
                Some(InvalidKey),
                "{label}: thumbprint without `{member}`"
            );
        }
    }
    // A kty without RFC 7638 members has no thumbprint.
    assert_eq!(
        kind(&jwk("kty foo", r#"{"kty":"foo","x":"AA"}"#).thumbprint(ThumbprintHash::Sha256)),
        Some(InvalidKey),
        "kty foo"
    );
}

/// `VerifyingKey::thumbprint` and `SigningKey::thumbprint` are the thumbprint of the
/// key's JWK (for HMAC, of its `oct` JWK), whatever algorithm the key is bound to.
#[test]
fn rfc7638_verifying_and_signing_key_thumbprints_equal_the_jwk_thumbprint() {
    // HMAC: the `oct` JWK of the secret.
    let oct = json!({"kty": "oct", "k": b64u_encode(&SECRET_64)});
    for alg in [HS256, HS384, HS512] {
        let hmac = HmacKey::new(alg, &SECRET_64).expect("HMAC key");
        let (sk, vk) = (SigningKey::from(hmac.clone()), VerifyingKey::from(hmac));
        for hash in HASHES {
            let want = expected_thumbprint("oct", &oct, hash);
            let ctx = format!("HMAC secret bound to {alg:?}, {hash:?}");
            assert_eq!(sk.thumbprint(hash).expect("sk"), want, "{ctx}: SigningKey");
            assert_eq!(
                vk.thumbprint(hash).expect("vk"),
                want,
                "{ctx}: VerifyingKey"
            );
            let private = sk.to_private_jwk().expect("oct JWK");
            assert_eq!(thumbprint(&ctx, &private, hash), want, "{ctx}: oct JWK");
        }
    }
    // RSA (the fixture, bound to several algorithms): PEM keys vs the public JWK.
    let rsa_jwk = Value::Object(rsa_public_jwk_value());
    for alg in [RS256, PS256, RS384] {
        let (sk, vk) = (rsa_signing(alg), rsa_public(alg));
        for hash in HASHES {
            let want = expected_thumbprint("RSA", &rsa_jwk, hash);
            let ctx = format!("RSA fixture bound to {alg:?}, {hash:?}");
            assert_eq!(sk.thumbprint(hash).expect("sk"), want, "{ctx}: SigningKey");
            assert_eq!(
                vk.thumbprint(hash).expect("vk"),
                want,
                "{ctx}: VerifyingKey"
            );
            let public = sk.to_public_jwk().expect("public JWK");
            assert_eq!(thumbprint(&ctx, &public, hash), want, "{ctx}: public JWK");
        }
    }
    // Generated EC and OKP keys (with aws-lc-rs also ES512, ES256K and RSA).
    for alg in generated_algs(&[ES256, ES384, EdDSA, Ed25519]) {
        let sk = generate(alg);
        let public = sk.to_public_jwk().expect("public JWK");
        let public_value = exported("public JWK", &public);
        for hash in HASHES {
            let want = expected_thumbprint("generated", &public_value, hash);
            let ctx = format!("generated {alg:?}, {hash:?}");
            assert_eq!(sk.thumbprint(hash).expect("sk"), want, "{ctx}: SigningKey");
            assert_eq!(
                sk.verifying_key().thumbprint(hash).expect("vk"),
                want,
                "{ctx}: VerifyingKey"
            );
            assert_eq!(thumbprint(&ctx, &public, hash), want, "{ctx}: public JWK");
        }
    }
}

/// `SigningKey::generate` names the key by its SHA-256 thumbprint; the signer puts
/// that `kid` in the header; the key published as a JWK (to JSON and back) verifies
/// the token, directly and through a key set.
#[test]
fn rfc7638_generated_key_kid_is_its_sha256_thumbprint_and_its_public_jwk_verifies() {
    for alg in generated_algs(&[HS256, ES256, ES384, EdDSA, Ed25519]) {
        let ctx = format!("generated {alg:?}");
        let key = generate(alg);
        let tp = key.thumbprint(ThumbprintHash::Sha256).expect("thumbprint");
        assert_eq!(key.kid(), Some(tp.as_str()), "{ctx}: kid");
        assert_eq!(
            key.verifying_key().kid(),
            Some(tp.as_str()),
            "{ctx}: verifying key kid"
        );
        let token = sign(&key, None);
        assert_eq!(kid_of(&token), Some(tp.clone()), "{ctx}: header kid");

        // The published JWK: public for asymmetric keys; an HMAC key has none (its
        // `oct` JWK is the secret itself).
        let published = if alg.is_symmetric() {
            assert_eq!(
                kind(&key.to_public_jwk()),
                Some(IncompatibleKey),
                "{ctx}: public JWK"
            );
            key.to_private_jwk().expect("oct JWK")
        } else {
            key.to_public_jwk().expect("public JWK")
        };
        let text = published.to_json();
        let reparsed = jwk(&ctx, &text);
        assert_eq!(reparsed.kid(), Some(tp.as_str()), "{ctx}: JWK kid");
        assert_eq!(
            reparsed.algorithm_name(),
            Some(alg.name()),
            "{ctx}: JWK alg"
        );
        assert_eq!(
            thumbprint(&ctx, &reparsed, ThumbprintHash::Sha256),
            tp,
            "{ctx}: JWK thumbprint"
        );
        let vk = reparsed.to_verifying_key(alg).expect("verifying key");
        assert_eq!(vk.kid(), Some(tp.as_str()), "{ctx}: verifying key kid");
        let v = Verifier::builder()
            .allow(alg)
            .key(vk)
            .build()
            .expect("verifier");
        verify(&v, &token).unwrap_or_else(|e| panic!("{ctx}: verifies with its JWK: {e:?}"));

        // Through a key set, next to another key of the same algorithm.
        let other = generate(alg);
        let other_jwk = if alg.is_symmetric() {
            other.to_private_jwk()
        } else {
            other.to_public_jwk()
        }
        .expect("other JWK");
        let s = JwkSet::from_keys([other_jwk, reparsed]).expect("set");
        let v = set_verifier(&[alg], &s).expect("set verifier");
        verify(&v, &token).unwrap_or_else(|e| panic!("{ctx}: verifies through a set: {e:?}"));
        assert_eq!(
            kind(&verify(&v, &sign(&other, Some(&tp)))),
            Some(InvalidSignature),
            "{ctx}: the other key's token under this kid"
        );
    }
}
