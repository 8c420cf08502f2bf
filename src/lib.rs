#![forbid(unsafe_code)]
extern crate alloc;
pub mod base64url;
mod error;
mod json;
mod header;
mod alg;
mod key;
pub use error::{Error, ErrorKind, Result};
pub use alg::Algorithm;
pub use alg::hmac::HmacKey;
pub use key::{VerifyingKey, SigningKey};
pub use header::Header;
