//! RFC 7520 (JOSE Cookbook) §3 keys and §4 JWS examples, from the unmodified
//! `ietf-jose/cookbook` files in `vectors/rfc7520/` (see `vectors/README.md`).
//!
//! - §3.1/§3.2: the EC key is on P-521 (both the public and the private JWK). With the
//!   `aws-lc-rs` backend it is an ES512 key: both import and export back to the file's
//!   members. With `ring` (no P-521) every key for it is `UnsupportedKey`, never a
//!   panic.
//! - §3.3/§3.4: the RSA key imports (public and private), and exports back to the
//!   file's members (the private export included). §3.5: the HMAC key of §4.4 and §4.8.
//! - §4.1 RS256: verified with §3.3 and re-signed byte-exact with §3.4 (deterministic).
//! - §4.2 PS384: randomized, so the published token is verified and our own
//!   signatures are checked by sign-then-verify.
//! - §4.3 ES512: with `aws-lc-rs`, verified with §3.1 and (randomized) checked by
//!   sign-then-verify with §3.2; with `ring`, its keys are `UnsupportedKey`. In
//!   every build verifiers for other algorithms refuse it (`AlgorithmNotAllowed`).
//! - §4.4 HS256: verified, re-signed byte-exact, every bit flip refused.
//! - §4.8: general JSON serialization only, refused as `Malformed` by this compact-only
//!   crate. Its RS256 and HS256 signatures have protected headers, so their compact
//!   forms are rebuilt and verified (and re-signed byte-exact); the ES512 signature
//!   has no protected header at all, so it has no compact form: with `aws-lc-rs` it is
//!   verified over its signing input below the JWS layer (`internal::verify_raw`).
//!
//! §4.5–§4.7 (detached content, unprotected header members, content-only protection)
//! need features a compact-only JWT library does not have and are not copied.
//!
//! The payloads are text, not JWT claims, so verification is `verify_signature_only`.

mod common;

use common::{
    assert_signature_bit_flips_are_invalid, b64u_decode, b64u_encode, has_es512, hmac_sha256, kind,
    parse_vectors, verifier_for,
};
use serde_json::Value;
use strict_jwt::internal::{sign_raw, verify_raw};
use strict_jwt::{Algorithm, ErrorKind, Jwk, Signer, SigningKey, UntrustedToken, Verifier};

const EX_4_1: &str = include_str!("../vectors/rfc7520/cookbook/jws/4_1.rsa_v15_signature.json");
const EX_4_2: &str = include_str!("../vectors/rfc7520/cookbook/jws/4_2.rsa-pss_signature.json");
const EX_4_3: &str = include_str!("../vectors/rfc7520/cookbook/jws/4_3.ecdsa_signature.json");
const EX_4_4: &str =
    include_str!("../vectors/rfc7520/cookbook/jws/4_4.hmac-sha2_integrity_protection.json");
const EX_4_8: &str = include_str!("../vectors/rfc7520/cookbook/jws/4_8.multiple_signatures.json");
const KEY_3_1: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_1.ec_public_key.json");
const KEY_3_2: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_2.ec_private_key.json");
const KEY_3_3: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_3.rsa_public_key.json");
const KEY_3_4: &str = include_str!("../vectors/rfc7520/cookbook/jwk/3_4.rsa_private_key.json");
const KEY_3_5: &str =
    include_str!("../vectors/rfc7520/cookbook/jwk/3_5.symmetric_key_mac_computation.json");

/// (id, file text) of the single-signature examples used here, with the key file
/// their `input.key` must equal.
const SINGLE: [(&str, &str, &str); 4] = [
    ("rfc7520-4.1", EX_4_1, KEY_3_4),
    ("rfc7520-4.2", EX_4_2, KEY_3_4),
    ("rfc7520-4.3", EX_4_3, KEY_3_2),
    ("rfc7520-4.4", EX_4_4, KEY_3_5),
];

fn doc(id: &str, text: &str) -> Value {
    parse_vectors(id, text)
}

/// The string at a JSON pointer of a cookbook file.
fn s<'a>(v: &'a Value, path: &str) -> &'a str {
    v.pointer(path)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("rfc7520: `{path}` is not a string"))
}

fn jwk(id: &str, text: &str) -> Jwk {
    Jwk::from_json(text).unwrap_or_else(|e| panic!("{id}: must parse as a JWK: {e:?}"))
}

/// The §3.3 RSA public JWK bound to `alg` (it carries the `kid` the §4 headers name).
fn verifier_3_3(alg: Algorithm) -> Verifier {
    verifier_for(
        jwk("rfc7520-3.3", KEY_3_3)
            .to_verifying_key(alg)
            .unwrap_or_else(|e| panic!("rfc7520-3.3: an {alg:?} key: {e:?}")),
    )
}

/// The §3.4 RSA private JWK bound to `alg`.
fn signing_key_3_4(alg: Algorithm) -> SigningKey {
    jwk("rfc7520-3.4", KEY_3_4)
        .to_signing_key(alg)
        .unwrap_or_else(|e| panic!("rfc7520-3.4: an {alg:?} signing key: {e:?}"))
}

/// The §3.5 JWK as a verifier (it carries its `kid`, which the §4.4 header names).
fn verifier_3_5() -> Verifier {
    let key = Jwk::from_json(KEY_3_5)
        .and_then(|j| j.to_verifying_key(Algorithm::HS256))
        .expect("rfc7520-3.5: the JWK is a usable HS256 key");
    Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key)
        .build()
        .expect("rfc7520-3.5: verifier builds")
}

fn secret_3_5() -> Vec<u8> {
    b64u_decode("rfc7520-3.5 k", s(&doc("rfc7520-3.5", KEY_3_5), "/k"))
}

// ---------------------------------------------------------------------------------
// §3 keys
// ---------------------------------------------------------------------------------

#[test]
fn s3_1_s3_2_p521_jwks_import_and_export_back_with_aws_lc_rs() {
    // RFC 7520 §3.1 and §3.2 are the same key on P-521 (public, and with `d`).
    let (public_file, private_file) = (doc("rfc7520-3.1", KEY_3_1), doc("rfc7520-3.2", KEY_3_2));
    assert_eq!(s(&public_file, "/crv"), "P-521", "rfc7520-3.1");
    assert_eq!(s(&private_file, "/crv"), "P-521", "rfc7520-3.2");
    for m in ["kty", "kid", "use", "crv", "x", "y"] {
        assert_eq!(public_file[m], private_file[m], "rfc7520-3.1/3.2: {m}");
    }
    let (public, private) = (jwk("rfc7520-3.1", KEY_3_1), jwk("rfc7520-3.2", KEY_3_2));
    assert!(
        !public.is_private() && private.is_private(),
        "rfc7520-3.1/3.2"
    );
    // Bound to a non-EC algorithm, it is an incompatible key (its type) in every build.
    assert_eq!(
        kind(&public.to_verifying_key(Algorithm::RS256)),
        Some(ErrorKind::IncompatibleKey),
        "rfc7520-3.1 as RS256"
    );
    if !has_es512() {
        // ring has no P-521: the curve is refused whatever ECDSA algorithm it is bound to.
        for alg in [Algorithm::ES512, Algorithm::ES256, Algorithm::ES384] {
            assert_eq!(
                kind(&public.to_verifying_key(alg)),
                Some(ErrorKind::UnsupportedKey),
                "rfc7520-3.1 to_verifying_key({alg:?}) (ring)"
            );
            assert_eq!(
                kind(&private.to_signing_key(alg)),
                Some(ErrorKind::UnsupportedKey),
                "rfc7520-3.2 to_signing_key({alg:?}) (ring)"
            );
        }
        return;
    }
    let kid = Some("bilbo.baggins@hobbiton.example");
    // §3.1: an ES512 verifying key with the file's kid; it exports back to the file's
    // members (without `use`, with the bound `alg`), and the export imports again.
    let key = public
        .to_verifying_key(Algorithm::ES512)
        .unwrap_or_else(|e| panic!("rfc7520-3.1 as ES512: {e:?}"));
    assert_eq!(
        (key.algorithm(), key.kid()),
        (Algorithm::ES512, kid),
        "rfc7520-3.1"
    );
    let exported: Value =
        serde_json::from_str(&key.to_public_jwk().expect("export").to_json()).expect("JSON");
    let mut want = public_file.clone();
    want.as_object_mut().expect("object").remove("use");
    want["alg"] = Value::from("ES512");
    assert_eq!(exported, want, "rfc7520-3.1: exported public JWK");
    let again = Jwk::from_json(&exported.to_string())
        .and_then(|k| k.to_verifying_key_for_own_alg())
        .unwrap_or_else(|e| panic!("rfc7520-3.1: re-import: {e:?}"));
    assert_eq!(
        again.to_spki_der().expect("SPKI"),
        key.to_spki_der().expect("SPKI"),
        "rfc7520-3.1: re-imported key"
    );
    // §3.2: an ES512 signing key whose public half is §3.1; its private export is the
    // file's members (without `use`, with `alg`).
    let signing = private
        .to_signing_key(Algorithm::ES512)
        .unwrap_or_else(|e| panic!("rfc7520-3.2 as ES512: {e:?}"));
    assert_eq!(
        (signing.algorithm(), signing.kid()),
        (Algorithm::ES512, kid),
        "rfc7520-3.2"
    );
    assert_eq!(
        signing.verifying_key().to_spki_der().expect("SPKI"),
        key.to_spki_der().expect("SPKI"),
        "rfc7520-3.2: its public half is §3.1"
    );
    let exported: Value =
        serde_json::from_str(&signing.to_private_jwk().expect("export").to_json()).expect("JSON");
    let mut want = private_file.clone();
    want.as_object_mut().expect("object").remove("use");
    want["alg"] = Value::from("ES512");
    assert_eq!(exported, want, "rfc7520-3.2: exported private JWK");
    // A private JWK is not a verification key; the P-521 key is no ES256/ES384 key.
    assert_eq!(
        kind(&private.to_verifying_key(Algorithm::ES512)),
        Some(ErrorKind::InvalidKey),
        "rfc7520-3.2 as a verifying key"
    );
    for alg in [Algorithm::ES256, Algorithm::ES384, Algorithm::ES256K] {
        assert_eq!(
            kind(&public.to_verifying_key(alg)),
            Some(ErrorKind::IncompatibleKey),
            "rfc7520-3.1 as {alg:?}: another curve's algorithm"
        );
        assert_eq!(
            kind(&private.to_signing_key(alg)),
            Some(ErrorKind::IncompatibleKey),
            "rfc7520-3.2 as {alg:?}: another curve's algorithm"
        );
    }
}

#[test]
fn s3_3_rsa_public_jwk_round_trips_through_import_and_export() {
    let id = "rfc7520-3.3";
    let file = doc(id, KEY_3_3);
    let j = jwk(id, KEY_3_3);
    assert_eq!(
        (j.key_type(), j.kid(), j.is_private()),
        ("RSA", Some("bilbo.baggins@hobbiton.example"), false),
        "{id}"
    );
    // The JWK has no `alg`: it binds to every RSA algorithm asked for.
    for alg in [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
    ] {
        let key = j
            .to_verifying_key(alg)
            .unwrap_or_else(|e| panic!("{id}: {alg:?}: {e:?}"));
        assert_eq!(key.algorithm(), alg, "{id}");
        assert_eq!(key.kid(), Some("bilbo.baggins@hobbiton.example"), "{id}");
        let exported: Value = serde_json::from_str(
            &key.to_public_jwk()
                .unwrap_or_else(|e| panic!("{id}: export: {e:?}"))
                .to_json(),
        )
        .expect("exported JWK is JSON");
        // Export keeps kty, kid, n, e byte for byte and adds the bound `alg`. It does
        // not keep `use` (the key is bound to a signature algorithm, which says more).
        let mut want = file.clone();
        want.as_object_mut().expect("object").remove("use");
        want["alg"] = Value::from(alg.name());
        assert_eq!(exported, want, "{id}: exported public JWK for {alg:?}");
        // The export imports again (its own `alg` now binds it), and the re-imported
        // key verifies §4.1 (RS256) and §4.2 (PS384).
        let again = Jwk::from_json(&exported.to_string())
            .and_then(|k| k.to_verifying_key_for_own_alg())
            .unwrap_or_else(|e| panic!("{id}: re-import: {e:?}"));
        assert_eq!((again.algorithm(), again.kid()), (alg, key.kid()), "{id}");
        let example = match alg {
            Algorithm::RS256 => Some(("rfc7520-4.1", EX_4_1)),
            Algorithm::PS384 => Some(("rfc7520-4.2", EX_4_2)),
            _ => None,
        };
        if let Some((ex, text)) = example {
            assert!(
                verifier_for(again)
                    .verify_signature_only(s(&doc(ex, text), "/output/compact"))
                    .is_ok(),
                "{id}: re-imported {alg:?} key verifies {ex}"
            );
        }
    }
    // An RSA JWK is never HMAC or EC material.
    for alg in [Algorithm::HS256, Algorithm::ES256, Algorithm::EdDSA] {
        assert_eq!(
            kind(&j.to_verifying_key(alg)),
            Some(ErrorKind::IncompatibleKey),
            "{id} as {alg:?}"
        );
    }
}

#[test]
fn s3_4_rsa_private_jwk_imports_and_its_public_half_is_3_3() {
    let id = "rfc7520-3.4";
    let (file, public_file) = (doc(id, KEY_3_4), doc("rfc7520-3.3", KEY_3_3));
    for m in ["kty", "kid", "use", "n", "e"] {
        assert_eq!(file[m], public_file[m], "{id}: {m} as in §3.3");
    }
    let j = jwk(id, KEY_3_4);
    assert!(j.is_private(), "{id}");
    // A private JWK is not a verification key.
    assert_eq!(
        kind(&j.to_verifying_key(Algorithm::RS256)),
        Some(ErrorKind::InvalidKey),
        "{id}: to_verifying_key with private members"
    );
    for alg in [Algorithm::RS256, Algorithm::PS384] {
        let key = signing_key_3_4(alg);
        assert_eq!(key.algorithm(), alg, "{id}");
        let exported: Value = serde_json::from_str(
            &key.verifying_key()
                .to_public_jwk()
                .expect("public export")
                .to_json(),
        )
        .expect("JSON");
        // The signing key keeps the JWK's kid, and so does its public half.
        let want = serde_json::json!({
            "kty": "RSA",
            "kid": file["kid"],
            "alg": alg.name(),
            "n": file["n"],
            "e": file["e"],
        });
        assert_eq!(exported, want, "{id}: public half for {alg:?}");
        // The private export (every backend keeps the key's PKCS#8 document) gives back
        // the file's members, without `use`, with the bound `alg`; it imports again and
        // re-signs §4.1 byte-exact (RSASSA-PKCS1-v1_5 is deterministic).
        let private: Value = serde_json::from_str(
            &key.to_private_jwk()
                .unwrap_or_else(|e| panic!("{id}: to_private_jwk of an RSA key: {e:?}"))
                .to_json(),
        )
        .expect("JSON");
        let mut want = file.clone();
        want.as_object_mut().expect("object").remove("use");
        want["alg"] = Value::from(alg.name());
        assert_eq!(private, want, "{id}: private export for {alg:?}");
        let again = Jwk::from_json(&private.to_string())
            .and_then(|j| j.to_signing_key(alg))
            .unwrap_or_else(|e| panic!("{id}: re-import of the {alg:?} export: {e:?}"));
        let (ex, text) = match alg {
            Algorithm::RS256 => ("rfc7520-4.1", EX_4_1),
            _ => ("rfc7520-4.2", EX_4_2),
        };
        let example = doc(ex, text);
        let input = s(&example, "/signing/sig-input");
        let sig = sign_raw(&again, input.as_bytes()).expect("sign_raw");
        if alg == Algorithm::RS256 {
            assert_eq!(
                sig,
                b64u_decode(id, s(&example, "/signing/sig")),
                "{id}: the re-imported export re-signs {ex} byte-exact"
            );
        }
        assert!(
            verifier_3_3(alg)
                .verify_signature_only(&format!("{input}.{}", b64u_encode(&sig)))
                .is_ok(),
            "{id}: the re-imported {alg:?} export signs {ex}'s signing input"
        );
    }
}

// ---------------------------------------------------------------------------------
// §4.1–§4.4: one signature each
// ---------------------------------------------------------------------------------

#[test]
fn s4_single_signature_vectors_are_self_consistent() {
    for (id, text, key_text) in SINGLE {
        let e = doc(id, text);
        assert_eq!(e["input"]["key"], doc(id, key_text), "{id}: input.key");
        assert_eq!(
            s(&e, "/signing/protected/alg"),
            s(&e, "/input/alg"),
            "{id}: alg"
        );
        assert_eq!(
            b64u_encode(e["signing"]["protected"].to_string().as_bytes()),
            s(&e, "/signing/protected_b64u"),
            "{id}: protected_b64u (members alg, kid are already in sorted order)"
        );
        let payload_b64 = b64u_encode(s(&e, "/input/payload").as_bytes());
        let input = format!("{}.{payload_b64}", s(&e, "/signing/protected_b64u"));
        assert_eq!(input, s(&e, "/signing/sig-input"), "{id}: sig-input");
        let compact = format!("{input}.{}", s(&e, "/signing/sig"));
        assert_eq!(compact, s(&e, "/output/compact"), "{id}: compact");
        let flat = &e["output"]["json_flat"];
        let general = &e["output"]["json"]["signatures"][0];
        for (what, j) in [("json_flat", flat), ("json", general)] {
            assert_eq!(
                s(j, "/protected"),
                s(&e, "/signing/protected_b64u"),
                "{id}: {what}"
            );
            assert_eq!(s(j, "/signature"), s(&e, "/signing/sig"), "{id}: {what}");
        }
        assert_eq!(s(flat, "/payload"), payload_b64, "{id}: json_flat payload");
        assert_eq!(
            s(&e, "/output/json/payload"),
            payload_b64,
            "{id}: json payload"
        );
    }
}

#[test]
fn s4_json_serializations_are_malformed_for_the_compact_verifier() {
    for (id, text, _) in SINGLE {
        let e = doc(id, text);
        for which in ["json", "json_flat"] {
            let text = e["output"][which].to_string();
            assert_eq!(
                kind(&verifier_3_5().verify_signature_only(&text)),
                Some(ErrorKind::Malformed),
                "{id}: output.{which} fed to verify_signature_only"
            );
            assert_eq!(
                kind(&UntrustedToken::parse(&text)),
                Some(ErrorKind::Malformed),
                "{id}: output.{which} fed to UntrustedToken::parse"
            );
        }
    }
}

#[test]
fn s4_1_rs256_resigning_the_signing_input_with_jwk_3_4_is_byte_exact() {
    let id = "rfc7520-4.1";
    let e = doc(id, EX_4_1);
    assert_eq!(
        e["reproducible"], true,
        "{id}: the file marks it reproducible"
    );
    let sig = sign_raw(
        &signing_key_3_4(Algorithm::RS256),
        s(&e, "/signing/sig-input").as_bytes(),
    )
    .unwrap_or_else(|err| panic!("{id}: sign_raw: {err:?}"));
    assert_eq!(
        sig,
        b64u_decode(id, s(&e, "/signing/sig")),
        "{id}: RSASSA-PKCS1-v1_5 re-signed"
    );
}

#[test]
fn s4_1_rs256_compact_verifies_with_jwk_3_3() {
    let id = "rfc7520-4.1";
    let e = doc(id, EX_4_1);
    let compact = s(&e, "/output/compact");
    let verifier = verifier_3_3(Algorithm::RS256);
    let v = verifier
        .verify_signature_only(compact)
        .unwrap_or_else(|err| panic!("{id}: must verify: {err:?}"));
    assert_eq!(
        v.payload(),
        s(&e, "/input/payload").as_bytes(),
        "{id}: payload"
    );
    assert_eq!(v.header().algorithm(), Algorithm::RS256, "{id}: alg");
    assert_eq!(
        v.header().kid(),
        Some(s(&e, "/signing/protected/kid")),
        "{id}: kid"
    );
    assert_eq!(
        assert_signature_bit_flips_are_invalid(id, &verifier, compact),
        256,
        "{id}"
    );
    // The same key bound to PS384 (the algorithm of §4.2) refuses an RS256 token: the
    // kid names a key of another algorithm, so the allowlist refuses it first.
    assert_eq!(
        kind(&verifier_3_3(Algorithm::PS384).verify_signature_only(compact)),
        Some(ErrorKind::AlgorithmNotAllowed),
        "{id}: PS384 verifier"
    );
}

#[test]
fn s4_2_ps384_compact_verifies_with_jwk_3_3() {
    let id = "rfc7520-4.2";
    let e = doc(id, EX_4_2);
    assert!(
        e.get("reproducible").is_none(),
        "{id}: RSASSA-PSS is randomized (not marked reproducible)"
    );
    let compact = s(&e, "/output/compact");
    let verifier = verifier_3_3(Algorithm::PS384);
    let v = verifier
        .verify_signature_only(compact)
        .unwrap_or_else(|err| panic!("{id}: must verify: {err:?}"));
    assert_eq!(
        v.payload(),
        s(&e, "/input/payload").as_bytes(),
        "{id}: payload"
    );
    assert_eq!(v.header().algorithm(), Algorithm::PS384, "{id}: alg");
    assert_eq!(
        assert_signature_bit_flips_are_invalid(id, &verifier, compact),
        256,
        "{id}"
    );
    // Relabelled as RS256 (same signature bytes), it is no longer a valid signature.
    let rs256_header = b64u_encode(br#"{"alg":"RS256","kid":"bilbo.baggins@hobbiton.example"}"#);
    let (_, rest) = compact.split_once('.').expect("segments");
    assert_eq!(
        kind(
            &verifier_3_3(Algorithm::RS256)
                .verify_signature_only(&format!("{rs256_header}.{rest}"))
        ),
        Some(ErrorKind::InvalidSignature),
        "{id}: PSS signature presented as PKCS#1 v1.5"
    );
}

#[test]
fn s4_2_ps384_sign_then_verify_with_jwk_3_4() {
    let id = "rfc7520-4.2";
    let e = doc(id, EX_4_2);
    let input = s(&e, "/signing/sig-input");
    let key = signing_key_3_4(Algorithm::PS384);
    let s1 = sign_raw(&key, input.as_bytes()).expect("sign_raw");
    let s2 = sign_raw(&key, input.as_bytes()).expect("sign_raw again");
    assert_eq!((s1.len(), s2.len()), (256, 256), "{id}: modulus length");
    // A random salt per signature: the two differ, and differ from the published one.
    assert_ne!(s1, s2, "{id}: randomized");
    assert_ne!(s1, b64u_decode(id, s(&e, "/signing/sig")), "{id}");
    let verifier = verifier_3_3(Algorithm::PS384);
    for sig in [&s1, &s2] {
        assert!(
            verifier
                .verify_signature_only(&format!("{input}.{}", b64u_encode(sig)))
                .is_ok(),
            "{id}: our PS384 signature over the published signing input"
        );
    }
    // Through the Signer, with the §3.4 kid so the §3.3 key is selected by kid.
    let claims = serde_json::json!({ "payload": s(&e, "/input/payload") });
    let token = Signer::new(key)
        .with_kid("bilbo.baggins@hobbiton.example")
        .sign(&claims)
        .expect("sign");
    let v = verifier
        .verify_signature_only(&token)
        .unwrap_or_else(|err| panic!("{id}: our PS384 token must verify: {err:?}"));
    assert_eq!(v.header().algorithm(), Algorithm::PS384, "{id}");
    let got: Value = serde_json::from_slice(v.payload()).expect("payload JSON");
    assert_eq!(got, claims, "{id}: payload round trip");
}

#[test]
fn s4_3_es512_compact_verifies_with_jwk_3_1() {
    let id = "rfc7520-4.3";
    let e = doc(id, EX_4_3);
    assert_eq!(s(&e, "/input/alg"), "ES512", "{id}");
    assert!(
        e.get("reproducible").is_none(),
        "{id}: ECDSA is randomized (not marked reproducible)"
    );
    assert_eq!(
        b64u_decode(id, s(&e, "/signing/sig")).len(),
        132,
        "{id}: R||S on P-521"
    );
    let compact = s(&e, "/output/compact");
    // ES512 is an algorithm name in every build; verifiers for other algorithms refuse
    // the token at the header, whatever keys they hold.
    let parsed = UntrustedToken::parse(compact).unwrap_or_else(|err| panic!("{id}: {err:?}"));
    assert_eq!(parsed.header().algorithm(), Algorithm::ES512, "{id}: alg");
    for verifier in [verifier_3_3(Algorithm::RS256), verifier_3_5()] {
        assert_eq!(
            kind(&verifier.verify_signature_only(compact)),
            Some(ErrorKind::AlgorithmNotAllowed),
            "{id}: verify_signature_only with another algorithm's verifier"
        );
    }
    let public = jwk("rfc7520-3.1", KEY_3_1);
    if !has_es512() {
        // ring: its verification key (§3.1) and signing key (`input.key`, §3.2) are
        // refused at construction.
        assert_eq!(
            kind(&public.to_verifying_key(Algorithm::ES512)),
            Some(ErrorKind::UnsupportedKey),
            "{id}: §3.1 public key (ring)"
        );
        let key = jwk("rfc7520-4.3 input.key", &e["input"]["key"].to_string());
        for alg in [Algorithm::ES512, Algorithm::ES256] {
            assert_eq!(
                kind(&key.to_signing_key(alg)),
                Some(ErrorKind::UnsupportedKey),
                "{id}: input.key as {alg:?} (ring)"
            );
        }
        return;
    }
    let verifier = verifier_for(
        public
            .to_verifying_key(Algorithm::ES512)
            .unwrap_or_else(|err| panic!("{id}: §3.1 as ES512: {err:?}")),
    );
    let v = verifier
        .verify_signature_only(compact)
        .unwrap_or_else(|err| panic!("{id}: must verify: {err:?}"));
    assert_eq!(
        v.payload(),
        s(&e, "/input/payload").as_bytes(),
        "{id}: payload"
    );
    assert_eq!(v.header().algorithm(), Algorithm::ES512, "{id}: alg");
    assert_eq!(
        v.header().kid(),
        Some(s(&e, "/signing/protected/kid")),
        "{id}: kid"
    );
    assert_eq!(
        assert_signature_bit_flips_are_invalid(id, &verifier, compact),
        132,
        "{id}"
    );
}

#[test]
fn s4_3_es512_sign_then_verify_with_jwk_3_2() {
    let id = "rfc7520-4.3";
    let e = doc(id, EX_4_3);
    let key = jwk("rfc7520-4.3 input.key", &e["input"]["key"].to_string());
    if !has_es512() {
        assert_eq!(
            kind(&key.to_signing_key(Algorithm::ES512)),
            Some(ErrorKind::UnsupportedKey),
            "{id}: input.key (ring)"
        );
        return;
    }
    let key = key
        .to_signing_key(Algorithm::ES512)
        .unwrap_or_else(|err| panic!("{id}: input.key as ES512: {err:?}"));
    let input = s(&e, "/signing/sig-input");
    let s1 = sign_raw(&key, input.as_bytes()).expect("sign_raw");
    let s2 = sign_raw(&key, input.as_bytes()).expect("sign_raw again");
    assert_eq!((s1.len(), s2.len()), (132, 132), "{id}: raw r||s length");
    // A fresh k per signature: the two differ, and differ from the published one.
    assert_ne!(s1, s2, "{id}: randomized");
    assert_ne!(s1, b64u_decode(id, s(&e, "/signing/sig")), "{id}");
    let verifier = verifier_for(
        jwk("rfc7520-3.1", KEY_3_1)
            .to_verifying_key(Algorithm::ES512)
            .expect("§3.1 as ES512"),
    );
    for sig in [&s1, &s2] {
        assert!(
            verifier
                .verify_signature_only(&format!("{input}.{}", b64u_encode(sig)))
                .is_ok(),
            "{id}: our ES512 signature over the published signing input"
        );
    }
    // Through the Signer (the key carries the §3.2 kid, so §3.1 is selected by kid).
    let claims = serde_json::json!({ "payload": s(&e, "/input/payload") });
    let token = Signer::new(key).sign(&claims).expect("sign");
    let v = verifier
        .verify_signature_only(&token)
        .unwrap_or_else(|err| panic!("{id}: our ES512 token must verify: {err:?}"));
    assert_eq!(v.header().algorithm(), Algorithm::ES512, "{id}");
    assert_eq!(
        v.header().kid(),
        Some("bilbo.baggins@hobbiton.example"),
        "{id}: kid"
    );
    let got: Value = serde_json::from_slice(v.payload()).expect("payload JSON");
    assert_eq!(got, claims, "{id}: payload round trip");
}

#[test]
fn s4_4_hs256_compact_verifies_with_jwk_3_5() {
    let id = "rfc7520-4.4";
    let e = doc(id, EX_4_4);
    let v = verifier_3_5()
        .verify_signature_only(s(&e, "/output/compact"))
        .unwrap_or_else(|err| panic!("{id}: must verify: {err:?}"));
    assert_eq!(
        v.payload(),
        s(&e, "/input/payload").as_bytes(),
        "{id}: payload"
    );
    assert_eq!(v.header().algorithm(), Algorithm::HS256, "{id}: alg");
    assert_eq!(
        v.header().kid(),
        Some(s(&e, "/signing/protected/kid")),
        "{id}: kid"
    );
}

#[test]
fn s4_4_every_single_bit_flip_of_the_signature_is_invalid_signature() {
    let id = "rfc7520-4.4";
    let e = doc(id, EX_4_4);
    let compact = s(&e, "/output/compact");
    let (input, sig_b64) = compact.rsplit_once('.').expect("three segments");
    let sig = b64u_decode(id, sig_b64);
    assert_eq!(sig.len(), 32, "{id}: HS256 tag length");
    let verifier = verifier_3_5();
    let mut flipped = 0;
    for byte in 0..sig.len() {
        for bit in 0..8 {
            let mut bad = sig.clone();
            bad[byte] ^= 1 << bit;
            let token = format!("{input}.{}", b64u_encode(&bad));
            assert_eq!(
                kind(&verifier.verify_signature_only(&token)),
                Some(ErrorKind::InvalidSignature),
                "{id}: signature byte {byte} bit {bit} flipped"
            );
            flipped += 1;
        }
    }
    assert_eq!(flipped, 256, "{id}: every bit of the tag was flipped once");
}

#[test]
fn s4_4_resigning_the_signing_input_gives_the_published_signature() {
    let id = "rfc7520-4.4";
    let e = doc(id, EX_4_4);
    let input = s(&e, "/signing/sig-input");
    let published = s(&e, "/signing/sig");
    // HMAC is deterministic: recomputing it (independent oracle: `common::reference`) is
    // byte-exact ...
    let again = b64u_encode(&hmac_sha256(&secret_3_5(), input.as_bytes()));
    assert_eq!(again, published, "{id}: HMAC-SHA-256(§3.5 key, sig-input)");
    // ... the crate's own signing primitive gives the same bytes ...
    let key = Jwk::from_json(KEY_3_5)
        .and_then(|j| j.to_signing_key(Algorithm::HS256))
        .expect("rfc7520-3.5: signing key");
    assert_eq!(
        b64u_encode(&sign_raw(&key, input.as_bytes()).expect("sign_raw")),
        published,
        "{id}: sign_raw"
    );
    // ... and the crate accepts the recomputed signature over the same signing input.
    assert!(
        verifier_3_5()
            .verify_signature_only(&format!("{input}.{again}"))
            .is_ok(),
        "{id}: re-signed signing input verifies"
    );
}

#[test]
fn s4_4_our_signer_with_the_3_5_key_is_deterministic_and_verifies() {
    let id = "rfc7520-4.4";
    let jwk = Jwk::from_json(KEY_3_5).expect("rfc7520-3.5 JWK");
    let key = jwk
        .to_hmac_signing_key(Algorithm::HS256)
        .expect("rfc7520-3.5: signing key (use: sig)");
    let kid = jwk.kid().expect("rfc7520-3.5 kid");
    let signer = Signer::new(key).with_kid(kid).without_typ();
    let claims = serde_json::json!({ "payload": "It’s a dangerous business, Frodo" });
    let t1 = signer.sign(&claims).expect("sign");
    let t2 = signer.sign(&claims).expect("sign again");
    assert_eq!(t1, t2, "{id}: HMAC signing is deterministic");
    let v = verifier_3_5()
        .verify_signature_only(&t1)
        .unwrap_or_else(|err| panic!("{id}: our token with the §3.5 key must verify: {err:?}"));
    assert_eq!(v.header().kid(), Some(kid), "{id}: kid");
    assert_eq!(
        UntrustedToken::parse(&t1).expect("parse").header().typ(),
        None,
        "{id}: without_typ"
    );
}

// ---------------------------------------------------------------------------------
// §4.8: multiple signatures (general JSON serialization only)
// ---------------------------------------------------------------------------------

/// §4.8's signature `i` as a compact JWS, when it has a protected header:
/// `protected_b64u "." payload "." sig`. Its unprotected header (if any) is dropped,
/// which changes no signed byte.
fn s4_8_compact(e: &Value, i: usize) -> Option<String> {
    let sig = &e["signing"][i];
    let protected = sig.get("protected_b64u")?.as_str()?;
    Some(format!(
        "{protected}.{}.{}",
        s(e, "/output/json/payload"),
        s(sig, "/sig")
    ))
}

#[test]
fn s4_8_vector_is_self_consistent_and_uses_the_section_3_keys() {
    let id = "rfc7520-4.8";
    let e = doc(id, EX_4_8);
    let outputs: Vec<&str> = e["output"]
        .as_object()
        .expect("output")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        outputs,
        ["json"],
        "{id}: general JSON only (no compact, no flattened form)"
    );
    assert_eq!(
        e["input"]["alg"],
        serde_json::json!(["RS256", "ES512", "HS256"]),
        "{id}"
    );
    for (i, key_text) in [KEY_3_4, KEY_3_2, KEY_3_5].into_iter().enumerate() {
        assert_eq!(e["input"]["key"][i], doc(id, key_text), "{id}: key {i}");
    }
    let payload_b64 = b64u_encode(s(&e, "/input/payload").as_bytes());
    assert_eq!(s(&e, "/output/json/payload"), payload_b64, "{id}: payload");
    for i in 0..3 {
        let sig = &e["signing"][i];
        assert_eq!(
            e["output"]["json"]["signatures"][i], sig["json"],
            "{id}: signature {i}"
        );
        // Signature 1 has no protected header: its signing input starts with ".".
        let protected_b64 = match sig.get("protected") {
            Some(p) => {
                assert_eq!(
                    b64u_encode(p.to_string().as_bytes()),
                    s(sig, "/protected_b64u"),
                    "{id}: signature {i} protected_b64u"
                );
                s(sig, "/protected_b64u")
            }
            None => "",
        };
        assert_eq!(
            s(sig, "/sig-input"),
            format!("{protected_b64}.{payload_b64}"),
            "{id}: signature {i} sig-input"
        );
    }
}

#[test]
fn s4_8_general_json_is_malformed_for_the_compact_verifier() {
    let id = "rfc7520-4.8";
    let e = doc(id, EX_4_8);
    let text = e["output"]["json"].to_string();
    for verifier in [verifier_3_3(Algorithm::RS256), verifier_3_5()] {
        assert_eq!(
            kind(&verifier.verify_signature_only(&text)),
            Some(ErrorKind::Malformed),
            "{id}: general JSON fed to verify_signature_only"
        );
    }
    assert_eq!(
        kind(&UntrustedToken::parse(&text)),
        Some(ErrorKind::Malformed),
        "{id}: general JSON fed to UntrustedToken::parse"
    );
}

#[test]
fn s4_8_rs256_signature_as_compact_verifies_and_resigns_byte_exact() {
    let id = "rfc7520-4.8 signature 0 (RS256)";
    let e = doc(id, EX_4_8);
    let compact = s4_8_compact(&e, 0).expect("has a protected header");
    // The kid is in the unprotected header, so the compact form has none; the single
    // RS256 key is found by algorithm.
    let v = verifier_3_3(Algorithm::RS256)
        .verify_signature_only(&compact)
        .unwrap_or_else(|err| panic!("{id}: compact form must verify: {err:?}"));
    assert_eq!(v.header().kid(), None, "{id}");
    assert_eq!(
        v.payload(),
        s(&e, "/input/payload").as_bytes(),
        "{id}: payload"
    );
    let key = jwk(id, &e["input"]["key"][0].to_string())
        .to_signing_key(Algorithm::RS256)
        .expect("RS256 signing key");
    assert_eq!(
        sign_raw(&key, s(&e, "/signing/0/sig-input").as_bytes()).expect("sign_raw"),
        b64u_decode(id, s(&e, "/signing/0/sig")),
        "{id}: re-signed byte-exact"
    );
}

#[test]
fn s4_8_es512_signature_has_no_compact_form_and_verifies_over_its_signing_input() {
    // The second signature protects nothing but the payload: no protected header, and
    // its `alg` (ES512) is in the unprotected header. A compact JWS carries only a
    // protected header, so this signature cannot be expressed as one (its signing
    // input starts with "."). Fed as `.payload.sig`, it is malformed (an empty header
    // is not a JSON object); with any protected header the signing input changes.
    let id = "rfc7520-4.8 signature 1 (ES512)";
    let e = doc(id, EX_4_8);
    assert!(s4_8_compact(&e, 1).is_none(), "{id}: no protected header");
    let input = s(&e, "/signing/1/sig-input");
    assert!(input.starts_with('.'), "{id}: sig-input");
    assert_eq!(s(&e, "/signing/1/unprotected/alg"), "ES512", "{id}");
    let bare = format!(
        ".{}.{}",
        s(&e, "/output/json/payload"),
        s(&e, "/signing/1/sig")
    );
    assert_eq!(
        kind(&UntrustedToken::parse(&bare)),
        Some(ErrorKind::Malformed),
        "{id}: empty protected header"
    );
    assert_eq!(
        kind(&verifier_3_3(Algorithm::RS256).verify_signature_only(&bare)),
        Some(ErrorKind::Malformed),
        "{id}: empty protected header"
    );
    // Below the JWS layer the signature is an ordinary ES512 signature over its signing
    // input, by the §3.2 key (`input.key[1]`), whose public half is §3.1.
    let key = jwk("rfc7520-3.1", KEY_3_1).to_verifying_key(Algorithm::ES512);
    if !has_es512() {
        assert_eq!(
            kind(&key),
            Some(ErrorKind::UnsupportedKey),
            "{id}: §3.1 as ES512 (ring)"
        );
        return;
    }
    let key = key.unwrap_or_else(|err| panic!("{id}: §3.1 as ES512: {err:?}"));
    let sig = b64u_decode(id, s(&e, "/signing/1/sig"));
    assert_eq!(sig.len(), 132, "{id}: R||S on P-521");
    verify_raw(&key, input.as_bytes(), &sig)
        .unwrap_or_else(|err| panic!("{id}: verify_raw over sig-input: {err:?}"));
    // Only over exactly that input: with a protected header in front, or a bit of the
    // signature flipped, it does not verify.
    let with_header = format!("{}{input}", b64u_encode(br#"{"alg":"ES512"}"#));
    assert_eq!(
        kind(&verify_raw(&key, with_header.as_bytes(), &sig)),
        Some(ErrorKind::InvalidSignature),
        "{id}: another signing input"
    );
    for byte in 0..sig.len() {
        let mut bad = sig.clone();
        bad[byte] ^= 1 << (byte % 8);
        assert_eq!(
            kind(&verify_raw(&key, input.as_bytes(), &bad)),
            Some(ErrorKind::InvalidSignature),
            "{id}: signature byte {byte} flipped"
        );
    }
    // The signing key of `input.key[1]` signs such inputs, checked the same way.
    let signing = jwk(id, &e["input"]["key"][1].to_string())
        .to_signing_key(Algorithm::ES512)
        .unwrap_or_else(|err| panic!("{id}: input.key[1] as ES512: {err:?}"));
    let ours = sign_raw(&signing, input.as_bytes()).expect("sign_raw");
    assert_ne!(ours, sig, "{id}: randomized");
    assert!(
        verify_raw(&key, input.as_bytes(), &ours).is_ok(),
        "{id}: our signature over the same sig-input"
    );
}

#[test]
fn s4_8_hs256_signature_as_compact_verifies_and_resigns_byte_exact() {
    let id = "rfc7520-4.8 signature 2 (HS256)";
    let e = doc(id, EX_4_8);
    let compact = s4_8_compact(&e, 2).expect("has a protected header");
    let j = jwk(id, &e["input"]["key"][2].to_string());
    let v = verifier_for(j.to_verifying_key(Algorithm::HS256).expect("HS256 key"))
        .verify_signature_only(&compact)
        .unwrap_or_else(|err| panic!("{id}: compact form must verify: {err:?}"));
    assert_eq!(
        v.header().kid(),
        Some(s(&e, "/signing/2/protected/kid")),
        "{id}: kid (protected)"
    );
    let input = s(&e, "/signing/2/sig-input");
    let published = b64u_decode(id, s(&e, "/signing/2/sig"));
    assert_eq!(
        hmac_sha256(&secret_3_5(), input.as_bytes()),
        published,
        "{id}: independent HMAC"
    );
    let key = j.to_signing_key(Algorithm::HS256).expect("signing key");
    assert_eq!(
        sign_raw(&key, input.as_bytes()).expect("sign_raw"),
        published,
        "{id}: sign_raw"
    );
    // Same key, same protected header, same payload as §4.4: the same signing input,
    // so (HMAC being deterministic) the same signature; its compact form is §4.4's.
    let s4_4 = doc("rfc7520-4.4", EX_4_4);
    assert_eq!(input, s(&s4_4, "/signing/sig-input"), "{id}: as §4.4");
    assert_eq!(compact, s(&s4_4, "/output/compact"), "{id}: as §4.4");
}
