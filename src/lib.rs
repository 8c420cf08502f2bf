#![forbid(unsafe_code)]
extern crate alloc;

mod alg;
pub mod base64url;
mod claims;
mod error;
mod header;
mod json;
pub mod jwk;
mod key;
mod sign;
mod token;
mod verify;

pub use alg::Algorithm;
pub use alg::hmac::HmacKey;
pub use claims::{Audience, NumericDate, RegisteredClaims};
pub use error::{Error, ErrorKind, Result};
pub use header::{Header, MAX_KID_LEN};
pub use jwk::{Jwk, JwkSet};
pub use key::{SigningKey, VerifyingKey};
pub use sign::{Claims, Signer};
pub use token::{
    DEFAULT_MAX_TOKEN_LEN, InsecureParts, UntrustedToken, Verified, VerifiedJws,
    insecure_decode_without_verification,
};
pub use verify::{MAX_KEYS_TRIED_WITHOUT_KID, Verifier, VerifierBuilder, state};
