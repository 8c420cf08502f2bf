//! The HTTP API. Every state change is one SQLite transaction ([`crate::db::Db::write`]).

use crate::error::ApiError;
use crate::passwords::PASSWORD_LEN;
use crate::tokens::{AccessClaims, Live};
use crate::{AppState, now};
use axum::extract::{FromRef, FromRequestParts, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, body::Bytes};
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;
use std::time::Instant;
use strict_jwt::NumericDate;
use strict_jwt_axum::{Authenticated, BearerAuth};

/// The refresh-token cookie's name.
pub const REFRESH_COOKIE: &str = "refresh_token";

/// `{"email","password"}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    email: String,
    password: String,
}

/// Reads a JSON body of type `T`: `Content-Type: application/json` required (a
/// cross-site form cannot send it without a CORS preflight), errors in the API's shape.
fn json_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, ApiError> {
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err(ApiError::InvalidRequest(
            "Content-Type must be application/json",
        ));
    }
    // A derived `Deserialize` also takes a struct as an array (`["a@b", "pw"]`): only an
    // object is the documented body.
    let object = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !object {
        return Err(ApiError::InvalidRequest(
            "the body must be {\"email\": string, \"password\": string}",
        ));
    }
    serde_json::from_slice(body).map_err(|_| {
        ApiError::InvalidRequest("the body must be {\"email\": string, \"password\": string}")
    })
}

/// Trimmed and lowercased; 3..=254 bytes, one `@` between a non-empty local part and
/// domain, no spaces or control characters.
fn normalize_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim().to_lowercase();
    let valid = (3..=254).contains(&email.len())
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
    if valid {
        Ok(email)
    } else {
        Err(ApiError::InvalidRequest("invalid email address"))
    }
}

fn check_password(password: &str) -> Result<(), ApiError> {
    if PASSWORD_LEN.contains(&password.len()) {
        Ok(())
    } else {
        Err(ApiError::InvalidRequest(
            "the password must be 8 to 1024 bytes",
        ))
    }
}

/// `POST /auth/register`: 201 `{"id"}`.
pub async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let c: Credentials = json_body(&headers, &body)?;
    let email = normalize_email(&c.email)?;
    check_password(&c.password)?;
    let hash = state.passwords.hash(c.password).await?;
    let created = now().as_secs();
    let id = state
        .db
        .write(move |tx| {
            let inserted = tx.execute(
                "INSERT INTO users (email, password_hash, role, created_at) VALUES (?1, ?2, 'user', ?3)
                 ON CONFLICT(email) DO NOTHING",
                params![email, hash, created],
            )?;
            if inserted == 0 {
                return Err(ApiError::EmailTaken);
            }
            Ok(tx.last_insert_rowid())
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"id": id.to_string()})),
    )
        .into_response())
}

/// The token response of login and refresh: the access token in the body, the refresh
/// token in an httpOnly cookie scoped to `/auth`.
fn token_response(
    state: &AppState,
    access: &str,
    refresh: &str,
    refresh_exp: NumericDate,
    at: NumericDate,
) -> Response {
    let body = serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": state.config.access_ttl.as_secs(),
    });
    let mut r = Json(body).into_response();
    let max_age = (refresh_exp.as_secs() - at.as_secs()).max(0);
    let cookie = format!(
        "{REFRESH_COOKIE}={refresh}; HttpOnly; Secure; SameSite=Strict; Path=/auth; Max-Age={max_age}"
    );
    let h = r.headers_mut();
    // A JWT is base64url and dots: always a valid header value.
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        h.insert(SET_COOKIE, v);
    }
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Expires the refresh cookie.
pub fn clear_refresh_cookie(headers: &mut HeaderMap) {
    headers.insert(
        SET_COOKIE,
        HeaderValue::from_static(
            "refresh_token=; HttpOnly; Secure; SameSite=Strict; Path=/auth; Max-Age=0",
        ),
    );
}

/// A new session: one refresh-token family with its first token, and the tokens.
async fn start_session(state: &AppState, user: i64, at: NumericDate) -> Result<Response, ApiError> {
    let family = crate::keys::random_id()?;
    let expires = at.saturating_add(state.config.refresh_ttl);
    let live = state.keys.current();
    let refresh = live.refresh_token(&state.config, user, &family, expires, at)?;
    let jti = refresh.jti.clone();
    let (role, ver) = state
        .db
        .write(move |tx| {
            let (role, ver): (String, i64) = tx.query_row(
                "SELECT role, token_version FROM users WHERE id = ?1",
                [user],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            tx.execute(
                "INSERT INTO refresh_families (id, user_id, token_version, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![family, user, ver, at.as_secs(), expires.as_secs()],
            )?;
            tx.execute(
                "INSERT INTO refresh_tokens (jti, family_id, issued_at) VALUES (?1, ?2, ?3)",
                params![jti, family, at.as_secs()],
            )?;
            Ok::<_, ApiError>((role, ver))
        })
        .await?;
    let access = live.access_token(&state.config, user, &role, ver, at)?;
    Ok(token_response(
        state,
        &access.token,
        &refresh.token,
        expires,
        at,
    ))
}

/// `POST /auth/login`.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let c: Credentials = json_body(&headers, &body)?;
    // An address that is not one gets the same answer as an unknown account.
    let email = normalize_email(&c.email).unwrap_or_default();
    state
        .limiter
        .check(&email, Instant::now())
        .map_err(ApiError::TooManyAttempts)?;
    let lookup = email.clone();
    let user: Option<(i64, String)> = state
        .db
        .read_async(move |conn| {
            conn.query_row(
                "SELECT id, password_hash FROM users WHERE email = ?1",
                [lookup],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(ApiError::from)
        })
        .await?;
    let (id, hash) = match user {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    let checked = state.passwords.check(c.password, hash).await;
    let (Ok(()), Some(id)) = (checked, id) else {
        state.limiter.failed(&email, Instant::now());
        return Err(ApiError::InvalidCredentials);
    };
    state.limiter.succeeded(&email);
    start_session(&state, id, now()).await
}

/// The `refresh_token` cookie: `Ok(None)` if absent.
fn refresh_cookie(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let mut found = None;
    for value in headers.get_all(COOKIE) {
        let Ok(value) = value.to_str() else { continue };
        for pair in value.split(';') {
            if let Some((name, v)) = pair.trim().split_once('=') {
                if name == REFRESH_COOKIE {
                    if found.is_some() {
                        return Err(ApiError::InvalidRefreshToken(
                            "more than one refresh_token cookie",
                        ));
                    }
                    found = Some(v);
                }
            }
        }
    }
    Ok(found.filter(|v| !v.is_empty()))
}

/// A refresh token's row with its family and user: user id, family token version,
/// revoked at, expires at, spent at, user token version, role.
type TokenRow = (i64, i64, Option<i64>, i64, Option<i64>, i64, String);

/// Marks a session (refresh-token family) revoked, keeping the first reason.
fn revoke_family(
    tx: &rusqlite::Transaction<'_>,
    family: &str,
    at: NumericDate,
    why: &str,
) -> rusqlite::Result<usize> {
    tx.execute(
        "UPDATE refresh_families SET revoked_at = ?2, revoked_because = ?3
         WHERE id = ?1 AND revoked_at IS NULL",
        params![family, at.as_secs(), why],
    )
}

/// What the refresh transaction decided.
enum Rotation {
    Rotated {
        user: i64,
        role: String,
        ver: i64,
        expires: NumericDate,
    },
    Refused(&'static str),
}

/// `POST /auth/refresh`: spends the refresh token and returns a new pair. A spent token
/// presented again revokes its whole family.
pub async fn refresh(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token =
        refresh_cookie(&headers)?.ok_or(ApiError::InvalidRefreshToken("no refresh token"))?;
    let at = now();
    let live = state.keys.current();
    let verified = live
        .verify_refresh(token, at)
        .map_err(|_| ApiError::InvalidRefreshToken("invalid refresh token"))?;
    let old_jti = verified.registered().jti()?.to_owned();
    let family = verified.claims().fam.clone();
    let sub: i64 = verified
        .registered()
        .subject()?
        .parse()
        .map_err(|_| ApiError::InvalidRefreshToken("invalid refresh token"))?;
    // The new token is signed before the transaction (its `jti` is stored in it) and
    // only handed out if the transaction commits the rotation.
    let new_refresh_exp = NumericDate::from_secs(verified.registered().expiration()?.as_secs());
    let new = live.refresh_token(&state.config, sub, &family, new_refresh_exp, at)?;
    let new_jti = new.jti.clone();
    let outcome = state
        .db
        .write(move |tx| {
            let row: Option<TokenRow> = tx
                .query_row(
                    "SELECT f.user_id, f.token_version, f.revoked_at, f.expires_at, t.spent_at,
                            u.token_version, u.role
                     FROM refresh_tokens t
                     JOIN refresh_families f ON f.id = t.family_id
                     JOIN users u ON u.id = f.user_id
                     WHERE t.jti = ?1 AND f.id = ?2",
                    params![old_jti, family],
                    |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                        ))
                    },
                )
                .optional()?;
            let Some((user, family_ver, revoked, expires, spent, user_ver, role)) = row else {
                return Ok(Rotation::Refused("unknown refresh token"));
            };
            let revoke = |why: &str| revoke_family(tx, &family, at, why);
            if revoked.is_some() {
                return Ok(Rotation::Refused("session revoked"));
            }
            if user != sub || family_ver != user_ver {
                revoke("token version")?;
                return Ok(Rotation::Refused("session revoked"));
            }
            if spent.is_some() {
                // Reuse: a thief or the real client replays a spent token. Either way one of
                // them holds a live token of this family; revoke all of it.
                revoke("refresh token reuse")?;
                tracing::warn!(user, "refresh token reuse: session revoked");
                return Ok(Rotation::Refused(
                    "refresh token reuse detected; session revoked",
                ));
            }
            let spent_now = tx.execute(
                "UPDATE refresh_tokens SET spent_at = ?2 WHERE jti = ?1 AND spent_at IS NULL",
                params![old_jti, at.as_secs()],
            )?;
            if spent_now != 1 {
                return Ok(Rotation::Refused("unknown refresh token"));
            }
            tx.execute(
                "INSERT INTO refresh_tokens (jti, family_id, issued_at) VALUES (?1, ?2, ?3)",
                params![new_jti, family, at.as_secs()],
            )?;
            Ok::<_, ApiError>(Rotation::Rotated {
                user,
                role,
                ver: user_ver,
                expires: NumericDate::from_secs(expires),
            })
        })
        .await?;
    match outcome {
        Rotation::Refused(why) => Err(ApiError::InvalidRefreshToken(why)),
        Rotation::Rotated {
            user,
            role,
            ver,
            expires,
        } => {
            let access = live.access_token(&state.config, user, &role, ver, at)?;
            Ok(token_response(
                &state,
                &access.token,
                &new.token,
                expires,
                at,
            ))
        }
    }
}

/// `POST /auth/logout`: revokes the cookie's session and denies the bearer token's `jti`
/// until its `exp`. Always 204 with the cookie cleared: logging out twice, or with an
/// expired session, is not an error.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let at = now();
    let live = state.keys.current();
    let family = refresh_cookie(&headers)
        .ok()
        .flatten()
        .and_then(|t| live.verify_refresh(t, at).ok())
        .map(|v| v.claims().fam.clone());
    let auth = BearerAuth::from_ref(&state);
    let denied = match auth.authenticate::<AccessClaims>(&headers).await {
        Ok(v) => match (v.registered().jti(), v.registered().expiration()) {
            (Ok(jti), Ok(exp)) => Some((jti.to_owned(), exp.as_secs())),
            _ => None,
        },
        Err(_) => None,
    };
    if family.is_some() || denied.is_some() {
        state
            .db
            .write(move |tx| {
                if let Some(family) = family {
                    revoke_family(tx, &family, at, "logout")?;
                }
                if let Some((jti, exp)) = denied {
                    tx.execute(
                        "INSERT INTO denied_jtis (jti, expires_at) VALUES (?1, ?2)
                         ON CONFLICT(jti) DO NOTHING",
                        params![jti, exp],
                    )?;
                }
                Ok::<_, ApiError>(())
            })
            .await?;
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    clear_refresh_cookie(r.headers_mut());
    Ok(r)
}

/// `POST /auth/logout-all`: the user's token version goes up, so every access token and
/// session issued before is refused; every session is also marked revoked.
pub async fn logout_all(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Response, ApiError> {
    let at = now().as_secs();
    let id = user.id;
    state
        .db
        .write(move |tx| {
            tx.execute(
                "UPDATE users SET token_version = token_version + 1 WHERE id = ?1",
                [id],
            )?;
            tx.execute(
                "UPDATE refresh_families SET revoked_at = ?2, revoked_because = 'logout-all'
                 WHERE user_id = ?1 AND revoked_at IS NULL",
                params![id, at],
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    clear_refresh_cookie(r.headers_mut());
    Ok(r)
}

/// `GET /me`.
pub async fn me(user: CurrentUser) -> Response {
    Json(serde_json::json!({"sub": user.id.to_string(), "email": user.email, "role": user.role}))
        .into_response()
}

/// `GET /admin/ping`: role `admin` required (403 `insufficient_scope` otherwise).
pub async fn admin_ping(user: CurrentUser) -> Result<Response, ApiError> {
    user.token.require("admin", |c| c.role == "admin")?;
    Ok(Json(serde_json::json!({"pong": true})).into_response())
}

/// `GET /.well-known/jwks.json`, cacheable for `AUTH_JWKS_MAX_AGE`.
pub async fn jwks(State(state): State<AppState>) -> Response {
    let body = state.keys.current().jwks_json();
    let cache = format!("public, max-age={}", state.config.jwks_max_age.as_secs());
    let mut r = (
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("application/jwk-set+json"),
        )],
        body.to_string(),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&cache) {
        r.headers_mut().insert(CACHE_CONTROL, v);
    }
    r
}

/// `GET /.well-known/openid-configuration`.
pub async fn openid_configuration(State(state): State<AppState>) -> Response {
    let live: std::sync::Arc<Live> = state.keys.current();
    Json(serde_json::json!({
        "issuer": state.config.issuer,
        "jwks_uri": state.config.jwks_uri(),
        "id_token_signing_alg_values_supported": live.algorithms(),
    }))
    .into_response()
}

/// A request's user: a verified access token (signature, `typ`, `iss`, `aud`, `exp`)
/// whose `jti` is not denied and whose `ver` is the user's current token version.
#[derive(Debug)]
pub struct CurrentUser {
    /// `sub` as the user's id.
    pub id: i64,
    /// From the database.
    pub email: String,
    /// From the database (the token's `role` is what `/admin` checks).
    pub role: String,
    /// The verified token.
    pub token: Authenticated<AccessClaims, ApiError>,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token =
            Authenticated::<AccessClaims, ApiError>::from_request_parts(parts, state).await?;
        let r = token.registered();
        let id: i64 = r
            .subject()?
            .parse()
            .map_err(|_| ApiError::RevokedAccessToken("unknown subject"))?;
        let jti = r.jti()?.to_owned();
        let row: Option<(String, String, i64, bool)> = state
            .db
            .read_async(move |c| {
                c.query_row(
                    "SELECT email, role, token_version,
                            EXISTS (SELECT 1 FROM denied_jtis WHERE jti = ?2)
                     FROM users WHERE id = ?1",
                    params![id, jti],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(ApiError::from)
            })
            .await?;
        let Some((email, role, ver, denied)) = row else {
            return Err(ApiError::RevokedAccessToken("unknown subject"));
        };
        if denied {
            return Err(ApiError::RevokedAccessToken("token revoked"));
        }
        if ver != token.claims().ver {
            return Err(ApiError::RevokedAccessToken("token revoked"));
        }
        Ok(Self {
            id,
            email,
            role,
            token,
        })
    }
}
