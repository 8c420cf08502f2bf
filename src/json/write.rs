//! JSON emission: string literals (RFC 8259 §7 escaping) and objects written into one
//! buffer sized up front, for JWKs, JWK sets and RFC 7638 thumbprint input.

use alloc::string::String;
use base64ct::Encoding as _;
use zeroize::Zeroizing;

/// A JSON value to write: text (escaped), bytes (base64url), or exact JSON.
pub(crate) enum Out<'a> {
    Text(&'a str),
    B64(&'a [u8]),
    Raw(&'a str),
    List(&'a [String]),
}

/// Writes `{"name":value,...}` into one buffer sized up front, so that secrets are
/// never left behind in a reallocated-away block; the result is zeroized on drop.
pub(crate) fn write_object(members: &[(&str, Out<'_>)]) -> Zeroizing<String> {
    let bound: usize = 2 + members
        .iter()
        .map(|(name, v)| {
            4 + 6 * name.len()
                + match v {
                    Out::Text(s) => 2 + 6 * s.len(),
                    Out::B64(b) => 4 + b.len().div_ceil(3) * 4,
                    Out::Raw(r) => r.len(),
                    Out::List(l) => 2 + l.iter().map(|s| 3 + 6 * s.len()).sum::<usize>(),
                }
        })
        .sum::<usize>();
    let mut out = Zeroizing::new(String::with_capacity(bound));
    out.push('{');
    for (i, (name, v)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(&mut out, name);
        out.push(':');
        match v {
            Out::Text(s) => push_json_str(&mut out, s),
            Out::B64(b) => {
                let enc = Zeroizing::new(base64ct::Base64UrlUnpadded::encode_string(b));
                out.push('"');
                out.push_str(&enc);
                out.push('"');
            }
            Out::Raw(r) => out.push_str(r),
            Out::List(l) => {
                out.push('[');
                for (j, s) in l.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    push_json_str(&mut out, s);
                }
                out.push(']');
            }
        }
    }
    out.push('}');
    out
}

/// A JSON string literal (RFC 8259 §7: `"`, `\` and control characters escaped).
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let b = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
