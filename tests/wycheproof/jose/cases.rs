//! The two runs as tests, then each named exception and harness check on its own.

use super::harness::*;
use super::*;

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
        Some(IncompatibleKey),
        "{ctx}"
    );
    // And for the other HMAC algorithms too.
    for alg in [Algorithm::HS384, Algorithm::HS512] {
        assert_eq!(
            kind(&symmetric_confusion(ctx, group, alg)),
            Some(IncompatibleKey),
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
            Some(IncompatibleKey),
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
/// (IncompatibleKey, by design: a JWK is bound to the algorithm it names, and "ES521" is
/// none). The signature itself is checked too: with the aws-lc-rs backend the same
/// point bound to ES512 outside the JWK verifies the token, and the private JWK gives
/// that point; with ring (no P-521) every ES512 key is UnsupportedKey.
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
            Some(IncompatibleKey),
            "{ctx}: own alg ES521"
        );
        // Bound to ES512 through the JWK: its `alg` says otherwise (IncompatibleKey) where the
        // backend has ES512; without it, the missing algorithm is reported first.
        let p521 = has_p521();
        assert_eq!(
            kind(&jwk.to_verifying_key(ES512)),
            Some(if p521 {
                IncompatibleKey
            } else {
                UnsupportedKey
            }),
            "{ctx}: the ES521 JWK as ES512"
        );
        for alg in [ES256, Algorithm::ES384] {
            // The JWK's `alg` is checked after `kty` and `crv`: the curve is refused
            // (unsupported with ring, another curve's algorithm with aws-lc-rs).
            assert_eq!(
                kind(&jwk.to_verifying_key(alg)),
                Some(if p521 {
                    IncompatibleKey
                } else {
                    UnsupportedKey
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
                Some(UnsupportedKey),
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
    IncompatibleKey,
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
/// tcId 347 token; with ring, which lacks P-521, it is `UnsupportedKey` (as from
/// the curve checks), not the `IncompatibleKey` that the vector's unregistered `"ES521"`
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
            Some(UnsupportedKey),
            "tcId 347 (alg ES512), ring"
        );
        assert_eq!(
            kind(&from_set),
            Some(UnsupportedKey),
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
        Some(InvalidKey),
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
        let hex = hex_encode(digest.as_ref());
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
