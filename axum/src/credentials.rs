//! Where a request carries its token, parsed strictly (RFC 6750 §2), without any framework.
//!
//! [`bearer_token`] reads one `Authorization` value; [`TokenSources::extract`] reads a
//! whole [`HeaderMap`] (the `http` crate's, shared by hyper, axum, tonic, reqwest ...).
//! Query-string tokens (RFC 6750 §2.3) are never read: they end up in logs, browser
//! history and `Referer` headers.

use http::header::{AUTHORIZATION, COOKIE};
use http::{HeaderMap, HeaderName};

/// Why a request yields no token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialError {
    /// The request carries no token at all, or only credentials of another scheme
    /// (`Basic ...`): RFC 6750 §3.1 answers 401 with a bare challenge, no error code.
    Missing,
    /// The request tries to carry a token and does it wrong (two `Authorization`
    /// headers, `Bearer` followed by two spaces or a parameter, a byte outside token68,
    /// a token in two places at once): 400 `invalid_request`. The text is fixed and never
    /// contains request bytes.
    Invalid(&'static str),
}

impl core::fmt::Display for CredentialError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Missing => f.write_str("no bearer token in the request"),
            Self::Invalid(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for CredentialError {}

/// Parses one `Authorization` header value as RFC 6750 §2.1 `Bearer` credentials:
/// the scheme `Bearer` in any ASCII case, exactly one space, then a `b64token`
/// (`1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`) and nothing else.
///
/// A value of another scheme (`Basic dXNlcg==`, `Negotiate`) is
/// [`CredentialError::Missing`]: it is not a bearer token, and RFC 6750 §3.1 treats it as
/// no credentials.
///
/// ```
/// use strict_jwt_axum::credentials::{bearer_token, CredentialError};
/// assert_eq!(bearer_token(b"Bearer abc.def.ghi"), Ok("abc.def.ghi"));
/// assert_eq!(bearer_token(b"bEARER abc.def.ghi"), Ok("abc.def.ghi"));
/// assert_eq!(bearer_token(b"Basic dXNlcjpwYXNz"), Err(CredentialError::Missing));
/// assert!(matches!(bearer_token(b"Bearer  abc"), Err(CredentialError::Invalid(_))));
/// assert!(matches!(bearer_token(b"Bearer abc, realm=x"), Err(CredentialError::Invalid(_))));
/// ```
///
/// # Errors
/// [`CredentialError::Missing`] for another scheme, [`CredentialError::Invalid`] for a
/// `Bearer` value that is not exactly one space and a `b64token`, or a scheme that is
/// not an HTTP token.
pub fn bearer_token(value: &[u8]) -> Result<&str, CredentialError> {
    let (scheme, rest) = match value.iter().position(|&b| b == b' ') {
        Some(i) => (&value[..i], Some(&value[i + 1..])),
        None => (value, None),
    };
    if scheme.is_empty() || !scheme.iter().all(|&b| is_tchar(b)) {
        return Err(CredentialError::Invalid(
            "the Authorization header is not `scheme credentials`",
        ));
    }
    if !scheme.eq_ignore_ascii_case(b"bearer") {
        return Err(CredentialError::Missing);
    }
    let token = match rest {
        None | Some([]) => return Err(CredentialError::Invalid("the bearer token is empty")),
        Some([b' ', ..]) => {
            return Err(CredentialError::Invalid(
                "exactly one space must follow the Bearer scheme",
            ));
        }
        Some(token) => token,
    };
    b64token(token).ok_or(CredentialError::Invalid(
        "the bearer token is not a single b64token",
    ))
}

/// `token` if it is an RFC 6750 `b64token`, as text. A request's header is read on
/// every request, so the check is written to vectorize: no early exit, no table.
fn b64token(token: &[u8]) -> Option<&str> {
    let body_len = token.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    let body = &token[..body_len];
    let body_ok = body.iter().fold(true, |ok, &b| ok & is_b64token_body(b));
    if body_len == 0 || !body_ok {
        return None;
    }
    // Every byte is ASCII here, so this cannot fail.
    core::str::from_utf8(token).ok()
}

/// `ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/"`, as arithmetic.
fn is_b64token_body(b: u8) -> bool {
    let letter = (b | 0x20).wrapping_sub(b'a') < 26;
    let digit = b.wrapping_sub(b'0') < 10;
    letter
        | digit
        | (b == b'-')
        | (b == b'.')
        | (b == b'_')
        | (b == b'~')
        | (b == b'+')
        | (b == b'/')
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Where a request may carry its token: always `Authorization: Bearer`, and optionally a
/// named cookie or a custom header, each only when configured. A request that carries a
/// token in more than one place is refused (RFC 6750 §2: one method per request).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenSources {
    cookie: Option<String>,
    header: Option<HeaderName>,
}

impl TokenSources {
    /// `Authorization: Bearer` only.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Also read the token from the cookie of this name (e.g. for browser clients).
    /// The cookie's value must be a `b64token` too.
    #[must_use]
    pub fn cookie(mut self, name: impl Into<String>) -> Self {
        self.cookie = Some(name.into());
        self
    }

    /// Also read the token from this header, whose whole value is the token
    /// (e.g. `x-access-token`). It must not be `Authorization` or `Cookie`.
    #[must_use]
    pub fn header(mut self, name: HeaderName) -> Self {
        self.header = Some(name);
        self
    }

    /// The configured cookie name, if any.
    #[must_use]
    pub fn cookie_name(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    /// The configured custom header, if any.
    #[must_use]
    pub fn header_name(&self) -> Option<&HeaderName> {
        self.header.as_ref()
    }

    /// The request's token.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue, header::AUTHORIZATION};
    /// use strict_jwt_axum::credentials::{CredentialError, TokenSources};
    /// let mut headers = HeaderMap::new();
    /// assert_eq!(TokenSources::new().extract(&headers), Err(CredentialError::Missing));
    /// headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer a.b.c"));
    /// assert_eq!(TokenSources::new().extract(&headers), Ok("a.b.c"));
    /// headers.append(AUTHORIZATION, HeaderValue::from_static("Bearer a.b.c"));
    /// assert!(matches!(TokenSources::new().extract(&headers), Err(CredentialError::Invalid(_))));
    /// ```
    ///
    /// # Errors
    /// [`CredentialError::Missing`] when no configured source has a token;
    /// [`CredentialError::Invalid`] for two `Authorization` headers (or two of the custom
    /// header, or two cookies of the name), a malformed value, or tokens in two sources.
    pub fn extract<'h>(&self, headers: &'h HeaderMap) -> Result<&'h str, CredentialError> {
        let mut found = None;
        let mut offer = |token: Option<&'h str>| match (token, found) {
            (None, _) => Ok(()),
            (Some(t), None) => {
                found = Some(t);
                Ok(())
            }
            (Some(_), Some(_)) => Err(CredentialError::Invalid(
                "the request carries a token in more than one place",
            )),
        };
        offer(present(authorization(headers))?)?;
        if let Some(name) = &self.header {
            offer(present(custom_header(headers, name))?)?;
        }
        if let Some(name) = &self.cookie {
            offer(present(cookie(headers, name))?)?;
        }
        found.ok_or(CredentialError::Missing)
    }
}

/// `Missing` as "nothing here", every other outcome as it is.
fn present(r: Result<&str, CredentialError>) -> Result<Option<&str>, CredentialError> {
    match r {
        Ok(t) => Ok(Some(t)),
        Err(CredentialError::Missing) => Ok(None),
        Err(e) => Err(e),
    }
}

fn authorization(headers: &HeaderMap) -> Result<&str, CredentialError> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let first = values.next().ok_or(CredentialError::Missing)?;
    if values.next().is_some() {
        return Err(CredentialError::Invalid(
            "the request has more than one Authorization header",
        ));
    }
    bearer_token(first.as_bytes())
}

fn custom_header<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<&'h str, CredentialError> {
    let mut values = headers.get_all(name).iter();
    let first = values.next().ok_or(CredentialError::Missing)?;
    if values.next().is_some() {
        return Err(CredentialError::Invalid(
            "the request has the token header more than once",
        ));
    }
    b64token(first.as_bytes()).ok_or(CredentialError::Invalid(
        "the token header is not a single b64token",
    ))
}

/// The named cookie's value, from every `Cookie` header (RFC 6265 §4.2: `name=value`
/// pairs separated by `; `).
fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Result<&'h str, CredentialError> {
    let mut found = None;
    for header in headers.get_all(COOKIE).iter() {
        for pair in header.as_bytes().split(|&b| b == b';') {
            let pair = pair.trim_ascii();
            let Some(eq) = pair.iter().position(|&b| b == b'=') else {
                continue;
            };
            if &pair[..eq] != name.as_bytes() {
                continue;
            }
            if found.is_some() {
                return Err(CredentialError::Invalid(
                    "the request has the token cookie more than once",
                ));
            }
            let value = &pair[eq + 1..];
            // RFC 6265 allows a value in double quotes.
            let value = value
                .strip_prefix(b"\"")
                .and_then(|v| v.strip_suffix(b"\""))
                .unwrap_or(value);
            found = Some(b64token(value).ok_or(CredentialError::Invalid(
                "the token cookie is not a single b64token",
            ))?);
        }
    }
    found.ok_or(CredentialError::Missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn invalid(r: Result<&str, CredentialError>) -> bool {
        matches!(r, Err(CredentialError::Invalid(_)))
    }

    #[test]
    fn bearer_scheme_in_any_case_one_space_one_b64token() {
        for ok in [
            "Bearer a.b.c",
            "bearer a.b.c",
            "BEARER a.b.c",
            "Bearer a-_~+/.b==",
        ] {
            assert!(bearer_token(ok.as_bytes()).is_ok(), "{ok:?}");
        }
        assert_eq!(bearer_token(b"Bearer x=="), Ok("x=="));
        for bad in [
            "Bearer",
            "Bearer ",
            "Bearer  a.b.c",
            "Bearer a.b.c ",
            "Bearer a.b.c, error=x",
            "Bearer a b",
            "Bearer =abc",
            "Bearer ab=c",
            "Bearer a\tb",
            "Bearer\ta.b.c",
            " Bearer a.b.c",
            "Bea(rer a",
        ] {
            assert!(invalid(bearer_token(bad.as_bytes())), "{bad:?}");
        }
        assert!(invalid(bearer_token("Bearer a.b.\u{e9}".as_bytes())));
        assert!(invalid(bearer_token(b"Bearer a.b.\xff")));
        for other in ["Basic dXNlcjpwYXNz", "Negotiate", "DPoP a.b.c", "Bearerx a"] {
            assert_eq!(
                bearer_token(other.as_bytes()),
                Err(CredentialError::Missing),
                "{other:?}"
            );
        }
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn the_b64token_class_is_exactly_the_grammar() {
        for b in 0..=u8::MAX {
            let grammar = b.is_ascii_alphanumeric() || b"-._~+/".contains(&b);
            assert_eq!(is_b64token_body(b), grammar, "byte {b:#04x}");
        }
    }

    #[test]
    fn sources_are_read_only_when_configured_and_only_one_at_a_time() {
        let all = TokenSources::new()
            .cookie("access_token")
            .header(HeaderName::from_static("x-access-token"));
        let only_auth = TokenSources::new();
        let cookie = headers(&[("cookie", "theme=dark; access_token=c.o.k; lang=en")]);
        assert_eq!(all.extract(&cookie), Ok("c.o.k"));
        assert_eq!(only_auth.extract(&cookie), Err(CredentialError::Missing));
        let quoted = headers(&[("cookie", "access_token=\"c.o.k\"")]);
        assert_eq!(all.extract(&quoted), Ok("c.o.k"));
        let custom = headers(&[("x-access-token", "h.e.d")]);
        assert_eq!(all.extract(&custom), Ok("h.e.d"));
        assert_eq!(only_auth.extract(&custom), Err(CredentialError::Missing));
        // Two places, twice in one place, or a bad value: invalid_request.
        for h in [
            headers(&[
                ("authorization", "Bearer a.b.c"),
                ("x-access-token", "h.e.d"),
            ]),
            headers(&[
                ("authorization", "Bearer a.b.c"),
                ("cookie", "access_token=c"),
            ]),
            headers(&[("cookie", "access_token=a"), ("cookie", "access_token=b")]),
            headers(&[("cookie", "access_token=a; access_token=b")]),
            headers(&[("x-access-token", "a"), ("x-access-token", "b")]),
            headers(&[("x-access-token", "a b")]),
            headers(&[("cookie", "access_token=a,b")]),
        ] {
            assert!(invalid(all.extract(&h)), "{h:?}");
        }
        // Another scheme in Authorization is no token: the cookie is then the token.
        let basic_and_cookie = headers(&[
            ("authorization", "Basic dXNlcg=="),
            ("cookie", "access_token=c.o.k"),
        ]);
        assert_eq!(all.extract(&basic_and_cookie), Ok("c.o.k"));
        // A cookie whose name only ends with the configured one is another cookie.
        let other = headers(&[("cookie", "xaccess_token=a")]);
        assert_eq!(all.extract(&other), Err(CredentialError::Missing));
    }
}
