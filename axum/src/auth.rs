//! [`BearerAuth`]: where the keys come from, the realm, where tokens are read.

use crate::credentials::TokenSources;
use crate::rejection::AuthRejection;
use crate::remote::RemoteJwks;
use arc_swap::ArcSwap;
use http::{HeaderMap, HeaderName};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use strict_jwt::{Verified, Verifier};

/// Default realm of the `WWW-Authenticate` challenge.
pub const DEFAULT_REALM: &str = "api";

/// Bearer authentication for a router: the verifier (fixed, or a [`RemoteJwks`]), the
/// realm, and where tokens are read. Put it in the router's state (directly, or as a
/// field with [`FromRef`](axum::extract::FromRef)); `Clone` is an `Arc` clone, and
/// verification takes no lock.
///
/// ```
/// use strict_jwt::{Algorithm, HmacKey, Verifier};
/// use strict_jwt_axum::BearerAuth;
/// let key = HmacKey::generate(Algorithm::HS256)?;
/// let verifier = Verifier::builder().allow(Algorithm::HS256).key(key).audience("api").build()?;
/// let auth = BearerAuth::new(verifier).realm("example").token_cookie("access_token");
/// # let _ = auth;
/// # Ok::<(), strict_jwt::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct BearerAuth {
    inner: Arc<Config>,
}

#[derive(Clone, Debug)]
struct Config {
    keys: Keys,
    realm: Arc<str>,
    sources: TokenSources,
}

#[derive(Clone, Debug)]
enum Keys {
    Fixed(Arc<Verifier>),
    Shared(SharedVerifier),
    Remote(RemoteJwks),
}

/// A verifier the application replaces while requests are served: an issuer that
/// verifies its own tokens and rotates its keys (e.g. with `strict_jwt::KeyRing`) swaps in
/// a verifier for the new set of published keys. Reading it takes no lock; clones share
/// one slot.
///
/// ```
/// use strict_jwt::{Algorithm, HmacKey, Verifier};
/// use strict_jwt_axum::{BearerAuth, SharedVerifier};
/// let build = |key: HmacKey| Verifier::builder().allow(Algorithm::HS256).key(key).build();
/// let shared = SharedVerifier::new(build(HmacKey::generate(Algorithm::HS256)?)?);
/// let auth = BearerAuth::shared(shared.clone());
/// shared.replace(build(HmacKey::generate(Algorithm::HS256)?)?); // `auth` now uses this one
/// # let _ = auth;
/// # Ok::<(), strict_jwt::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SharedVerifier {
    slot: Arc<ArcSwap<Verifier>>,
}

impl SharedVerifier {
    /// A slot holding `verifier`.
    #[must_use]
    pub fn new(verifier: impl Into<Arc<Verifier>>) -> Self {
        Self {
            slot: Arc::new(ArcSwap::new(verifier.into())),
        }
    }

    /// Makes `verifier` the one every clone (and every [`BearerAuth`] built on it) uses
    /// from the next request on.
    pub fn replace(&self, verifier: impl Into<Arc<Verifier>>) {
        self.slot.store(verifier.into());
    }

    /// The current verifier.
    #[must_use]
    pub fn load(&self) -> Arc<Verifier> {
        self.slot.load_full()
    }
}

impl BearerAuth {
    /// Authenticates with a fixed verifier (keys configured in the application).
    #[must_use]
    pub fn new(verifier: impl Into<Arc<Verifier>>) -> Self {
        Self::with_keys(Keys::Fixed(verifier.into()))
    }

    /// Authenticates with a verifier the application replaces at run time (after a key
    /// rotation).
    #[must_use]
    pub fn shared(verifier: SharedVerifier) -> Self {
        Self::with_keys(Keys::Shared(verifier))
    }

    /// Authenticates against a remote JWK set.
    #[must_use]
    pub fn remote(jwks: RemoteJwks) -> Self {
        Self::with_keys(Keys::Remote(jwks))
    }

    fn with_keys(keys: Keys) -> Self {
        Self {
            inner: Arc::new(Config {
                keys,
                realm: Arc::from(DEFAULT_REALM),
                sources: TokenSources::new(),
            }),
        }
    }

    /// The realm named in `WWW-Authenticate` (default [`DEFAULT_REALM`]).
    #[must_use]
    pub fn realm(mut self, realm: &str) -> Self {
        Arc::make_mut(&mut self.inner).realm = Arc::from(realm);
        self
    }

    /// Also read tokens from this cookie (see [`TokenSources::cookie`]).
    #[must_use]
    pub fn token_cookie(mut self, name: impl Into<String>) -> Self {
        let config = Arc::make_mut(&mut self.inner);
        config.sources = config.sources.clone().cookie(name);
        self
    }

    /// Also read tokens from this header (see [`TokenSources::header`]).
    #[must_use]
    pub fn token_header(mut self, name: HeaderName) -> Self {
        let config = Arc::make_mut(&mut self.inner);
        config.sources = config.sources.clone().header(name);
        self
    }

    /// The realm.
    #[must_use]
    pub fn realm_name(&self) -> &str {
        &self.inner.realm
    }

    /// Where tokens are read.
    #[must_use]
    pub fn sources(&self) -> &TokenSources {
        &self.inner.sources
    }

    pub(crate) fn realm_arc(&self) -> Arc<str> {
        Arc::clone(&self.inner.realm)
    }

    /// The request's token, not verified yet: e.g. to verify into borrowed claims with
    /// [`Verifier::verify_borrowed`] and a buffer of the handler's (an axum extractor can
    /// only hand out owned values).
    ///
    /// # Errors
    /// The 401 or 400 [`AuthRejection`] of missing or malformed credentials.
    pub fn token<'h>(&self, headers: &'h HeaderMap) -> Result<&'h str, AuthRejection> {
        self.inner
            .sources
            .extract(headers)
            .map_err(|e| AuthRejection::from_credentials(e, self.realm_arc()))
    }

    /// Reads the token from `headers` and verifies it: what the extractor and the layer
    /// do, for use outside axum (any `http`-based server).
    ///
    /// # Errors
    /// The [`AuthRejection`] to answer with.
    pub async fn authenticate<C: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
    ) -> Result<Verified<'static, C>, AuthRejection> {
        let token = self.token(headers)?;
        self.verify(token).await
    }

    /// Verifies a token taken from elsewhere, with this configuration's keys.
    ///
    /// # Errors
    /// The [`AuthRejection`] to answer with.
    pub async fn verify<C: DeserializeOwned>(
        &self,
        token: &str,
    ) -> Result<Verified<'static, C>, AuthRejection> {
        let result = match &self.inner.keys {
            Keys::Fixed(verifier) => verifier.verify(token),
            Keys::Shared(shared) => shared.slot.load().verify(token),
            Keys::Remote(jwks) => jwks.verify(token).await,
        };
        result.map_err(|e| AuthRejection::from_jwt(e, self.realm_arc()))
    }
}

impl From<Verifier> for BearerAuth {
    fn from(verifier: Verifier) -> Self {
        Self::new(verifier)
    }
}

impl From<RemoteJwks> for BearerAuth {
    fn from(jwks: RemoteJwks) -> Self {
        Self::remote(jwks)
    }
}
