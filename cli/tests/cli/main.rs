//! Black-box tests of the `jwt` binary against its interface (exit status 0/1/2, first
//! stderr line `error: KIND: ...`): sign/verify round trips for all 15 algorithms (ES512,
//! ES256K and RSA key generation where the backend has them, `unsupported_key`
//! where it does not), one key bound to several `--alg`, one purpose-made token per
//! error kind, the RFC 7515 A.1-A.3 and RFC 8037 A.4 examples verified from their JWK
//! files, token-input rules, a malformed-input sweep that may only ever exit 1 or 2,
//! `decode`, `key generate`/`public`/`thumbprint`, `--help` and `--version`.
//!
//! Shared helpers: [`common`]; one module per command or concern.

mod common;

mod alg_binding;
mod decode;
mod errors;
mod garbage;
mod help;
mod key;
mod rfc;
mod round_trip;
mod sign;
mod verify;
