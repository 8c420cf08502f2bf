//! `header`: arbitrary bytes as a decoded JOSE header. Never panics; any repeated member
//! name (as `serde_json` unescapes it) is refused; whatever is accepted is JSON that
//! `serde_json` reads the same way, member by member.
#![no_main]

use fuzz_common::{Members, members};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use strict_jwt::{Algorithm, ErrorKind, MAX_KID_LEN};

fuzz_target!(|data: &[u8]| {
    let parsed = strict_jwt::internal::parse_header(data);
    let oracle = members(data);
    if oracle == Members::Duplicate {
        assert!(
            parsed.is_err(),
            "accepted a header with a repeated member name"
        );
    }
    let header = match parsed {
        Ok(h) => h,
        Err(e) => {
            assert!(
                matches!(
                    e.kind(),
                    ErrorKind::Malformed
                        | ErrorKind::UnsupportedAlgorithm
                        | ErrorKind::CritUnsupported
                ),
                "unexpected kind {:?}",
                e.kind()
            );
            return;
        }
    };
    assert_eq!(oracle, Members::Unique, "accepted what serde_json refuses");
    let value: Value = serde_json::from_slice(data).expect("serde_json parses it");
    let object = value.as_object().expect("a header is an object");

    // `alg` is a string naming an implemented algorithm, never `none`.
    let alg = object["alg"].as_str().expect("alg is a string");
    assert_eq!(
        Algorithm::from_name(alg).expect("known alg"),
        header.algorithm()
    );
    assert_eq!(header.algorithm().name(), alg);
    assert!(header.crit().is_none() && !object.contains_key("crit"));
    let text = |name: &str| {
        object
            .get(name)
            .map(|v| v.as_str().expect("a string member"))
    };
    assert_eq!(header.typ(), text("typ"));
    assert_eq!(header.cty(), text("cty"));
    assert_eq!(header.kid(), text("kid"));
    assert!(header.kid().is_none_or(|k| k.len() <= MAX_KID_LEN));
    assert_eq!(
        header.b64(),
        object.get("b64").map(|v| v.as_bool().expect("bool"))
    );
    assert_ne!(header.b64(), Some(false), "b64:false is not a JWT");

    // Every other member is kept as exact JSON text that means the same value.
    let mut others = 0;
    for name in header.other_member_names() {
        others += 1;
        let raw = header.member_json(name).expect("listed member has text");
        let reparsed: Value = serde_json::from_str(raw).expect("member text is JSON");
        assert_eq!(Some(&reparsed), object.get(name), "member {name:?} differs");
    }
    let known = ["alg", "typ", "cty", "kid", "b64"];
    let expected = object
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .count();
    assert_eq!(others, expected, "other members lost or invented");
});
