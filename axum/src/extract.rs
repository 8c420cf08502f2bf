//! The [`Authenticated`] extractor and scope checks.

use crate::auth::BearerAuth;
use crate::rejection::{AuthRejection, Failure};
use axum::extract::{FromRef, FromRequestParts, OptionalFromRequestParts};
use axum::response::IntoResponse;
use http::request::Parts;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::Arc;
use strict_jwt::{Header, RegisteredClaims, Verified};

/// A request whose bearer token verified: the handler gets the claims.
///
/// As an extractor it reads the token (see [`TokenSources`](crate::TokenSources)) and
/// verifies it with the [`BearerAuth`] of the router's state (`BearerAuth: FromRef<S>`);
/// behind a [`BearerAuthLayer`](crate::BearerAuthLayer) it takes the layer's result
/// instead of verifying again (on a router without that state, take the layer's result
/// with `Extension<Authenticated<C>>`). `Option<Authenticated<C>>` is `None` for a request
/// without a token and still refuses a bad one (a broken token is never anonymous).
///
/// `R` is the rejection: [`AuthRejection`] (RFC 6750 responses) by default, or any type
/// of the application's that converts from it.
///
/// ```
/// use axum::{Router, routing::get};
/// use strict_jwt_axum::{Authenticated, BearerAuth};
///
/// #[derive(serde::Deserialize)]
/// struct Claims { name: String }
///
/// async fn me(user: Authenticated<Claims>) -> String {
///     format!("hello {} ({:?})", user.claims().name, user.registered().sub)
/// }
/// # fn app(auth: BearerAuth) -> Router {
/// Router::new().route("/me", get(me)).with_state(auth)
/// # }
/// ```
pub struct Authenticated<C, R = AuthRejection> {
    verified: Arc<Verified<'static, C>>,
    /// The realm of later rejections (`require_scope`).
    realm: Arc<str>,
    _rejection: PhantomData<fn() -> R>,
}

impl<C, R> Clone for Authenticated<C, R> {
    fn clone(&self) -> Self {
        Self {
            verified: Arc::clone(&self.verified),
            realm: Arc::clone(&self.realm),
            _rejection: PhantomData,
        }
    }
}

impl<C: core::fmt::Debug, R> core::fmt::Debug for Authenticated<C, R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Authenticated")
            .field("verified", &self.verified)
            .finish_non_exhaustive()
    }
}

impl<C, R> Authenticated<C, R> {
    /// Wraps a token verified elsewhere (e.g. by [`BearerAuth::authenticate`], or in a
    /// handler's unit test); `auth` gives the realm of later rejections. A [`Verified`]
    /// only comes out of a verifier, so this cannot vouch for an unverified token.
    #[must_use]
    pub fn new(verified: Verified<'static, C>, auth: &BearerAuth) -> Self {
        Self::with_realm(verified, auth.realm_arc())
    }

    pub(crate) fn with_realm(verified: Verified<'static, C>, realm: Arc<str>) -> Self {
        Self {
            verified: Arc::new(verified),
            realm,
            _rejection: PhantomData,
        }
    }

    fn with_rejection<R2>(self) -> Authenticated<C, R2> {
        Authenticated {
            verified: self.verified,
            realm: self.realm,
            _rejection: PhantomData,
        }
    }

    /// The application's claims.
    #[must_use]
    pub fn claims(&self) -> &C {
        self.verified.claims()
    }

    /// The registered claims (`sub`, `iss`, `aud`, `exp`, `jti` ...), borrowing from the
    /// verified payload.
    #[must_use]
    pub fn registered(&self) -> RegisteredClaims<'_> {
        self.verified.registered()
    }

    /// The token's header (`alg`, `kid`, `typ`).
    #[must_use]
    pub fn header(&self) -> &Header {
        self.verified.header()
    }

    /// The whole verified token.
    #[must_use]
    pub fn verified(&self) -> &Verified<'static, C> {
        &self.verified
    }

    /// Requires every space-delimited scope of `required` in the token's `scope` claim
    /// (RFC 9068 §2.2.3, RFC 8693 §4.2).
    ///
    /// # Errors
    /// 403 `insufficient_scope`, naming `required`.
    pub fn require_scope(&self, required: &str) -> Result<(), R>
    where
        C: Scopes,
        R: From<AuthRejection>,
    {
        self.require(required.to_owned(), |c| has_scopes(c.scope(), required))
    }

    /// Requires `check` to accept the claims (e.g. a role); `scope` is what the 403
    /// names as required.
    ///
    /// ```
    /// # use strict_jwt_axum::Authenticated;
    /// # #[derive(serde::Deserialize)] struct Claims { role: String }
    /// async fn admin(user: Authenticated<Claims>) -> Result<&'static str, strict_jwt_axum::AuthRejection> {
    ///     user.require("admin", |c| c.role == "admin")?;
    ///     Ok("welcome")
    /// }
    /// ```
    ///
    /// # Errors
    /// 403 `insufficient_scope`, naming `scope`.
    pub fn require(
        &self,
        scope: impl Into<Cow<'static, str>>,
        check: impl FnOnce(&C) -> bool,
    ) -> Result<(), R>
    where
        R: From<AuthRejection>,
    {
        if check(self.claims()) {
            Ok(())
        } else {
            Err(R::from(AuthRejection::new(
                Failure::InsufficientScope(scope.into()),
                Arc::clone(&self.realm),
            )))
        }
    }
}

impl<C: Clone, R> Authenticated<C, R> {
    /// The claims, by value (cloned only if a clone of this value is still alive).
    #[must_use]
    pub fn into_claims(self) -> C {
        self.into_verified().into_claims()
    }

    /// The verified token, by value (cloned only if a clone of this value is alive).
    #[must_use]
    pub fn into_verified(self) -> Verified<'static, C> {
        Arc::unwrap_or_clone(self.verified)
    }
}

/// `true` when every scope of `required` is in `granted`.
fn has_scopes(granted: Option<&str>, required: &str) -> bool {
    let granted = granted.unwrap_or("");
    required
        .split(' ')
        .filter(|s| !s.is_empty())
        .all(|r| granted.split(' ').any(|g| g == r))
}

/// Claims types that carry an OAuth `scope` claim: a space-delimited string
/// (RFC 9068 §2.2.3). Implement it for your claims type to use
/// [`Authenticated::require_scope`]:
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Claims { scope: Option<String> }
/// impl strict_jwt_axum::Scopes for Claims {
///     fn scope(&self) -> Option<&str> { self.scope.as_deref() }
/// }
/// ```
pub trait Scopes {
    /// The `scope` claim, if present.
    fn scope(&self) -> Option<&str>;
}

impl Scopes for serde_json::Value {
    fn scope(&self) -> Option<&str> {
        self.get("scope")?.as_str()
    }
}

impl Scopes for serde_json::Map<String, serde_json::Value> {
    fn scope(&self) -> Option<&str> {
        self.get("scope")?.as_str()
    }
}

impl<S, C, R> FromRequestParts<S> for Authenticated<C, R>
where
    BearerAuth: FromRef<S>,
    S: Send + Sync,
    C: DeserializeOwned + Send + Sync + 'static,
    R: From<AuthRejection> + IntoResponse,
{
    type Rejection = R;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(done) = from_layer(parts) {
            return Ok(done);
        }
        let auth = BearerAuth::from_ref(state);
        let verified = auth.authenticate::<C>(&parts.headers).await?;
        Ok(Self::new(verified, &auth))
    }
}

impl<S, C, R> OptionalFromRequestParts<S> for Authenticated<C, R>
where
    BearerAuth: FromRef<S>,
    S: Send + Sync,
    C: DeserializeOwned + Send + Sync + 'static,
    R: From<AuthRejection> + IntoResponse,
{
    type Rejection = R;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        if let Some(done) = from_layer(parts) {
            return Ok(Some(done));
        }
        let auth = BearerAuth::from_ref(state);
        match auth.authenticate::<C>(&parts.headers).await {
            Ok(verified) => Ok(Some(Self::new(verified, &auth))),
            Err(r) if *r.failure() == Failure::MissingCredentials => Ok(None),
            Err(r) => Err(R::from(r)),
        }
    }
}

/// The [`BearerAuthLayer`](crate::BearerAuthLayer)'s result, if it ran: moved out of the
/// extensions, so the claims are not cloned (a second extractor of the same request
/// verifies again; extract `Extension<Authenticated<C>>` before it to have both).
fn from_layer<C: Send + Sync + 'static, R>(parts: &mut Parts) -> Option<Authenticated<C, R>> {
    parts
        .extensions
        .remove::<Authenticated<C>>()
        .map(Authenticated::with_rejection)
}

#[cfg(test)]
mod tests {
    use super::has_scopes;

    #[test]
    fn scopes_are_space_delimited_and_all_required() {
        assert!(has_scopes(Some("read write"), "read"));
        assert!(has_scopes(Some("read write"), "write read"));
        assert!(!has_scopes(Some("read write"), "admin"));
        assert!(!has_scopes(Some("read write"), "read admin"));
        assert!(!has_scopes(Some("readwrite"), "read"));
        assert!(!has_scopes(Some("read,write"), "read"));
        assert!(!has_scopes(None, "read"));
        assert!(has_scopes(None, ""));
    }
}
