//! Sign-in: password, second factor, forced password change, second-factor
//! enrolment (QR code rendered on the server), logout and language switch.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::totp;
use jindu_store::crypto::new_token;
use jindu_store::service::ServiceError;
use jindu_store::service::auth::LoginMode;
use jindu_store::sessions::Stage;
use serde::Deserialize;

use super::{Chrome, FieldErrors, render};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::middleware::{
    Auth, LANG_COOKIE, LOGIN_CSRF_COOKIE, Partial, ReqInfo, SESSION_COOKIE, cookie, set_cookie,
};
use crate::state::AppState;

/// Where a session at `stage` continues.
pub fn stage_url(stage: Stage) -> &'static str {
    match stage {
        Stage::Mfa => "/login/mfa",
        Stage::Enrol => "/login/enrol",
        Stage::ChangePassword => "/login/password",
        Stage::Full => "/",
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    username: String,
    error: String,
    notice: String,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    done: String,
}

pub async fn login_form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    auth: Option<Extension<Auth>>,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<LoginQuery>,
) -> Response {
    if auth.is_some() {
        return Redirect::to("/").into_response();
    }
    // Double-submit token for the login form itself (login CSRF).
    let token = cookie(&headers, LOGIN_CSRF_COOKIE)
        .filter(|t| t.len() >= 32)
        .unwrap_or_else(new_token);
    let notice = match q.done.as_str() {
        "logout" => info.lang.t("login.logged_out"),
        "expired" => info.lang.t("login.expired"),
        _ => "",
    };
    let page = LoginPage {
        c: Chrome::anonymous(info.lang, "login.title", &token, "/login"),
        username: String::new(),
        error: String::new(),
        notice: notice.to_string(),
    };
    let mut resp = render(&page);
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, &token, None, st.cfg.secure_cookies),
    );
    resp
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

pub async fn login_submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let l = info.lang;
    let token = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    let fail = |msg: &str| {
        let page = LoginPage {
            c: Chrome::anonymous(l, "login.title", &token, "/login"),
            username: f.username.chars().take(64).collect(),
            error: msg.to_string(),
            notice: String::new(),
        };
        render(&page)
    };
    if !st.login_limiter.allow(&info.client.addr, st.ctx.now_ms()) {
        return fail(l.err("rate_limited"));
    }
    match st
        .ctx
        .login(
            &f.username,
            &f.password,
            None,
            LoginMode::Interactive,
            &info.client,
        )
        .await
    {
        Ok(out) => {
            let mut resp = Redirect::to(stage_url(out.stage)).into_response();
            let h = resp.headers_mut();
            h.append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &out.token, None, st.cfg.secure_cookies),
            );
            h.append(
                header::SET_COOKIE,
                set_cookie(LOGIN_CSRF_COOKIE, "", Some(0), st.cfg.secure_cookies),
            );
            h.append(
                header::SET_COOKIE,
                set_cookie(LANG_COOKIE, "", Some(0), st.cfg.secure_cookies),
            );
            resp
        }
        Err(ServiceError::BadCredentials) | Err(ServiceError::MfaRequired) => {
            fail(l.err("bad_credentials"))
        }
        Err(e) => WebError(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "mfa.html")]
struct MfaPage {
    c: Chrome,
    error: String,
}

pub async fn mfa_form(
    Extension(info): Extension<ReqInfo>,
    Extension(p): Extension<Partial>,
) -> Response {
    render(&MfaPage {
        c: Chrome::anonymous(info.lang, "login.mfa_title", &p.0.csrf_token, "/login/mfa"),
        error: String::new(),
    })
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
}

pub async fn mfa_submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(p): Extension<Partial>,
    Form(f): Form<CodeForm>,
) -> Response {
    match st.ctx.verify_mfa(&p.0, &f.code, &info.client).await {
        Ok(stage) => Redirect::to(stage_url(stage)).into_response(),
        Err(ServiceError::BadCredentials) => {
            // Locked after too many failures: the session is gone.
            if st.ctx.session_stage(&p.0).await.is_some() {
                render(&MfaPage {
                    c: Chrome::anonymous(
                        info.lang,
                        "login.mfa_title",
                        &p.0.csrf_token,
                        "/login/mfa",
                    ),
                    error: info.lang.err("mfa.bad_code").to_string(),
                })
            } else {
                Redirect::to("/login").into_response()
            }
        }
        Err(e) => WebError(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "enrol.html")]
struct EnrolPage {
    c: Chrome,
    qr_svg: String,
    secret: String,
    error: String,
}

/// The otpauth URI as a QR code, drawn on the server as inline SVG (no
/// script, no external service).
fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .dark_color(qrcode::render::svg::Color("#000000"))
                .light_color(qrcode::render::svg::Color("#ffffff"))
                .build();
            match svg.find("<svg") {
                Some(i) => svg[i..].to_string(),
                None => svg,
            }
        }
        Err(_) => String::new(),
    }
}

async fn enrol_page(
    st: &AppState,
    info: &ReqInfo,
    p: &Partial,
    error: String,
) -> WebResult<Response> {
    let secret = st.ctx.enrolment_secret(&p.0).await?;
    let user = jindu_store::users::get(&st.ctx.db, p.0.user_id).await?;
    let raw = totp::decode_secret(&secret).unwrap_or_default();
    let uri = totp::otpauth_uri("Jindu", &user.username, &raw);
    // Group the secret in fours so it can be typed by hand.
    let grouped = secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(render(&EnrolPage {
        c: Chrome::anonymous(
            info.lang,
            "login.enrol_title",
            &p.0.csrf_token,
            "/login/enrol",
        ),
        qr_svg: qr_svg(&uri),
        secret: grouped,
        error,
    }))
}

pub async fn enrol_form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(p): Extension<Partial>,
) -> WebResult<Response> {
    enrol_page(&st, &info, &p, String::new()).await
}

#[derive(Template)]
#[template(path = "recovery.html")]
struct RecoveryPage {
    c: Chrome,
    codes: Vec<String>,
    next: &'static str,
}

pub async fn enrol_submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(p): Extension<Partial>,
    Form(f): Form<CodeForm>,
) -> WebResult<Response> {
    match st.ctx.confirm_enrolment(&p.0, &f.code, &info.client).await {
        Ok(codes) => {
            let stage = st.ctx.session_stage(&p.0).await.unwrap_or(Stage::Full);
            Ok(render(&RecoveryPage {
                c: Chrome::anonymous(
                    info.lang,
                    "login.recovery_title",
                    &p.0.csrf_token,
                    "/login/enrol",
                ),
                codes,
                next: stage_url(stage),
            }))
        }
        Err(ServiceError::Invalid { code, .. }) => {
            enrol_page(&st, &info, &p, info.lang.err(&code).to_string()).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "change_password.html")]
pub struct PasswordPage {
    pub c: Chrome,
    pub forced: bool,
    pub action: &'static str,
    pub errors: FieldErrors,
}

pub async fn password_form(
    Extension(info): Extension<ReqInfo>,
    Extension(p): Extension<Partial>,
) -> Response {
    render(&PasswordPage {
        c: Chrome::anonymous(
            info.lang,
            "login.change_title",
            &p.0.csrf_token,
            "/login/password",
        ),
        forced: true,
        action: "/login/password",
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    pub current: String,
    pub new: String,
    pub confirm: String,
}

/// Validates the two new-password fields and calls the service; errors come
/// back as field errors for the form.
pub async fn change_password(
    st: &AppState,
    info: &ReqInfo,
    session: &jindu_store::sessions::Session,
    f: &PasswordForm,
) -> Result<Stage, FieldErrors> {
    let l = info.lang;
    if f.new != f.confirm {
        return Err(FieldErrors(vec![(
            "confirm".into(),
            l.err("password.mismatch"),
        )]));
    }
    st.ctx
        .change_password(session, &f.current, &f.new, &info.client)
        .await
        .map_err(|e| {
            FieldErrors::from_service(l, &e)
                .unwrap_or_else(|| FieldErrors(vec![("current".into(), l.err("internal"))]))
        })
}

pub async fn password_submit(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(p): Extension<Partial>,
    Form(f): Form<PasswordForm>,
) -> Response {
    match change_password(&st, &info, &p.0, &f).await {
        Ok(stage) => Redirect::to(stage_url(stage)).into_response(),
        Err(errors) => render(&PasswordPage {
            c: Chrome::anonymous(
                info.lang,
                "login.change_title",
                &p.0.csrf_token,
                "/login/password",
            ),
            forced: true,
            action: "/login/password",
            errors,
        }),
    }
}

pub async fn logout(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
) -> WebResult<Response> {
    if let Some(s) = &a.session {
        st.ctx.logout(s, &a.actor).await?;
    }
    let mut resp = Redirect::to("/login?done=logout").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", Some(0), st.cfg.secure_cookies),
    );
    Ok(resp)
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Switches the language: remembered on the account when signed in, in a
/// cookie before.
pub async fn set_lang(
    State(st): State<AppState>,
    auth: Option<Extension<Auth>>,
    Form(f): Form<LangForm>,
) -> WebResult<Response> {
    let lang = Lang::from_code(&f.lang);
    // Only local paths: never an open redirect.
    let next = if f.next.starts_with('/') && !f.next.starts_with("//") {
        f.next.clone()
    } else {
        "/".into()
    };
    let mut resp = Redirect::to(&next).into_response();
    match auth {
        Some(Extension(a)) => st.ctx.set_locale(&a.actor, lang.code()).await?,
        None => {
            resp.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    LANG_COOKIE,
                    lang.code(),
                    Some(31_536_000),
                    st.cfg.secure_cookies,
                ),
            );
        }
    }
    Ok(resp)
}
