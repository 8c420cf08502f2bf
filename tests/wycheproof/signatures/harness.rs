//! Small helpers, the run of one file, and the checks of its report.

use super::key_forms::*;
use super::*;

/// A big-endian integer without its leading zero bytes (DER's sign byte, hex padding).
pub(crate) fn magnitude(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// A magnitude left-padded with zeros to `len` bytes.
pub(crate) fn left_pad(ctx: &str, bytes: &[u8], len: usize) -> Vec<u8> {
    let m = magnitude(bytes);
    assert!(
        m.len() <= len,
        "{ctx}: {} bytes do not fit in {len}",
        m.len()
    );
    let mut out = vec![0; len - m.len()];
    out.extend_from_slice(m);
    out
}

pub(crate) fn file_by_name(name: &str) -> &'static VectorFile {
    FILES
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name}: not embedded"))
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let d = reference::digest::digest(&reference::digest::SHA256, bytes);
    hex_encode(d.as_ref())
}

/// Whether `VerifyingKey::from_pem` parses PEM at all yet (it is being written; until
/// then it refuses everything as `InvalidKey`). Decided once, on the first group of the
/// P-256 file: from then on, PEM must either agree with DER for every key, or (stub)
/// be refused as `InvalidKey` for every key. Anything in between fails.
pub(crate) fn pem_parser_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let doc = parse_vectors(
            "ecdsa_secp256r1_sha256_p1363_test.json",
            file_by_name("ecdsa_secp256r1_sha256_p1363_test.json").text,
        );
        let pem = doc["testGroups"][0]["publicKeyPem"]
            .as_str()
            .expect("publicKeyPem");
        match VerifyingKey::from_pem(Algorithm::ES256, pem) {
            Ok(_) => true,
            Err(e) if e.kind() == ErrorKind::InvalidKey => false,
            Err(e) => panic!("from_pem on a plain P-256 PUBLIC KEY: {e:?}"),
        }
    })
}

/// Counts of one file.
#[derive(Default)]
pub(crate) struct Report {
    pub(crate) alg: BTreeSet<String>,
    pub(crate) groups: usize,
    pub(crate) run: BTreeSet<u64>,
    /// `valid` verified, `invalid` refused with `InvalidSignature`.
    pub(crate) as_labelled: usize,
    /// Of `as_labelled`: the `valid` cases verified and the `invalid` ones refused.
    pub(crate) valid_verified: usize,
    pub(crate) invalid_rejected: usize,
    /// `acceptable` cases, by the policy that decided them.
    pub(crate) acceptable: BTreeMap<&'static str, usize>,
    /// Cases of groups refused at import, by reason: (cases, of which labelled valid).
    pub(crate) refused_at_import: BTreeMap<&'static str, (usize, usize)>,
    /// Cases of groups whose parameters no JWS algorithm has, by reason.
    pub(crate) not_applicable: BTreeMap<String, usize>,
    /// Entries of `LIBRARY_BUGS_FAILING_FOR_NOW` that failed as described.
    pub(crate) failing_for_now: BTreeSet<u64>,
    /// Key forms that imported (and agreed), by form name: groups.
    pub(crate) forms_agreeing: BTreeMap<&'static str, usize>,
    /// Groups whose PEM form was skipped because from_pem is not available yet.
    pub(crate) pem_unavailable: usize,
    /// Everything that is not explained: the run fails if non-empty.
    pub(crate) mismatches: Vec<String>,
}

pub(crate) type Outcome = Result<(), ErrorKind>;

pub(crate) fn outcome(r: &Result<(), Error>) -> Outcome {
    r.as_ref().map(|_| ()).map_err(Error::kind)
}

/// The expected outcome of one case from its label and flags; `Err` names the policy
/// that decided an `acceptable` case.
pub(crate) fn expected(ctx: &str, label: &str, flags: &[&str]) -> (Outcome, Option<&'static str>) {
    match label {
        "valid" => (Ok(()), None),
        "invalid" => (Err(InvalidSignature), None),
        "acceptable" => {
            let decisions: Vec<_> = ACCEPTABLE_POLICY
                .iter()
                .filter(|(flag, _, _)| flags.contains(flag))
                .collect();
            let [(flag, accept, _)] = decisions.as_slice() else {
                panic!(
                    "{ctx}: acceptable case with flags {flags:?} needs exactly one policy decision, got {decisions:?}"
                )
            };
            let want = if *accept {
                Ok(())
            } else {
                Err(InvalidSignature)
            };
            (want, Some(*flag))
        }
        other => panic!("{ctx}: unknown result label {other:?}"),
    }
}

pub(crate) fn run_file(file: &VectorFile) -> Report {
    let name = file.name;
    let doc = parse_vectors(name, file.text);
    let mut top = Fields::new(name, &doc);
    let algorithm = top.str("algorithm");
    let schema = top.str("schema");
    let number_of_tests = top.i64("numberOfTests");
    top.req("header");
    let notes = top.req("notes");
    let groups = top.req("testGroups").as_array().expect("testGroups");
    top.finish();
    let mut r = Report::default();
    for (gi, group) in groups.iter().enumerate() {
        let gctx = format!("{name} group {gi}");
        let mut g = Fields::new(gctx.clone(), group);
        g.req("source");
        let kind_ = g.str("type");
        let (expected_schema, expected_algorithm) = match kind_ {
            "EcdsaP1363Verify" => ("ecdsa_p1363_verify_schema_v1.json", "ECDSA"),
            "EddsaVerify" => ("eddsa_verify_schema_v1.json", "EDDSA"),
            "RsassaPkcs1Verify" => ("rsassa_pkcs1_verify_schema_v1.json", "RSASSA-PKCS1-v1_5"),
            "RsassaPssVerify" => ("rsassa_pss_verify_schema_v1.json", "RSASSA-PSS"),
            other => panic!("{gctx}: unknown group type {other}"),
        };
        assert_eq!(schema, expected_schema, "{gctx}: schema vs group type");
        assert_eq!(
            algorithm, expected_algorithm,
            "{gctx}: algorithm vs group type"
        );
        let curve = group["publicKey"]["curve"].as_str();
        let params = Params {
            kind: kind_,
            curve,
            sha: g.opt("sha").map(|v| v.as_str().expect("sha")),
            mgf: g.opt("mgf").map(|v| v.as_str().expect("mgf")),
            mgf_sha: g.opt("mgfSha").map(|v| v.as_str().expect("mgfSha")),
            s_len: g.opt("sLen").map(|v| v.as_i64().expect("sLen")),
        };
        let jws = classify(&params);
        let forms = match &jws {
            JwsMatch::Alg(alg) => {
                r.alg.insert(alg.name().to_owned());
                match kind_ {
                    "EcdsaP1363Verify" => ecdsa_forms(&gctx, &mut g, *alg, true),
                    "EddsaVerify" => ed25519_forms(&gctx, &mut g, *alg),
                    "RsassaPkcs1Verify" => rsa_forms(&gctx, &mut g, *alg, "keyJwk"),
                    _ => rsa_forms(&gctx, &mut g, *alg, "publicKeyJwk"),
                }
            }
            JwsMatch::Unimplemented(name) => {
                // No backend has it, so the application cannot name it; no embedded file
                // is of such an algorithm (a new one needs a harness decision first).
                assert_eq!(
                    kind(&Algorithm::from_name(name)),
                    Some(UnsupportedAlgorithm),
                    "{gctx}: {name} is not an Algorithm"
                );
                panic!("{gctx}: {name} is in no backend; decide how to run this file")
            }
            JwsMatch::NotApplicable(_) => {
                // Nothing is imported; the key members are not looked at.
                for m in [
                    "publicKey",
                    "publicKeyDer",
                    "publicKeyPem",
                    "publicKeyJwk",
                    "keyJwk",
                    "publicKeyAsn",
                    "keySize",
                ] {
                    g.opt(m);
                }
                Vec::new()
            }
        };
        let tests = g.req("tests").as_array().expect("tests");
        g.finish();
        r.groups += 1;

        // Import: all forms agree, or all refuse alike.
        let pem_ok = pem_parser_available();
        let mut usable: Vec<&Form> = Vec::new();
        for form in &forms {
            if form.name == "publicKeyPem" && !pem_ok {
                if kind(&form.key) == Some(ErrorKind::InvalidKey) {
                    r.pem_unavailable += 1;
                } else {
                    r.mismatches.push(format!(
                        "{gctx}: from_pem is a stub elsewhere but gave {:?} here",
                        form.key.as_ref().map(|_| ())
                    ));
                }
                continue;
            }
            usable.push(form);
        }
        let refusal = active_refusal(name);
        let refused: Vec<&&Form> = usable.iter().filter(|f| f.key.is_err()).collect();
        let import_error = if refused.is_empty() {
            let spki: Vec<(&str, Vec<u8>)> = usable
                .iter()
                .map(|f| {
                    let key = f.key.as_ref().expect("imported");
                    assert_eq!(key.algorithm(), f.alg, "{gctx}: {} algorithm", f.name);
                    (f.name, key.to_spki_der().expect("public key has SPKI"))
                })
                .collect();
            for (form, der) in &spki {
                if der != &spki[0].1 {
                    r.mismatches.push(format!(
                        "{gctx}: form {form} gives another key than {}",
                        spki[0].0
                    ));
                }
                *r.forms_agreeing.entry(form).or_default() += 1;
            }
            if let Some(x) = refusal {
                r.mismatches.push(format!(
                    "{gctx}: imported although IMPORT_REFUSALS says {:?}",
                    x.kind
                ));
            }
            None
        } else {
            let kinds: Vec<(&str, Option<ErrorKind>)> =
                usable.iter().map(|f| (f.name, kind(&f.key))).collect();
            match refusal {
                Some(x) if kinds.iter().all(|(_, k)| *k == Some(x.kind)) => Some(x),
                _ => {
                    r.mismatches.push(format!(
                        "{gctx}: key forms refused without an explanation (or not alike): {kinds:?}"
                    ));
                    None
                }
            }
        };

        for t in tests {
            let tc_id = t["tcId"].as_u64().expect("tcId");
            let ctx = format!("{name} tcId {tc_id}");
            let mut f = Fields::new(ctx.clone(), t);
            f.req("tcId");
            let comment = f.str("comment").to_owned();
            let label = f.str("result");
            let flags: Vec<&str> = f
                .req("flags")
                .as_array()
                .expect("flags")
                .iter()
                .map(|v| v.as_str().expect("flag"))
                .collect();
            for flag in &flags {
                assert!(
                    KNOWN_FLAGS.iter().any(|(k, _)| k == flag),
                    "{ctx}: flag {flag} unknown to the harness"
                );
                assert!(
                    notes.get(*flag).is_some(),
                    "{ctx}: flag {flag} not in the file's notes"
                );
            }
            let msg = hex_decode(&ctx, f.str("msg"));
            let sig = hex_decode(&ctx, f.str("sig"));
            f.finish();
            assert!(r.run.insert(tc_id), "{ctx}: tcId twice");
            let ctx = format!("{ctx} ({comment}, flags {flags:?}, label {label})");

            if let JwsMatch::NotApplicable(why) = &jws {
                *r.not_applicable.entry(why.clone()).or_default() += 1;
                continue;
            }
            if let Some(x) = import_error {
                let e = r.refused_at_import.entry(x.reason).or_default();
                e.0 += 1;
                e.1 += usize::from(label == "valid");
                continue;
            }
            if !refused.is_empty() {
                continue; // already a mismatch for the whole group
            }
            let (want, policy) = expected(&ctx, label, &flags);
            let mut got: Option<Outcome> = None;
            for form in &usable {
                let key = form.key.as_ref().expect("imported");
                let o = outcome(&verify_raw(key, &msg, &sig));
                match got {
                    None => got = Some(o),
                    Some(first) if first != o => r.mismatches.push(format!(
                        "{ctx}: form {} gives {o:?}, {} gave {first:?}",
                        form.name, usable[0].name
                    )),
                    Some(_) => {}
                }
            }
            let got = got.expect("at least one key form");
            let bug = LIBRARY_BUGS_FAILING_FOR_NOW
                .iter()
                .find(|(file, id, _, _)| *file == name && *id == tc_id);
            match (got == want, bug) {
                (true, None) => match policy {
                    Some(p) => *r.acceptable.entry(p).or_default() += 1,
                    None => {
                        r.as_labelled += 1;
                        match label {
                            "valid" => r.valid_verified += 1,
                            _ => r.invalid_rejected += 1,
                        }
                    }
                },
                (false, Some(_)) => {
                    r.failing_for_now.insert(tc_id);
                }
                (true, Some(_)) => r.mismatches.push(format!(
                    "{ctx}: listed in LIBRARY_BUGS_FAILING_FOR_NOW but now correct: remove the entry"
                )),
                (false, None) => r.mismatches.push(format!(
                    "{ctx}: expected {want:?}{}, got {got:?}",
                    policy.map_or(String::new(), |p| format!(" (acceptable, policy {p})"))
                )),
            }
        }
    }
    assert_eq!(
        i64::try_from(r.run.len()).expect("count"),
        number_of_tests,
        "{name}: numberOfTests"
    );
    r
}

pub(crate) fn run_and_check(name: &str) {
    let file = file_by_name(name);
    let r = run_file(file);
    let algs: Vec<&str> = r.alg.iter().map(String::as_str).collect();
    let acceptable: usize = r.acceptable.values().sum();
    let refused: usize = r.refused_at_import.values().map(|(n, _)| n).sum();
    let na: usize = r.not_applicable.values().sum();
    println!(
        "wycheproof {name} [{}] ({} backend): {} run, {} as labelled, {} acceptable decided by \
         policy, {} rejected at import, {} not applicable, {} failing for now (library bugs), \
         {} unexplained",
        algs.join(", "),
        Backend::ACTIVE.name(),
        r.run.len(),
        r.as_labelled,
        acceptable,
        refused,
        na,
        r.failing_for_now.len(),
        r.mismatches.len()
    );
    println!(
        "  as labelled: {} valid verified, {} invalid rejected (InvalidSignature); \
         {acceptable} acceptable",
        r.valid_verified, r.invalid_rejected
    );
    for (flag, n) in &r.acceptable {
        let (accept, why) = ACCEPTABLE_POLICY
            .iter()
            .find(|(f, _, _)| f == flag)
            .map_or((false, ""), |(_, accept, why)| (*accept, *why));
        let verdict = if accept { "accepted" } else { "rejected" };
        println!("  acceptable {flag}: {n} case(s) -> {verdict}; policy: {why}");
    }
    for (why, (n, valid)) in &r.refused_at_import {
        println!("  rejected at import: {n} case(s) ({valid} labelled valid): {why}");
    }
    for (why, n) in &r.not_applicable {
        println!("  not applicable: {n} case(s): {why}");
    }
    for id in &r.failing_for_now {
        println!("  FAILING FOR NOW (library bug): tcId {id}");
    }
    let forms: Vec<String> = r
        .forms_agreeing
        .iter()
        .map(|(f, n)| format!("{f} {n}"))
        .collect();
    println!(
        "  {} groups; key forms imported and agreeing (groups): {}{}",
        r.groups,
        if forms.is_empty() {
            "none".to_owned()
        } else {
            forms.join(", ")
        },
        if r.pem_unavailable > 0 {
            format!(
                "; publicKeyPem NOT CHECKED in {} group(s): from_pem refuses every PEM as InvalidKey (PEM parser not in yet)",
                r.pem_unavailable
            )
        } else {
            String::new()
        }
    );
    for m in &r.mismatches {
        println!("  UNEXPLAINED: {m}");
    }
    assert!(
        r.mismatches.is_empty(),
        "{name}: {} unexplained outcome(s), first: {}",
        r.mismatches.len(),
        r.mismatches[0]
    );
    assert_eq!(
        r.as_labelled + acceptable + refused + na + r.failing_for_now.len(),
        r.run.len(),
        "{name}: every case is accounted for"
    );
    let listed: BTreeSet<u64> = LIBRARY_BUGS_FAILING_FOR_NOW
        .iter()
        .filter(|(f, _, _, _)| *f == name)
        .map(|(_, id, _, _)| *id)
        .collect();
    assert_eq!(
        r.failing_for_now, listed,
        "{name}: every LIBRARY_BUGS_FAILING_FOR_NOW entry still fails as described"
    );
    assert_eq!(
        r.valid_verified + r.invalid_rejected,
        r.as_labelled,
        "{name}: as labelled = valid verified + invalid rejected"
    );
    match active_refusal(name) {
        Some(x) => assert_eq!(
            r.refused_at_import.keys().copied().collect::<Vec<_>>(),
            [x.reason],
            "{name}: the IMPORT_REFUSALS entry for this build was used, and no other"
        ),
        None => assert!(
            r.refused_at_import.is_empty(),
            "{name}: nothing refused at import in this build"
        ),
    }
}
