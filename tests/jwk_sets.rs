//! JWKs, JWK sets and RFC 7638 thumbprints, and key selection by `kid` through a
//! key-set verifier (`verification-rules.md` §0 and §2 `kid`).
//!
//! 1. RFC 7638 thumbprints: every case of `vectors/rfc7638/rfc7638_thumbprint.json`
//!    (unread members fail the test, see `common::Fields`), SHA-384/512 against a
//!    canonical JSON built here by hand and hashed with `sha2`, the RFC 8037 A.3 value,
//!    every key type, and the `kid` of generated keys.
//! 2. RFC 7520 §3 cookbook keys: import, export round trip, `to_public` (the P-521
//!    §3.1/§3.2 pair is an ES512 key with the aws-lc-rs backend, unsupported with
//!    ring), and an RFC 8812 secp256k1 JWK (ES256K with aws-lc-rs, unsupported with
//!    ring).
//! 3. Strict parsing: duplicate members, unknown members kept verbatim, size caps,
//!    member types.
//! 4. Key sets skip and report the keys they cannot use; a few problems are fatal. A
//!    Keycloak-style set (RS256, ES256 and EdDSA keys, with and without `alg`) verifies
//!    each key's tokens through an allowlist of exactly those three.
//! 5. `rule2_*`: key selection attacks (kid injection, unknown kid, kid collisions,
//!    kid-less tokens, keys without `alg`).
//! 6. Every case of Wycheproof `json_web_key_test.json` through
//!    `JwkSet` -> `Verifier::key_set` (`tests/wycheproof.rs` runs the same file through
//!    single keys).
//!
//! Keys: the fixed OpenSSL RSA key of `tests/keys/` (PEM), the vector files' keys, and
//! keys generated per run (ES256, ES384, EdDSA; with aws-lc-rs also ES512, ES256K and
//! RSA), which are cheap.

mod common;

use common::{Fields, b64u_encode, expect_valid, kind, parse_vectors};
use serde_json::{Map, Value, json};
use sha2::Digest as _;
use std::collections::BTreeSet;
use std::time::Duration;
use strict_jwt::internal::verify_raw;
use strict_jwt::jwk::{MAX_JWK_LEN, MAX_JWK_SET_KEYS, MAX_JWK_SET_LEN};
use strict_jwt::{
    Algorithm, Backend, Claims, Error, ErrorKind, HmacKey, Jwk, JwkSet, MAX_KEYS_TRIED_WITHOUT_KID,
    MAX_KID_LEN, NumericDate, Signer, SigningKey, ThumbprintHash, UntrustedToken, Verifier,
    VerifyingKey,
};

use Algorithm::{
    ES256, ES256K, ES384, ES512, Ed25519, EdDSA, HS256, HS384, HS512, PS256, PS384, RS256, RS384,
};
use ErrorKind::{
    AlgorithmNotAllowed, Configuration, InvalidKey, InvalidSignature, KeyMismatch, Malformed,
    TooLarge, UnknownKey, UnsupportedAlgorithm, WeakKey,
};

const RFC7638_FILE: &str = "rfc7638_thumbprint.json";
const RFC7638: &str = include_str!("../vectors/rfc7638/rfc7638_thumbprint.json");
const RFC8037_FILE: &str = "rfc8037_appendix_a.json";
const RFC8037: &str = include_str!("../vectors/rfc8037/rfc8037_appendix_a.json");
const KEY_3_1: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_1.ec_public_key.json");
const KEY_3_2: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_2.ec_private_key.json");
const KEY_3_3: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_3.rsa_public_key.json");
const KEY_3_4: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_4.rsa_private_key.json");
const KEY_3_5: &str =
    include_str!("../vectors/rfc7520/cookbook/jwk/3_5.symmetric_key_mac_computation.json");
const WYCHEPROOF_JWK_FILE: &str = "json_web_key_test.json";
const WYCHEPROOF_JWK: &str =
    include_str!("../vectors/wycheproof/testvectors_v1/json_web_key_test.json");
const WYCHEPROOF_SECP256K1_FILE: &str = "ecdsa_secp256k1_sha256_p1363_test.json";
const WYCHEPROOF_SECP256K1: &str =
    include_str!("../vectors/wycheproof/testvectors_v1/ecdsa_secp256k1_sha256_p1363_test.json");

// Fixed keys (tests/keys/): an OpenSSL 2048-bit RSA key and a P-384 test key.
const RSA_PEM: &str = include_str!("keys/rsa2048.pem");
const RSA_PUB_PEM: &str = include_str!("keys/rsa2048_pub.pem");
const ES384_PRIVATE_JWK: &str = include_str!("keys/es384_private.jwk.json");

/// The RFC 7515 A.3 P-256 public key (also the example of `JwkSet`'s documentation).
const P256_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
const P256_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
/// The RFC 8037 A.6 X25519 public key (RFC 7748 §6.1 Alice's), an ECDH key.
const X25519_X: &str = "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo";
/// A 32-byte HMAC secret.
const SECRET: [u8; 32] = *b"jwk-sets test secret, 32 bytes!!";
/// A 64-byte HMAC secret (long enough for HS512).
const SECRET_64: [u8; 64] = *b"jwk-sets test secret of 64 bytes, long enough for HS384 & HS512!";

const NOW: i64 = 1_700_000_000;
const HASHES: [ThumbprintHash; 3] = [
    ThumbprintHash::Sha256,
    ThumbprintHash::Sha384,
    ThumbprintHash::Sha512,
];

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn now() -> NumericDate {
    NumericDate::from_secs(NOW)
}

/// Parses JSON text written in this file (or by the crate) into a `Value`.
fn value(ctx: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{ctx}: not JSON: {e}"))
}

fn jwk(ctx: &str, text: &str) -> Jwk {
    Jwk::from_json(text).unwrap_or_else(|e| panic!("{ctx}: must parse as a JWK: {e:?}"))
}

fn jwk_of(ctx: &str, v: &Value) -> Jwk {
    jwk(ctx, &v.to_string())
}

/// A JWK's `to_json()` as a `Value`.
fn exported(ctx: &str, j: &Jwk) -> Value {
    value(ctx, &j.to_json())
}

fn set(ctx: &str, keys: Vec<Value>) -> JwkSet {
    JwkSet::from_json(&json!({ "keys": keys }).to_string())
        .unwrap_or_else(|e| panic!("{ctx}: the set must import: {e:?}"))
}

/// Required members of each `kty` (RFC 7638 §3.2, RFC 8037 §2), in lexicographic order.
fn required_members(kty: &str) -> &'static [&'static str] {
    match kty {
        "RSA" => &["e", "kty", "n"],
        "EC" => &["crv", "kty", "x", "y"],
        "OKP" => &["crv", "kty", "x"],
        "oct" => &["k", "kty"],
        other => panic!("no RFC 7638 members for kty {other:?}"),
    }
}

/// The RFC 7638 §3 canonical JSON of a JWK, built here: the required members only,
/// sorted, no whitespace.
fn canonical_json(ctx: &str, jwk: &Value) -> String {
    let kty = jwk["kty"]
        .as_str()
        .unwrap_or_else(|| panic!("{ctx}: kty is not a string"));
    let members: Vec<String> = required_members(kty)
        .iter()
        .map(|name| {
            let v = jwk[*name]
                .as_str()
                .unwrap_or_else(|| panic!("{ctx}: required member {name} is not a string"));
            format!("{}:{}", Value::from(*name), Value::from(v))
        })
        .collect();
    format!("{{{}}}", members.join(","))
}

fn digest(hash: ThumbprintHash, bytes: &[u8]) -> Vec<u8> {
    match hash {
        ThumbprintHash::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
        ThumbprintHash::Sha384 => sha2::Sha384::digest(bytes).to_vec(),
        ThumbprintHash::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
    }
}

/// The thumbprint computed independently of the crate.
fn expected_thumbprint(ctx: &str, jwk: &Value, hash: ThumbprintHash) -> String {
    b64u_encode(&digest(hash, canonical_json(ctx, jwk).as_bytes()))
}

fn thumbprint(ctx: &str, j: &Jwk, hash: ThumbprintHash) -> String {
    j.thumbprint(hash)
        .unwrap_or_else(|e| panic!("{ctx}: {hash:?} thumbprint: {e:?}"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn rsa_signing(alg: Algorithm) -> SigningKey {
    SigningKey::from_pem(alg, RSA_PEM).unwrap_or_else(|e| panic!("tests/keys/rsa2048.pem: {e:?}"))
}

fn rsa_public(alg: Algorithm) -> VerifyingKey {
    VerifyingKey::from_pem(alg, RSA_PUB_PEM)
        .unwrap_or_else(|e| panic!("tests/keys/rsa2048_pub.pem: {e:?}"))
}

/// The public JWK of the fixture RSA key as a JSON object (with `alg` RS256, no kid).
fn rsa_public_jwk_value() -> Map<String, Value> {
    let j = rsa_public(RS256)
        .to_public_jwk()
        .expect("fixture RSA public JWK");
    match exported("fixture RSA public JWK", &j) {
        Value::Object(m) => m,
        other => panic!("fixture RSA public JWK: not an object: {other}"),
    }
}

fn generate(alg: Algorithm) -> SigningKey {
    SigningKey::generate(alg).unwrap_or_else(|e| panic!("generate {alg:?}: {e:?}"))
}

/// A generated key without a `kid` (through PKCS#8, which carries none).
fn generate_without_kid(alg: Algorithm) -> SigningKey {
    let der = generate(alg).to_pkcs8_der().expect("PKCS#8 export");
    let key = SigningKey::from_pkcs8_der(alg, &der).expect("PKCS#8 import");
    assert_eq!(key.kid(), None, "a PKCS#8 import carries no kid");
    key
}

/// The public JWK of a signing key as a JSON object; `kid` as given (none: removed).
fn public_jwk_value(key: &SigningKey, kid: Option<&str>) -> Value {
    let j = key.to_public_jwk().expect("public JWK");
    let mut v = exported("public JWK", &j);
    let obj = v.as_object_mut().expect("object");
    obj.remove("kid");
    if let Some(kid) = kid {
        obj.insert("kid".into(), kid.into());
    }
    v
}

/// A JWT signed with `key`, carrying `kid` (none: the key's own kid, if any).
fn sign(key: &SigningKey, kid: Option<&str>) -> String {
    let signer = Signer::new(key.clone());
    let signer = match kid {
        Some(k) => signer.with_kid(k),
        None => signer,
    };
    signer
        .sign(&Claims::new_at(json!({"sub": "alice"}), now()).expires_in(Duration::from_secs(300)))
        .unwrap_or_else(|e| panic!("sign with {:?}: {e:?}", key.algorithm()))
}

fn verify(v: &Verifier, token: &str) -> Result<(), Error> {
    v.verify_at::<Value>(token, now()).map(|_| ())
}

/// A key-set verifier allowing exactly `algs`.
fn set_verifier(algs: &[Algorithm], set: &JwkSet) -> Result<Verifier, Error> {
    let (first, rest) = algs.split_first().expect("at least one algorithm");
    let mut b = Verifier::builder().allow(*first);
    for a in rest {
        b = b.allow(*a);
    }
    b.key_set(set).build()
}

/// (index, kid, kind) of each skipped key.
fn skipped(set: &JwkSet) -> Vec<(usize, Option<String>, ErrorKind)> {
    set.skipped()
        .iter()
        .map(|s| (s.index(), s.kid().map(String::from), s.error().kind()))
        .collect()
}

fn kid_of(token: &str) -> Option<String> {
    UntrustedToken::parse(token)
        .expect("token parses")
        .header()
        .kid()
        .map(String::from)
}

/// Whether this build has the aws-lc-rs backend (the `aws-lc-rs` feature, which serves
/// every algorithm when it is on): ES512 (P-521), ES256K (secp256k1) and RSA key
/// generation, which ring lacks. `Backend::ACTIVE` must agree with the features.
fn has_aws_lc() -> bool {
    let aws = cfg!(feature = "aws-lc-rs");
    let want = if aws { Backend::AwsLcRs } else { Backend::Ring };
    assert_eq!(Backend::ACTIVE, want, "the backend the features choose");
    for alg in [ES512, ES256K] {
        assert_eq!(
            Backend::ACTIVE.supports(alg),
            aws,
            "{alg} support of {:?}",
            Backend::ACTIVE
        );
    }
    aws
}

/// The algorithms to generate keys for: `base`, and with aws-lc-rs also ES512, ES256K
/// and RS256 (with ring, generating any of those is `UnsupportedAlgorithm`: checked).
fn generated_algs(base: &[Algorithm]) -> Vec<Algorithm> {
    let extra = [ES512, ES256K, RS256];
    if has_aws_lc() {
        base.iter().copied().chain(extra).collect()
    } else {
        for alg in extra {
            assert_eq!(
                kind(&SigningKey::generate(alg)),
                Some(UnsupportedAlgorithm),
                "generate {alg:?} with ring"
            );
        }
        base.to_vec()
    }
}

/// A secp256k1 public JWK (RFC 8812 §3.1: `kty` "EC", `crv` "secp256k1"): RFC 8812 prints
/// no example key, so this is the `publicKeyJwk` of the first group of Wycheproof's
/// `ecdsa_secp256k1_sha256_p1363_test.json` (its placeholder `kid` "none" removed).
fn secp256k1_jwk() -> Value {
    let doc = parse_vectors(WYCHEPROOF_SECP256K1_FILE, WYCHEPROOF_SECP256K1);
    let group = &doc["testGroups"][0];
    assert_eq!(
        group["publicKey"]["curve"], "secp256k1",
        "{WYCHEPROOF_SECP256K1_FILE} group 0"
    );
    let mut jwk = group["publicKeyJwk"].clone();
    assert_eq!(
        jwk["kid"], "none",
        "{WYCHEPROOF_SECP256K1_FILE} group 0 kid"
    );
    jwk.as_object_mut().expect("object").remove("kid");
    assert_eq!(
        (&jwk["kty"], &jwk["crv"]),
        (&Value::from("EC"), &Value::from("secp256k1")),
        "{WYCHEPROOF_SECP256K1_FILE} group 0 JWK"
    );
    jwk
}

// ---------------------------------------------------------------------------------------
// 1. RFC 7638 thumbprints
// ---------------------------------------------------------------------------------------

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
        assert_eq!(hex(&sha), f.str("thumbprint_hex"), "{ctx}: SHA-256 (hex)");
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
        hex(&digest(
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
            Some(UnsupportedAlgorithm),
            "3.2 (ring)"
        );
        assert_eq!(
            kind(&k31.to_verifying_key(ES512)),
            Some(UnsupportedAlgorithm),
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
                Some(KeyMismatch),
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

// ---------------------------------------------------------------------------------------
// 2. RFC 7520 §3 cookbook keys
// ---------------------------------------------------------------------------------------

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
        Some(KeyMismatch),
        "rfc7520-3.5 (alg HS256) as HS384"
    );
    let p521 = has_aws_lc();
    assert_eq!(
        kind(&k31.to_verifying_key(ES256)),
        Some(if p521 {
            KeyMismatch
        } else {
            UnsupportedAlgorithm
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
            Some(UnsupportedAlgorithm),
            "rfc7520-3.1 (P-521) as ES512 (ring)"
        );
        assert_eq!(
            kind(&k32.to_signing_key(ES512)),
            Some(UnsupportedAlgorithm),
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
            if p521 {
                InvalidKey
            } else {
                UnsupportedAlgorithm
            },
        ),
        ("rfc7520-3.4", KEY_3_4, InvalidKey),
    ];
    if !p521 {
        refused.insert(0, ("rfc7520-3.1", KEY_3_1, UnsupportedAlgorithm));
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
        Some(KeyMismatch),
        "rfc7520-3.5: an oct key has no public form"
    );
}

/// RFC 8812 §3.1/§3.2: a secp256k1 key is `kty` "EC" with `crv` "secp256k1", for ES256K
/// (ECDSA on secp256k1 with SHA-256). Its thumbprint is computable in every build. With
/// aws-lc-rs it imports as an ES256K key (alone and in a set, where it is bound to
/// ES256K for want of `alg`), exports back, and verifies a Wycheproof signature of its
/// group; with ring, which has no secp256k1, it is `UnsupportedAlgorithm` (skipped in a
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
                Some(UnsupportedAlgorithm),
                "{ctx} as {alg:?} (ring)"
            );
        }
        assert_eq!(
            kind(&j.algorithms_for_key_type()),
            Some(UnsupportedAlgorithm),
            "{ctx}: algorithms_for_key_type (ring)"
        );
        assert_eq!(
            skipped(&s),
            [(0, Some("k1".to_owned()), UnsupportedAlgorithm)],
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
            Some(KeyMismatch),
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
    let unhex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    };
    let (msg, sig) = (
        unhex(case["msg"].as_str().expect("msg")),
        unhex(case["sig"].as_str().expect("sig")),
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

// ---------------------------------------------------------------------------------------
// 3. Strict parsing
// ---------------------------------------------------------------------------------------

/// A 32-byte `oct` key as JSON members (without braces).
fn oct_members() -> String {
    format!(r#""kty":"oct","k":"{}""#, b64u_encode(&SECRET))
}

fn p256_members() -> String {
    format!(r#""kty":"EC","crv":"P-256","x":"{P256_X}","y":"{P256_Y}""#)
}

#[test]
fn strict_duplicate_member_names_are_malformed_at_every_level() {
    let oct = oct_members();
    let p256 = p256_members();
    let jwks = [
        ("duplicate kty", format!(r#"{{{oct},"kty":"oct"}}"#)),
        ("duplicate k", format!(r#"{{{oct},"k":"AAAA"}}"#)),
        ("duplicate kid", format!(r#"{{{oct},"kid":"a","kid":"b"}}"#)),
        ("duplicate x", format!(r#"{{{p256},"x":"{P256_X}"}}"#)),
        (
            "duplicate unknown member",
            format!(r#"{{{oct},"ext":1,"ext":1}}"#),
        ),
        (
            "duplicate kty, one escaped (k\\u0074y)",
            format!(r#"{{{oct},"k\u0074y":"oct"}}"#),
        ),
        (
            "duplicate inside an unknown member",
            format!(r#"{{{oct},"ext":{{"a":1,"a":2}}}}"#),
        ),
        (
            "duplicate deep inside an unknown member's array",
            format!(r#"{{{oct},"ext":[{{"b":{{"c":0,"c":0}}}}]}}"#),
        ),
        (
            "duplicate inside x5c-like array of objects",
            format!(r#"{{{p256},"x5c":[{{"a":"1","a":"1"}}]}}"#),
        ),
    ];
    for (case, text) in &jwks {
        assert_eq!(
            kind(&Jwk::from_json(text)),
            Some(Malformed),
            "Jwk::from_json, {case}: {text}"
        );
        // The same key inside a set: the whole document is refused.
        let in_set = format!(r#"{{"keys":[{text}]}}"#);
        assert_eq!(
            kind(&JwkSet::from_json(&in_set)),
            Some(Malformed),
            "JwkSet::from_json, key with {case}"
        );
    }
    let sets = [
        (
            "duplicate keys",
            format!(r#"{{"keys":[{{{oct}}}],"keys":[]}}"#),
        ),
        (
            "duplicate in a set-level unknown member",
            format!(r#"{{"keys":[{{{oct}}}],"meta":{{"a":1,"a":1}}}}"#),
        ),
        (
            "duplicate kid in the second key",
            format!(r#"{{"keys":[{{{oct},"kid":"1"}},{{{oct},"kid":"2","kid":"3"}}]}}"#),
        ),
    ];
    for (case, text) in &sets {
        assert_eq!(
            kind(&JwkSet::from_json(text)),
            Some(Malformed),
            "JwkSet::from_json, {case}: {text}"
        );
    }
}

#[test]
fn strict_unknown_members_are_kept_and_reserialized_verbatim() {
    let x5c = r#"["MIIBfTCCASOgAwIBAgIJAK", "MIIC"]"#;
    let x5t = r#""NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs""#;
    // A private name with a nested object, odd spacing, a number a re-serializer would
    // rewrite (2.50, 1e2, -0) and an escaped character.
    let ext = r#"{"nested": {"list": [1, 2.50, true, null, "\u00e9"]}, "n": 1e2, "z": -0}"#;
    let text = format!(
        r#"{{{},"kid":"k1","x5c":{x5c},"x5t#S256":{x5t},"urn:example:meta":{ext}}}"#,
        p256_members()
    );
    let j = jwk("unknown members", &text);
    assert_eq!(j.member_json("x5c"), Some(x5c), "x5c verbatim");
    assert_eq!(j.member_json("x5t#S256"), Some(x5t), "x5t#S256 verbatim");
    assert_eq!(
        j.member_json("urn:example:meta"),
        Some(ext),
        "private member verbatim"
    );
    assert_eq!(
        j.member_json("kid"),
        None,
        "kid is interpreted, not kept raw"
    );
    assert_eq!(
        j.other_member_names().collect::<Vec<_>>(),
        ["x5c", "x5t#S256", "urn:example:meta"],
        "unknown members in document order"
    );
    let out = j.to_json();
    for (name, raw) in [("x5c", x5c), ("x5t#S256", x5t), ("urn:example:meta", ext)] {
        assert!(
            out.contains(&format!("{}:{raw}", Value::from(name))),
            "to_json() must carry `{name}` byte for byte: {}",
            &*out
        );
    }
    assert_eq!(
        value("to_json", &out),
        value("input", &text),
        "to_json() is the same JSON value"
    );
    // Re-parsing the export keeps them again.
    let again = jwk("re-parsed", &out);
    assert_eq!(
        again.member_json("urn:example:meta"),
        Some(ext),
        "re-parsed"
    );
    // to_public keeps the certificate members only (a private name could be secret).
    let public = j.to_public().expect("to_public");
    assert_eq!(
        public.other_member_names().collect::<Vec<_>>(),
        ["x5c", "x5t#S256"],
        "to_public keeps x5c and x5t#S256"
    );
    assert_eq!(public.member_json("x5c"), Some(x5c), "to_public x5c");
    // In a set: every member of every key and of the document survives.
    let set_text = format!(r#"{{"keys":[{text}],"cache":{{"max-age": 300}}}}"#);
    let s = JwkSet::from_json(&set_text).expect("set");
    assert_eq!(s.keys()[0].member_json("x5c"), Some(x5c), "set key x5c");
    assert!(
        s.to_json().contains(r#""cache":{"max-age": 300}"#),
        "set-level member verbatim: {}",
        &*s.to_json()
    );
    assert_eq!(
        value("set to_json", &s.to_json()),
        value("set input", &set_text),
        "set to_json() is the same JSON value"
    );
    assert_eq!(s.verifying_keys().count(), 1, "the key is usable (ES256)");
}

/// A JSON document of exactly `len` bytes: `prefix`, a padding string member, `}`.
fn padded(prefix: &str, len: usize) -> String {
    let fixed = prefix.len() + r#","pad":""}"#.len();
    format!(r#"{prefix},"pad":"{}"}}"#, "a".repeat(len - fixed))
}

#[test]
fn strict_oversize_jwk_and_sets_are_too_large() {
    let oct = format!("{{{}", oct_members());
    let at_cap = padded(&oct, MAX_JWK_LEN);
    assert_eq!(at_cap.len(), MAX_JWK_LEN);
    assert!(
        Jwk::from_json(&at_cap).is_ok(),
        "a JWK of MAX_JWK_LEN bytes"
    );
    assert_eq!(
        kind(&Jwk::from_json(&padded(&oct, MAX_JWK_LEN + 1))),
        Some(TooLarge),
        "a JWK of MAX_JWK_LEN + 1 bytes"
    );
    // Even when the excess is whitespace, or the text is not JSON at all: the cap
    // comes first.
    assert_eq!(
        kind(&Jwk::from_json(&format!("{at_cap} "))),
        Some(TooLarge),
        "MAX_JWK_LEN + 1 bytes with trailing whitespace"
    );
    assert_eq!(
        kind(&Jwk::from_json(&"[".repeat(MAX_JWK_LEN + 1))),
        Some(TooLarge),
        "MAX_JWK_LEN + 1 bytes of non-JSON"
    );

    let empty_set = r#"{"keys":[]"#;
    let at_cap = padded(empty_set, MAX_JWK_SET_LEN);
    assert_eq!(at_cap.len(), MAX_JWK_SET_LEN);
    assert!(
        JwkSet::from_json(&at_cap).is_ok(),
        "a set of MAX_JWK_SET_LEN bytes"
    );
    assert_eq!(
        kind(&JwkSet::from_json(&padded(empty_set, MAX_JWK_SET_LEN + 1))),
        Some(TooLarge),
        "a set of MAX_JWK_SET_LEN + 1 bytes"
    );

    // Key count: MAX_JWK_SET_KEYS keys import, one more is refused.
    let keys = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"kty": "oct", "kid": format!("k{i}"), "k": b64u_encode(&SECRET)}))
            .collect()
    };
    let full = set("MAX_JWK_SET_KEYS keys", keys(MAX_JWK_SET_KEYS));
    assert_eq!(full.keys().len(), MAX_JWK_SET_KEYS, "MAX_JWK_SET_KEYS keys");
    let over = json!({ "keys": keys(MAX_JWK_SET_KEYS + 1) }).to_string();
    assert!(
        over.len() < MAX_JWK_SET_LEN,
        "the count cap, not the size cap"
    );
    assert_eq!(
        kind(&JwkSet::from_json(&over)),
        Some(TooLarge),
        "MAX_JWK_SET_KEYS + 1 keys"
    );
    let jwks: Vec<Jwk> = keys(MAX_JWK_SET_KEYS + 1)
        .iter()
        .map(|v| jwk_of("oct", v))
        .collect();
    assert_eq!(
        kind(&JwkSet::from_keys(jwks)),
        Some(TooLarge),
        "JwkSet::from_keys with MAX_JWK_SET_KEYS + 1 keys"
    );
}

/// Unknown members are skipped by a parser with a nesting cap: very deep nesting is
/// Malformed, never a stack overflow (and a lone surrogate is Malformed too).
#[test]
fn strict_deeply_nested_unknown_member_is_malformed_not_a_crash() {
    let oct = oct_members();
    for depth in [100, 30_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let text = format!(r#"{{{oct},"ext":{nested}}}"#);
        assert!(
            text.len() <= MAX_JWK_LEN,
            "depth {depth}: under the size cap"
        );
        assert_eq!(
            kind(&Jwk::from_json(&text)),
            Some(Malformed),
            "JWK with an unknown member nested {depth} deep"
        );
        assert_eq!(
            kind(&JwkSet::from_json(&format!(r#"{{"keys":[{text}]}}"#))),
            Some(Malformed),
            "set with a key with an unknown member nested {depth} deep"
        );
    }
    // Moderate nesting in an unknown member is kept.
    let text = format!(r#"{{{oct},"ext":[[[[{{"a":[1]}}]]]]}}"#);
    assert_eq!(
        jwk("nested ext", &text).member_json("ext"),
        Some(r#"[[[[{"a":[1]}]]]]"#),
        "moderately nested unknown member"
    );
    assert_eq!(
        kind(&Jwk::from_json(&format!(r#"{{{oct},"kid":"\ud800"}}"#))),
        Some(Malformed),
        "kid with a lone surrogate escape"
    );
}

#[test]
fn strict_key_ops_with_a_repeated_value_is_invalid_key() {
    for ops in [
        json!(["verify", "verify"]),
        json!(["sign", "verify", "sign"]),
    ] {
        let mut v = json!({"kty": "EC", "crv": "P-256", "x": P256_X, "y": P256_Y, "kid": "ops"});
        v["key_ops"] = ops.clone();
        assert_eq!(
            kind(&Jwk::from_json(&v.to_string())),
            Some(InvalidKey),
            "Jwk::from_json, key_ops {ops}"
        );
        let s = set("key_ops in a set", vec![v]);
        assert_eq!(
            skipped(&s),
            [(0, Some("ops".to_owned()), InvalidKey)],
            "set, key_ops {ops}: skipped"
        );
        assert!(
            s.keys().is_empty(),
            "key_ops {ops}: an unreadable key is not in keys()"
        );
    }
    // Distinct values are fine.
    let ok = json!({"kty": "EC", "crv": "P-256", "x": P256_X, "y": P256_Y,
                    "key_ops": ["verify", "sign"]});
    assert_eq!(
        jwk_of("key_ops", &ok).key_ops(),
        Some(&["verify".to_owned(), "sign".to_owned()][..]),
        "distinct key_ops"
    );
}

#[test]
fn strict_members_of_the_wrong_type_are_invalid_key() {
    let ec = || json!({"kty": "EC", "crv": "P-256", "x": P256_X, "y": P256_Y, "kid": "wrong"});
    let oct = || json!({"kty": "oct", "k": b64u_encode(&SECRET), "kid": "wrong"});
    let rsa = || {
        let mut m = rsa_public_jwk_value();
        m.insert("kid".into(), "wrong".into());
        Value::Object(m)
    };
    let cases: Vec<(&str, Value, &str, Value)> = vec![
        ("EC", ec(), "kty", json!(1)),
        ("EC", ec(), "kty", json!(null)),
        ("EC", ec(), "alg", json!(["ES256"])),
        ("EC", ec(), "use", json!({"sig": true})),
        ("EC", ec(), "crv", json!(true)),
        ("EC", ec(), "x", json!(5)),
        ("EC", ec(), "y", json!(null)),
        ("EC", ec(), "key_ops", json!("verify")),
        ("EC", ec(), "key_ops", json!(["verify", 1])),
        ("EC", ec(), "d", json!(7)),
        ("oct", oct(), "k", json!(42)),
        ("RSA", rsa(), "n", json!([])),
        ("RSA", rsa(), "e", json!(65537)),
        ("EC", ec(), "kid", json!(7)),
    ];
    for (kty, mut v, member, bad) in cases {
        let ctx = format!("{kty} JWK with `{member}`: {bad}");
        v[member] = bad;
        assert_eq!(
            kind(&Jwk::from_json(&v.to_string())),
            Some(InvalidKey),
            "Jwk::from_json, {ctx}"
        );
        // In a set the key is skipped and reported with its kid (when readable).
        let s = set(&ctx, vec![v]);
        let kid = (member != "kid").then(|| "wrong".to_owned());
        assert_eq!(skipped(&s), [(0, kid, InvalidKey)], "set, {ctx}");
    }
    // Not an object, or no kty at all.
    for text in ["[]", "1", r#""oct""#, "null", r#"{"k":"AAAA"}"#] {
        assert_eq!(
            kind(&Jwk::from_json(text)),
            Some(InvalidKey),
            "Jwk::from_json({text})"
        );
        let s = JwkSet::from_json(&format!(r#"{{"keys":[{text}]}}"#))
            .unwrap_or_else(|e| panic!("set with key {text}: {e:?}"));
        assert_eq!(skipped(&s), [(0, None, InvalidKey)], "set with key {text}");
    }
    // Base64url that is not canonical is Malformed, public or secret member alike.
    for (member, bad) in [
        ("x", format!("{P256_X}=")),
        ("x", format!("+{}", &P256_X[1..])),
        ("y", P256_Y.replace('_', "/")),
        ("y", format!("{}d", &P256_Y[..P256_Y.len() - 1])), // non-zero unused bits
    ] {
        let mut v = ec();
        v[member] = Value::String(bad.clone());
        assert_eq!(
            kind(&Jwk::from_json(&v.to_string())),
            Some(Malformed),
            "EC `{member}` = {bad:?}"
        );
    }
    let mut v = oct();
    v["k"] = Value::String(format!("{}=", b64u_encode(&SECRET)));
    assert_eq!(
        kind(&Jwk::from_json(&v.to_string())),
        Some(Malformed),
        "oct `k` with padding"
    );
}

// ---------------------------------------------------------------------------------------
// 4. Key sets skip and report the keys they cannot use
// ---------------------------------------------------------------------------------------

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
        (1, "x25519", KeyMismatch),               // ECDH key, not a signature key
        (3, "p521", UnsupportedAlgorithm),        // no P-521 in ring (aws-lc-rs: ES512)
        (4, "rsa-enc", KeyMismatch),              // use "enc"
        (5, "ec-encrypt", KeyMismatch),           // key_ops without "verify"
        (6, "rsa-1024", WeakKey),                 // RSA below 2048 bits
        (7, "bad-b64", Malformed),                // padded base64url
        (8, "rsa-oaep", KeyMismatch),             // alg is not a JWS algorithm
        (9, "ed448", UnsupportedAlgorithm),       // no Ed448 in any backend
        (10, "evil\nkid\u{1b}[31m", KeyMismatch), // use "enc" (and a hostile kid)
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
            Some(UnsupportedAlgorithm),
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
            Some(UnsupportedAlgorithm),
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
            [(0, Some("kc-enc".to_owned()), KeyMismatch)],
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
        ("not an object", "[]".into(), Malformed),
        ("empty document", String::new(), Malformed),
        ("trailing data", r#"{"keys":[]} {}"#.into(), Malformed),
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

// ---------------------------------------------------------------------------------------
// 5. Key selection (verification-rules.md §2, `kid`)
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// 6. Wycheproof json_web_key_test.json through the key-set verifier
// ---------------------------------------------------------------------------------------

/// Why each rejected case is rejected on this path. Same reasoning as
/// `tests/wycheproof.rs` `JWK_REJECTIONS` (there through single keys); here a key the
/// set cannot use is skipped, and the reason reported is the skipped key's.
const KEYSET_REJECTIONS: &[(u64, ErrorKind)] = &[
    (1, InvalidKey),       // keyset mixes symmetric and asymmetric keys: fatal at import
    (3, InvalidSignature), // modified signature
    // Duplicate kid: fatal at import (set-level checks come before the second key's
    // non-canonical `k`, see tests/wycheproof.rs `jwk_tc4_*`).
    (4, InvalidKey),
    (6, KeyMismatch),  // JWK alg "RSA1_5" (and use "enc"): not a JWS algorithm
    (7, WeakKey),      // RSA modulus with the ROCA fingerprint (CVE-2017-15361)
    (8, WeakKey),      // 1024-bit RSA modulus (RFC 7518 3.3: at least 2048)
    (9, WeakKey),      // RSA public exponent 1
    (10, WeakKey),     // 31-byte HS256 key
    (11, WeakKey),     // 47-byte HS384 key
    (12, WeakKey),     // 63-byte HS512 key
    (16, WeakKey),     // empty HS256 key
    (17, WeakKey),     // empty HS384 key
    (18, WeakKey),     // empty HS512 key
    (19, KeyMismatch), // P-256 key with alg "ES521": not a JWS algorithm name
    (20, KeyMismatch), // P-256 key with alg "ES224": not a JWS algorithm name
    (21, KeyMismatch), // use "enc"
    (22, InvalidKey),  // point not on P-256
    (23, KeyMismatch), // crv "P-384" for alg ES256
    (24, KeyMismatch), // kty "RSA" for alg ES256
    (25, KeyMismatch), // oct key with alg A256GCM
    (26, KeyMismatch), // oct key with alg A256KW
];

/// No case of this file needs an exception on this path (`known_issues.json` lists
/// none for it; tests/wycheproof.rs has no JWK exception either).
const WYCHEPROOF_JWK_CASES: usize = 26;

/// The key-set path for one case: `JwkSet::from_json` of the group's set, a verifier
/// allowing every algorithm the set's keys are bound to, `verify_signature_only`. A set
/// without any usable key gives no verifier; its first skipped key's reason is the
/// result, and a verifier allowing the token's alg with that set must not build.
fn keyset_path(ctx: &str, keyset: &Value, jws: &str) -> Result<(), Error> {
    let s = JwkSet::from_json(&keyset.to_string())?;
    let mut algs: Vec<Algorithm> = s.verifying_keys().map(VerifyingKey::algorithm).collect();
    algs.sort();
    algs.dedup();
    if algs.is_empty() {
        let header_alg = UntrustedToken::parse(jws)
            .unwrap_or_else(|e| panic!("{ctx}: token parses: {e:?}"))
            .header()
            .algorithm();
        assert_eq!(
            kind(&set_verifier(&[header_alg], &s)),
            Some(Configuration),
            "{ctx}: a set without usable keys gives no verifier, even allowing {header_alg:?}"
        );
        let first = s
            .skipped()
            .first()
            .unwrap_or_else(|| panic!("{ctx}: no usable key and none skipped"));
        return Err(first.error().clone());
    }
    set_verifier(&algs, &s)?
        .verify_signature_only(jws)
        .map(|_| ())
}

#[test]
fn wycheproof_json_web_key_every_case_through_the_key_set_verifier() {
    let doc = parse_vectors(WYCHEPROOF_JWK_FILE, WYCHEPROOF_JWK);
    let mut top = Fields::new(WYCHEPROOF_JWK_FILE, &doc);
    assert_eq!(top.str("schema"), "json_web_key_schema_v1.json", "schema");
    let number = top.i64("numberOfTests");
    top.req("header");
    let notes = top.req("notes").as_object().expect("notes");
    let groups = top.req("testGroups").as_array().expect("testGroups");
    top.finish();

    let mut report = Vec::new();
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for group in groups {
        let mut g = Fields::new(
            format!("{WYCHEPROOF_JWK_FILE} group {}", group["comment"]),
            group,
        );
        let gctx = g.ctx().to_owned();
        assert_eq!(g.str("type"), "JsonWebKey", "{gctx}: type");
        g.req("source");
        g.str("comment");
        let private = g.opt("private");
        let public = g.opt("public");
        let keyset = public
            .or(private)
            .unwrap_or_else(|| panic!("{gctx}: no key set"));
        let which = if public.is_some() {
            "public"
        } else {
            "private"
        };
        let tests = g.req("tests").as_array().expect("tests");
        g.finish();
        for t in tests {
            let mut f = Fields::new(format!("{WYCHEPROOF_JWK_FILE} tcId {}", t["tcId"]), t);
            let ctx = f.ctx().to_owned();
            let tc_id = u64::try_from(f.i64("tcId")).expect("tcId");
            let comment = f.str("comment");
            let jws = f.str("jws");
            let label = f.str("result");
            for flag in f.req("flags").as_array().expect("flags") {
                let flag = flag.as_str().expect("flag");
                assert!(
                    notes.contains_key(flag),
                    "{ctx}: flag {flag} is not in notes"
                );
            }
            f.finish();
            assert!(seen.insert(tc_id), "{ctx}: tcId seen twice");

            let got = keyset_path(&ctx, keyset, jws);
            let valid = expect_valid(&ctx, label);
            let want_kind = KEYSET_REJECTIONS
                .iter()
                .find(|(id, _)| *id == tc_id)
                .map(|(_, k)| *k);
            let line = format!(
                "tcId {tc_id} ({comment}, {which} set): label {label}, got {:?}, expected {}",
                kind(&got),
                want_kind.map_or_else(|| "Ok".to_owned(), |k| format!("{k:?}"))
            );
            let ok = match (&got, valid, want_kind) {
                (Ok(()), true, None) => true,
                (Err(e), false, Some(k)) => e.kind() == k,
                _ => false,
            };
            if !ok {
                failures.push(line.clone());
            }
            report.push(line);
        }
    }
    assert_eq!(
        usize::try_from(number).ok(),
        Some(seen.len()),
        "numberOfTests vs cases run"
    );
    assert_eq!(seen.len(), WYCHEPROOF_JWK_CASES, "cases run");
    assert_eq!(
        seen,
        (1..=26).collect::<BTreeSet<u64>>(),
        "every tcId 1..=26 ran"
    );
    for (id, _) in KEYSET_REJECTIONS {
        assert!(
            seen.contains(id),
            "KEYSET_REJECTIONS names tcId {id}, which did not run"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}\n\nall cases:\n{}",
        failures.len(),
        seen.len(),
        failures.join("\n"),
        report.join("\n")
    );
}

/// RFC 7638 §3.2.1 on the Wycheproof key sets: where a group has both, each private
/// JWK has the thumbprint of the public JWK at the same position (or the same error).
#[test]
fn wycheproof_json_web_key_private_and_public_sets_have_equal_thumbprints() {
    let doc = parse_vectors(WYCHEPROOF_JWK_FILE, WYCHEPROOF_JWK);
    let mut compared = 0;
    for group in doc["testGroups"].as_array().expect("testGroups") {
        let (Some(private), Some(public)) = (group.get("private"), group.get("public")) else {
            continue;
        };
        let ctx = format!(
            "{WYCHEPROOF_JWK_FILE} group {} (tcId {})",
            group["comment"], group["tests"][0]["tcId"]
        );
        let (private, public) = (
            private["keys"].as_array().expect("keys"),
            public["keys"].as_array().expect("keys"),
        );
        assert_eq!(private.len(), public.len(), "{ctx}: key counts");
        for (p, q) in private.iter().zip(public) {
            let tp = |v: &Value| {
                jwk_of(&ctx, v)
                    .thumbprint(ThumbprintHash::Sha256)
                    .map_err(|e| e.kind())
            };
            assert_eq!(tp(p), tp(q), "{ctx}: private vs public thumbprint");
            compared += 1;
        }
    }
    assert_eq!(compared, 11, "asymmetric keys compared");
}
