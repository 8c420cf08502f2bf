//! # strict-jwt-axum
//!
//! Bearer-token authentication for [axum](https://docs.rs/axum) and tower on
//! [`strict_jwt`]: strict RFC 6750 credentials, RFC 6750 error responses, and remote
//! JWK sets with OIDC discovery.
//!
//! ```
//! use axum::{Router, routing::get};
//! use strict_jwt::{Algorithm, HmacKey, Verifier};
//! use strict_jwt_axum::{Authenticated, BearerAuth};
//!
//! #[derive(serde::Deserialize)]
//! struct Claims { role: String }
//!
//! async fn me(user: Authenticated<Claims>) -> String {
//!     format!("{:?} is {}", user.registered().sub, user.claims().role)
//! }
//!
//! # fn main() -> Result<(), strict_jwt::Error> {
//! let key = HmacKey::generate(Algorithm::HS256)?;
//! let verifier = Verifier::builder().allow(Algorithm::HS256).key(key).audience("api").build()?;
//! let app: Router = Router::new().route("/me", get(me)).with_state(BearerAuth::new(verifier));
//! # let _ = app; Ok(()) }
//! ```
//!
//! - [`credentials`]: `Authorization: Bearer` parsed strictly (scheme in any case, one
//!   space, one `b64token`), optional cookie or custom header, never the query string;
//!   usable without axum.
//! - [`Authenticated`]: the extractor (and `Option<Authenticated<C>>`); the verifier comes
//!   from the router state through [`BearerAuth`], shared without locks.
//! - [`BearerAuthLayer`]: authenticates a whole router, with scope or role checks.
//! - [`AuthRejection`]: 401/400/403 with RFC 6750 `WWW-Authenticate` challenges, 503/500
//!   for faults on the server's side (logged with `tracing`, never detailed to clients).
//! - [`RemoteJwks`]: an issuer's JWK set over HTTPS, refreshed in the background, with
//!   single-flight fetches for unknown `kid`s, and OIDC discovery.

#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod auth;
pub mod credentials;
mod discovery;
mod extract;
mod fetch;
mod layer;
mod rejection;
mod remote;

pub use auth::{BearerAuth, DEFAULT_REALM, SharedVerifier};
pub use credentials::{CredentialError, TokenSources};
pub use extract::{Authenticated, Scopes};
pub use fetch::FetchError;
pub use layer::{BearerAuthLayer, BearerAuthService};
pub use rejection::{AuthRejection, Failure};
pub use remote::{
    DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT, RemoteJwks, RemoteJwksBuilder, RemoteJwksError,
};
