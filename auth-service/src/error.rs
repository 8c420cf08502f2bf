//! Errors: [`ServiceError`] inside the service, [`ApiError`] on the wire.
//!
//! Every error response is `{"error": ..., "error_description": ...}` (RFC 6750 §3 / RFC
//! 6749 §5.2 style) with `Cache-Control: no-store`. Server faults are logged and answered
//! without detail.

use axum::Json;
use axum::http::header::{CACHE_CONTROL, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use strict_jwt_axum::AuthRejection;

/// A failure inside the service (database, keys, setup).
#[derive(Debug)]
pub enum ServiceError {
    /// SQLite.
    Db(rusqlite::Error),
    /// The JWT library (key building, signing).
    Jwt(strict_jwt::Error),
    /// Stored data that does not make sense.
    Corrupt(&'static str),
    /// A setup step the operator must take.
    Setup(String),
    /// A blocking task panicked or was cancelled.
    Join(tokio::task::JoinError),
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Db(e) => write!(f, "database: {e}"),
            Self::Jwt(e) => write!(f, "jwt: {e}"),
            Self::Corrupt(why) => write!(f, "stored data: {why}"),
            Self::Setup(why) => f.write_str(why),
            Self::Join(e) => write!(f, "task: {e}"),
        }
    }
}

impl std::error::Error for ServiceError {}

impl From<rusqlite::Error> for ServiceError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Db(e)
    }
}

impl From<strict_jwt::Error> for ServiceError {
    fn from(e: strict_jwt::Error) -> Self {
        Self::Jwt(e)
    }
}

impl From<tokio::task::JoinError> for ServiceError {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::Join(e)
    }
}

/// An error response.
#[derive(Debug)]
pub enum ApiError {
    /// 400 `invalid_request`.
    InvalidRequest(&'static str),
    /// 409 `email_taken`.
    EmailTaken,
    /// 401 `invalid_grant`: wrong email or password (one answer for both).
    InvalidCredentials,
    /// 429 `too_many_requests`, with `Retry-After` in seconds.
    TooManyAttempts(u64),
    /// 401 `invalid_grant`: the refresh token is missing, invalid, spent or revoked.
    InvalidRefreshToken(&'static str),
    /// 401 `invalid_token` for an access token the library accepted but the service has
    /// revoked (denied `jti`, old token version, deleted user).
    RevokedAccessToken(&'static str),
    /// The strict-jwt-axum rejection (401, 400, 403 `insufficient_scope`, 503, 500).
    Auth(AuthRejection),
    /// 500, logged.
    Internal(ServiceError),
}

impl From<AuthRejection> for ApiError {
    fn from(e: AuthRejection) -> Self {
        Self::Auth(e)
    }
}

macro_rules! internal {
    ($($t:ty),*) => {$(
        impl From<$t> for ApiError {
            fn from(e: $t) -> Self {
                Self::Internal(e.into())
            }
        }
    )*};
}
internal!(
    ServiceError,
    rusqlite::Error,
    strict_jwt::Error,
    tokio::task::JoinError
);

/// The realm of the service's `WWW-Authenticate` challenges.
pub const REALM: &str = "auth-service";

fn body(status: StatusCode, error: &str, description: &str) -> Response {
    let mut r = (
        status,
        Json(serde_json::json!({"error": error, "error_description": description})),
    )
        .into_response();
    r.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::InvalidRequest(why) => body(StatusCode::BAD_REQUEST, "invalid_request", why),
            Self::EmailTaken => body(
                StatusCode::CONFLICT,
                "email_taken",
                "an account with this email exists",
            ),
            Self::InvalidCredentials => body(
                StatusCode::UNAUTHORIZED,
                "invalid_grant",
                "wrong email or password",
            ),
            Self::TooManyAttempts(secs) => {
                let mut r = body(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_requests",
                    "too many failed logins for this account; retry later",
                );
                r.headers_mut().insert(RETRY_AFTER, HeaderValue::from(secs));
                r
            }
            Self::InvalidRefreshToken(why) => {
                let mut r = body(StatusCode::UNAUTHORIZED, "invalid_grant", why);
                crate::routes::clear_refresh_cookie(r.headers_mut());
                r
            }
            Self::RevokedAccessToken(why) => {
                let mut r = body(StatusCode::UNAUTHORIZED, "invalid_token", why);
                let challenge = format!(
                    "Bearer realm=\"{REALM}\", error=\"invalid_token\", error_description=\"{why}\""
                );
                if let Ok(v) = HeaderValue::from_str(&challenge) {
                    r.headers_mut().insert(WWW_AUTHENTICATE, v);
                }
                r
            }
            Self::Auth(rejection) => rejection.into_response(),
            Self::Internal(e) => {
                tracing::error!(error = %e, "request failed");
                body(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "server_error",
                    "the server could not complete the request",
                )
            }
        }
    }
}
