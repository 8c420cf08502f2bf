//! RFC 8037 (CFRG curves in JOSE) Appendix A.1–A.5: the Ed25519 OKP key and the
//! EdDSA-signed compact JWS, from `vectors/rfc8037/rfc8037_appendix_a.json` and the
//! unmodified `ietf-jose/cookbook` `curve25519/jws.json` copy beside it (see
//! `vectors/README.md`).
//!
//! - Ed25519 signatures are deterministic: the private JWK re-signs the signing input
//!   byte-exact, and the public JWK verifies the token under `alg: EdDSA`.
//! - RFC 9864 registers `Ed25519` as a separate, fully specified algorithm name. This
//!   crate keeps them apart: a key bound to `Algorithm::Ed25519` does not verify an
//!   `EdDSA` token (the allowlist refuses it, or the kid's key is of another
//!   algorithm), and it does sign and verify tokens whose header says `Ed25519`.
//! - The public key derives from the private one (`x` from `d`), and the OKP JWKs
//!   round-trip through import and export; the A.3 thumbprint input is rebuilt from
//!   the exported members.
//!
//! A.6/A.7 (X25519/X448 ECDH-ES) are JWE and out of scope. The payload is text, not
//! JWT claims, so the published token is checked with `verify_signature_only`.

mod common;

use common::{
    b64u_decode, b64u_encode, hex_decode, kind, parse_vectors, str_member as s, verifier_for,
};
use serde_json::{Value, json};
use strict_jwt::internal::{sign_raw, verify_raw};
use strict_jwt::{
    Algorithm, ErrorKind, Jwk, NumericDate, Signer, SigningKey, UntrustedToken, Verifier,
    VerifyingKey,
};

const FILE: &str = "rfc8037_appendix_a.json";
const VECTORS: &str = include_str!("../vectors/rfc8037/rfc8037_appendix_a.json");
const COOKBOOK: &str = include_str!("../vectors/rfc8037/cookbook_curve25519_jws.json");

const ID: &str = "rfc8037-A.4";

fn vectors() -> Value {
    parse_vectors(FILE, VECTORS)
}

fn case() -> Value {
    common::case_by_id(FILE, &vectors(), ID)
}

fn jwk_of(v: &Value, ctx: &str) -> Jwk {
    Jwk::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{ctx}: must parse as a JWK: {e:?}"))
}

/// The A.2 public key bound to `alg`.
fn public_key(alg: Algorithm) -> VerifyingKey {
    jwk_of(&case()["jwk_public"], "A.2 public JWK")
        .to_verifying_key(alg)
        .unwrap_or_else(|e| panic!("{ID}: the public JWK as an {alg:?} key: {e:?}"))
}

/// The A.1 private key bound to `alg`.
fn signing_key(alg: Algorithm) -> SigningKey {
    jwk_of(&case()["jwk"], "A.1 private JWK")
        .to_signing_key(alg)
        .unwrap_or_else(|e| panic!("{ID}: the private JWK as an {alg:?} key: {e:?}"))
}

#[test]
fn vector_is_self_consistent_and_agrees_with_the_cookbook() {
    let v = vectors();
    let c = case();
    // A.1 hex forms of d and x.
    let private = &v["private_key"];
    assert_eq!(
        b64u_decode("A.1 d", s(&private["jwk"], "d")),
        hex_decode("A.1 d_hex", s(private, "d_hex")),
        "A.1 d"
    );
    assert_eq!(
        b64u_decode("A.1 x", s(&private["jwk"], "x")),
        hex_decode("A.1 x_hex", s(private, "x_hex")),
        "A.1 x"
    );
    // A.2 is A.1 without d; the case carries the same keys.
    let mut public = private["jwk"].clone();
    public.as_object_mut().expect("object").remove("d");
    assert_eq!(v["public_key"]["jwk"], public, "A.2 = A.1 minus d");
    assert_eq!(c["jwk"], private["jwk"], "{ID}: jwk is A.1");
    assert_eq!(c["jwk_public"], public, "{ID}: jwk_public is A.2");
    // A.4 encodings.
    assert_eq!(
        b64u_encode(s(&c, "protected_header_utf8").as_bytes()),
        s(&c, "protected_b64u"),
        "{ID}"
    );
    assert_eq!(
        b64u_encode(s(&c, "payload_utf8").as_bytes()),
        s(&c, "payload_b64u"),
        "{ID}"
    );
    let input = format!("{}.{}", s(&c, "protected_b64u"), s(&c, "payload_b64u"));
    assert_eq!(input, s(&c, "signing_input"), "{ID}: signing_input");
    let sig = hex_decode("A.4 signature_hex", s(&c, "signature_hex"));
    assert_eq!(sig.len(), 64, "{ID}: Ed25519 signatures are 64 octets");
    assert_eq!(
        b64u_encode(&sig),
        s(&c, "signature_b64u"),
        "{ID}: signature hex vs base64url"
    );
    assert_eq!(
        format!("{input}.{}", s(&c, "signature_b64u")),
        s(&c, "token"),
        "{ID}: token"
    );
    assert_eq!(c["signature_deterministic"], true, "{ID}");

    // The cookbook file: same key (plus `use: sig`), same input, signature and token.
    let cb = parse_vectors("cookbook_curve25519_jws.json", COOKBOOK);
    assert_eq!(cb["reproducible"], true, "cookbook");
    assert_eq!(cb["input"]["alg"], "EdDSA", "cookbook");
    let mut cb_key = cb["input"]["key"].clone();
    assert_eq!(
        cb_key.as_object_mut().expect("key").remove("use"),
        Some(json!("sig")),
        "cookbook key use"
    );
    assert_eq!(cb_key, c["jwk"], "cookbook key is A.1");
    assert_eq!(
        cb["input"]["payload"], c["payload_utf8"],
        "cookbook payload"
    );
    assert_eq!(
        cb["signing"]["sig-input"], c["signing_input"],
        "cookbook sig-input"
    );
    assert_eq!(cb["signing"]["sig"], c["signature_b64u"], "cookbook sig");
    assert_eq!(cb["output"]["compact"], c["token"], "cookbook compact");
}

#[test]
fn a4_resigning_the_signing_input_is_byte_exact() {
    let c = case();
    let input = s(&c, "signing_input");
    let published = hex_decode("A.4 signature_hex", s(&c, "signature_hex"));
    // Ed25519 (RFC 8032) is deterministic. The key bound to either name signs with
    // the same primitive, so both give the published bytes.
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        let key = signing_key(alg);
        assert_eq!(key.algorithm(), alg, "{ID}");
        let sig = sign_raw(&key, input.as_bytes())
            .unwrap_or_else(|e| panic!("{ID}: sign_raw ({alg:?}): {e:?}"));
        assert_eq!(
            sig, published,
            "{ID}: re-signed with the key bound to {alg:?}"
        );
    }
    // The cookbook's key (with `use: sig`) too.
    let cb = parse_vectors("cookbook_curve25519_jws.json", COOKBOOK);
    let key = jwk_of(&cb["input"]["key"], "cookbook key")
        .to_signing_key(Algorithm::EdDSA)
        .expect("cookbook key");
    assert_eq!(
        b64u_encode(&sign_raw(&key, input.as_bytes()).expect("sign_raw")),
        s(&cb["signing"], "sig"),
        "cookbook: re-signed"
    );
}

#[test]
fn a5_token_verifies_with_the_public_jwk_under_eddsa() {
    let c = case();
    let token = s(&c, "token");
    let verifier = verifier_for(public_key(Algorithm::EdDSA));
    let v = verifier
        .verify_signature_only(token)
        .unwrap_or_else(|e| panic!("{ID}: must verify: {e:?}"));
    assert_eq!(
        v.payload(),
        s(&c, "payload_utf8").as_bytes(),
        "{ID}: payload"
    );
    assert_eq!(v.header().algorithm(), Algorithm::EdDSA, "{ID}: alg");
    // Not a JWT: the payload is text, so JWT verification fails after the signature.
    assert_eq!(
        kind(&verifier.verify_at::<Value>(token, NumericDate::from_secs(0))),
        Some(ErrorKind::Malformed),
        "{ID}: the payload is not a JSON object"
    );
    // The public half of the private JWK verifies too.
    assert!(
        verifier_for(signing_key(Algorithm::EdDSA).verifying_key())
            .verify_signature_only(token)
            .is_ok(),
        "{ID}: verifying_key() of the private JWK"
    );
    // The private JWK itself is not a verification key.
    assert_eq!(
        kind(&jwk_of(&c["jwk"], "A.1").to_verifying_key(Algorithm::EdDSA)),
        Some(ErrorKind::InvalidKey),
        "{ID}: a verification JWK with d"
    );
}

#[test]
fn a5_every_single_bit_flip_of_the_signature_is_invalid_signature() {
    let c = case();
    let (input, sig_b64) = s(&c, "token").rsplit_once('.').expect("segments");
    let sig = b64u_decode(ID, sig_b64);
    let verifier = verifier_for(public_key(Algorithm::EdDSA));
    let mut flipped = 0;
    for bit in 0..sig.len() * 8 {
        let mut bad = sig.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            kind(&verifier.verify_signature_only(&format!("{input}.{}", b64u_encode(&bad)))),
            Some(ErrorKind::InvalidSignature),
            "{ID}: signature bit {bit} flipped"
        );
        flipped += 1;
    }
    assert_eq!(flipped, 512, "{ID}");
}

#[test]
fn a5_key_bound_to_ed25519_refuses_the_eddsa_token() {
    let c = case();
    let token = s(&c, "token");
    // 1. A verifier for `Ed25519` only: `EdDSA` is not in its allowlist, refused at
    //    the header before any key is looked at.
    assert_eq!(
        kind(&verifier_for(public_key(Algorithm::Ed25519)).verify_signature_only(token)),
        Some(ErrorKind::AlgorithmNotAllowed),
        "{ID}: Ed25519-only verifier"
    );

    // 2. A verifier that allows both names, holding the RFC key bound to `Ed25519` and
    //    some other key for `EdDSA`. The published token has no kid, so only keys bound
    //    to `EdDSA` are tried: the RFC key is not, and the token fails its signature.
    let other = SigningKey::generate(Algorithm::EdDSA)
        .expect("generate")
        .verifying_key()
        .with_kid("other");
    let both = Verifier::builder()
        .allow(Algorithm::EdDSA)
        .allow(Algorithm::Ed25519)
        .key(public_key(Algorithm::Ed25519).with_kid("rfc8037"))
        .key(other)
        .build()
        .expect("verifier");
    assert_eq!(
        kind(&both.verify_signature_only(token)),
        Some(ErrorKind::InvalidSignature),
        "{ID}: no EdDSA-bound key holds the RFC public key"
    );

    // 3. The same, with an `EdDSA` token naming the RFC key's kid: the kid selects a key
    //    bound to `Ed25519`, which is a key mismatch, though the signature is good.
    let named = Signer::new(signing_key(Algorithm::EdDSA))
        .with_kid("rfc8037")
        .sign(&json!({"sub": "rfc8037"}))
        .expect("sign");
    assert_eq!(
        UntrustedToken::parse(&named)
            .expect("parse")
            .header()
            .algorithm(),
        Algorithm::EdDSA,
        "{ID}"
    );
    assert_eq!(
        kind(&both.verify_signature_only(&named)),
        Some(ErrorKind::KeyMismatch),
        "{ID}: EdDSA token, kid of an Ed25519-bound key"
    );

    // The raw primitive is the same: the distinction is made at the JWS layer only.
    let sig = b64u_decode(ID, s(&c, "signature_b64u"));
    assert!(
        verify_raw(
            &public_key(Algorithm::Ed25519),
            s(&c, "signing_input").as_bytes(),
            &sig
        )
        .is_ok(),
        "{ID}: verify_raw with the Ed25519-bound key"
    );
}

#[test]
fn ed25519_bound_key_signs_tokens_with_the_rfc9864_name_and_they_verify() {
    let claims = json!({"sub": "rfc8037", "exp": 2_000_000_000});
    let signer = Signer::new(signing_key(Algorithm::Ed25519));
    let token = signer.sign(&claims).expect("sign");
    assert_eq!(
        signer.sign(&claims).expect("sign again"),
        token,
        "Ed25519 signing is deterministic"
    );
    // The header names the algorithm `Ed25519`, byte for byte.
    let header = b64u_decode("header", token.split('.').next().expect("header"));
    let header: Value = serde_json::from_slice(&header).expect("header JSON");
    assert_eq!(header["alg"], "Ed25519", "RFC 9864 name in the header");

    let now = NumericDate::from_secs(1_900_000_000);
    let v = verifier_for(public_key(Algorithm::Ed25519))
        .verify_at::<Value>(&token, now)
        .unwrap_or_else(|e| panic!("Ed25519 token must verify: {e:?}"));
    assert_eq!(v.header().algorithm(), Algorithm::Ed25519);
    assert_eq!(v.claims(), &claims);
    // And the converse of the EdDSA case: an EdDSA-only verifier refuses it.
    assert_eq!(
        kind(&verifier_for(public_key(Algorithm::EdDSA)).verify_at::<Value>(&token, now)),
        Some(ErrorKind::AlgorithmNotAllowed),
        "EdDSA-only verifier, Ed25519 token"
    );
    // The signature is the RFC key's Ed25519 signature of the signing input.
    let (input, sig) = token.rsplit_once('.').expect("segments");
    assert_eq!(
        b64u_decode("sig", sig),
        sign_raw(&signing_key(Algorithm::EdDSA), input.as_bytes()).expect("sign_raw"),
        "same primitive under both names"
    );
}

#[test]
fn a1_a2_public_key_derives_from_the_private_key_and_jwks_round_trip() {
    let v = vectors();
    let private_file = &v["private_key"]["jwk"];
    let public_file = &v["public_key"]["jwk"];
    for alg in [Algorithm::EdDSA, Algorithm::Ed25519] {
        let key = signing_key(alg);
        // x from d: the derived public JWK is A.2 plus the bound `alg`.
        let derived: Value = serde_json::from_str(
            &key.verifying_key()
                .to_public_jwk()
                .expect("public export")
                .to_json(),
        )
        .expect("JSON");
        assert_eq!(derived["x"], public_file["x"], "{alg:?}: x derived from d");
        let mut want = public_file.clone();
        want["alg"] = json!(alg.name());
        assert_eq!(derived, want, "{alg:?}: derived public JWK");

        // Private export: A.1 plus `alg`; it imports again to the same key.
        let exported = key.to_private_jwk().expect("private export");
        let got: Value = serde_json::from_str(&exported.to_json()).expect("JSON");
        let mut want = private_file.clone();
        want["alg"] = json!(alg.name());
        assert_eq!(got, want, "{alg:?}: exported private JWK");
        let again = Jwk::from_json(&exported.to_json())
            .and_then(|j| j.to_signing_key(alg))
            .expect("re-import");
        let c = case();
        assert_eq!(
            b64u_encode(&sign_raw(&again, s(&c, "signing_input").as_bytes()).expect("sign")),
            s(&c, "signature_b64u"),
            "{alg:?}: the re-imported key signs as A.4"
        );

        // The public JWK from the file exports to itself plus `alg`.
        let public: Value = serde_json::from_str(
            &public_key(alg)
                .to_public_jwk()
                .expect("public export")
                .to_json(),
        )
        .expect("JSON");
        let mut want = public_file.clone();
        want["alg"] = json!(alg.name());
        assert_eq!(public, want, "{alg:?}: public JWK round trip");
    }
}

#[test]
fn a1_private_jwk_with_a_mismatched_x_is_refused() {
    // `d` and `x` must belong together: `x` of another key is refused at import.
    let other = SigningKey::generate(Algorithm::EdDSA).expect("generate");
    let other_x: Value = serde_json::from_str(
        &other
            .verifying_key()
            .to_public_jwk()
            .expect("export")
            .to_json(),
    )
    .expect("JSON");
    let mut jwk = case()["jwk"].clone();
    jwk["x"] = other_x["x"].clone();
    assert_ne!(jwk["x"], case()["jwk"]["x"], "a different x");
    assert_eq!(
        kind(&jwk_of(&jwk, "mismatched x").to_signing_key(Algorithm::EdDSA)),
        Some(ErrorKind::InvalidKey),
        "{ID}: d with another key's x"
    );
}

#[test]
fn a3_thumbprint_input_is_rebuilt_from_the_exported_members() {
    // The crate has no thumbprint API; this checks that its export keeps the members
    // RFC 7638 hashes (crv, kty, x) exactly, by rebuilding the A.3 canonical JSON from
    // them and hashing it (ring, independent of the crate).
    let t = &vectors()["thumbprint"];
    let exported: Value = serde_json::from_str(
        &public_key(Algorithm::EdDSA)
            .to_public_jwk()
            .expect("export")
            .to_json(),
    )
    .expect("JSON");
    let canonical = format!(
        r#"{{"crv":{},"kty":{},"x":{}}}"#,
        exported["crv"], exported["kty"], exported["x"]
    );
    assert_eq!(canonical, s(t, "canonical_json"), "A.3 canonical JSON");
    let digest =
        common::reference::digest::digest(&common::reference::digest::SHA256, canonical.as_bytes());
    assert_eq!(
        digest.as_ref(),
        hex_decode("A.3 thumbprint_hex", s(t, "thumbprint_hex")),
        "A.3 SHA-256"
    );
    assert_eq!(
        b64u_encode(digest.as_ref()),
        s(t, "thumbprint_b64u"),
        "A.3 base64url"
    );
}

#[test]
fn okp_jwk_is_bound_to_the_ed25519_algorithms_only() {
    let public = jwk_of(&case()["jwk_public"], "A.2");
    for alg in [
        Algorithm::HS256,
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::ES256,
    ] {
        assert_eq!(
            kind(&public.to_verifying_key(alg)),
            Some(ErrorKind::IncompatibleKey),
            "OKP JWK as {alg:?}"
        );
    }
    // An Ed448 key is a real curve this crate lacks: an unsupported key, not an incompatible one.
    let mut ed448 = case()["jwk_public"].clone();
    ed448["crv"] = json!("Ed448");
    assert_eq!(
        kind(&jwk_of(&ed448, "Ed448").to_verifying_key(Algorithm::EdDSA)),
        Some(ErrorKind::UnsupportedKey),
        "crv Ed448"
    );
}
