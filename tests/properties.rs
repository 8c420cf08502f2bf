//! Property tests: the codec against `base64ct`, sign/verify round trips, bit flips,
//! and arbitrary input that must never panic.

mod common;

use base64ct::{Base64UrlUnpadded, Encoding};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use strict_jwt::base64url;
use strict_jwt::{
    Algorithm, Backend, Claims, ErrorKind, HmacKey, Jwk, JwkSet, NumericDate, Signer, SigningKey,
    UntrustedToken, Verifier,
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

/// JSON values (see `common::json_value`).
fn json_value() -> impl Strategy<Value = Value> {
    common::json_value(".{0,12}", 4, 32, 6)
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
        prop_assert_eq!(v.registered().sub.as_deref().map(String::from), sub.clone());
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

proptest! {
    // Exhaustive over every bit of the token text, so each case costs one verification
    // per bit (~2,000): 96 cases keep it to a few seconds in debug builds. The
    // per-algorithm properties below sample single changes for every algorithm.
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn flipping_any_bit_of_a_valid_token_is_rejected(
        alg in alg(),
        // Prefixed names: a registered name such as `iss` with a random value would make
        // the token itself invalid.
        custom in prop::collection::btree_map("c_[a-z]{1,6}", json_value(), 0..3),
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
}

// ---------------------------------------------------------------------------------
// Every algorithm: sign -> verify round trip, and single-change tampering.
// ---------------------------------------------------------------------------------
//
// Keys are fixed so failures reproduce (ECDSA signatures are still randomized):
// - HS256/384/512: the 0x5a-filled secrets above;
// - RS256/384/512, PS256/384/512: the RFC 7515 A.2 2048-bit RSA private JWK (`ring`
//   cannot generate RSA keys), from the vector file;
// - ES256: the RFC 7515 A.3 P-256 private JWK;
// - ES384: `tests/keys/es384_private.jwk.json`, a throwaway P-384 test key generated
//   with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384` (no vector
//   file publishes a P-384 private key);
// - ES512: the RFC 7515 A.4 P-521 private JWK;
// - ES256K: `tests/keys/es256k_private.jwk.json`, a throwaway secp256k1 test key
//   generated with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1`
//   (Wycheproof's secp256k1 file publishes public keys only);
// - EdDSA and Ed25519: the RFC 8037 A.1 Ed25519 private JWK, bound to each name.
//
// Backends: where the active backend lacks an algorithm (`ring`: ES512 and ES256K), its
// module's properties are replaced by the refusal (see `backend_has`): every way of
// making a key for it, from the same fixed JWK, fails as `UnsupportedKey`, and a
// verifier allowing it cannot be built. Each such property then runs a single case.
//
// Case counts: RSA signing is the expensive operation, so the RSA/PSS modules run
// fewer cases (64 per property) than the others (256). (`ring`'s RSA arithmetic is
// assembly even in debug builds; measured on 2 cores, the 24 RSA/PSS properties take
// well under a second.) The whole test binary must stay under 30 s in debug mode on
// 2 cores; most of it is the exhaustive HMAC bit-flip property above.

const RFC7515: &str = include_str!("../vectors/rfc7515/rfc7515_appendix_a.json");
const RFC8037: &str = include_str!("../vectors/rfc8037/rfc8037_appendix_a.json");
const ES384_TEST_KEY: &str = include_str!("keys/es384_private.jwk.json");
const ES256K_TEST_KEY: &str = include_str!("keys/es256k_private.jwk.json");

/// Cases per property for the RSA algorithms (RSA signing is the costly step).
const RSA_CASES: u32 = 64;
/// Cases per property for the other algorithms.
const FAST_CASES: u32 = 256;

/// The private JWK of an RFC 7515 appendix case, as JSON text.
fn rfc7515_private_jwk(id: &str) -> String {
    let doc: Value = serde_json::from_str(RFC7515).unwrap();
    let case = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no case {id}"));
    case["jwk"].to_string()
}

/// The fixed private JWK of an asymmetric `alg`, as JSON text (see the list above).
fn fixed_jwk(alg: Algorithm) -> String {
    match alg {
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => rfc7515_private_jwk("rfc7515-A.2"),
        Algorithm::ES256 => rfc7515_private_jwk("rfc7515-A.3"),
        Algorithm::ES384 => ES384_TEST_KEY.to_owned(),
        Algorithm::ES512 => rfc7515_private_jwk("rfc7515-A.4"),
        Algorithm::ES256K => ES256K_TEST_KEY.to_owned(),
        Algorithm::EdDSA | Algorithm::Ed25519 => {
            let doc: Value = serde_json::from_str(RFC8037).unwrap();
            doc["private_key"]["jwk"].to_string()
        }
        other => panic!("no fixed JWK for {other:?}"),
    }
}

/// The fixed signing key for `alg` (see the list above): an error only where the
/// backend lacks `alg`.
fn fixed_signing_key(alg: Algorithm) -> Result<SigningKey, strict_jwt::Error> {
    if alg.is_symmetric() {
        return Ok(key(alg).into());
    }
    let jwk = Jwk::from_json(&fixed_jwk(alg))
        .unwrap_or_else(|e| panic!("{alg:?}: the fixed JWK does not parse: {e:?}"));
    jwk.to_signing_key(alg)
}

/// Signer and verifier for each algorithm the backend has, built once (parsing an RSA
/// JWK is not free in debug builds).
fn fixture(alg: Algorithm) -> &'static (Signer, Verifier) {
    use std::sync::OnceLock;
    static ALL: OnceLock<Vec<(Algorithm, (Signer, Verifier))>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        Algorithm::ALL
            .into_iter()
            .filter(|alg| Backend::ACTIVE.supports(*alg))
            .map(|alg| {
                let sk =
                    fixed_signing_key(alg).unwrap_or_else(|e| panic!("{alg:?}: fixed key: {e:?}"));
                assert_eq!(sk.algorithm(), alg);
                let verifier = Verifier::builder()
                    .allow(alg)
                    .key(sk.verifying_key())
                    .build()
                    .unwrap();
                (alg, (Signer::new(sk), verifier))
            })
            .collect()
    });
    &all.iter()
        .find(|(a, _)| *a == alg)
        .unwrap_or_else(|| {
            panic!(
                "{alg:?}: no fixture: the {} backend lacks it",
                Backend::ACTIVE.name()
            )
        })
        .1
}

/// Whether the active backend has `alg`, so that its properties can run. Where it does
/// not (`ring`: ES512, ES256K), checks the refusal instead: the fixed private JWK, its
/// public JWK and key generation all fail as `UnsupportedKey` (never another
/// kind, never a panic), and a verifier allowing `alg` does not build without a key.
fn backend_has(alg: Algorithm) -> Result<bool, TestCaseError> {
    if Backend::ACTIVE.supports(alg) {
        return Ok(true);
    }
    let unsupported = Some(ErrorKind::UnsupportedKey);
    let kind = |r: Result<_, strict_jwt::Error>| r.err().map(|e| e.kind());
    prop_assert_eq!(
        kind(fixed_signing_key(alg).map(drop)),
        unsupported,
        "{:?}: private JWK",
        alg
    );
    let public = Jwk::from_json(&fixed_jwk(alg))
        .unwrap()
        .to_public()
        .unwrap();
    prop_assert_eq!(
        kind(public.to_verifying_key(alg).map(drop)),
        unsupported,
        "{:?}: public JWK",
        alg
    );
    prop_assert_eq!(
        kind(SigningKey::generate(alg).map(drop)),
        unsupported,
        "{:?}: generate",
        alg
    );
    prop_assert_eq!(
        kind(Verifier::builder().allow(alg).build().map(drop)),
        Some(ErrorKind::Configuration),
        "{:?}: a verifier without a key",
        alg
    );
    Ok(false)
}

const B64U_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Arbitrary custom claims (names that cannot clash with registered claims).
fn custom_claims() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("c_[a-z0-9_\\\\\"\u{e9}\u{1F600}]{0,8}", json_value(), 0..6)
        .prop_map(|m| m.into_iter().collect())
}

/// A token over `custom` plus an `exp` 10 s after `NOW`, checked to verify.
fn valid_token(alg: Algorithm, custom: &Map<String, Value>) -> Result<String, TestCaseError> {
    assert!(
        Backend::ACTIVE.supports(alg),
        "{alg:?}: no valid token without the backend"
    );
    let (signer, verifier) = fixture(alg);
    let mut claims = custom.clone();
    claims.insert("exp".into(), json!(NOW + 10));
    let token = signer.sign(&claims).unwrap();
    let ok = verifier.verify_at::<Value>(&token, NumericDate::from_secs(NOW));
    prop_assert!(
        ok.is_ok(),
        "{:?}: the untampered token must verify: {:?}",
        alg,
        ok.err()
    );
    Ok(token)
}

/// Errors a tampered header may legitimately produce: anything from the byte gate
/// through the signature, never a claims-level error (claims are parsed only after
/// the signature verified).
fn is_pre_claims_error(k: ErrorKind) -> bool {
    matches!(
        k,
        ErrorKind::Malformed
            | ErrorKind::UnsupportedAlgorithm
            | ErrorKind::AlgorithmNotAllowed
            | ErrorKind::KeyMismatch
            | ErrorKind::UnknownKey
            | ErrorKind::CritUnsupported
            | ErrorKind::WrongType
            | ErrorKind::InvalidSignature
    )
}

fn round_trip(
    alg: Algorithm,
    custom: Map<String, Value>,
    sub: Option<String>,
    ttl: u64,
) -> Result<(), TestCaseError> {
    if !backend_has(alg)? {
        return Ok(());
    }
    let (signer, verifier) = fixture(alg);
    let mut claims = Claims::new_at(Value::Object(custom.clone()), NumericDate::from_secs(NOW))
        .issued_now()
        .expires_in(std::time::Duration::from_secs(ttl));
    if let Some(s) = &sub {
        claims = claims.subject(s.clone());
    }
    let token = signer.sign(&claims).unwrap();
    let v = verifier
        .verify_at::<Map<String, Value>>(&token, NumericDate::from_secs(NOW))
        .map_err(|e| TestCaseError::fail(format!("{alg:?}: {e:?}")))?;
    prop_assert_eq!(v.header().algorithm(), alg);
    prop_assert_eq!(v.registered().sub.as_deref().map(String::from), sub.clone());
    prop_assert_eq!(
        v.registered().exp,
        Some(NumericDate::from_secs(NOW + i64::try_from(ttl).unwrap()))
    );
    prop_assert_eq!(v.registered().iat, Some(NumericDate::from_secs(NOW)));
    let mut got = v.into_claims();
    for registered in ["sub", "exp", "iat"] {
        got.remove(registered);
    }
    prop_assert_eq!(got, custom);
    Ok(())
}

/// Replaces the character at `pos` (any position, dots included) with a different
/// base64url character.
fn one_character_changed(
    alg: Algorithm,
    custom: Map<String, Value>,
    pos: prop::sample::Index,
    replacement: prop::sample::Index,
) -> Result<(), TestCaseError> {
    if !backend_has(alg)? {
        return Ok(());
    }
    let token = valid_token(alg, &custom)?;
    let mut bytes = token.clone().into_bytes();
    let i = pos.index(bytes.len());
    let original = bytes[i];
    let others: Vec<u8> = B64U_ALPHABET
        .iter()
        .copied()
        .filter(|&c| c != original)
        .collect();
    bytes[i] = *replacement.get(&others);
    let tampered = String::from_utf8(bytes).unwrap();
    prop_assert_ne!(&tampered, &token);
    let segment = token[..i].matches('.').count();
    let r = fixture(alg)
        .1
        .verify_at::<Value>(&tampered, NumericDate::from_secs(NOW));
    let k = r.as_ref().err().map(strict_jwt::Error::kind);
    prop_assert!(
        k.is_some(),
        "{:?}: position {} ({:?} -> {:?}) accepted",
        alg,
        i,
        char::from(original),
        char::from(tampered.as_bytes()[i])
    );
    let k = k.unwrap();
    if original == b'.' {
        // Two segments merge: not a compact JWS.
        prop_assert_eq!(k, ErrorKind::Malformed, "{:?}: dot at {}", alg, i);
    } else if segment == 0 {
        prop_assert!(
            is_pre_claims_error(k),
            "{:?}: header change gave {:?}",
            alg,
            k
        );
    } else {
        // Payload or signature text: either no longer canonical base64url (the last
        // character's unused bits) or different bytes under the same signature.
        prop_assert!(
            matches!(k, ErrorKind::Malformed | ErrorKind::InvalidSignature),
            "{:?}: segment {} change gave {:?}",
            alg,
            segment,
            k
        );
    }
    Ok(())
}

/// Flips one bit of one decoded segment and re-encodes it canonically.
fn one_decoded_bit_flipped(
    alg: Algorithm,
    custom: Map<String, Value>,
    segment: usize,
    bit: prop::sample::Index,
) -> Result<(), TestCaseError> {
    if !backend_has(alg)? {
        return Ok(());
    }
    let token = valid_token(alg, &custom)?;
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    prop_assert_eq!(parts.len(), 3);
    let mut bytes = Base64UrlUnpadded::decode_vec(&parts[segment]).unwrap();
    prop_assert!(!bytes.is_empty());
    let b = bit.index(bytes.len() * 8);
    bytes[b / 8] ^= 1 << (b % 8);
    parts[segment] = Base64UrlUnpadded::encode_string(&bytes);
    let tampered = parts.join(".");
    let k = fixture(alg)
        .1
        .verify_at::<Value>(&tampered, NumericDate::from_secs(NOW))
        .err()
        .map(|e| e.kind());
    match segment {
        // The header may stop being JSON, name another algorithm, ...: any refusal
        // before the claims.
        0 => prop_assert!(
            k.is_some_and(is_pre_claims_error),
            "{:?}: header bit {} gave {:?}",
            alg,
            b,
            k
        ),
        // Same length, canonical encoding: only the signature check can catch it.
        _ => prop_assert_eq!(
            k,
            Some(ErrorKind::InvalidSignature),
            "{:?}: segment {} bit {}",
            alg,
            segment,
            b
        ),
    }
    Ok(())
}

/// Cases for `alg`'s properties: `cases` where the backend has it, else one (each then
/// checks the refusal, which does not depend on the input).
const fn cases_for(alg: Algorithm, cases: u32) -> u32 {
    if Backend::ACTIVE.supports(alg) {
        cases
    } else {
        1
    }
}

/// One module per algorithm, each with the three properties (the third in two forms).
/// Where the backend lacks the algorithm, each property checks the refusal instead
/// (`backend_has`).
macro_rules! every_algorithm {
    ($($module:ident: $alg:ident, $cases:expr;)*) => {$(
        mod $module {
            use super::*;

            proptest! {
                #![proptest_config(ProptestConfig {
                    cases: cases_for(Algorithm::$alg, $cases),
                    ..ProptestConfig::default()
                })]

                #[test]
                fn sign_then_verify_round_trips_any_claims(
                    custom in custom_claims(),
                    sub in prop::option::of(".{0,16}"),
                    ttl in 1u64..100_000,
                ) {
                    round_trip(Algorithm::$alg, custom, sub, ttl)?;
                }

                #[test]
                fn one_base64url_character_changed_anywhere_is_rejected(
                    custom in custom_claims(),
                    pos in any::<prop::sample::Index>(),
                    replacement in any::<prop::sample::Index>(),
                ) {
                    one_character_changed(Algorithm::$alg, custom, pos, replacement)?;
                }

                #[test]
                fn one_decoded_bit_flipped_in_any_segment_is_rejected(
                    custom in custom_claims(),
                    segment in 0usize..3,
                    bit in any::<prop::sample::Index>(),
                ) {
                    one_decoded_bit_flipped(Algorithm::$alg, custom, segment, bit)?;
                }

                #[test]
                fn one_decoded_signature_bit_flipped_is_invalid_signature(
                    custom in custom_claims(),
                    bit in any::<prop::sample::Index>(),
                ) {
                    one_decoded_bit_flipped(Algorithm::$alg, custom, 2, bit)?;
                }
            }
        }
    )*};
}

every_algorithm! {
    hs256: HS256, FAST_CASES;
    hs384: HS384, FAST_CASES;
    hs512: HS512, FAST_CASES;
    rs256: RS256, RSA_CASES;
    rs384: RS384, RSA_CASES;
    rs512: RS512, RSA_CASES;
    ps256: PS256, RSA_CASES;
    ps384: PS384, RSA_CASES;
    ps512: PS512, RSA_CASES;
    es256: ES256, FAST_CASES;
    es384: ES384, FAST_CASES;
    es512: ES512, FAST_CASES;
    es256k: ES256K, FAST_CASES;
    eddsa: EdDSA, FAST_CASES;
    ed25519: Ed25519, FAST_CASES;
}

#[test]
fn every_algorithm_has_a_property_module() {
    // `every_algorithm!` lists each algorithm once; this fails when one is added to
    // the crate and not here.
    let listed = [
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::ES256K,
        Algorithm::EdDSA,
        Algorithm::Ed25519,
    ];
    assert_eq!(listed.as_slice(), Algorithm::ALL.as_slice());
    let mut ran = 0;
    for alg in Algorithm::ALL {
        if !Backend::ACTIVE.supports(alg) {
            // Only ring lacks algorithms here, and exactly these two.
            assert_eq!(Backend::ACTIVE, Backend::Ring, "{alg:?}");
            assert!(
                matches!(alg, Algorithm::ES512 | Algorithm::ES256K),
                "{alg:?}"
            );
            assert_eq!(
                fixed_signing_key(alg).map(drop).map_err(|e| e.kind()),
                Err(ErrorKind::UnsupportedKey),
                "{alg:?}"
            );
            continue;
        }
        let (signer, verifier) = fixture(alg);
        let token = signer.sign(&json!({"exp": NOW + 10})).unwrap();
        let v = verifier
            .verify_at::<Value>(&token, NumericDate::from_secs(NOW))
            .unwrap();
        assert_eq!(v.header().algorithm(), alg);
        ran += 1;
    }
    let expected = if Backend::ACTIVE == Backend::Ring {
        13
    } else {
        15
    };
    assert_eq!(ran, expected, "{}", Backend::ACTIVE.name());
}
