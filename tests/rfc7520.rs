//! RFC 7520 (JOSE Cookbook) §4.4 "HMAC-SHA2 Integrity Protection" with the §3.5
//! symmetric key, from the unmodified `ietf-jose/cookbook` files in `vectors/rfc7520/`.
//! The payload is text, not JWT claims, so verification is `verify_signature_only`.

mod common;

use common::{b64u_decode, b64u_encode, hmac_sha256, kind, parse_vectors};
use serde_json::Value;
use strict_jwt::{Algorithm, ErrorKind, Jwk, Signer, UntrustedToken, Verifier};

const EXAMPLE: &str =
    include_str!("../vectors/rfc7520/cookbook/jws/4_4.hmac-sha2_integrity_protection.json");
const KEY_3_5: &str =
    include_str!("../vectors/rfc7520/cookbook/jwk/3_5.symmetric_key_mac_computation.json");

const ID: &str = "rfc7520-4.4";

fn example() -> Value {
    parse_vectors("4_4.hmac-sha2_integrity_protection.json", EXAMPLE)
}

fn s<'a>(v: &'a Value, path: &str) -> &'a str {
    v.pointer(path)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{ID}: `{path}` is not a string"))
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
    let jwk = parse_vectors("3_5.symmetric_key_mac_computation.json", KEY_3_5);
    b64u_decode("rfc7520-3.5 k", s(&jwk, "/k"))
}

#[test]
fn s4_4_vector_is_self_consistent_and_uses_the_3_5_key() {
    let e = example();
    let jwk = parse_vectors("3_5.symmetric_key_mac_computation.json", KEY_3_5);
    assert_eq!(e["input"]["key"], jwk, "{ID}: input.key is the §3.5 JWK");
    assert_eq!(s(&e, "/input/alg"), "HS256", "{ID}");
    assert_eq!(
        b64u_encode(e["signing"]["protected"].to_string().as_bytes()),
        s(&e, "/signing/protected_b64u"),
        "{ID}: protected_b64u (members alg, kid are already in sorted order)"
    );
    let input = format!(
        "{}.{}",
        s(&e, "/signing/protected_b64u"),
        b64u_encode(s(&e, "/input/payload").as_bytes())
    );
    assert_eq!(input, s(&e, "/signing/sig-input"), "{ID}: sig-input");
    assert_eq!(
        format!("{input}.{}", s(&e, "/signing/sig")),
        s(&e, "/output/compact"),
        "{ID}: compact"
    );
}

#[test]
fn s4_4_hs256_compact_verifies_with_jwk_3_5() {
    let e = example();
    let v = verifier_3_5()
        .verify_signature_only(s(&e, "/output/compact"))
        .unwrap_or_else(|err| panic!("{ID}: must verify: {err:?}"));
    assert_eq!(
        v.payload(),
        s(&e, "/input/payload").as_bytes(),
        "{ID}: payload"
    );
    assert_eq!(v.header().algorithm(), Algorithm::HS256, "{ID}: alg");
    assert_eq!(
        v.header().kid(),
        Some(s(&e, "/signing/protected/kid")),
        "{ID}: kid"
    );
}

#[test]
fn s4_4_every_single_bit_flip_of_the_signature_is_invalid_signature() {
    let e = example();
    let compact = s(&e, "/output/compact");
    let (input, sig_b64) = compact.rsplit_once('.').expect("three segments");
    let sig = b64u_decode(ID, sig_b64);
    assert_eq!(sig.len(), 32, "{ID}: HS256 tag length");
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
                "{ID}: signature byte {byte} bit {bit} flipped"
            );
            flipped += 1;
        }
    }
    assert_eq!(flipped, 256, "{ID}: every bit of the tag was flipped once");
}

#[test]
fn s4_4_resigning_the_signing_input_gives_the_published_signature() {
    let e = example();
    let input = s(&e, "/signing/sig-input");
    let published = s(&e, "/signing/sig");
    // HMAC is deterministic: recomputing it (independent oracle: ring) is byte-exact ...
    let again = b64u_encode(&hmac_sha256(&secret_3_5(), input.as_bytes()));
    assert_eq!(again, published, "{ID}: HMAC-SHA-256(§3.5 key, sig-input)");
    // ... and the crate accepts the recomputed signature over the same signing input.
    assert!(
        verifier_3_5()
            .verify_signature_only(&format!("{input}.{again}"))
            .is_ok(),
        "{ID}: re-signed signing input verifies"
    );
}

#[test]
fn s4_4_our_signer_with_the_3_5_key_is_deterministic_and_verifies() {
    let jwk = Jwk::from_json(KEY_3_5).expect("rfc7520-3.5 JWK");
    let key = jwk
        .to_hmac_signing_key(Algorithm::HS256)
        .expect("rfc7520-3.5: signing key (use: sig)");
    let kid = jwk.kid().expect("rfc7520-3.5 kid");
    let signer = Signer::new(key).with_kid(kid).without_typ();
    let claims = serde_json::json!({ "payload": "It’s a dangerous business, Frodo" });
    let t1 = signer.sign(&claims).expect("sign");
    let t2 = signer.sign(&claims).expect("sign again");
    assert_eq!(t1, t2, "{ID}: HMAC signing is deterministic");
    let v = verifier_3_5()
        .verify_signature_only(&t1)
        .unwrap_or_else(|err| panic!("{ID}: our token with the §3.5 key must verify: {err:?}"));
    assert_eq!(v.header().kid(), Some(kid), "{ID}: kid");
    assert_eq!(
        UntrustedToken::parse(&t1).expect("parse").header().typ(),
        None,
        "{ID}: without_typ"
    );
}

#[test]
fn s4_4_json_serializations_are_malformed_for_the_compact_verifier() {
    let e = example();
    for which in ["json", "json_flat"] {
        let text = e["output"][which].to_string();
        assert_eq!(
            kind(&verifier_3_5().verify_signature_only(&text)),
            Some(ErrorKind::Malformed),
            "{ID}: output.{which} fed to verify_signature_only"
        );
    }
}
