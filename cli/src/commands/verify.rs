//! `jwt verify`: the verifier built from the flags (a key bound to the allowed
//! algorithms it serves, or a JWK set), run on the token; the claims on success.

use crate::args::VerifyArgs;
use crate::failure::{Failure, Outcome};
use crate::input::key::{load_key_file, verifying_keys};
use crate::input::{json_of, read_text, read_token};
use serde_json::Value;
use std::time::Duration;
use strict_jwt::{
    Algorithm, JwkSet, NumericDate, UntrustedToken, Verifier, VerifyingKey,
    insecure_decode_without_verification,
};

pub(crate) fn verify(a: &VerifyArgs, warnings: &mut Vec<String>) -> Outcome<String> {
    let (first, rest) = a
        .algs
        .split_first()
        .ok_or_else(|| Failure::usage("at least one --alg is required"))?;
    let token = read_token(&a.input)?;
    let mut b = if let Some(path) = &a.jwks {
        let set = JwkSet::from_json(&read_text(path)?).map_err(|e| Failure::setup(&e))?;
        warnings.extend(set.skipped().iter().map(ToString::to_string));
        let mut b = Verifier::builder().allow(*first);
        for alg in rest {
            b = b.allow(*alg);
        }
        b.key_set(&set)
    } else if let Some(path) = &a.key {
        let src = load_key_file(path, a.format.key_format)?;
        let mut keys = verifying_keys(&src, &a.algs)?;
        let (token_alg, token_kid) = match UntrustedToken::parse(&token) {
            Ok(t) => (
                Some(t.header().algorithm()),
                t.header().kid().map(str::to_owned),
            ),
            Err(_) => (None, None),
        };
        let bound: Vec<Algorithm> = keys.iter().map(VerifyingKey::algorithm).collect();
        // The allowlist is the algorithms the key is bound to. Only the binding for the
        // token's own alg can check it, and bindings of one key outside a key set may not
        // share a kid in one verifier, so the verifier gets that binding alone; when no
        // binding has the token's alg, the first, which refuses the token as
        // alg_not_allowed exactly as an allowlist of every binding would.
        let chosen = token_alg
            .and_then(|alg| bound.iter().position(|b| *b == alg))
            .unwrap_or(0);
        let key = keys.swap_remove(chosen);
        if let Some(alg) = token_alg.filter(|alg| a.algs.contains(alg) && !bound.contains(alg)) {
            warnings.push(format!(
                "--alg {alg} is not used: the key serves only {}",
                bound
                    .iter()
                    .map(|b| b.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        // A key without a kid of its own is the key the user named, whatever kid the
        // token carries; a JWK with a kid matches only tokens with that kid.
        let key = match (key.kid(), &token_kid) {
            (None, Some(kid)) => key.with_kid(kid.as_str()),
            _ => key,
        };
        Verifier::builder().allow(key.algorithm()).key(key)
    } else {
        return Err(Failure::usage("--key or --jwks is required"));
    };
    for iss in &a.iss {
        b = b.issuer(iss.as_str());
    }
    for aud in &a.aud {
        b = b.audience(aud.as_str());
    }
    if let Some(sub) = &a.sub {
        b = b.subject(sub.as_str());
    }
    if let Some(typ) = &a.typ {
        b = b.require_type(typ);
    }
    for claim in &a.require {
        b = b.require_claim(claim.as_str());
    }
    // Strict by default: a token issued in the future (beyond the leeway) is refused.
    b = b
        .leeway(Duration::from_secs(a.leeway))
        .reject_issued_in_future();
    if let Some(max_age) = a.max_age {
        b = b.max_age(Duration::from_secs(max_age));
    }
    if a.allow_missing_exp {
        b = b.allow_tokens_without_expiry();
    }
    let verifier = b.build().map_err(|e| Failure::setup(&e))?;
    let now = a.now.unwrap_or_else(NumericDate::now);
    let verified = verifier
        .verify_at::<Value>(&token, now)
        .map_err(|e| Failure::token(&e))?;
    let claims = verified.into_claims();
    if a.header {
        // The token verified: its header segment is the one the signature covers.
        let header = insecure_decode_without_verification(&token)
            .map_err(|e| Failure::token(&e))
            .and_then(|parts| json_of(&parts.header, "header"))?;
        Ok(serde_json::json!({"header": header, "claims": claims}).to_string())
    } else {
        Ok(claims.to_string())
    }
}
