//! The HTTP client behind [`RemoteJwks`](crate::RemoteJwks): GET with a deadline, a size
//! cap, HTTPS unless told otherwise, no redirects, and `Cache-Control: max-age`.

use bytes::Bytes;
use http::header::{ACCEPT, CACHE_CONTROL, CONTENT_LENGTH};
use http::{HeaderMap, Request, Uri};
use http_body_util::{BodyExt, Empty, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::sync::Arc;
use std::time::Duration;

/// Why a fetch gave no document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL is not an absolute `https` URL (or `http`, when allowed).
    InvalidUrl(&'static str),
    /// No answer within the deadline.
    Timeout,
    /// The connection or the TLS handshake failed.
    Transport(String),
    /// An answer other than 200 (redirects are not followed).
    Status(u16),
    /// The body is larger than the cap.
    TooLarge,
}

impl core::fmt::Display for FetchError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::InvalidUrl(why) => write!(f, "invalid URL: {why}"),
            Self::Timeout => f.write_str("no response within the timeout"),
            Self::Transport(e) => write!(f, "transport error: {e}"),
            Self::Status(s) => write!(f, "HTTP status {s}"),
            Self::TooLarge => f.write_str("response larger than the size cap"),
        }
    }
}

impl std::error::Error for FetchError {}

/// A fetched document and the lifetime its response gave it.
#[derive(Debug)]
pub(crate) struct Document {
    pub(crate) body: Bytes,
    pub(crate) max_age: Option<Duration>,
}

#[derive(Clone, Debug)]
pub(crate) struct Fetcher {
    client: Client<HttpsConnector<HttpConnector>, Empty<Bytes>>,
    allow_http: bool,
    timeout: Duration,
    max_size: usize,
}

impl Fetcher {
    pub(crate) fn new(
        tls: Option<rustls::ClientConfig>,
        allow_http: bool,
        timeout: Duration,
        max_size: usize,
    ) -> Result<Self, FetchError> {
        let tls = match tls {
            Some(tls) => tls,
            None => default_tls()?,
        };
        let builder = HttpsConnectorBuilder::new().with_tls_config(tls);
        let connector = if allow_http {
            builder.https_or_http()
        } else {
            builder.https_only()
        }
        .enable_http1()
        .build();
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        Ok(Self {
            client,
            allow_http,
            timeout,
            max_size,
        })
    }

    /// Checks that `url` is one this fetcher may get.
    pub(crate) fn check_url(&self, url: &str) -> Result<Uri, FetchError> {
        let uri: Uri = url
            .parse()
            .map_err(|_| FetchError::InvalidUrl("not a URL"))?;
        if uri.host().is_none_or(str::is_empty) {
            return Err(FetchError::InvalidUrl("no host"));
        }
        match uri.scheme_str() {
            Some("https") => Ok(uri),
            Some("http") if self.allow_http => Ok(uri),
            Some("http") => Err(FetchError::InvalidUrl(
                "plain http is refused unless allow_http() is set",
            )),
            _ => Err(FetchError::InvalidUrl("the scheme must be https")),
        }
    }

    pub(crate) async fn get(&self, uri: &Uri) -> Result<Document, FetchError> {
        match tokio::time::timeout(self.timeout, self.get_unbounded(uri)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout),
        }
    }

    async fn get_unbounded(&self, uri: &Uri) -> Result<Document, FetchError> {
        let request = Request::get(uri.clone())
            .header(ACCEPT, "application/json")
            .body(Empty::new())
            .map_err(|_| FetchError::InvalidUrl("cannot build a request"))?;
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| FetchError::Transport(error_chain(&e)))?;
        if response.status() != http::StatusCode::OK {
            return Err(FetchError::Status(response.status().as_u16()));
        }
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|len| len > self.max_size as u64) {
            return Err(FetchError::TooLarge);
        }
        let max_age = max_age(response.headers());
        let body = Limited::new(response.into_body(), self.max_size)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    FetchError::TooLarge
                } else {
                    FetchError::Transport(e.to_string())
                }
            })?
            .to_bytes();
        Ok(Document { body, max_age })
    }
}

fn default_tls() -> Result<rustls::ClientConfig, FetchError> {
    use hyper_rustls::ConfigBuilderExt;
    // The ring provider is passed in, not installed process-wide, so this works whatever
    // other crates of the application do with rustls.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| FetchError::Transport(e.to_string()))?
        .with_webpki_roots()
        .with_no_client_auth())
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// The response's lifetime from `Cache-Control`: `max-age=N`, or zero for `no-cache` and
/// `no-store`. Several `max-age`s or an unreadable one: none (the policy's default).
pub(crate) fn max_age(headers: &HeaderMap) -> Option<Duration> {
    let mut age = None;
    let mut zero = false;
    for value in headers.get_all(CACHE_CONTROL).iter() {
        let value = value.to_str().ok()?;
        for directive in value.split(',') {
            let directive = directive.trim();
            let (name, arg) = match directive.split_once('=') {
                Some((n, a)) => (n.trim(), Some(a.trim().trim_matches('"'))),
                None => (directive, None),
            };
            if name.eq_ignore_ascii_case("max-age") {
                let secs = arg?.parse::<u64>().ok()?;
                if age.replace(secs).is_some() {
                    return None;
                }
            } else if name.eq_ignore_ascii_case("no-cache") || name.eq_ignore_ascii_case("no-store")
            {
                zero = true;
            }
        }
    }
    if zero {
        Some(Duration::ZERO)
    } else {
        age.map(Duration::from_secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn cc(values: &[&str]) -> Option<Duration> {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(CACHE_CONTROL, HeaderValue::from_str(v).unwrap());
        }
        max_age(&h)
    }

    #[test]
    fn cache_control_max_age() {
        assert_eq!(cc(&[]), None);
        assert_eq!(cc(&["max-age=300"]), Some(Duration::from_secs(300)));
        assert_eq!(
            cc(&["public, Max-Age=60, must-revalidate"]),
            Some(Duration::from_secs(60))
        );
        assert_eq!(cc(&["max-age=\"90\""]), Some(Duration::from_secs(90)));
        assert_eq!(cc(&["no-cache"]), Some(Duration::ZERO));
        assert_eq!(cc(&["max-age=600", "no-store"]), Some(Duration::ZERO));
        assert_eq!(cc(&["max-age=1, max-age=2"]), None);
        assert_eq!(cc(&["max-age=-1"]), None);
        assert_eq!(cc(&["max-age"]), None);
        assert_eq!(cc(&["private"]), None);
    }

    #[tokio::test]
    async fn only_https_unless_allowed() {
        let strict = Fetcher::new(None, false, Duration::from_secs(1), 1024).unwrap();
        let lax = Fetcher::new(None, true, Duration::from_secs(1), 1024).unwrap();
        assert!(strict.check_url("https://issuer.example/jwks").is_ok());
        assert!(strict.check_url("http://127.0.0.1:1/jwks").is_err());
        assert!(lax.check_url("http://127.0.0.1:1/jwks").is_ok());
        for bad in [
            "ftp://x/y",
            "/jwks",
            "https:///jwks",
            "not a url",
            "file:///etc/passwd",
        ] {
            assert!(lax.check_url(bad).is_err(), "{bad}");
        }
    }
}
