//! Key rotation with a resource server verifying throughout, retirement, scheduled
//! rotation, restarts, and concurrent refreshes.

mod common;

use common::{Service, Session, eventually, header};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use strict_jwt::{Algorithm, CachePolicy, NumericDate, Verifier};
use strict_jwt_axum::RemoteJwks;

async fn published_kids(s: &Service) -> Vec<String> {
    let set: Value = s.get_json("/.well-known/jwks.json").await;
    set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect()
}

fn keys_list(s: &Service) -> String {
    let out = s.command(&["keys", "list"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_resource_server_verifies_old_and_new_tokens_through_a_rotation_with_no_401() {
    let s = Service::start(&[("AUTH_KEY_LEAD_TIME", "3s"), ("AUTH_JWKS_MAX_AGE", "1s")]);
    s.register("alice@example.com").await;
    // The resource server knows only the issuer: discovery, then the JWK set, refreshed
    // on the set's own max-age (1 s here). The unknown-kid refetch is held off for an
    // hour, and the loop verifies against the cached snapshot only, so a token signed
    // before its key reached the resource server would fail here.
    let policy = CachePolicy::default()
        .with_max_age(Duration::from_secs(1))
        .with_min_age(Duration::ZERO)
        .with_unknown_kid_cooldown(Duration::from_secs(3600));
    let jwks = RemoteJwks::builder(Verifier::builder().audience("api").require_type("at+jwt"))
        .allow(Algorithm::ES256)
        .cache_policy(policy)
        .allow_http()
        .discover(&s.url)
        .await
        .unwrap();
    jwks.refresh().await;

    let mut session = s.login("alice@example.com").await;
    let old_token = session.access.clone();
    let mut kids = Vec::new();
    let mut rotated = false;
    let start = Instant::now();
    let mut verified = 0;
    while start.elapsed() < Duration::from_secs(7) {
        if !rotated && start.elapsed() > Duration::from_millis(500) {
            let out = s.command(&["keys", "rotate"], "");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let list = keys_list(&s);
            assert!(list.contains(" next "), "{list}");
            assert!(list.contains(" active "), "{list}");
            rotated = true;
        }
        session = Session::from_response(s.refresh(&session.refresh).await).await;
        let now = NumericDate::now();
        for token in [&session.access, &old_token] {
            let snapshot = jwks.snapshot().expect("a fetched set");
            snapshot
                .verifier(now)
                .unwrap()
                .verify_at::<Value>(token, now)
                .unwrap_or_else(|e| {
                    panic!(
                        "resource server refused a token at {:?}: {e}",
                        start.elapsed()
                    )
                });
            assert_eq!(s.get_bearer("/me", token).await.status(), StatusCode::OK);
            verified += 1;
        }
        let kid = header(&session.access)["kid"].as_str().unwrap().to_owned();
        if kids.last() != Some(&kid) {
            kids.push(kid);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        kids.len(),
        2,
        "tokens were signed by the old key, then the new: {kids:?}"
    );
    assert!(verified > 40, "{verified}");
    let list = keys_list(&s);
    assert!(list.contains(" retiring "), "{list}");
}

#[tokio::test]
async fn a_superseded_key_is_retired_once_its_last_token_expired() {
    let s = Service::start(&[
        ("AUTH_ACCESS_TTL", "2s"),
        ("AUTH_CLOCK_SKEW", "0s"),
        ("AUTH_KEY_LEAD_TIME", "1s"),
        ("AUTH_JWKS_MAX_AGE", "1s"),
    ]);
    let first = published_kids(&s).await;
    assert_eq!(first.len(), 1);
    let out = s.command(&["keys", "rotate", "--alg", "EdDSA"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A second rotation while the next key waits is refused.
    let out = s.command(&["keys", "rotate"], "");
    assert!(!out.status.success());
    let both = eventually(Duration::from_secs(5), || async {
        let kids = published_kids(&s).await;
        (kids.len() == 2).then_some(kids)
    })
    .await;
    assert!(both.contains(&first[0]));
    // Activation after 1 s, then 2 s of token lifetime: the old key leaves the set and
    // the database.
    let last = eventually(Duration::from_secs(8), || async {
        let kids = published_kids(&s).await;
        (kids.len() == 1).then_some(kids)
    })
    .await;
    assert_ne!(last, first);
    let list = keys_list(&s);
    assert!(!list.contains(&first[0]), "{list}");
    assert!(list.contains("EdDSA"), "{list}");
    // New tokens are EdDSA under the new kid, and the discovery document says so.
    s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    let h = header(&session.access);
    assert_eq!(
        (h["alg"].as_str(), h["kid"].as_str()),
        (Some("EdDSA"), Some(last[0].as_str()))
    );
    let doc: Value = s.get_json("/.well-known/openid-configuration").await;
    assert!(
        doc["id_token_signing_alg_values_supported"]
            .as_array()
            .unwrap()
            .contains(&"EdDSA".into())
    );
}

#[tokio::test]
async fn the_schedule_rotates_the_key_on_its_own() {
    let s = Service::start(&[
        ("AUTH_KEY_ROTATION", "2s"),
        ("AUTH_KEY_LEAD_TIME", "1s"),
        ("AUTH_JWKS_MAX_AGE", "1s"),
    ]);
    let first = published_kids(&s).await;
    let kids = eventually(Duration::from_secs(8), || async {
        let kids = published_kids(&s).await;
        (kids.len() >= 2).then_some(kids)
    })
    .await;
    assert!(kids.contains(&first[0]));
}

#[tokio::test]
async fn a_restart_keeps_users_sessions_and_keys() {
    let port = common::free_port();
    let addr = format!("127.0.0.1:{port}");
    let issuer = format!("http://{addr}");
    let mut s = Service::start(&[("AUTH_ADDR", &addr), ("AUTH_ISSUER", &issuer)]);
    let id = s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    let kids = published_kids(&s).await;
    s.restart();
    assert_eq!(published_kids(&s).await, kids);
    let me: Value = s
        .get_bearer("/me", &session.access)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["sub"], id);
    let next = Session::from_response(s.refresh(&session.refresh).await).await;
    assert_eq!(
        s.get_bearer("/me", &next.access).await.status(),
        StatusCode::OK
    );
    s.login("alice@example.com").await;
    let r = s
        .post_json(
            "/auth/register",
            &serde_json::json!({"email": "alice@example.com", "password": common::PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn of_50_concurrent_refreshes_with_one_token_exactly_one_succeeds() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (http, url, cookie) = (
            s.http.clone(),
            s.url("/auth/refresh"),
            session.refresh.clone(),
        );
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .header("cookie", format!("refresh_token={cookie}"))
                .send()
                .await
                .unwrap()
        }));
    }
    let mut ok = Vec::new();
    let mut statuses = BTreeSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        statuses.insert(r.status());
        if r.status() == StatusCode::OK {
            ok.push(Session::from_response(r).await);
        } else {
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
    }
    assert_eq!(ok.len(), 1, "{statuses:?}");
    // The 49 others presented a spent token: reuse, so the family is revoked, the winner's
    // new refresh token with it. Its access token stays valid until it expires.
    assert_eq!(
        s.refresh(&ok[0].refresh).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.get_bearer("/me", &ok[0].access).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn rs256_runs_on_an_imported_key_and_refuses_to_start_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("auth.db");
    let env = vec![("AUTH_ALG".to_owned(), "RS256".to_owned())];
    // Without a key the service explains how to import one and exits.
    let out = std::process::Command::new(common::binary())
        .env_clear()
        .env("AUTH_DB", &db)
        .env("AUTH_ALG", "RS256")
        .env("AUTH_ADDR", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("keys rotate --alg RS256 --key-file"),
        "{stderr}"
    );

    let pem = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/keys/rsa2048.pem");
    let out = common::run_command(
        &db,
        &env,
        &["keys", "rotate", "--alg", "RS256", "--key-file", pem],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("(in 0 s)"),
        "the first key signs at once"
    );
    let s = Service::start_in(dir.path(), &[("AUTH_ALG", "RS256")]);
    let set: Value = s.get_json("/.well-known/jwks.json").await;
    assert_eq!(set["keys"][0]["kty"], "RSA");
    assert!(set["keys"][0].get("d").is_none());
    s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    assert_eq!(header(&session.access)["alg"], "RS256");
    assert_eq!(
        s.get_bearer("/me", &session.access).await.status(),
        StatusCode::OK
    );
    let doc: Value = s.get_json("/.well-known/openid-configuration").await;
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        serde_json::json!(["RS256"])
    );
}
