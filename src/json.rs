//! A strict JSON (RFC 8259) parser that is also a `serde::Deserializer`.
//!
//! Why not `serde_json::from_slice`: it lets the last of two equal member names win
//! (RFC 7515 §4 and RFC 7519 §4 require rejecting them, and `{"alg":"HS256","alg":"none"}`
//! is a known attack shape), and it does not see members the target type ignores.
//! This parser rejects duplicate member names at every nesting level, compares names
//! after unescaping (`"\u0061lg"` is `"alg"`), validates every byte it skips, caps the
//! nesting depth, and hands unescaped strings to the visitor borrowed from the input.
//! Input must already be `&str`, so UTF-8 is checked once, up front, by the caller.

use crate::error::{Error, ErrorKind};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;
use serde::de::{self, DeserializeSeed, Visitor};
// Duplicate detection for large objects; without `std` an ordered set does the job.
#[cfg(not(feature = "std"))]
use alloc::collections::BTreeSet as HashSet;
#[cfg(feature = "std")]
use std::collections::HashSet;

/// Maximum nesting of arrays and objects; deeper input is refused, never recursed into.
pub(crate) const MAX_DEPTH: u32 = 64;
/// Objects with more members than this switch from a linear duplicate scan to a hash set,
/// so that duplicate detection is never quadratic in the input size.
const LINEAR_KEY_SCAN: usize = 24;

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
        unescape_into(self.raw, &mut s);
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

/// Index of the first byte at or after `i` that is `"`, `\\` or a control character,
/// looking at eight bytes per step (SWAR); `bytes.len()` if there is none.
#[inline]
fn skip_plain(bytes: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Per byte: high bit set in `zero(v)` iff that byte of v is zero (exact for the
        // lowest such byte, which is all we need); `x < 0x20` by subtraction.
        let zero = |v: u64| v.wrapping_sub(LO) & !v & HI;
        let special = zero(x ^ (LO * u64::from(b'"')))
            | zero(x ^ (LO * u64::from(b'\\')))
            | (x.wrapping_sub(LO * 0x20) & !x & HI);
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

/// Appends the unescaped value of a string body that [`Parser::parse_str`] validated.
fn unescape_into(raw: &str, out: &mut String) {
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut start = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&raw[start..i]);
        let esc = bytes.get(i + 1).copied().unwrap_or(b'\\');
        i += 2;
        let c = match esc {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            _ => {
                let hi = hex4(bytes, i).unwrap_or(0xFFFD);
                i += 4;
                let cp = if (0xD800..0xDC00).contains(&hi) {
                    let lo = hex4(bytes, i + 2).unwrap_or(0xDC00);
                    i += 6;
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                char::from_u32(cp).unwrap_or('\u{FFFD}')
            }
        };
        out.push(c);
        start = i;
    }
    out.push_str(raw.get(start..).unwrap_or(""));
}

fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at.checked_add(4)?)?;
    let mut v = 0u32;
    for &d in digits {
        v = (v << 4) | char::from(d).to_digit(16)?;
    }
    Some(v)
}

/// Names kept inline before the key stack spills to the heap: a 9-claim payload and
/// its header never allocate.
const INLINE_KEYS: usize = 16;

/// The open objects' member names, as positions in the input (so the stack has no
/// lifetime and needs no allocation for the first [`INLINE_KEYS`] names).
#[derive(Default)]
struct KeyStack {
    len: usize,
    /// `(start, len)` of each name's raw text; the top bit of `len` marks escapes.
    inline: [(u32, u32); INLINE_KEYS],
    spilled: Vec<(u32, u32)>,
}

const ESCAPED_BIT: u32 = 1 << 31;

impl KeyStack {
    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, start: usize, key: RawStr<'_>) -> PResult<()> {
        let too_long = || syntax("JSON document too long");
        let start = u32::try_from(start).map_err(|_| too_long())?;
        let len = u32::try_from(key.raw.len())
            .ok()
            .filter(|l| l & ESCAPED_BIT == 0)
            .ok_or_else(too_long)?;
        let entry = (start, len | if key.is_escaped() { ESCAPED_BIT } else { 0 });
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = entry,
            None => self.spilled.push(entry),
        }
        self.len += 1;
        Ok(())
    }

    /// The name at `i` (below `len`), rebuilt from `input`.
    fn get<'de>(&self, input: &'de str, i: usize) -> RawStr<'de> {
        let (start, len) = match self.inline.get(i) {
            Some(&e) => e,
            None => self
                .spilled
                .get(i - INLINE_KEYS)
                .copied()
                .unwrap_or_default(),
        };
        let (start, end) = (
            start as usize,
            start as usize + (len & !ESCAPED_BIT) as usize,
        );
        RawStr {
            raw: input.get(start..end).unwrap_or_default(),
            escaped: usize::from(len & ESCAPED_BIT != 0),
        }
    }

    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
        self.spilled.truncate(self.len.saturating_sub(INLINE_KEYS));
    }
}

/// Member names of one object, for duplicate detection.
pub(crate) struct ObjectKeys<'de> {
    /// Where this object's names start in the parser's shared name stack.
    base: usize,
    /// One bit per unescaped name (a 64-bit Bloom filter): a name whose bit is clear
    /// cannot equal an earlier unescaped name, so the linear scan is skipped.
    bloom: u64,
    /// Some name had escapes: raw bytes no longer decide equality, always scan.
    escaped: bool,
    set: Option<HashSet<Cow<'de, str>>>,
}

/// The Bloom bit of an unescaped name.
fn bloom_bit(raw: &str) -> u64 {
    let b = raw.as_bytes();
    let (first, last) = (b.first().copied(), b.last().copied());
    let mid = b.get(b.len() / 2).copied();
    let h = (b.len() as u64)
        ^ (u64::from(first.unwrap_or(0)) << 8)
        ^ (u64::from(mid.unwrap_or(0)) << 16)
        ^ (u64::from(last.unwrap_or(0)) << 24);
    1 << (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58)
}

/// The parser state. Positions index `input`, which is valid UTF-8.
pub(crate) struct Parser<'de> {
    input: &'de str,
    pos: usize,
    depth: u32,
    /// Names of the objects currently open, innermost last (a stack shared by levels).
    keys: KeyStack,
    scratch: String,
}

impl<'de> Parser<'de> {
    pub(crate) fn new(input: &'de str) -> Self {
        Self::with_depth(input, 0)
    }

    pub(crate) fn with_depth(input: &'de str, depth: u32) -> Self {
        Self {
            input,
            pos: 0,
            depth,
            keys: KeyStack::default(),
            scratch: String::new(),
        }
    }

    fn bytes(&self) -> &'de [u8] {
        self.input.as_bytes()
    }

    #[inline]
    pub(crate) fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    /// Next non-whitespace byte, not consumed.
    #[inline]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes().get(self.pos).copied()
    }

    #[inline]
    pub(crate) fn expect(&mut self, b: u8, detail: &'static str) -> PResult<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(syntax(detail))
        }
    }

    /// After the top-level value: only whitespace may follow.
    pub(crate) fn end(&mut self) -> PResult<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(syntax("trailing characters after JSON value")),
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> PResult<()> {
        let end = self.pos.saturating_add(word.len());
        if self.bytes().get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(syntax("invalid JSON literal"))
        }
    }

    /// Parses a string starting at the opening quote (after whitespace).
    pub(crate) fn parse_str(&mut self) -> PResult<RawStr<'de>> {
        self.expect(b'"', "expected a JSON string")?;
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = skip_plain(bytes, start);
        let mut escaped = false;
        loop {
            let Some(&b) = bytes.get(i) else {
                return Err(syntax("unterminated JSON string"));
            };
            match b {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i += 1;
                    match bytes.get(i) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 1,
                        Some(b'u') => {
                            let cp =
                                hex4(bytes, i + 1).ok_or_else(|| syntax("invalid \\u escape"))?;
                            i += 5;
                            if (0xD800..0xDC00).contains(&cp) {
                                // A high surrogate must be followed by an escaped low one.
                                if bytes.get(i..i + 2) != Some(b"\\u") {
                                    return Err(syntax("unpaired surrogate in JSON string"));
                                }
                                match hex4(bytes, i + 2) {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => i += 6,
                                    _ => return Err(syntax("unpaired surrogate in JSON string")),
                                }
                            } else if (0xDC00..0xE000).contains(&cp) {
                                return Err(syntax("unpaired surrogate in JSON string"));
                            }
                        }
                        _ => return Err(syntax("invalid escape in JSON string")),
                    }
                }
                0x00..=0x1F => return Err(syntax("control character in JSON string")),
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        // `start` and `i` sit next to ASCII quotes, so both are char boundaries.
        let raw = self
            .input
            .get(start..i)
            .ok_or_else(|| syntax("invalid JSON string"))?;
        Ok(RawStr {
            raw,
            escaped: usize::from(escaped),
        })
    }

    /// Scans a number; returns its text and whether it is an integer (no `.`/exponent).
    pub(crate) fn parse_number(&mut self) -> PResult<(&'de str, bool)> {
        self.skip_ws();
        let bytes = self.bytes();
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let s = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - s
        };
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => return Err(syntax("invalid JSON number")),
        }
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            integer = false;
            i += 1;
            if digits(&mut i) == 0 {
                return Err(syntax("invalid JSON number"));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            integer = false;
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(syntax("invalid JSON number"));
            }
        }
        self.pos = i;
        let text = self
            .input
            .get(start..i)
            .ok_or_else(|| syntax("invalid JSON number"))?;
        Ok((text, integer))
    }

    fn enter(&mut self) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            return Err(syntax("JSON nested too deeply"));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Consumes `{` and starts duplicate tracking for the object.
    pub(crate) fn begin_object(&mut self) -> PResult<ObjectKeys<'de>> {
        self.expect(b'{', "expected a JSON object")?;
        self.enter()?;
        Ok(ObjectKeys {
            base: self.keys.len(),
            bloom: 0,
            escaped: false,
            set: None,
        })
    }

    /// Reads the next member name and its `:`; `None` at the closing `}` (consumed).
    /// Rejects a name already seen in this object.
    // Inlined: its 32-byte result returned through memory stalls store forwarding in
    // the per-member loop of the claims parser.
    #[inline(always)]
    pub(crate) fn next_key(&mut self, obj: &mut ObjectKeys<'de>) -> PResult<Option<RawStr<'de>>> {
        let first = self.keys.len() == obj.base && obj.set.is_none();
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.keys.truncate(obj.base);
                self.leave();
                return Ok(None);
            }
            Some(b',') if !first => self.pos += 1,
            Some(_) if first => {}
            _ => return Err(syntax("expected `,` or `}` in JSON object")),
        }
        let key = self.parse_str()?;
        // The closing quote was just consumed: the name's text ends one byte back.
        let start = self.pos - 1 - key.raw.len();
        self.expect(b':', "expected `:` after JSON member name")?;
        self.remember_key(obj, key, start)?;
        Ok(Some(key))
    }

    fn remember_key(
        &mut self,
        obj: &mut ObjectKeys<'de>,
        key: RawStr<'de>,
        start: usize,
    ) -> PResult<()> {
        const DUP: &str = "duplicate JSON member name";
        if let Some(set) = &mut obj.set {
            return if set.insert(key.to_cow()) {
                Ok(())
            } else {
                Err(syntax(DUP))
            };
        }
        obj.escaped |= key.is_escaped();
        let must_scan = if obj.escaped {
            true
        } else {
            let bit = bloom_bit(key.raw);
            let hit = obj.bloom & bit != 0;
            obj.bloom |= bit;
            hit
        };
        let (input, keys) = (self.input, &self.keys);
        let seen = (obj.base..keys.len()).map(|i| keys.get(input, i));
        if must_scan && seen.clone().any(|k| k.value_eq(key)) {
            return Err(syntax(DUP));
        }
        if keys.len() - obj.base < LINEAR_KEY_SCAN {
            self.keys.push(start, key)?;
        } else {
            let mut set: HashSet<Cow<'de, str>> = seen.map(RawStr::to_cow).collect();
            set.insert(key.to_cow());
            self.keys.truncate(obj.base);
            obj.set = Some(set);
        }
        Ok(())
    }

    /// Validates and skips one value, nested duplicates included.
    pub(crate) fn skip_value(&mut self) -> PResult<()> {
        match self.peek() {
            Some(b'"') => self.parse_str().map(drop),
            Some(b'{') => {
                let mut obj = self.begin_object()?;
                while self.next_key(&mut obj)?.is_some() {
                    self.skip_value()?;
                }
                Ok(())
            }
            Some(b'[') => {
                self.pos += 1;
                self.enter()?;
                let mut first = true;
                while self.next_element(&mut first)? {
                    self.skip_value()?;
                }
                Ok(())
            }
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => {
                // A number too large for an f64 is refused wherever it is, as
                // `serde_json` does (found by fuzzing the header: an unused member held
                // `5e300027`). Plain integers of ordinary length cannot overflow.
                let (text, integer) = self.parse_number()?;
                if (!integer || text.len() > 300) && !text.parse::<f64>().is_ok_and(f64::is_finite)
                {
                    return Err(syntax("JSON number out of range"));
                }
                Ok(())
            }
            _ => Err(syntax("expected a JSON value")),
        }
    }

    /// Skips one value and returns its exact text.
    pub(crate) fn raw_value(&mut self) -> PResult<&'de str> {
        self.skip_ws();
        let start = self.pos;
        self.skip_value()?;
        self.input
            .get(start..self.pos)
            .ok_or_else(|| syntax("invalid JSON value"))
    }

    /// Array iteration: `true` if another element follows (separator consumed),
    /// `false` at the closing `]` (consumed).
    pub(crate) fn next_element(&mut self, first: &mut bool) -> PResult<bool> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.leave();
                Ok(false)
            }
            Some(b',') if !*first => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            _ => Err(syntax("expected `,` or `]` in JSON array")),
        }
    }

    /// Consumes `[` (after whitespace).
    pub(crate) fn begin_array(&mut self) -> PResult<()> {
        self.expect(b'[', "expected a JSON array")?;
        self.enter()
    }

    fn visit_str<V: Visitor<'de>>(&mut self, s: RawStr<'de>, visitor: V) -> PResult<V::Value> {
        if s.is_escaped() {
            let mut buf = core::mem::take(&mut self.scratch);
            buf.clear();
            unescape_into(s.raw, &mut buf);
            let r = visitor.visit_str(&buf);
            self.scratch = buf;
            r
        } else {
            visitor.visit_borrowed_str(s.raw)
        }
    }

    fn visit_number<V: Visitor<'de>>(&mut self, visitor: V) -> PResult<V::Value> {
        let (text, integer) = self.parse_number()?;
        NumberDeserializer { text, integer }.visit(visitor)
    }

    /// Drains what a visitor left of an object, validating it.
    fn finish_object(&mut self, obj: &mut ObjectKeys<'de>, done: bool) -> PResult<()> {
        if !done {
            while self.next_key(obj)?.is_some() {
                self.skip_value()?;
            }
        }
        Ok(())
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

impl<'de> de::Deserializer<'de> for &mut Parser<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        match self.peek() {
            Some(b'"') => {
                let s = self.parse_str()?;
                self.visit_str(s, visitor)
            }
            Some(b'{') => {
                let mut obj = self.begin_object()?;
                let mut map = MapAccess {
                    p: &mut *self,
                    obj: &mut obj,
                    done: false,
                };
                let v = visitor.visit_map(&mut map)?;
                let done = map.done;
                self.finish_object(&mut obj, done)?;
                Ok(v)
            }
            Some(b'[') => {
                self.begin_array()?;
                let mut seq = SeqAccess {
                    p: &mut *self,
                    first: true,
                    done: false,
                };
                let v = visitor.visit_seq(&mut seq)?;
                if !seq.done {
                    return Err(DeError::new(Error::new(
                        ErrorKind::InvalidClaim,
                        "array has more elements than expected",
                    )));
                }
                Ok(v)
            }
            Some(b't') => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            Some(b'n') => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            Some(b'-' | b'0'..=b'9') => self.visit_number(visitor),
            _ => Err(syntax("expected a JSON value")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> PResult<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        if self.peek() == Some(b'"') {
            let s = self.parse_str()?;
            if s.is_escaped() {
                visitor.visit_byte_buf(s.to_cow().into_owned().into_bytes())
            } else {
                visitor.visit_borrowed_bytes(s.raw.as_bytes())
            }
        } else {
            self.deserialize_any(visitor)
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> PResult<V::Value> {
        match self.peek() {
            Some(b'"') => {
                let s = self.parse_str()?;
                visitor.visit_enum(de::value::CowStrDeserializer::<DeError>::new(s.to_cow()))
            }
            Some(b'{') => {
                let mut obj = self.begin_object()?;
                let Some(key) = self.next_key(&mut obj)? else {
                    return Err(DeError::new(Error::new(
                        ErrorKind::InvalidClaim,
                        "expected an enum variant",
                    )));
                };
                let v = visitor.visit_enum(EnumAccess { p: &mut *self, key })?;
                if self.next_key(&mut obj)?.is_some() {
                    return Err(DeError::new(Error::new(
                        ErrorKind::InvalidClaim,
                        "enum object has more than one member",
                    )));
                }
                Ok(v)
            }
            _ => Err(DeError::new(Error::new(
                ErrorKind::InvalidClaim,
                "expected an enum",
            ))),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct MapAccess<'a, 'de> {
    p: &'a mut Parser<'de>,
    obj: &'a mut ObjectKeys<'de>,
    done: bool,
}

impl<'de> de::MapAccess<'de> for &mut MapAccess<'_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> PResult<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        match self.p.next_key(self.obj)? {
            Some(key) => seed.deserialize(StrDeserializer(key)).map(Some),
            None => {
                self.done = true;
                Ok(None)
            }
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> PResult<S::Value> {
        seed.deserialize(&mut *self.p)
    }
}

struct SeqAccess<'a, 'de> {
    p: &'a mut Parser<'de>,
    first: bool,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for &mut SeqAccess<'_, 'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> PResult<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        if self.p.next_element(&mut self.first)? {
            seed.deserialize(&mut *self.p).map(Some)
        } else {
            self.done = true;
            Ok(None)
        }
    }
}

/// An already-parsed JSON string (a member name, or a value parsed ahead) handed to a
/// visitor: borrowed when it has no escapes.
pub(crate) struct StrDeserializer<'de>(pub(crate) RawStr<'de>);

impl<'de> de::Deserializer<'de> for StrDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        match self.0.to_cow() {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> PResult<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        match self.0.to_cow() {
            Cow::Borrowed(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
            Cow::Owned(s) => visitor.visit_byte_buf(s.into_bytes()),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> PResult<V::Value> {
        visitor.visit_enum(de::value::CowStrDeserializer::<DeError>::new(
            self.0.to_cow(),
        ))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// An already-scanned JSON number handed to a visitor: integers as `u64`/`i64` when they
/// fit (but `-0` as `-0.0`), otherwise `f64`; non-finite results are refused.
pub(crate) struct NumberDeserializer<'de> {
    pub(crate) text: &'de str,
    pub(crate) integer: bool,
}

impl NumberDeserializer<'_> {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        let text = self.text;
        if self.integer {
            if text.starts_with('-') {
                // `-0` is the float -0.0, as `serde_json` reads it (found by fuzzing).
                match text.parse::<i64>() {
                    Ok(0) => return visitor.visit_f64(-0.0),
                    Ok(v) => return visitor.visit_i64(v),
                    Err(_) => {}
                }
            } else if let Ok(v) = text.parse::<u64>() {
                return visitor.visit_u64(v);
            }
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => visitor.visit_f64(v),
            _ => Err(DeError::new(Error::new(
                ErrorKind::InvalidClaim,
                "number out of range",
            ))),
        }
    }
}

impl<'de> de::Deserializer<'de> for NumberDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        self.visit(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> PResult<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> PResult<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum identifier
    }
}

struct EnumAccess<'a, 'de> {
    p: &'a mut Parser<'de>,
    key: RawStr<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for EnumAccess<'a, 'de> {
    type Error = DeError;
    type Variant = &'a mut Parser<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> PResult<(V::Value, Self::Variant)> {
        let v = seed.deserialize(StrDeserializer(self.key))?;
        Ok((v, self.p))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Parser<'de> {
    type Error = DeError;

    fn unit_variant(self) -> PResult<()> {
        self.literal(b"null").map_err(|_| {
            DeError::new(Error::new(
                ErrorKind::InvalidClaim,
                "expected null for a unit variant",
            ))
        })
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> PResult<T::Value> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> PResult<V::Value> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> PResult<V::Value> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

#[cfg(test)]
mod tests {
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
}
