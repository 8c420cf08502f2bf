//! Authentication failures as RFC 6750 §3 responses.

use crate::credentials::CredentialError;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderValue, StatusCode};
use std::borrow::Cow;
use std::sync::Arc;
use strict_jwt::{ErrorKind, Fault};

/// What went wrong, by whose fault.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// No token in the request (or only credentials of another scheme): 401 with a bare
    /// `WWW-Authenticate: Bearer realm="..."`.
    MissingCredentials,
    /// The request is malformed (RFC 6750 `invalid_request`): 400.
    InvalidRequest(&'static str),
    /// The token failed a check (RFC 6750 `invalid_token`): 401. The library's error
    /// tells which; only its fixed description reaches the client.
    InvalidToken(strict_jwt::Error),
    /// The token is valid but lacks what the route requires (`insufficient_scope`): 403,
    /// with the required scope in the challenge.
    InsufficientScope(Cow<'static, str>),
    /// The server cannot verify right now, the environment's fault (no JWK set fetched,
    /// or it is too old; the platform's crypto or random source failed): 503, no detail
    /// to the client, logged.
    Unavailable(strict_jwt::Error),
    /// The server's own key or configuration is at fault: 500, no detail to the client,
    /// logged.
    ServerError(strict_jwt::Error),
}

/// The rejection of [`Authenticated`](crate::Authenticated) and of the
/// [`BearerAuthLayer`](crate::BearerAuthLayer): an RFC 6750 response.
///
/// | case | status | `WWW-Authenticate` | body `error` |
/// |---|---|---|---|
/// | no token, or another scheme | 401 | `Bearer realm="R"` | `unauthorized` |
/// | malformed credentials | 400 | `Bearer realm="R", error="invalid_request", error_description="..."` | `invalid_request` |
/// | any failed check of the token | 401 | `Bearer realm="R", error="invalid_token", error_description="..."` | `invalid_token` |
/// | missing scope or role | 403 | `Bearer realm="R", error="insufficient_scope", scope="S"` | `insufficient_scope` |
/// | no JWK set available | 503 | none | `temporarily_unavailable` |
/// | server key or configuration fault | 500 | none | `server_error` |
///
/// The body is `{"error": ..., "error_description": ...}`. Descriptions are fixed texts
/// naming the check (`token expired`, `wrong audience` ...): never the token, never a
/// claim value. To answer in another shape, convert it in your own rejection type
/// (`Authenticated<C, MyRejection>` with `MyRejection: From<AuthRejection>`) and read
/// [`AuthRejection::failure`] or [`AuthRejection::error_kind`].
#[derive(Clone, Debug)]
pub struct AuthRejection {
    failure: Failure,
    realm: Arc<str>,
}

impl AuthRejection {
    pub(crate) fn new(failure: Failure, realm: Arc<str>) -> Self {
        let rejection = Self { failure, realm };
        rejection.log();
        rejection
    }

    pub(crate) fn from_credentials(e: CredentialError, realm: Arc<str>) -> Self {
        Self::new(
            match e {
                CredentialError::Missing => Failure::MissingCredentials,
                CredentialError::Invalid(why) => Failure::InvalidRequest(why),
            },
            realm,
        )
    }

    /// Classifies a verification error: environment faults are 503, the application's
    /// key or configuration 500, everything a token can cause 401.
    pub(crate) fn from_jwt(e: strict_jwt::Error, realm: Arc<str>) -> Self {
        let failure = match e.kind().fault() {
            Fault::Token => Failure::InvalidToken(e),
            Fault::Environment => Failure::Unavailable(e),
            _ => Failure::ServerError(e),
        };
        Self::new(failure, realm)
    }

    /// What went wrong.
    #[must_use]
    pub fn failure(&self) -> &Failure {
        &self.failure
    }

    /// The library's error kind, for failures that come from verification.
    #[must_use]
    pub fn error_kind(&self) -> Option<ErrorKind> {
        match &self.failure {
            Failure::InvalidToken(e) | Failure::Unavailable(e) | Failure::ServerError(e) => {
                Some(e.kind())
            }
            _ => None,
        }
    }

    /// The HTTP status of the response.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self.failure {
            Failure::MissingCredentials | Failure::InvalidToken(_) => StatusCode::UNAUTHORIZED,
            Failure::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            Failure::InsufficientScope(_) => StatusCode::FORBIDDEN,
            Failure::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::ServerError(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The RFC 6750 error code (`invalid_request`, `invalid_token`,
    /// `insufficient_scope`), or, outside RFC 6750's cases, the body's `error`
    /// (`unauthorized`, `temporarily_unavailable`, `server_error`).
    #[must_use]
    pub fn error_code(&self) -> &'static str {
        match self.failure {
            Failure::MissingCredentials => "unauthorized",
            Failure::InvalidRequest(_) => "invalid_request",
            Failure::InvalidToken(_) => "invalid_token",
            Failure::InsufficientScope(_) => "insufficient_scope",
            Failure::Unavailable(_) => "temporarily_unavailable",
            Failure::ServerError(_) => "server_error",
        }
    }

    /// The fixed text sent to the client as `error_description`.
    #[must_use]
    pub fn description(&self) -> Cow<'static, str> {
        match &self.failure {
            Failure::MissingCredentials => "a bearer token is required".into(),
            Failure::InvalidRequest(why) => (*why).into(),
            Failure::InvalidToken(e) => token_description(e),
            Failure::InsufficientScope(_) => "the token lacks the required scope".into(),
            Failure::Unavailable(_) => "the server cannot verify tokens right now".into(),
            Failure::ServerError(_) => "internal server error".into(),
        }
    }

    /// The `WWW-Authenticate` challenge, for the statuses that carry one (400, 401, 403).
    #[must_use]
    pub fn www_authenticate(&self) -> Option<HeaderValue> {
        let realm = quoted(&self.realm);
        let value = match &self.failure {
            Failure::MissingCredentials => format!("Bearer realm={realm}"),
            Failure::InvalidRequest(_) | Failure::InvalidToken(_) => format!(
                "Bearer realm={realm}, error=\"{}\", error_description={}",
                self.error_code(),
                quoted(&self.description())
            ),
            Failure::InsufficientScope(scope) => format!(
                "Bearer realm={realm}, error=\"insufficient_scope\", scope={}",
                quoted(scope)
            ),
            Failure::Unavailable(_) | Failure::ServerError(_) => return None,
        };
        HeaderValue::from_str(&value).ok()
    }

    fn log(&self) {
        match &self.failure {
            Failure::Unavailable(e) => {
                tracing::warn!(kind = e.kind().code(), error = %e, "cannot verify bearer tokens");
            }
            Failure::ServerError(e) => {
                tracing::error!(kind = e.kind().code(), error = %e, "bearer verification failed on the server's side");
            }
            Failure::InvalidToken(e) => {
                tracing::debug!(kind = e.kind().code(), error = %e, "bearer token refused");
            }
            Failure::InvalidRequest(why) => tracing::debug!(why, "malformed bearer credentials"),
            Failure::InsufficientScope(scope) => {
                tracing::debug!(scope = %scope, "bearer token lacks scope");
            }
            Failure::MissingCredentials => {}
        }
    }
}

impl core::fmt::Display for AuthRejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.error_code(), self.description())
    }
}

impl std::error::Error for AuthRejection {}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": self.error_code(),
            "error_description": self.description(),
        });
        let mut response = (self.status(), body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(challenge) = self.www_authenticate() {
            headers.insert(WWW_AUTHENTICATE, challenge);
        }
        if let Failure::Unavailable(_) = self.failure {
            headers.insert(RETRY_AFTER, HeaderValue::from_static("30"));
        }
        response
    }
}

/// A fixed description per kind: the library's details may name a claim of the
/// application's type, and a custom `Deserialize` impl could put anything in them.
fn token_description(e: &strict_jwt::Error) -> Cow<'static, str> {
    let text = match e.kind() {
        ErrorKind::Malformed => "malformed token",
        ErrorKind::TooLarge => "token too large",
        ErrorKind::UnsupportedAlgorithm => "unsupported algorithm",
        ErrorKind::AlgorithmNotAllowed => "algorithm not allowed",
        ErrorKind::KeyMismatch => "the token's key is bound to another algorithm",
        ErrorKind::UnknownKey => "unknown signing key",
        ErrorKind::InvalidSignature => "invalid signature",
        ErrorKind::CritUnsupported => "unsupported critical header",
        ErrorKind::Expired => "token expired",
        ErrorKind::NotYetValid => "token not yet valid",
        ErrorKind::IssuedInFuture => "token issued in the future",
        ErrorKind::TooOld => "token too old",
        ErrorKind::WrongIssuer => "wrong issuer",
        ErrorKind::WrongAudience => "wrong audience",
        ErrorKind::WrongSubject => "wrong subject",
        ErrorKind::WrongType => "wrong token type",
        // The claim name comes from the verifier's policy (`exp`, `iss`, a required
        // claim), never from the token.
        ErrorKind::MissingClaim if is_claim_name(e.detail()) => {
            return format!("missing claim {}", e.detail()).into();
        }
        ErrorKind::MissingClaim => "missing claim",
        ErrorKind::InvalidClaim => "invalid claim",
        _ => "invalid token",
    };
    text.into()
}

fn is_claim_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

/// An RFC 9110 quoted-string: `"` and `\` escaped, other bytes outside the visible ASCII
/// range replaced (a header value cannot carry them).
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => out.push('?'),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejection(f: Failure) -> AuthRejection {
        AuthRejection::new(f, Arc::from("api"))
    }

    #[test]
    fn challenges_follow_rfc_6750_section_3() {
        let missing = rejection(Failure::MissingCredentials);
        assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(missing.www_authenticate().unwrap(), "Bearer realm=\"api\"");
        let scope = rejection(Failure::InsufficientScope("admin write".into()));
        assert_eq!(
            scope.www_authenticate().unwrap(),
            "Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"admin write\""
        );
        let request = rejection(Failure::InvalidRequest("the bearer token is empty"));
        assert_eq!(
            request.www_authenticate().unwrap(),
            "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"the bearer token is empty\""
        );
        assert_eq!(request.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn faults_on_the_server_side_are_5xx_without_detail() {
        use strict_jwt::{Algorithm, Verifier};
        // A configuration error the library really produces: an allowlist with no key.
        let config = Verifier::builder()
            .allow(Algorithm::HS256)
            .build()
            .unwrap_err();
        assert_eq!(config.kind(), ErrorKind::Configuration);
        let r = AuthRejection::from_jwt(config, Arc::from("api"));
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(r.error_code(), "server_error");
        assert_eq!(r.description(), "internal server error");
        assert_eq!(r.www_authenticate(), None);
        assert_eq!(r.error_kind(), Some(ErrorKind::Configuration));
        let response = r.into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.headers().get(WWW_AUTHENTICATE).is_none());
    }

    #[test]
    fn realms_are_quoted_strings() {
        assert_eq!(quoted(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quoted("caf\u{e9}\n"), "\"caf??\"");
        let r = AuthRejection::new(Failure::MissingCredentials, Arc::from("my \"api\""));
        assert_eq!(
            r.www_authenticate().unwrap(),
            r#"Bearer realm="my \"api\"""#
        );
    }

    #[test]
    fn claim_names_only_from_safe_details() {
        assert!(is_claim_name("exp"));
        assert!(is_claim_name("https:scope"));
        assert!(!is_claim_name("a b"));
        assert!(!is_claim_name(""));
        assert!(!is_claim_name("\"x\""));
    }
}
