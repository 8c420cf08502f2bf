//! Every flag of every Wycheproof file must be known to its suite's harness: a new kind
//! of case is looked at before its result is trusted.

use crate::common::parse_vectors;
use crate::{jose, signatures};
use std::collections::BTreeSet;

/// One suite: its vector files `(name, text)`, the flags its harness knows, and the
/// policies deciding its `acceptable` cases (flag, accepted, why).
struct Suite {
    name: &'static str,
    files: Vec<(&'static str, &'static str)>,
    known_flags: &'static [(&'static str, &'static str)],
    acceptable_policy: &'static [(&'static str, bool, &'static str)],
}

fn suites() -> [Suite; 2] {
    [
        Suite {
            name: "jose",
            files: vec![
                (jose::JWS_FILE, jose::JWS_VECTORS),
                (jose::JWK_FILE, jose::JWK_VECTORS),
            ],
            known_flags: jose::KNOWN_FLAGS,
            // The JOSE files have no `acceptable` case (`expect_valid` refuses the label).
            acceptable_policy: &[],
        },
        Suite {
            name: "signatures",
            files: signatures::FILES.iter().map(|f| (f.name, f.text)).collect(),
            known_flags: signatures::KNOWN_FLAGS,
            acceptable_policy: signatures::ACCEPTABLE_POLICY,
        },
    ]
}

/// For each suite: every flag a case carries is in the suite's `KNOWN_FLAGS` and
/// described in its file's notes, `KNOWN_FLAGS` lists exactly the flags the suite's
/// files use (no duplicates), and every `acceptable` case has exactly one policy.
#[test]
fn every_flag_is_known_to_the_harness() {
    for suite in suites() {
        let s = suite.name;
        let mut used = BTreeSet::new();
        for (name, text) in &suite.files {
            let doc = parse_vectors(name, text);
            for g in doc["testGroups"].as_array().expect("testGroups") {
                for t in g["tests"].as_array().expect("tests") {
                    let flags = t["flags"].as_array().expect("flags");
                    for flag in flags {
                        let flag = flag.as_str().expect("flag");
                        assert!(
                            suite.known_flags.iter().any(|(k, _)| *k == flag),
                            "{s}: {name} tcId {}: flag {flag} is unknown to the harness; \
                             decide how to treat it",
                            t["tcId"]
                        );
                        assert!(
                            doc["notes"].get(flag).is_some(),
                            "{s}: {name}: flag {flag} is not described in the file's notes"
                        );
                        used.insert(flag.to_owned());
                    }
                    if t["result"] == "acceptable" {
                        assert_eq!(
                            suite
                                .acceptable_policy
                                .iter()
                                .filter(|(f, _, _)| flags.iter().any(|x| x == f))
                                .count(),
                            1,
                            "{s}: {name} tcId {}: acceptable case needs exactly one policy",
                            t["tcId"]
                        );
                    }
                }
            }
        }
        let known: BTreeSet<String> = suite
            .known_flags
            .iter()
            .map(|(k, _)| (*k).to_owned())
            .collect();
        assert_eq!(
            known, used,
            "{s}: KNOWN_FLAGS lists exactly the flags the files use"
        );
        assert_eq!(
            known.len(),
            suite.known_flags.len(),
            "{s}: KNOWN_FLAGS has duplicates"
        );
    }
}
