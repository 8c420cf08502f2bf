//! The workload every benchmark shares: one 9-claim token and the values the verifiers
//! check (`iss`, `aud`, `sub`), as owned and as borrowed claims.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "https://issuer.example";
pub const AUDIENCE: &str = "api://bench";
pub const SUBJECT: &str = "user-42";
/// 22 characters: 128 random bits in base64url, as `Claims::with_random_jti` makes.
pub const JTI: &str = "Xb3f9QkLm2Zt7RwPq1Ns0A";

/// The 9 claims, owned. Signed by both libraries and decoded by both `*/owned` benches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owned {
    pub sub: String,
    pub name: String,
    pub role: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
}

/// The same 9 claims, with strings borrowed from the decoded payload.
#[derive(Debug, PartialEq, Eq, Deserialize)]
pub struct Borrowed<'a> {
    pub sub: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub iss: &'a str,
    pub aud: &'a str,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: &'a str,
}

impl Borrowed<'_> {
    pub fn to_owned_claims(&self) -> Owned {
        Owned {
            sub: self.sub.into(),
            name: self.name.into(),
            role: self.role.into(),
            iss: self.iss.into(),
            aud: self.aud.into(),
            iat: self.iat,
            nbf: self.nbf,
            exp: self.exp,
            jti: self.jti.into(),
        }
    }
}

pub fn unix_now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    i64::try_from(secs).expect("seconds fit i64")
}

pub fn claims() -> Owned {
    let now = unix_now();
    Owned {
        sub: SUBJECT.into(),
        name: "Ada Lovelace".into(),
        role: "admin".into(),
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        iat: now - 10,
        nbf: now - 10,
        exp: now + 365 * 24 * 3600,
        jti: JTI.into(),
    }
}
