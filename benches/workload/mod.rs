//! The workload every benchmark shares: one 9-claim token and the values the verifiers
//! check (`iss`, `aud`, `sub`), as owned and as borrowed claims.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "https://issuer.example";
pub const AUDIENCE: &str = "api://bench";
pub const SUBJECT: &str = "user-42";
/// 22 characters: 128 random bits in base64url, as `Claims::with_random_jti` makes.
pub const JTI: &str = "Xb3f9QkLm2Zt7RwPq1Ns0A";

/// The 9 claims, owned. Signed and decoded by every library in the benchmarks.
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

/// Ten changes to the claims that every verifier in the benchmarks must reject (wrong
/// or missing `iss`/`aud`/`sub`, expired, not yet valid, no `exp`, `exp` of the wrong
/// type): checked at setup so that every library does the same validation work. A
/// `null` value means "remove the claim".
pub fn rejected_claim_patches(now: i64) -> [(&'static str, serde_json::Value); 10] {
    [
        (
            "wrong iss",
            serde_json::json!({"iss": "https://evil.example"}),
        ),
        ("wrong aud", serde_json::json!({"aud": "api://other"})),
        ("wrong sub", serde_json::json!({"sub": "user-43"})),
        ("expired", serde_json::json!({"exp": now - 1})),
        ("not yet valid", serde_json::json!({"nbf": now + 60})),
        ("no exp", serde_json::json!({"exp": null})),
        ("no iss", serde_json::json!({"iss": null})),
        ("no aud", serde_json::json!({"aud": null})),
        ("no sub", serde_json::json!({"sub": null})),
        ("exp is a string", serde_json::json!({"exp": "9999999999"})),
    ]
}

/// `claims` as a JSON object with `patch` applied (a `null` member removes the claim).
pub fn patched(claims: &Owned, patch: &serde_json::Value) -> serde_json::Value {
    let mut v = serde_json::to_value(claims).expect("claims to JSON");
    let obj = v.as_object_mut().expect("object");
    for (k, val) in patch.as_object().expect("patch object") {
        if val.is_null() {
            obj.remove(k);
        } else {
            obj.insert(k.clone(), val.clone());
        }
    }
    v
}
