//! `bearer_credentials`: `strict-jwt-axum`'s RFC 6750 parsing of request headers.
//!
//! - `bearer_token` on the raw input agrees with a reference written from the grammar
//!   (`Bearer` in any case, one SP, `b64token`), and says `Missing` exactly for a
//!   well-formed other scheme;
//! - the input as header lines (`name: value`, one per line) through `TokenSources` with
//!   every source configured: a token it returns is exactly one header's value (or its
//!   `Bearer` credentials, or one cookie's value), never a mix, and the same headers
//!   give the same answer twice.
#![no_main]

use http::{HeaderMap, HeaderName, HeaderValue};
use libfuzzer_sys::fuzz_target;
use strict_jwt_axum::credentials::{CredentialError, TokenSources, bearer_token};

fn is_b64token(t: &[u8]) -> bool {
    let body = t.iter().take_while(|&&b| b != b'=').count();
    body > 0
        && t[..body]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b))
        && t[body..].iter().all(|&b| b == b'=')
}

fn is_token(t: &[u8]) -> bool {
    !t.is_empty()
        && t.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fuzz_target!(|data: &[u8]| {
    // The grammar, written out: scheme, then (optionally) one space and the rest.
    let (scheme, rest) = match data.iter().position(|&b| b == b' ') {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let expected = if !is_token(scheme) {
        Err(())
    } else if !scheme.eq_ignore_ascii_case(b"bearer") {
        Ok(None)
    } else {
        match rest {
            Some(t) if is_b64token(t) => Ok(Some(t)),
            _ => Err(()),
        }
    };
    match (bearer_token(data), expected) {
        (Ok(t), Ok(Some(want))) => assert_eq!(t.as_bytes(), want),
        (Err(CredentialError::Missing), Ok(None)) => {}
        (Err(CredentialError::Invalid(why)), Err(())) => assert!(why.is_ascii()),
        (got, want) => panic!("bearer_token: got {got:?}, reference {want:?}"),
    }

    let mut headers = HeaderMap::new();
    let mut values: Vec<Vec<u8>> = Vec::new();
    for line in data.split(|&b| b == b'\n') {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(&line[..colon]),
            HeaderValue::from_bytes(line[colon + 1..].trim_ascii()),
        ) else {
            continue;
        };
        values.push(value.as_bytes().to_vec());
        headers.append(name, value);
    }
    let sources = TokenSources::new()
        .cookie("at")
        .header(HeaderName::from_static("x-token"));
    let first = sources.extract(&headers);
    assert_eq!(first, sources.extract(&headers), "not deterministic");
    if let Ok(token) = first {
        assert!(is_b64token(token.as_bytes()), "returned a non-b64token");
        let t = token.as_bytes();
        let from_one_header = values.iter().any(|v| {
            v == t
                || bearer_token(v) == Ok(token)
                || v.split(|&b| b == b';').any(|c| {
                    let c = c.trim_ascii();
                    c == [b"at=".as_slice(), t].concat()
                        || c == [b"at=\"".as_slice(), t, b"\""].concat()
                })
        });
        assert!(from_one_header, "token not taken from one header");
    }
});
