//! Strict, canonical base64url without padding (RFC 4648 §5, as RFC 7515 §2 uses it).
//!
//! Accepted: only `A-Z a-z 0-9 - _`. Refused: padding `=`, whitespace, `+` and `/`, a
//! length with remainder 1 modulo 4, and non-zero unused bits in the last character.
//! So every byte string has exactly one accepted encoding.
//!
//! Timing: decoding is table-driven and its running time depends only on the input
//! length, except that it stops early on an invalid length. Token segments are public,
//! so this decoder is not meant for secrets; key material in PEM bodies goes through
//! `base64ct` instead.

use crate::error::{Error, Result};
use alloc::string::String;
use alloc::vec::Vec;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `0xFF` marks a byte outside the alphabet; valid entries are 0..=63, so a bitwise OR
/// of every looked-up value has its top bit set iff some input byte was invalid.
const INVALID: u8 = 0xFF;

const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        #[allow(clippy::cast_possible_truncation)] // i < 64
        {
            table[ALPHABET[i] as usize] = i as u8;
        }
        i += 1;
    }
    table
};

/// `DECODE` pre-shifted into a 24-bit group (`shift` = 18, 12, 6 or 0). An invalid byte
/// maps to `0xFF00_0000`, above the 24 data bits, so the OR of a group's four entries is
/// the decoded group, and its top byte is non-zero iff some byte was invalid. Four
/// independent loads and ORs per group, instead of a serial shift chain.
const fn shifted(shift: u32) -> [u32; 256] {
    let mut table = [0xFF00_0000u32; 256];
    let mut i = 0;
    while i < 256 {
        let d = DECODE[i];
        if d != INVALID {
            table[i] = (d as u32) << shift;
        }
        i += 1;
    }
    table
}

const D18: [u32; 256] = shifted(18);
const D12: [u32; 256] = shifted(12);
const D6: [u32; 256] = shifted(6);
const D0: [u32; 256] = shifted(0);

/// Decodes one 4-character group (top byte non-zero if any character is invalid).
#[inline(always)]
fn group(c: &[u8]) -> u32 {
    D18[usize::from(c[0])] | D12[usize::from(c[1])] | D6[usize::from(c[2])] | D0[usize::from(c[3])]
}

const ERR_LENGTH: Error = Error::malformed("base64url length is not valid");
const ERR_ALPHABET: Error = Error::malformed("base64url contains a byte outside the alphabet");
const ERR_NON_CANONICAL: Error = Error::malformed("base64url has non-zero trailing bits");
const ERR_BUFFER: Error = Error::malformed("output buffer too small for base64url decoding");

/// Length of the unpadded encoding of `n` bytes. Saturates instead of overflowing.
#[must_use]
pub const fn encoded_len(n: usize) -> usize {
    let full = (n / 3).saturating_mul(4);
    match n % 3 {
        0 => full,
        1 => full.saturating_add(2),
        _ => full.saturating_add(3),
    }
}

/// Length of the bytes an encoding of `encoded_len` characters decodes to.
///
/// # Errors
/// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) when `encoded_len % 4 == 1`,
/// which no byte string encodes to.
pub const fn decoded_len(encoded_len: usize) -> Result<usize> {
    let full = encoded_len / 4 * 3;
    match encoded_len % 4 {
        0 => Ok(full),
        2 => Ok(full + 1),
        3 => Ok(full + 2),
        _ => Err(ERR_LENGTH),
    }
}

/// Encodes `input`, returning a new string.
#[must_use]
pub fn encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(encoded_len(input.len()));
    encode_into(input, &mut out);
    out
}

/// Appends the encoding of `input` to `out`.
pub fn encode_into(input: &[u8], out: &mut String) {
    let mut bytes = core::mem::take(out).into_bytes();
    encode_to_vec(input, &mut bytes);
    // Only ASCII was appended to valid UTF-8, so this cannot fail.
    *out = String::from_utf8(bytes).unwrap_or_default();
}

/// Appends the encoding of `input` to a byte buffer (the signer builds tokens this way
/// and checks UTF-8 once at the end).
pub(crate) fn encode_to_vec(input: &[u8], out: &mut Vec<u8>) {
    out.reserve(encoded_len(input.len()));
    let mut chunks = input.chunks_exact(3);
    let sym = |v: u32| ALPHABET[(v & 0x3f) as usize];
    for c in &mut chunks {
        let v = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[sym(v >> 18), sym(v >> 12), sym(v >> 6), sym(v)]);
    }
    match *chunks.remainder() {
        [a] => {
            let v = u32::from(a) << 16;
            out.extend_from_slice(&[sym(v >> 18), sym(v >> 12)]);
        }
        [a, b] => {
            let v = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[sym(v >> 18), sym(v >> 12), sym(v >> 6)]);
        }
        _ => {}
    }
}

/// Replaces `buf[start..]` (raw bytes) with their encoding, in place: no second buffer.
/// The bytes are first moved right by `encoded_len(n) - n`, then encoded front to back;
/// each 3-byte group is read before its 4 characters are written, and the writes never
/// reach a group not yet read. Reallocates only if `buf` lacks the capacity.
pub(crate) fn encode_in_place(buf: &mut Vec<u8>, start: usize) {
    let n = buf.len().saturating_sub(start);
    let enc = encoded_len(n);
    let shift = enc - n;
    buf.resize(start + enc, 0);
    buf.copy_within(start..start + n, start + shift);
    let sym = |v: u32| ALPHABET[(v & 0x3f) as usize];
    let (mut src, mut dst) = (start + shift, start);
    while src + 3 <= buf.len() {
        let v =
            (u32::from(buf[src]) << 16) | (u32::from(buf[src + 1]) << 8) | u32::from(buf[src + 2]);
        buf[dst..dst + 4].copy_from_slice(&[sym(v >> 18), sym(v >> 12), sym(v >> 6), sym(v)]);
        src += 3;
        dst += 4;
    }
    match buf.len() - src {
        1 => {
            let v = u32::from(buf[src]) << 16;
            buf[dst..dst + 2].copy_from_slice(&[sym(v >> 18), sym(v >> 12)]);
        }
        2 => {
            let v = (u32::from(buf[src]) << 16) | (u32::from(buf[src + 1]) << 8);
            buf[dst..dst + 3].copy_from_slice(&[sym(v >> 18), sym(v >> 12), sym(v >> 6)]);
        }
        _ => {}
    }
}

/// Decodes `input` into a new vector.
///
/// # Errors
/// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) for any input that is not
/// canonical unpadded base64url.
pub fn decode(input: impl AsRef<[u8]>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    decode_to_vec(input.as_ref(), &mut out)?;
    Ok(out)
}

/// Replaces the contents of `out` with the decoding of `input`, reusing its capacity.
/// On error `out` is left empty.
///
/// # Errors
/// As [`decode`].
pub fn decode_to_vec(input: &[u8], out: &mut Vec<u8>) -> Result<()> {
    out.clear();
    let len = decoded_len(input.len())?;
    out.resize(len, 0);
    match decode_into(input, out) {
        Ok(_) => Ok(()),
        Err(e) => {
            out.clear();
            Err(e)
        }
    }
}

/// Decodes `input` into the front of `out` and returns the written part.
///
/// # Errors
/// As [`decode`]; also when `out` is shorter than [`decoded_len`] of the input.
pub fn decode_into<'o>(input: &[u8], out: &'o mut [u8]) -> Result<&'o [u8]> {
    let len = decoded_len(input.len())?;
    let Some(full) = out.get_mut(..len) else {
        return Err(ERR_BUFFER);
    };
    // Invalid characters set bits 24..31 of their group (see `shifted`).
    let mut groups = 0u32;
    // Eight characters (two groups, 48 bits) per step, then four, then the 2- or
    // 3-character tail.
    let whole8 = input.len() / 8;
    let (in8, rest_in) = input.split_at(whole8 * 8);
    let (out8, rest_out) = full.split_at_mut(whole8 * 6);
    for (i, o) in in8.chunks_exact(8).zip(out8.chunks_exact_mut(6)) {
        let (hi, lo) = (group(&i[..4]), group(&i[4..]));
        groups |= hi | lo;
        let [_, _, b0, b1, b2, b3, b4, b5] = ((u64::from(hi) << 24) | u64::from(lo)).to_be_bytes();
        o.copy_from_slice(&[b0, b1, b2, b3, b4, b5]);
    }
    let mut in_chunks = rest_in.chunks_exact(4);
    let mut out_chunks = rest_out.chunks_exact_mut(3);
    for (i, o) in (&mut in_chunks).zip(&mut out_chunks) {
        let v = group(i);
        groups |= v;
        let [_, b0, b1, b2] = v.to_be_bytes();
        o.copy_from_slice(&[b0, b1, b2]);
    }
    let mut acc = if groups & 0xFF00_0000 != 0 {
        INVALID
    } else {
        0
    };
    // `decoded_len` guarantees the tails line up: 2 chars -> 1 byte, 3 chars -> 2 bytes.
    let mut unused_bits = 0u8;
    match (in_chunks.remainder(), out_chunks.into_remainder()) {
        ([x, y], [o0]) => {
            let (a, b) = (DECODE[usize::from(*x)], DECODE[usize::from(*y)]);
            acc |= a | b;
            *o0 = (a << 2) | (b >> 4);
            unused_bits = b & 0x0f;
        }
        ([x, y, z], [o0, o1]) => {
            let (a, b, c) = (
                DECODE[usize::from(*x)],
                DECODE[usize::from(*y)],
                DECODE[usize::from(*z)],
            );
            acc |= a | b | c;
            *o0 = (a << 2) | (b >> 4);
            *o1 = (b << 4) | (c >> 2);
            unused_bits = c & 0x03;
        }
        _ => {}
    }
    if acc & 0x80 != 0 {
        return Err(ERR_ALPHABET);
    }
    if unused_bits != 0 {
        return Err(ERR_NON_CANONICAL);
    }
    Ok(full)
}

/// Checks that `input` is canonical base64url without decoding it.
///
/// # Errors
/// As [`decode`].
pub fn validate(input: &[u8]) -> Result<()> {
    decoded_len(input.len())?;
    let mut acc = 0u8;
    for &b in input {
        acc |= DECODE[usize::from(b)];
    }
    if acc & 0x80 != 0 {
        return Err(ERR_ALPHABET);
    }
    let mask = match input.len() % 4 {
        2 => 0x0f,
        3 => 0x03,
        _ => 0,
    };
    match input.last() {
        Some(&last) if DECODE[usize::from(last)] & mask != 0 => Err(ERR_NON_CANONICAL),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn encode_in_place_matches_encode_for_every_length_and_offset() {
        for n in 0..200usize {
            let data: Vec<u8> = (0..n)
                .map(|i| u8::try_from((i * 37 + n) % 251).unwrap_or(0))
                .collect();
            for prefix in [0usize, 1, 5] {
                let mut buf = vec![b'.'; prefix];
                buf.extend_from_slice(&data);
                encode_in_place(&mut buf, prefix);
                assert_eq!(&buf[..prefix], &vec![b'.'; prefix][..]);
                assert_eq!(&buf[prefix..], encode(&data).as_bytes(), "n = {n}");
            }
        }
    }

    use super::*;

    #[test]
    fn rfc4648_vectors_in_url_alphabet() {
        let cases: [(&[u8], &str); 7] = [
            (b"", ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (b"fooba", "Zm9vYmE"),
            (b"foobar", "Zm9vYmFy"),
        ];
        for (raw, enc) in cases {
            assert_eq!(encode(raw), enc);
            assert_eq!(decode(enc).unwrap(), raw, "decoding {enc:?}");
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn rejects_padding_whitespace_std_alphabet_and_bad_lengths() {
        for bad in ["Zg==", "Zm9v ", "Zm9v\n", "+/8", "Z", "Zm9vY", "Zh", "Zm9"] {
            assert!(decode(bad).is_err(), "{bad:?} must be rejected");
            assert!(
                validate(bad.as_bytes()).is_err(),
                "{bad:?} must not validate"
            );
        }
    }

    #[test]
    fn decode_into_refuses_short_buffer() {
        let mut buf = [0u8; 2];
        assert!(decode_into(b"Zm9v", &mut buf).is_err());
    }
}
