//! Helpers shared by the test suites (`tests/rfc*.rs`, `tests/wycheproof/`,
//! `tests/attacks/`, `tests/jwk_sets/`, ...).
//!
//! The base64url, hex and HMAC helpers here are deliberately independent of the crate
//! under test: they build inputs and compute expected values, so they must not share its
//! bugs.

// Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use serde_json::{Map, Value};
use std::collections::BTreeSet;
use strict_jwt::{Algorithm, Backend, Error, ErrorKind, JwkSet, Verifier, VerifyingKey};

mod text;
// Each test crate uses a different subset.
#[allow(unused_imports)]
pub use text::{b64u_encode, json_value, spell};

/// Parses a vector file embedded with `include_str!`.
pub fn parse_vectors(name: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: vector file is not JSON: {e}"))
}

/// The case with this `id` in an RFC vector file (`jose-vectors/rfc-cases/v1` layout).
pub fn case_by_id(file: &str, doc: &Value, id: &str) -> Value {
    doc["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("{file}: no `cases` array"))
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{file}: no case {id}"))
        .clone()
}

/// A string member of a vector case, named in the failure message.
pub fn str_member<'a>(c: &'a Value, name: &str) -> &'a str {
    c[name]
        .as_str()
        .unwrap_or_else(|| panic!("{}: `{name}` is not a string", c["id"]))
}

/// The error kind of a result, `None` when it is `Ok`.
pub fn kind<T>(r: &Result<T, Error>) -> Option<ErrorKind> {
    r.as_ref().err().map(Error::kind)
}

/// Reads the members of one JSON object and notices members nobody read (ring-style):
/// call [`Fields::finish`] once the case has been run, and a member the harness does
/// not understand fails the test instead of being silently ignored.
pub struct Fields<'a> {
    ctx: String,
    obj: &'a Map<String, Value>,
    read: BTreeSet<&'a str>,
}

impl<'a> Fields<'a> {
    pub fn new(ctx: impl Into<String>, v: &'a Value) -> Self {
        let ctx = ctx.into();
        let obj = v
            .as_object()
            .unwrap_or_else(|| panic!("{ctx}: expected a JSON object"));
        Self {
            ctx,
            obj,
            read: BTreeSet::new(),
        }
    }

    /// The case label used in assertion messages.
    pub fn ctx(&self) -> &str {
        &self.ctx
    }

    /// An optional member (marked as read).
    pub fn opt(&mut self, name: &str) -> Option<&'a Value> {
        let (k, v) = self.obj.get_key_value(name)?;
        self.read.insert(k.as_str());
        Some(v)
    }

    /// A required member (marked as read).
    pub fn req(&mut self, name: &str) -> &'a Value {
        match self.opt(name) {
            Some(v) => v,
            None => panic!("{}: missing member `{name}`", self.ctx),
        }
    }

    /// A required string member.
    pub fn str(&mut self, name: &str) -> &'a str {
        let v = self.req(name);
        v.as_str()
            .unwrap_or_else(|| panic!("{}: member `{name}` is not a string", self.ctx))
    }

    /// A required integer member.
    pub fn i64(&mut self, name: &str) -> i64 {
        let v = self.req(name);
        v.as_i64()
            .unwrap_or_else(|| panic!("{}: member `{name}` is not an integer", self.ctx))
    }

    /// Fails if any member was never read.
    pub fn finish(self) {
        let unread: Vec<&str> = self
            .obj
            .keys()
            .map(String::as_str)
            .filter(|k| !self.read.contains(k))
            .collect();
        assert!(
            unread.is_empty(),
            "{}: the harness does not read member(s) {unread:?}; extend it before trusting the result",
            self.ctx
        );
    }
}

/// `"valid"` -> `true`, `"invalid"` -> `false`; anything else (e.g. Wycheproof
/// `"acceptable"`) is not expected in the selections here and fails.
pub fn expect_valid(ctx: &str, label: &str) -> bool {
    match label {
        "valid" => true,
        "invalid" => false,
        other => panic!("{ctx}: unexpected expected-result label {other:?}"),
    }
}

fn b64u_value(c: u8) -> Option<u32> {
    let p = text::B64U.iter().position(|&a| a == c)?;
    u32::try_from(p).ok()
}

/// Decodes base64url from a vector file; panics on any character outside the alphabet.
pub fn b64u_decode(ctx: &str, input: &str) -> Vec<u8> {
    assert!(
        input.bytes().all(|c| b64u_value(c).is_some()),
        "{ctx}: not base64url: {input:?}"
    );
    b64u_decode_lenient(input)
}

/// Decodes base64url skipping every character outside the alphabet (what a lax decoder
/// does). Used only to classify test cases, never to decide validity.
pub fn b64u_decode_lenient(input: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in input.bytes().filter_map(b64u_value) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits).to_le_bytes()[0]);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Lowercase hex of `bytes` (digests and thumbprints as vector files write them, and a
/// rendering a secret must never appear in).
pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Decodes hex (either case) from a vector file or a constant; panics, naming `ctx`, on
/// an odd length or any character that is not a hex digit.
pub fn hex_decode(ctx: &str, text: &str) -> Vec<u8> {
    assert!(text.len() % 2 == 0, "{ctx}: odd hex length");
    let digit = |i: usize, c: u8| {
        char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
            .unwrap_or_else(|| panic!("{ctx}: not hex at {i}: {text:?}"))
    };
    text.as_bytes()
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| (digit(2 * i, pair[0]) << 4) | digit(2 * i + 1, pair[1]))
        .collect()
}

/// The reference implementation of HMAC and SHA-2 for expected values: `ring` when the
/// build has it, else `aws-lc-rs` (which offers `ring`'s `hmac` and `digest` API). Either
/// is independent of the crate's own HMAC and SHA-2 code (RustCrypto `hmac` and `sha2`).
/// The test suites that use it need one of the two backends (the HMAC-only build runs
/// `tests/build_features.rs` alone).
#[cfg(feature = "ring")]
pub use ring as reference;

#[cfg(all(feature = "aws-lc-rs", not(feature = "ring")))]
pub use aws_lc_rs as reference;

/// HMAC-SHA-256 computed with [`reference`] (`ring` or `aws-lc-rs`), independently of the
/// crate's own HMAC code.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let key = reference::hmac::Key::new(reference::hmac::HMAC_SHA256, key);
    reference::hmac::sign(&key, msg).as_ref().to_vec()
}

// ---- Drivers of the crate under test ----
//
// Unlike the helpers above, these call the crate (its verifier and key sets); they
// compute no expected value, they only run the crate the same way in several suites.

/// A verifier allowing exactly the key's algorithm, with that one key.
pub fn verifier_for(key: VerifyingKey) -> Verifier {
    Verifier::builder()
        .allow(key.algorithm())
        .key(key)
        .build()
        .expect("verifier builds")
}

/// Whether this build has ES512 (P-521): the `aws-lc-rs` feature, whose backend serves
/// every algorithm when it is on. `Backend::ACTIVE` must agree with the features.
pub fn has_es512() -> bool {
    let aws = cfg!(feature = "aws-lc-rs");
    let want = if aws { Backend::AwsLcRs } else { Backend::Ring };
    assert_eq!(Backend::ACTIVE, want, "the backend the features choose");
    assert_eq!(
        Backend::ACTIVE.supports(Algorithm::ES512),
        aws,
        "ES512 support of {:?}",
        Backend::ACTIVE
    );
    aws
}

/// Flips bit `byte % 8` of every byte of the token's signature in turn; every variant
/// must be refused as `InvalidSignature`. Returns the number of variants checked.
pub fn assert_signature_bit_flips_are_invalid(id: &str, verifier: &Verifier, token: &str) -> usize {
    let (input, sig_b64) = token.rsplit_once('.').expect("three segments");
    let sig = b64u_decode(id, sig_b64);
    for byte in 0..sig.len() {
        let mut bad = sig.clone();
        bad[byte] ^= 1 << (byte % 8);
        assert_eq!(
            kind(&verifier.verify_signature_only(&format!("{input}.{}", b64u_encode(&bad)))),
            Some(ErrorKind::InvalidSignature),
            "{id}: signature byte {byte} bit {} flipped",
            byte % 8
        );
    }
    sig.len()
}

/// The verifying keys of a set, or the first skipped key's error (these sets hold one
/// key, or keys that must all be usable).
pub fn set_keys(set: &JwkSet) -> Result<Vec<VerifyingKey>, Error> {
    match set.skipped().first() {
        Some(s) => Err(s.error().clone()),
        None => Ok(set.verifying_keys().cloned().collect()),
    }
}
