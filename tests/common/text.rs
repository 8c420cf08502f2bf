//! The helpers that need nothing but `serde_json` and `proptest`: shared with the
//! differential tests of `strict-jwt-benches` (`benches/tests/differential.rs`), which
//! include this file by path. Independent of the crate under test.

use serde_json::{Map, Value};

pub const B64U: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url encoding (RFC 7515 §2), written independently of the crate.
pub fn b64u_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let n = chunk.len() + 1;
        for i in 0..n {
            out.push(char::from(B64U[((v >> (18 - 6 * i)) & 0x3f) as usize]));
        }
    }
    out
}

/// JSON values for property tests: no duplicate names (serde_json maps cannot hold any)
/// and only finite floats (NaN and infinities are not JSON; any finite f64 that
/// serde_json prints reads back exactly). `text` is the regex for strings and names;
/// `depth`, `nodes` and `width` bound the nesting.
pub fn json_value(
    text: &'static str,
    depth: u32,
    nodes: u32,
    width: usize,
) -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        text.prop_map(Value::String),
    ];
    leaf.prop_recursive(
        depth,
        nodes,
        u32::try_from(width).unwrap_or(4),
        move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..width).prop_map(Value::Array),
                prop::collection::btree_map(text, inner, 0..width)
                    .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
            ]
        },
    )
}

/// A JSON object member name, spelled as a JSON string literal. Each character is
/// written plainly, as `\uXXXX` (lower- or upper-case hex, surrogate pairs outside
/// the BMP) or, for `/`, as `\/`; `choices[i]` picks the spelling of character `i`.
pub fn spell(name: &str, choices: &[u8]) -> String {
    let mut out = String::from("\"");
    for (i, c) in name.chars().enumerate() {
        let choice = choices.get(i).copied().unwrap_or(0) % 4;
        match choice {
            1 | 2 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    if choice == 1 {
                        out.push_str(&format!("\\u{unit:04x}"));
                    } else {
                        out.push_str(&format!("\\u{unit:04X}"));
                    }
                }
            }
            3 if c == '/' => out.push_str("\\/"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}
