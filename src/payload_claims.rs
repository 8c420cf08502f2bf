//! The registered claims of an owned [`Verified`](crate::Verified): the decoded payload
//! is kept, and each string claim is where it was found in it, so owned verification
//! copies no claim (a claim with JSON escapes, whose text differs from its bytes, is the
//! one exception: it keeps its unescaped copy). [`PayloadClaims::view`] lends them out
//! as a [`RegisteredClaims`] borrowing from the payload.

use crate::claims::{Audience, RegisteredClaims};
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// One string claim: a range of the payload, or its unescaped text.
#[derive(Clone, Debug)]
enum Text {
    At { start: usize, end: usize },
    Unescaped(String),
}

#[derive(Clone, Debug)]
enum AudienceText {
    One(Text),
    Many(Vec<Text>),
}

/// The decoded payload and where the registered claims are in it.
#[derive(Clone, Debug)]
pub(crate) struct PayloadClaims {
    payload: String,
    claims: Located,
}

impl PayloadClaims {
    /// Locates `claims`, parsed from `payload`, inside it. Strings that borrow from the
    /// payload become ranges (found by address: the parser lent out slices of exactly
    /// this text); the others keep their owned text.
    pub(crate) fn locate(claims: RegisteredClaims<'_>, payload: &str) -> Located {
        let base = payload.as_ptr() as usize;
        let text = |s: Cow<'_, str>| match s {
            Cow::Borrowed(b) => {
                let start = (b.as_ptr() as usize).wrapping_sub(base);
                let end = start.wrapping_add(b.len());
                // The address check only guards against a parser change: a slice that
                // is not this payload's is copied, never misread.
                match payload.get(start..end) {
                    Some(s) if core::ptr::eq(s.as_ptr(), b.as_ptr()) => Text::At { start, end },
                    _ => Text::Unescaped(String::from(b)),
                }
            }
            Cow::Owned(o) => Text::Unescaped(o),
        };
        Located {
            iss: claims.iss.map(text),
            sub: claims.sub.map(text),
            aud: claims.aud.map(|a| match a {
                Audience::One(one) => AudienceText::One(text(one)),
                Audience::Many(many) => AudienceText::Many(many.into_iter().map(text).collect()),
            }),
            jti: claims.jti.map(text),
            exp: claims.exp,
            nbf: claims.nbf,
            iat: claims.iat,
        }
    }

    /// Takes ownership of the payload the claims were located in.
    pub(crate) fn new(payload: String, claims: Located) -> Self {
        Self { payload, claims }
    }

    fn text<'s>(&'s self, t: &'s Text) -> Cow<'s, str> {
        Cow::Borrowed(match t {
            Text::At { start, end } => self.payload.get(*start..*end).unwrap_or_default(),
            Text::Unescaped(s) => s,
        })
    }

    /// The claims, borrowing from the payload (`aud` with several values allocates its
    /// list).
    pub(crate) fn view(&self) -> RegisteredClaims<'_> {
        let c = &self.claims;
        RegisteredClaims {
            iss: c.iss.as_ref().map(|t| self.text(t)),
            sub: c.sub.as_ref().map(|t| self.text(t)),
            aud: c.aud.as_ref().map(|a| match a {
                AudienceText::One(one) => Audience::One(self.text(one)),
                AudienceText::Many(many) => {
                    Audience::Many(many.iter().map(|t| self.text(t)).collect())
                }
            }),
            exp: c.exp,
            nbf: c.nbf,
            iat: c.iat,
            jti: c.jti.as_ref().map(|t| self.text(t)),
        }
    }
}

/// Claims located in a payload (still borrowed while they are located).
#[derive(Clone, Debug)]
pub(crate) struct Located {
    iss: Option<Text>,
    sub: Option<Text>,
    aud: Option<AudienceText>,
    jti: Option<Text>,
    exp: Option<crate::NumericDate>,
    nbf: Option<crate::NumericDate>,
    iat: Option<crate::NumericDate>,
}

#[cfg(test)]
mod tests {
    use crate::{Algorithm, Audience, HmacKey, NumericDate, Signer, Verifier};
    use alloc::borrow::Cow;
    use alloc::vec::Vec;

    #[test]
    fn owned_verification_reads_every_registered_claim_from_the_payload() {
        let key = HmacKey::new(Algorithm::HS256, &[9; 32]).unwrap();
        let now = NumericDate::from_secs(1_000_000);
        // `sub` has a JSON escape, so its text is not a slice of the payload.
        let payload = serde_json::json!({
            "iss": "https://issuer.example", "sub": "al\u{e9}ice\n", "aud": ["a", "b"],
            "jti": "id-1", "exp": 1_000_100, "nbf": 999_000, "iat": 999_999.5, "x": 1
        });
        let token = Signer::new(key.clone()).sign(&payload).unwrap();
        let verifier = Verifier::builder()
            .allow(Algorithm::HS256)
            .key(key)
            .audience("b")
            .build()
            .unwrap();
        let owned = verifier
            .verify_at::<serde_json::Value>(&token, now)
            .unwrap();
        let mut buf = Vec::new();
        let borrowed = verifier
            .verify_borrowed_at::<serde_json::Value>(&token, now, &mut buf)
            .unwrap();
        let (o, b) = (owned.registered(), borrowed.registered());
        assert_eq!(o, b);
        assert_eq!(o.issuer().unwrap(), "https://issuer.example");
        assert_eq!(o.subject().unwrap(), "al\u{e9}ice\n");
        assert_eq!(o.jti().unwrap(), "id-1");
        assert_eq!(
            o.aud,
            Some(Audience::Many(alloc::vec![
                Cow::Borrowed("a"),
                Cow::Borrowed("b")
            ]))
        );
        assert_eq!(o.expiration().unwrap(), NumericDate::from_secs(1_000_100));
        assert_eq!(o.iat.unwrap().as_secs(), 999_999);
        // Plain strings really are slices of the kept payload: no copy was made.
        let crate::token::Registered::InPayload(p) = &owned.registered else {
            panic!("owned verification keeps the payload");
        };
        let range = p.payload.as_bytes().as_ptr_range();
        assert!(range.contains(&o.issuer().unwrap().as_ptr()));
        assert!(!range.contains(&o.subject().unwrap().as_ptr()));
        // into_parts copies them out, equal.
        let (_, parts, claims) = owned.clone().into_parts();
        assert_eq!(parts, b);
        assert_eq!(claims["x"], 1);
        // A clone of the owned token reads its own payload.
        let copy = owned.clone();
        drop(owned);
        assert_eq!(
            copy.registered().issuer().unwrap(),
            "https://issuer.example"
        );
    }
}
