//! How a command fails: the exit status and the `KIND: message` line on stderr.

use std::path::Path;
use strict_jwt::Error as JwtError;

/// A failure: the exit status and the `KIND: message` line.
pub(crate) struct Failure {
    pub(crate) status: u8,
    pub(crate) kind: &'static str,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            status: 2,
            kind: "usage",
            message: message.into(),
        }
    }

    pub(crate) fn io(path: &Path, e: &std::io::Error) -> Self {
        Self {
            status: 2,
            kind: "io",
            message: format!("{}: {e}", path.display()),
        }
    }

    /// A library error about keys, configuration or arguments: exit 2.
    pub(crate) fn setup(e: &JwtError) -> Self {
        Self {
            status: 2,
            kind: e.kind().code(),
            message: e.to_string(),
        }
    }

    /// A library error about the token: exit 1.
    pub(crate) fn token(e: &JwtError) -> Self {
        Self {
            status: 1,
            kind: e.kind().code(),
            message: e.to_string(),
        }
    }
}

pub(crate) type Outcome<T> = Result<T, Failure>;
