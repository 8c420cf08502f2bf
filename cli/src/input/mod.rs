//! Reading what the commands work on: files and stdin (size-capped), the token (an
//! argument, a file or stdin), the claims JSON of `sign`, and the JSON of a decoded
//! token segment. Key files: [`key`].

pub(crate) mod key;

use crate::args::TokenInput;
use crate::failure::{Failure, Outcome};
use serde_json::{Map, Value};
use std::io::Read;
use std::path::Path;
use strict_jwt::ErrorKind;

/// Largest file or stdin read (a token is capped far lower by the verifier).
const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// A file's bytes, at most [`MAX_INPUT`] of them.
pub(crate) fn read_file(path: &Path) -> Outcome<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Failure::io(path, &e))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::io(path, &e))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Failure::usage(format!(
            "{}: larger than {MAX_INPUT} bytes",
            path.display()
        )));
    }
    Ok(bytes)
}

/// A key file's text: not UTF-8 is `invalid_key`.
pub(crate) fn read_text(path: &Path) -> Outcome<String> {
    String::from_utf8(read_file(path)?).map_err(|_| Failure {
        status: 2,
        kind: "invalid_key",
        message: format!("{}: not UTF-8 text", path.display()),
    })
}

/// The token: an argument, a file (exact bytes), or stdin (one newline stripped).
pub(crate) fn read_token(input: &TokenInput) -> Outcome<String> {
    let bytes = match (&input.token, &input.token_file) {
        (Some(t), None) if t != "-" => return Ok(t.clone()),
        (_, Some(path)) => read_file(path)?,
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_INPUT + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::io(Path::new("<stdin>"), &e))?;
            if bytes.ends_with(b"\r\n") {
                bytes.truncate(bytes.len() - 2);
            } else if bytes.ends_with(b"\n") {
                bytes.truncate(bytes.len() - 1);
            }
            bytes
        }
    };
    // Not UTF-8 (or absurdly long) cannot be a compact JWS.
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Failure {
            status: 1,
            kind: ErrorKind::TooLarge.code(),
            message: "the token exceeds the length limit".into(),
        });
    }
    String::from_utf8(bytes).map_err(|_| Failure {
        status: 1,
        kind: ErrorKind::Malformed.code(),
        message: "the token is not ASCII".into(),
    })
}

/// `sign`'s other claims: `--claims` JSON, else the `--claims-file` JSON, else none.
pub(crate) fn read_claims(json: Option<&str>, file: Option<&Path>) -> Outcome<Map<String, Value>> {
    match (json, file) {
        (Some(json), _) => parse_claims(json),
        (None, Some(path)) => {
            let text = String::from_utf8(read_file(path)?)
                .map_err(|_| Failure::usage("--claims-file is not UTF-8"))?;
            parse_claims(&text)
        }
        (None, None) => Ok(Map::new()),
    }
}

fn parse_claims(json: &str) -> Outcome<Map<String, Value>> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Failure::usage("the claims must be a JSON object")),
        Err(e) => Err(Failure::usage(format!("the claims are not JSON: {e}"))),
    }
}

/// A decoded token segment (`what`: header or payload) as JSON; `malformed` (exit 1)
/// if it is not.
pub(crate) fn json_of(bytes: &[u8], what: &str) -> Outcome<Value> {
    serde_json::from_slice(bytes).map_err(|_| Failure {
        status: 1,
        kind: ErrorKind::Malformed.code(),
        message: format!("the {what} is not JSON"),
    })
}
