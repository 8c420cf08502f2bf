//! RFC 6750 §3 over real HTTP: every token failure the library reports is a 401
//! `invalid_token` naming the check (and nothing of the token), authorization checks are
//! 403 `insufficient_scope`, faults on the server's side are 5xx without detail, and an
//! application's own rejection type still sees the library's `ErrorKind`.

mod common;

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use common::*;
use http::StatusCode;
use std::time::Duration;
use strict_jwt::{Algorithm, Claims, HmacKey, NumericDate, Signer, SigningKey, Verifier};
use strict_jwt_axum::{AuthRejection, Authenticated, BearerAuth, RemoteJwks};

struct Keys {
    es: SigningKey,
    ed: SigningKey,
}

fn verifier(k: &Keys) -> Verifier {
    Verifier::builder()
        .allow(Algorithm::ES256)
        .allow(Algorithm::EdDSA)
        .key(k.es.verifying_key())
        .key(k.ed.verifying_key())
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .require_type("at+jwt")
        .max_age(Duration::from_secs(3600))
        .reject_issued_in_future()
        .max_token_len(4096)
        .build()
        .unwrap()
}

fn at_jwt(key: &SigningKey, claims: &impl serde::Serialize) -> String {
    Signer::new(key.clone())
        .with_typ("at+jwt")
        .sign(claims)
        .unwrap()
}

fn secs_from_now(secs: i64) -> NumericDate {
    NumericDate::from_secs(NumericDate::now().as_secs() + secs)
}

#[tokio::test]
async fn every_token_failure_is_401_invalid_token_naming_the_check() {
    let k = Keys {
        es: es256(),
        ed: SigningKey::generate(Algorithm::EdDSA).unwrap(),
    };
    let addr = serve(resource_server(BearerAuth::new(verifier(&k)).realm(REALM))).await;
    let me = format!("http://{addr}/me");
    let good = claims("alice", Some("read"), None);
    let valid = at_jwt(&k.es, &good);
    let reply = get_bearer(&me, &valid).await;
    assert_eq!(reply.status, StatusCode::OK, "control: {}", reply.body);

    let es_kid = k.es.kid().unwrap().to_owned();
    let payload = r#"{"iss":"https://issuer.example","aud":"api","sub":"alice","exp":4102444800}"#;
    let hs = HmacKey::generate(Algorithm::HS256).unwrap();
    let stranger = es256();
    let evil_issuer = "https://evil.example/issuer-value";
    let cases: Vec<(&str, String, &str)> = vec![
        ("bad signature", tamper(&valid), "invalid signature"),
        (
            "alg none",
            raw_token(r#"{"alg":"none","typ":"at+jwt"}"#, payload, b""),
            "unsupported algorithm",
        ),
        (
            "algorithm not allowed (HS256)",
            Signer::new(hs).with_typ("at+jwt").sign(&good).unwrap(),
            "algorithm not allowed",
        ),
        (
            "key bound to another algorithm",
            raw_token(
                &format!(r#"{{"alg":"EdDSA","typ":"at+jwt","kid":"{es_kid}"}}"#),
                payload,
                &[7; 64],
            ),
            "the token's key is bound to another algorithm",
        ),
        (
            "unknown kid",
            at_jwt(&stranger, &good),
            "unknown signing key",
        ),
        (
            "crit",
            raw_token(
                &format!(r#"{{"alg":"ES256","typ":"at+jwt","kid":"{es_kid}","crit":["x"],"x":1}}"#),
                payload,
                &[7; 64],
            ),
            "unsupported critical header",
        ),
        ("malformed", "not-a-jwt".into(), "malformed token"),
        (
            "too large",
            at_jwt(&k.es, &claims("alice", Some(&"a ".repeat(3000)), None)),
            "token too large",
        ),
        (
            "expired",
            at_jwt(
                &k.es,
                &claims("alice", None, None).expires_at(secs_from_now(-60)),
            ),
            "token expired",
        ),
        (
            "not yet valid",
            at_jwt(
                &k.es,
                &claims("alice", None, None).not_before(secs_from_now(600)),
            ),
            "token not yet valid",
        ),
        (
            "issued in the future",
            at_jwt(
                &k.es,
                &Claims::new_at(
                    TestClaims {
                        scope: None,
                        role: None,
                    },
                    secs_from_now(300),
                )
                .issued_now()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .expires_in(Duration::from_secs(600)),
            ),
            "token issued in the future",
        ),
        (
            "too old",
            at_jwt(
                &k.es,
                &Claims::new_at(
                    TestClaims {
                        scope: None,
                        role: None,
                    },
                    secs_from_now(-7200),
                )
                .issued_now()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .expires_at(secs_from_now(600)),
            ),
            "token too old",
        ),
        (
            "wrong issuer",
            at_jwt(&k.es, &claims("alice", None, None).issuer(evil_issuer)),
            "wrong issuer",
        ),
        (
            "wrong audience",
            at_jwt(&k.es, &claims("alice", None, None).audience("other-api")),
            "wrong audience",
        ),
        ("wrong type", sign(&k.es, &good), "wrong token type"),
        (
            "missing exp",
            at_jwt(
                &k.es,
                &serde_json::json!({"iss": ISSUER, "aud": AUDIENCE, "iat": NumericDate::now().as_secs()}),
            ),
            "missing claim exp",
        ),
        (
            "exp of the wrong type",
            at_jwt(
                &k.es,
                &serde_json::json!({"iss": ISSUER, "aud": AUDIENCE, "iat": NumericDate::now().as_secs(), "exp": "tomorrow"}),
            ),
            "invalid claim",
        ),
        (
            "claims that do not fit the application's type",
            at_jwt(
                &k.es,
                &serde_json::json!({"iss": ISSUER, "aud": AUDIENCE, "iat": NumericDate::now().as_secs(),
                    "exp": NumericDate::now().as_secs() + 600, "scope": ["not", "a", "string"]}),
            ),
            "invalid claim",
        ),
    ];
    let mut failures = Vec::new();
    for (case, token, description) in &cases {
        let reply = get_bearer(&me, token).await;
        let want = format!(
            "Bearer realm=\"test\", error=\"invalid_token\", error_description=\"{description}\""
        );
        if reply.status != StatusCode::UNAUTHORIZED || reply.challenge() != Some(want.as_str()) {
            failures.push(format!(
                "{case}: got {} {:?} {}",
                reply.status,
                reply.challenge(),
                reply.body
            ));
            continue;
        }
        assert_eq!(reply.error(), "invalid_token", "{case}");
        assert_eq!(reply.description(), *description, "{case}");
        // Nothing of the token or its claim values goes back to the client.
        for secret in [token.as_str(), evil_issuer, "other-api", "tomorrow"] {
            assert!(
                !reply.body.contains(secret),
                "{case}: body echoes {secret:?}"
            );
            assert!(
                !reply.challenge().unwrap().contains(secret),
                "{case}: challenge echoes {secret:?}"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn scope_and_role_checks_are_403_insufficient_scope() {
    let key = es256();
    let v = es256_verifier(&key);
    let base = format!(
        "http://{}",
        serve(resource_server(BearerAuth::new(v).realm(REALM))).await
    );
    let reader = sign(
        &key,
        &claims("bob", Some("read reports:read"), Some("user")),
    );
    let admin = sign(&key, &claims("carol", Some("read admin"), Some("admin")));
    let scope_challenge = |scope: &str| {
        format!("Bearer realm=\"test\", error=\"insufficient_scope\", scope=\"{scope}\"")
    };
    // (path, token, status, challenge)
    let cases = [
        (
            "/admin",
            &reader,
            StatusCode::FORBIDDEN,
            Some(scope_challenge("admin")),
        ),
        ("/admin", &admin, StatusCode::OK, None),
        (
            "/role",
            &reader,
            StatusCode::FORBIDDEN,
            Some(scope_challenge("role:admin")),
        ),
        ("/role", &admin, StatusCode::OK, None),
        ("/layered/report", &reader, StatusCode::OK, None),
        (
            "/layered/report",
            &admin,
            StatusCode::FORBIDDEN,
            Some(scope_challenge("reports:read")),
        ),
    ];
    for (path, token, status, challenge) in cases {
        let reply = get_bearer(&format!("{base}{path}"), token).await;
        assert_eq!(reply.status, status, "{path}: {}", reply.body);
        assert_eq!(reply.challenge(), challenge.as_deref(), "{path}");
        if status == StatusCode::FORBIDDEN {
            assert_eq!(reply.error(), "insufficient_scope", "{path}");
        }
    }
    let reply = get_bearer(&format!("{base}/layered/report"), &reader).await;
    assert_eq!(reply.body, "report for bob");
    // The layer answers missing and bad tokens itself, as the extractor does.
    let reply = fetch(&format!("{base}/layered/report"), &[]).await;
    assert_eq!(
        (reply.status, reply.challenge()),
        (StatusCode::UNAUTHORIZED, Some("Bearer realm=\"test\""))
    );
    let reply = get_bearer(&format!("{base}/layered/report"), &tamper(&reader)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.error(), "invalid_token");
}

#[tokio::test]
async fn no_jwk_set_is_503_without_detail() {
    let key = es256();
    let token = sign(&key, &claims("alice", None, None));
    // The JWK server is not there at all.
    let unreachable = unreachable_jwks().await;
    // The JWK server serves a set the verifier cannot use (EdDSA keys, ES256 allowed).
    let ed = SigningKey::generate(Algorithm::EdDSA).unwrap();
    let wrong_keys = JwksServer::start(&[&ed]).await;
    let unusable = RemoteJwks::builder(Verifier::builder().issuer(ISSUER).audience(AUDIENCE))
        .allow(Algorithm::ES256)
        .allow_http()
        .jwks_uri(&wrong_keys.url())
        .unwrap();
    for (case, jwks) in [("unreachable", unreachable), ("unusable", unusable)] {
        let addr = serve(resource_server(
            BearerAuth::remote(jwks.clone()).realm(REALM),
        ))
        .await;
        let reply = get_bearer(&format!("http://{addr}/me"), &token).await;
        assert_eq!(
            reply.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{case}: {}",
            reply.body
        );
        assert_eq!(reply.challenge(), None, "{case}");
        assert_eq!(reply.error(), "temporarily_unavailable", "{case}");
        assert_eq!(
            reply.description(),
            "the server cannot verify tokens right now",
            "{case}"
        );
        assert_eq!(reply.headers["retry-after"], "30", "{case}");
        assert!(jwks.last_failure().is_some(), "{case}");
        // No token, still 401: a client without credentials learns nothing of the fault.
        let reply = fetch(&format!("http://{addr}/me"), &[]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{case}");
    }
}

/// The application's own rejection: its shape, the library's kind inside.
struct Teapot(AuthRejection);

impl From<AuthRejection> for Teapot {
    fn from(r: AuthRejection) -> Self {
        Self(r)
    }
}

impl IntoResponse for Teapot {
    fn into_response(self) -> Response {
        let kind = self.0.error_kind().map_or("none", |k| k.code());
        (
            StatusCode::IM_A_TEAPOT,
            format!("{} {kind}", self.0.status().as_u16()),
        )
            .into_response()
    }
}

#[tokio::test]
async fn an_application_rejection_type_reads_the_error_kind() {
    async fn handler(user: Authenticated<TestClaims, Teapot>) -> String {
        user.registered()
            .sub
            .clone()
            .unwrap_or_default()
            .into_owned()
    }
    async fn scoped(user: Authenticated<TestClaims, Teapot>) -> Result<&'static str, Teapot> {
        user.require_scope("admin")?;
        Ok("ok")
    }
    let key = es256();
    let v = es256_verifier(&key);
    let app = Router::new()
        .route("/", get(handler))
        .route("/scoped", get(scoped))
        .with_state(BearerAuth::new(v));
    let base = format!("http://{}", serve(app).await);
    let token = sign(&key, &claims("alice", Some("read"), None));
    let expired = sign(
        &key,
        &claims("alice", None, None).expires_at(secs_from_now(-1)),
    );
    let cases = [
        (get_bearer(&base, &token).await, StatusCode::OK, "alice"),
        (
            get_bearer(&base, &expired).await,
            StatusCode::IM_A_TEAPOT,
            "401 expired",
        ),
        (
            get_bearer(&base, &tamper(&token)).await,
            StatusCode::IM_A_TEAPOT,
            "401 invalid_signature",
        ),
        (fetch(&base, &[]).await, StatusCode::IM_A_TEAPOT, "401 none"),
        (
            fetch(&base, &[("authorization", b"Bearer  x")]).await,
            StatusCode::IM_A_TEAPOT,
            "400 none",
        ),
        (
            get_bearer(&format!("{base}/scoped"), &token).await,
            StatusCode::IM_A_TEAPOT,
            "403 none",
        ),
    ];
    for (i, (reply, status, body)) in cases.into_iter().enumerate() {
        assert_eq!(
            (reply.status, reply.body.as_str()),
            (status, body),
            "case #{i}"
        );
    }
}
