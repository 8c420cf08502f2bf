//! Keys from the groups' JWKs, one verifier per group, and the runs of the two files.

use super::*;

pub(crate) fn selection_ids(sel: &[RangeInclusive<u64>]) -> BTreeSet<u64> {
    sel.iter().flat_map(|r| r.clone()).collect()
}

pub(crate) fn rejection_kind(
    table: &[(RangeInclusive<u64>, ErrorKind)],
    tc_id: u64,
) -> Option<ErrorKind> {
    table
        .iter()
        .find(|(ids, _)| ids.contains(&tc_id))
        .map(|(_, k)| *k)
}

/// Counts of one file's run.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) run: BTreeSet<u64>,
    pub(crate) as_labelled: usize,
    pub(crate) against_label: usize,
    pub(crate) exceptions_hit: BTreeSet<u64>,
    /// Cases by the algorithm of the group's key ("refused at import" when there is none).
    pub(crate) by_key: BTreeMap<String, usize>,
    /// Rejection kinds seen, for the summary.
    pub(crate) rejections: BTreeMap<String, usize>,
}

impl Report {
    /// Checks one outcome against the label, the named exceptions and the expected
    /// rejection kind, and counts it.
    pub(crate) fn record(
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

    pub(crate) fn check_and_print(
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
pub(crate) fn jws_text(ctx: &str, jws: &Value) -> String {
    match jws {
        Value::String(s) => s.clone(),
        Value::Object(_) => jws.to_string(),
        other => panic!("{ctx}: unexpected jws {other}"),
    }
}

/// The group's key (the shared secret for `oct`; `private` holds it).
pub(crate) fn group_key(group: &Value) -> &Value {
    group
        .get("private")
        .or_else(|| group.get("public"))
        .unwrap_or_else(|| panic!("group {}: no key", group["comment"]))
}

pub(crate) fn parse_jwk(ctx: &str, jwk: &Value) -> Jwk {
    Jwk::from_json(&jwk.to_string()).unwrap_or_else(|e| panic!("{ctx}: JWK parses: {e:?}"))
}

/// The algorithm a JWK is bound to: its own `alg` (`None` when the crate has no such
/// algorithm: the key is then refused by `to_verifying_key_for_own_alg`), or the table
/// entry for JWKs without `alg`.
pub(crate) fn bound_alg(ctx: &str, jwk: &Jwk, first_tc: u64) -> Option<Algorithm> {
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
pub(crate) fn verifying_key(ctx: &str, jwk: &Jwk, first_tc: u64) -> Result<VerifyingKey, Error> {
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
pub(crate) fn jws_group_verifier(
    ctx: &str,
    group: &Value,
    first_tc: u64,
) -> Result<Verifier, Error> {
    let jwk = parse_jwk(
        ctx,
        group.get("public").unwrap_or_else(|| &group["private"]),
    );
    let key = verifying_key(ctx, &jwk, first_tc)?;
    Verifier::builder().allow(key.algorithm()).key(key).build()
}

/// Symmetric confusion: an asymmetric group key must not become an HMAC key for the
/// token's HS* algorithm, whichever of the group's JWKs is tried.
pub(crate) fn symmetric_confusion(ctx: &str, group: &Value, alg: Algorithm) -> Result<(), Error> {
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
            Some(IncompatibleKey),
            "{ctx}: group `{which}` {} JWK as an {alg} key",
            jwk.key_type()
        );
        last = Some(r);
    }
    last.unwrap_or_else(|| panic!("{ctx}: group has no JWK"))
}

/// The `alg` of a JWS header, decoding leniently (only to classify cases).
pub(crate) fn header_algs(jws: &Value) -> Vec<String> {
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
pub(crate) fn top_level<'a>(file: &str, doc: &'a Value, schema: &str) -> &'a Vec<Value> {
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
pub(crate) fn group_members<'a>(
    ctx: &str,
    group: &'a Value,
    group_type: &str,
) -> (&'a Vec<Value>, u64) {
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
pub(crate) fn key_label(r: &Result<Verifier, Error>, group: &Value) -> String {
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

pub(crate) fn run_jws() -> Report {
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
pub(crate) fn keyset_keys(
    ctx: &str,
    group: &Value,
    first_tc: u64,
) -> Result<Vec<VerifyingKey>, Error> {
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
pub(crate) fn jwk_pipeline(
    keys: Result<Vec<VerifyingKey>, Error>,
    jws: &str,
) -> Result<VerifiedJws, Error> {
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

pub(crate) fn run_jwk() -> Report {
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
