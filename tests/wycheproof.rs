//! Wycheproof (C2SP/wycheproof, unmodified files in `vectors/wycheproof/`): every case of
//! `json_web_signature_test.json` (401) and `json_web_key_test.json` (26), all groups:
//! HS256, ES256 (with the special-case `r`/`s` values), RS256/384/512, PS256/384/512, the
//! RFC 7520 tokens (RS256, PS384, ES512, HS256), keys meant for encryption, key sets.
//! The ES512 (P-521) cases, 347 and 351, are refused in every build for their JWK's
//! unregistered `alg` "ES521" (a named exception); with the aws-lc-rs backend their
//! signatures are also verified with the point bound to ES512 (`jws_347_351_*`).
//! Neither file has JWE groups; their one JSON-serialization case is refused as malformed.
//!
//! - Keys come only from the group's JWKs, through the crate's JWK API, bound to the
//!   algorithm the JWK names (`alg`), never to the token's header: `public` when the
//!   group has one, otherwise `private` (a shared secret, or a private JWK through
//!   [`Jwk::to_signing_key`] and its verifying key). The few JWKs without `alg` are bound
//!   by [`ALG_FOR_JWKS_WITHOUT_ALG`]. Private JWKs must give the same public key
//!   (`*_private_jwks_match_public_jwks`).
//! - Each case runs through a verifier allowing exactly the key's algorithm
//!   ([`Verifier::verify_signature_only`]: the payloads are not JWT claims).
//! - Cases whose upstream label is wrong or assumes another API are listed in
//!   `vectors/wycheproof/known_issues.json`; each one is a NAMED exception below, with
//!   the outcome this crate must have and why. Crate limitations not in that file would
//!   be named exceptions too, marked as such (none at present). Every exception must be
//!   hit, and the known-issue ones must be exactly the file's known issues.
//! - Every rejection must also have the expected [`ErrorKind`] (a table with a comment per
//!   entry), so a case is never "passed" for the wrong reason.
//! - Test-case and group members the harness does not read fail the run (see
//!   `common::Fields`), and so do flags it does not know.

mod common;

use common::{
    Fields, b64u_decode, b64u_decode_lenient, expect_valid, kind, parse_vectors, reference,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;
use strict_jwt::{
    Algorithm, Backend, Error, ErrorKind, Jwk, JwkSet, VerifiedJws, Verifier, VerifyingKey,
};

const JWS_FILE: &str = "json_web_signature_test.json";
const JWS_VECTORS: &str =
    include_str!("../vectors/wycheproof/testvectors_v1/json_web_signature_test.json");
const JWK_FILE: &str = "json_web_key_test.json";
const JWK_VECTORS: &str =
    include_str!("../vectors/wycheproof/testvectors_v1/json_web_key_test.json");
const KNOWN_ISSUES: &str = include_str!("../vectors/wycheproof/known_issues.json");
const SOURCE: &str = include_str!("../vectors/wycheproof/SOURCE.json");

use Algorithm::{ES256, ES512, RS256};
use ErrorKind::{
    AlgorithmNotAllowed, InvalidKey, InvalidSignature, KeyMismatch, Malformed, UnknownKey,
    UnsupportedAlgorithm, WeakKey,
};

// ---------------------------------------------------------------------------------------
// Selections, expected rejection kinds, named exceptions
// ---------------------------------------------------------------------------------------

/// Every case of `json_web_signature_test.json`.
const JWS_SELECTION: &[RangeInclusive<u64>] = &[1..=401];

/// Every case of `json_web_key_test.json`.
const JWK_SELECTION: &[RangeInclusive<u64>] = &[1..=26];

/// Groups whose JWKs have no `alg` (keys meant for encryption), by the group's first
/// tcId: the algorithm the application binds the key to. Any other RS*/PS* or ES256
/// choice meets the same refusal, since the JWK's `use`/`key_ops` forbid signatures.
const ALG_FOR_JWKS_WITHOUT_ALG: &[(u64, Algorithm)] =
    &[(353, RS256), (354, ES256), (355, RS256), (356, ES256)];

/// Why each rejected JWS case must be rejected by this crate.
const JWS_REJECTIONS: &[(RangeInclusive<u64>, ErrorKind)] = &[
    // group hs256: an oct key bound to HS256
    (2..=3, InvalidSignature),       // modified MAC; empty MAC segment
    (4..=4, Malformed),              // two segments
    (5..=6, InvalidSignature),       // modified payload; empty payload segment
    (7..=7, Malformed),              // two segments
    (8..=8, UnknownKey),             // modified header: kid "Xid-aes-sign"
    (9..=13, Malformed),             // empty header segment; one or two segments; ""
    (14..=15, Malformed),            // four segments
    (16..=16, UnsupportedAlgorithm), // alg none
    (17..=17, Malformed),            // JSON serialization (named exception)
    // group es256: a P-256 JWK bound to ES256
    (19..=20, InvalidSignature), // modified signature; empty signature (length != 64)
    (21..=21, Malformed),        // two segments
    (22..=23, InvalidSignature), // modified payload; empty payload segment
    (24..=24, Malformed),        // two segments
    (25..=25, UnknownKey),       // modified header: kid "Xid-ec-sign"
    (26..=30, Malformed),        // empty header segment; one or two segments; ""
    // An HS256 token with the EC key's kid: the verifier allows ES256 only. (The EC JWK
    // never becomes an HMAC key either: `jws_tc31_symmetric_confusion_...`.)
    (31..=31, AlgorithmNotAllowed),
    // Header `jwk` with the attacker's key: never a key source, so the signature is
    // checked with the configured key, and fails.
    (32..=32, InvalidSignature),
    // group rs256 (kid-rsa-sign): an RSA JWK bound to RS256
    (34..=35, InvalidSignature),  // modified signature; empty signature
    (36..=36, Malformed),         // two segments
    (37..=38, InvalidSignature),  // modified payload; empty payload segment
    (39..=39, Malformed),         // two segments
    (40..=40, UnknownKey),        // modified header: kid "Xid-rsa-sign"
    (41..=45, Malformed),         // empty header segment; one or two segments; ""
    (46..=258, InvalidSignature), // modified PKCS#1 v1.5 DigestInfo encodings
    // group ps256
    (276..=286, InvalidSignature), // modified mHash; changed salt length
    (289..=315, InvalidSignature), // modified padding, hash, PS, salt, maskedDB, EM; s = 0, 1, n-1, n
    (316..=319, InvalidSignature), // signature not of the modulus length
    // group ps384
    (324..=324, InvalidSignature), // modified signature
    // group ps512: tokens by other algorithms with the PS512 key's kid
    (329..=330, InvalidSignature),     // modified mHash
    (331..=331, InvalidSignature),     // header PS512, signed with RS256
    (332..=332, AlgorithmNotAllowed),  // header RS256
    (333..=333, InvalidSignature),     // header PS512, signed with RS384
    (334..=334, AlgorithmNotAllowed),  // header RS384
    (335..=335, InvalidSignature),     // header PS512, signed with RS512
    (336..=336, AlgorithmNotAllowed),  // header RS512
    (337..=337, InvalidSignature),     // header PS512, signed with PS256
    (338..=338, AlgorithmNotAllowed),  // header PS256
    (339..=339, InvalidSignature),     // header PS512, signed with PS384
    (340..=340, AlgorithmNotAllowed),  // header PS384
    (341..=344, UnsupportedAlgorithm), // alg "none" / "NONE": no such Algorithm
    // RFC 7520 groups (named exceptions)
    (346..=346, AlgorithmNotAllowed), // PS384 token, the JWK says PS256
    (347..=347, KeyMismatch),         // JWK alg "ES521": not a JWS algorithm name
    (350..=350, AlgorithmNotAllowed), // PS384 token, the JWK says PS256
    (351..=351, KeyMismatch),         // JWK alg "ES521": not a JWS algorithm name
    // keys for encryption (named exceptions; labels agree)
    (353..=354, KeyMismatch), // JWK use "enc"
    (355..=356, KeyMismatch), // JWK key_ops ["encrypt"]: no "verify"
    // group base64: an oct key bound to HS256
    (360..=360, Malformed), // spaces in the MAC
    (361..=364, Malformed), // '?' or other invalid characters in the MAC
    (365..=365, Malformed), // spaces in the header
    (366..=366, Malformed), // '#' in the header
    (368..=368, Malformed), // spaces in the payload
    (369..=369, Malformed), // '#' in the payload
    (371..=371, Malformed), // '?' in the payload
    (372..=372, Malformed), // '?' in the header (named exception)
    (373..=373, Malformed), // '?' in the payload (named exception)
    (374..=374, Malformed), // non-zero unused bits in the payload ("AB")
    (375..=375, Malformed), // the same, with the MAC of those exact bytes
    // group SpecialCaseEs256
    (379..=385, InvalidSignature), // 66- or 514-byte signatures (ES256 is exactly 64)
    (386..=401, InvalidSignature), // r, s in {0, 1, n-1, n}
];

/// The verifying keys of a set, or the first skipped key's error (these sets hold one
/// key, or keys that must all be usable).
fn set_keys(set: &JwkSet) -> Result<Vec<VerifyingKey>, Error> {
    match set.skipped().first() {
        Some(s) => Err(s.error().clone()),
        None => Ok(set.verifying_keys().cloned().collect()),
    }
}

/// Why each rejected JWK case must be rejected by this crate.
const JWK_REJECTIONS: &[(RangeInclusive<u64>, ErrorKind)] = &[
    (1..=1, InvalidKey),       // keyset mixes symmetric and asymmetric keys
    (3..=3, InvalidSignature), // modified signature
    // Duplicate kid. (The second key's `k`, "...Bingge", is also not canonical base64url;
    // set-level checks come first, so the kid is what is reported. The encoding problem
    // alone: `jwk_tc4_second_key_is_not_canonical_base64url`.)
    (4..=4, InvalidKey),
    (6..=6, KeyMismatch), // JWK alg "RSA1_5" (and use "enc"): not a JWS algorithm
    (7..=7, WeakKey),     // RSA modulus with the ROCA fingerprint (CVE-2017-15361)
    (8..=8, WeakKey),     // 1024-bit RSA modulus (RFC 7518 3.3: at least 2048)
    (9..=9, WeakKey),     // RSA public exponent 1
    (10..=10, WeakKey),   // 31-byte HS256 key
    (11..=11, WeakKey),   // 47-byte HS384 key
    (12..=12, WeakKey),   // 63-byte HS512 key
    (16..=16, WeakKey),   // empty HS256 key
    (17..=17, WeakKey),   // empty HS384 key
    (18..=18, WeakKey),   // empty HS512 key
    (19..=19, KeyMismatch), // P-256 key with alg "ES521": not a JWS algorithm name
    (20..=20, KeyMismatch), // P-256 key with alg "ES224": not a JWS algorithm name
    (21..=21, KeyMismatch), // use "enc"
    (22..=22, InvalidKey), // point not on P-256
    (23..=23, KeyMismatch), // crv "P-384" for alg ES256
    (24..=24, KeyMismatch), // kty "RSA" for alg ES256
    (25..=25, KeyMismatch), // oct key with alg A256GCM used for HS256
    (26..=26, KeyMismatch), // oct key with alg A256KW used for HS256
];

/// A case whose Wycheproof label this crate does not follow, or whose outcome depends on
/// a choice of the crate.
struct Exception {
    tc_id: u64,
    /// The outcome this crate must have.
    expect_valid: bool,
    /// Listed in `known_issues.json` (otherwise a crate-specific limitation or policy).
    known_issue: bool,
    reason: &'static str,
}

const JWS_EXCEPTIONS: &[Exception] = &[
    Exception {
        tc_id: 17,
        expect_valid: false,
        known_issue: true,
        reason: "JSON serialization fed to a compact-only API must be refused \
                 (label invalid agrees; known_issues: API assumption)",
    },
    Exception {
        tc_id: 346,
        expect_valid: false,
        known_issue: true,
        reason: "RFC 7520 4.2 PS384 token, but the verification JWK says alg PS256: a key is \
                 bound to one algorithm, so the token's PS384 is not allowed; label valid overridden",
    },
    Exception {
        tc_id: 347,
        expect_valid: false,
        known_issue: true,
        reason: "RFC 7520 4.3 ES512 token with a P-521 JWK whose alg is the unregistered \
                 \"ES521\": a JWK is bound to the algorithm it names, and ES521 is none \
                 (KeyMismatch, in every build; the signature itself is a correct ES512 \
                 one, checked with aws-lc-rs in jws_347_351_*); label valid overridden",
    },
    Exception {
        tc_id: 350,
        expect_valid: false,
        known_issue: true,
        reason: "as 346, with key_ops [\"verify\"]: PS256 JWK, PS384 token; label valid overridden",
    },
    Exception {
        tc_id: 351,
        expect_valid: false,
        known_issue: true,
        reason: "as 347, with key_ops [\"verify\"]: alg \"ES521\", P-521; label valid overridden",
    },
    Exception {
        tc_id: 353,
        expect_valid: false,
        known_issue: true,
        reason: "RSA JWK with use \"enc\": refused for verification (label invalid agrees; \
                 known_issues: key-usage policy, which the crate enforces)",
    },
    Exception {
        tc_id: 354,
        expect_valid: false,
        known_issue: true,
        reason: "EC JWK with use \"enc\": refused for verification (label invalid agrees; \
                 known_issues: key-usage policy, which the crate enforces)",
    },
    Exception {
        tc_id: 355,
        expect_valid: false,
        known_issue: true,
        reason: "RSA JWK with key_ops [\"encrypt\"]: refused for verification (label invalid \
                 agrees; known_issues: key-usage policy, which the crate enforces)",
    },
    Exception {
        tc_id: 356,
        expect_valid: false,
        known_issue: true,
        reason: "EC JWK with key_ops [\"encrypt\"]: refused for verification (label invalid \
                 agrees; known_issues: key-usage policy, which the crate enforces)",
    },
    Exception {
        tc_id: 357,
        expect_valid: true,
        known_issue: true,
        reason: "correct HS256 token, byte-identical to 367/370 \
                 (label valid agrees; upstream C2SP/wycheproof#236)",
    },
    Exception {
        tc_id: 367,
        expect_valid: true,
        known_issue: true,
        reason: "byte-identical to 357, a correct HS256 token: the padding this case \
                 is named for was lost upstream (C2SP/wycheproof#236); label invalid overridden",
    },
    Exception {
        tc_id: 370,
        expect_valid: true,
        known_issue: true,
        reason: "byte-identical to 357, a correct HS256 token: the padding this case \
                 is named for was lost upstream (C2SP/wycheproof#236); label invalid overridden",
    },
    Exception {
        tc_id: 372,
        expect_valid: false,
        known_issue: true,
        reason: "'?' inserted in the header segment: RFC 7515 §2 base64url allows no \
                 other characters, a strict decoder refuses it; label valid overridden",
    },
    Exception {
        tc_id: 373,
        expect_valid: false,
        known_issue: true,
        reason: "'?' inserted in the payload segment: RFC 7515 §2 base64url allows no \
                 other characters, a strict decoder refuses it; label valid overridden",
    },
];

/// No JWK case needs an exception. (tcId 7, the ROCA-vulnerable RSA key, was one while
/// the crate had no ROCA fingerprint check; it now refuses the key as `WeakKey`.)
const JWK_EXCEPTIONS: &[Exception] = &[];

/// Every flag of the two files, and what it means here. A flag not listed fails the
/// run (`every_flag_is_known_to_the_harness`).
const KNOWN_FLAGS: &[(&str, &str)] = &[
    (
        "JsonSerialization",
        "JWS JSON serialization: compact only, Malformed",
    ),
    (
        "ModifiedPadding",
        "RS256 DigestInfo modified: InvalidSignature",
    ),
    (
        "ModifiedSignature",
        "PS* signature or padding modified: InvalidSignature",
    ),
    (
        "WrongPrimitive",
        "signed by another algorithm than the key's: InvalidSignature, or AlgorithmNotAllowed \
         when the header says so",
    ),
    ("AlgIsNone", "alg none in any case: UnsupportedAlgorithm"),
    (
        "MixedKeySet",
        "JWK set mixing oct and asymmetric keys: InvalidKey",
    ),
    ("DuplicateKid", "JWK set with a duplicate kid: InvalidKey"),
    (
        "Ambiguous",
        "not well defined by the RFCs, best practice is to reject: rejected",
    ),
];

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

fn selection_ids(sel: &[RangeInclusive<u64>]) -> BTreeSet<u64> {
    sel.iter().flat_map(|r| r.clone()).collect()
}

fn rejection_kind(table: &[(RangeInclusive<u64>, ErrorKind)], tc_id: u64) -> Option<ErrorKind> {
    table
        .iter()
        .find(|(ids, _)| ids.contains(&tc_id))
        .map(|(_, k)| *k)
}

/// Counts of one file's run.
#[derive(Debug, Default)]
struct Report {
    run: BTreeSet<u64>,
    as_labelled: usize,
    against_label: usize,
    exceptions_hit: BTreeSet<u64>,
    /// Cases by the algorithm of the group's key ("refused at import" when there is none).
    by_key: BTreeMap<String, usize>,
    /// Rejection kinds seen, for the summary.
    rejections: BTreeMap<String, usize>,
}

impl Report {
    /// Checks one outcome against the label, the named exceptions and the expected
    /// rejection kind, and counts it.
    fn record(
        &mut self,
        t: &mut Fields<'_>,
        tc_id: u64,
        key: &str,
        got: &Result<(), Error>,
        exceptions: &[Exception],
        rejections: &[(RangeInclusive<u64>, ErrorKind)],
    ) {
        let comment = t.str("comment").to_owned();
        let flags = t.req("flags").clone();
        for flag in flags.as_array().expect("flags") {
            let flag = flag.as_str().expect("flag");
            assert!(
                KNOWN_FLAGS.iter().any(|(k, _)| *k == flag),
                "{}: flag {flag} unknown to the harness",
                t.ctx()
            );
        }
        let label = t.str("result");
        let label_valid = expect_valid(t.ctx(), label);
        let exception = exceptions.iter().find(|e| e.tc_id == tc_id);
        let want_valid = exception.map_or(label_valid, |e| e.expect_valid);
        let ctx = format!(
            "{} ({comment}, flags {flags}, label {label}, key {key}{})",
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
        *self.by_key.entry(key.to_owned()).or_default() += 1;
        if let Some(k) = kind(got) {
            *self.rejections.entry(format!("{k:?}")).or_default() += 1;
        }
    }

    fn check_and_print(
        &self,
        what: &str,
        selection: &[RangeInclusive<u64>],
        exceptions: &[Exception],
        rejections: &[(RangeInclusive<u64>, ErrorKind)],
        expected: (usize, usize, usize),
    ) {
        for e in exceptions {
            println!(
                "{what}: named exception tcId {} -> {}{}: {}",
                e.tc_id,
                if e.expect_valid { "valid" } else { "invalid" },
                if e.known_issue {
                    " (known_issues.json)"
                } else {
                    " (crate limitation)"
                },
                e.reason
            );
        }
        let by_key: Vec<String> = self
            .by_key
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        let kinds: Vec<String> = self
            .rejections
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        println!("{what}: cases by group key: {}", by_key.join(", "));
        println!("{what}: rejections by kind: {}", kinds.join(", "));
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
        let table: BTreeSet<u64> = rejections.iter().flat_map(|(r, _)| r.clone()).collect();
        assert!(
            table.is_subset(&self.run),
            "{what}: rejection table entries outside the run: {:?}",
            table.difference(&self.run).collect::<Vec<_>>()
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

fn parse_jwk(ctx: &str, jwk: &Value) -> Jwk {
    Jwk::from_json(&jwk.to_string()).unwrap_or_else(|e| panic!("{ctx}: JWK parses: {e:?}"))
}

/// The algorithm a JWK is bound to: its own `alg` (`None` when the crate has no such
/// algorithm: the key is then refused by `to_verifying_key_for_own_alg`), or the table
/// entry for JWKs without `alg`.
fn bound_alg(ctx: &str, jwk: &Jwk, first_tc: u64) -> Option<Algorithm> {
    match jwk.algorithm_name() {
        Some(name) => Algorithm::from_name(name).ok(),
        None => match ALG_FOR_JWKS_WITHOUT_ALG
            .iter()
            .find(|(id, _)| *id == first_tc)
        {
            Some((_, alg)) => Some(*alg),
            None => panic!("{ctx}: JWK without alg and no table entry"),
        },
    }
}

/// A verification key from a JWK through the crate's API: a public JWK (or shared
/// secret) directly, a private asymmetric JWK as a signing key's verifying key.
fn verifying_key(ctx: &str, jwk: &Jwk, first_tc: u64) -> Result<VerifyingKey, Error> {
    let private = jwk.is_private() && jwk.key_type() != "oct";
    match (jwk.algorithm_name(), private) {
        (Some(_), false) => jwk.to_verifying_key_for_own_alg(),
        (None, false) => jwk.to_verifying_key(bound_alg(ctx, jwk, first_tc).expect("table")),
        (_, true) => {
            let alg = match bound_alg(ctx, jwk, first_tc) {
                Some(a) => a,
                // As `to_verifying_key_for_own_alg` refuses an alg it does not have.
                None => return jwk.to_verifying_key_for_own_alg(),
            };
            let key = jwk.to_signing_key(alg)?.verifying_key();
            Ok(match jwk.kid() {
                Some(kid) => key.with_kid(kid),
                None => key,
            })
        }
    }
}

/// The key a JWS group's tokens are verified with: `public` when given, else `private`.
fn jws_group_verifier(ctx: &str, group: &Value, first_tc: u64) -> Result<Verifier, Error> {
    let jwk = parse_jwk(
        ctx,
        group.get("public").unwrap_or_else(|| &group["private"]),
    );
    let key = verifying_key(ctx, &jwk, first_tc)?;
    Verifier::builder().allow(key.algorithm()).key(key).build()
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

/// Reads the top-level members of a JOSE vector file, returning its groups.
fn top_level<'a>(file: &str, doc: &'a Value, schema: &str) -> &'a Vec<Value> {
    let mut top = Fields::new(file, doc);
    assert_eq!(top.str("schema"), schema, "{file}: schema");
    let n = top.i64("numberOfTests");
    top.req("header");
    top.req("notes");
    let groups = top.req("testGroups").as_array().expect("testGroups");
    top.finish();
    let count: usize = groups
        .iter()
        .map(|g| g["tests"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        usize::try_from(n).ok(),
        Some(count),
        "{file}: numberOfTests"
    );
    groups
}

/// Reads a group's members (`type` must be `group_type`: no JWE groups), returning its
/// tests and first tcId.
fn group_members<'a>(ctx: &str, group: &'a Value, group_type: &str) -> (&'a Vec<Value>, u64) {
    let mut g = Fields::new(ctx, group);
    assert_eq!(g.str("type"), group_type, "{ctx}: group type");
    g.req("source");
    g.str("comment");
    g.opt("private");
    g.opt("public");
    let tests = g.req("tests").as_array().expect("tests");
    g.finish();
    let first = tests[0]["tcId"].as_u64().expect("tcId");
    (tests, first)
}

/// What the group key is, for the summary.
fn key_label(r: &Result<Verifier, Error>, group: &Value) -> String {
    let jwk = group.get("public").unwrap_or_else(|| &group["private"]);
    match r {
        Ok(_) => format!(
            "{} {}",
            jwk["kty"].as_str().unwrap_or("?"),
            jwk["alg"].as_str().unwrap_or("(bound by table)")
        ),
        Err(e) => format!("refused at import ({:?})", e.kind()),
    }
}

fn run_jws() -> Report {
    let doc = parse_vectors(JWS_FILE, JWS_VECTORS);
    let mut report = Report::default();
    for group in top_level(JWS_FILE, &doc, "json_web_signature_schema_v1.json") {
        let gctx = format!("{JWS_FILE} group {}", group["comment"]);
        let (tests, first_tc) = group_members(&gctx, group, "JsonWebSignature");
        let verifier = jws_group_verifier(&gctx, group, first_tc);
        let key = key_label(&verifier, group);
        for t in tests {
            let tc_id = t["tcId"].as_u64().expect("tcId");
            let mut f = Fields::new(format!("{JWS_FILE} tcId {tc_id}"), t);
            f.req("tcId");
            let jws = f.req("jws");
            let ctx = f.ctx().to_owned();
            let got = match &verifier {
                Ok(v) => v.verify_signature_only(&jws_text(&ctx, jws)).map(|_| ()),
                Err(e) => Err(e.clone()),
            };
            report.record(&mut f, tc_id, &key, &got, JWS_EXCEPTIONS, JWS_REJECTIONS);
            f.finish();
        }
    }
    report
}

/// The verifying keys of a JWK-file group: the `public` set when given, else `private`.
/// A set of public keys goes through [`JwkSet::verifying_keys`]; private keys each
/// through [`Jwk::to_signing_key`].
fn keyset_keys(ctx: &str, group: &Value, first_tc: u64) -> Result<Vec<VerifyingKey>, Error> {
    let keyset = group.get("public").unwrap_or_else(|| &group["private"]);
    let set = JwkSet::from_json(&keyset.to_string())?;
    if set
        .keys()
        .iter()
        .any(|k| k.is_private() && k.key_type() != "oct")
    {
        set.keys()
            .iter()
            .map(|k| verifying_key(ctx, k, first_tc))
            .collect()
    } else {
        set_keys(&set)
    }
}

/// JWK set -> verifying keys -> verifier allowing their algorithms -> signature check.
/// Any error anywhere counts as "rejected".
fn jwk_pipeline(keys: Result<Vec<VerifyingKey>, Error>, jws: &str) -> Result<VerifiedJws, Error> {
    let keys = keys?;
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

fn run_jwk() -> Report {
    let doc = parse_vectors(JWK_FILE, JWK_VECTORS);
    let mut report = Report::default();
    for group in top_level(JWK_FILE, &doc, "json_web_key_schema_v1.json") {
        let gctx = format!("{JWK_FILE} group {}", group["comment"]);
        let (tests, first_tc) = group_members(&gctx, group, "JsonWebKey");
        let keys = keyset_keys(&gctx, group, first_tc);
        let key = match &keys {
            Ok(k) => {
                let algs: Vec<&str> = k.iter().map(|k| k.algorithm().name()).collect();
                format!("set [{}]", algs.join(", "))
            }
            Err(e) => format!("refused at import ({:?})", e.kind()),
        };
        for t in tests {
            let tc_id = t["tcId"].as_u64().expect("tcId");
            let mut f = Fields::new(format!("{JWK_FILE} tcId {tc_id}"), t);
            f.req("tcId");
            let jws = f.str("jws");
            let got = jwk_pipeline(keys.clone(), jws).map(|_| ());
            report.record(&mut f, tc_id, &key, &got, JWK_EXCEPTIONS, JWK_REJECTIONS);
            f.finish();
        }
    }
    report
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn jws_cases_match_labels_or_named_exceptions() {
    let report = run_jws();
    // 401 run. Against the label, each by a named exception: 367, 370 (valid);
    // 346, 347, 350, 351, 372, 373 (invalid).
    report.check_and_print(
        "wycheproof json_web_signature_test.json",
        JWS_SELECTION,
        JWS_EXCEPTIONS,
        JWS_REJECTIONS,
        (401, 393, 8),
    );
}

#[test]
fn jwk_keysets_match_labels_or_named_exceptions() {
    let report = run_jwk();
    // 26 run, all as labelled.
    report.check_and_print(
        "wycheproof json_web_key_test.json",
        JWK_SELECTION,
        JWK_EXCEPTIONS,
        JWK_REJECTIONS,
        (26, 26, 0),
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

/// The group holding `tc_id` in `doc`, and that test.
fn group_and_test(doc: &Value, tc_id: u64) -> (&Value, &Value) {
    doc["testGroups"]
        .as_array()
        .expect("testGroups")
        .iter()
        .find_map(|g| {
            g["tests"]
                .as_array()?
                .iter()
                .find(|t| t["tcId"] == tc_id)
                .map(|t| (g, t))
        })
        .unwrap_or_else(|| panic!("tcId {tc_id}"))
}

/// 346/350: the RFC 7520 PS384 token is a correct signature by the group's RSA key;
/// it is refused only because the JWK binds the key to PS256.
#[test]
fn jws_346_350_signature_is_correct_but_the_jwk_binds_ps256() {
    let doc = parse_vectors(JWS_FILE, JWS_VECTORS);
    for tc_id in [346, 350] {
        let ctx = format!("{JWS_FILE} tcId {tc_id}");
        let (group, test) = group_and_test(&doc, tc_id);
        let token = test["jws"].as_str().expect("jws");
        assert_eq!(header_algs(&test["jws"]), ["PS384"], "{ctx}: header alg");
        let public = &group["public"];
        assert_eq!(public["alg"], "PS256", "{ctx}: JWK alg");
        let jwk = parse_jwk(&ctx, public);
        assert_eq!(
            kind(&jwk.to_verifying_key(Algorithm::PS384)),
            Some(KeyMismatch),
            "{ctx}: the PS256 JWK is not a PS384 key"
        );
        // The same modulus and exponent, bound to PS384 outside the JWK, verify it.
        let n = b64u_decode(&ctx, public["n"].as_str().expect("n"));
        let e = b64u_decode(&ctx, public["e"].as_str().expect("e"));
        let key = VerifyingKey::from_rsa_components(Algorithm::PS384, &n, &e)
            .unwrap_or_else(|e| panic!("{ctx}: RSA key: {e:?}"));
        let verifier = Verifier::builder()
            .allow(Algorithm::PS384)
            .key(key.with_kid(jwk.kid().expect("kid")))
            .build()
            .expect("verifier");
        assert!(
            verifier.verify_signature_only(token).is_ok(),
            "{ctx}: the signature itself is a correct PS384 signature"
        );
    }
}

/// 347/351: the RFC 7520 §4.3 ES512 token with the §3.1 P-521 key, whose JWK `alg` is
/// the unregistered "ES521". Refused in every build because of that `alg` alone
/// (KeyMismatch, by design: a JWK is bound to the algorithm it names, and "ES521" is
/// none). The signature itself is checked too: with the aws-lc-rs backend the same
/// point bound to ES512 outside the JWK verifies the token, and the private JWK gives
/// that point; with ring (no P-521) every ES512 key is UnsupportedAlgorithm.
#[test]
fn jws_347_351_es521_jwk_is_refused_but_the_es512_signature_is_correct() {
    let doc = parse_vectors(JWS_FILE, JWS_VECTORS);
    assert_eq!(
        Algorithm::from_name("ES512"),
        Ok(ES512),
        "ES512 is an algorithm name in every build"
    );
    assert_eq!(
        kind(&Algorithm::from_name("ES521")),
        Some(UnsupportedAlgorithm),
        "ES521 is not an algorithm name"
    );
    for tc_id in [347, 351] {
        let ctx = format!("{JWS_FILE} tcId {tc_id}");
        let (group, test) = group_and_test(&doc, tc_id);
        let token = test["jws"].as_str().expect("jws");
        assert_eq!(header_algs(&test["jws"]), ["ES512"], "{ctx}: header alg");
        let public = &group["public"];
        assert_eq!(public["crv"], "P-521", "{ctx}: curve");
        let jwk = parse_jwk(&ctx, public);
        assert_eq!(jwk.algorithm_name(), Some("ES521"), "{ctx}: JWK alg");
        assert_eq!(
            kind(&jwk.to_verifying_key_for_own_alg()),
            Some(KeyMismatch),
            "{ctx}: own alg ES521"
        );
        // Bound to ES512 through the JWK: its `alg` says otherwise (KeyMismatch) where the
        // backend has ES512; without it, the missing algorithm is reported first.
        let p521 = has_p521();
        assert_eq!(
            kind(&jwk.to_verifying_key(ES512)),
            Some(if p521 {
                KeyMismatch
            } else {
                UnsupportedAlgorithm
            }),
            "{ctx}: the ES521 JWK as ES512"
        );
        for alg in [ES256, Algorithm::ES384] {
            // The JWK's `alg` is checked after `kty` and `crv`: the curve is refused
            // (unsupported with ring, another curve's algorithm with aws-lc-rs).
            assert_eq!(
                kind(&jwk.to_verifying_key(alg)),
                Some(if p521 {
                    KeyMismatch
                } else {
                    UnsupportedAlgorithm
                }),
                "{ctx}: P-521 JWK as {alg}"
            );
        }
        // The point, bound to ES512 by the application (not by the JWK).
        let x = b64u_decode(&ctx, public["x"].as_str().expect("x"));
        let y = b64u_decode(&ctx, public["y"].as_str().expect("y"));
        assert_eq!((x.len(), y.len()), (66, 66), "{ctx}: P-521 coordinates");
        let point: Vec<u8> = [&[4u8][..], &x, &y].concat();
        let key = VerifyingKey::from_ec_point(ES512, &point);
        if !p521 {
            assert_eq!(
                kind(&key),
                Some(UnsupportedAlgorithm),
                "{ctx}: P-521 point as ES512 (ring)"
            );
            continue;
        }
        let key = key.unwrap_or_else(|e| panic!("{ctx}: P-521 point as ES512: {e:?}"));
        let verifier = Verifier::builder()
            .allow(ES512)
            .key(key.clone().with_kid(jwk.kid().expect("kid")))
            .build()
            .expect("verifier");
        let v = verifier
            .verify_signature_only(token)
            .unwrap_or_else(|e| panic!("{ctx}: the signature is a correct ES512 one: {e:?}"));
        assert_eq!(v.header().algorithm(), ES512, "{ctx}");
        // The group's private JWK, without its "ES521", is the ES512 signing key of
        // that point.
        let mut private = group["private"].clone();
        private.as_object_mut().expect("object").remove("alg");
        let signing = parse_jwk(&ctx, &private)
            .to_signing_key(ES512)
            .unwrap_or_else(|e| panic!("{ctx}: private JWK without alg as ES512: {e:?}"));
        assert_eq!(
            signing.verifying_key().to_spki_der().expect("spki"),
            key.to_spki_der().expect("spki"),
            "{ctx}: private JWK's public key vs the public JWK's point"
        );
    }
}

/// The private JWK of every group gives the same public key as its `public` JWK (for
/// groups where the public key imports), through `to_signing_key(alg).verifying_key()`.
/// Exceptions: [`PRIVATE_JWK_REFUSED`].
fn private_matches_public(file: &str, groups: &[(String, &Value, &Value, u64)]) -> usize {
    let mut checked = 0;
    for (ctx, private, public, first_tc) in groups {
        let public = parse_jwk(ctx, public);
        let private = parse_jwk(ctx, private);
        assert!(
            private.is_private(),
            "{ctx}: private JWK has private members"
        );
        let Ok(want) = verifying_key(ctx, &public, *first_tc) else {
            continue;
        };
        let alg = want.algorithm();
        let got = private.to_signing_key(alg).map(|k| k.verifying_key());
        match PRIVATE_JWK_REFUSED
            .iter()
            .find(|(f, id, _, _)| *f == file && id == first_tc)
        {
            Some((_, _, want_kind, why)) => {
                assert_eq!(kind(&got), Some(*want_kind), "{ctx}: {why}");
            }
            None => {
                let got = got.unwrap_or_else(|e| panic!("{ctx}: private JWK as {alg}: {e:?}"));
                assert_eq!(got.algorithm(), alg, "{ctx}: algorithm");
                assert_eq!(
                    got.to_spki_der().expect("spki"),
                    want.to_spki_der().expect("spki"),
                    "{ctx}: private JWK's public key vs public JWK"
                );
            }
        }
        checked += 1;
    }
    checked
}

/// Private JWKs the crate refuses as signing keys although their public JWK imports,
/// by file and the group's first tcId.
const PRIVATE_JWK_REFUSED: &[(&str, u64, ErrorKind, &str)] = &[(
    JWS_FILE,
    349,
    KeyMismatch,
    "key_ops is the one string \"sign, verify\", which names no operation, so it does \
     not allow \"sign\" (the public JWK's key_ops [\"verify\"] is fine)",
)];

#[test]
fn jws_private_jwks_match_public_jwks() {
    let doc = parse_vectors(JWS_FILE, JWS_VECTORS);
    let mut groups = Vec::new();
    for g in doc["testGroups"].as_array().expect("testGroups") {
        if let (Some(private), Some(public)) = (g.get("private"), g.get("public")) {
            let first = g["tests"][0]["tcId"].as_u64().expect("tcId");
            groups.push((
                format!("{JWS_FILE} group at tcId {first}"),
                private,
                public,
                first,
            ));
        }
    }
    let checked = private_matches_public(JWS_FILE, &groups);
    // Every asymmetric group has both (19); the public key imports in all but the P-521
    // groups, whose JWK alg is "ES521" (347, 351: in every build; their ES512 key is
    // compared in `jws_347_351_*`), and the encryption-key groups (353-356).
    assert_eq!(
        (groups.len(), checked),
        (19, 13),
        "{JWS_FILE}: groups checked"
    );
}

#[test]
fn jwk_private_jwks_match_public_jwks() {
    let doc = parse_vectors(JWK_FILE, JWK_VECTORS);
    let mut groups = Vec::new();
    for g in doc["testGroups"].as_array().expect("testGroups") {
        if let (Some(private), Some(public)) = (g.get("private"), g.get("public")) {
            let first = g["tests"][0]["tcId"].as_u64().expect("tcId");
            let (private, public) = (&private["keys"], &public["keys"]);
            assert_eq!(
                private.as_array().map(Vec::len),
                public.as_array().map(Vec::len),
                "{JWK_FILE} tcId {first}: key counts"
            );
            for (i, (pr, pu)) in private
                .as_array()
                .expect("keys")
                .iter()
                .zip(public.as_array().expect("keys"))
                .enumerate()
            {
                groups.push((format!("{JWK_FILE} tcId {first} key {i}"), pr, pu, first));
            }
        }
    }
    let checked = private_matches_public(JWK_FILE, &groups);
    // Keys in both forms: tcIds 5-9, 19-24; the public key imports for 5 only (7 is the
    // ROCA key).
    assert_eq!((groups.len(), checked), (11, 1), "{JWK_FILE}: keys checked");
}

/// tcId 347's P-521 public JWK with its `alg` changed to the registered `"ES512"`: a
/// real JWS algorithm. With aws-lc-rs it imports (alone and in a set) and verifies the
/// tcId 347 token; with ring, which lacks P-521, it is `UnsupportedAlgorithm` (as from
/// the curve checks), not the `KeyMismatch` that the vector's unregistered `"ES521"`
/// gets.
#[test]
fn jws_tc347_p521_jwk_with_alg_es512_depends_on_the_backend() {
    let doc = parse_vectors(JWS_FILE, JWS_VECTORS);
    let (group, test) = group_and_test(&doc, 347);
    let token = test["jws"].as_str().expect("jws");
    let mut public = group["public"].clone();
    assert_eq!(public["crv"], "P-521", "{JWS_FILE} tcId 347: curve");
    public["alg"] = Value::String("ES512".into());
    let jwk = parse_jwk("tcId 347 (alg ES512)", &public);
    let set = serde_json::json!({ "keys": [public] }).to_string();
    let from_set = JwkSet::from_json(&set).and_then(|s| set_keys(&s));
    if !has_p521() {
        assert_eq!(
            kind(&jwk.to_verifying_key_for_own_alg()),
            Some(UnsupportedAlgorithm),
            "tcId 347 (alg ES512), ring"
        );
        assert_eq!(
            kind(&from_set),
            Some(UnsupportedAlgorithm),
            "tcId 347 (alg ES512) in a set, ring"
        );
        return;
    }
    let key = jwk
        .to_verifying_key_for_own_alg()
        .unwrap_or_else(|e| panic!("tcId 347 (alg ES512): {e:?}"));
    assert_eq!(key.algorithm(), ES512, "tcId 347 (alg ES512)");
    let keys = from_set.unwrap_or_else(|e| panic!("tcId 347 (alg ES512) in a set: {e:?}"));
    assert_eq!(
        keys.iter().map(VerifyingKey::algorithm).collect::<Vec<_>>(),
        [ES512],
        "tcId 347 (alg ES512) in a set: one ES512 binding"
    );
    for k in [key, keys[0].clone()] {
        let v = Verifier::builder()
            .allow(ES512)
            .key(k)
            .build()
            .expect("verifier");
        assert!(
            v.verify_signature_only(token).is_ok(),
            "tcId 347 (alg ES512): the token verifies"
        );
    }
}

/// Whether this build has ES512 (P-521): the `aws-lc-rs` feature, whose backend serves
/// every algorithm when it is on. `Backend::ACTIVE` must agree with the features.
fn has_p521() -> bool {
    let aws = cfg!(feature = "aws-lc-rs");
    let want = if aws { Backend::AwsLcRs } else { Backend::Ring };
    assert_eq!(Backend::ACTIVE, want, "the backend the features choose");
    assert_eq!(
        Backend::ACTIVE.supports(ES512),
        aws,
        "ES512 support of {:?}",
        Backend::ACTIVE
    );
    aws
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
        group_and_test(&doc, id).1["jws"]
            .as_str()
            .unwrap_or_else(|| panic!("tcId {id}"))
            .to_owned()
    };
    let t357 = jws_of(357);
    assert_eq!(jws_of(367), t357, "tcId 367 vs 357 (C2SP/wycheproof#236)");
    assert_eq!(jws_of(370), t357, "tcId 370 vs 357 (C2SP/wycheproof#236)");
}

/// Every tcId of `file`.
fn all_ids(file: &str, text: &str) -> BTreeSet<u64> {
    let doc = parse_vectors(file, text);
    doc["testGroups"]
        .as_array()
        .expect("testGroups")
        .iter()
        .flat_map(|g| g["tests"].as_array().expect("tests"))
        .map(|t| t["tcId"].as_u64().expect("tcId"))
        .collect()
}

#[test]
fn jws_selection_is_every_case() {
    assert_eq!(
        all_ids(JWS_FILE, JWS_VECTORS),
        selection_ids(JWS_SELECTION),
        "{JWS_FILE}: the file's cases vs the selection"
    );
}

#[test]
fn jwk_selection_is_every_case() {
    assert_eq!(
        all_ids(JWK_FILE, JWK_VECTORS),
        selection_ids(JWK_SELECTION),
        "{JWK_FILE}: the file's cases vs the selection"
    );
}

#[test]
fn rejection_tables_do_not_overlap() {
    for (file, table) in [(JWS_FILE, JWS_REJECTIONS), (JWK_FILE, JWK_REJECTIONS)] {
        let mut seen = BTreeSet::new();
        for (ids, _) in table {
            assert!(!ids.is_empty(), "{file}: empty range {ids:?}");
            for id in ids.clone() {
                assert!(seen.insert(id), "{file}: tcId {id} in two table entries");
            }
        }
    }
}

#[test]
fn every_flag_is_known_to_the_harness() {
    let mut used = BTreeSet::new();
    for (file, text) in [(JWS_FILE, JWS_VECTORS), (JWK_FILE, JWK_VECTORS)] {
        let doc = parse_vectors(file, text);
        for g in doc["testGroups"].as_array().expect("testGroups") {
            for t in g["tests"].as_array().expect("tests") {
                for flag in t["flags"].as_array().expect("flags") {
                    let flag = flag.as_str().expect("flag");
                    assert!(
                        KNOWN_FLAGS.iter().any(|(k, _)| *k == flag),
                        "{file} tcId {}: flag {flag} is unknown to the harness",
                        t["tcId"]
                    );
                    assert!(
                        doc["notes"].get(flag).is_some(),
                        "{file}: flag {flag} is not described in the file's notes"
                    );
                    used.insert(flag.to_owned());
                }
            }
        }
    }
    let known: BTreeSet<String> = KNOWN_FLAGS.iter().map(|(k, _)| (*k).to_owned()).collect();
    assert_eq!(
        known, used,
        "KNOWN_FLAGS lists exactly the flags the files use"
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
fn named_exceptions_are_exactly_the_known_issues_plus_named_limitations() {
    for (file, selection, exceptions) in [
        (JWS_FILE, JWS_SELECTION, JWS_EXCEPTIONS),
        (JWK_FILE, JWK_SELECTION, JWK_EXCEPTIONS),
    ] {
        let selection = selection_ids(selection);
        let known: BTreeSet<u64> = known_issue_ids(file)
            .into_iter()
            .filter(|id| selection.contains(id))
            .collect();
        let named_known: BTreeSet<u64> = exceptions
            .iter()
            .filter(|e| e.known_issue)
            .map(|e| e.tc_id)
            .collect();
        assert_eq!(
            named_known, known,
            "{file}: named exceptions marked known_issue vs known_issues.json"
        );
        for e in exceptions.iter().filter(|e| !e.known_issue) {
            assert!(
                !known.contains(&e.tc_id),
                "{file}: tcId {} is in known_issues.json; mark it so",
                e.tc_id
            );
        }
        let all: BTreeSet<u64> = exceptions.iter().map(|e| e.tc_id).collect();
        assert_eq!(all.len(), exceptions.len(), "{file}: duplicate exception");
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
        let digest = reference::digest::digest(&reference::digest::SHA256, text.as_bytes());
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
