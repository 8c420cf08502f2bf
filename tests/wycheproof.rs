//! Wycheproof (C2SP/wycheproof, unmodified files in `vectors/wycheproof/`): every
//! HMAC-related case of `json_web_signature_test.json` and `json_web_key_test.json`.
//!
//! - Cases whose upstream label is wrong or assumes another API are listed in
//!   `vectors/wycheproof/known_issues.json`; each one in the selection is a NAMED
//!   exception below, with the outcome this crate must have and why. Every exception
//!   must be hit, and the exceptions must be exactly the known issues in the selection.
//! - Every rejection must also have the expected [`ErrorKind`], so a case is never
//!   "passed" for the wrong reason.
//! - Test-case members the harness does not read fail the run (see `common::Fields`).

mod common;

use common::{Fields, b64u_decode_lenient, expect_valid, kind, parse_vectors};
use serde_json::Value;
use std::collections::BTreeSet;
use std::ops::RangeInclusive;
use strict_jwt::{Algorithm, Error, ErrorKind, Jwk, JwkSet, VerifiedJws, Verifier, VerifyingKey};

const JWS_FILE: &str = "json_web_signature_test.json";
const JWS_VECTORS: &str =
    include_str!("../vectors/wycheproof/testvectors_v1/json_web_signature_test.json");
const JWK_FILE: &str = "json_web_key_test.json";
const JWK_VECTORS: &str =
    include_str!("../vectors/wycheproof/testvectors_v1/json_web_key_test.json");
const KNOWN_ISSUES: &str = include_str!("../vectors/wycheproof/known_issues.json");
const SOURCE: &str = include_str!("../vectors/wycheproof/SOURCE.json");

use ErrorKind::{
    InvalidKey, InvalidSignature, KeyMismatch, Malformed, UnknownKey, UnsupportedAlgorithm, WeakKey,
};

// ---------------------------------------------------------------------------------------
// Selections, expected rejection kinds, named exceptions
// ---------------------------------------------------------------------------------------

/// The HMAC cases of `json_web_signature_test.json`: group `hs256` (1-17), the `es256`
/// group's HS256 token with the EC key's kid (31, symmetric confusion), the two RFC 7520
/// HS256 groups (348, 352) and group `base64` (357-377).
const JWS_SELECTION: &[RangeInclusive<u64>] = &[1..=17, 31..=31, 348..=348, 352..=352, 357..=377];

/// The HMAC cases of `json_web_key_test.json`: keysets with `oct` keys (mixed, several,
/// duplicate kid), short/long/empty HS256/384/512 keys, AES keys.
const JWK_SELECTION: &[RangeInclusive<u64>] = &[1..=4, 10..=18, 25..=26];

/// Why each rejected JWS case must be rejected by this crate.
const JWS_REJECTIONS: &[(u64, ErrorKind)] = &[
    (2, InvalidSignature),      // modified signature
    (3, InvalidSignature),      // empty signature segment
    (4, Malformed),             // two segments
    (5, InvalidSignature),      // modified payload
    (6, InvalidSignature),      // empty payload segment
    (7, Malformed),             // two segments
    (8, UnknownKey),            // modified header: kid "Xid-aes-sign"
    (9, Malformed),             // empty header segment
    (10, Malformed),            // two segments
    (11, Malformed),            // empty header segment
    (12, Malformed),            // one segment
    (13, Malformed),            // empty string
    (14, Malformed),            // four segments
    (15, Malformed),            // four segments
    (16, UnsupportedAlgorithm), // alg none
    (17, Malformed),            // JSON serialization (named exception)
    (31, KeyMismatch),          // an EC JWK never becomes an HMAC key
    (360, Malformed),           // spaces in the MAC
    (361, Malformed),           // '?' in the MAC
    (362, Malformed),           // '?' in the MAC
    (363, Malformed),           // '?' in the MAC
    (364, Malformed),           // '?' in the MAC
    (365, Malformed),           // spaces in the header
    (366, Malformed),           // '#' in the header
    (368, Malformed),           // spaces in the payload
    (369, Malformed),           // '#' in the payload
    (371, Malformed),           // '?' in the payload
    (372, Malformed),           // '?' in the header (named exception)
    (373, Malformed),           // '?' in the payload (named exception)
    (374, Malformed),           // non-zero unused bits in the payload ("AB")
    (375, Malformed),           // the same, with the MAC of those exact bytes
];

/// Why each rejected JWK case must be rejected by this crate.
const JWK_REJECTIONS: &[(u64, ErrorKind)] = &[
    (1, InvalidKey),       // keyset mixes symmetric and asymmetric keys
    (3, InvalidSignature), // modified signature
    // Duplicate kid. (The second key's `k`, "...Bingge", is also not canonical base64url;
    // set-level checks come first, so the kid is what is reported. The encoding problem
    // alone: `jwk_tc4_second_key_is_not_canonical_base64url`.)
    (4, InvalidKey),
    (10, WeakKey),     // 31-byte HS256 key
    (11, WeakKey),     // 47-byte HS384 key
    (12, WeakKey),     // 63-byte HS512 key
    (16, WeakKey),     // empty HS256 key
    (17, WeakKey),     // empty HS384 key
    (18, WeakKey),     // empty HS512 key
    (25, KeyMismatch), // oct key with alg A256GCM used for HS256
    (26, KeyMismatch), // oct key with alg A256KW used for HS256
];

/// A case whose Wycheproof label this crate deliberately does not follow.
struct Exception {
    tc_id: u64,
    /// The outcome this crate must have.
    expect_valid: bool,
    reason: &'static str,
}

const JWS_EXCEPTIONS: &[Exception] = &[
    Exception {
        tc_id: 17,
        expect_valid: false,
        reason: "JSON serialization fed to a compact-only API must be refused \
                 (label invalid agrees; known_issues: API assumption)",
    },
    Exception {
        tc_id: 357,
        expect_valid: true,
        reason: "correct HS256 token, byte-identical to 367/370 \
                 (label valid agrees; upstream C2SP/wycheproof#236)",
    },
    Exception {
        tc_id: 367,
        expect_valid: true,
        reason: "byte-identical to 357, a correct HS256 token: the padding this case \
                 is named for was lost upstream (C2SP/wycheproof#236); label invalid overridden",
    },
    Exception {
        tc_id: 370,
        expect_valid: true,
        reason: "byte-identical to 357, a correct HS256 token: the padding this case \
                 is named for was lost upstream (C2SP/wycheproof#236); label invalid overridden",
    },
    Exception {
        tc_id: 372,
        expect_valid: false,
        reason: "'?' inserted in the header segment: RFC 7515 §2 base64url allows no \
                 other characters, a strict decoder refuses it; label valid overridden",
    },
    Exception {
        tc_id: 373,
        expect_valid: false,
        reason: "'?' inserted in the payload segment: RFC 7515 §2 base64url allows no \
                 other characters, a strict decoder refuses it; label valid overridden",
    },
];

/// No case of the JWK selection is in `known_issues.json`.
const JWK_EXCEPTIONS: &[Exception] = &[];

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

fn selected(sel: &[RangeInclusive<u64>], tc_id: u64) -> bool {
    sel.iter().any(|r| r.contains(&tc_id))
}

fn selection_ids(sel: &[RangeInclusive<u64>]) -> BTreeSet<u64> {
    sel.iter().flat_map(|r| r.clone()).collect()
}

fn rejection_kind(table: &[(u64, ErrorKind)], tc_id: u64) -> Option<ErrorKind> {
    table.iter().find(|(id, _)| *id == tc_id).map(|(_, k)| *k)
}

/// Counts of one file's run.
#[derive(Debug, Default)]
struct Report {
    run: BTreeSet<u64>,
    as_labelled: usize,
    against_label: usize,
    exceptions_hit: BTreeSet<u64>,
}

impl Report {
    /// Checks one outcome against the label, the named exceptions and the expected
    /// rejection kind, and counts it.
    fn record(
        &mut self,
        t: &mut Fields<'_>,
        tc_id: u64,
        got: &Result<(), Error>,
        exceptions: &[Exception],
        rejections: &[(u64, ErrorKind)],
    ) {
        let comment = t.str("comment").to_owned();
        let flags = t.req("flags").clone();
        let label = t.str("result");
        let label_valid = expect_valid(t.ctx(), label);
        let exception = exceptions.iter().find(|e| e.tc_id == tc_id);
        let want_valid = exception.map_or(label_valid, |e| e.expect_valid);
        let ctx = format!(
            "{} ({comment}, flags {flags}, label {label}{})",
            t.ctx(),
            exception.map_or(String::new(), |e| format!(
                ", named exception: {}",
                e.reason
            ))
        );
        assert_eq!(
            got.is_ok(),
            want_valid,
            "{ctx}: expected {}, got {got:?}",
            if want_valid { "valid" } else { "invalid" }
        );
        let want_kind = rejection_kind(rejections, tc_id);
        assert_eq!(
            kind(got),
            want_kind,
            "{ctx}: rejection kind (table entry {want_kind:?})"
        );
        assert!(self.run.insert(tc_id), "{ctx}: tcId run twice");
        if got.is_ok() == label_valid {
            self.as_labelled += 1;
        } else {
            self.against_label += 1;
        }
        if exception.is_some() {
            self.exceptions_hit.insert(tc_id);
        }
    }

    fn check_and_print(
        &self,
        what: &str,
        selection: &[RangeInclusive<u64>],
        exceptions: &[Exception],
        expected: (usize, usize, usize),
    ) {
        for e in exceptions {
            println!(
                "{what}: named exception tcId {} -> {}: {}",
                e.tc_id,
                if e.expect_valid { "valid" } else { "invalid" },
                e.reason
            );
        }
        println!(
            "{what}: {} run, {} as labelled, {} against the label, {} named exceptions ({} hit)",
            self.run.len(),
            self.as_labelled,
            self.against_label,
            exceptions.len(),
            self.exceptions_hit.len()
        );
        assert_eq!(
            self.run,
            selection_ids(selection),
            "{what}: every selected tcId was run, and nothing else"
        );
        let named: BTreeSet<u64> = exceptions.iter().map(|e| e.tc_id).collect();
        assert_eq!(
            self.exceptions_hit, named,
            "{what}: every named exception was hit"
        );
        assert_eq!(
            (self.run.len(), self.as_labelled, self.against_label),
            expected,
            "{what}: (run, as labelled, against the label)"
        );
    }
}

/// The `jws` member as the text a caller would hand to the verifier: a compact string
/// as is, a JSON-serialization object as its JSON text.
fn jws_text(ctx: &str, jws: &Value) -> String {
    match jws {
        Value::String(s) => s.clone(),
        Value::Object(_) => jws.to_string(),
        other => panic!("{ctx}: unexpected jws {other}"),
    }
}

/// The group's key (the shared secret for `oct`; `private` holds it).
fn group_key(group: &Value) -> &Value {
    group
        .get("private")
        .or_else(|| group.get("public"))
        .unwrap_or_else(|| panic!("group {}: no key", group["comment"]))
}

/// Verifier for an `oct` group: the JWK bound to its own `alg`.
fn oct_verifier(ctx: &str, jwk: &Value) -> Verifier {
    let key = Jwk::from_json(&jwk.to_string())
        .and_then(|j| j.to_verifying_key_for_own_alg())
        .unwrap_or_else(|e| panic!("{ctx}: oct JWK must give a verifying key: {e:?}"));
    Verifier::builder()
        .allow(key.algorithm())
        .key(key)
        .build()
        .unwrap_or_else(|e| panic!("{ctx}: verifier builds: {e:?}"))
}

/// Symmetric confusion: an asymmetric group key must not become an HMAC key for the
/// token's HS* algorithm, whichever of the group's JWKs is tried.
fn symmetric_confusion(ctx: &str, group: &Value, alg: Algorithm) -> Result<(), Error> {
    let mut last = None;
    for which in ["private", "public"] {
        let Some(jwk) = group.get(which) else {
            continue;
        };
        let jwk = Jwk::from_json(&jwk.to_string())
            .unwrap_or_else(|e| panic!("{ctx}: group `{which}` JWK parses: {e:?}"));
        assert_ne!(
            jwk.key_type(),
            "oct",
            "{ctx}: not a symmetric-confusion case"
        );
        let r = jwk.to_verifying_key(alg).map(|_| ());
        assert_eq!(
            kind(&r),
            Some(KeyMismatch),
            "{ctx}: group `{which}` {} JWK as an {alg} key",
            jwk.key_type()
        );
        last = Some(r);
    }
    last.unwrap_or_else(|| panic!("{ctx}: group has no JWK"))
}

/// The `alg` of a JWS header, decoding leniently (only to classify cases).
fn header_algs(jws: &Value) -> Vec<String> {
    let protected: Vec<&str> = match jws {
        Value::String(s) => vec![s.split('.').next().unwrap_or("")],
        Value::Object(o) => {
            let mut v: Vec<&str> = o
                .get("protected")
                .and_then(Value::as_str)
                .into_iter()
                .collect();
            if let Some(sigs) = o.get("signatures").and_then(Value::as_array) {
                v.extend(sigs.iter().filter_map(|s| s["protected"].as_str()));
            }
            v
        }
        _ => Vec::new(),
    };
    protected
        .into_iter()
        .filter_map(|p| serde_json::from_slice::<Value>(&b64u_decode_lenient(p)).ok())
        .filter_map(|h| h["alg"].as_str().map(str::to_owned))
        .collect()
}

fn run_jws_hmac() -> Report {
    let doc = parse_vectors(JWS_FILE, JWS_VECTORS);
    let mut report = Report::default();
    for group in doc["testGroups"].as_array().expect("testGroups") {
        let key = group_key(group);
        let is_oct = key["kty"] == "oct";
        let gctx = format!("{JWS_FILE} group {}", group["comment"]);
        let verifier = is_oct.then(|| oct_verifier(&gctx, key));
        for t in group["tests"].as_array().expect("tests") {
            let tc_id = t["tcId"].as_u64().expect("tcId");
            if !selected(JWS_SELECTION, tc_id) {
                continue;
            }
            let mut f = Fields::new(format!("{JWS_FILE} tcId {tc_id}"), t);
            f.req("tcId");
            let jws = f.req("jws");
            let ctx = f.ctx().to_owned();
            let got = match &verifier {
                Some(v) => v.verify_signature_only(&jws_text(&ctx, jws)).map(|_| ()),
                None => {
                    let algs = header_algs(jws);
                    let [alg] = algs.as_slice() else {
                        panic!("{ctx}: one header alg expected, got {algs:?}")
                    };
                    let alg = Algorithm::from_name(alg).expect("an implemented alg");
                    assert!(
                        alg.is_symmetric(),
                        "{ctx}: selected but neither oct nor HS*"
                    );
                    symmetric_confusion(&ctx, group, alg)
                }
            };
            report.record(&mut f, tc_id, &got, JWS_EXCEPTIONS, JWS_REJECTIONS);
            f.finish();
        }
    }
    report
}

/// JWK set -> verifying keys -> verifier allowing their algorithms -> signature check.
/// Any error anywhere counts as "rejected".
fn jwk_pipeline(keyset: &Value, jws: &str) -> Result<VerifiedJws, Error> {
    let set = JwkSet::from_json(&keyset.to_string())?;
    let keys = set.to_verifying_keys()?;
    let mut algs: Vec<Algorithm> = keys.iter().map(VerifyingKey::algorithm).collect();
    algs.sort();
    algs.dedup();
    let (first, rest) = algs.split_first().expect("a non-empty keyset");
    let mut builder = Verifier::builder().allow(*first);
    for a in rest {
        builder = builder.allow(*a);
    }
    builder.keys(keys).build()?.verify_signature_only(jws)
}

fn run_jwk_hmac() -> Report {
    let doc = parse_vectors(JWK_FILE, JWK_VECTORS);
    let mut report = Report::default();
    for group in doc["testGroups"].as_array().expect("testGroups") {
        for t in group["tests"].as_array().expect("tests") {
            let tc_id = t["tcId"].as_u64().expect("tcId");
            if !selected(JWK_SELECTION, tc_id) {
                continue;
            }
            let mut f = Fields::new(format!("{JWK_FILE} tcId {tc_id}"), t);
            f.req("tcId");
            let jws = f.str("jws");
            let keyset = group
                .get("private")
                .unwrap_or_else(|| panic!("{}: group has no `private` keyset", f.ctx()));
            let got = jwk_pipeline(keyset, jws).map(|_| ());
            report.record(&mut f, tc_id, &got, JWK_EXCEPTIONS, JWK_REJECTIONS);
            f.finish();
        }
    }
    report
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn jws_hmac_cases_match_labels_or_named_exceptions() {
    let report = run_jws_hmac();
    // 41 run; 37 outcomes equal the label; 367, 370 (valid) and 372, 373 (invalid)
    // differ, each by a named exception.
    report.check_and_print(
        "wycheproof jws hmac",
        JWS_SELECTION,
        JWS_EXCEPTIONS,
        (41, 37, 4),
    );
}

#[test]
fn jwk_hmac_keysets_match_labels() {
    let report = run_jwk_hmac();
    report.check_and_print(
        "wycheproof jwk hmac",
        JWK_SELECTION,
        JWK_EXCEPTIONS,
        (15, 15, 0),
    );
}

#[test]
fn jws_tc31_symmetric_confusion_ec_jwk_never_becomes_an_hmac_key() {
    let doc = parse_vectors(JWS_FILE, JWS_VECTORS);
    let (group, test) = doc["testGroups"]
        .as_array()
        .expect("testGroups")
        .iter()
        .find_map(|g| {
            g["tests"]
                .as_array()?
                .iter()
                .find(|t| t["tcId"] == 31)
                .map(|t| (g, t))
        })
        .expect("tcId 31");
    let ctx = "json_web_signature_test.json tcId 31";
    assert_eq!(test["result"], "invalid", "{ctx}: label");
    assert_eq!(header_algs(&test["jws"]), ["HS256"], "{ctx}: header alg");
    assert_eq!(group_key(group)["kty"], "EC", "{ctx}: group key type");
    assert_eq!(
        kind(&symmetric_confusion(ctx, group, Algorithm::HS256)),
        Some(KeyMismatch),
        "{ctx}"
    );
    // And for the other HMAC algorithms too.
    for alg in [Algorithm::HS384, Algorithm::HS512] {
        assert_eq!(
            kind(&symmetric_confusion(ctx, group, alg)),
            Some(KeyMismatch),
            "{ctx} as {alg}"
        );
    }
}

/// The JWK set of tcId 4 (found by its test), whose upstream `k` of the second key has
/// non-zero unused bits.
fn jwk_tc4_keyset() -> Value {
    let doc = parse_vectors(JWK_FILE, JWK_VECTORS);
    doc["testGroups"]
        .as_array()
        .expect("testGroups")
        .iter()
        .find(|g| g["tests"][0]["tcId"] == 4)
        .map(|g| g["private"].clone())
        .expect("tcId 4")
}

#[test]
fn jwk_tc4_second_key_is_not_canonical_base64url() {
    let set = jwk_tc4_keyset();
    let k = set["keys"][1]["k"].as_str().expect("k");
    assert_eq!(
        kind(&Jwk::from_json(&set["keys"][1].to_string())),
        Some(Malformed),
        "json_web_key_test.json tcId 4: second key alone, k = {k:?}"
    );
    assert!(
        Jwk::from_json(&set["keys"][0].to_string()).is_ok(),
        "json_web_key_test.json tcId 4: first key alone"
    );
}

#[test]
fn jwk_tc4_duplicate_kid_is_invalid_key() {
    // tcId 4 with the second key's last character made canonical ('e' -> 'c' clears the
    // two unused bits): the set is then refused for its duplicate kid alone.
    let mut set = jwk_tc4_keyset();
    let k = set["keys"][1]["k"].as_str().expect("k").to_owned();
    let fixed = format!("{}c", k.strip_suffix('e').expect("ends in 'e'"));
    set["keys"][1]["k"] = Value::String(fixed);
    assert!(
        Jwk::from_json(&set["keys"][1].to_string()).is_ok(),
        "json_web_key_test.json tcId 4 (derived): second key is now well formed"
    );
    assert_eq!(
        set["keys"][0]["kid"], set["keys"][1]["kid"],
        "json_web_key_test.json tcId 4 (derived): same kid"
    );
    assert_eq!(
        kind(&JwkSet::from_json(&set.to_string())),
        Some(InvalidKey),
        "json_web_key_test.json tcId 4 (derived): duplicate kid"
    );
}

#[test]
fn jws_357_367_370_are_byte_identical_tokens() {
    let doc = parse_vectors(JWS_FILE, JWS_VECTORS);
    let jws_of = |id: u64| -> String {
        doc["testGroups"]
            .as_array()
            .expect("testGroups")
            .iter()
            .flat_map(|g| g["tests"].as_array().expect("tests"))
            .find(|t| t["tcId"] == id)
            .and_then(|t| t["jws"].as_str())
            .unwrap_or_else(|| panic!("tcId {id}"))
            .to_owned()
    };
    let t357 = jws_of(357);
    assert_eq!(jws_of(367), t357, "tcId 367 vs 357 (C2SP/wycheproof#236)");
    assert_eq!(jws_of(370), t357, "tcId 370 vs 357 (C2SP/wycheproof#236)");
}

/// Every case of `file` in the index whose group key is `oct` (in a JWK, or any key of
/// a JWK set) or whose header `alg` starts with "HS".
fn hmac_related(file: &str, text: &str) -> BTreeSet<u64> {
    let doc = parse_vectors(file, text);
    let mut out = BTreeSet::new();
    for group in doc["testGroups"].as_array().expect("testGroups") {
        let mut key_types = Vec::new();
        for which in ["private", "public"] {
            let Some(k) = group.get(which) else { continue };
            match k.get("keys").and_then(Value::as_array) {
                Some(keys) => key_types.extend(keys.iter().map(|k| k["kty"].clone())),
                None => key_types.push(k["kty"].clone()),
            }
        }
        let oct = key_types.iter().any(|t| t == "oct");
        for t in group["tests"].as_array().expect("tests") {
            let hs = header_algs(&t["jws"]).iter().any(|a| a.starts_with("HS"));
            if oct || hs {
                out.insert(t["tcId"].as_u64().expect("tcId"));
            }
        }
    }
    out
}

#[test]
fn jws_hmac_selection_is_complete() {
    assert_eq!(
        hmac_related(JWS_FILE, JWS_VECTORS),
        selection_ids(JWS_SELECTION),
        "{JWS_FILE}: cases with an oct group key or an HS* header vs the selection"
    );
}

#[test]
fn jwk_hmac_selection_is_complete() {
    assert_eq!(
        hmac_related(JWK_FILE, JWK_VECTORS),
        selection_ids(JWK_SELECTION),
        "{JWK_FILE}: cases with an oct key in the keyset or an HS* header vs the selection"
    );
}

/// tcIds of `known_issues.json` entries for `file` (arrays, or "range a-b").
fn known_issue_ids(file: &str) -> BTreeSet<u64> {
    let doc = parse_vectors("known_issues.json", KNOWN_ISSUES);
    let mut out = BTreeSet::new();
    for e in doc["entries"].as_array().expect("entries") {
        if e["file"] != format!("testvectors_v1/{file}") {
            continue;
        }
        match &e["tcIds"] {
            Value::Array(ids) => out.extend(ids.iter().map(|i| i.as_u64().expect("tcId"))),
            Value::String(s) => {
                let (a, b) = s
                    .strip_prefix("range ")
                    .and_then(|r| r.split_once('-'))
                    .unwrap_or_else(|| panic!("known_issues {file}: tcIds {s:?}"));
                out.extend(a.parse::<u64>().expect("range")..=b.parse::<u64>().expect("range"));
            }
            other => panic!("known_issues {file}: tcIds {other}"),
        }
    }
    out
}

#[test]
fn named_exceptions_are_exactly_the_known_issues_in_the_selection() {
    for (file, selection, exceptions) in [
        (JWS_FILE, JWS_SELECTION, JWS_EXCEPTIONS),
        (JWK_FILE, JWK_SELECTION, JWK_EXCEPTIONS),
    ] {
        let known: BTreeSet<u64> = known_issue_ids(file)
            .into_iter()
            .filter(|id| selected(selection, *id))
            .collect();
        let named: BTreeSet<u64> = exceptions.iter().map(|e| e.tc_id).collect();
        assert_eq!(
            named, known,
            "{file}: named exceptions vs known_issues.json"
        );
        assert_eq!(named.len(), exceptions.len(), "{file}: duplicate exception");
    }
}

#[test]
fn vector_files_match_source_json() {
    let source = parse_vectors("SOURCE.json", SOURCE);
    assert_eq!(
        source["commit"], "dac1dd4729fd1f8dd9e1e9f3dce51d783da6c166",
        "SOURCE.json commit"
    );
    for (file, text) in [(JWS_FILE, JWS_VECTORS), (JWK_FILE, JWK_VECTORS)] {
        let entry = source["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["path"] == format!("testvectors_v1/{file}"))
            .unwrap_or_else(|| panic!("SOURCE.json has no entry for {file}"));
        let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
        let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            entry["sha256"],
            hex.as_str(),
            "{file}: unmodified copy (sha256)"
        );
        assert_eq!(entry["bytes"], text.len(), "{file}: size");
        let doc = parse_vectors(file, text);
        let n: usize = doc["testGroups"]
            .as_array()
            .expect("testGroups")
            .iter()
            .map(|g| g["tests"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(doc["numberOfTests"], n, "{file}: numberOfTests");
        assert_eq!(
            entry["numberOfTests"], n,
            "{file}: SOURCE.json numberOfTests"
        );
    }
}
