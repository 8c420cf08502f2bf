//! The JWS protected header (RFC 7515 §4), parsed once, strictly.

use crate::alg::Algorithm;
use crate::error::{Error, ErrorKind, Result};
use crate::json::{OtherMembers, Parser, RawStr};
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// Longest accepted `kid`, in bytes. Key ids are opaque labels, not documents.
pub const MAX_KID_LEN: usize = 256;

/// Header parameter names registered for JWS and JWE (RFC 7515 §4.1, RFC 7516 §4.1,
/// RFC 7797). `crit` must not list them (RFC 7515 §4.1.11).
const REGISTERED: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
];

/// Members that name or carry keys. They are type-checked and kept, but the crate never
/// fetches or uses a key from a token: keys come only from the application.
const KEY_SOURCES: &[&str] = &["jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256"];

/// A parsed protected header.
///
/// Obtained from a verified token, or unverified from
/// [`UntrustedToken::header`](crate::UntrustedToken::header) to route by `kid`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    alg: Algorithm,
    typ: Option<SmallStr>,
    cty: Option<SmallStr>,
    kid: Option<SmallStr>,
    crit: Option<Vec<String>>,
    b64: Option<bool>,
    /// Every other member: name and exact JSON text of the value.
    other: OtherMembers,
}

impl Header {
    /// `alg`: always present, always one of the implemented algorithms.
    #[must_use]
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    /// `typ`, as written.
    #[must_use]
    pub fn typ(&self) -> Option<&str> {
        self.typ.as_ref().map(SmallStr::as_str)
    }

    /// `cty`, as written.
    #[must_use]
    pub fn cty(&self) -> Option<&str> {
        self.cty.as_ref().map(SmallStr::as_str)
    }

    /// `kid`, as written (at most [`MAX_KID_LEN`] bytes).
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_ref().map(SmallStr::as_str)
    }

    /// `crit`, if present. A verifier refuses every token that has one, since this crate
    /// implements no header extension.
    #[must_use]
    pub fn crit(&self) -> Option<&[String]> {
        self.crit.as_deref()
    }

    /// The RFC 7797 `b64` member, if present.
    #[must_use]
    pub fn b64(&self) -> Option<bool> {
        self.b64
    }

    /// The exact JSON text of any other member (`jwk`, `x5c`, private names ...).
    #[must_use]
    pub fn member_json(&self, name: &str) -> Option<&str> {
        self.other.get(name)
    }

    /// Names of the members other than `alg`, `typ`, `cty`, `kid`, `crit`, `b64`.
    pub fn other_member_names(&self) -> impl Iterator<Item = &str> {
        self.other.names()
    }

    /// Parses the decoded header bytes: UTF-8, one JSON object, duplicate names
    /// refused, `alg` required and implemented, `crit` well formed.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for anything structurally wrong,
    /// [`ErrorKind::UnsupportedAlgorithm`] for an unknown `alg` (including `none`),
    /// [`ErrorKind::CritUnsupported`] for a well-formed `crit`.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self> {
        let text =
            core::str::from_utf8(bytes).map_err(|_| Error::malformed("header is not UTF-8"))?;
        let mut p = Parser::new(text);
        let h = Self::parse_object(&mut p).map_err(crate::json::DeError::into_error)?;
        h.check_crit()?;
        Ok(h)
    }

    fn parse_object(p: &mut Parser<'_>) -> core::result::Result<Self, crate::json::DeError> {
        use crate::json::DeError;
        let mut obj = p.begin_object()?;
        let mut alg = None;
        let mut h = Self {
            alg: Algorithm::HS256,
            typ: None,
            cty: None,
            kid: None,
            crit: None,
            b64: None,
            other: OtherMembers::default(),
        };
        let string =
            |p: &mut Parser<'_>, what: &'static str| -> core::result::Result<SmallStr, DeError> {
                if p.peek() != Some(b'"') {
                    return Err(DeError::new(Error::malformed(what)));
                }
                Ok(SmallStr::new(&p.parse_str()?.to_cow()))
            };
        while let Some(key) = p.next_key(&mut obj)? {
            let name = key.to_cow();
            match &*name {
                "alg" => {
                    // Resolved after the whole object parsed: a duplicate member is
                    // malformed whatever the first `alg` said.
                    alg = Some(string(p, "header `alg` must be a string")?);
                }
                "typ" => h.typ = Some(string(p, "header `typ` must be a string")?),
                "cty" => h.cty = Some(string(p, "header `cty` must be a string")?),
                "kid" => {
                    let kid = string(p, "header `kid` must be a string")?;
                    if kid.as_str().len() > MAX_KID_LEN {
                        return Err(DeError::new(Error::malformed("header `kid` too long")));
                    }
                    h.kid = Some(kid);
                }
                "crit" => h.crit = Some(parse_crit(p)?),
                "b64" => {
                    h.b64 = Some(match p.raw_value()? {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(DeError::new(Error::malformed(
                                "header `b64` must be a boolean",
                            )));
                        }
                    });
                }
                _ => {
                    let raw = p.raw_value()?;
                    if KEY_SOURCES.contains(&&*name) {
                        check_key_source_type(&name, raw)?;
                    }
                    h.other.push(name.into_owned(), raw);
                }
            }
        }
        p.end()?;
        let alg = alg.ok_or_else(|| DeError::new(Error::malformed("header has no `alg`")))?;
        h.alg = Algorithm::from_name(alg.as_str()).map_err(DeError::new)?;
        Ok(h)
    }

    /// RFC 7515 §4.1.11: non-empty, unique, not registered, each present; then refused
    /// as not understood, since this crate implements no extension (RFC 7797 `b64`
    /// included: a JWT is never an unencoded-payload JWS).
    fn check_crit(&self) -> Result<()> {
        let Some(crit) = &self.crit else {
            if self.b64 == Some(false) {
                // Without `crit`, RFC 7797 says `b64` is to be ignored; we refuse instead
                // of guessing which signing input the producer meant.
                return Err(Error::malformed("header `b64: false` is not a JWT"));
            }
            return Ok(());
        };
        if crit.is_empty() {
            return Err(Error::malformed("header `crit` is empty"));
        }
        for (i, name) in crit.iter().enumerate() {
            if crit[..i].contains(name) {
                return Err(Error::malformed("header `crit` repeats a name"));
            }
            if REGISTERED.contains(&name.as_str()) {
                return Err(Error::malformed("header `crit` lists a registered name"));
            }
            let present = (name == "b64" && self.b64.is_some()) || self.other.get(name).is_some();
            if !present {
                return Err(Error::malformed("header `crit` names an absent member"));
            }
        }
        Err(Error::new(
            ErrorKind::CritUnsupported,
            "no header extension is supported",
        ))
    }
}

fn parse_crit(p: &mut Parser<'_>) -> core::result::Result<Vec<String>, crate::json::DeError> {
    use crate::json::DeError;
    if p.peek() != Some(b'[') {
        return Err(DeError::new(Error::malformed(
            "header `crit` must be an array",
        )));
    }
    p.begin_array()?;
    let mut names = Vec::new();
    let mut first = true;
    while p.next_element(&mut first)? {
        if p.peek() != Some(b'"') {
            return Err(DeError::new(Error::malformed(
                "header `crit` must hold strings",
            )));
        }
        let s: RawStr<'_> = p.parse_str()?;
        names.push(s.to_cow().into_owned());
    }
    Ok(names)
}

fn check_key_source_type(name: &str, raw: &str) -> core::result::Result<(), crate::json::DeError> {
    let first = raw.as_bytes().first().copied();
    let ok = match name {
        "jwk" => first == Some(b'{'),
        "x5c" => is_string_array(raw),
        _ => first == Some(b'"'),
    };
    if ok {
        Ok(())
    } else {
        Err(crate::json::DeError::new(Error::malformed(
            "header key member has the wrong JSON type",
        )))
    }
}

/// `x5c` must be an array of strings.
fn is_string_array(raw: &str) -> bool {
    let mut p = Parser::new(raw);
    let run = |p: &mut Parser<'_>| -> core::result::Result<bool, crate::json::DeError> {
        p.begin_array()?;
        let mut first = true;
        while p.next_element(&mut first)? {
            if p.peek() != Some(b'"') {
                return Ok(false);
            }
            p.parse_str()?;
        }
        Ok(true)
    };
    run(&mut p).unwrap_or(false)
}

/// Header strings are short (`JWT`, `HS256`, key ids): up to 22 bytes they live inline,
/// so parsing a typical header does not allocate for them.
#[derive(Clone, PartialEq, Eq)]
enum SmallStr {
    Inline { len: u8, buf: [u8; 22] },
    Heap(Box<str>),
}

impl SmallStr {
    fn new(s: &str) -> Self {
        let mut buf = [0u8; 22];
        match (buf.get_mut(..s.len()), u8::try_from(s.len())) {
            (Some(dst), Ok(len)) => {
                dst.copy_from_slice(s.as_bytes());
                Self::Inline { len, buf }
            }
            _ => Self::Heap(s.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // Copied from a `&str` in `new`, so always valid UTF-8.
            Self::Inline { len, buf } => {
                core::str::from_utf8(buf.get(..usize::from(*len)).unwrap_or_default())
                    .unwrap_or_default()
            }
            Self::Heap(s) => s,
        }
    }
}

impl core::fmt::Debug for SmallStr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// RFC 7515 §4.1.9: media types compare case-insensitively, and `application/` may be
/// omitted. Returns the lowercase form without that prefix.
pub(crate) fn normalize_typ(typ: &str) -> String {
    let lower = typ.to_ascii_lowercase();
    match lower.strip_prefix("application/") {
        Some(rest) => String::from(rest),
        None => lower,
    }
}

/// `typ`/`cty` equality under RFC 7515 §4.1.9 without allocating: `normalized` is the
/// output of [`normalize_typ`].
pub(crate) fn typ_matches(actual: &str, normalized: &str) -> bool {
    const PREFIX: &str = "application/";
    let rest = match (actual.get(..PREFIX.len()), actual.get(PREFIX.len()..)) {
        (Some(p), Some(rest)) if p.eq_ignore_ascii_case(PREFIX) => rest,
        _ => actual,
    };
    rest.eq_ignore_ascii_case(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(h: &str) -> Option<ErrorKind> {
        Header::parse(h.as_bytes()).err().map(|e| e.kind())
    }

    #[test]
    fn parses_registered_and_other_members() {
        let h = Header::parse(
            br#"{"alg":"HS256","typ":"JWT","kid":"k\u0031","x5t":"abc","ext":{"a":[1]}}"#,
        )
        .unwrap();
        assert_eq!(h.algorithm(), Algorithm::HS256);
        assert_eq!((h.typ(), h.kid(), h.cty()), (Some("JWT"), Some("k1"), None));
        assert_eq!(h.member_json("ext"), Some(r#"{"a":[1]}"#));
        assert_eq!(h.other_member_names().collect::<Vec<_>>(), ["x5t", "ext"]);
    }

    #[test]
    fn refuses_bad_headers() {
        use ErrorKind::*;
        let cases = [
            (r#"{"alg":"none"}"#, UnsupportedAlgorithm),
            (r#"{"alg":"\u006eone"}"#, UnsupportedAlgorithm),
            (r#"{"alg":"hs256"}"#, UnsupportedAlgorithm),
            (r#"{"typ":"JWT"}"#, Malformed),
            (r#"{"alg":256}"#, Malformed),
            (r#"{"alg":"HS256","alg":"HS256"}"#, Malformed),
            (r#"{"alg":"HS256","kid":7}"#, Malformed),
            (r#"["alg","HS256"]"#, Malformed),
            (r#"{"alg":"HS256","crit":[]}"#, Malformed),
            (r#"{"alg":"HS256","crit":"exp"}"#, Malformed),
            (r#"{"alg":"HS256","crit":["exp"]}"#, Malformed),
            (r#"{"alg":"HS256","crit":["alg"],"alg2":1}"#, Malformed),
            (r#"{"alg":"HS256","crit":["x","x"],"x":1}"#, Malformed),
            (r#"{"alg":"HS256","crit":["x"],"x":1}"#, CritUnsupported),
            (
                r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
                CritUnsupported,
            ),
            (r#"{"alg":"HS256","b64":false}"#, Malformed),
            (r#"{"alg":"HS256","jwk":"k"}"#, Malformed),
            (r#"{"alg":"HS256","x5c":["a",1]}"#, Malformed),
        ];
        for (h, want) in cases {
            assert_eq!(kind(h), Some(want), "{h}");
        }
        let long_kid = alloc::format!(
            r#"{{"alg":"HS256","kid":"{}"}}"#,
            "k".repeat(MAX_KID_LEN + 1)
        );
        assert_eq!(kind(&long_kid), Some(Malformed));
        assert_eq!(
            Header::parse(b"{\"alg\":\"HS256\"}\xff")
                .unwrap_err()
                .kind(),
            Malformed
        );
    }

    #[test]
    fn typ_normalisation() {
        assert_eq!(normalize_typ("application/AT+JWT"), "at+jwt");
        assert_eq!(normalize_typ("JWT"), "jwt");
        for t in [
            "at+jwt",
            "AT+JWT",
            "application/at+jwt",
            "APPLICATION/At+Jwt",
        ] {
            assert!(typ_matches(t, &normalize_typ("application/at+jwt")), "{t}");
        }
        for t in [
            "jwt",
            "application/",
            "at+jwt ",
            "application/application/at+jwt",
        ] {
            assert!(!typ_matches(t, "at+jwt"), "{t}");
        }
    }
}
