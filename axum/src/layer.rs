//! [`BearerAuthLayer`]: authenticate every request of a router.

use crate::auth::BearerAuth;
use crate::extract::{Authenticated, Scopes};
use crate::rejection::AuthRejection;
use axum::response::{IntoResponse, Response};
use http::Request;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tower_layer::Layer;
use tower_service::Service;

type Check<C> = Arc<dyn Fn(&Authenticated<C>) -> Result<(), AuthRejection> + Send + Sync>;

/// A `tower` layer that authenticates every request before the inner service sees it:
/// a request that fails gets the [`AuthRejection`] response, one that passes carries its
/// [`Authenticated<C>`] in the request extensions (handlers take it with
/// `Authenticated<C>` or `Extension<Authenticated<C>>`; it is not verified twice).
///
/// ```
/// use axum::{Extension, Router, routing::get};
/// use strict_jwt_axum::{Authenticated, BearerAuth, BearerAuthLayer};
///
/// async fn report(Extension(user): Extension<Authenticated<serde_json::Value>>) -> String {
///     format!("{:?}", user.registered().sub)
/// }
/// # fn app(auth: BearerAuth) -> Router {
/// Router::new()
///     .route("/reports", get(report))
///     .layer(BearerAuthLayer::<serde_json::Value>::new(auth).require_scope("reports:read"))
/// # }
/// ```
///
/// Put CORS handling outside the layer: a preflight `OPTIONS` request carries no token.
pub struct BearerAuthLayer<C> {
    auth: BearerAuth,
    /// Cloned with the service on every request, so shared.
    checks: Arc<Vec<Check<C>>>,
    _claims: PhantomData<fn() -> C>,
}

impl<C> Clone for BearerAuthLayer<C> {
    fn clone(&self) -> Self {
        Self {
            auth: self.auth.clone(),
            checks: Arc::clone(&self.checks),
            _claims: PhantomData,
        }
    }
}

impl<C> core::fmt::Debug for BearerAuthLayer<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BearerAuthLayer")
            .field("auth", &self.auth)
            .field("checks", &self.checks.len())
            .finish()
    }
}

impl<C: 'static> BearerAuthLayer<C> {
    /// Authenticates with `auth`, verifying claims into `C`.
    #[must_use]
    pub fn new(auth: BearerAuth) -> Self {
        Self {
            auth,
            checks: Arc::new(Vec::new()),
            _claims: PhantomData,
        }
    }

    /// Also requires these space-delimited scopes (403 otherwise); see
    /// [`Authenticated::require_scope`].
    #[must_use]
    pub fn require_scope(mut self, required: impl Into<String>) -> Self
    where
        C: Scopes,
    {
        let required = required.into();
        Arc::make_mut(&mut self.checks).push(Arc::new(move |a: &Authenticated<C>| {
            a.require_scope(&required)
        }));
        self
    }

    /// Also requires `check` to accept the claims (403 naming `scope` otherwise); see
    /// [`Authenticated::require`].
    #[must_use]
    pub fn require(
        mut self,
        scope: impl Into<Cow<'static, str>>,
        check: impl Fn(&C) -> bool + Send + Sync + 'static,
    ) -> Self {
        let scope = scope.into();
        Arc::make_mut(&mut self.checks).push(Arc::new(move |a: &Authenticated<C>| {
            a.require(scope.clone(), &check)
        }));
        self
    }
}

impl<S, C> Layer<S> for BearerAuthLayer<C> {
    type Service = BearerAuthService<S, C>;

    fn layer(&self, inner: S) -> Self::Service {
        BearerAuthService {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service of [`BearerAuthLayer`].
pub struct BearerAuthService<S, C> {
    inner: S,
    layer: BearerAuthLayer<C>,
}

impl<S: Clone, C> Clone for BearerAuthService<S, C> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            layer: self.layer.clone(),
        }
    }
}

impl<S, C> core::fmt::Debug for BearerAuthService<S, C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BearerAuthService")
            .field("layer", &self.layer)
            .finish_non_exhaustive()
    }
}

impl<S, C, B> Service<Request<B>> for BearerAuthService<S, C>
where
    S: Service<Request<B>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Send + 'static,
    C: DeserializeOwned + Send + Sync + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The clone is not ready; the one `poll_ready` was called on is (tower's rule).
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let layer = self.layer.clone();
        Box::pin(async move {
            let (mut parts, body) = request.into_parts();
            let verified = match layer.auth.authenticate::<C>(&parts.headers).await {
                Ok(v) => Authenticated::<C>::new(v, &layer.auth),
                Err(rejection) => return Ok(rejection.into_response()),
            };
            for check in layer.checks.iter() {
                if let Err(rejection) = check(&verified) {
                    return Ok(rejection.into_response());
                }
            }
            parts.extensions.insert(verified);
            inner.call(Request::from_parts(parts, body)).await
        })
    }
}
