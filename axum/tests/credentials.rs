//! RFC 6750 §2: every way a request can carry (or fail to carry) a bearer token, over
//! real HTTP on 127.0.0.1, with the status and `WWW-Authenticate` each gets.

mod common;

use common::*;
use http::StatusCode;
use strict_jwt::Verifier;
use strict_jwt_axum::BearerAuth;

struct Fixture {
    base: String,
    token: String,
}

async fn fixture(auth: impl FnOnce(Verifier) -> BearerAuth) -> Fixture {
    let key = es256();
    let addr = serve(resource_server(auth(es256_verifier(&key)))).await;
    Fixture {
        base: format!("http://{addr}"),
        token: sign(&key, &claims("alice", Some("read"), None)),
    }
}

/// A case, its header lines, the status and the `WWW-Authenticate` value.
type Case = (
    &'static str,
    Vec<(&'static str, Vec<u8>)>,
    StatusCode,
    Option<String>,
);

const BARE: &str = "Bearer realm=\"test\"";

fn invalid_request(why: &str) -> String {
    format!("Bearer realm=\"test\", error=\"invalid_request\", error_description=\"{why}\"")
}

#[tokio::test]
async fn every_credential_case_gets_its_status_and_challenge() {
    let f = fixture(|v| BearerAuth::new(v).realm(REALM)).await;
    let me = format!("{}/me", f.base);
    let t = f.token.as_str();
    let bearer =
        |scheme: &str, sep: &str, rest: &str| format!("{scheme}{sep}{t}{rest}").into_bytes();

    // (case, header lines, status, challenge)
    let one_space = "exactly one space must follow the Bearer scheme";
    let not_b64token = "the bearer token is not a single b64token";
    let cases: Vec<Case> = vec![
        (
            "missing header",
            vec![],
            StatusCode::UNAUTHORIZED,
            Some(BARE.into()),
        ),
        (
            "other scheme",
            vec![("authorization", b"Basic YWxpY2U6c2VjcmV0".to_vec())],
            StatusCode::UNAUTHORIZED,
            Some(BARE.into()),
        ),
        (
            "other scheme, token-like value",
            vec![("authorization", bearer("DPoP", " ", ""))],
            StatusCode::UNAUTHORIZED,
            Some(BARE.into()),
        ),
        (
            "Bearer",
            vec![("authorization", bearer("Bearer", " ", ""))],
            StatusCode::OK,
            None,
        ),
        (
            "bearer lower case",
            vec![("authorization", bearer("bearer", " ", ""))],
            StatusCode::OK,
            None,
        ),
        (
            "BEARER upper case",
            vec![("authorization", bearer("BEARER", " ", ""))],
            StatusCode::OK,
            None,
        ),
        (
            "two spaces",
            vec![("authorization", bearer("Bearer", "  ", ""))],
            StatusCode::BAD_REQUEST,
            Some(invalid_request(one_space)),
        ),
        (
            "a tab instead of the space",
            vec![("authorization", bearer("Bearer", "\t", ""))],
            StatusCode::BAD_REQUEST,
            Some(invalid_request(
                "the Authorization header is not `scheme credentials`",
            )),
        ),
        (
            "trailing parameter",
            vec![("authorization", bearer("Bearer", " ", ", realm=\"x\""))],
            StatusCode::BAD_REQUEST,
            Some(invalid_request(not_b64token)),
        ),
        (
            "token then a second word",
            vec![("authorization", bearer("Bearer", " ", " extra"))],
            StatusCode::BAD_REQUEST,
            Some(invalid_request(not_b64token)),
        ),
        (
            "two Authorization headers",
            vec![
                ("authorization", bearer("Bearer", " ", "")),
                ("authorization", bearer("Bearer", " ", "")),
            ],
            StatusCode::BAD_REQUEST,
            Some(invalid_request(
                "the request has more than one Authorization header",
            )),
        ),
        (
            "non-ASCII bytes",
            vec![(
                "authorization",
                [bearer("Bearer", " ", ""), vec![0xc3, 0xa9]].concat(),
            )],
            StatusCode::BAD_REQUEST,
            Some(invalid_request(not_b64token)),
        ),
        (
            "obs-text byte",
            vec![(
                "authorization",
                [bearer("Bearer", " ", ""), vec![0xff]].concat(),
            )],
            StatusCode::BAD_REQUEST,
            Some(invalid_request(not_b64token)),
        ),
        (
            "empty token",
            vec![("authorization", b"Bearer ".to_vec())],
            StatusCode::BAD_REQUEST,
            Some(invalid_request("the bearer token is empty")),
        ),
        (
            "scheme only",
            vec![("authorization", b"Bearer".to_vec())],
            StatusCode::BAD_REQUEST,
            Some(invalid_request("the bearer token is empty")),
        ),
        (
            "cookie, not configured",
            vec![("cookie", format!("access_token={t}").into_bytes())],
            StatusCode::UNAUTHORIZED,
            Some(BARE.into()),
        ),
        (
            "custom header, not configured",
            vec![("x-access-token", t.as_bytes().to_vec())],
            StatusCode::UNAUTHORIZED,
            Some(BARE.into()),
        ),
    ];
    let mut failures = Vec::new();
    for (case, lines, status, challenge) in &cases {
        let lines: Vec<(&str, &[u8])> = lines.iter().map(|(n, v)| (*n, v.as_slice())).collect();
        let reply = fetch(&me, &lines).await;
        if reply.status != *status || reply.challenge() != challenge.as_deref() {
            failures.push(format!(
                "{case}: got {} {:?}, want {status} {challenge:?}",
                reply.status,
                reply.challenge()
            ));
            continue;
        }
        if reply.status != StatusCode::OK {
            let want = if reply.status == StatusCode::BAD_REQUEST {
                "invalid_request"
            } else {
                "unauthorized"
            };
            assert_eq!(reply.error(), want, "{case}");
            assert_eq!(reply.headers["content-type"], "application/json", "{case}");
            assert!(!reply.body.contains(t), "{case}: the body echoes the token");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn query_string_tokens_are_never_read() {
    let f = fixture(|v| BearerAuth::new(v).realm(REALM)).await;
    let reply = fetch(&format!("{}/me?access_token={}", f.base, f.token), &[]).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.challenge(), Some(BARE));
}

#[tokio::test]
async fn cookie_and_custom_header_only_when_configured_and_never_two_at_once() {
    let f = fixture(|v| {
        BearerAuth::new(v)
            .realm(REALM)
            .token_cookie("access_token")
            .token_header(http::HeaderName::from_static("x-access-token"))
    })
    .await;
    let me = format!("{}/me", f.base);
    let t = f.token.as_str();
    let cookie = format!("theme=dark; access_token={t}");
    let reply = fetch(&me, &[("cookie", cookie.as_bytes())]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = fetch(&me, &[("x-access-token", t.as_bytes())]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // RFC 6750 §2: one method per request.
    let auth = format!("Bearer {t}");
    let both = fetch(
        &me,
        &[
            ("authorization", auth.as_bytes()),
            ("cookie", cookie.as_bytes()),
        ],
    )
    .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        both.challenge(),
        Some(invalid_request("the request carries a token in more than one place").as_str())
    );
    let twice = format!("access_token={t}; access_token={t}");
    let reply = fetch(&me, &[("cookie", twice.as_bytes())]).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn optional_routes_let_anonymous_requests_in_and_still_refuse_bad_tokens() {
    let f = fixture(|v| BearerAuth::new(v).realm(REALM)).await;
    let url = format!("{}/optional", f.base);
    let anonymous = fetch(&url, &[]).await;
    assert_eq!(
        (anonymous.status, anonymous.body.as_str()),
        (StatusCode::OK, "hello anonymous")
    );
    let basic = fetch(&url, &[("authorization", b"Basic YWxpY2U6c2VjcmV0")]).await;
    assert_eq!(basic.body, "hello anonymous");
    let alice = get_bearer(&url, &f.token).await;
    assert_eq!(
        (alice.status, alice.body.as_str()),
        (StatusCode::OK, "hello alice")
    );
    // A broken token is refused, never treated as anonymous.
    let reply = get_bearer(&url, &tamper(&f.token)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.error(), "invalid_token");
    let malformed = fetch(&url, &[("authorization", b"Bearer  x")]).await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_shared_verifier_replaced_at_run_time_takes_effect_on_the_next_request() {
    let (old_key, new_key) = (es256(), es256());
    let shared = strict_jwt_axum::SharedVerifier::new(es256_verifier(&old_key));
    let addr = serve(resource_server(BearerAuth::shared(shared.clone()))).await;
    let me = format!("http://{addr}/me");
    let old_token = sign(&old_key, &claims("alice", None, None));
    let new_token = sign(&new_key, &claims("bob", None, None));
    assert_eq!(get_bearer(&me, &old_token).await.status, StatusCode::OK);
    assert_eq!(
        get_bearer(&me, &new_token).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Both keys (a rotation's overlap), then only the new one (the old key retired).
    let both = Verifier::builder()
        .allow(strict_jwt::Algorithm::ES256)
        .keys([old_key.verifying_key(), new_key.verifying_key()])
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .build()
        .unwrap();
    shared.replace(both);
    assert_eq!(get_bearer(&me, &old_token).await.status, StatusCode::OK);
    assert_eq!(get_bearer(&me, &new_token).await.status, StatusCode::OK);
    shared.replace(es256_verifier(&new_key));
    let refused = get_bearer(&me, &old_token).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.error(), "invalid_token");
    assert_eq!(get_bearer(&me, &new_token).await.status, StatusCode::OK);
    assert!(std::sync::Arc::ptr_eq(
        &shared.load(),
        &shared.clone().load()
    ));
}
