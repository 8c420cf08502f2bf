//! The strict JSON scanner: strings, numbers, objects with duplicate-name detection,
//! arrays, depth cap, and validated skipping of values nobody reads.

use super::{
    EXPECTED_VALUE, INVALID_NUMBER, MAX_DEPTH, PResult, RawStr, UNPAIRED_SURROGATE, syntax,
};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
// Duplicate detection for large objects; without `std` an ordered set does the job.
#[cfg(not(feature = "std"))]
use alloc::collections::BTreeSet as HashSet;
#[cfg(feature = "std")]
use std::collections::HashSet;

/// Objects with more members than this switch from a linear duplicate scan to a hash set,
/// so that duplicate detection is never quadratic in the input size.
const LINEAR_KEY_SCAN: usize = 24;

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
pub(super) fn unescape_into(raw: &str, out: &mut String) {
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
    pub(super) scratch: String,
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

    pub(super) fn literal(&mut self, word: &'static [u8]) -> PResult<()> {
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
                                    return Err(syntax(UNPAIRED_SURROGATE));
                                }
                                match hex4(bytes, i + 2) {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => i += 6,
                                    _ => return Err(syntax(UNPAIRED_SURROGATE)),
                                }
                            } else if (0xDC00..0xE000).contains(&cp) {
                                return Err(syntax(UNPAIRED_SURROGATE));
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
            _ => return Err(syntax(INVALID_NUMBER)),
        }
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            integer = false;
            i += 1;
            if digits(&mut i) == 0 {
                return Err(syntax(INVALID_NUMBER));
            }
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            integer = false;
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(syntax(INVALID_NUMBER));
            }
        }
        self.pos = i;
        let text = self
            .input
            .get(start..i)
            .ok_or_else(|| syntax(INVALID_NUMBER))?;
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
            _ => Err(syntax(EXPECTED_VALUE)),
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
}
