//! The differential properties against `jsonwebtoken` 11, moved here from the library's
//! `tests/fuzz_properties.rs` (its section 5) so that the library's tests build no peer;
//! the README's `cargo test` runs them (this package is a default workspace member).
//! See [`differential`] for the documented deliberate differences.
//!
//! The helpers are the library tests' own (`tests/common/text.rs`: `b64u_encode`, `spell`,
//! the JSON strategy), and the tokens are MACed with `ring`: independent of the crate's
//! own base64url and HMAC code.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use serde_json::{Map, Value};
use strict_jwt::{Algorithm, ErrorKind, HmacKey, Verifier};

// The library's test helpers (this package is never published).
#[path = "../../tests/common/text.rs"]
mod common;
use common::{b64u_encode, spell};

/// JSON values (see `common::json_value`), as in the library's property tests.
fn json_value() -> impl Strategy<Value = Value> {
    common::json_value("\\PC{0,10}", 3, 16, 4)
}

/// A compact HS256 token over exact header and payload texts, MACed with `ring`.
fn hs_token(alg: Algorithm, key: &[u8], header: &str, payload: &str) -> String {
    assert_eq!(alg, Algorithm::HS256, "the differential is HS256 only");
    let input = format!(
        "{}.{}",
        b64u_encode(header.as_bytes()),
        b64u_encode(payload.as_bytes())
    );
    let tag = ring::hmac::sign(
        &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key),
        input.as_bytes(),
    );
    format!("{input}.{}", b64u_encode(tag.as_ref()))
}

/// Differential against `jsonwebtoken` 11 (RustCrypto provider), both configured alike:
/// HS256 only, the same 32-byte secret, `exp` required, leeway 0, `nbf` checked when
/// present, `iss`, `aud` and `sub` required and compared with one expected value each.
///
/// Tokens are MACed by the test (exact payload text) over generated claims: `exp`,
/// `nbf`, `iat` as integers, fractions, exponent forms, strings, negative, zero,
/// `i64::MAX`, beyond `i64`, `u64::MAX`, 1e19, 1e300, 1e400, null, booleans;
/// `iss`/`sub`/`aud` as the expected string (plain or `\u`-escaped), other strings,
/// arrays, numbers, objects, null, missing; member names plain or escaped; custom
/// members with awkward numbers and strings. Time values are at least 300 s from the
/// clock, so the two libraries' separate clock reads cannot disagree.
///
/// Property: when `jsonwebtoken` rejects, strict-jwt rejects; when both accept, the
/// claims are the same JSON. The exceptions are the deliberate differences below; each
/// case is classified by the generator's choices and strict-jwt's `ErrorKind`, and any
/// difference not in this list fails the test.
///
/// strict-jwt rejects, `jsonwebtoken` accepts (strict-jwt's kind in brackets):
/// - **D1** `exp` or `nbf` beyond `i64` seconds but within `u64` (integers above
///   `i64::MAX`, floats from 2^63 to 2^64): `jsonwebtoken` reads NumericDates as `u64`;
///   strict-jwt keeps them in `i64` seconds and refuses what does not fit
///   [`InvalidClaim`];
/// - **D2** `iat` of the wrong type (string, boolean, null) or out of range:
///   `jsonwebtoken` never reads `iat`; strict-jwt type-checks every registered claim
///   (verification rule 4, CVE-2026-25537) [`InvalidClaim`];
/// - **D3** `iss` as an array of strings: `jsonwebtoken` accepts an array that contains
///   the expected issuer; RFC 7519 §4.1.1 makes `iss` one StringOrURI [`InvalidClaim`].
///
/// `jsonwebtoken` rejects, strict-jwt accepts:
/// - **R1** a negative `nbf` (integer or fraction): `jsonwebtoken`'s `u64` NumericDate
///   cannot hold it (`InvalidClaimFormat("nbf")`); RFC 7519 NumericDates may be
///   negative, and a `nbf` before 1970 is simply in the past.
///
/// Both accept, with different claim values:
/// - **V1** the JSON number `-0`: strict-jwt reads it as the integer 0, `serde_json` as
///   the float -0.0. The same number in JSON (RFC 8259 §6 does not tell them apart);
///   claims are compared with the two zeros equal.
///
/// Not generated because the two clocks cannot be aligned, but also deliberate:
/// `now == exp` is expired in strict-jwt (RFC 7519 §4.1.4 "on or after") and valid in
/// `jsonwebtoken` (`exp < now`), and `jsonwebtoken` rounds fractional `exp`/`nbf` to
/// whole seconds where strict-jwt compares exactly. (`nbf: null` is not a difference:
/// both refuse it.)
mod differential {
    use super::*;
    use jsonwebtoken as jwt;

    pub(super) const SECRET: &[u8; 32] = b"differential-secret-0123456789ab";
    pub(super) const ISS: &str = "https://issuer.example";
    pub(super) const AUD: &str = "api://audience";
    pub(super) const SUB: &str = "user-42";

    /// A NumericDate claim's generated form. Offsets are seconds from the clock.
    #[derive(Clone, Copy, Debug)]
    pub(super) enum Time {
        Missing,
        Null,
        Bool,
        Past(i64),
        Future(i64),
        PastFraction(i64, u16),
        FutureFraction(i64, u16),
        FutureExponent(i64),
        StringPast(i64),
        StringFuture(i64),
        Negative(i64),
        NegativeFraction(i64, u16),
        Zero,
        I64Max,
        AboveI64(u64),
        U64Max,
        Float1e19,
        Float1e300,
        Float1e400,
    }

    impl Time {
        fn text(self, now: i64) -> Option<String> {
            Some(match self {
                Self::Missing => return None,
                Self::Null => "null".into(),
                Self::Bool => "true".into(),
                Self::Past(o) => (now - o).to_string(),
                Self::Future(o) => (now + o).to_string(),
                Self::PastFraction(o, f) => format!("{}.{f:03}", now - o),
                Self::FutureFraction(o, f) => format!("{}.{f:03}", now + o),
                Self::FutureExponent(o) => format!("{}0e-1", now + o),
                Self::StringPast(o) => format!("\"{}\"", now - o),
                Self::StringFuture(o) => format!("\"{}\"", now + o),
                Self::Negative(o) => format!("-{o}"),
                Self::NegativeFraction(o, f) => format!("-{o}.{f:03}"),
                Self::Zero => "0".into(),
                Self::I64Max => i64::MAX.to_string(),
                Self::AboveI64(v) => v.to_string(),
                Self::U64Max => u64::MAX.to_string(),
                Self::Float1e19 => "1e19".into(),
                Self::Float1e300 => "1e300".into(),
                Self::Float1e400 => "1e400".into(),
            })
        }

        fn negative(self) -> bool {
            matches!(self, Self::Negative(_) | Self::NegativeFraction(..))
        }

        /// A number beyond `i64` seconds that `jsonwebtoken` reads as a `u64`.
        fn beyond_i64_within_u64(self) -> bool {
            matches!(self, Self::AboveI64(_) | Self::U64Max | Self::Float1e19)
        }

        /// Present and not a NumericDate strict-jwt accepts.
        fn strict_invalid(self) -> bool {
            matches!(
                self,
                Self::Null
                    | Self::Bool
                    | Self::StringPast(_)
                    | Self::StringFuture(_)
                    | Self::AboveI64(_)
                    | Self::U64Max
                    | Self::Float1e19
                    | Self::Float1e300
                    | Self::Float1e400
            )
        }
    }

    /// `valid` (the usual form of the claim), or in 30% of cases any other form.
    pub(super) fn time(valid: Time) -> impl Strategy<Value = Time> {
        let off = 300i64..100_000_000;
        let frac = 0u16..1000;
        let other = prop_oneof![
            2 => Just(Time::Missing),
            1 => Just(Time::Null),
            1 => Just(Time::Bool),
            2 => off.clone().prop_map(Time::Past),
            2 => off.clone().prop_map(Time::Future),
            1 => (off.clone(), frac.clone()).prop_map(|(o, f)| Time::PastFraction(o, f)),
            1 => (off.clone(), frac.clone()).prop_map(|(o, f)| Time::FutureFraction(o, f)),
            1 => off.clone().prop_map(Time::FutureExponent),
            1 => off.clone().prop_map(Time::StringPast),
            1 => off.clone().prop_map(Time::StringFuture),
            1 => (1i64..2_000_000_000).prop_map(Time::Negative),
            1 => (0i64..2_000_000_000, 1u16..1000).prop_map(|(o, f)| Time::NegativeFraction(o, f)),
            1 => Just(Time::Zero),
            1 => Just(Time::I64Max),
            1 => ((1u64 << 63)..u64::MAX).prop_map(Time::AboveI64),
            1 => Just(Time::U64Max),
            1 => Just(Time::Float1e19),
            1 => Just(Time::Float1e300),
            1 => Just(Time::Float1e400),
        ];
        prop::option::weighted(0.3, other).prop_map(move |t| t.unwrap_or(valid))
    }

    /// `iss` and `sub`.
    #[derive(Clone, Copy, Debug)]
    pub(super) enum Ident {
        Missing,
        Null,
        Expected,
        ExpectedEscaped,
        Other,
        CaseChanged,
        Empty,
        Number,
        Object,
        ArrayExpected,
        ArrayOther,
        ArrayMixed,
        EmptyArray,
    }

    /// `\u`-escapes the first character of a string literal's content.
    fn escaped(s: &str) -> String {
        let mut chars = s.chars();
        let first = chars.next().unwrap();
        format!("\"\\u{:04x}{}\"", u32::from(first), chars.as_str())
    }

    impl Ident {
        fn text(self, expected: &str) -> Option<String> {
            let q = |s: &str| format!("\"{s}\"");
            Some(match self {
                Self::Missing => return None,
                Self::Null => "null".into(),
                Self::Expected => q(expected),
                Self::ExpectedEscaped => escaped(expected),
                Self::Other => q("someone-else"),
                Self::CaseChanged => q(&expected.to_uppercase()),
                Self::Empty => q(""),
                Self::Number => "42".into(),
                Self::Object => format!("{{\"v\":{}}}", q(expected)),
                Self::ArrayExpected => format!("[{}]", q(expected)),
                Self::ArrayOther => format!("[{},{}]", q("x"), q(expected)),
                Self::ArrayMixed => format!("[{},1]", q(expected)),
                Self::EmptyArray => "[]".into(),
            })
        }

        fn is_array(self) -> bool {
            matches!(
                self,
                Self::ArrayExpected | Self::ArrayOther | Self::ArrayMixed | Self::EmptyArray
            )
        }
    }

    /// The expected value, or in 30% of cases any other form.
    pub(super) fn ident() -> impl Strategy<Value = Ident> {
        let other = prop_oneof![
            4 => Just(Ident::ExpectedEscaped),
            1 => Just(Ident::Missing),
            1 => Just(Ident::Null),
            1 => Just(Ident::Other),
            1 => Just(Ident::CaseChanged),
            1 => Just(Ident::Empty),
            1 => Just(Ident::Number),
            1 => Just(Ident::Object),
            2 => Just(Ident::ArrayExpected),
            2 => Just(Ident::ArrayOther),
            1 => Just(Ident::ArrayMixed),
            1 => Just(Ident::EmptyArray),
        ];
        prop::option::weighted(0.3, other).prop_map(|i| i.unwrap_or(Ident::Expected))
    }

    /// One element of an `aud` array.
    #[derive(Clone, Copy, Debug)]
    pub(super) enum AudElem {
        Expected,
        ExpectedEscaped,
        Other,
        Number,
        Null,
    }

    #[derive(Clone, Debug)]
    pub(super) enum Aud {
        Missing,
        Null,
        One(AudElem),
        Array(Vec<AudElem>),
        Object,
    }

    impl AudElem {
        fn text(self) -> String {
            match self {
                Self::Expected => format!("\"{AUD}\""),
                Self::ExpectedEscaped => escaped(AUD),
                Self::Other => "\"api://other\"".into(),
                Self::Number => "7".into(),
                Self::Null => "null".into(),
            }
        }
    }

    impl Aud {
        fn text(&self) -> Option<String> {
            Some(match self {
                Self::Missing => return None,
                Self::Null => "null".into(),
                Self::One(e) => e.text(),
                Self::Array(v) => format!(
                    "[{}]",
                    v.iter().map(|e| e.text()).collect::<Vec<_>>().join(",")
                ),
                Self::Object => "{}".into(),
            })
        }
    }

    /// The expected audience, or in 30% of cases any other form.
    pub(super) fn aud() -> impl Strategy<Value = Aud> {
        let elem = || {
            prop_oneof![
                6 => Just(AudElem::Expected),
                2 => Just(AudElem::ExpectedEscaped),
                3 => Just(AudElem::Other),
                1 => Just(AudElem::Number),
                1 => Just(AudElem::Null),
            ]
        };
        let other = prop_oneof![
            4 => elem().prop_map(Aud::One),
            8 => prop::collection::vec(elem(), 0..4).prop_map(Aud::Array),
            1 => Just(Aud::Missing),
            1 => Just(Aud::Null),
            1 => Just(Aud::Object),
        ];
        prop::option::weighted(0.3, other).prop_map(|a| a.unwrap_or(Aud::One(AudElem::Expected)))
    }

    /// Awkward custom member values, as JSON text.
    pub(super) fn custom_value() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => json_value().prop_map(|v| v.to_string()),
            2 => prop::sample::select(vec![
                "-0", "1E+2", "0.0000001", "1.7976931348623157e308", "5e-324",
                "123456789012345678901234567890", "-9223372036854775809",
                "18446744073709551616", "1e400", "-1e400",
                r#""\ud83d\ude00""#, r#""\ud800""#, r#""\udc00x""#, r#""\ude00\ud83d""#,
                r#""\u0000""#, r#""a\/b""#, r#""\uFEFF""#, "[]", "{}", "[1,[2,[3]]]",
                r#"{"k":{"k":null}}"#,
            ])
            .prop_map(String::from),
        ]
    }

    #[derive(Clone, Debug)]
    pub(super) struct Case {
        pub(super) exp: Time,
        pub(super) nbf: Time,
        pub(super) iat: Time,
        pub(super) iss: Ident,
        pub(super) sub: Ident,
        pub(super) aud: Aud,
        /// Spelling choices for the registered names (see [`spell`]).
        pub(super) name_spelling: Vec<u8>,
        pub(super) custom: BTreeMap<String, String>,
        /// A permutation of the members.
        pub(super) order: Vec<usize>,
    }

    pub(super) fn case() -> impl Strategy<Value = Case> {
        (
            time(Time::Future(100_000)),
            time(Time::Missing),
            time(Time::Past(1_000)),
            ident(),
            ident(),
            aud(),
            prop::collection::vec(prop_oneof![6 => Just(0u8), 1 => 1u8..3], 6 * 3),
            prop::collection::btree_map("c_[a-z]{1,4}", custom_value(), 0..3),
            Just((0..12).collect::<Vec<usize>>()).prop_shuffle(),
        )
            .prop_map(
                |(exp, nbf, iat, iss, sub, aud, name_spelling, custom, order)| Case {
                    exp,
                    nbf,
                    iat,
                    iss,
                    sub,
                    aud,
                    name_spelling,
                    custom,
                    order,
                },
            )
    }

    impl Case {
        pub(super) fn payload(&self, now: i64) -> String {
            let mut members: Vec<String> = Vec::new();
            let registered = [
                ("exp", self.exp.text(now)),
                ("nbf", self.nbf.text(now)),
                ("iat", self.iat.text(now)),
                ("iss", self.iss.text(ISS)),
                ("sub", self.sub.text(SUB)),
                ("aud", self.aud.text()),
            ];
            for (i, (name, value)) in registered.into_iter().enumerate() {
                if let Some(value) = value {
                    let spelling = &self.name_spelling[i * 3..i * 3 + 3];
                    members.push(format!("{}:{value}", spell(name, spelling)));
                }
            }
            members.extend(self.custom.iter().map(|(k, v)| format!("\"{k}\":{v}")));
            let mut ordered: Vec<&String> = Vec::new();
            for i in &self.order {
                if let Some(m) = members.get(*i) {
                    ordered.push(m);
                }
            }
            format!(
                "{{{}}}",
                ordered
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        }

        /// Documented reasons (D1-D3) for strict-jwt to reject what `jsonwebtoken`
        /// accepts, with the kind strict-jwt reports for each.
        pub(super) fn strict_only_rejections(&self) -> Vec<(&'static str, ErrorKind)> {
            let mut why = Vec::new();
            if self.exp.beyond_i64_within_u64() || self.nbf.beyond_i64_within_u64() {
                why.push(("D1 exp/nbf beyond i64", ErrorKind::InvalidClaim));
            }
            if self.iat.strict_invalid() {
                why.push(("D2 iat type or range", ErrorKind::InvalidClaim));
            }
            if self.iss.is_array() {
                why.push(("D3 iss array", ErrorKind::InvalidClaim));
            }
            why
        }

        /// Documented reasons (R1) for `jsonwebtoken` to reject what strict-jwt accepts.
        pub(super) fn jsonwebtoken_only_rejection(
            &self,
            e: &jwt::errors::Error,
        ) -> Option<&'static str> {
            match e.kind() {
                jwt::errors::ErrorKind::InvalidClaimFormat(c)
                    if c == "nbf" && self.nbf.negative() =>
                {
                    Some("R1 negative nbf")
                }
                _ => None,
            }
        }
    }

    pub(super) struct Both {
        pub(super) strict: Verifier,
        pub(super) key: jwt::DecodingKey,
        pub(super) validation: jwt::Validation,
    }

    pub(super) fn both() -> &'static Both {
        static BOTH: OnceLock<Both> = OnceLock::new();
        BOTH.get_or_init(|| {
            // Both jsonwebtoken backends are compiled in (for benches/asym.rs), so it
            // cannot pick one itself; this fails harmlessly if one is installed already.
            let _ = jwt::crypto::rust_crypto::DEFAULT_PROVIDER.install_default();
            let strict = Verifier::builder()
                .allow(Algorithm::HS256)
                .key(HmacKey::new(Algorithm::HS256, SECRET).unwrap())
                .issuer(ISS)
                .audience(AUD)
                .subject(SUB)
                .build()
                .unwrap();
            let mut validation = jwt::Validation::new(jwt::Algorithm::HS256);
            validation.leeway = 0;
            validation.reject_tokens_expiring_in_less_than = 0;
            validation.validate_exp = true;
            validation.validate_nbf = true;
            validation.validate_aud = true;
            validation.set_issuer(&[ISS]);
            validation.set_audience(&[AUD]);
            validation.sub = Some(SUB.to_owned());
            validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
            Both {
                strict,
                key: jwt::DecodingKey::from_secret(SECRET),
                validation,
            }
        })
    }

    /// JSON equality, except that the numbers 0 and -0.0 are equal (V1).
    pub(super) fn same_json(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                x == y || (x.as_f64() == Some(0.0) && y.as_f64() == Some(0.0))
            }
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
            }
            _ => a == b,
        }
    }

    pub(super) fn jwt_decode(token: &str) -> Result<Map<String, Value>, jwt::errors::Error> {
        let b = both();
        jwt::decode::<Map<String, Value>>(token, &b.key, &b.validation).map(|d| d.claims)
    }
}

fn unix_now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(secs).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// strict-jwt accepts only what `jsonwebtoken` accepts (with the same claims),
    /// except for the documented deliberate differences (see [`differential`]).
    #[test]
    fn strict_rejects_whatever_jsonwebtoken_rejects(case in differential::case()) {
        let now_secs = unix_now();
        let payload = case.payload(now_secs);
        let token = hs_token(
            Algorithm::HS256,
            differential::SECRET,
            r#"{"alg":"HS256","typ":"JWT"}"#,
            &payload,
        );
        let ours = differential::both().strict.verify::<Map<String, Value>>(&token);
        let theirs = differential::jwt_decode(&token);
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => {
                let (ours, theirs) = (Value::Object(ours.into_claims()), Value::Object(theirs));
                prop_assert!(differential::same_json(&ours, &theirs), "{} != {}: {}", ours, theirs, payload);
            }
            (Err(_), Err(_)) => {}
            (Ok(_), Err(e)) => {
                let why = case.jsonwebtoken_only_rejection(&e);
                prop_assert!(why.is_some(), "strict-jwt accepts, jsonwebtoken rejects ({:?}): {}", e, payload);
            }
            (Err(e), Ok(_)) => {
                let why = case.strict_only_rejections();
                prop_assert!(
                    why.iter().any(|(_, k)| *k == e.kind()),
                    "strict-jwt rejects ({:?}), jsonwebtoken accepts, and no documented difference explains it ({:?}): {}",
                    e,
                    why,
                    payload
                );
            }
        }
    }
}
