//! Property tests that complement the cargo-fuzz targets in `fuzz/`: the same questions
//! (does re-serialisation round-trip, are duplicates refused, can anything forge, does
//! any import panic), asked by proptest on every `cargo test`, with structured inputs a
//! byte fuzzer reaches slowly. Whether strict-jwt ever accepts what `jsonwebtoken`
//! refuses is asked in the `strict-jwt-benches` package (`benches/tests/differential.rs`).
//!
//! Sections:
//! 1. untrusted parsing: any three segments parse or fail with a kind, and what parses
//!    re-joins to the exact input;
//! 2. duplicate member names at any depth, in any escaped spelling, in a correctly
//!    signed header or payload;
//! 3. never forges (asymmetric): another key of the same algorithm, arbitrary signature
//!    bytes, and the out-of-range ECDSA signatures of CVE-2022-21449;
//! 4. cross-algorithm: allowlists, and HMAC tokens re-signed under another HS algorithm;
//! 5. differential against `jsonwebtoken` 11: not here but in the `strict-jwt-benches`
//!    package (`benches/tests/differential.rs`, run by the same `cargo test`), so that
//!    the library's tests build no peer;
//! 6. JWK round trips, and arbitrary input to every key import;
//! 7. PEM round trips and single-character changes.
//!
//! Keys: RSA is the fixture `tests/keys/rsa2048.pem` (`ring` cannot generate RSA keys,
//! and a fixed key keeps the other backend's runs as fast), with the public RFC 7520 §3.3
//! key as the "other" RSA key; every other key is generated once per run. Case counts
//! keep the whole binary to a few seconds in the dev profile (RSA signing is the costly
//! step, so RSA-heavy properties run fewer cases).
//!
//! Backends: the properties that cover every algorithm (or every ECDSA curve) cover
//! ES512 and ES256K where the active backend has them (`aws-lc-rs`); with `ring` a token
//! naming either is still refused by every verifier, and no key for it can be made.

mod common;

use std::sync::OnceLock;

use common::{b64u_encode, kind};
use proptest::prelude::*;
use proptest::sample::Index;
use serde::de::IgnoredAny;
use serde_json::{Map, Value, json};
use strict_jwt::{
    Algorithm, Backend, DEFAULT_MAX_TOKEN_LEN, ErrorKind, HmacKey, Jwk, JwkSet, NumericDate,
    Signer, SigningKey, ThumbprintHash, UntrustedToken, Verifier, VerifyingKey,
    insecure_decode_without_verification,
};

/// The clock of every property.
const NOW: i64 = 1_700_000_000;
const RSA_PEM: &str = include_str!("keys/rsa2048.pem");
const RSA_PKCS8_DER: &[u8] = include_bytes!("keys/rsa2048_pkcs8.der");
const RSA_SPKI_DER: &[u8] = include_bytes!("keys/rsa2048_pub.der");
/// The "other" RSA key: RFC 7520 §3.3 (public).
const RFC7520_RSA_PUBLIC: &str =
    include_str!("../vectors/rfc7520/cookbook/jwk/3_3.rsa_public_key.json");
const RFC7520_RSA_PRIVATE: &str =
    include_str!("../vectors/rfc7520/cookbook/jwk/3_4.rsa_private_key.json");
const ES384_TEST_KEY: &str = include_str!("keys/es384_private.jwk.json");

/// Error kinds a key import may return for bad input (anything else is a bug): only
/// application kinds, never a token kind.
const IMPORT_KINDS: [ErrorKind; 4] = [
    ErrorKind::InvalidKey,
    ErrorKind::IncompatibleKey,
    ErrorKind::WeakKey,
    ErrorKind::UnsupportedKey,
];
/// Error kinds of `Jwk::from_json` and `JwkSet::from_json` (parsing only): a document
/// that does not parse, or is over its size limit, is an invalid key.
const JWK_PARSE_KINDS: [ErrorKind; 1] = [ErrorKind::InvalidKey];

fn now() -> NumericDate {
    NumericDate::from_secs(NOW)
}

/// HMAC with `ring` (or `aws-lc-rs` where the build has no `ring`: see
/// `common::reference`), independent of the crate's own HMAC code.
fn hmac(alg: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
    use common::reference::hmac as reference_hmac;
    let ring_alg = match alg {
        Algorithm::HS256 => reference_hmac::HMAC_SHA256,
        Algorithm::HS384 => reference_hmac::HMAC_SHA384,
        Algorithm::HS512 => reference_hmac::HMAC_SHA512,
        other => panic!("not an HMAC algorithm: {other:?}"),
    };
    reference_hmac::sign(&reference_hmac::Key::new(ring_alg, key), msg)
        .as_ref()
        .to_vec()
}

/// A compact token over exact header and payload texts, MACed with [`hmac`].
fn hs_token(alg: Algorithm, key: &[u8], header: &str, payload: &str) -> String {
    let input = format!(
        "{}.{}",
        b64u_encode(header.as_bytes()),
        b64u_encode(payload.as_bytes())
    );
    let tag = hmac(alg, key, input.as_bytes());
    format!("{input}.{}", b64u_encode(&tag))
}

/// Replaces the signature segment of a compact token.
fn with_signature(token: &str, sig: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64u_encode(sig))
}

/// The decoded signature of a compact token.
fn signature_of(token: &str) -> Vec<u8> {
    insecure_decode_without_verification(token)
        .unwrap()
        .signature
}

/// JSON values (see `common::json_value`).
fn json_value() -> impl Strategy<Value = Value> {
    common::json_value("\\PC{0,10}", 3, 16, 4)
}

/// Custom claims whose names cannot clash with registered claims.
fn custom_claims() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("c_[a-z0-9_]{0,6}", json_value(), 0..4)
        .prop_map(|m| m.into_iter().collect())
}

fn with_exp(custom: &Map<String, Value>) -> Map<String, Value> {
    let mut c = custom.clone();
    c.insert("exp".into(), json!(NOW + 10));
    c
}

/// `base` followed by those of `extra` the active backend has (ES512 and ES256K need
/// `aws-lc-rs`).
fn with_supported(base: &[Algorithm], extra: &[Algorithm]) -> Vec<Algorithm> {
    assert!(
        base.iter().all(|a| Backend::ACTIVE.supports(*a)),
        "{base:?}"
    );
    let mut algs = base.to_vec();
    algs.extend(extra.iter().filter(|a| Backend::ACTIVE.supports(**a)));
    algs
}

/// The ECDSA algorithms ring lacks.
const NEW_CURVES: [Algorithm; 2] = [Algorithm::ES512, Algorithm::ES256K];

fn is_rsa(alg: Algorithm) -> bool {
    matches!(
        alg,
        Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512
    )
}

// =================================================================================
// 1. Untrusted parsing and re-serialisation
// =================================================================================

/// What the generator knows about a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seg {
    /// The canonical base64url encoding of some bytes.
    Canonical,
    /// Base64url alphabet only, but a non-zero unused trailing bit.
    NonCanonical,
    /// Anything (may hold dots, padding, `+`, `/`, spaces).
    Unknown,
}

/// Header texts: valid, unsupported, `crit`, duplicate, non-object.
fn header_text() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        r#"{"alg":"HS256"}"#,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"alg":"ES256","kid":"k1"}"#,
        r#"{"alg":"EdDSA","x5c":["AA"]}"#,
        r#"{"alg":"none"}"#,
        r#"{"alg":"\u006eone"}"#,
        r#"{"alg":"ES512"}"#,
        r#"{"alg":"HS256","crit":["x"],"x":1}"#,
        r#"{"alg":"HS256","crit":[]}"#,
        r#"{"alg":"HS256","alg":"HS256"}"#,
        r#"{"alg":"HS256","b64":false}"#,
        r#"{"typ":"JWT"}"#,
        "{}",
        "[]",
        "\"HS256\"",
        "",
    ])
    .prop_map(String::from);
    prop_oneof![
        3 => fixed,
        2 => prop::sample::select(Algorithm::ALL.to_vec())
            .prop_map(|a| format!(r#"{{"alg":"{}"}}"#, a.name())),
        1 => json_value().prop_map(|v| v.to_string()),
    ]
}

/// The canonical encoding of `bytes` (at least one byte, length not a multiple of 3)
/// with its lowest unused bit set.
fn non_canonical(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = b64u_encode(bytes).into_bytes();
    let last = s.last_mut().unwrap();
    let index = ALPHABET.iter().position(|c| c == last).unwrap();
    *last = ALPHABET[index | 1];
    String::from_utf8(s).unwrap()
}

fn segment() -> impl Strategy<Value = (String, Seg)> {
    prop_oneof![
        4 => prop::collection::vec(any::<u8>(), 0..48)
            .prop_map(|b| (b64u_encode(&b), Seg::Canonical)),
        4 => header_text().prop_map(|h| (b64u_encode(h.as_bytes()), Seg::Canonical)),
        2 => "[A-Za-z0-9_=+/. -]{0,16}".prop_map(|s| (s, Seg::Unknown)),
        1 => prop::collection::vec(any::<u8>(), 1..24)
            .prop_filter("unused bits", |b| b.len() % 3 != 0)
            .prop_map(|b| (non_canonical(&b), Seg::NonCanonical)),
        // Over the length cap on its own.
        1 => Just(("A".repeat(DEFAULT_MAX_TOKEN_LEN), Seg::Canonical)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// Any three segments: `insecure_decode_without_verification` and
    /// `UntrustedToken::parse` either fail with a matchable kind or give back parts that
    /// re-join to exactly the input.
    #[test]
    fn three_segments_fail_with_a_kind_or_rejoin_to_the_exact_input(
        h in segment(),
        p in segment(),
        s in segment(),
    ) {
        let input = format!("{}.{}.{}", h.0, p.0, s.0);
        let too_large = input.len() > DEFAULT_MAX_TOKEN_LEN;
        let segs = [h.1, p.1, s.1];
        let all_canonical = segs.iter().all(|k| *k == Seg::Canonical);
        let any_non_canonical = segs.contains(&Seg::NonCanonical);

        let insecure = insecure_decode_without_verification(&input);
        match &insecure {
            Ok(parts) => {
                let rejoined = format!(
                    "{}.{}.{}",
                    b64u_encode(&parts.header),
                    b64u_encode(&parts.payload),
                    b64u_encode(&parts.signature)
                );
                prop_assert_eq!(&rejoined, &input);
                prop_assert!(!any_non_canonical, "non-canonical segment decoded: {:?}", input);
                prop_assert!(!too_large);
            }
            Err(e) => {
                let expected = if too_large { ErrorKind::TooLarge } else { ErrorKind::Malformed };
                prop_assert_eq!(e.kind(), expected, "{:?}", e);
                prop_assert!(!all_canonical || too_large, "canonical segments refused: {:?}", e);
            }
        }

        match UntrustedToken::parse(&input) {
            Ok(t) => {
                prop_assert_eq!(t.as_str(), input.as_str());
                // The gate is at least as strict as the encoding check.
                prop_assert!(insecure.is_ok(), "parsed, but the segments do not decode");
                let parts = insecure.as_ref().unwrap();
                let header: Value = serde_json::from_slice(&parts.header).unwrap();
                prop_assert_eq!(header["alg"].as_str(), Some(t.header().algorithm().name()));
                prop_assert_eq!(t.header().crit(), None);
            }
            Err(e) => {
                prop_assert!(
                    matches!(
                        e.kind(),
                        ErrorKind::Malformed
                            | ErrorKind::TooLarge
                            | ErrorKind::UnsupportedAlgorithm
                            | ErrorKind::CritUnsupported
                    ),
                    "unexpected kind {:?}",
                    e
                );
                prop_assert_eq!(e.kind() == ErrorKind::TooLarge, too_large);
                if insecure.is_err() && !too_large {
                    prop_assert_eq!(e.kind(), ErrorKind::Malformed);
                }
            }
        }
    }
}

// =================================================================================
// 2. Duplicate member names, at any depth, in any spelling
// =================================================================================

/// One step from a top-level member's value down to the object holding the duplicate.
#[derive(Clone, Debug)]
enum Wrap {
    /// `{"<name>": inner}` (plus a sibling before it).
    Member(String),
    /// `[0, 0, ..., inner]` with this many elements before it.
    Element(usize),
}

#[derive(Clone, Debug)]
struct DupCase {
    /// The decoded name of both members.
    name: String,
    spell_a: Vec<u8>,
    spell_b: Vec<u8>,
    value_a: String,
    value_b: String,
    /// Unique filler members before the first copy, between the copies, after the
    /// second (more than 24 in one object switches the parser to its hash set).
    fillers: (usize, usize, usize),
    /// `None`: the duplicate is a top-level member. `Some((top, wraps))`: it is inside
    /// the value of top-level member number `top` of the candidate list, `wraps` deep.
    nested: Option<(Index, Vec<Wrap>)>,
}

fn wrap() -> impl Strategy<Value = Wrap> {
    prop_oneof![
        "[a-z]{1,3}".prop_map(Wrap::Member),
        (0usize..3).prop_map(Wrap::Element),
    ]
}

fn dup_case(top_level_names: &'static [&'static str]) -> impl Strategy<Value = DupCase> {
    let name = prop_oneof![
        3 => "d[a-z/\u{e9}\u{1F600}]{0,5}",
        1 => prop::sample::select(top_level_names).prop_map(String::from),
    ];
    let spelling = || prop::collection::vec(any::<u8>(), 6);
    let value = || json_value().prop_map(|v| v.to_string());
    (
        name,
        spelling(),
        spelling(),
        value(),
        value(),
        (0usize..20, 0usize..8, 0usize..8),
        prop::option::weighted(0.6, (any::<Index>(), prop::collection::vec(wrap(), 0..5))),
    )
        .prop_map(
            |(name, spell_a, spell_b, value_a, value_b, fillers, nested)| DupCase {
                name,
                spell_a,
                spell_b,
                value_a,
                value_b,
                fillers,
                nested,
            },
        )
}

/// Where a [`DupCase`] is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Doc {
    Header,
    Payload,
}

/// Top-level names a header case may duplicate directly, and the first value each
/// must have for the de-duplicated token to verify.
const HEADER_TOP_NAMES: &[&str] = &["alg", "typ"];
const PAYLOAD_TOP_NAMES: &[&str] = &["exp", "sub", "iss", "jti"];
/// Top-level members that may hold the nested duplicate. The registered claims make
/// the de-duplicated payload an invalid claim (an object where a string or number
/// belongs); the duplicate must still be reported as malformed JSON first.
const PAYLOAD_WRAPPERS: &[&str] = &["x_w", "x_w", "x_w", "iss", "sub", "aud", "nbf", "jti"];

impl DupCase {
    fn top_member(&self, doc: Doc) -> Option<&'static str> {
        let (top, _) = self.nested.as_ref()?;
        Some(match doc {
            Doc::Header => "x_w",
            Doc::Payload => PAYLOAD_WRAPPERS[top.index(PAYLOAD_WRAPPERS.len())],
        })
    }

    /// The document, with or without the second copy of the member.
    fn render(&self, doc: Doc, with_duplicate: bool) -> String {
        let (base_name, base_value) = match doc {
            Doc::Header => ("alg", "\"HS256\"".to_owned()),
            Doc::Payload => ("exp", (NOW + 10).to_string()),
        };
        // At the top level, a duplicated registered name's first copy is the real one.
        let first_value = match (&self.nested, doc, self.name.as_str()) {
            (None, Doc::Header, "alg") => "\"HS256\"".to_owned(),
            (None, Doc::Header, "typ") => "\"JWT\"".to_owned(),
            (None, Doc::Payload, "exp") => (NOW + 10).to_string(),
            (None, Doc::Payload, "sub" | "iss" | "jti") => "\"x\"".to_owned(),
            _ => self.value_a.clone(),
        };
        let (before, between, after) = self.fillers;
        let mut members: Vec<String> = Vec::new();
        let filler = |i: usize| format!("\"f{i}\":{i}");
        members.extend((0..before).map(filler));
        members.push(format!(
            "{}:{first_value}",
            common::spell(&self.name, &self.spell_a)
        ));
        members.extend((before..before + between).map(filler));
        if with_duplicate {
            members.push(format!(
                "{}:{}",
                common::spell(&self.name, &self.spell_b),
                self.value_b
            ));
        }
        members.extend((before + between..before + between + after).map(filler));
        let inner = format!("{{{}}}", members.join(","));

        let mut top: Vec<String> = Vec::new();
        match &self.nested {
            None => {
                if self.name != base_name {
                    top.push(format!("\"{base_name}\":{base_value}"));
                }
                top.push(inner[1..inner.len() - 1].to_owned());
            }
            Some((_, wraps)) => {
                let mut value = inner;
                for w in wraps.iter().rev() {
                    value = match w {
                        Wrap::Member(n) => format!("{{\"_s\":null,\"{n}\":{value}}}"),
                        Wrap::Element(k) => format!("[{}{value}]", "0,".repeat(*k)),
                    };
                }
                top.push(format!("\"{base_name}\":{base_value}"));
                top.push(format!("\"{}\":{value}", self.top_member(doc).unwrap()));
            }
        }
        format!("{{{}}}", top.join(",").trim_matches(','))
    }
}

/// A claims type with named fields: unknown members are skipped by the parser.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Typed {
    exp: i64,
    #[serde(default)]
    sub: Option<String>,
}

const DUP_KEY: [u8; 32] = [0x5a; 32];

fn hs256_verifier() -> Verifier {
    Verifier::builder()
        .allow(Algorithm::HS256)
        .key(HmacKey::new(Algorithm::HS256, &DUP_KEY).unwrap())
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// A correctly MACed token whose protected header repeats a member name (at any
    /// depth, in any escaped spelling) is malformed; without the repeat it verifies.
    #[test]
    fn duplicate_header_members_are_malformed(case in dup_case(HEADER_TOP_NAMES)) {
        let payload = format!(r#"{{"exp":{}}}"#, NOW + 10);
        let dup = case.render(Doc::Header, true);
        let dedup = case.render(Doc::Header, false);
        prop_assert!(serde_json::from_str::<Value>(&dup).is_ok(), "not JSON: {}", dup);
        let v = hs256_verifier();
        let bad = hs_token(Algorithm::HS256, &DUP_KEY, &dup, &payload);
        let good = hs_token(Algorithm::HS256, &DUP_KEY, &dedup, &payload);
        prop_assert_eq!(kind(&v.verify_at::<Value>(&bad, now())), Some(ErrorKind::Malformed), "{}", dup);
        prop_assert_eq!(kind(&v.verify_signature_only(&bad)), Some(ErrorKind::Malformed), "{}", dup);
        prop_assert_eq!(kind(&UntrustedToken::parse(&bad)), Some(ErrorKind::Malformed), "{}", dup);
        let ok = v.verify_at::<Value>(&good, now());
        prop_assert!(ok.is_ok(), "{} -> {:?}", dedup, ok.err());
    }

    /// The same for the payload: a repeated member name is `Malformed` whatever the
    /// claims type (a map, a struct that skips unknown members, `IgnoredAny`), and even
    /// inside a registered claim whose type is wrong anyway; without the repeat the
    /// token verifies (or, under a registered claim, is an `InvalidClaim`).
    #[test]
    fn duplicate_payload_members_are_malformed(case in dup_case(PAYLOAD_TOP_NAMES)) {
        let header = r#"{"alg":"HS256","typ":"JWT"}"#;
        let dup = case.render(Doc::Payload, true);
        let dedup = case.render(Doc::Payload, false);
        prop_assert!(serde_json::from_str::<Value>(&dup).is_ok(), "not JSON: {}", dup);
        let v = hs256_verifier();
        let bad = hs_token(Algorithm::HS256, &DUP_KEY, header, &dup);
        let good = hs_token(Algorithm::HS256, &DUP_KEY, header, &dedup);
        let malformed = Some(ErrorKind::Malformed);
        prop_assert_eq!(kind(&v.verify_at::<Map<String, Value>>(&bad, now())), malformed, "{}", dup);
        prop_assert_eq!(kind(&v.verify_at::<IgnoredAny>(&bad, now())), malformed, "{}", dup);
        prop_assert_eq!(kind(&v.verify_at::<Typed>(&bad, now())), malformed, "{}", dup);
        let mut buf = Vec::new();
        prop_assert_eq!(kind(&v.verify_borrowed_at::<IgnoredAny>(&bad, now(), &mut buf)), malformed, "{}", dup);

        let expected = match case.top_member(Doc::Payload) {
            Some("x_w") | None => None,
            Some(_) => Some(ErrorKind::InvalidClaim),
        };
        prop_assert_eq!(kind(&v.verify_at::<Map<String, Value>>(&good, now())), expected, "{}", dedup);
        prop_assert_eq!(kind(&v.verify_at::<IgnoredAny>(&good, now())), expected, "{}", dedup);
        prop_assert_eq!(kind(&v.verify_at::<Typed>(&good, now())), expected, "{}", dedup);
    }
}

// =================================================================================
// 3. Never forges (asymmetric)
// =================================================================================

/// Asymmetric algorithms sampled by the forging properties (RS256, ES256 and EdDSA as
/// the fuzz target, plus one of each other family member, and every ECDSA curve).
const ASYMMETRIC: [Algorithm; 6] = [
    Algorithm::RS256,
    Algorithm::PS256,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
    Algorithm::Ed25519,
];

/// [`ASYMMETRIC`], with ES512 and ES256K where the backend has them.
fn asymmetric() -> Vec<Algorithm> {
    with_supported(&ASYMMETRIC, &NEW_CURVES)
}

/// Every ECDSA algorithm the backend has.
fn ecdsa() -> Vec<Algorithm> {
    with_supported(&[Algorithm::ES256, Algorithm::ES384], &NEW_CURVES)
}

/// For `alg`: signing key A and the verifying key of another key B of the same
/// algorithm (RSA: the fixture and the RFC 7520 §3.3 key; otherwise two generated keys).
fn key_pair(alg: Algorithm) -> &'static (SigningKey, VerifyingKey) {
    static PAIRS: OnceLock<Vec<(Algorithm, (SigningKey, VerifyingKey))>> = OnceLock::new();
    let pairs = PAIRS.get_or_init(|| {
        asymmetric()
            .into_iter()
            .map(|alg| {
                let pair = if is_rsa(alg) {
                    let a = SigningKey::from_pem(alg, RSA_PEM).unwrap();
                    let b = Jwk::from_json(RFC7520_RSA_PUBLIC)
                        .unwrap()
                        .to_verifying_key(alg)
                        .unwrap();
                    (a, b)
                } else {
                    let a = SigningKey::generate(alg).unwrap();
                    let b = SigningKey::generate(alg).unwrap().verifying_key();
                    (a, b)
                };
                (alg, pair)
            })
            .collect()
    });
    &pairs.iter().find(|(a, _)| *a == alg).unwrap().1
}

/// A token signed by key A of `alg` under kid `k`, checked to verify under A.
fn token_by_a(alg: Algorithm, custom: &Map<String, Value>) -> Result<String, TestCaseError> {
    let (a, _) = key_pair(alg);
    let token = Signer::new(a.clone())
        .with_kid("k")
        .sign(&with_exp(custom))
        .unwrap();
    let v = Verifier::builder()
        .allow(alg)
        .key_with_kid("k", a.verifying_key())
        .build()
        .unwrap();
    let ok = v.verify_at::<Value>(&token, now());
    prop_assert!(ok.is_ok(), "{:?}: A's own token: {:?}", alg, ok.err());
    Ok(token)
}

/// A verifier that holds only key B of `alg`, under kid `k`.
fn verifier_b(alg: Algorithm) -> Verifier {
    let (_, b) = key_pair(alg);
    Verifier::builder()
        .allow(alg)
        .key_with_kid("k", b.clone())
        .build()
        .unwrap()
}

/// Group orders, big-endian.
const P256_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];
const P384_N: [u8; 48] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf,
    0x58, 0x1a, 0x0d, 0xb2, 0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73,
];
/// P-521 (66 bytes, as JWS writes its scalars) and secp256k1 (SEC 2; both checked
/// against `openssl ecparam -param_enc explicit -text`).
const P521_N: [u8; 66] = [
    0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xfa, 0x51, 0x86, 0x87, 0x83, 0xbf, 0x2f, 0x96, 0x6b, 0x7f, 0xcc, 0x01, 0x48, 0xf7, 0x09,
    0xa5, 0xd0, 0x3b, 0xb5, 0xc9, 0xb8, 0x89, 0x9c, 0x47, 0xae, 0xbb, 0x6f, 0xb7, 0x1e, 0x91, 0x38,
    0x64, 0x09,
];
const SECP256K1_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

fn group_order(alg: Algorithm) -> &'static [u8] {
    match alg {
        Algorithm::ES256 => &P256_N,
        Algorithm::ES384 => &P384_N,
        Algorithm::ES512 => &P521_N,
        Algorithm::ES256K => &SECP256K1_N,
        other => panic!("not an ECDSA algorithm: {other:?}"),
    }
}

fn signature_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::ES384 => 96,
        Algorithm::ES512 => 132,
        Algorithm::ES256 | Algorithm::ES256K | Algorithm::EdDSA | Algorithm::Ed25519 => 64,
        _ => 256,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A token signed by key A never verifies under a verifier that holds key B of the
    /// same algorithm, whether B is named by the token's kid or not.
    #[test]
    fn another_key_of_the_same_algorithm_never_verifies(
        alg in prop::sample::select(asymmetric()),
        custom in custom_claims(),
    ) {
        let token = token_by_a(alg, &custom)?;
        prop_assert_eq!(kind(&verifier_b(alg).verify_at::<Value>(&token, now())), Some(ErrorKind::InvalidSignature));
        prop_assert_eq!(kind(&verifier_b(alg).verify_signature_only(&token)), Some(ErrorKind::InvalidSignature));
        // B without a kid: the token's kid names no key.
        let (_, b) = key_pair(alg);
        let unnamed = Verifier::builder()
            .allow(alg)
            .key(b.clone().with_kid("other"))
            .build()
            .unwrap();
        prop_assert_eq!(kind(&unnamed.verify_at::<Value>(&token, now())), Some(ErrorKind::UnknownKey));
    }

    /// A valid token whose signature segment is replaced by arbitrary bytes (any length
    /// up to 600, the exact length for the algorithm, or one off) never verifies.
    #[test]
    fn arbitrary_signature_bytes_never_verify(
        alg in prop::sample::select(asymmetric()),
        bytes in prop::collection::vec(any::<u8>(), 600),
        len_mode in 0u8..4,
        len in 0usize..600,
    ) {
        let (a, _) = key_pair(alg);
        let token = token_by_a(alg, &Map::new())?;
        let exact = signature_len(alg);
        let len = match len_mode {
            0 => len,
            1 => exact,
            2 => exact - 1,
            _ => exact + 1,
        };
        let sig = &bytes[..len];
        prop_assume!(sig != signature_of(&token).as_slice());
        let forged = with_signature(&token, sig);
        let v = Verifier::builder()
            .allow(alg)
            .key_with_kid("k", a.verifying_key())
            .build()
            .unwrap();
        prop_assert_eq!(kind(&v.verify_at::<Value>(&forged, now())), Some(ErrorKind::InvalidSignature), "len {}", len);
        prop_assert_eq!(kind(&v.verify_signature_only(&forged)), Some(ErrorKind::InvalidSignature));
    }

    /// ECDSA signatures with r or s zero, equal to the group order n, or all ones
    /// (> n) never verify (CVE-2022-21449), whatever the token.
    #[test]
    fn out_of_range_ecdsa_signatures_never_verify(
        alg in prop::sample::select(ecdsa()),
        custom in custom_claims(),
    ) {
        let (a, _) = key_pair(alg);
        let token = token_by_a(alg, &custom)?;
        let real = signature_of(&token);
        let half = real.len() / 2;
        let (r, s) = real.split_at(half);
        let n = group_order(alg);
        prop_assert_eq!(n.len(), half, "{:?}", alg);
        let zero = vec![0u8; half];
        let ones = vec![0xffu8; half];
        let cases: [(&str, Vec<u8>); 8] = [
            ("r = s = 0", [zero.as_slice(), &zero].concat()),
            ("r = 0", [zero.as_slice(), s].concat()),
            ("s = 0", [r, zero.as_slice()].concat()),
            ("r = n", [n, s].concat()),
            ("s = n", [r, n].concat()),
            ("r = s = n", [n, n].concat()),
            ("r = 2^k - 1", [ones.as_slice(), s].concat()),
            ("s = 2^k - 1", [r, ones.as_slice()].concat()),
        ];
        let v = Verifier::builder()
            .allow(alg)
            .key_with_kid("k", a.verifying_key())
            .build()
            .unwrap();
        for (what, sig) in cases {
            let forged = with_signature(&token, &sig);
            prop_assert_eq!(kind(&v.verify_at::<Value>(&forged, now())), Some(ErrorKind::InvalidSignature), "{}", what);
            prop_assert_eq!(
                strict_jwt::internal::verify_raw(&a.verifying_key(), forged.rsplit_once('.').unwrap().0.as_bytes(), &sig)
                    .map_err(|e| e.kind()),
                Err(ErrorKind::InvalidSignature),
                "{} (raw)",
                what
            );
        }
    }
}

// =================================================================================
// 4. Cross-algorithm
// =================================================================================

/// A signing key, its signer and a verifier allowing only its algorithm, for every
/// algorithm the backend has (RSA: the fixture; others generated).
fn every_algorithm() -> &'static [(Algorithm, SigningKey, Signer, Verifier)] {
    static ALL: OnceLock<Vec<(Algorithm, SigningKey, Signer, Verifier)>> = OnceLock::new();
    ALL.get_or_init(|| {
        Algorithm::ALL
            .into_iter()
            .filter(|alg| Backend::ACTIVE.supports(*alg))
            .map(|alg| {
                // `ring` cannot generate RSA keys; the fixture serves both backends.
                let key = if is_rsa(alg) {
                    SigningKey::from_pem(alg, RSA_PEM).unwrap()
                } else {
                    SigningKey::generate(alg).unwrap()
                };
                let verifier = Verifier::builder()
                    .allow(alg)
                    .key(key.verifying_key())
                    .build()
                    .unwrap();
                (alg, key.clone(), Signer::new(key), verifier)
            })
            .collect()
    })
}

/// A verifier that allows every algorithm except `alg`, each with its key.
fn all_but(alg: Algorithm) -> Verifier {
    let mut others = every_algorithm().iter().filter(|(a, ..)| *a != alg);
    let (first, key, ..) = others.next().unwrap();
    let mut b = Verifier::builder().allow(*first).key(key.verifying_key());
    for (a, key, ..) in others {
        b = b.allow(*a).key(key.verifying_key());
    }
    b.build().unwrap()
}

const HS: [Algorithm; 3] = [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A token signed with X is refused with `AlgorithmNotAllowed` by a verifier that
    /// allows only Y, for every Y != X, and by one that allows every algorithm but X.
    /// Where the backend lacks X (`ring`: ES512, ES256K), no key for X can be made and
    /// no verifier allows it; a token naming X (its signature the right length, but
    /// made by no key) is refused the same way.
    #[test]
    fn a_token_for_another_algorithm_is_not_allowed(
        x in prop::sample::select(Algorithm::ALL.to_vec()),
        custom in custom_claims(),
    ) {
        let all = every_algorithm();
        let token = if let Some((_, _, signer, own)) = all.iter().find(|(a, ..)| *a == x) {
            let token = signer.sign(&with_exp(&custom)).unwrap();
            let ok = own.verify_at::<Value>(&token, now());
            prop_assert!(ok.is_ok(), "{:?}: {:?}", x, ok.err());
            token
        } else {
            prop_assert!(!Backend::ACTIVE.supports(x), "{:?}", x);
            prop_assert_eq!(kind(&SigningKey::generate(x)), Some(ErrorKind::UnsupportedKey), "{:?}", x);
            prop_assert_eq!(kind(&Verifier::builder().allow(x).build()), Some(ErrorKind::Configuration), "{:?}", x);
            let header = json!({"alg": x.name(), "typ": "JWT"}).to_string();
            let payload = Value::Object(with_exp(&custom)).to_string();
            format!(
                "{}.{}.{}",
                b64u_encode(header.as_bytes()),
                b64u_encode(payload.as_bytes()),
                b64u_encode(&vec![0x5a; signature_len(x)])
            )
        };
        for (y, _, _, verifier) in all.iter().filter(|(a, ..)| *a != x) {
            prop_assert_eq!(kind(&verifier.verify_at::<Value>(&token, now())), Some(ErrorKind::AlgorithmNotAllowed), "{:?} under {:?}", x, y);
            prop_assert_eq!(kind(&verifier.verify_signature_only(&token)), Some(ErrorKind::AlgorithmNotAllowed), "{:?} under {:?}", x, y);
        }
        prop_assert_eq!(kind(&all_but(x).verify_at::<Value>(&token, now())), Some(ErrorKind::AlgorithmNotAllowed));
    }

    /// An HMAC token whose `alg` is rewritten to another HS algorithm and re-MACed with
    /// the right secret under that algorithm never verifies: `AlgorithmNotAllowed` when
    /// only the original algorithm is allowed, `KeyMismatch` when the kid names the key
    /// bound to the original algorithm, `InvalidSignature` without a kid (only the key
    /// bound to the new algorithm, a different secret, is tried).
    #[test]
    fn an_hmac_token_resigned_under_another_hs_algorithm_never_verifies(
        original in prop::sample::select(HS.to_vec()),
        rewritten in prop::sample::select(HS.to_vec()),
        secret in prop::collection::vec(any::<u8>(), 64),
        typ in prop::option::of(Just("JWT")),
    ) {
        prop_assume!(original != rewritten);
        let other_secret: Vec<u8> = secret.iter().map(|b| b ^ 0xa5).collect();
        let payload = format!(r#"{{"exp":{},"sub":"alice"}}"#, NOW + 10);
        let header = |alg: Algorithm, kid: Option<&str>| {
            let mut h = format!(r#"{{"alg":"{}""#, alg.name());
            if let Some(kid) = kid {
                h.push_str(&format!(r#","kid":"{kid}""#));
            }
            if let Some(t) = typ {
                h.push_str(&format!(r#","typ":"{t}""#));
            }
            h.push('}');
            h
        };
        let only_original = Verifier::builder()
            .allow(original)
            .key(HmacKey::new(original, &secret).unwrap())
            .build()
            .unwrap();
        let both = Verifier::builder()
            .allow(original)
            .allow(rewritten)
            .key_with_kid("orig", HmacKey::new(original, &secret).unwrap())
            .key_with_kid("other", HmacKey::new(rewritten, &other_secret).unwrap())
            .build()
            .unwrap();

        // The genuine tokens verify.
        let genuine = hs_token(original, &secret, &header(original, None), &payload);
        prop_assert!(only_original.verify_at::<Value>(&genuine, now()).is_ok());
        let genuine_kid = hs_token(original, &secret, &header(original, Some("orig")), &payload);
        prop_assert!(both.verify_at::<Value>(&genuine_kid, now()).is_ok());

        let rewritten_plain = hs_token(rewritten, &secret, &header(rewritten, None), &payload);
        let rewritten_kid = hs_token(rewritten, &secret, &header(rewritten, Some("orig")), &payload);
        prop_assert_eq!(kind(&only_original.verify_at::<Value>(&rewritten_plain, now())), Some(ErrorKind::AlgorithmNotAllowed));
        prop_assert_eq!(kind(&only_original.verify_at::<Value>(&rewritten_kid, now())), Some(ErrorKind::AlgorithmNotAllowed));
        prop_assert_eq!(kind(&both.verify_at::<Value>(&rewritten_kid, now())), Some(ErrorKind::KeyMismatch));
        prop_assert_eq!(kind(&both.verify_at::<Value>(&rewritten_plain, now())), Some(ErrorKind::InvalidSignature));
        // The original tag under the rewritten header (no re-MAC) fails too.
        let relabelled = with_signature(&rewritten_kid, &signature_of(&genuine_kid));
        prop_assert!(both.verify_at::<Value>(&relabelled, now()).is_err());
    }
}

// =================================================================================
// 5. Differential against jsonwebtoken: in the `strict-jwt-benches` package
//    (`benches/tests/differential.rs`), so that the library's tests build no peer.
// =================================================================================

// =================================================================================
// 6. JWK round trips, and arbitrary input to every key import
// =================================================================================

/// Algorithms whose keys `SigningKey::generate` makes with either backend (RSA keys,
/// which only `aws-lc-rs` generates, are slow to make in the dev profile: the RSA seeds
/// are the fixtures).
const GENERATED: [Algorithm; 7] = [
    Algorithm::HS256,
    Algorithm::HS384,
    Algorithm::HS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
    Algorithm::Ed25519,
];
const THUMBPRINTS: [ThumbprintHash; 3] = [
    ThumbprintHash::Sha256,
    ThumbprintHash::Sha384,
    ThumbprintHash::Sha512,
];

/// Valid key documents to mutate: generated JWKs (private and public), the RFC 7520
/// RSA keys, the ES384 fixture; SPKI and PKCS#8 DER of generated keys and the RSA
/// fixture, and their PEM.
struct Seeds {
    jwks: Vec<String>,
    sets: Vec<String>,
    spki: Vec<Vec<u8>>,
    pkcs8: Vec<Vec<u8>>,
    pems: Vec<String>,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let keys: Vec<SigningKey> = generated()
            .into_iter()
            .map(|a| SigningKey::generate(a).unwrap())
            .collect();
        let mut jwks: Vec<String> = vec![
            RFC7520_RSA_PUBLIC.to_owned(),
            RFC7520_RSA_PRIVATE.to_owned(),
            ES384_TEST_KEY.to_owned(),
        ];
        let mut public_sets = vec![RFC7520_RSA_PUBLIC.to_owned()];
        let mut oct_sets = Vec::new();
        let mut spki = vec![RSA_SPKI_DER.to_vec()];
        let mut pkcs8 = vec![RSA_PKCS8_DER.to_vec()];
        let mut pems = vec![RSA_PEM.to_owned()];
        for k in &keys {
            let private = k.to_private_jwk().unwrap().to_json().to_string();
            jwks.push(private.clone());
            if k.algorithm().is_symmetric() {
                oct_sets.push(private);
                continue;
            }
            let public = k.to_public_jwk().unwrap().to_json().to_string();
            jwks.push(public.clone());
            public_sets.push(public);
            let vk = k.verifying_key();
            spki.push(vk.to_spki_der().unwrap());
            pems.push(vk.to_spki_pem().unwrap());
            pkcs8.push(k.to_pkcs8_der().unwrap().to_vec());
            pems.push(k.to_pkcs8_pem().unwrap().to_string());
        }
        let sets = vec![
            format!("{{\"keys\":[{}]}}", public_sets.join(",")),
            format!("{{\"keys\":[{}]}}", oct_sets.join(",")),
        ];
        Seeds {
            jwks,
            sets,
            spki,
            pkcs8,
            pems,
        }
    })
}

/// One edit of a byte string: delete, insert, replace or duplicate a range.
#[derive(Clone, Debug)]
struct Edit {
    op: u8,
    at: Index,
    byte: u8,
    len: u8,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    // Mostly bytes that matter to JSON, base64 and PEM; sometimes any byte.
    let byte = prop_oneof![
        3 => prop::sample::select(b"{}[]\":,\\ \n-=+/_0123456789AQgwaefklnrstuxyz".to_vec()),
        1 => any::<u8>(),
    ];
    prop::collection::vec(
        (0u8..4, any::<Index>(), byte, 1u8..8).prop_map(|(op, at, byte, len)| Edit {
            op,
            at,
            byte,
            len,
        }),
        1..4,
    )
}

fn apply(mut data: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let at = e.at.index(data.len() + 1);
        match e.op {
            0 if at < data.len() => {
                data.remove(at);
            }
            1 => data.insert(at, e.byte),
            2 if at < data.len() => data[at] = e.byte,
            _ => {
                let end = (at + usize::from(e.len)).min(data.len());
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy);
            }
        }
    }
    data
}

/// Text inputs: arbitrary, lossy bytes, or an edited seed.
fn text_input(pick_seed: fn(&Seeds) -> &[String]) -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        1 => "\\PC{0,120}".prop_map(|s| (s, false)),
        1 => prop::collection::vec(any::<u8>(), 0..160)
            .prop_map(|b| (String::from_utf8_lossy(&b).into_owned(), false)),
        4 => (any::<Index>(), edits()).prop_map(move |(i, e)| {
            let s = pick_seed(seeds());
            let seed = s[i.index(s.len())].clone().into_bytes();
            (String::from_utf8_lossy(&apply(seed, &e)).into_owned(), true)
        }),
    ]
}

/// Binary inputs: arbitrary, or an edited seed.
fn der_input(pick_seed: fn(&Seeds) -> &[Vec<u8>]) -> impl Strategy<Value = (Vec<u8>, bool)> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| (b, false)),
        3 => (any::<Index>(), edits()).prop_map(move |(i, e)| {
            let s = pick_seed(seeds());
            (apply(s[i.index(s.len())].clone(), &e), true)
        }),
    ]
}

/// [`GENERATED`], with ES512 and ES256K where the backend has them.
fn generated() -> Vec<Algorithm> {
    with_supported(&GENERATED, &NEW_CURVES)
}

fn is_import_kind<T>(r: &strict_jwt::Result<T>) -> bool {
    kind(r).is_none_or(|k| IMPORT_KINDS.contains(&k))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A generated key's private JWK survives `to_json` -> `from_json` -> `to_json` byte
    /// for byte, with the same kid and thumbprints, and the re-imported key signs
    /// tokens the original verifies; the public JWK (asymmetric keys) likewise.
    #[test]
    fn generated_key_jwks_round_trip_exactly(
        alg in prop::sample::select(generated()),
        from_hmac_key in any::<bool>(),
        kid in prop::option::of("[a-z\"\\\\/\u{e9}\u{1F600}\u{7f}\t]{0,12}"),
    ) {
        let mut key = if from_hmac_key && alg.is_symmetric() {
            SigningKey::from(HmacKey::generate(alg).unwrap())
        } else {
            SigningKey::generate(alg).unwrap()
        };
        if let Some(kid) = &kid {
            key = key.with_kid(kid.clone());
        }
        let jwk = key.to_private_jwk().unwrap();
        let text = jwk.to_json();
        let back = Jwk::from_json(&text).unwrap();
        prop_assert_eq!(&*back.to_json(), &*text);
        prop_assert_eq!(back.kid(), key.kid());
        prop_assert!(back.is_private());
        for h in THUMBPRINTS {
            let t = key.thumbprint(h).unwrap();
            prop_assert_eq!(&jwk.thumbprint(h).unwrap(), &t);
            prop_assert_eq!(&back.thumbprint(h).unwrap(), &t);
        }
        let reimported = back.to_signing_key(alg).unwrap();
        prop_assert_eq!(reimported.thumbprint(ThumbprintHash::Sha256).unwrap(), key.thumbprint(ThumbprintHash::Sha256).unwrap());
        let token = Signer::new(reimported).without_typ().sign(&json!({"exp": NOW + 10})).unwrap();
        let verifier = Verifier::builder().allow(alg).key(key.verifying_key()).build().unwrap();
        prop_assert!(verifier.verify_at::<Value>(&token, now()).is_ok());

        if !alg.is_symmetric() {
            let public = key.to_public_jwk().unwrap();
            let text = public.to_json();
            let back = Jwk::from_json(&text).unwrap();
            prop_assert_eq!(&*back.to_json(), &*text);
            prop_assert!(!back.is_private());
            prop_assert_eq!(back.thumbprint(ThumbprintHash::Sha256).unwrap(), key.thumbprint(ThumbprintHash::Sha256).unwrap());
            let verifier = Verifier::builder().allow(alg).key(back.to_verifying_key(alg).unwrap()).build().unwrap();
            prop_assert!(verifier.verify_at::<Value>(&token, now()).is_ok());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Arbitrary or edited text never panics `Jwk::from_json` or `JwkSet::from_json`,
    /// and every refusal has a parse kind; a set's skipped keys have import kinds.
    #[test]
    fn jwk_parsing_never_panics_and_fails_with_a_parse_kind(
        jwk in text_input(|s| &s.jwks),
        set in text_input(|s| &s.sets),
        alg in prop::sample::select(Algorithm::ALL.to_vec()),
    ) {
        match Jwk::from_json(&jwk.0) {
            Ok(j) => {
                prop_assert!(jwk.1, "arbitrary text parsed as a JWK: {:?}", jwk.0);
                // Whatever parsed, using it never panics and fails with an import kind.
                prop_assert!(is_import_kind(&j.to_verifying_key(alg)));
                prop_assert!(is_import_kind(&j.to_signing_key(alg)));
                let _ = j.thumbprint(ThumbprintHash::Sha256);
                let _ = j.to_public();
                let again = Jwk::from_json(&j.to_json());
                prop_assert!(again.is_ok(), "to_json output does not parse: {:?}", again.err());
            }
            Err(e) => prop_assert!(JWK_PARSE_KINDS.contains(&e.kind()), "{:?}", e),
        }
        match JwkSet::from_json(&set.0) {
            Ok(s) => {
                for skipped in s.skipped() {
                    let k = skipped.error().kind();
                    prop_assert!(IMPORT_KINDS.contains(&k), "{:?}", skipped.error());
                }
                // One binding per algorithm the key serves: at most six (RSA: RS*, PS*).
                prop_assert!(s.verifying_keys().count() <= 6 * s.keys().len());
            }
            Err(e) => prop_assert!(JWK_PARSE_KINDS.contains(&e.kind()), "{:?}", e),
        }
    }

    /// Arbitrary or edited PEM and DER never panic any key import; arbitrary bytes are
    /// always refused, and every refusal has an import kind.
    #[test]
    fn pem_and_der_imports_never_panic_and_fail_with_an_import_kind(
        pem in text_input(|s| &s.pems),
        spki in der_input(|s| &s.spki),
        pkcs8 in der_input(|s| &s.pkcs8),
        alg in prop::sample::select(Algorithm::ALL.to_vec()),
    ) {
        let results = [
            ("VerifyingKey::from_pem", VerifyingKey::from_pem(alg, &pem.0).map(drop), pem.1),
            ("SigningKey::from_pem", SigningKey::from_pem(alg, &pem.0).map(drop), pem.1),
            ("from_spki_der", VerifyingKey::from_spki_der(alg, &spki.0).map(drop), spki.1),
            ("VerifyingKey::from_pkcs1_der", VerifyingKey::from_pkcs1_der(alg, &spki.0).map(drop), spki.1),
            ("from_pkcs8_der", SigningKey::from_pkcs8_der(alg, &pkcs8.0).map(drop), pkcs8.1),
            ("SigningKey::from_pkcs1_der", SigningKey::from_pkcs1_der(alg, &pkcs8.0).map(drop), pkcs8.1),
            ("from_sec1_der", SigningKey::from_sec1_der(alg, &pkcs8.0).map(drop), pkcs8.1),
        ];
        for (what, r, edited) in results {
            prop_assert!(is_import_kind(&r), "{}: {:?}", what, r);
            prop_assert!(edited || r.is_err(), "{}: arbitrary input accepted", what);
        }
    }
}

// =================================================================================
// 7. PEM round trips and single-character changes
// =================================================================================

/// Characters a PEM body character is replaced with: the base64 alphabet, padding,
/// the base64url characters, whitespace, a header colon, a non-ASCII letter.
const REPLACEMENTS: &str =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \t\r:\u{e9}";

/// Byte offsets of the body characters of a PEM text (not the boundary lines, not
/// line ends).
fn body_positions(pem: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in pem.split_inclusive('\n') {
        if !line.starts_with("-----") {
            out.extend(
                line.char_indices()
                    .filter(|(_, c)| *c != '\n')
                    .map(|(i, _)| offset + i),
            );
        }
        offset += line.len();
    }
    out
}

fn replace_char(text: &str, at: usize, c: char) -> String {
    let old = text[at..].chars().next().unwrap();
    format!("{}{c}{}", &text[..at], &text[at + old.len_utf8()..])
}

const PEM_ALGS: [Algorithm; 6] = [
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
    Algorithm::Ed25519,
    Algorithm::RS256,
    Algorithm::PS384,
];

/// [`PEM_ALGS`], with ES512 and ES256K where the backend has them.
fn pem_algs() -> Vec<Algorithm> {
    with_supported(&PEM_ALGS, &NEW_CURVES)
}

/// Every single-character change of the body of `pem` (each position, with a
/// replacement chosen by `shift`) is refused with an import kind or gives a key other
/// than `original`, as `import` reports it (SPKI DER or thumbprint).
fn check_every_body_change(
    pem: &str,
    shift: usize,
    original: &str,
    import: impl Fn(&str) -> strict_jwt::Result<String>,
) -> Result<(), TestCaseError> {
    let replacements: Vec<char> = REPLACEMENTS.chars().collect();
    for (n, pos) in body_positions(pem).into_iter().enumerate() {
        let mut replacement = replacements[(n + shift) % replacements.len()];
        if pem[pos..].starts_with(replacement) {
            replacement = replacements[(n + shift + 1) % replacements.len()];
        }
        let changed = replace_char(pem, pos, replacement);
        match import(&changed) {
            Err(e) => prop_assert!(IMPORT_KINDS.contains(&e.kind()), "{:?}", e),
            Ok(other) => prop_assert_ne!(
                other.as_str(),
                original,
                "{:?} at {} gives the same key",
                replacement,
                pos
            ),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// `to_spki_pem` re-imports to the same key (same DER, same thumbprint); changing
    /// any one character of the body (every position is tried) either is refused with
    /// an import kind or gives a different key, never the same key and never a panic.
    #[test]
    fn spki_pem_round_trips_and_every_body_change_is_refused_or_another_key(
        alg in prop::sample::select(pem_algs()),
        shift in 0usize..REPLACEMENTS.len(),
    ) {
        let key = if is_rsa(alg) {
            SigningKey::from_pem(alg, RSA_PEM).unwrap()
        } else {
            SigningKey::generate(alg).unwrap()
        }
        .verifying_key();
        let der = key.to_spki_der().unwrap();
        let pem = key.to_spki_pem().unwrap();
        let back = VerifyingKey::from_pem(alg, &pem).unwrap();
        prop_assert_eq!(&back.to_spki_der().unwrap(), &der);
        let print = key.thumbprint(ThumbprintHash::Sha256).unwrap();
        prop_assert_eq!(&back.thumbprint(ThumbprintHash::Sha256).unwrap(), &print);
        check_every_body_change(&pem, shift, &print, |text| {
            let k = VerifyingKey::from_pem(alg, text)?;
            // A different key must differ in its DER as well as its thumbprint.
            if k.to_spki_der()? == der {
                return Ok(print.clone());
            }
            k.thumbprint(ThumbprintHash::Sha256)
        })?;
    }

    /// The same for private keys: `to_pkcs8_pem` re-imports to the same key, and every
    /// one-character change of the body is refused or gives another key.
    #[test]
    fn pkcs8_pem_round_trips_and_every_body_change_is_refused_or_another_key(
        alg in prop::sample::select(with_supported(&[Algorithm::ES256, Algorithm::ES384, Algorithm::EdDSA, Algorithm::Ed25519], &NEW_CURVES)),
        shift in 0usize..REPLACEMENTS.len(),
    ) {
        let key = SigningKey::generate(alg).unwrap();
        let print = key.thumbprint(ThumbprintHash::Sha256).unwrap();
        let pem = key.to_pkcs8_pem().unwrap();
        let back = SigningKey::from_pem(alg, &pem).unwrap();
        prop_assert_eq!(&back.thumbprint(ThumbprintHash::Sha256).unwrap(), &print);
        prop_assert_eq!(&*back.to_pkcs8_der().unwrap(), &*key.to_pkcs8_der().unwrap());
        check_every_body_change(&pem, shift, &print, |text| {
            SigningKey::from_pem(alg, text)?.thumbprint(ThumbprintHash::Sha256)
        })?;
    }
}
