//! RFC 7515 (JWS) Appendix A.1–A.7 and Appendix E, from
//! `vectors/rfc7515/rfc7515_appendix_a.json` (see `vectors/README.md`).
//!
//! - A.1 HS256: verified, re-signed byte-exact, tampering refused.
//! - A.2 RS256: the private JWK re-signs the signing input byte-exact (RSASSA-PKCS1-v1_5
//!   is deterministic); the public JWK verifies the token (as a JWS and, before its
//!   `exp`, as a JWT).
//! - A.3 ES256: the public JWK verifies the published token; ECDSA is randomized, so
//!   the private JWK is checked by sign-then-verify (and an export round trip).
//! - A.4 ES512 (P-521): with the `aws-lc-rs` backend, the public JWK verifies the
//!   published token (also through SPKI DER/PEM) and the private JWK is checked by
//!   sign-then-verify and export round trips (JWK, PKCS#8). With `ring`, which has no
//!   P-521, every key for it is refused with `UnsupportedKey`, never a panic; in
//!   every build `ES512` is an algorithm name and other verifiers refuse the token at
//!   the header (`AlgorithmNotAllowed`).
//! - A.5 and E: `alg: none` refused; `crit` refused (checked again with HS256).
//! - A.6/A.7 (JSON serializations): the compact-only API refuses them as `Malformed`;
//!   the per-signature compact forms of A.6 are the A.2/A.3 tokens and verify.

mod common;

use common::{
    assert_signature_bit_flips_are_invalid, b64u_decode, b64u_encode, case_by_id, has_es512,
    hmac_sha256, kind, parse_vectors, str_member as s, verifier_for,
};
use serde_json::Value;
use std::collections::BTreeSet;
use strict_jwt::internal::{sign_raw, verify_raw};
use strict_jwt::{
    Algorithm, Backend, ErrorKind, Jwk, NumericDate, Signer, SigningKey, UntrustedToken, Verifier,
    VerifyingKey,
};

const FILE: &str = "rfc7515_appendix_a.json";
const VECTORS: &str = include_str!("../vectors/rfc7515/rfc7515_appendix_a.json");

fn vectors() -> Value {
    parse_vectors(FILE, VECTORS)
}

fn case(id: &str) -> Value {
    case_by_id(FILE, &vectors(), id)
}

/// The A.1 64-octet HMAC key, as raw bytes (decoded independently of the crate).
fn a1_secret() -> Vec<u8> {
    let a1 = case("rfc7515-A.1");
    b64u_decode("rfc7515-A.1 jwk.k", s(&a1["jwk"], "k"))
}

/// A verifier for HS256 with the A.1 JWK (no `kid`), built through the JWK API.
fn a1_verifier() -> Verifier {
    let a1 = case("rfc7515-A.1");
    let key = Jwk::from_json(&a1["jwk"].to_string())
        .and_then(|j| j.to_verifying_key(Algorithm::HS256))
        .expect("rfc7515-A.1: the JWK is a usable HS256 key");
    Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key)
        .build()
        .expect("rfc7515-A.1: verifier builds")
}

/// The A.1 claims' `exp`, 1300819380.
fn a1_exp() -> i64 {
    let a1 = case("rfc7515-A.1");
    let claims: Value = serde_json::from_str(s(&a1, "payload_utf8")).expect("A.1 payload is JSON");
    claims["exp"].as_i64().expect("A.1 exp")
}

#[test]
fn helper_base64url_matches_rfc7515_appendix_c_and_round_trips() {
    // RFC 7515 Appendix C: the octets [3, 236, 255, 224, 193] encode as "A-z_4ME".
    assert_eq!(b64u_encode(&[3, 236, 255, 224, 193]), "A-z_4ME");
    assert_eq!(b64u_decode("rfc7515-C", "A-z_4ME"), [3, 236, 255, 224, 193]);
    for n in 0..8u8 {
        let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(97)).collect();
        assert_eq!(
            b64u_decode("round trip", &b64u_encode(&bytes)),
            bytes,
            "n={n}"
        );
    }
}

#[test]
fn a1_vector_is_self_consistent_header_with_crlf() {
    let c = case("rfc7515-A.1");
    let id = "rfc7515-A.1";
    let header = s(&c, "protected_header_utf8");
    assert!(
        header.contains("\r\n "),
        "{id}: header keeps its CR LF SP octets"
    );
    assert_eq!(
        b64u_encode(header.as_bytes()),
        s(&c, "protected_b64u"),
        "{id}"
    );
    assert_eq!(
        b64u_encode(s(&c, "payload_utf8").as_bytes()),
        s(&c, "payload_b64u"),
        "{id}"
    );
    let input = format!("{}.{}", s(&c, "protected_b64u"), s(&c, "payload_b64u"));
    assert_eq!(input, s(&c, "signing_input"), "{id}");
    assert_eq!(
        format!("{input}.{}", s(&c, "signature_b64u")),
        s(&c, "token"),
        "{id}"
    );
    assert_eq!(a1_secret().len(), 64, "{id}: the HMAC key is 64 octets");
}

#[test]
fn a1_hs256_verifies_over_exact_received_bytes() {
    let c = case("rfc7515-A.1");
    let v = a1_verifier()
        .verify_signature_only(s(&c, "token"))
        .unwrap_or_else(|e| panic!("rfc7515-A.1: must verify: {e:?}"));
    assert_eq!(
        v.payload(),
        s(&c, "payload_utf8").as_bytes(),
        "rfc7515-A.1 payload"
    );
    assert_eq!(v.header().algorithm(), Algorithm::HS256, "rfc7515-A.1 alg");
    assert_eq!(v.header().typ(), Some("JWT"), "rfc7515-A.1 typ");

    // Also as a JWT, as of one second before its `exp`.
    let jwt = a1_verifier()
        .verify_at::<Value>(s(&c, "token"), NumericDate::from_secs(a1_exp() - 1))
        .unwrap_or_else(|e| panic!("rfc7515-A.1: must verify as a JWT before exp: {e:?}"));
    assert_eq!(jwt.claims()["iss"], "joe", "rfc7515-A.1 iss");
    assert_eq!(
        jwt.claims()["http://example.com/is_root"],
        true,
        "rfc7515-A.1"
    );
}

#[test]
fn a1_published_signature_is_the_hmac_of_the_signing_input() {
    let c = case("rfc7515-A.1");
    let input = s(&c, "signing_input");
    let published = s(&c, "signature_b64u");
    // Independent oracle (`common::reference`: ring, or aws-lc-rs without ring): HMAC is
    // deterministic, so this is byte-exact.
    assert_eq!(
        b64u_encode(&hmac_sha256(&a1_secret(), input.as_bytes())),
        published,
        "rfc7515-A.1: HMAC-SHA-256(A.1 key, signing input)"
    );
    // The crate: the published signature over the signing input verifies ...
    let verifier = a1_verifier();
    assert!(
        verifier
            .verify_signature_only(&format!("{input}.{published}"))
            .is_ok(),
        "rfc7515-A.1: signing_input + published signature"
    );
    // ... and the HMAC of anything else does not.
    let other = b64u_encode(&hmac_sha256(&a1_secret(), b"not the signing input"));
    assert_eq!(
        kind(&verifier.verify_signature_only(&format!("{input}.{other}"))),
        Some(ErrorKind::InvalidSignature),
        "rfc7515-A.1: a different MAC"
    );
}

#[test]
fn a1_claims_resigned_with_our_signer_verify() {
    let c = case("rfc7515-A.1");
    let claims: Value = serde_json::from_str(s(&c, "payload_utf8")).expect("A.1 payload");
    let key = Jwk::from_json(&c["jwk"].to_string())
        .and_then(|j| j.to_hmac_signing_key(Algorithm::HS256))
        .expect("rfc7515-A.1: signing key");
    let signer = Signer::new(key);
    let token = signer.sign(&claims).expect("rfc7515-A.1: sign");
    // HMAC and our header are deterministic: signing again gives the same token.
    assert_eq!(
        signer.sign(&claims).expect("sign again"),
        token,
        "rfc7515-A.1 re-sign"
    );
    let v = a1_verifier()
        .verify_at::<Value>(&token, NumericDate::from_secs(a1_exp() - 1))
        .unwrap_or_else(|e| panic!("rfc7515-A.1: our re-signed token must verify: {e:?}"));
    assert_eq!(v.claims(), &claims, "rfc7515-A.1 claims round trip");
    assert_eq!(v.header().algorithm(), Algorithm::HS256, "rfc7515-A.1");
    // Same key, same claims, but our header: the signature is ours, not the published.
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(
        parts[2],
        b64u_encode(&hmac_sha256(
            &a1_secret(),
            format!("{}.{}", parts[0], parts[1]).as_bytes()
        )),
        "rfc7515-A.1: our signer's MAC equals an independent HMAC-SHA-256"
    );
}

#[test]
fn a1_tampered_token_is_invalid_signature() {
    let c = case("rfc7515-A.1");
    let token = s(&c, "token");
    // Re-serialising the header (dropping the CR LF) changes the signing input.
    let compact_header = b64u_encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[0] = &compact_header;
    assert_eq!(
        kind(&a1_verifier().verify_signature_only(&parts.join("."))),
        Some(ErrorKind::InvalidSignature),
        "rfc7515-A.1: a re-serialised header must not verify"
    );
}

/// The JWK in member `member` of a case (key JSON is not octet-exact, so re-serializing
/// the parsed vector is fine here, unlike headers and payloads).
fn jwk_of(c: &Value, member: &str) -> Jwk {
    Jwk::from_json(&c[member].to_string())
        .unwrap_or_else(|e| panic!("{}: `{member}` must parse as a JWK: {e:?}", c["id"]))
}

/// `exp` of a case's JWT payload (A.1–A.3 all carry 1300819380).
fn payload_exp(c: &Value) -> i64 {
    let claims: Value = serde_json::from_str(s(c, "payload_utf8")).expect("payload is JSON");
    claims["exp"].as_i64().expect("exp is an integer")
}

/// The published header, payload, signing input and token fit together.
fn assert_compact_case_is_self_consistent(c: &Value) {
    let id = s(c, "id");
    assert_eq!(
        b64u_encode(s(c, "protected_header_utf8").as_bytes()),
        s(c, "protected_b64u"),
        "{id}: protected_b64u"
    );
    assert_eq!(
        b64u_encode(s(c, "payload_utf8").as_bytes()),
        s(c, "payload_b64u"),
        "{id}: payload_b64u"
    );
    let input = format!("{}.{}", s(c, "protected_b64u"), s(c, "payload_b64u"));
    assert_eq!(input, s(c, "signing_input"), "{id}: signing_input");
    assert_eq!(
        format!("{input}.{}", s(c, "signature_b64u")),
        s(c, "token"),
        "{id}: token"
    );
}

#[test]
fn a2_a3_vectors_are_self_consistent() {
    for (id, sig_len) in [("rfc7515-A.2", 256), ("rfc7515-A.3", 64)] {
        let c = case(id);
        assert_compact_case_is_self_consistent(&c);
        assert_eq!(
            b64u_decode(id, s(&c, "signature_b64u")).len(),
            sig_len,
            "{id}: signature length"
        );
        // The public JWK is the private one without its private members.
        let (private, public) = (
            c["jwk"].as_object().expect("jwk"),
            c["jwk_public"].as_object().expect("jwk_public"),
        );
        for (name, value) in public {
            assert_eq!(private.get(name), Some(value), "{id}: jwk_public.{name}");
        }
        assert!(
            private.contains_key("d") && !public.contains_key("d"),
            "{id}: d only in jwk"
        );
    }
    assert_eq!(
        case("rfc7515-A.2")["signature_deterministic"],
        true,
        "rfc7515-A.2"
    );
    assert_eq!(
        case("rfc7515-A.3")["signature_deterministic"],
        false,
        "rfc7515-A.3"
    );
}

#[test]
fn a2_rs256_resigning_the_signing_input_with_the_private_jwk_is_byte_exact() {
    let id = "rfc7515-A.2";
    let c = case(id);
    let key = jwk_of(&c, "jwk")
        .to_signing_key(Algorithm::RS256)
        .unwrap_or_else(|e| panic!("{id}: the private JWK is an RS256 signing key: {e:?}"));
    assert_eq!(key.algorithm(), Algorithm::RS256, "{id}");
    let sig = sign_raw(&key, s(&c, "signing_input").as_bytes())
        .unwrap_or_else(|e| panic!("{id}: sign_raw: {e:?}"));
    // RSASSA-PKCS1-v1_5 is deterministic: the published signature, byte for byte.
    assert_eq!(
        sig,
        b64u_decode(id, s(&c, "signature_b64u")),
        "{id}: re-signed signature"
    );

    // Our Signer with the same key is deterministic too, and its token verifies with
    // the public JWK (its header is ours, so its bytes are not the RFC's).
    let claims: Value = serde_json::from_str(s(&c, "payload_utf8")).expect("payload");
    let signer = Signer::new(key);
    let token = signer.sign(&claims).expect("sign");
    assert_eq!(
        signer.sign(&claims).expect("sign again"),
        token,
        "{id}: Signer is deterministic"
    );
    let public = jwk_of(&c, "jwk_public")
        .to_verifying_key(Algorithm::RS256)
        .expect("public JWK");
    let v = verifier_for(public)
        .verify_at::<Value>(&token, NumericDate::from_secs(payload_exp(&c) - 1))
        .unwrap_or_else(|e| panic!("{id}: our RS256 token must verify: {e:?}"));
    assert_eq!(v.claims(), &claims, "{id}: claims round trip");
}

#[test]
fn a2_rs256_token_verifies_with_the_public_jwk() {
    let id = "rfc7515-A.2";
    let c = case(id);
    let token = s(&c, "token");
    let key = jwk_of(&c, "jwk_public")
        .to_verifying_key(Algorithm::RS256)
        .unwrap_or_else(|e| panic!("{id}: the public JWK is an RS256 key: {e:?}"));
    let verifier = verifier_for(key);

    let jws = verifier
        .verify_signature_only(token)
        .unwrap_or_else(|e| panic!("{id}: must verify: {e:?}"));
    assert_eq!(jws.payload(), s(&c, "payload_utf8").as_bytes(), "{id}");
    assert_eq!(jws.header().algorithm(), Algorithm::RS256, "{id}");

    // As a JWT: valid one second before its `exp`, expired at `exp` (RFC 7519 4.1.4).
    let exp = payload_exp(&c);
    let jwt = verifier
        .verify_at::<Value>(token, NumericDate::from_secs(exp - 1))
        .unwrap_or_else(|e| panic!("{id}: must verify as a JWT before exp: {e:?}"));
    assert_eq!(jwt.claims()["iss"], "joe", "{id}: iss");
    assert_eq!(
        jwt.registered().exp,
        Some(NumericDate::from_secs(exp)),
        "{id}: exp"
    );
    assert_eq!(
        kind(&verifier.verify_at::<Value>(token, NumericDate::from_secs(exp))),
        Some(ErrorKind::Expired),
        "{id}: now == exp"
    );

    // The public half of the private JWK verifies too; the private JWK itself is not
    // accepted as a verification key.
    let from_private = jwk_of(&c, "jwk")
        .to_signing_key(Algorithm::RS256)
        .expect("private JWK")
        .verifying_key();
    assert!(
        verifier_for(from_private)
            .verify_signature_only(token)
            .is_ok(),
        "{id}: verifying_key() of the private JWK"
    );
    assert_eq!(
        kind(&jwk_of(&c, "jwk").to_verifying_key(Algorithm::RS256)),
        Some(ErrorKind::InvalidKey),
        "{id}: a verification JWK with private members"
    );
}

#[test]
fn a2_rs256_tampered_or_relabelled_token_is_refused() {
    let id = "rfc7515-A.2";
    let c = case(id);
    let token = s(&c, "token");
    let public = jwk_of(&c, "jwk_public");
    let verifier = verifier_for(public.to_verifying_key(Algorithm::RS256).expect("key"));
    assert_eq!(
        assert_signature_bit_flips_are_invalid(id, &verifier, token),
        256,
        "{id}"
    );
    // The same modulus bound to another RSA algorithm does not accept an RS256 token.
    for other in [Algorithm::RS384, Algorithm::PS256] {
        let v = verifier_for(public.to_verifying_key(other).expect("key"));
        assert_eq!(
            kind(&v.verify_signature_only(token)),
            Some(ErrorKind::AlgorithmNotAllowed),
            "{id}: verifier for {other:?}"
        );
    }
}

#[test]
fn a3_es256_published_token_verifies_with_the_public_jwk() {
    let id = "rfc7515-A.3";
    let c = case(id);
    let token = s(&c, "token");
    let key = jwk_of(&c, "jwk_public")
        .to_verifying_key(Algorithm::ES256)
        .unwrap_or_else(|e| panic!("{id}: the public JWK is an ES256 key: {e:?}"));
    let verifier = verifier_for(key);
    let jws = verifier
        .verify_signature_only(token)
        .unwrap_or_else(|e| panic!("{id}: must verify: {e:?}"));
    assert_eq!(jws.payload(), s(&c, "payload_utf8").as_bytes(), "{id}");
    assert_eq!(jws.header().algorithm(), Algorithm::ES256, "{id}");
    let jwt = verifier
        .verify_at::<Value>(token, NumericDate::from_secs(payload_exp(&c) - 1))
        .unwrap_or_else(|e| panic!("{id}: must verify as a JWT before exp: {e:?}"));
    assert_eq!(jwt.claims()["iss"], "joe", "{id}: iss");
    assert_eq!(
        assert_signature_bit_flips_are_invalid(id, &verifier, token),
        64,
        "{id}"
    );
}

#[test]
fn a3_es256_private_jwk_signs_and_the_public_jwk_verifies() {
    let id = "rfc7515-A.3";
    let c = case(id);
    let input = s(&c, "signing_input");
    let key = jwk_of(&c, "jwk")
        .to_signing_key(Algorithm::ES256)
        .unwrap_or_else(|e| panic!("{id}: the private JWK is an ES256 signing key: {e:?}"));
    let verifier = verifier_for(
        jwk_of(&c, "jwk_public")
            .to_verifying_key(Algorithm::ES256)
            .expect("public JWK"),
    );

    // ECDSA is randomized: two signatures of the same input differ, and differ from
    // the published one, yet all verify (probability of a collision: negligible).
    let published = b64u_decode(id, s(&c, "signature_b64u"));
    let s1 = sign_raw(&key, input.as_bytes()).expect("sign_raw");
    let s2 = sign_raw(&key, input.as_bytes()).expect("sign_raw again");
    assert_eq!((s1.len(), s2.len()), (64, 64), "{id}: raw r||s length");
    assert_ne!(s1, s2, "{id}: a fresh k per signature");
    assert_ne!(
        s1, published,
        "{id}: not a replay of the published signature"
    );
    for sig in [&s1, &s2] {
        assert!(
            verifier
                .verify_signature_only(&format!("{input}.{}", b64u_encode(sig)))
                .is_ok(),
            "{id}: our signature over the published signing input verifies"
        );
    }

    // Through the Signer, with the vector's claims.
    let claims: Value = serde_json::from_str(s(&c, "payload_utf8")).expect("payload");
    let token = Signer::new(key).sign(&claims).expect("sign");
    let v = verifier
        .verify_at::<Value>(&token, NumericDate::from_secs(payload_exp(&c) - 1))
        .unwrap_or_else(|e| panic!("{id}: our ES256 token must verify: {e:?}"));
    assert_eq!(v.claims(), &claims, "{id}: claims round trip");
}

#[test]
fn a3_es256_private_jwk_round_trips_through_import_and_export() {
    let id = "rfc7515-A.3";
    let c = case(id);
    let key = jwk_of(&c, "jwk")
        .to_signing_key(Algorithm::ES256)
        .expect("private JWK");

    // Private export: the file's members, plus the `alg` the key is bound to.
    let exported = key
        .to_private_jwk()
        .unwrap_or_else(|e| panic!("{id}: to_private_jwk: {e:?}"));
    let got: Value = serde_json::from_str(&exported.to_json()).expect("exported JWK is JSON");
    let mut want = c["jwk"].clone();
    want["alg"] = Value::from("ES256");
    assert_eq!(got, want, "{id}: private JWK export");

    // Public export of the derived public key: the published point.
    let public: Value = serde_json::from_str(
        &key.verifying_key()
            .to_public_jwk()
            .expect("public JWK export")
            .to_json(),
    )
    .expect("JSON");
    let mut want = c["jwk_public"].clone();
    want["alg"] = Value::from("ES256");
    assert_eq!(public, want, "{id}: public JWK export");

    // The exported private JWK imports again, and its signatures verify with the file's
    // public JWK.
    let again = Jwk::from_json(&exported.to_json())
        .and_then(|j| j.to_signing_key(Algorithm::ES256))
        .expect("re-import");
    let sig = sign_raw(&again, s(&c, "signing_input").as_bytes()).expect("sign");
    let token = format!("{}.{}", s(&c, "signing_input"), b64u_encode(&sig));
    let verifier = verifier_for(
        jwk_of(&c, "jwk_public")
            .to_verifying_key(Algorithm::ES256)
            .expect("public JWK"),
    );
    assert!(verifier.verify_signature_only(&token).is_ok(), "{id}");
}

#[test]
fn a4_es512_vector_is_self_consistent_and_refused_by_other_verifiers_in_every_build() {
    let id = "rfc7515-A.4";
    let c = case(id);
    assert_compact_case_is_self_consistent(&c);
    assert_eq!(
        b64u_decode(id, s(&c, "signature_b64u")).len(),
        132,
        "{id}: R||S on P-521"
    );
    assert_eq!(c["signature_deterministic"], false, "{id}");
    // The public JWK is the private one without `d`.
    let (private, public) = (
        c["jwk"].as_object().expect("jwk"),
        c["jwk_public"].as_object().expect("jwk_public"),
    );
    for (name, value) in public {
        assert_eq!(private.get(name), Some(value), "{id}: jwk_public.{name}");
    }
    assert!(
        private.contains_key("d") && !public.contains_key("d"),
        "{id}: d only in jwk"
    );
    assert_eq!(public.get("crv"), Some(&Value::from("P-521")), "{id}: crv");

    // ES512 is an algorithm name in every build, whatever the backend.
    let token = s(&c, "token");
    assert_eq!(
        Algorithm::from_name(s(&c, "alg")),
        Ok(Algorithm::ES512),
        "{id}: Algorithm::from_name"
    );
    let parsed = UntrustedToken::parse(token).unwrap_or_else(|e| panic!("{id}: parse: {e:?}"));
    assert_eq!(
        parsed.header().algorithm(),
        Algorithm::ES512,
        "{id}: header alg"
    );
    // A verifier for another ECDSA algorithm (the A.3 key) refuses it at the header.
    let es256 = verifier_for(
        jwk_of(&case("rfc7515-A.3"), "jwk_public")
            .to_verifying_key(Algorithm::ES256)
            .expect("A.3 key"),
    );
    assert_eq!(
        kind(&es256.verify_signature_only(token)),
        Some(ErrorKind::AlgorithmNotAllowed),
        "{id}: ES256 verifier, verify_signature_only"
    );
    assert_eq!(
        kind(&es256.verify_at::<Value>(token, NumericDate::from_secs(0))),
        Some(ErrorKind::AlgorithmNotAllowed),
        "{id}: ES256 verifier, verify_at"
    );
    // Bound to a non-EC algorithm the P-521 JWK is an incompatible key (its type); it has no
    // `alg` of its own to bind it to.
    let public = jwk_of(&c, "jwk_public");
    assert_eq!(
        kind(&public.to_verifying_key_for_own_alg()),
        Some(ErrorKind::InvalidKey),
        "{id}: the JWK has no alg of its own"
    );
    for alg in [Algorithm::RS256, Algorithm::HS256, Algorithm::EdDSA] {
        assert_eq!(
            kind(&public.to_verifying_key(alg)),
            Some(ErrorKind::IncompatibleKey),
            "{id}: EC JWK for {alg:?}"
        );
    }
}

#[test]
fn a4_es512_published_token_verifies_with_the_public_jwk() {
    let id = "rfc7515-A.4";
    let c = case(id);
    let token = s(&c, "token");
    let (public, private) = (jwk_of(&c, "jwk_public"), jwk_of(&c, "jwk"));
    if !has_es512() {
        // ring has no P-521: every key for ES512 is refused at construction, and so is
        // the P-521 key bound to the ECDSA algorithms ring has (the curve is the
        // problem, not the binding).
        for alg in [Algorithm::ES512, Algorithm::ES256, Algorithm::ES384] {
            assert_eq!(
                kind(&public.to_verifying_key(alg)),
                Some(ErrorKind::UnsupportedKey),
                "{id}: public P-521 JWK to_verifying_key({alg:?}) (ring)"
            );
            assert_eq!(
                kind(&private.to_signing_key(alg)),
                Some(ErrorKind::UnsupportedKey),
                "{id}: private P-521 JWK to_signing_key({alg:?}) (ring)"
            );
        }
        return;
    }
    let key = public
        .to_verifying_key(Algorithm::ES512)
        .unwrap_or_else(|e| panic!("{id}: the public JWK is an ES512 key: {e:?}"));
    assert_eq!(key.algorithm(), Algorithm::ES512, "{id}");
    let verifier = verifier_for(key.clone());
    let jws = verifier
        .verify_signature_only(token)
        .unwrap_or_else(|e| panic!("{id}: must verify: {e:?}"));
    assert_eq!(jws.payload(), s(&c, "payload_utf8").as_bytes(), "{id}");
    assert_eq!(jws.header().algorithm(), Algorithm::ES512, "{id}");
    assert_eq!(
        assert_signature_bit_flips_are_invalid(id, &verifier, token),
        132,
        "{id}"
    );
    // The same key through SPKI DER and PEM (export, then import) verifies too.
    let der = key.to_spki_der().expect("SPKI export");
    let pem = key.to_spki_pem().expect("PEM export");
    for (what, again) in [
        (
            "SPKI DER",
            VerifyingKey::from_spki_der(Algorithm::ES512, &der),
        ),
        ("SPKI PEM", VerifyingKey::from_pem(Algorithm::ES512, &pem)),
    ] {
        let again = again.unwrap_or_else(|e| panic!("{id}: {what} re-import: {e:?}"));
        assert_eq!(again.to_spki_der().expect("SPKI"), der, "{id}: {what}");
        assert!(
            verifier_for(again).verify_signature_only(token).is_ok(),
            "{id}: {what} re-imported key verifies the token"
        );
    }
    // Public JWK export: the file's members plus the bound `alg`.
    let exported: Value = serde_json::from_str(&key.to_public_jwk().expect("export").to_json())
        .expect("exported JWK is JSON");
    let mut want = c["jwk_public"].clone();
    want["alg"] = Value::from("ES512");
    assert_eq!(exported, want, "{id}: public JWK export");
    // The P-521 key bound to another ECDSA algorithm: an incompatible key (its curve).
    for alg in [Algorithm::ES256, Algorithm::ES384, Algorithm::ES256K] {
        assert_eq!(
            kind(&public.to_verifying_key(alg)),
            Some(ErrorKind::IncompatibleKey),
            "{id}: P-521 JWK as {alg:?}"
        );
        assert_eq!(
            kind(&VerifyingKey::from_spki_der(alg, &der)),
            Some(ErrorKind::IncompatibleKey),
            "{id}: P-521 SPKI as {alg:?}"
        );
    }
    // The ES512 token is not an ES384 or ES256 token: a verifier with the A.4 key
    // allows ES512 only.
    let relabelled = format!(
        "{}.{}",
        b64u_encode(br#"{"alg":"ES384"}"#),
        token.split_once('.').expect("segments").1
    );
    assert_eq!(
        kind(&verifier.verify_signature_only(&relabelled)),
        Some(ErrorKind::AlgorithmNotAllowed),
        "{id}: relabelled ES384"
    );
}

#[test]
fn a4_es512_private_jwk_signs_and_round_trips_through_import_and_export() {
    let id = "rfc7515-A.4";
    let c = case(id);
    let input = s(&c, "signing_input");
    let private = jwk_of(&c, "jwk");
    if !has_es512() {
        assert_eq!(
            kind(&private.to_signing_key(Algorithm::ES512)),
            Some(ErrorKind::UnsupportedKey),
            "{id}: private P-521 JWK as an ES512 signing key (ring)"
        );
        assert_eq!(
            kind(&SigningKey::generate(Algorithm::ES512)),
            Some(ErrorKind::UnsupportedKey),
            "{id}: ES512 key generation (ring)"
        );
        return;
    }
    let key = private
        .to_signing_key(Algorithm::ES512)
        .unwrap_or_else(|e| panic!("{id}: the private JWK is an ES512 signing key: {e:?}"));
    assert_eq!(key.algorithm(), Algorithm::ES512, "{id}");
    let verifier = verifier_for(
        jwk_of(&c, "jwk_public")
            .to_verifying_key(Algorithm::ES512)
            .expect("public JWK"),
    );

    // ECDSA is randomized: two signatures of the same input differ, and differ from the
    // published one, yet all verify.
    let published = b64u_decode(id, s(&c, "signature_b64u"));
    let s1 = sign_raw(&key, input.as_bytes()).expect("sign_raw");
    let s2 = sign_raw(&key, input.as_bytes()).expect("sign_raw again");
    assert_eq!((s1.len(), s2.len()), (132, 132), "{id}: raw r||s length");
    assert_ne!(s1, s2, "{id}: a fresh k per signature");
    assert_ne!(
        s1, published,
        "{id}: not a replay of the published signature"
    );
    for sig in [&s1, &s2] {
        assert!(
            verifier
                .verify_signature_only(&format!("{input}.{}", b64u_encode(sig)))
                .is_ok(),
            "{id}: our signature over the published signing input verifies"
        );
        assert!(
            verify_raw(&key.verifying_key(), input.as_bytes(), sig).is_ok(),
            "{id}: verify_raw with the signing key's public half"
        );
    }

    // Through the Signer (the payload is not JWT claims: wrap it).
    let claims = serde_json::json!({ "payload": s(&c, "payload_utf8") });
    let token = Signer::new(key.clone()).sign(&claims).expect("sign");
    let v = verifier
        .verify_signature_only(&token)
        .unwrap_or_else(|e| panic!("{id}: our ES512 token must verify: {e:?}"));
    assert_eq!(v.header().algorithm(), Algorithm::ES512, "{id}");
    let got: Value = serde_json::from_slice(v.payload()).expect("payload JSON");
    assert_eq!(got, claims, "{id}: payload round trip");

    // Private JWK export: the file's members plus `alg`; it imports again and signs.
    let exported = key
        .to_private_jwk()
        .unwrap_or_else(|e| panic!("{id}: to_private_jwk: {e:?}"));
    let got: Value = serde_json::from_str(&exported.to_json()).expect("exported JWK is JSON");
    let mut want = c["jwk"].clone();
    want["alg"] = Value::from("ES512");
    assert_eq!(got, want, "{id}: private JWK export");
    let public: Value = serde_json::from_str(
        &key.verifying_key()
            .to_public_jwk()
            .expect("public JWK export")
            .to_json(),
    )
    .expect("JSON");
    let mut want = c["jwk_public"].clone();
    want["alg"] = Value::from("ES512");
    assert_eq!(
        public, want,
        "{id}: public JWK export of the derived public key"
    );
    let again = Jwk::from_json(&exported.to_json())
        .and_then(|j| j.to_signing_key(Algorithm::ES512))
        .expect("re-import");
    let sig = sign_raw(&again, input.as_bytes()).expect("sign");
    assert!(
        verifier
            .verify_signature_only(&format!("{input}.{}", b64u_encode(&sig)))
            .is_ok(),
        "{id}: the re-imported private JWK signs"
    );

    // PKCS#8 (DER and PEM) round trip.
    let der = key.to_pkcs8_der().expect("PKCS#8 export");
    let pem = key.to_pkcs8_pem().expect("PKCS#8 PEM export");
    for (what, k) in [
        (
            "PKCS#8 DER",
            SigningKey::from_pkcs8_der(Algorithm::ES512, &der),
        ),
        ("PKCS#8 PEM", SigningKey::from_pem(Algorithm::ES512, &pem)),
    ] {
        let k = k.unwrap_or_else(|e| panic!("{id}: {what} re-import: {e:?}"));
        let sig = sign_raw(&k, input.as_bytes()).expect("sign");
        assert!(
            verifier
                .verify_signature_only(&format!("{input}.{}", b64u_encode(&sig)))
                .is_ok(),
            "{id}: {what} re-imported key signs"
        );
    }
}

#[test]
fn a6_a7_per_signature_compact_forms_are_the_a2_a3_tokens_and_verify() {
    // A compact JWS carries one signature and no unprotected header. A.6's signatures
    // have their `kid` only in the unprotected header, so dropping it changes no signed
    // byte: `protected.payload.signature` is a complete compact JWS.
    let a6 = case("rfc7515-A.6");
    let payload = a6["jws_json"]["payload"].as_str().expect("A.6 payload");
    let sigs = a6["jws_json"]["signatures"].as_array().expect("signatures");
    let jwks = a6["jwks"].as_array().expect("jwks");
    let algs = a6["alg"].as_array().expect("alg list");
    assert_eq!(
        (sigs.len(), jwks.len(), algs.len()),
        (2, 2, 2),
        "rfc7515-A.6"
    );
    for (i, same_as) in ["rfc7515-A.2", "rfc7515-A.3"].into_iter().enumerate() {
        let id = format!("rfc7515-A.6 signature {i}");
        let sig = &sigs[i];
        let compact = format!("{}.{payload}.{}", s(sig, "protected"), s(sig, "signature"));
        assert_eq!(compact, s(&case(same_as), "token"), "{id} is {same_as}");
        let alg = Algorithm::from_name(algs[i].as_str().expect("alg")).expect("alg");
        let key = Jwk::from_json(&jwks[i].to_string())
            .and_then(|j| j.to_verifying_key(alg))
            .unwrap_or_else(|e| panic!("{id}: JWK: {e:?}"));
        assert_eq!(key.kid(), sig["header"]["kid"].as_str(), "{id}: kid");
        let v = verifier_for(key)
            .verify_signature_only(&compact)
            .unwrap_or_else(|e| panic!("{id}: compact form must verify: {e:?}"));
        assert_eq!(
            v.header().kid(),
            None,
            "{id}: no kid in the protected header"
        );
        assert_eq!(a6["expected_per_signature"][i], "valid", "{id}: label");
    }

    // A.7 (flattened) is A.6's second signature.
    let a7 = case("rfc7515-A.7");
    let j = &a7["jws_json"];
    let compact = format!(
        "{}.{}.{}",
        s(j, "protected"),
        s(j, "payload"),
        s(j, "signature")
    );
    assert_eq!(compact, s(&case("rfc7515-A.3"), "token"), "rfc7515-A.7");
    let key = jwk_of(&a7, "jwk_public")
        .to_verifying_key(Algorithm::ES256)
        .expect("A.7 key");
    assert!(
        verifier_for(key).verify_signature_only(&compact).is_ok(),
        "rfc7515-A.7 compact form"
    );
}

#[test]
fn a2_a3_keys_are_bound_to_their_key_type() {
    // Keys are bound at construction: the A.2 RSA key never becomes ES256 or HMAC
    // material, and the A.3 EC key never becomes RSA.
    let a2 = jwk_of(&case("rfc7515-A.2"), "jwk_public");
    let a3 = jwk_of(&case("rfc7515-A.3"), "jwk_public");
    for (what, r) in [
        ("A.2 as ES256", a2.to_verifying_key(Algorithm::ES256)),
        ("A.2 as HS256", a2.to_verifying_key(Algorithm::HS256)),
        ("A.3 as RS256", a3.to_verifying_key(Algorithm::RS256)),
        ("A.3 as EdDSA", a3.to_verifying_key(Algorithm::EdDSA)),
        ("A.3 as HS256", a3.to_verifying_key(Algorithm::HS256)),
    ] {
        assert_eq!(kind(&r), Some(ErrorKind::IncompatibleKey), "rfc7515 {what}");
    }
}

#[test]
fn a5_unsecured_alg_none_is_unsupported_algorithm() {
    let c = case("rfc7515-A.5");
    let token = s(&c, "token");
    assert_eq!(
        kind(&UntrustedToken::parse(token)),
        Some(ErrorKind::UnsupportedAlgorithm),
        "rfc7515-A.5 parse"
    );
    assert_eq!(
        kind(&a1_verifier().verify_signature_only(token)),
        Some(ErrorKind::UnsupportedAlgorithm),
        "rfc7515-A.5 verify_signature_only"
    );
    assert_eq!(
        kind(&a1_verifier().verify_at::<Value>(token, NumericDate::from_secs(a1_exp() - 1))),
        Some(ErrorKind::UnsupportedAlgorithm),
        "rfc7515-A.5 verify_at"
    );
}

#[test]
fn a6_a7_json_serializations_are_malformed_for_the_compact_verifier() {
    for id in ["rfc7515-A.6", "rfc7515-A.7"] {
        let c = case(id);
        let text = serde_json::to_string(&c["jws_json"]).expect("jws_json");
        assert_eq!(
            kind(&a1_verifier().verify_signature_only(&text)),
            Some(ErrorKind::Malformed),
            "{id}: JSON serialization fed to verify_signature_only"
        );
        assert_eq!(
            kind(&UntrustedToken::parse(&text)),
            Some(ErrorKind::Malformed),
            "{id}: JSON serialization fed to UntrustedToken::parse"
        );
    }
}

#[test]
fn appendix_e_crit_with_alg_none_is_unsupported_algorithm() {
    let c = case("rfc7515-E");
    assert_eq!(
        b64u_encode(s(&c, "protected_header_utf8").as_bytes()),
        s(&c, "protected_b64u"),
        "rfc7515-E header encoding"
    );
    assert_eq!(
        kind(&a1_verifier().verify_signature_only(s(&c, "token"))),
        Some(ErrorKind::UnsupportedAlgorithm),
        "rfc7515-E"
    );
}

/// Appendix E's header with `alg` changed to HS256 (everything else, `crit` included,
/// kept byte for byte), its payload, and a correct A.1-key HMAC: only `crit` is wrong.
fn appendix_e_as_hs256(header: &str) -> String {
    let c = case("rfc7515-E");
    let input = format!(
        "{}.{}",
        b64u_encode(header.as_bytes()),
        s(&c, "payload_b64u")
    );
    let sig = b64u_encode(&hmac_sha256(&a1_secret(), input.as_bytes()));
    format!("{input}.{sig}")
}

#[test]
fn appendix_e_crit_with_hs256_and_a_valid_mac_is_crit_unsupported() {
    let c = case("rfc7515-E");
    let original = s(&c, "protected_header_utf8");
    let header = original.replacen(r#""alg":"none""#, r#""alg":"HS256""#, 1);
    assert_ne!(header, original, "rfc7515-E: alg replaced");
    assert!(header.contains(r#""crit":["#), "rfc7515-E: crit kept");
    let token = appendix_e_as_hs256(&header);
    assert_eq!(
        kind(&a1_verifier().verify_signature_only(&token)),
        Some(ErrorKind::CritUnsupported),
        "rfc7515-E (alg HS256): crit names an extension the crate does not understand"
    );
    assert_eq!(
        kind(&UntrustedToken::parse(&token)),
        Some(ErrorKind::CritUnsupported),
        "rfc7515-E (alg HS256) parse"
    );

    // Control: the same header without `crit` (the extension member stays, ignored as
    // an unknown member) verifies, so the refusal above is due to `crit` alone.
    let without_crit = header.replacen("\r\n \"crit\":[\"http://example.com/UNDEFINED\"],", "", 1);
    assert!(
        !without_crit.contains("crit"),
        "rfc7515-E control: crit removed"
    );
    let v = a1_verifier()
        .verify_signature_only(&appendix_e_as_hs256(&without_crit))
        .unwrap_or_else(|e| panic!("rfc7515-E control (no crit) must verify: {e:?}"));
    assert_eq!(v.payload(), s(&c, "payload_utf8").as_bytes(), "rfc7515-E");
}

/// Every case in the file is exercised by a test above, and its label is the one these
/// tests were written for.
#[test]
fn every_appendix_case_is_covered() {
    // (id, label in the file, how this suite treats it)
    const COVERED: &[(&str, &str, &str)] = &[
        ("rfc7515-A.1", "valid", "verified, re-signed"),
        (
            "rfc7515-A.2",
            "valid",
            "verified (JWS, and JWT before exp); re-signed byte-exact",
        ),
        (
            "rfc7515-A.3",
            "valid",
            "verified; private JWK sign-then-verify and export round trip",
        ),
        (
            "rfc7515-A.4",
            "valid",
            "aws-lc-rs: verified, sign-then-verify, export round trips; ring (no P-521): \
             every ES512 key refused (UnsupportedKey)",
        ),
        ("rfc7515-A.5", "invalid", "refused: alg none"),
        (
            "rfc7515-A.6",
            "valid",
            "refused: JSON serialization, compact-only API (Malformed); per-signature compact forms verified",
        ),
        (
            "rfc7515-A.7",
            "valid",
            "refused: JSON serialization, compact-only API (Malformed); compact form verified",
        ),
        (
            "rfc7515-E",
            "invalid",
            "refused: alg none; crit tested with HS256",
        ),
    ];
    let v = vectors();
    let cases = v["cases"].as_array().expect("cases");
    let in_file: BTreeSet<&str> = cases.iter().map(|c| s(c, "id")).collect();
    let covered: BTreeSet<&str> = COVERED.iter().map(|c| c.0).collect();
    assert_eq!(
        in_file, covered,
        "{FILE}: cases in the file vs cases covered"
    );
    assert_eq!(cases.len(), COVERED.len(), "{FILE}: no duplicate ids");
    for (id, label, _) in COVERED {
        let c = cases.iter().find(|c| c["id"] == *id).expect("case");
        assert_eq!(s(c, "expected"), *label, "{id}: label");
    }
    println!(
        "rfc7515 ({} backend): {} cases covered: A.1/A.2 verified and re-signed; A.3 verified \
         and sign-then-verify; A.4 (ES512) {}; A.5, A.6/A.7 (JSON), E refused",
        Backend::ACTIVE.name(),
        COVERED.len(),
        if has_es512() {
            "verified and sign-then-verify"
        } else {
            "refused at key construction (UnsupportedKey)"
        }
    );
}
