//! `differential_jsonwebtoken`: one HS256 token, built from structured input (header and
//! claims of every type, duplicates, encodings, short secrets), verified by strict-jwt
//! and by `jsonwebtoken` 11 with the same key, algorithm and validation: HS256 only,
//! `exp` required with leeway 0, `nbf` checked, `iss`, `aud` and `sub` required and
//! compared.
//!
//! Every disagreement must be one of the documented deliberate differences in
//! `fuzz/README.md` ("Deliberate differences from jsonwebtoken"); anything else panics.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken as jwt;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use strict_jwt::{Algorithm, ErrorKind, HmacKey, NumericDate, Verifier, base64url};

const SECRET: &[u8; 64] = b"a 64-byte HS256 secret shared by both verifiers in this target!!";

#[derive(Debug, Arbitrary)]
enum Time {
    Missing,
    /// now + offset (small offsets hit the boundaries).
    Offset(i8),
    Far(i32),
    Fraction(i16, u16),
    Huge(u64),
    Negative(i32),
    Str,
    Null,
    Bool,
}

#[derive(Debug, Arbitrary)]
enum Text {
    Missing,
    Expected,
    Other(String),
    Number(i32),
    Array(Vec<bool>),
    Null,
}

#[derive(Debug, Arbitrary)]
enum AlgName {
    Hs256,
    Hs384,
    Rs256,
    None,
    Lower,
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum Encoding {
    Canonical,
    Padded,
    TrailingBits,
    StandardAlphabet,
}

#[derive(Debug, Arbitrary)]
struct Input {
    short_secret: Option<Vec<u8>>,
    alg: AlgName,
    typ: Option<String>,
    kid: Option<String>,
    crit: Option<Vec<String>>,
    header_extra: Vec<(String, i8)>,
    header_raw: Option<Vec<u8>>,
    exp: Time,
    nbf: Time,
    iat: Time,
    iss: Text,
    sub: Text,
    aud: Text,
    claims_extra: Vec<(String, i8)>,
    payload_raw: Option<Vec<u8>>,
    duplicate_in_header: Option<u8>,
    duplicate_in_payload: Option<u8>,
    encoding: Encoding,
    encode_segment: u8,
    flip_signature: bool,
}

fn time(t: &Time, now: i64) -> Option<String> {
    Some(match t {
        Time::Missing => return None,
        Time::Offset(o) => (now + i64::from(*o)).to_string(),
        Time::Far(o) => (now + i64::from(*o)).to_string(),
        Time::Fraction(o, f) => format!("{}.{f:05}", now + i64::from(*o)),
        Time::Huge(v) => v.to_string(),
        Time::Negative(v) => (-i64::from(v.unsigned_abs()) - 1).to_string(),
        Time::Str => format!("\"{now}\""),
        Time::Null => "null".into(),
        Time::Bool => "true".into(),
    })
}

fn text(t: &Text, expected: &str) -> Option<String> {
    Some(match t {
        Text::Missing => return None,
        Text::Expected => format!("\"{expected}\""),
        Text::Other(s) => serde_json::to_string(s).unwrap_or_default(),
        Text::Number(n) => n.to_string(),
        Text::Array(items) => {
            let v: Vec<Value> = items
                .iter()
                .map(|&b| Value::from(if b { expected } else { "other" }))
                .collect();
            Value::from(v).to_string()
        }
        Text::Null => "null".into(),
    })
}

/// A JSON object written member by member, so that a name can be repeated.
fn object(members: &[(String, String)], duplicate: Option<u8>) -> Vec<u8> {
    let mut out = String::from("{");
    let mut all: Vec<&(String, String)> = members.iter().collect();
    if let Some(d) = duplicate {
        if !members.is_empty() {
            all.push(&members[usize::from(d) % members.len()]);
        }
    }
    for (i, (name, value)) in all.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(name).unwrap_or_default());
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out.into_bytes()
}

fn encode(bytes: &[u8], how: &Encoding) -> String {
    let canonical = base64url::encode(bytes);
    match how {
        Encoding::Canonical => canonical,
        Encoding::Padded => {
            let pad = (4 - canonical.len() % 4) % 4;
            canonical + &"=".repeat(pad)
        }
        Encoding::TrailingBits => {
            // Set the unused low bits of the last character (when there are any).
            let mut s = canonical.into_bytes();
            if bytes.len() % 3 != 0 {
                if let Some(last) = s.last_mut() {
                    const ALPHABET: &[u8] =
                        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                    let v = ALPHABET.iter().position(|c| c == last).unwrap_or(0);
                    *last = ALPHABET[v | 1];
                }
            }
            String::from_utf8(s).unwrap_or_default()
        }
        Encoding::StandardAlphabet => canonical.replace('-', "+").replace('_', "/"),
    }
}

struct Built {
    token: String,
    header: Vec<u8>,
    payload: Vec<u8>,
    secret: Vec<u8>,
    noncanonical: bool,
}

fn build(i: &Input, now: i64) -> Built {
    let alg = match &i.alg {
        AlgName::Hs256 => "\"HS256\"".to_owned(),
        AlgName::Hs384 => "\"HS384\"".to_owned(),
        AlgName::Rs256 => "\"RS256\"".to_owned(),
        AlgName::None => "\"none\"".to_owned(),
        AlgName::Lower => "\"hs256\"".to_owned(),
        AlgName::Other(s) => serde_json::to_string(s).unwrap_or_default(),
    };
    let mut h = vec![("alg".to_owned(), alg)];
    let string = |s: &String| serde_json::to_string(s).unwrap_or_default();
    if let Some(t) = &i.typ {
        h.push(("typ".into(), string(t)));
    }
    if let Some(k) = &i.kid {
        h.push(("kid".into(), string(k)));
    }
    if let Some(c) = &i.crit {
        h.push(("crit".into(), serde_json::to_string(c).unwrap_or_default()));
    }
    for (name, v) in &i.header_extra {
        h.push((name.clone(), v.to_string()));
    }
    let header = match &i.header_raw {
        Some(raw) => raw.clone(),
        None => object(&h, i.duplicate_in_header),
    };

    let mut c = Vec::new();
    for (name, t) in [("exp", &i.exp), ("nbf", &i.nbf), ("iat", &i.iat)] {
        if let Some(v) = time(t, now) {
            c.push((name.to_owned(), v));
        }
    }
    for (name, t, expected) in [
        ("iss", &i.iss, "iss-a"),
        ("sub", &i.sub, "sub-a"),
        ("aud", &i.aud, "aud-a"),
    ] {
        if let Some(v) = text(t, expected) {
            c.push((name.to_owned(), v));
        }
    }
    for (name, v) in &i.claims_extra {
        c.push((name.clone(), v.to_string()));
    }
    let payload = match &i.payload_raw {
        Some(raw) => raw.clone(),
        None => object(&c, i.duplicate_in_payload),
    };

    // One segment (header, payload or signature) gets the chosen encoding.
    let which = i.encode_segment % 3;
    let enc = |bytes: &[u8], seg: u8| {
        if seg == which {
            encode(bytes, &i.encoding)
        } else {
            base64url::encode(bytes)
        }
    };
    let secret = i.short_secret.clone().unwrap_or_else(|| SECRET.to_vec());
    let input = format!("{}.{}", enc(&header, 0), enc(&payload, 1));
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&secret).expect("any length");
    mac.update(input.as_bytes());
    let mut tag = mac.finalize().into_bytes().to_vec();
    if i.flip_signature {
        tag[0] ^= 1;
    }
    let token = format!("{input}.{}", enc(&tag, 2));
    Built {
        noncanonical: token
            != format!(
                "{}.{}.{}",
                base64url::encode(&header),
                base64url::encode(&payload),
                base64url::encode(&tag)
            ),
        token,
        header,
        payload,
        secret,
    }
}

fn strict(b: &Built, now: i64) -> Result<(), ErrorKind> {
    let key = HmacKey::new(Algorithm::HS256, &b.secret).map_err(|e| e.kind())?;
    let verifier = Verifier::builder()
        .allow(Algorithm::HS256)
        .key(key)
        .issuer("iss-a")
        .audience("aud-a")
        .subject("sub-a")
        .build()
        .expect("verifier");
    verifier
        .verify_at::<Value>(&b.token, NumericDate::from_secs(now))
        .map(|_| ())
        .map_err(|e| e.kind())
}

fn jsonwebtoken(b: &Built) -> Result<(), jwt::errors::ErrorKind> {
    let mut v = jwt::Validation::new(jwt::Algorithm::HS256);
    v.leeway = 0;
    v.validate_nbf = true;
    v.set_issuer(&["iss-a"]);
    v.set_audience(&["aud-a"]);
    v.sub = Some("sub-a".into());
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    jwt::decode::<Value>(&b.token, &jwt::DecodingKey::from_secret(&b.secret), &v)
        .map(|_| ())
        .map_err(|e| e.into_kind())
}

/// Is `t` a plain integer NumericDate (the one form both libraries read alike)?
fn integer_time(t: &Time) -> bool {
    matches!(t, Time::Missing | Time::Offset(_) | Time::Far(_))
}

fn plain_text(t: &Text) -> bool {
    matches!(t, Text::Missing | Text::Expected | Text::Other(_))
}

/// Within a second of the clock: `exp == now` (expired for strict-jwt only), or a time
/// the two libraries see on different sides of a second boundary, since each reads the
/// clock at its own instant.
fn near(t: &Time) -> bool {
    match t {
        Time::Offset(o) => i64::from(*o).abs() <= 1,
        Time::Far(o) => i64::from(*o).abs() <= 1,
        Time::Fraction(o, _) => i64::from(*o).abs() <= 2,
        _ => false,
    }
}

/// A NumericDate that jsonwebtoken's `u64` reading may refuse: negative (before 1970),
/// fractional, or huge.
fn not_u64(t: &Time, now: i64) -> bool {
    match t {
        Time::Offset(o) => now + i64::from(*o) < 0,
        Time::Far(o) => now + i64::from(*o) < 0,
        Time::Fraction(..) | Time::Huge(_) | Time::Negative(_) => true,
        _ => false,
    }
}

fn structured(i: &Input) -> bool {
    i.header_raw.is_none() && i.payload_raw.is_none()
}

/// Why strict-jwt refuses a token jsonwebtoken accepts, if it is a documented difference.
fn strict_only_refusal(i: &Input, b: &Built, kind: ErrorKind) -> Option<&'static str> {
    use fuzz_common::{Members, members};
    let header = members(&b.header);
    let payload = members(&b.payload);
    Some(match kind {
        ErrorKind::WeakKey | ErrorKind::IncompatibleKey if i.short_secret.is_some() => {
            "key minimums: HMAC secrets shorter than the hash, or shaped like a serialized key"
        }
        ErrorKind::Malformed if header == Members::Duplicate || payload == Members::Duplicate => {
            "duplicate member names"
        }
        ErrorKind::Malformed if b.noncanonical => "canonical base64url only",
        ErrorKind::UnknownKey if i.kid.is_some() => {
            "kid: a token naming a kid needs a key with that kid (jsonwebtoken ignores kid)"
        }
        ErrorKind::CritUnsupported => "crit: no extension is understood, so any crit is refused",
        ErrorKind::Malformed if i.crit.is_some() => "crit: malformed crit",
        ErrorKind::Malformed
            if i.kid
                .as_ref()
                .is_some_and(|k| k.len() > strict_jwt::MAX_KID_LEN) =>
        {
            "kid length cap"
        }
        ErrorKind::Expired if near(&i.exp) => "exp: expired at exp == now (RFC 7519: on or after)",
        ErrorKind::NotYetValid if near(&i.nbf) => "clock read at different instants",
        ErrorKind::InvalidClaim
        | ErrorKind::MissingClaim
        | ErrorKind::WrongIssuer
        | ErrorKind::WrongAudience
        | ErrorKind::WrongSubject
        | ErrorKind::Expired
        | ErrorKind::NotYetValid
            if structured(i)
                && !(integer_time(&i.exp)
                    && integer_time(&i.nbf)
                    && integer_time(&i.iat)
                    && plain_text(&i.iss)
                    && plain_text(&i.sub)
                    && plain_text(&i.aud)) =>
        {
            "claim types: registered claims of the wrong JSON type"
        }
        ErrorKind::InvalidClaim
            if i.claims_extra.iter().any(|(n, _)| {
                ["exp", "nbf", "iat", "iss", "sub", "aud", "jti"].contains(&n.as_str())
            }) =>
        {
            "claim types: a registered name repeated with another type"
        }
        ErrorKind::Malformed if !structured(i) => "strict JSON: raw header or payload",
        _ => return None,
    })
}

/// Why strict-jwt accepts a token jsonwebtoken refuses, if it is a documented difference.
fn jsonwebtoken_only_refusal(
    i: &Input,
    kind: &jwt::errors::ErrorKind,
    now: i64,
) -> Option<&'static str> {
    use jwt::errors::ErrorKind as J;
    Some(match kind {
        J::ExpiredSignature if near(&i.exp) => "clock read at different instants",
        J::ImmatureSignature if near(&i.nbf) => "clock read at different instants",
        J::InvalidClaimFormat(_) if not_u64(&i.exp, now) || not_u64(&i.nbf, now) => {
            "NumericDate range: jsonwebtoken reads times as u64"
        }
        J::Json(_)
            if i.header_extra.iter().any(|(n, _)| {
                [
                    "jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "kid",
                ]
                .contains(&n.as_str())
            }) =>
        {
            "header members strict-jwt never reads as keys, of types jsonwebtoken's Header refuses"
        }
        _ => return None,
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let now = i64::try_from(jwt::get_current_timestamp()).expect("clock fits i64");
    let built = build(&input, now);
    let ours = strict(&built, now);
    let theirs = jsonwebtoken(&built);
    match (&ours, &theirs) {
        (Ok(()), Ok(())) | (Err(_), Err(_)) => {}
        (Err(kind), Ok(())) => {
            if strict_only_refusal(&input, &built, *kind).is_none() {
                panic!(
                    "undocumented difference: strict-jwt {kind:?}, jsonwebtoken accepts: {input:?} {}",
                    built.token
                );
            }
        }
        (Ok(()), Err(kind)) => {
            if jsonwebtoken_only_refusal(&input, kind, now).is_none() {
                panic!(
                    "strict-jwt accepts what jsonwebtoken refuses ({kind:?}): {input:?} {}",
                    built.token
                );
            }
        }
    }
});
