//! Key rotation: sign with the current key, verify with a JWKS holding the current and
//! previous keys, and retire the previous key once its tokens have expired.
//!
//! The issuer generates ES256 keys (each key's `kid` is its RFC 7638 thumbprint) and
//! publishes their public halves as a JWKS (`{"keys":[...]}`). A relying party builds its
//! verifier from the published JSON alone. The clock is injected, so the example walks
//! through a month in a few milliseconds:
//!
//! - day 0: key A is current, the JWKS holds A;
//! - day 30: rotation: B is published beside A and becomes current, so tokens A signed
//!   shortly before keep verifying;
//! - day 31: every token A signed has expired (tokens live one day); A leaves the JWKS.
//!
//! Run with `cargo run --example key_rotation`.

use std::time::Duration;
use strict_jwt::{
    Algorithm, Claims, ErrorKind, JwkSet, NumericDate, Signer, SigningKey, UntrustedToken, Verifier,
};

const ISSUER: &str = "https://auth.example";
const AUDIENCE: &str = "orders-api";
const HOUR: u64 = 60 * 60;
/// Tokens live one day, so the previous key stays published for (at least) one day.
const TOKEN_LIFETIME: Duration = Duration::from_secs(24 * HOUR);

#[derive(serde::Serialize, serde::Deserialize, Debug)]
struct Access {
    scope: String,
}

fn main() -> Result<(), strict_jwt::Error> {
    let day0 = NumericDate::from_secs(1_767_225_600); // 2026-01-01T00:00:00Z
    let at =
        |day: u64, hour: u64| day0.saturating_add(Duration::from_secs((day * 24 + hour) * HOUR));

    // --- day 0: key A is current ---------------------------------------------------
    let key_a = SigningKey::generate(Algorithm::ES256)?;
    let jwks = publish(&[&key_a])?;
    println!(
        "day 0:  key A {} is current; JWKS {}",
        kid(&key_a),
        kids(&jwks)?
    );
    let verifier = relying_party(&jwks)?;
    verifier.verify_at::<Access>(&sign(&key_a, at(0, 9))?, at(0, 10))?;
    println!("day 0:  A signs a token; it verifies");

    // A's last token, signed an hour before the rotation; it expires on day 30, 23:00.
    let last_of_a = sign(&key_a, at(29, 23))?;

    // --- day 30: rotation ----------------------------------------------------------
    // B is published beside A; from now on the issuer signs with B only.
    let key_b = SigningKey::generate(Algorithm::ES256)?;
    let jwks = publish(&[&key_b, &key_a])?;
    println!(
        "day 30: rotation: key B {} is current; JWKS {}",
        kid(&key_b),
        kids(&jwks)?
    );
    let verifier = relying_party(&jwks)?;
    verifier.verify_at::<Access>(&last_of_a, at(30, 12))?;
    println!("day 30: A's token from before the rotation still verifies");

    let token_b = sign(&key_b, at(30, 12))?;
    // The header names the key that signed it (read only to route; never trusted).
    let header_kid = UntrustedToken::parse(&token_b)?
        .header()
        .kid()
        .map(str::to_owned);
    assert_eq!(header_kid.as_deref(), key_b.kid());
    let verified = verifier.verify_at::<Access>(&token_b, at(30, 12))?;
    println!(
        "day 30: B signs a token (header kid {}); it verifies, scope={}",
        short(header_kid.as_deref()),
        verified.claims().scope
    );

    // --- day 31: A retires ---------------------------------------------------------
    // A's last token expired at day 30, 23:00: no live token needs A, it leaves the JWKS.
    let jwks = publish(&[&key_b])?;
    println!("day 31: A retired; JWKS {}", kids(&jwks)?);
    let verifier = relying_party(&jwks)?;
    // By now A's last token has also expired, but a verifier looks the key up before it
    // reads any claim, so the error would be UnknownKey anyway. Checking it as of an hour
    // before its `exp` leaves the key's removal as the only possible reason.
    let refused = verifier
        .verify_at::<Access>(&last_of_a, at(30, 22))
        .map(|_| ())
        .map_err(|e| e.kind());
    assert_eq!(refused, Err(ErrorKind::UnknownKey));
    println!("day 31: A's last token (checked before its exp): UnknownKey");
    verifier.verify_at::<Access>(&token_b, at(31, 0))?;
    println!("day 31: B's token still verifies");
    Ok(())
}

/// The issuer signs a token valid for `TOKEN_LIFETIME` from `now`. `Signer::new` puts
/// the key's `kid` in the header.
fn sign(key: &SigningKey, now: NumericDate) -> Result<String, strict_jwt::Error> {
    let access = Access {
        scope: "read:orders".into(),
    };
    let claims = Claims::new_at(access, now)
        .issuer(ISSUER)
        .subject("alice")
        .audience(AUDIENCE)
        .issued_now()
        .expires_in(TOKEN_LIFETIME);
    Signer::new(key.clone()).sign(&claims)
}

/// The issuer's JWKS document: the public JWK (`kty`, `kid`, `alg`, ...) of each key.
fn publish(keys: &[&SigningKey]) -> Result<String, strict_jwt::Error> {
    let public = keys
        .iter()
        .map(|k| k.to_public_jwk())
        .collect::<Result<Vec<_>, _>>()?;
    Ok(JwkSet::from_keys(public)?.to_json().as_str().to_owned())
}

/// A relying party: the published JSON, an explicit algorithm, the expected issuer and
/// audience. A real service refetches the JWKS periodically and caches it.
fn relying_party(jwks: &str) -> Result<Verifier, strict_jwt::Error> {
    Verifier::builder()
        .allow(Algorithm::ES256)
        .key_set(&JwkSet::from_json(jwks)?)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .build()
}

/// The kids a JWKS document holds, shortened, for printing.
fn kids(jwks: &str) -> Result<String, strict_jwt::Error> {
    let set = JwkSet::from_json(jwks)?;
    let kids: Vec<String> = set.keys().iter().map(|k| short(k.kid())).collect();
    Ok(format!("[{}]", kids.join(", ")))
}

fn kid(key: &SigningKey) -> String {
    format!("(kid {})", short(key.kid()))
}

/// The start of a kid (here a 43-character thumbprint).
fn short(kid: Option<&str>) -> String {
    let kid = kid.unwrap_or("-");
    format!("{}..", kid.get(..8).unwrap_or(kid))
}
