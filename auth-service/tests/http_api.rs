//! The HTTP contract, row by row, over real HTTP to the service binary on 127.0.0.1.

mod common;

use common::{PASSWORD, Service, Session, error_of, set_cookie};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn register_answers_201_with_the_id_and_refuses_bad_input_and_taken_emails() {
    let s = Service::start(&[]);
    let id = s.register("alice@example.com").await;
    assert!(id.parse::<i64>().is_ok(), "{id}");

    let cases: &[(Value, &str)] = &[
        (
            json!({"email": "bob@example.com", "password": "1234567"}),
            "7-byte password",
        ),
        (
            json!({"email": "bob@example.com", "password": "x".repeat(1025)}),
            "1025-byte password",
        ),
        (json!({"email": "bob", "password": PASSWORD}), "no @"),
        (
            json!({"email": "@example.com", "password": PASSWORD}),
            "empty local part",
        ),
        (json!({"email": "bob@example.com"}), "no password"),
        (
            json!({"email": "bob@example.com", "password": 12345678}),
            "number password",
        ),
        (
            json!({"email": "bob@example.com", "password": PASSWORD, "role": "admin"}),
            "extra member",
        ),
        (json!(["bob@example.com", PASSWORD]), "array"),
    ];
    for (body, why) in cases {
        let r = s.post_json("/auth/register", body).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{why}");
        let (status, error, _) = error_of(r).await;
        assert_eq!(
            (status, error.as_str()),
            (StatusCode::BAD_REQUEST, "invalid_request"),
            "{why}"
        );
    }
    // Exactly 8 and 1024 bytes are accepted.
    for (email, pw) in [
        ("eight@example.com", "x".repeat(8)),
        ("long@example.com", "y".repeat(1024)),
    ] {
        let r = s
            .post_json("/auth/register", &json!({"email": email, "password": pw}))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{email}");
    }
    // Not JSON, or JSON without its content type.
    let r = s
        .http
        .post(s.url("/auth/register"))
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await.1, "invalid_request");
    let r = s
        .http
        .post(s.url("/auth/register"))
        .body(json!({"email": "carol@example.com", "password": PASSWORD}).to_string())
        .header("content-type", "text/plain")
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(r).await.0, StatusCode::BAD_REQUEST);

    // Taken, whatever the case and surrounding spaces.
    for email in ["alice@example.com", " ALICE@Example.com "] {
        let r = s
            .post_json(
                "/auth/register",
                &json!({"email": email, "password": PASSWORD}),
            )
            .await;
        let (status, error, _) = error_of(r).await;
        assert_eq!(
            (status, error.as_str()),
            (StatusCode::CONFLICT, "email_taken"),
            "{email}"
        );
    }
}

#[tokio::test]
async fn login_returns_a_bearer_token_and_a_strict_httponly_refresh_cookie() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    let r = s.try_login("Alice@Example.com", PASSWORD).await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    let session = Session::from_response(r).await;
    assert_eq!(session.body["token_type"], "Bearer");
    assert_eq!(session.body["expires_in"], 900);
    assert_eq!(
        session.body.as_object().unwrap().len(),
        3,
        "{}",
        session.body
    );
    let attrs: Vec<&str> = session.set_cookie.split("; ").skip(1).collect();
    assert_eq!(
        attrs,
        [
            "HttpOnly",
            "Secure",
            "SameSite=Strict",
            "Path=/auth",
            "Max-Age=604800"
        ]
    );
    assert_eq!(session.access.split('.').count(), 3);
    assert_ne!(session.access, session.refresh);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401_and_repeated_failures_429() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    let wrong = s.try_login("alice@example.com", "wrong password").await;
    let unknown = s.try_login("nobody@example.com", PASSWORD).await;
    assert!(set_cookie(wrong.headers()).is_none());
    let (w, u): (Value, Value) = (
        {
            assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
            wrong.json().await.unwrap()
        },
        {
            assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
            unknown.json().await.unwrap()
        },
    );
    assert_eq!(w, u);
    assert_eq!(w["error"], "invalid_grant");

    // Five failures in all (one above, four here) lock the account: even the right
    // password now gets 429, with Retry-After.
    for _ in 0..4 {
        let r = s.try_login("alice@example.com", "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = s.try_login("alice@example.com", PASSWORD).await;
    let (status, error, headers) = error_of(r).await;
    assert_eq!(
        (status, error.as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
    );
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    // Other accounts are not locked.
    s.register("bob@example.com").await;
    s.login("bob@example.com").await;
}

#[tokio::test]
async fn the_lockout_ends_after_its_window() {
    let s = Service::start(&[
        ("AUTH_LOGIN_MAX_FAILURES", "2"),
        ("AUTH_LOGIN_LOCKOUT", "2s"),
    ]);
    s.register("alice@example.com").await;
    for _ in 0..2 {
        let r = s.try_login("alice@example.com", "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = s.try_login("alice@example.com", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    s.login("alice@example.com").await;
}

#[tokio::test]
async fn refresh_rotates_the_pair_and_a_spent_token_revokes_the_whole_family() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    let first = s.login("alice@example.com").await;
    let second = Session::from_response(s.refresh(&first.refresh).await).await;
    assert_ne!(second.refresh, first.refresh);
    assert_ne!(second.access, first.access);
    assert!(
        second
            .set_cookie
            .contains("HttpOnly; Secure; SameSite=Strict; Path=/auth; Max-Age=")
    );
    let third = Session::from_response(s.refresh(&second.refresh).await).await;
    assert_eq!(
        s.get_bearer("/me", &third.access).await.status(),
        StatusCode::OK
    );

    // `first` is spent: presenting it again is reuse, and revokes every token of the
    // family, the live `third` included.
    let r = s.refresh(&first.refresh).await;
    let cleared = set_cookie(r.headers()).unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let (status, error, _) = error_of(r).await;
    assert_eq!(
        (status, error.as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_grant")
    );
    assert_eq!(
        s.refresh(&third.refresh).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // A login starts a new, unaffected family.
    let other = s.login("alice@example.com").await;
    assert_eq!(s.refresh(&other.refresh).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn refresh_without_a_valid_cookie_is_401() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    let r = s.http.post(s.url("/auth/refresh")).send().await.unwrap();
    assert_eq!(error_of(r).await.0, StatusCode::UNAUTHORIZED);
    let mut tampered = session.refresh.clone();
    tampered.pop();
    tampered.push(if session.refresh.ends_with('A') {
        'B'
    } else {
        'A'
    });
    for bad in ["", "garbage", tampered.as_str()] {
        assert_eq!(
            s.refresh(bad).await.status(),
            StatusCode::UNAUTHORIZED,
            "{bad}"
        );
    }
    // Two refresh_token cookies are ambiguous.
    let r = s
        .http
        .post(s.url("/auth/refresh"))
        .header(
            "cookie",
            format!("refresh_token={0}; refresh_token={0}", session.refresh),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // The session itself is untouched by these.
    assert_eq!(s.refresh(&session.refresh).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_clears_the_cookie_revokes_the_family_and_denies_the_access_token() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    let other = s.login("alice@example.com").await;
    let r = s
        .http
        .post(s.url("/auth/logout"))
        .header("cookie", format!("refresh_token={}", session.refresh))
        .bearer_auth(&session.access)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let cleared = set_cookie(r.headers()).unwrap();
    assert_eq!(
        cleared,
        "refresh_token=; HttpOnly; Secure; SameSite=Strict; Path=/auth; Max-Age=0"
    );
    assert_eq!(
        s.refresh(&session.refresh).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = s.get_bearer("/me", &session.access).await;
    let challenge = r.headers()["www-authenticate"].to_str().unwrap().to_owned();
    assert!(
        challenge.starts_with("Bearer realm=\"auth-service\", error=\"invalid_token\""),
        "{challenge}"
    );
    assert_eq!(error_of(r).await.0, StatusCode::UNAUTHORIZED);
    // The other session of the same user is not affected.
    assert_eq!(
        s.get_bearer("/me", &other.access).await.status(),
        StatusCode::OK
    );
    assert_eq!(s.refresh(&other.refresh).await.status(), StatusCode::OK);
    // Logging out again, or with nothing, is still 204.
    for _ in 0..2 {
        let r = s.http.post(s.url("/auth/logout")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
}

#[tokio::test]
async fn logout_all_refuses_every_access_token_and_session_of_the_user() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    s.register("bob@example.com").await;
    let a1 = s.login("alice@example.com").await;
    let a2 = s.login("alice@example.com").await;
    let bob = s.login("bob@example.com").await;

    let r = s.http.post(s.url("/auth/logout-all")).send().await.unwrap();
    assert_eq!(error_of(r).await.0, StatusCode::UNAUTHORIZED);

    let r = s
        .http
        .post(s.url("/auth/logout-all"))
        .bearer_auth(&a1.access)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(set_cookie(r.headers()).unwrap().contains("Max-Age=0"));
    for session in [&a1, &a2] {
        assert_eq!(
            s.get_bearer("/me", &session.access).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            s.refresh(&session.refresh).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let r = s
        .http
        .post(s.url("/auth/logout-all"))
        .bearer_auth(&a1.access)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "a revoked token cannot log out again"
    );
    // Bob is unaffected; Alice can log in again.
    assert_eq!(
        s.get_bearer("/me", &bob.access).await.status(),
        StatusCode::OK
    );
    let fresh = s.login("alice@example.com").await;
    assert_eq!(
        s.get_bearer("/me", &fresh.access).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn me_returns_the_user_and_refuses_missing_or_bad_tokens_as_rfc_6750() {
    let s = Service::start(&[]);
    let id = s.register("alice@example.com").await;
    let session = s.login("alice@example.com").await;
    let r = s.get_bearer("/me", &session.access).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = r.json().await.unwrap();
    assert_eq!(
        me,
        json!({"sub": id, "email": "alice@example.com", "role": "user"})
    );

    let r = s.http.get(s.url("/me")).send().await.unwrap();
    assert_eq!(
        r.headers()["www-authenticate"],
        "Bearer realm=\"auth-service\""
    );
    assert_eq!(error_of(r).await.0, StatusCode::UNAUTHORIZED);
    let r = s.get_bearer("/me", "not.a.token").await;
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("error=\"invalid_token\"")
    );
    let (status, error, _) = error_of(r).await;
    assert_eq!(
        (status, error.as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
}

#[tokio::test]
async fn admin_ping_needs_the_admin_role() {
    let s = Service::start(&[]);
    s.register("alice@example.com").await;
    let out = s.command(
        &[
            "user",
            "add",
            "--email",
            "root@example.com",
            "--role",
            "admin",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let user = s.login("alice@example.com").await;
    let admin = s.login("root@example.com").await;

    let r = s.get_bearer("/admin/ping", &admin.access).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = s.get_bearer("/admin/ping", &user.access).await;
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("error=\"insufficient_scope\"")
    );
    let (status, error, _) = error_of(r).await;
    assert_eq!(
        (status, error.as_str()),
        (StatusCode::FORBIDDEN, "insufficient_scope")
    );
    let r = s.http.get(s.url("/admin/ping")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let me: Value = s
        .get_bearer("/me", &admin.access)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "admin");
    // A duplicate email is refused by the subcommand too.
    let out = s.command(
        &[
            "user",
            "add",
            "--email",
            "root@example.com",
            "--role",
            "admin",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(!out.status.success());
}

#[tokio::test]
async fn the_jwk_set_and_the_discovery_document_are_published() {
    let s = Service::start(&[]);
    let r = s
        .http
        .get(s.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "public, max-age=300");
    let set: Value = r.json().await.unwrap();
    let keys = set["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    let key = keys[0].as_object().unwrap();
    assert_eq!(key["kty"], "EC");
    assert_eq!(key["crv"], "P-256");
    assert_eq!(key["alg"], "ES256");
    assert!(key["kid"].is_string());
    for private in ["d", "k", "p", "q"] {
        assert!(!key.contains_key(private), "{private}");
    }

    let r = s
        .http
        .get(s.url("/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let doc: Value = r.json().await.unwrap();
    assert_eq!(doc["issuer"], s.url);
    assert_eq!(doc["jwks_uri"], s.url("/.well-known/jwks.json"));
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        json!(["ES256"])
    );
}

#[tokio::test]
async fn the_page_is_served_with_a_strict_content_security_policy() {
    let s = Service::start(&[]);
    let r = s.http.get(s.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'self'"),
        "{csp}"
    );
    let html = r.text().await.unwrap();
    assert!(html.contains("<form id=\"login\">"));
    assert!(!html.contains("<script>"), "no inline script");
    let js = s
        .http
        .get(s.url("/app.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!js.contains("localStorage") || js.contains("not in localStorage"));
    assert!(js.contains("let accessToken = null;"));
}
