// The access token lives only in this variable: not in localStorage, not in a cookie.
// The refresh token lives only in its httpOnly cookie (Path=/auth), which this script
// cannot read; the browser sends it to /auth/refresh and /auth/logout.
"use strict";
let accessToken = null;
let refreshing = null;

const $ = (id) => document.getElementById(id);

function show(status, result) {
  $("status").textContent = status;
  $("result").textContent = typeof result === "string" ? result : JSON.stringify(result, null, 2);
}

async function call(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (accessToken) headers["Authorization"] = "Bearer " + accessToken;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (_) { json = text; }
  return { status: res.status, json };
}

function credentials() {
  return { email: $("email").value, password: $("password").value };
}

// One refresh at a time: two concurrent refreshes with the same cookie would look like
// token reuse and revoke the session.
function refresh() {
  if (!refreshing) {
    refreshing = call("POST", "/auth/refresh").then((r) => {
      refreshing = null;
      accessToken = r.status === 200 ? r.json.access_token : null;
      return r;
    });
  }
  return refreshing;
}

$("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  accessToken = null;
  const r = await call("POST", "/auth/login", credentials());
  if (r.status === 200) {
    accessToken = r.json.access_token;
    $("password").value = "";
    show("logged in", { expires_in: r.json.expires_in });
  } else {
    show("login failed (" + r.status + ")", r.json);
  }
});

$("register-button").addEventListener("click", async () => {
  const r = await call("POST", "/auth/register", credentials());
  show(r.status === 201 ? "registered: log in" : "registration failed (" + r.status + ")", r.json);
});

$("whoami").addEventListener("click", async () => {
  let r = await call("GET", "/me");
  if (r.status === 401) {
    // Expired (or missing) access token: refresh once and retry.
    const f = await refresh();
    if (f.status === 200) r = await call("GET", "/me");
  }
  show(r.status === 200 ? "logged in as " + r.json.email : "not logged in (" + r.status + ")", r.json);
});

$("refresh").addEventListener("click", async () => {
  const r = await refresh();
  show(r.status === 200 ? "refreshed" : "refresh failed (" + r.status + ")", r.status === 200 ? { expires_in: r.json.expires_in } : r.json);
});

$("logout").addEventListener("click", async () => {
  const r = await call("POST", "/auth/logout");
  accessToken = null;
  show(r.status === 204 ? "logged out" : "logout failed (" + r.status + ")", "");
});
