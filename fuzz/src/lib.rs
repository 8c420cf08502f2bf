//! Shared pieces of the fuzz targets: the fixed keys, token assembly, and an
//! independent duplicate-member oracle built on `serde_json`.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use strict_jwt::{
    Algorithm, ErrorKind, Jwk, NumericDate, SigningKey, Verifier, VerifyingKey, base64url,
};

/// 2030-01-01T00:00:00Z: the clock every target verifies at.
pub const NOW: i64 = 1_893_456_000;

/// The clock as a [`NumericDate`].
#[must_use]
pub fn now() -> NumericDate {
    NumericDate::from_secs(NOW)
}

/// The four algorithms `verify_never_forges` checks, with keys published in RFCs:
/// RFC 7515 A.1 (HS256), A.2 (RS256), A.3 (ES256) and RFC 8037 A.1 (Ed25519).
pub const FIXED_ALGS: [Algorithm; 4] = [
    Algorithm::HS256,
    Algorithm::RS256,
    Algorithm::ES256,
    Algorithm::EdDSA,
];

const JWKS: [&str; 4] = [
    include_str!("../keys/hs256.jwk.json"),
    include_str!("../keys/rs256.jwk.json"),
    include_str!("../keys/es256.jwk.json"),
    include_str!("../keys/ed25519.jwk.json"),
];

/// One algorithm's fixed signing key and a verifier that allows only that algorithm.
pub struct Fixed {
    /// The algorithm.
    pub alg: Algorithm,
    /// The signing key.
    pub signer: SigningKey,
    /// Its public half (the HMAC key itself for HS256).
    pub verifying: VerifyingKey,
    /// `allow(alg).key(verifying)`, exp required (the default).
    pub verifier: Verifier,
}

/// The fixed keys and verifiers, in [`FIXED_ALGS`] order.
///
/// # Panics
/// If a committed key file does not import (a harness bug, not a finding).
pub fn fixed() -> &'static [Fixed; 4] {
    static FIXED: OnceLock<[Fixed; 4]> = OnceLock::new();
    FIXED.get_or_init(|| {
        std::array::from_fn(|i| {
            let alg = FIXED_ALGS[i];
            let jwk = Jwk::from_json(JWKS[i]).expect("fixed JWK parses");
            let signer = if alg == Algorithm::HS256 {
                jwk.to_hmac_signing_key(alg).expect("fixed HMAC key").into()
            } else {
                jwk.to_signing_key(alg).expect("fixed signing key")
            };
            let verifying = if alg == Algorithm::HS256 {
                jwk.to_hmac_signing_key(alg).expect("fixed HMAC key").into()
            } else {
                signer.verifying_key()
            };
            let verifier = Verifier::builder()
                .allow(alg)
                .key(verifying.clone())
                .build()
                .expect("fixed verifier builds");
            Fixed {
                alg,
                signer,
                verifying,
                verifier,
            }
        })
    })
}

/// Asserts that a key import failed with one of the import error kinds: the
/// application's key kinds only, never a token kind.
///
/// # Panics
/// On any other kind (a failed property).
pub fn import_kind(kind: ErrorKind) {
    assert!(
        matches!(
            kind,
            ErrorKind::InvalidKey
                | ErrorKind::IncompatibleKey
                | ErrorKind::WeakKey
                | ErrorKind::UnsupportedKey
        ),
        "unexpected kind {kind:?}"
    );
}

/// `BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(sign(key, input))`.
///
/// # Panics
/// If the backend cannot sign (never for the fixed keys).
#[must_use]
pub fn sign_token(key: &SigningKey, header: &[u8], payload: &[u8]) -> String {
    let mut token = base64url::encode(header);
    token.push('.');
    base64url::encode_into(payload, &mut token);
    let sig = strict_jwt::internal::sign_raw(key, token.as_bytes()).expect("signing");
    token.push('.');
    base64url::encode_into(&sig, &mut token);
    token
}

/// What `serde_json` (an independent parser) says about a JSON document's member names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Members {
    /// Valid JSON, and no object anywhere has two members with the same (unescaped) name.
    Unique,
    /// Valid JSON up to a repeated member name in some object.
    Duplicate,
    /// Not JSON that `serde_json` accepts (or nested beyond its depth limit).
    NotJson,
}

/// Classifies `json` with `serde_json` and a visitor that tracks names per object.
#[must_use]
pub fn members(json: &[u8]) -> Members {
    match serde_json::from_slice::<NoDup>(json) {
        Ok(NoDup) => Members::Unique,
        Err(e) if e.to_string().starts_with(DUPLICATE) => Members::Duplicate,
        Err(_) => Members::NotJson,
    }
}

const DUPLICATE: &str = "duplicate member name";

/// Any JSON value; deserializing fails on the first repeated member name.
struct NoDup;

impl<'de> Deserialize<'de> for NoDup {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDupVisitor)
    }
}

struct NoDupVisitor;

impl<'de> Visitor<'de> for NoDupVisitor {
    type Value = NoDup;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_i64<E>(self, _: i64) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_u64<E>(self, _: u64) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_f64<E>(self, _: f64) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_str<E>(self, _: &str) -> Result<NoDup, E> {
        Ok(NoDup)
    }
    fn visit_unit<E>(self) -> Result<NoDup, E> {
        Ok(NoDup)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NoDup, A::Error> {
        while seq.next_element::<NoDup>()?.is_some() {}
        Ok(NoDup)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NoDup, A::Error> {
        let mut seen = HashSet::new();
        while let Some(name) = map.next_key::<String>()? {
            if !seen.insert(name) {
                return Err(de::Error::custom(DUPLICATE));
            }
            map.next_value::<NoDup>()?;
        }
        Ok(NoDup)
    }
}
