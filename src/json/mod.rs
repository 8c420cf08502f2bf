//! A strict JSON (RFC 8259) parser that is also a `serde::Deserializer`.
//!
//! Why not `serde_json::from_slice`: it lets the last of two equal member names win
//! (RFC 7515 §4 and RFC 7519 §4 require rejecting them, and `{"alg":"HS256","alg":"none"}`
//! is a known attack shape), and it does not see members the target type ignores.
//! This parser rejects duplicate member names at every nesting level, compares names
//! after unescaping (`"\u0061lg"` is `"alg"`), validates every byte it skips, caps the
//! nesting depth, and hands unescaped strings to the visitor borrowed from the input.
//! Input must already be `&str`, so UTF-8 is checked once, up front, by the caller.

mod deserializer;
mod parser;
#[cfg(test)]
mod tests;
mod write;

pub(crate) use deserializer::{NumberDeserializer, StrDeserializer};
pub(crate) use parser::{ObjectKeys, Parser};
pub(crate) use write::{Out, push_json_str, write_object};

use crate::error::{Error, ErrorKind};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::de;

/// Maximum nesting of arrays and objects; deeper input is refused, never recursed into.
pub(crate) const MAX_DEPTH: u32 = 64;

/// Error type handed to serde. Wraps the crate error so that kinds survive a round
/// trip through a visitor.
#[derive(Debug)]
pub(crate) struct DeError(Box<Error>);

impl DeError {
    /// Boxed so that parser `Result`s stay small: every `?` on the hot path moves them.
    #[cold]
    pub(crate) fn new(e: Error) -> Self {
        Self(Box::new(e))
    }

    pub(crate) fn into_error(self) -> Error {
        *self.0
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl core::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(Error::with_detail(ErrorKind::InvalidClaim, msg.to_string()))
    }

    // The defaults would echo the offending value from the token into the message.
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::new(Error::with_detail(
            ErrorKind::InvalidClaim,
            alloc::format!("invalid type: {}, expected {exp}", unexpected_kind(&unexp)),
        ))
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::new(Error::with_detail(
            ErrorKind::InvalidClaim,
            alloc::format!("invalid value: {}, expected {exp}", unexpected_kind(&unexp)),
        ))
    }

    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        Self::new(Error::new(ErrorKind::InvalidClaim, "unknown field"))
    }

    fn unknown_variant(_variant: &str, _expected: &'static [&'static str]) -> Self {
        Self::new(Error::new(ErrorKind::InvalidClaim, "unknown enum variant"))
    }
}

fn unexpected_kind(u: &de::Unexpected<'_>) -> &'static str {
    use de::Unexpected as U;
    match u {
        U::Bool(_) => "boolean",
        U::Unsigned(_) | U::Signed(_) | U::Float(_) => "number",
        U::Char(_) | U::Str(_) => "string",
        U::Bytes(_) => "bytes",
        U::Unit => "null",
        U::Option => "option",
        U::NewtypeStruct => "newtype struct",
        U::Seq => "array",
        U::Map => "object",
        U::Enum => "enum",
        U::UnitVariant | U::NewtypeVariant | U::TupleVariant | U::StructVariant => "variant",
        U::Other(_) => "other value",
    }
}

type PResult<T> = Result<T, DeError>;

/// Details repeated by the parser and deserializer.
const INVALID_NUMBER: &str = "invalid JSON number";
const UNPAIRED_SURROGATE: &str = "unpaired surrogate in JSON string";
const EXPECTED_VALUE: &str = "expected a JSON value";

fn syntax(detail: &'static str) -> DeError {
    DeError::new(Error::malformed(detail))
}

/// A JSON string as it appears in the input, between its quotes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawStr<'de> {
    pub(crate) raw: &'de str,
    /// 0 or 1. A word, not a `bool`: with a one-byte flag, `Result<Option<RawStr>>`
    /// gets a packed tail that the compiler copies with overlapping moves, which stall
    /// store forwarding on every member name (measured: a quarter of the claims loop).
    escaped: usize,
}

impl<'de> RawStr<'de> {
    /// Whether the string had JSON escapes (so `raw` is not its value).
    #[inline]
    pub(crate) fn is_escaped(self) -> bool {
        self.escaped != 0
    }

    /// The string's value, borrowed when it has no escapes.
    #[inline]
    pub(crate) fn to_cow(self) -> Cow<'de, str> {
        if self.is_escaped() {
            Cow::Owned(self.unescaped())
        } else {
            Cow::Borrowed(self.raw)
        }
    }

    #[cold]
    fn unescaped(self) -> String {
        let mut s = String::with_capacity(self.raw.len());
        parser::unescape_into(self.raw, &mut s);
        s
    }

    /// Equality of the unescaped values.
    #[inline]
    pub(crate) fn value_eq(self, other: RawStr<'_>) -> bool {
        if !self.is_escaped() && !other.is_escaped() {
            return self.raw == other.raw;
        }
        self.to_cow() == other.to_cow()
    }

    #[inline]
    pub(crate) fn value_eq_str(self, s: &str) -> bool {
        if self.is_escaped() {
            self.to_cow() == s
        } else {
            self.raw == s
        }
    }
}

/// Object members a typed parse does not interpret (header extensions, `x5c`, private
/// names ...), kept in document order as name and exact JSON text of the value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct OtherMembers(Vec<(String, String)>);

impl OtherMembers {
    pub(crate) fn push(&mut self, name: String, raw: &str) {
        self.0.push((name, String::from(raw)));
    }

    /// The exact JSON text of the member `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(n, _)| n)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The members whose name `keep` accepts.
    pub(crate) fn filtered(&self, keep: impl Fn(&str) -> bool) -> Self {
        Self(self.0.iter().filter(|(n, _)| keep(n)).cloned().collect())
    }
}

/// Parses `input` as one strict JSON document into `T`.
#[cfg(test)]
pub(crate) fn from_str<'de, T: de::Deserialize<'de>>(input: &'de str) -> Result<T, Error> {
    let mut p = Parser::new(input);
    let v = T::deserialize(&mut p).map_err(DeError::into_error)?;
    p.end().map_err(DeError::into_error)?;
    Ok(v)
}

/// Checks that `input` is one strict JSON document (syntax, duplicates, depth).
#[cfg(test)]
pub(crate) fn validate(input: &str) -> Result<(), Error> {
    let mut p = Parser::new(input);
    p.skip_value().map_err(DeError::into_error)?;
    p.end().map_err(DeError::into_error)
}
