//! The single-pass claims parser: the application's `Deserialize` reads the payload
//! object while the registered claims are picked out of the same top-level members.

use super::date::NumericDate;
use super::registered::{Audience, RegisteredClaims, claim_error};
use crate::error::{Error, ErrorKind, Result};
use crate::json::{DeError, NumberDeserializer, ObjectKeys, Parser, RawStr, StrDeserializer};
use alloc::string::String;
use alloc::vec::Vec;
use serde::de::{self, DeserializeSeed, Visitor};

/// Picks registered claims out of the top-level members while the application's type
/// is deserialized.
struct Collector<'de, 'p> {
    claims: RegisteredClaims<'de>,
    required: &'p [String],
    present: u64,
}

/// A registered claim's value, parsed ahead, waiting for the application's visitor.
#[derive(Clone, Copy)]
enum Pending<'de> {
    Str(RawStr<'de>),
    Number(&'de str, bool),
    Raw(&'de str),
}

#[derive(Clone, Copy)]
enum Registered {
    Iss,
    Sub,
    Aud,
    Exp,
    Nbf,
    Iat,
    Jti,
}

impl Registered {
    const fn name(self) -> &'static str {
        match self {
            Self::Iss => "iss",
            Self::Sub => "sub",
            Self::Aud => "aud",
            Self::Exp => "exp",
            Self::Nbf => "nbf",
            Self::Iat => "iat",
            Self::Jti => "jti",
        }
    }
}

impl<'de> Collector<'de, '_> {
    /// Notes a member name; returns which registered claim it is, if any.
    fn on_key(&mut self, key: RawStr<'de>) -> Option<Registered> {
        for (i, name) in self.required.iter().enumerate() {
            if key.value_eq_str(name) {
                self.present |= 1 << i;
            }
        }
        let name = key.to_cow();
        Some(match &*name {
            "iss" => Registered::Iss,
            "sub" => Registered::Sub,
            "aud" => Registered::Aud,
            "exp" => Registered::Exp,
            "nbf" => Registered::Nbf,
            "iat" => Registered::Iat,
            "jti" => Registered::Jti,
            _ => return None,
        })
    }

    /// Parses a registered claim's value from the payload parser, type-checks it, keeps
    /// it, and returns it for the application's visitor: each value is scanned once.
    fn record(&mut self, which: Registered, p: &mut Parser<'de>) -> Result<Pending<'de>, DeError> {
        let c = &mut self.claims;
        // A value of the wrong type is an invalid claim, but only once it is known to be
        // JSON at all: `"exp":NaN` is malformed, not a type error.
        let invalid = |p: &mut Parser<'de>, name: &'static str| -> DeError {
            match p.skip_value() {
                Ok(()) => DeError::new(claim_error(ErrorKind::InvalidClaim, name)),
                Err(e) => e,
            }
        };
        let string = |p: &mut Parser<'de>, name| match p.peek() {
            Some(b'"') => p.parse_str(),
            _ => Err(invalid(p, name)),
        };
        let date = |p: &mut Parser<'de>, name| match p.peek() {
            Some(b'-' | b'0'..=b'9') => {
                let (text, integer) = p.parse_number()?;
                let date = NumericDate::from_json_number(text, integer)
                    .ok_or_else(|| DeError::new(claim_error(ErrorKind::InvalidClaim, name)))?;
                Ok((date, Pending::Number(text, integer)))
            }
            _ => Err(invalid(p, name)),
        };
        let pending = match which {
            Registered::Iss | Registered::Sub | Registered::Jti => {
                let s = string(p, which.name())?;
                let slot = match which {
                    Registered::Iss => &mut c.iss,
                    Registered::Sub => &mut c.sub,
                    _ => &mut c.jti,
                };
                *slot = Some(s.to_cow());
                Pending::Str(s)
            }
            Registered::Exp | Registered::Nbf | Registered::Iat => {
                let (d, pending) = date(p, which.name())?;
                let slot = match which {
                    Registered::Exp => &mut c.exp,
                    Registered::Nbf => &mut c.nbf,
                    _ => &mut c.iat,
                };
                *slot = Some(d);
                pending
            }
            Registered::Aud => match p.peek() {
                Some(b'"') => {
                    let s = p.parse_str()?;
                    c.aud = Some(Audience::One(s.to_cow()));
                    Pending::Str(s)
                }
                Some(b'[') => {
                    // Arrays are rare: keep the text and let the visitor re-read it.
                    let raw = p.raw_value()?;
                    let mut sub = Parser::with_depth(raw, TOP_LEVEL_DEPTH);
                    sub.begin_array()?;
                    let mut all = Vec::new();
                    let mut first = true;
                    while sub.next_element(&mut first)? {
                        all.push(string(&mut sub, "aud")?.to_cow());
                    }
                    c.aud = Some(Audience::Many(all));
                    Pending::Raw(raw)
                }
                _ => return Err(invalid(p, "aud")),
            },
        };
        Ok(pending)
    }
}

/// Parses `payload` (already UTF-8-checked) into the registered claims and `C`.
pub(crate) fn parse<'de, C: de::Deserialize<'de>>(
    payload: &'de str,
    required: &[String],
) -> Result<(RegisteredClaims<'de>, C)> {
    let mut p = Parser::new(payload);
    let mut collector = Collector {
        claims: RegisteredClaims::default(),
        required,
        present: 0,
    };
    let custom = C::deserialize(TopLevel {
        p: &mut p,
        c: &mut collector,
    })
    .map_err(DeError::into_error)?;
    p.end().map_err(DeError::into_error)?;
    for (i, name) in required.iter().enumerate() {
        if collector.present & (1 << i) == 0 {
            return Err(Error::with_detail(ErrorKind::MissingClaim, name.clone()));
        }
    }
    Ok((collector.claims, custom))
}

/// The payload object, seen by the application's `Deserialize`.
struct TopLevel<'a, 'p, 'de> {
    p: &'a mut Parser<'de>,
    c: &'a mut Collector<'de, 'p>,
}

impl<'de> TopLevel<'_, '_, 'de> {
    fn run<V: Visitor<'de>>(self, visitor: V, ignore: bool) -> Result<V::Value, DeError> {
        if self.p.peek() != Some(b'{') {
            return Err(DeError::new(Error::malformed(
                "claims are not a JSON object",
            )));
        }
        let mut obj = self.p.begin_object()?;
        let mut map = TopMap {
            p: &mut *self.p,
            c: &mut *self.c,
            obj: &mut obj,
            pending: None,
            awaiting_value: false,
            done: false,
        };
        let v = if ignore {
            visitor.visit_unit()?
        } else {
            visitor.visit_map(&mut map)?
        };
        map.drain()?;
        Ok(v)
    }
}

impl<'de> de::Deserializer<'de> for TopLevel<'_, '_, 'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.run(visitor, false)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.run(visitor, true)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

/// Nesting depth of a top-level member's value (inside the payload object).
const TOP_LEVEL_DEPTH: u32 = 1;

struct TopMap<'a, 'p, 'de> {
    p: &'a mut Parser<'de>,
    c: &'a mut Collector<'de, 'p>,
    obj: &'a mut ObjectKeys<'de>,
    /// Text of a registered claim's value, already consumed from the parser.
    pending: Option<Pending<'de>>,
    awaiting_value: bool,
    done: bool,
}

impl<'de> TopMap<'_, '_, 'de> {
    fn key(&mut self) -> Result<Option<RawStr<'de>>, DeError> {
        if self.awaiting_value {
            // The visitor took a name but not its value.
            self.awaiting_value = false;
            if self.pending.take().is_none() {
                self.p.skip_value()?;
            }
        }
        if self.done {
            return Ok(None);
        }
        let Some(key) = self.p.next_key(self.obj)? else {
            self.done = true;
            return Ok(None);
        };
        if let Some(which) = self.c.on_key(key) {
            self.pending = Some(self.c.record(which, self.p)?);
        }
        self.awaiting_value = true;
        Ok(Some(key))
    }

    fn drain(&mut self) -> Result<(), DeError> {
        while self.key()?.is_some() {}
        Ok(())
    }
}

impl<'de> de::MapAccess<'de> for &mut TopMap<'_, '_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.key()? {
            Some(key) => seed.deserialize(StrDeserializer(key)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        self.awaiting_value = false;
        match self.pending.take() {
            Some(Pending::Str(s)) => seed.deserialize(StrDeserializer(s)),
            Some(Pending::Number(text, integer)) => {
                seed.deserialize(NumberDeserializer { text, integer })
            }
            Some(Pending::Raw(raw)) => {
                let mut sub = Parser::with_depth(raw, TOP_LEVEL_DEPTH);
                let v = seed.deserialize(&mut sub)?;
                sub.end()?;
                Ok(v)
            }
            None => seed.deserialize(&mut *self.p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::borrow::Cow;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Mine<'a> {
        sub: &'a str,
        role: &'a str,
    }

    #[test]
    fn one_pass_gives_registered_and_custom_claims() {
        let payload = r#"{"sub":"alice","role":"admin","exp":10,"aud":["a","b"],"iss":"i\u0021"}"#;
        let (r, mine) = parse::<Mine<'_>>(payload, &[]).unwrap();
        assert_eq!(
            mine,
            Mine {
                sub: "alice",
                role: "admin"
            }
        );
        assert_eq!(r.exp, Some(NumericDate::from_secs(10)));
        assert!(matches!(r.sub, Some(Cow::Borrowed("alice"))));
        assert_eq!(r.iss.as_deref(), Some("i!"));
        assert_eq!(r.aud.unwrap().iter().collect::<Vec<_>>(), ["a", "b"]);
    }

    #[test]
    fn wrong_typed_registered_claims_are_errors_even_when_the_type_ignores_them() {
        for payload in [
            r#"{"nbf":"1700000000"}"#,
            r#"{"exp":null}"#,
            r#"{"iat":true}"#,
            r#"{"iss":1}"#,
            r#"{"sub":{}}"#,
            r#"{"jti":[]}"#,
            r#"{"aud":["a",1]}"#,
            r#"{"aud":{}}"#,
            r#"{"exp":1e400}"#,
        ] {
            let e = parse::<de::IgnoredAny>(payload, &[]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidClaim, "{payload}");
        }
    }

    #[test]
    fn claims_must_be_a_strict_object() {
        for payload in [
            "[1]",
            "\"x\"",
            "{\"a\":1,\"a\":2}",
            "{\"a\":{\"b\":1,\"b\":1}}",
            "{} x",
        ] {
            let e = parse::<serde_json::Value>(payload, &[]).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Malformed, "{payload}");
        }
    }

    #[test]
    fn required_claims_are_tracked_even_when_escaped() {
        let req = [String::from("role"), String::from("tenant")];
        let (_, _) = parse::<de::IgnoredAny>(r#"{"r\u006fle":1,"tenant":2}"#, &req).unwrap();
        let e = parse::<de::IgnoredAny>(r#"{"role":1}"#, &req).unwrap_err();
        assert_eq!((e.kind(), e.detail()), (ErrorKind::MissingClaim, "tenant"));
    }
}
