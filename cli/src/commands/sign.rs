//! `jwt sign`: claims from the flags and the claims JSON, signed into a compact JWT.

use crate::args::SignArgs;
use crate::failure::{Failure, Outcome};
use crate::input::key::{load_key_file, signing_key};
use crate::input::read_claims;
use serde_json::{Map, Value};
use std::time::Duration;
use strict_jwt::{NumericDate, Signer};

/// `15m`, `7d`, `3600s` from now, or `@UNIX`.
fn parse_time(s: &str, now: NumericDate, flag: &str) -> Outcome<NumericDate> {
    let bad = || {
        Failure::usage(format!(
            "--{flag} `{s}`: expected a duration like 15m, 7d, 3600s, or @UNIX"
        ))
    };
    if let Some(abs) = s.strip_prefix('@') {
        return abs.parse().map(NumericDate::from_secs).map_err(|_| bad());
    }
    let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().map_err(|_| bad())?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(bad()),
    };
    Ok(now.saturating_add(Duration::from_secs(n.saturating_mul(scale))))
}

pub(crate) fn sign(a: &SignArgs) -> Outcome<String> {
    let src = load_key_file(&a.key, a.format.key_format)?;
    let key = signing_key(&src, a.alg).map_err(|e| Failure::setup(&e))?;
    let now = a.now.map_or_else(NumericDate::now, NumericDate::from_secs);

    let mut claims = read_claims(a.claims.as_deref(), a.claims_file.as_deref())?;
    let mut set = |name: &str, value: Value| -> Outcome<()> {
        if claims.contains_key(name) {
            return Err(Failure::usage(format!(
                "`{name}` is given both in the claims JSON and as a flag"
            )));
        }
        claims.insert(name.to_owned(), value);
        Ok(())
    };
    if !a.no_iat {
        set("iat", Value::from(now.as_secs()))?;
    }
    if !a.no_exp {
        let exp = parse_time(a.exp.as_deref().unwrap_or("15m"), now, "exp")?;
        set("exp", Value::from(exp.as_secs()))?;
    }
    if let Some(nbf) = &a.nbf {
        set("nbf", Value::from(parse_time(nbf, now, "nbf")?.as_secs()))?;
    }
    if let Some(iss) = &a.iss {
        set("iss", Value::from(iss.as_str()))?;
    }
    if let Some(sub) = &a.sub {
        set("sub", Value::from(sub.as_str()))?;
    }
    match a.aud.as_slice() {
        [] => {}
        [one] => set("aud", Value::from(one.as_str()))?,
        many => set("aud", Value::from(many.to_vec()))?,
    }
    if let Some(jti) = &a.jti {
        set("jti", Value::from(jti.as_str()))?;
    }
    if a.random_jti {
        let random = strict_jwt::Claims::new(Map::new())
            .with_random_jti()
            .map_err(|e| Failure::setup(&e))?;
        let random = serde_json::to_value(&random).unwrap_or_default();
        set("jti", random["jti"].clone())?;
    }

    let mut signer = Signer::new(key);
    if let Some(kid) = &a.kid {
        signer = signer.with_kid(kid.as_str());
    }
    if let Some(typ) = &a.typ {
        signer = signer.with_typ(typ.as_str());
    }
    signer
        .sign(&Value::Object(claims))
        .map_err(|e| Failure::setup(&e))
}
