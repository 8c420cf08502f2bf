//! Strict parsing: duplicate members, unknown members kept verbatim, size caps,
//! member types.

use crate::common::{b64u_encode, kind};
use crate::helpers::*;
use serde_json::{Value, json};
use strict_jwt::ErrorKind::InvalidKey;
use strict_jwt::{Jwk, JwkSet, MAX_JWK_LEN, MAX_JWK_SET_KEYS, MAX_JWK_SET_LEN};

/// A 32-byte `oct` key as JSON members (without braces).
fn oct_members() -> String {
    format!(r#""kty":"oct","k":"{}""#, b64u_encode(&SECRET))
}

fn p256_members() -> String {
    format!(r#""kty":"EC","crv":"P-256","x":"{P256_X}","y":"{P256_Y}""#)
}

#[test]
fn strict_duplicate_member_names_are_invalid_key_at_every_level() {
    let oct = oct_members();
    let p256 = p256_members();
    let jwks = [
        ("duplicate kty", format!(r#"{{{oct},"kty":"oct"}}"#)),
        ("duplicate k", format!(r#"{{{oct},"k":"AAAA"}}"#)),
        ("duplicate kid", format!(r#"{{{oct},"kid":"a","kid":"b"}}"#)),
        ("duplicate x", format!(r#"{{{p256},"x":"{P256_X}"}}"#)),
        (
            "duplicate unknown member",
            format!(r#"{{{oct},"ext":1,"ext":1}}"#),
        ),
        (
            "duplicate kty, one escaped (k\\u0074y)",
            format!(r#"{{{oct},"k\u0074y":"oct"}}"#),
        ),
        (
            "duplicate inside an unknown member",
            format!(r#"{{{oct},"ext":{{"a":1,"a":2}}}}"#),
        ),
        (
            "duplicate deep inside an unknown member's array",
            format!(r#"{{{oct},"ext":[{{"b":{{"c":0,"c":0}}}}]}}"#),
        ),
        (
            "duplicate inside x5c-like array of objects",
            format!(r#"{{{p256},"x5c":[{{"a":"1","a":"1"}}]}}"#),
        ),
    ];
    for (case, text) in &jwks {
        assert_eq!(
            kind(&Jwk::from_json(text)),
            Some(InvalidKey),
            "Jwk::from_json, {case}: {text}"
        );
        // The same key inside a set: the whole document is refused.
        let in_set = format!(r#"{{"keys":[{text}]}}"#);
        assert_eq!(
            kind(&JwkSet::from_json(&in_set)),
            Some(InvalidKey),
            "JwkSet::from_json, key with {case}"
        );
    }
    let sets = [
        (
            "duplicate keys",
            format!(r#"{{"keys":[{{{oct}}}],"keys":[]}}"#),
        ),
        (
            "duplicate in a set-level unknown member",
            format!(r#"{{"keys":[{{{oct}}}],"meta":{{"a":1,"a":1}}}}"#),
        ),
        (
            "duplicate kid in the second key",
            format!(r#"{{"keys":[{{{oct},"kid":"1"}},{{{oct},"kid":"2","kid":"3"}}]}}"#),
        ),
    ];
    for (case, text) in &sets {
        assert_eq!(
            kind(&JwkSet::from_json(text)),
            Some(InvalidKey),
            "JwkSet::from_json, {case}: {text}"
        );
    }
}

#[test]
fn strict_unknown_members_are_kept_and_reserialized_verbatim() {
    let x5c = r#"["MIIBfTCCASOgAwIBAgIJAK", "MIIC"]"#;
    let x5t = r#""NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs""#;
    // A private name with a nested object, odd spacing, a number a re-serializer would
    // rewrite (2.50, 1e2, -0) and an escaped character.
    let ext = r#"{"nested": {"list": [1, 2.50, true, null, "\u00e9"]}, "n": 1e2, "z": -0}"#;
    let text = format!(
        r#"{{{},"kid":"k1","x5c":{x5c},"x5t#S256":{x5t},"urn:example:meta":{ext}}}"#,
        p256_members()
    );
    let j = jwk("unknown members", &text);
    assert_eq!(j.member_json("x5c"), Some(x5c), "x5c verbatim");
    assert_eq!(j.member_json("x5t#S256"), Some(x5t), "x5t#S256 verbatim");
    assert_eq!(
        j.member_json("urn:example:meta"),
        Some(ext),
        "private member verbatim"
    );
    assert_eq!(
        j.member_json("kid"),
        None,
        "kid is interpreted, not kept raw"
    );
    assert_eq!(
        j.other_member_names().collect::<Vec<_>>(),
        ["x5c", "x5t#S256", "urn:example:meta"],
        "unknown members in document order"
    );
    let out = j.to_json();
    for (name, raw) in [("x5c", x5c), ("x5t#S256", x5t), ("urn:example:meta", ext)] {
        assert!(
            out.contains(&format!("{}:{raw}", Value::from(name))),
            "to_json() must carry `{name}` byte for byte: {}",
            &*out
        );
    }
    assert_eq!(
        value("to_json", &out),
        value("input", &text),
        "to_json() is the same JSON value"
    );
    // Re-parsing the export keeps them again.
    let again = jwk("re-parsed", &out);
    assert_eq!(
        again.member_json("urn:example:meta"),
        Some(ext),
        "re-parsed"
    );
    // to_public keeps the certificate members only (a private name could be secret).
    let public = j.to_public().expect("to_public");
    assert_eq!(
        public.other_member_names().collect::<Vec<_>>(),
        ["x5c", "x5t#S256"],
        "to_public keeps x5c and x5t#S256"
    );
    assert_eq!(public.member_json("x5c"), Some(x5c), "to_public x5c");
    // In a set: every member of every key and of the document survives.
    let set_text = format!(r#"{{"keys":[{text}],"cache":{{"max-age": 300}}}}"#);
    let s = JwkSet::from_json(&set_text).expect("set");
    assert_eq!(s.keys()[0].member_json("x5c"), Some(x5c), "set key x5c");
    assert!(
        s.to_json().contains(r#""cache":{"max-age": 300}"#),
        "set-level member verbatim: {}",
        &*s.to_json()
    );
    assert_eq!(
        value("set to_json", &s.to_json()),
        value("set input", &set_text),
        "set to_json() is the same JSON value"
    );
    assert_eq!(s.verifying_keys().count(), 1, "the key is usable (ES256)");
}

/// A JSON document of exactly `len` bytes: `prefix`, a padding string member, `}`.
fn padded(prefix: &str, len: usize) -> String {
    let fixed = prefix.len() + r#","pad":""}"#.len();
    format!(r#"{prefix},"pad":"{}"}}"#, "a".repeat(len - fixed))
}

#[test]
fn strict_oversize_jwk_and_sets_are_invalid_key() {
    let oct = format!("{{{}", oct_members());
    let at_cap = padded(&oct, MAX_JWK_LEN);
    assert_eq!(at_cap.len(), MAX_JWK_LEN);
    assert!(
        Jwk::from_json(&at_cap).is_ok(),
        "a JWK of MAX_JWK_LEN bytes"
    );
    assert_eq!(
        kind(&Jwk::from_json(&padded(&oct, MAX_JWK_LEN + 1))),
        Some(InvalidKey),
        "a JWK of MAX_JWK_LEN + 1 bytes"
    );
    // Even when the excess is whitespace, or the text is not JSON at all: the cap
    // comes first.
    assert_eq!(
        kind(&Jwk::from_json(&format!("{at_cap} "))),
        Some(InvalidKey),
        "MAX_JWK_LEN + 1 bytes with trailing whitespace"
    );
    assert_eq!(
        kind(&Jwk::from_json(&"[".repeat(MAX_JWK_LEN + 1))),
        Some(InvalidKey),
        "MAX_JWK_LEN + 1 bytes of non-JSON"
    );

    let empty_set = r#"{"keys":[]"#;
    let at_cap = padded(empty_set, MAX_JWK_SET_LEN);
    assert_eq!(at_cap.len(), MAX_JWK_SET_LEN);
    assert!(
        JwkSet::from_json(&at_cap).is_ok(),
        "a set of MAX_JWK_SET_LEN bytes"
    );
    assert_eq!(
        kind(&JwkSet::from_json(&padded(empty_set, MAX_JWK_SET_LEN + 1))),
        Some(InvalidKey),
        "a set of MAX_JWK_SET_LEN + 1 bytes"
    );

    // Key count: MAX_JWK_SET_KEYS keys import, one more is refused.
    let keys = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"kty": "oct", "kid": format!("k{i}"), "k": b64u_encode(&SECRET)}))
            .collect()
    };
    let full = set("MAX_JWK_SET_KEYS keys", keys(MAX_JWK_SET_KEYS));
    assert_eq!(full.keys().len(), MAX_JWK_SET_KEYS, "MAX_JWK_SET_KEYS keys");
    let over = json!({ "keys": keys(MAX_JWK_SET_KEYS + 1) }).to_string();
    assert!(
        over.len() < MAX_JWK_SET_LEN,
        "the count cap, not the size cap"
    );
    assert_eq!(
        kind(&JwkSet::from_json(&over)),
        Some(InvalidKey),
        "MAX_JWK_SET_KEYS + 1 keys"
    );
    let jwks: Vec<Jwk> = keys(MAX_JWK_SET_KEYS + 1)
        .iter()
        .map(|v| jwk_of("oct", v))
        .collect();
    assert_eq!(
        kind(&JwkSet::from_keys(jwks)),
        Some(InvalidKey),
        "JwkSet::from_keys with MAX_JWK_SET_KEYS + 1 keys"
    );
}

/// Unknown members are skipped by a parser with a nesting cap: very deep nesting is
/// InvalidKey, never a stack overflow (and a lone surrogate is InvalidKey too).
#[test]
fn strict_deeply_nested_unknown_member_is_invalid_key_not_a_crash() {
    let oct = oct_members();
    for depth in [100, 30_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let text = format!(r#"{{{oct},"ext":{nested}}}"#);
        assert!(
            text.len() <= MAX_JWK_LEN,
            "depth {depth}: under the size cap"
        );
        assert_eq!(
            kind(&Jwk::from_json(&text)),
            Some(InvalidKey),
            "JWK with an unknown member nested {depth} deep"
        );
        assert_eq!(
            kind(&JwkSet::from_json(&format!(r#"{{"keys":[{text}]}}"#))),
            Some(InvalidKey),
            "set with a key with an unknown member nested {depth} deep"
        );
    }
    // Moderate nesting in an unknown member is kept.
    let text = format!(r#"{{{oct},"ext":[[[[{{"a":[1]}}]]]]}}"#);
    assert_eq!(
        jwk("nested ext", &text).member_json("ext"),
        Some(r#"[[[[{"a":[1]}]]]]"#),
        "moderately nested unknown member"
    );
    assert_eq!(
        kind(&Jwk::from_json(&format!(r#"{{{oct},"kid":"\ud800"}}"#))),
        Some(InvalidKey),
        "kid with a lone surrogate escape"
    );
}

#[test]
fn strict_key_ops_with_a_repeated_value_is_invalid_key() {
    for ops in [
        json!(["verify", "verify"]),
        json!(["sign", "verify", "sign"]),
    ] {
        let mut v = json!({"kty": "EC", "crv": "P-256", "x": P256_X, "y": P256_Y, "kid": "ops"});
        v["key_ops"] = ops.clone();
        assert_eq!(
            kind(&Jwk::from_json(&v.to_string())),
            Some(InvalidKey),
            "Jwk::from_json, key_ops {ops}"
        );
        let s = set("key_ops in a set", vec![v]);
        assert_eq!(
            skipped(&s),
            [(0, Some("ops".to_owned()), InvalidKey)],
            "set, key_ops {ops}: skipped"
        );
        assert!(
            s.keys().is_empty(),
            "key_ops {ops}: an unreadable key is not in keys()"
        );
    }
    // Distinct values are fine.
    let ok = json!({"kty": "EC", "crv": "P-256", "x": P256_X, "y": P256_Y,
                    "key_ops": ["verify", "sign"]});
    assert_eq!(
        jwk_of("key_ops", &ok).key_ops(),
        Some(&["verify".to_owned(), "sign".to_owned()][..]),
        "distinct key_ops"
    );
}

#[test]
fn strict_members_of_the_wrong_type_are_invalid_key() {
    let ec = || json!({"kty": "EC", "crv": "P-256", "x": P256_X, "y": P256_Y, "kid": "wrong"});
    let oct = || json!({"kty": "oct", "k": b64u_encode(&SECRET), "kid": "wrong"});
    let rsa = || {
        let mut m = rsa_public_jwk_value();
        m.insert("kid".into(), "wrong".into());
        Value::Object(m)
    };
    let cases: Vec<(&str, Value, &str, Value)> = vec![
        ("EC", ec(), "kty", json!(1)),
        ("EC", ec(), "kty", json!(null)),
        ("EC", ec(), "alg", json!(["ES256"])),
        ("EC", ec(), "use", json!({"sig": true})),
        ("EC", ec(), "crv", json!(true)),
        ("EC", ec(), "x", json!(5)),
        ("EC", ec(), "y", json!(null)),
        ("EC", ec(), "key_ops", json!("verify")),
        ("EC", ec(), "key_ops", json!(["verify", 1])),
        ("EC", ec(), "d", json!(7)),
        ("oct", oct(), "k", json!(42)),
        ("RSA", rsa(), "n", json!([])),
        ("RSA", rsa(), "e", json!(65537)),
        ("EC", ec(), "kid", json!(7)),
    ];
    for (kty, mut v, member, bad) in cases {
        let ctx = format!("{kty} JWK with `{member}`: {bad}");
        v[member] = bad;
        assert_eq!(
            kind(&Jwk::from_json(&v.to_string())),
            Some(InvalidKey),
            "Jwk::from_json, {ctx}"
        );
        // In a set the key is skipped and reported with its kid (when readable).
        let s = set(&ctx, vec![v]);
        let kid = (member != "kid").then(|| "wrong".to_owned());
        assert_eq!(skipped(&s), [(0, kid, InvalidKey)], "set, {ctx}");
    }
    // Not an object, or no kty at all.
    for text in ["[]", "1", r#""oct""#, "null", r#"{"k":"AAAA"}"#] {
        assert_eq!(
            kind(&Jwk::from_json(text)),
            Some(InvalidKey),
            "Jwk::from_json({text})"
        );
        let s = JwkSet::from_json(&format!(r#"{{"keys":[{text}]}}"#))
            .unwrap_or_else(|e| panic!("set with key {text}: {e:?}"));
        assert_eq!(skipped(&s), [(0, None, InvalidKey)], "set with key {text}");
    }
    // Base64url that is not canonical is InvalidKey, public or secret member alike.
    for (member, bad) in [
        ("x", format!("{P256_X}=")),
        ("x", format!("+{}", &P256_X[1..])),
        ("y", P256_Y.replace('_', "/")),
        ("y", format!("{}d", &P256_Y[..P256_Y.len() - 1])), // non-zero unused bits
    ] {
        let mut v = ec();
        v[member] = Value::String(bad.clone());
        assert_eq!(
            kind(&Jwk::from_json(&v.to_string())),
            Some(InvalidKey),
            "EC `{member}` = {bad:?}"
        );
    }
    let mut v = oct();
    v["k"] = Value::String(format!("{}=", b64u_encode(&SECRET)));
    assert_eq!(
        kind(&Jwk::from_json(&v.to_string())),
        Some(InvalidKey),
        "oct `k` with padding"
    );
}
