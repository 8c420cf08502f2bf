//! RFC 7520 §3 cookbook keys: import, export round trip, `to_public` (the P-521
//! §3.1/§3.2 pair is an ES512 key with the aws-lc-rs backend, unsupported with ring),
//! and an RFC 8812 secp256k1 JWK (ES256K with aws-lc-rs, unsupported with ring).

use crate::common::{hex_decode, kind, parse_vectors};
use crate::helpers::*;
use serde_json::json;
use strict_jwt::Algorithm::{
    ES256, ES256K, ES384, ES512, HS256, HS384, PS256, PS384, RS256, RS384,
};
use strict_jwt::ErrorKind::{
    Configuration, IncompatibleKey, InvalidKey, InvalidSignature, UnsupportedKey,
};
use strict_jwt::internal::verify_raw;
use strict_jwt::{Algorithm, JwkSet, ThumbprintHash, VerifyingKey};

const COOKBOOK_KEYS: [(&str, &str); 5] = [
    ("rfc7520-3.1", KEY_3_1),
    ("rfc7520-3.2", KEY_3_2),
    ("rfc7520-3.3", KEY_3_3),
    ("rfc7520-3.4", KEY_3_4),
    ("rfc7520-3.5", KEY_3_5),
];

/// Each §3 key parses, exports to the same JSON value (every member), and the export
/// parses again to the same thumbprints and the same JSON.
#[test]
fn rfc7520_s3_keys_round_trip_through_to_json_with_every_member() {
    for (id, text) in COOKBOOK_KEYS {
        let file = value(id, text);
        let j = jwk(id, text);
        let out = exported(id, &j);
        assert_eq!(out, file, "{id}: to_json() must give back every member");
        assert_eq!(
            j.other_member_names().count(),
            0,
            "{id}: no unknown members"
        );
        let again = jwk(id, &j.to_json());
        assert_eq!(exported(id, &again), file, "{id}: second round trip");
        for hash in HASHES {
            assert_eq!(
                thumbprint(id, &again, hash),
                thumbprint(id, &j, hash),
                "{id}: {hash:?} after the round trip"
            );
            assert_eq!(
                thumbprint(id, &j, hash),
                expected_thumbprint(id, &file, hash),
                "{id}: {hash:?}"
            );
        }
        assert_eq!(j.kid(), file["kid"].as_str(), "{id}: kid");
        assert_eq!(
            j.key_type(),
            file["kty"].as_str().expect("kty"),
            "{id}: kty"
        );
        assert_eq!(j.public_key_use(), Some("sig"), "{id}: use");
    }
}

/// §3.3 (RSA public) imports for every RSA algorithm, §3.4 (RSA private) as a signing
/// key whose public half is §3.3, §3.5 as its own HS256 key; §3.1/§3.2 (P-521) are an
/// ES512 key pair with aws-lc-rs and unsupported for cryptography with ring.
#[test]
fn rfc7520_s3_3_s3_4_rsa_and_s3_5_oct_import_as_keys() {
    let (k31, k33, k34, k35) = (
        jwk("rfc7520-3.1", KEY_3_1),
        jwk("rfc7520-3.3", KEY_3_3),
        jwk("rfc7520-3.4", KEY_3_4),
        jwk("rfc7520-3.5", KEY_3_5),
    );
    let kid = "bilbo.baggins@hobbiton.example";
    for alg in [
        RS256,
        RS384,
        Algorithm::RS512,
        PS256,
        PS384,
        Algorithm::PS512,
    ] {
        let vk = k33
            .to_verifying_key(alg)
            .unwrap_or_else(|e| panic!("rfc7520-3.3 as {alg:?}: {e:?}"));
        assert_eq!(vk.kid(), Some(kid), "rfc7520-3.3 {alg:?}: kid");
        let sk = k34
            .to_signing_key(alg)
            .unwrap_or_else(|e| panic!("rfc7520-3.4 as {alg:?}: {e:?}"));
        assert_eq!(sk.kid(), Some(kid), "rfc7520-3.4 {alg:?}: kid");
        assert_eq!(
            exported("3.4 public", &sk.to_public_jwk().expect("public JWK"))["n"],
            value("3.3", KEY_3_3)["n"],
            "rfc7520-3.4 {alg:?}: modulus"
        );
        assert_eq!(
            sk.thumbprint(ThumbprintHash::Sha256).expect("thumbprint"),
            thumbprint("3.3", &k33, ThumbprintHash::Sha256),
            "rfc7520-3.4 {alg:?}: thumbprint of the signing key"
        );
        // A private JWK is not a verification key.
        assert_eq!(
            kind(&k34.to_verifying_key(alg)),
            Some(InvalidKey),
            "rfc7520-3.4 as a verifying key ({alg:?})"
        );
    }
    k35.to_verifying_key(HS256)
        .expect("rfc7520-3.5 as an HS256 verifying key");
    k35.to_hmac_signing_key(HS256)
        .expect("rfc7520-3.5 as an HS256 signing key");
    assert_eq!(
        kind(&k35.to_verifying_key(HS384)),
        Some(IncompatibleKey),
        "rfc7520-3.5 (alg HS256) as HS384"
    );
    let p521 = has_aws_lc();
    assert_eq!(
        kind(&k31.to_verifying_key(ES256)),
        Some(if p521 {
            IncompatibleKey
        } else {
            UnsupportedKey
        }),
        "rfc7520-3.1 (P-521) as ES256: another curve's algorithm (aws-lc-rs), or a curve \
         ring lacks"
    );
    let k32 = jwk("rfc7520-3.2", KEY_3_2);
    if p521 {
        let vk = k31
            .to_verifying_key(ES512)
            .unwrap_or_else(|e| panic!("rfc7520-3.1 as ES512: {e:?}"));
        assert_eq!(vk.kid(), Some(kid), "rfc7520-3.1 ES512: kid");
        let sk = k32
            .to_signing_key(ES512)
            .unwrap_or_else(|e| panic!("rfc7520-3.2 as ES512: {e:?}"));
        assert_eq!(sk.kid(), Some(kid), "rfc7520-3.2 ES512: kid");
        assert_eq!(
            sk.verifying_key().to_spki_der().expect("SPKI"),
            vk.to_spki_der().expect("SPKI"),
            "rfc7520-3.2's public half is 3.1"
        );
        assert_eq!(
            kind(&k32.to_verifying_key(ES512)),
            Some(InvalidKey),
            "rfc7520-3.2 as a verifying key"
        );
    } else {
        assert_eq!(
            kind(&k31.to_verifying_key(ES512)),
            Some(UnsupportedKey),
            "rfc7520-3.1 (P-521) as ES512 (ring)"
        );
        assert_eq!(
            kind(&k32.to_signing_key(ES512)),
            Some(UnsupportedKey),
            "rfc7520-3.2 (P-521) as ES512 (ring)"
        );
    }

    // As one-key sets.
    let one = |id: &str, text: &str| {
        JwkSet::from_json(&json!({"keys": [value(id, text)]}).to_string())
            .unwrap_or_else(|e| panic!("{id}: one-key set: {e:?}"))
    };
    let algs = |s: &JwkSet| -> Vec<Algorithm> {
        s.verifying_keys().map(VerifyingKey::algorithm).collect()
    };
    assert_eq!(
        algs(&one("rfc7520-3.3", KEY_3_3)),
        [
            RS256,
            RS384,
            Algorithm::RS512,
            PS256,
            PS384,
            Algorithm::PS512
        ],
        "rfc7520-3.3 in a set: bound to every RSA algorithm (no alg)"
    );
    assert_eq!(
        algs(&one("rfc7520-3.5", KEY_3_5)),
        [HS256],
        "rfc7520-3.5 in a set"
    );
    if p521 {
        assert_eq!(
            algs(&one("rfc7520-3.1", KEY_3_1)),
            [ES512],
            "rfc7520-3.1 in a set: bound to its curve's algorithm (no alg)"
        );
    }
    let mut refused = vec![
        // Private: a set key is a verification key (with aws-lc-rs), or (ring) on an
        // unsupported curve, which is what is reported first.
        (
            "rfc7520-3.2",
            KEY_3_2,
            if p521 { InvalidKey } else { UnsupportedKey },
        ),
        ("rfc7520-3.4", KEY_3_4, InvalidKey),
    ];
    if !p521 {
        refused.insert(0, ("rfc7520-3.1", KEY_3_1, UnsupportedKey));
    }
    for (id, text, why) in refused {
        let s = one(id, text);
        assert_eq!(
            skipped(&s),
            [(0, Some(kid.to_owned()), why)],
            "{id} in a set: skipped"
        );
        assert_eq!(s.keys().len(), 1, "{id}: still listed in keys()");
    }
    // 3.1 and 3.3 share their kid: together they are an ambiguous set.
    assert_eq!(
        kind(&JwkSet::from_json(
            &json!({"keys": [value("3.3", KEY_3_3), value("3.1", KEY_3_1)]}).to_string()
        )),
        Some(InvalidKey),
        "rfc7520-3.3 + 3.1: same kid"
    );
}

/// `to_public()`: §3.4 gives §3.3, §3.2 gives §3.1 (P-521 parses, exports and has a
/// thumbprint in every build, even with ring, which cannot use it for crypto); public
/// keys are unchanged; §3.5 (`oct`) has no public form.
#[test]
fn rfc7520_s3_to_public_of_private_keys_equals_the_public_files() {
    for (private_id, private, public_id, public) in [
        ("rfc7520-3.4", KEY_3_4, "rfc7520-3.3", KEY_3_3),
        ("rfc7520-3.2", KEY_3_2, "rfc7520-3.1", KEY_3_1),
        ("rfc7520-3.3", KEY_3_3, "rfc7520-3.3", KEY_3_3),
        ("rfc7520-3.1", KEY_3_1, "rfc7520-3.1", KEY_3_1),
    ] {
        let stripped = jwk(private_id, private)
            .to_public()
            .unwrap_or_else(|e| panic!("{private_id}: to_public: {e:?}"));
        assert!(!stripped.is_private(), "{private_id}: to_public is public");
        assert_eq!(
            exported(private_id, &stripped),
            value(public_id, public),
            "{private_id}.to_public() == {public_id}"
        );
    }
    assert_eq!(
        kind(&jwk("rfc7520-3.5", KEY_3_5).to_public()),
        Some(IncompatibleKey),
        "rfc7520-3.5: an oct key has no public form"
    );
}

/// RFC 8812 §3.1/§3.2: a secp256k1 key is `kty` "EC" with `crv` "secp256k1", for ES256K
/// (ECDSA on secp256k1 with SHA-256). Its thumbprint is computable in every build. With
/// aws-lc-rs it imports as an ES256K key (alone and in a set, where it is bound to
/// ES256K for want of `alg`), exports back, and verifies a Wycheproof signature of its
/// group; with ring, which has no secp256k1, it is `UnsupportedKey` (skipped in a
/// set).
#[test]
fn rfc8812_secp256k1_jwk_is_an_es256k_key_with_aws_lc_rs_and_unsupported_with_ring() {
    let ctx = "secp256k1 JWK (Wycheproof group 0)";
    let v = secp256k1_jwk();
    let j = jwk_of(ctx, &v);
    assert_eq!(
        (j.key_type(), j.curve(), j.algorithm_name()),
        ("EC", Some("secp256k1"), None),
        "{ctx}"
    );
    for hash in HASHES {
        assert_eq!(
            thumbprint(ctx, &j, hash),
            expected_thumbprint(ctx, &v, hash),
            "{ctx}: {hash:?} thumbprint"
        );
    }
    let mut named = v.clone();
    named["kid"] = "k1".into();
    named["use"] = "sig".into();
    let s = set(ctx, vec![named]);

    if !has_aws_lc() {
        for alg in [ES256K, ES256, ES512] {
            assert_eq!(
                kind(&j.to_verifying_key(alg)),
                Some(UnsupportedKey),
                "{ctx} as {alg:?} (ring)"
            );
        }
        assert_eq!(
            kind(&j.algorithms_for_key_type()),
            Some(UnsupportedKey),
            "{ctx}: algorithms_for_key_type (ring)"
        );
        assert_eq!(
            skipped(&s),
            [(0, Some("k1".to_owned()), UnsupportedKey)],
            "{ctx} in a set (ring)"
        );
        assert_eq!(s.verifying_keys().count(), 0, "{ctx}: no binding (ring)");
        assert_eq!(
            kind(&set_verifier(&[ES256K], &s)),
            Some(Configuration),
            "{ctx}: an ES256K verifier with this set has no key (ring)"
        );
        return;
    }

    assert_eq!(
        j.algorithms_for_key_type().expect("algorithms"),
        [ES256K],
        "{ctx}: algorithms_for_key_type"
    );
    let vk = j
        .to_verifying_key(ES256K)
        .unwrap_or_else(|e| panic!("{ctx} as ES256K: {e:?}"));
    assert_eq!(vk.algorithm(), ES256K, "{ctx}");
    for alg in [ES256, ES384, ES512] {
        assert_eq!(
            kind(&j.to_verifying_key(alg)),
            Some(IncompatibleKey),
            "{ctx} as {alg:?}: another curve's algorithm"
        );
    }
    // Export: the file's members plus the bound `alg`; the export imports by its own alg.
    let out = exported(ctx, &vk.to_public_jwk().expect("export"));
    let mut want = v.clone();
    want["alg"] = "ES256K".into();
    assert_eq!(out, want, "{ctx}: public JWK export");
    let again = jwk_of(ctx, &out)
        .to_verifying_key_for_own_alg()
        .unwrap_or_else(|e| panic!("{ctx}: re-import: {e:?}"));
    assert_eq!(
        again.to_spki_der().expect("SPKI"),
        vk.to_spki_der().expect("SPKI"),
        "{ctx}: re-imported key"
    );
    assert_eq!(
        vk.thumbprint(ThumbprintHash::Sha256).expect("thumbprint"),
        expected_thumbprint(ctx, &v, ThumbprintHash::Sha256),
        "{ctx}: VerifyingKey thumbprint"
    );
    // In a set: bound to ES256K, nothing skipped.
    assert!(s.skipped().is_empty(), "{ctx}: skipped {:?}", s.skipped());
    let bindings: Vec<(Option<&str>, Algorithm)> = s
        .verifying_keys()
        .map(|k| (k.kid(), k.algorithm()))
        .collect();
    assert_eq!(bindings, [(Some("k1"), ES256K)], "{ctx}: set bindings");
    // The group's first valid case verifies with the set's key, below the JWS layer.
    let doc = parse_vectors(WYCHEPROOF_SECP256K1_FILE, WYCHEPROOF_SECP256K1);
    let case = doc["testGroups"][0]["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|t| t["result"] == "valid")
        .expect("a valid case in group 0");
    let (msg, sig) = (
        hex_decode("msg", case["msg"].as_str().expect("msg")),
        hex_decode("sig", case["sig"].as_str().expect("sig")),
    );
    let key = s.verifying_keys().next().expect("binding");
    verify_raw(key, &msg, &sig).unwrap_or_else(|e| {
        panic!(
            "{WYCHEPROOF_SECP256K1_FILE} tcId {}: valid signature: {e:?}",
            case["tcId"]
        )
    });
    // A generated ES256K key: its public JWK (crv secp256k1) verifies its tokens through
    // a set, next to the Wycheproof key.
    let sk = generate(ES256K);
    let published = public_jwk_value(&sk, Some("k1-generated"));
    assert_eq!(published["crv"], "secp256k1", "generated ES256K key: crv");
    let mut named = v.clone();
    named["kid"] = "k1".into();
    let s = set("two secp256k1 keys", vec![named, published]);
    let verifier = set_verifier(&[ES256K], &s).expect("ES256K set verifier");
    verify(&verifier, &sign(&sk, Some("k1-generated"))).expect("generated ES256K token");
    assert_eq!(
        kind(&verify(&verifier, &sign(&sk, Some("k1")))),
        Some(InvalidSignature),
        "generated key's token naming the Wycheproof key"
    );
}
