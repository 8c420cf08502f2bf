//! Checks of the harness itself: parameter classification, keys bound to another
//! curve's algorithm, the embedded files against SOURCE.json, known issues.

use super::harness::*;
use super::key_forms::*;
use super::*;

#[test]
fn parameters_that_no_jws_algorithm_has_are_not_applicable() {
    let pss = |sha, mgf_sha, s_len| Params {
        kind: "RsassaPssVerify",
        sha: Some(sha),
        mgf: Some("MGF1"),
        mgf_sha: Some(mgf_sha),
        s_len: Some(s_len),
        ..Params::default()
    };
    assert_eq!(
        classify(&pss("SHA-256", "SHA-256", 32)),
        JwsMatch::Alg(Algorithm::PS256)
    );
    assert_eq!(
        classify(&pss("SHA-512", "SHA-512", 64)),
        JwsMatch::Alg(Algorithm::PS512)
    );
    for (p, why) in [
        (pss("SHA-256", "SHA-384", 32), "MGF1 with"),
        (pss("SHA-256", "SHA-256", 0), "salt"),
        (pss("SHA-384", "SHA-384", 32), "salt"),
        (pss("SHA-224", "SHA-224", 28), "SHA-256/384/512 only"),
        (
            Params {
                mgf: Some("SHAKE128"),
                ..pss("SHA-256", "SHA-256", 32)
            },
            "MGF1",
        ),
        (
            Params {
                kind: "EcdsaP1363Verify",
                curve: Some("secp256r1"),
                sha: Some("SHA-512"),
                ..Params::default()
            },
            "JWS pairs",
        ),
        (
            Params {
                kind: "EcdsaP1363Verify",
                curve: Some("secp256k1"),
                sha: Some("SHA-512"),
                ..Params::default()
            },
            "JWS pairs",
        ),
        (
            Params {
                kind: "EcdsaP1363Verify",
                curve: Some("secp521r1"),
                sha: Some("SHA-256"),
                ..Params::default()
            },
            "JWS pairs",
        ),
        (
            Params {
                kind: "RsassaPkcs1Verify",
                sha: Some("SHA-1"),
                ..Params::default()
            },
            "SHA-256/384/512 only",
        ),
    ] {
        match classify(&p) {
            JwsMatch::NotApplicable(reason) => {
                assert!(reason.contains(why), "{p:?}: reason {reason:?}");
            }
            other => panic!("{p:?}: expected not applicable, got {other:?}"),
        }
    }
    let ecdsa = |curve, sha| Params {
        kind: "EcdsaP1363Verify",
        curve: Some(curve),
        sha: Some(sha),
        ..Params::default()
    };
    // ES512 and ES256K are JWS algorithms (RFC 7518 3.4, RFC 8812 3.2), in every build;
    // whether the backend has them is decided at import (IMPORT_REFUSALS).
    assert_eq!(
        classify(&ecdsa("secp521r1", "SHA-512")),
        JwsMatch::Alg(Algorithm::ES512)
    );
    assert_eq!(
        classify(&ecdsa("secp256k1", "SHA-256")),
        JwsMatch::Alg(Algorithm::ES256K)
    );
    assert_eq!(
        classify(&Params {
            kind: "EddsaVerify",
            curve: Some("edwards448"),
            ..Params::default()
        }),
        JwsMatch::Unimplemented("Ed448")
    );
    assert_eq!(
        kind(&Algorithm::from_name("Ed448")),
        Some(UnsupportedAlgorithm),
        "Ed448 is in no backend"
    );
}

/// A key on one curve bound to another curve's ECDSA algorithm is refused, in every
/// form that names its curve (JWK, SPKI DER, PEM), for every group of the four ECDSA
/// files: as `IncompatibleKey` when the backend has the key's curve, as
/// `UnsupportedKey` when it does not (ring and P-521 or secp256k1: the curve is
/// the problem, whatever it is bound to).
#[test]
fn ecdsa_keys_bound_to_another_curves_algorithm_are_refused() {
    use Algorithm::{ES256, ES256K, ES384, ES512};
    let files = [
        ("ecdsa_secp256r1_sha256_p1363_test.json", ES256),
        ("ecdsa_secp384r1_sha384_p1363_test.json", ES384),
        ("ecdsa_secp521r1_sha512_p1363_test.json", ES512),
        ("ecdsa_secp256k1_sha256_p1363_test.json", ES256K),
    ];
    let mut checked = BTreeMap::<&str, usize>::new();
    for (name, own) in files {
        let doc = parse_vectors(name, file_by_name(name).text);
        for (gi, group) in doc["testGroups"]
            .as_array()
            .expect("testGroups")
            .iter()
            .enumerate()
        {
            let gctx = format!("{name} group {gi}");
            for other in [ES256, ES384, ES512, ES256K]
                .into_iter()
                .filter(|a| *a != own)
            {
                // An algorithm (or a key's curve) the backend lacks is reported first.
                let want = if backend_has(own) && backend_has(other) {
                    IncompatibleKey
                } else {
                    UnsupportedKey
                };
                let mut forms = vec![
                    der_form(&gctx, other, group["publicKeyDer"].as_str().expect("DER")),
                    pem_form(other, group["publicKeyPem"].as_str().expect("PEM")),
                ];
                if let Some(jwk) = group.get("publicKeyJwk") {
                    forms.push(jwk_form("publicKeyJwk", other, jwk));
                }
                for form in forms {
                    assert_eq!(
                        kind(&form.key),
                        Some(want),
                        "{gctx}: {} bound to {other}",
                        form.name
                    );
                    *checked.entry(name).or_default() += 1;
                }
            }
        }
    }
    println!(
        "ECDSA keys bound to another curve's algorithm, refused (imports checked): {checked:?}"
    );
    assert_eq!(checked.len(), 4, "every ECDSA file");
}

/// Every signature-verification file of the collection (per SOURCE.json) is embedded and
/// run, and each copy is unmodified.
#[test]
fn signature_vector_files_match_source_json() {
    let source = parse_vectors("SOURCE.json", SOURCE);
    let entries = source["files"].as_array().expect("files");
    let signature_schemas = [
        "ecdsa_p1363_verify_schema_v1.json",
        "eddsa_verify_schema_v1.json",
        "rsassa_pkcs1_verify_schema_v1.json",
        "rsassa_pss_verify_schema_v1.json",
    ];
    let listed: BTreeSet<String> = entries
        .iter()
        .filter(|e| signature_schemas.iter().any(|s| e["schema"] == *s))
        .map(|e| {
            e["path"]
                .as_str()
                .and_then(|p| p.strip_prefix("testvectors_v1/"))
                .expect("path")
                .to_owned()
        })
        .collect();
    let embedded: BTreeSet<String> = FILES.iter().map(|f| f.name.to_owned()).collect();
    assert_eq!(
        embedded, listed,
        "the signature files embedded here vs SOURCE.json"
    );
    for file in FILES {
        let entry = entries
            .iter()
            .find(|e| e["path"] == format!("testvectors_v1/{}", file.name))
            .expect("entry");
        assert_eq!(
            entry["sha256"],
            sha256_hex(file.text.as_bytes()).as_str(),
            "{}: unmodified copy (sha256)",
            file.name
        );
        assert_eq!(entry["bytes"], file.text.len(), "{}: size", file.name);
        let doc = parse_vectors(file.name, file.text);
        let mut results: BTreeMap<String, usize> = BTreeMap::new();
        let mut n = 0;
        for g in doc["testGroups"].as_array().expect("testGroups") {
            for t in g["tests"].as_array().expect("tests") {
                n += 1;
                *results
                    .entry(t["result"].as_str().expect("result").to_owned())
                    .or_default() += 1;
            }
        }
        assert_eq!(doc["numberOfTests"], n, "{}: numberOfTests", file.name);
        assert_eq!(
            entry["numberOfTests"], n,
            "{}: SOURCE.json numberOfTests",
            file.name
        );
        assert_eq!(
            entry["groups"],
            doc["testGroups"].as_array().map_or(0, Vec::len),
            "{}: SOURCE.json groups",
            file.name
        );
        let want: BTreeMap<String, usize> = entry["results"]
            .as_object()
            .expect("results")
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    usize::try_from(v.as_u64().expect("count")).expect("count"),
                )
            })
            .collect();
        assert_eq!(results, want, "{}: SOURCE.json results", file.name);
    }
}

/// `*` matches any run of characters (the only wildcard known_issues.json uses).
fn glob_match(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, tail)) => name.strip_prefix(head).is_some_and(|rest| {
            (0..=rest.len()).any(|i| rest.is_char_boundary(i) && glob_match(tail, &rest[i..]))
        }),
    }
}

/// The known_issues.json entries about these files hold, and the harness follows them:
/// tcId 8 of each PKCS#1 file is the one `acceptable` MissingNull case (decided: reject),
/// and nine groups of each ECDSA file have no `publicKeyJwk` (their JWK is built from
/// `wx`/`wy`).
#[test]
fn known_issues_for_signature_files_hold() {
    let doc = parse_vectors("known_issues.json", KNOWN_ISSUES);
    let mut matched = 0;
    for e in doc["entries"].as_array().expect("entries") {
        let pattern = e["file"]
            .as_str()
            .and_then(|p| p.strip_prefix("testvectors_v1/"))
            .expect("file");
        let files: Vec<&VectorFile> = FILES
            .iter()
            .filter(|f| glob_match(pattern, f.name))
            .collect();
        if files.is_empty() {
            continue;
        }
        matched += 1;
        for file in files {
            let v = parse_vectors(file.name, file.text);
            let groups = v["testGroups"].as_array().expect("testGroups");
            match (&e["tcIds"], e["kind"].as_str()) {
                (Value::Array(ids), Some("acceptable")) => {
                    let ids: BTreeSet<u64> = ids.iter().filter_map(Value::as_u64).collect();
                    let acceptable: BTreeSet<u64> = groups
                        .iter()
                        .flat_map(|g| g["tests"].as_array().expect("tests"))
                        .filter(|t| t["result"] == "acceptable")
                        .map(|t| {
                            let flags = t["flags"].as_array().expect("flags");
                            assert!(
                                flags.iter().any(|f| f == "MissingNull"),
                                "{}: acceptable tcId {} is MissingNull",
                                file.name,
                                t["tcId"]
                            );
                            t["tcId"].as_u64().expect("tcId")
                        })
                        .collect();
                    assert_eq!(
                        acceptable, ids,
                        "{}: acceptable cases vs known_issues",
                        file.name
                    );
                    let (_, accept, _) = ACCEPTABLE_POLICY
                        .iter()
                        .find(|(f, _, _)| *f == "MissingNull")
                        .expect("MissingNull policy");
                    assert!(!accept, "known_issues recommends rejecting MissingNull");
                }
                (Value::String(s), Some("format")) if s.contains("without publicKeyJwk") => {
                    let n: usize = s
                        .split_once('(')
                        .and_then(|(_, r)| r.split_whitespace().next())
                        .and_then(|n| n.parse().ok())
                        .expect("count in known_issues");
                    let without = groups
                        .iter()
                        .filter(|g| g.get("publicKeyJwk").is_none())
                        .count();
                    assert_eq!(without, n, "{}: groups without publicKeyJwk", file.name);
                }
                other => panic!("known_issues entry for {pattern} not handled: {other:?}"),
            }
        }
    }
    assert_eq!(
        matched, 2,
        "known_issues.json entries about signature files"
    );
}

#[test]
fn glob_matching_is_exact_apart_from_stars() {
    assert!(glob_match(
        "rsa_signature_*_test.json",
        "rsa_signature_2048_sha256_test.json"
    ));
    assert!(glob_match(
        "ecdsa_secp*_p1363_test.json",
        "ecdsa_secp384r1_sha384_p1363_test.json"
    ));
    assert!(!glob_match(
        "rsa_signature_*_test.json",
        "rsa_pss_2048_sha256_mgf1_32_test.json"
    ));
    assert!(!glob_match("a", "ab"));
    assert!(glob_match("*", ""));
}
