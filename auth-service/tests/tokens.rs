//! The tokens: exactly the claims promised, verifiable from the published JWK set alone,
//! and every forged, expired or misused token refused with 401.

mod common;

use common::{Service, header, payload};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use strict_jwt::{Algorithm, JwkSet, NumericDate, Signer, SigningKey, Verifier};

/// The service's active access-token key, read from its database (the tests forge
/// tokens with the real key to check every claim rule, not only the signature).
fn service_key(s: &Service) -> SigningKey {
    let conn = rusqlite::Connection::open(s.db_path()).unwrap();
    let (kid, pem): (String, Vec<u8>) = conn
        .query_row(
            "SELECT kid, private_key FROM signing_keys WHERE purpose = 'access'
             ORDER BY activates_at DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    SigningKey::from_pem(Algorithm::ES256, std::str::from_utf8(&pem).unwrap())
        .unwrap()
        .with_kid(kid)
}

async fn jwks(s: &Service) -> String {
    s.http
        .get(s.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn access_tokens_carry_exactly_the_promised_header_and_claims() {
    let s = Service::start(&[]);
    let id = s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    let h = header(&session.access);
    let set: Value = serde_json::from_str(&jwks(&s).await).unwrap();
    assert_eq!(h["alg"], "ES256");
    assert_eq!(h["typ"], "at+jwt");
    assert_eq!(h["kid"], set["keys"][0]["kid"]);
    let p = payload(&session.access);
    let names: BTreeSet<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from(["iss", "sub", "aud", "exp", "iat", "jti", "role", "ver"])
    );
    assert_eq!(p["iss"], s.url);
    assert_eq!(p["sub"], id);
    assert_eq!(p["aud"], "api");
    assert_eq!(p["role"], "user");
    assert_eq!(p["ver"], 0);
    assert_eq!(p["exp"].as_i64().unwrap() - p["iat"].as_i64().unwrap(), 900);
    assert!(p["jti"].as_str().unwrap().len() >= 22);

    let r = payload(&session.refresh);
    let rh = header(&session.refresh);
    assert_eq!(
        (rh["alg"].as_str(), rh["typ"].as_str()),
        (Some("HS256"), Some("rt+jwt"))
    );
    assert_eq!(r["aud"], s.url("/auth/refresh"));
    assert_ne!(r["jti"], p["jti"]);
}

#[tokio::test]
async fn a_second_verifier_built_only_from_the_published_jwk_set_accepts_the_tokens() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    let set = JwkSet::from_json(&jwks(&s).await).unwrap();
    let verifier = Verifier::builder()
        .allow(Algorithm::ES256)
        .key_set(&set)
        .issuer(&s.url)
        .audience("api")
        .require_type("at+jwt")
        .build()
        .unwrap();
    let v = verifier.verify::<Value>(&session.access).unwrap();
    assert_eq!(v.claims()["role"], "user");
    assert_eq!(
        v.registered().subject().unwrap(),
        payload(&session.access)["sub"]
    );
    // The refresh token is not an access token for it either.
    assert!(verifier.verify::<Value>(&session.refresh).is_err());
}

async fn me_status(s: &Service, token: &str) -> StatusCode {
    s.get_bearer("/me", token).await.status()
}

#[tokio::test]
async fn forged_expired_and_misused_tokens_are_401() {
    let s = Service::start(&[]);
    let id = s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    assert_eq!(me_status(&s, &session.access).await, StatusCode::OK);
    let key = service_key(&s);
    let signer = Signer::new(key.clone()).with_typ("at+jwt");
    let now = NumericDate::now().as_secs();
    let claims = |exp: i64| {
        json!({"iss": s.url, "sub": id, "aud": "api", "iat": now, "exp": exp,
               "jti": "forged-1", "role": "admin", "ver": 0})
    };
    // Signed with the real key and right claims: accepted. This proves the cases below
    // fail for the one thing each changes.
    assert_eq!(
        me_status(&s, &signer.sign(&claims(now + 60)).unwrap()).await,
        StatusCode::OK
    );

    let b64 = |v: &Value| strict_jwt::base64url::encode(v.to_string().as_bytes());
    let parts: Vec<&str> = session.access.split('.').collect();

    let mut cases: Vec<(&str, String)> = Vec::new();
    // The payload changed (role admin) under the original signature.
    let mut elevated = payload(&session.access);
    elevated["role"] = json!("admin");
    cases.push((
        "tampered payload",
        format!("{}.{}.{}", parts[0], b64(&elevated), parts[2]),
    ));
    cases.push((
        "truncated signature",
        session.access[..session.access.len() - 4].to_owned(),
    ));
    cases.push(("expired", signer.sign(&claims(now - 120)).unwrap()));
    let h_none = json!({"alg": "none", "typ": "at+jwt", "kid": key.kid()});
    cases.push(("alg none", format!("{}.{}.", b64(&h_none), parts[1])));
    // RS256/ES256 -> HS256 confusion: an HMAC keyed with the public key's published forms.
    let jwk_json = jwks(&s).await;
    let spki_pem = key.verifying_key().to_spki_pem().unwrap();
    let header_hs = b64(&json!({"alg": "HS256", "typ": "at+jwt", "kid": key.kid()}));
    let body = b64(&claims(now + 60));
    for (name, secret) in [
        ("HS256 keyed with the JWK set", jwk_json.clone()),
        ("HS256 keyed with the SPKI PEM", spki_pem),
    ] {
        use hmac::{KeyInit, Mac};
        let input = format!("{header_hs}.{body}");
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(input.as_bytes());
        let tag = strict_jwt::base64url::encode(&mac.finalize().into_bytes());
        cases.push((name, format!("{input}.{tag}")));
    }
    cases.push(("refresh token as access token", session.refresh.clone()));
    cases.push((
        "typ JWT",
        Signer::new(key.clone()).sign(&claims(now + 60)).unwrap(),
    ));
    let mut wrong_aud = claims(now + 60);
    wrong_aud["aud"] = json!("other-api");
    cases.push(("wrong audience", signer.sign(&wrong_aud).unwrap()));
    let mut wrong_iss = claims(now + 60);
    wrong_iss["iss"] = json!("https://evil.example");
    cases.push(("wrong issuer", signer.sign(&wrong_iss).unwrap()));
    let mut old_ver = claims(now + 60);
    old_ver["ver"] = json!(-1);
    cases.push(("old token version", signer.sign(&old_ver).unwrap()));
    let stranger = SigningKey::generate(Algorithm::ES256)
        .unwrap()
        .with_kid(key.kid().unwrap());
    cases.push((
        "another key with the same kid",
        Signer::new(stranger)
            .with_typ("at+jwt")
            .sign(&claims(now + 60))
            .unwrap(),
    ));

    for (why, token) in &cases {
        let r = s.get_bearer("/me", token).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{why}");
        let challenge = r.headers()["www-authenticate"].to_str().unwrap();
        assert!(
            challenge.contains("error=\"invalid_token\""),
            "{why}: {challenge}"
        );
    }

    // The reverse misuse: an access token in the refresh cookie.
    assert_eq!(
        s.refresh(&session.access).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // And neither changed the real session.
    assert_eq!(me_status(&s, &session.access).await, StatusCode::OK);
    assert_eq!(s.refresh(&session.refresh).await.status(), StatusCode::OK);
}
