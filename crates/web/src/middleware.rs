//! Request pipeline: request id and client address, authentication (session
//! cookie or API token), CSRF and origin checks on unsafe methods, the route
//! policy (deny by default), security headers, and the rendering of error
//! markers into pages or JSON problems.

use std::net::SocketAddr;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jindu_store::service::{Actor, ServiceError, auth::Client};
use jindu_store::sessions::{Session, Stage};

use crate::error::{ErrorMark, mark};
use crate::i18n::Lang;
use crate::policy::{self, Policy};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "jd_session";
pub const LANG_COOKIE: &str = "jd_lang";
pub const LOGIN_CSRF_COOKIE: &str = "jd_login_csrf";
/// Bodies of form posts are buffered for the CSRF check; larger uploads use
/// multipart, whose token travels in the query string.
const FORM_LIMIT: usize = 256 * 1024;

/// Facts about the request, available to every handler.
#[derive(Clone, Debug)]
pub struct ReqInfo {
    pub request_id: String,
    pub client: Client,
    pub lang: Lang,
    pub is_api: bool,
}

/// The signed-in user (session at stage Full, or API token).
#[derive(Clone, Debug)]
pub struct Auth {
    pub actor: Actor,
    /// None for API tokens.
    pub session: Option<Session>,
}

/// A session still part-way through login.
#[derive(Clone, Debug)]
pub struct Partial(pub Session);

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value; `max_age` of 0 deletes, None makes a session cookie.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(a) = max_age {
        c.push_str(&format!("; Max-Age={a}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Outermost layer: request id, client address, language; security headers
/// on every response; error markers rendered.
pub async fn request_info(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let request_id = data_encoding::HEXLOWER.encode(&jindu_store::crypto::random_bytes::<8>());
    let addr = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let is_api = req.uri().path().starts_with("/api/");
    let lang = cookie(req.headers(), LANG_COOKIE)
        .map(|c| Lang::from_code(&c))
        .unwrap_or_default();
    let info = ReqInfo {
        request_id: request_id.clone(),
        client: Client {
            addr,
            request_id: request_id.clone(),
        },
        lang,
        is_api,
    };
    req.extensions_mut().insert(info.clone());
    let is_static = req.uri().path().starts_with("/static/");
    let mut resp = next.run(req).await;
    if let Some(m) = resp.extensions().get::<ErrorMark>().cloned() {
        let lang = resp
            .extensions()
            .get::<Lang>()
            .copied()
            .unwrap_or(info.lang);
        resp = crate::pages::error::render(resp.status(), &m.code, lang, &request_id, is_api);
    }
    let h = resp.headers_mut();
    h.insert(
        "x-request-id",
        HeaderValue::from_str(&request_id).unwrap_or_else(|_| HeaderValue::from_static("")),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if st.cfg.secure_cookies {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !is_static {
        // Pages carry personal data: never kept in caches.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// Resolves the API token or session cookie into `Auth` or `Partial`.
pub async fn authenticate(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(mut info) = req.extensions().get::<ReqInfo>().cloned() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut clear_cookie = false;
    if let Some(token) = bearer(req.headers()).map(str::to_string) {
        match st.ctx.resolve_token(&token, &info.client).await {
            Ok(actor) => {
                info.lang = Lang::from_code(&actor.locale);
                req.extensions_mut().insert(Auth {
                    actor,
                    session: None,
                });
            }
            Err(ServiceError::Unauthenticated) => {}
            Err(e) => return crate::error::WebError(e).into_response(),
        }
    } else if let Some(token) = cookie(req.headers(), SESSION_COOKIE) {
        match st.ctx.resolve_session(&token, &info.client).await {
            Ok((actor, session)) if session.stage == Stage::Full => {
                info.lang = Lang::from_code(&actor.locale);
                req.extensions_mut().insert(Auth {
                    actor,
                    session: Some(session),
                });
            }
            Ok((actor, session)) => {
                info.lang = Lang::from_code(&actor.locale);
                req.extensions_mut().insert(Partial(session));
            }
            Err(ServiceError::Unauthenticated) => clear_cookie = true,
            Err(e) => return crate::error::WebError(e).into_response(),
        }
    }
    let lang = info.lang;
    req.extensions_mut().insert(info);
    let mut resp = next.run(req).await;
    resp.extensions_mut().insert(lang);
    if clear_cookie && !resp.headers().contains_key(header::SET_COOKIE) {
        resp.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(SESSION_COOKIE, "", Some(0), st.cfg.secure_cookies),
        );
    }
    resp
}

/// Whether an unsafe request comes from our own pages. Browsers that send
/// Fetch Metadata decide it; otherwise the Origin header, when it names a
/// site, must be ours. (With `Referrer-Policy: no-referrer` browsers send
/// `Origin: null` on same-origin form posts, so "null" alone proves nothing;
/// the CSRF token still has to match.)
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
        && origin != "null"
    {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        return origin.split("://").nth(1) == Some(host);
    }
    true
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn query_field(req: &Request, name: &str) -> Option<String> {
    let q = req.uri().query()?;
    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// CSRF on every unsafe method: requests authenticated by an API token
/// carry no ambient credential and are exempt; everything else must come
/// from our own origin and carry the session's token (or, before login, the
/// double-submit login token). JSON logins cannot be forged by a form
/// (browsers preflight cross-origin JSON), so they need only the origin check.
pub async fn csrf(State(_st): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || bearer(req.headers()).is_some()
    {
        return next.run(req).await;
    }
    if !same_origin(req.headers()) {
        return mark(StatusCode::FORBIDDEN, "csrf");
    }
    let expected = if let Some(a) = req.extensions().get::<Auth>() {
        a.session.as_ref().map(|s| s.csrf_token.clone())
    } else if let Some(p) = req.extensions().get::<Partial>() {
        Some(p.0.csrf_token.clone())
    } else {
        cookie(req.headers(), LOGIN_CSRF_COOKIE)
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let is_json = content_type.starts_with("application/json");
    if req.uri().path() == "/api/v1/session" && req.method() == Method::POST && is_json {
        return next.run(req).await;
    }
    let Some(expected) = expected.filter(|e| !e.is_empty()) else {
        return mark(StatusCode::FORBIDDEN, "csrf");
    };
    let header_token = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (req, given) = if let Some(t) = header_token.or_else(|| query_field(&req, "_csrf")) {
        (req, Some(t))
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
            return mark(StatusCode::PAYLOAD_TOO_LARGE, "import.too_large");
        };
        let given = form_field(&bytes, "_csrf");
        (Request::from_parts(parts, Body::from(bytes)), given)
    } else {
        (req, None)
    };
    let ok = given.is_some_and(|g| {
        g.len() == expected.len()
            && g.bytes()
                .zip(expected.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    });
    if !ok {
        return mark(StatusCode::FORBIDDEN, "csrf");
    }
    next.run(req).await
}

/// Deny by default: a route without a policy entry is refused; otherwise
/// the policy decides who may reach the handler.
pub async fn enforce_policy(req: Request, next: Next) -> Response {
    let pattern = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let Some(policy) = policy::lookup(req.method().as_str(), &pattern) else {
        tracing::error!(route = %pattern, method = %req.method(), "route without a policy refused");
        return mark(StatusCode::FORBIDDEN, "forbidden");
    };
    let is_api = req.extensions().get::<ReqInfo>().is_some_and(|i| i.is_api);
    let auth = req.extensions().get::<Auth>();
    let partial = req.extensions().get::<Partial>();
    let unauthenticated = || {
        if is_api {
            mark(StatusCode::UNAUTHORIZED, "unauthenticated")
        } else {
            Redirect::to("/login").into_response()
        }
    };
    match policy {
        Policy::Public => {}
        Policy::Partial(stage) => match partial {
            Some(p) if p.0.stage == stage => {}
            Some(p) => {
                return Redirect::to(crate::pages::login::stage_url(p.0.stage)).into_response();
            }
            None if auth.is_some() => return Redirect::to("/").into_response(),
            None => return unauthenticated(),
        },
        Policy::Authenticated => {
            if auth.is_none() {
                if let (Some(p), false) = (partial, is_api) {
                    return Redirect::to(crate::pages::login::stage_url(p.0.stage)).into_response();
                }
                return unauthenticated();
            }
        }
        Policy::Perm(p) => match auth {
            None => {
                if let (Some(pa), false) = (partial, is_api) {
                    return Redirect::to(crate::pages::login::stage_url(pa.0.stage))
                        .into_response();
                }
                return unauthenticated();
            }
            Some(a) if !a.actor.can(p) => return mark(StatusCode::FORBIDDEN, "forbidden"),
            Some(_) => {}
        },
    }
    next.run(req).await
}
