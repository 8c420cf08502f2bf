//! The web page in a real browser: headless Chromium driven through chromedriver
//! (WebDriver). Needs Debian's `chromium` and `chromium-driver`; `.ci/run` installs them
//! and runs this test with `--ignored`:
//!
//! ```text
//! cargo test -p strict-jwt-auth-service --test browser -- --ignored
//! ```

mod common;

use common::{Service, free_port};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find_binary(names: &[&str]) -> String {
    for name in names {
        for dir in ["/usr/bin", "/usr/lib/chromium", "/usr/local/bin"] {
            let path = format!("{dir}/{name}");
            if std::path::Path::new(&path).exists() {
                return path;
            }
        }
    }
    panic!("none of {names:?} is installed: apt-get install chromium chromium-driver");
}

async fn browser() -> (Driver, Client) {
    let port = free_port();
    let driver = Command::new(find_binary(&["chromedriver"]))
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver(driver);
    let chromium = find_binary(&["chromium", "chromium-browser"]);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--disable-extensions"],
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return (driver, client),
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("chromedriver did not start: {e}"),
        }
    }
}

async fn status(c: &Client) -> String {
    c.find(Locator::Id("status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Waits until the page's status line starts with `prefix`.
async fn wait_status(c: &Client, prefix: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let s = status(c).await;
        if s.starts_with(prefix) {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "status is {s:?}, waited for {prefix:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn click(c: &Client, id: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The refresh cookie as the browser holds it, read from a document under `/auth` (a
/// 404 page: WebDriver lists the cookies of the current document's path).
async fn cookie_under_auth(
    c: &Client,
    s: &Service,
) -> Option<fantoccini::cookies::Cookie<'static>> {
    c.goto(&s.url("/auth/cookie-check")).await.unwrap();
    c.get_all_cookies()
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.name() == "refresh_token")
}

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
async fn login_whoami_refresh_after_expiry_and_logout_in_headless_chromium() {
    let s = Service::start(&[("AUTH_ACCESS_TTL", "2s"), ("AUTH_CLOCK_SKEW", "0s")]);
    let (_driver, c) = browser().await;
    c.goto(&s.url("/")).await.unwrap();
    assert_eq!(status(&c).await, "logged out");

    // Register and log in through the form.
    c.find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("alice@example.com")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(common::PASSWORD)
        .await
        .unwrap();
    click(&c, "register-button").await;
    wait_status(&c, "registered").await;
    click(&c, "login-button").await;
    wait_status(&c, "logged in").await;

    click(&c, "whoami").await;
    assert_eq!(
        wait_status(&c, "logged in as").await,
        "logged in as alice@example.com"
    );
    let result: Value = serde_json::from_str(
        &c.find(Locator::Id("result"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(result["email"], "alice@example.com");

    // No token in web storage, and no cookie visible to the page's scripts.
    let stored = c
        .execute(
            "return localStorage.length + sessionStorage.length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(stored, json!(0));
    assert_eq!(
        c.execute("return document.cookie;", vec![]).await.unwrap(),
        json!("")
    );

    // After the access token expired, "who am I" gets 401, refreshes once and retries.
    tokio::time::sleep(Duration::from_millis(2600)).await;
    click(&c, "whoami").await;
    assert_eq!(
        wait_status(&c, "logged in as").await,
        "logged in as alice@example.com"
    );
    click(&c, "refresh").await;
    wait_status(&c, "refreshed").await;

    // The cookie is scoped to /auth: look at it from a document there. The browser holds
    // it, httpOnly, and even a script on /auth cannot read it.
    let first = cookie_under_auth(&c, &s)
        .await
        .expect("the browser stored the refresh cookie");
    assert_eq!(first.http_only(), Some(true));
    assert_eq!(first.secure(), Some(true));
    assert_eq!(first.path(), Some("/auth"));
    assert_eq!(
        c.execute("return document.cookie;", vec![]).await.unwrap(),
        json!("")
    );

    // Back on the page, the access token is gone with the old page's memory; "who am I"
    // gets a new one through the cookie, which rotates.
    c.goto(&s.url("/")).await.unwrap();
    assert_eq!(status(&c).await, "logged out");
    click(&c, "whoami").await;
    assert_eq!(
        wait_status(&c, "logged in as").await,
        "logged in as alice@example.com"
    );
    let second = cookie_under_auth(&c, &s)
        .await
        .expect("a rotated refresh cookie");
    assert_ne!(
        second.value(),
        first.value(),
        "the refresh rotated the cookie"
    );

    c.goto(&s.url("/")).await.unwrap();
    click(&c, "whoami").await; // a token in memory again, for logout to deny
    wait_status(&c, "logged in as").await;
    click(&c, "logout").await;
    wait_status(&c, "logged out").await;
    click(&c, "whoami").await;
    wait_status(&c, "not logged in (401)").await;
    assert!(
        cookie_under_auth(&c, &s).await.is_none(),
        "logout cleared the cookie"
    );
    // The spent and the revoked cookie are refused by the server too.
    for old in [first.value(), second.value()] {
        assert_eq!(
            s.refresh(old).await.status(),
            reqwest::StatusCode::UNAUTHORIZED
        );
    }
    c.close().await.unwrap();
}
