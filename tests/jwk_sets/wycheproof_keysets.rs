//! Every case of Wycheproof `json_web_key_test.json` through `JwkSet` ->
//! `Verifier::key_set` (`tests/wycheproof/` runs the same file through single keys).

use crate::common::{Fields, expect_valid, kind, parse_vectors};
use crate::helpers::*;
use serde_json::Value;
use std::collections::BTreeSet;
use strict_jwt::ErrorKind::{
    Configuration, IncompatibleKey, InvalidKey, InvalidSignature, WeakKey,
};
use strict_jwt::{
    Algorithm, Error, ErrorKind, JwkSet, ThumbprintHash, UntrustedToken, VerifyingKey,
};

/// Why each rejected case is rejected on this path. Same reasoning as
/// `tests/wycheproof/` `JWK_REJECTIONS` (there through single keys); here a key the
/// set cannot use is skipped, and the reason reported is the skipped key's.
const KEYSET_REJECTIONS: &[(u64, ErrorKind)] = &[
    (1, InvalidKey),       // keyset mixes symmetric and asymmetric keys: fatal at import
    (3, InvalidSignature), // modified signature
    // Duplicate kid: fatal at import (set-level checks come before the second key's
    // non-canonical `k`, see tests/wycheproof/ `jwk_tc4_*`).
    (4, InvalidKey),
    (6, IncompatibleKey), // JWK alg "RSA1_5" (and use "enc"): not a JWS algorithm
    (7, WeakKey),         // RSA modulus with the ROCA fingerprint (CVE-2017-15361)
    (8, WeakKey),         // 1024-bit RSA modulus (RFC 7518 3.3: at least 2048)
    (9, WeakKey),         // RSA public exponent 1
    (10, WeakKey),        // 31-byte HS256 key
    (11, WeakKey),        // 47-byte HS384 key
    (12, WeakKey),        // 63-byte HS512 key
    (16, WeakKey),        // empty HS256 key
    (17, WeakKey),        // empty HS384 key
    (18, WeakKey),        // empty HS512 key
    (19, IncompatibleKey), // P-256 key with alg "ES521": not a JWS algorithm name
    (20, IncompatibleKey), // P-256 key with alg "ES224": not a JWS algorithm name
    (21, IncompatibleKey), // use "enc"
    (22, InvalidKey),     // point not on P-256
    (23, IncompatibleKey), // crv "P-384" for alg ES256
    (24, IncompatibleKey), // kty "RSA" for alg ES256
    (25, IncompatibleKey), // oct key with alg A256GCM
    (26, IncompatibleKey), // oct key with alg A256KW
];

/// No case of this file needs an exception on this path (`known_issues.json` lists
/// none for it; tests/wycheproof/ has no JWK exception either).
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
