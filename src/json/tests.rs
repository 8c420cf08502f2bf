//! Unit tests of the strict JSON parser and deserializer.

use super::*;
use alloc::collections::BTreeMap;

fn kind_of(input: &str) -> Option<ErrorKind> {
    validate(input).err().map(|e| e.kind())
}

/// Duplicates are found wherever the earlier name is kept: inline, spilled to the
/// heap past `INLINE_KEYS`, or in the hash set past `LINEAR_KEY_SCAN`, and with open
/// parents holding part of the shared stack.
#[test]
fn duplicates_found_across_inline_spilled_and_hashed_names() {
    let object = |n: usize, dup_of: Option<usize>| {
        let mut members: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
        if let Some(d) = dup_of {
            members.push(format!("\"k{d}\":0"));
        }
        format!("{{{}}}", members.join(","))
    };
    for n in [1, 15, 16, 17, 23, 24, 25, 40] {
        for parent in [0, 10] {
            let wrap = |inner: String| {
                let mut members: Vec<String> =
                    (0..parent).map(|i| format!("\"p{i}\":{i}")).collect();
                members.push(format!("\"child\":{inner}"));
                format!("{{{}}}", members.join(","))
            };
            assert_eq!(kind_of(&wrap(object(n, None))), None, "n = {n}");
            for d in [0, n / 2, n - 1] {
                assert_eq!(
                    kind_of(&wrap(object(n, Some(d)))),
                    Some(ErrorKind::Malformed),
                    "n = {n}, duplicate of {d}, parent {parent}"
                );
            }
            // An escaped spelling of a spilled name is the same name.
            let escaped = object(n, None).replace("}", &format!(",\"\\u006b{}\":1}}", n - 1));
            assert_eq!(
                kind_of(&wrap(escaped)),
                Some(ErrorKind::Malformed),
                "n = {n}"
            );
        }
    }
}

#[test]
fn accepts_rfc8259_documents() {
    for ok in [
        "{}",
        "[]",
        " {\"a\" : [1, -0, 2.5e-3, true, false, null, \"x\\u00e9\\ud83d\\ude00\"]}\r\n",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
        "0",
        "-12.5E+7",
    ] {
        assert_eq!(kind_of(ok), None, "{ok:?}");
    }
}

#[test]
fn rejects_non_json() {
    for bad in [
        "",
        "{",
        "{\"a\":}",
        "{\"a\" 1}",
        "{,}",
        "[1,]",
        "{\"a\":1,}",
        "01",
        "1.",
        ".5",
        "+1",
        "1e",
        "tru",
        "nul",
        "'a'",
        "\"\\x\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"a\u{1}\"",
        "{} {}",
        "NaN",
        "Infinity",
        "[1 2]",
    ] {
        assert_eq!(kind_of(bad), Some(ErrorKind::Malformed), "{bad:?}");
    }
}

#[test]
fn rejects_duplicate_names_at_every_level_and_after_unescaping() {
    for bad in [
        r#"{"alg":"HS256","alg":"none"}"#,
        r#"{"alg":"HS256","\u0061lg":"none"}"#,
        r#"{"a":{"b":1,"b":2}}"#,
        r#"[{"x":1},{"y":[{"z":1,"z":1}]}]"#,
    ] {
        assert_eq!(kind_of(bad), Some(ErrorKind::Malformed), "{bad:?}");
    }
    // The same name in sibling objects is fine.
    assert_eq!(kind_of(r#"[{"a":1},{"a":1}]"#), None);
}

#[test]
fn duplicate_detection_in_large_objects() {
    let mut doc = String::from("{");
    for i in 0..1000 {
        doc.push_str(&alloc::format!("\"k{i}\":{i},"));
    }
    doc.push_str("\"k500\":0}");
    assert_eq!(kind_of(&doc), Some(ErrorKind::Malformed));
    let ok = doc.replace("\"k500\":0}", "\"k1000\":0}");
    assert_eq!(kind_of(&ok), None);
}

#[test]
fn depth_is_capped() {
    let deep = "[".repeat(MAX_DEPTH as usize + 1) + &"]".repeat(MAX_DEPTH as usize + 1);
    assert_eq!(kind_of(&deep), Some(ErrorKind::Malformed));
    let fine = "[".repeat(MAX_DEPTH as usize) + &"]".repeat(MAX_DEPTH as usize);
    assert_eq!(kind_of(&fine), None);
}

#[test]
fn deserializes_borrowed_and_escaped_strings() {
    #[derive(serde::Deserialize)]
    struct T<'a> {
        #[serde(borrow)]
        a: Cow<'a, str>,
        #[serde(borrow)]
        b: Cow<'a, str>,
        n: u32,
        f: f64,
        o: Option<i8>,
        v: Vec<bool>,
    }
    let t: T<'_> =
        from_str(r#"{"a":"plain","b":"e\u0301\n","n":7,"f":1.5,"o":null,"v":[true]}"#).unwrap();
    assert!(matches!(t.a, Cow::Borrowed("plain")));
    assert_eq!(t.b, "e\u{301}\n");
    assert_eq!((t.n, t.f, t.o, t.v), (7, 1.5, None, alloc::vec![true]));
}

#[test]
fn type_errors_are_invalid_claim_and_do_not_echo_values() {
    let e = from_str::<BTreeMap<String, u8>>(r#"{"a":"secret-value"}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidClaim);
    assert!(!e.to_string().contains("secret-value"), "{e}");
    let e = from_str::<BTreeMap<String, u8>>(r#"{"a":300}"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidClaim);
}

#[test]
fn serde_json_value_round_trip_matches_serde_json() {
    let doc = r#"{"a":[1,2.5,-3,{"b":null}],"c":"\u00e9","d":18446744073709551615}"#;
    let ours: serde_json::Value = from_str(doc).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(doc).unwrap();
    assert_eq!(ours, theirs);
}
