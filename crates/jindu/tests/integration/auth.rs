//! Login, second factor, lockout, sessions and their timeouts, CSRF and
//! security headers, over HTTP against the real server.

use jindu_domain::authz::Role;
use jindu_store::service::Actor;

use crate::harness::{Client, PASSWORD, ROLE_USERS, TestServer};

/// The hidden `_csrf` value of a page's first form.
pub fn hidden_csrf(html: &str) -> String {
    html.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or("")
        .to_string()
}

/// Signs in through the login page, as a browser does (cookies kept).
pub async fn page_login(
    s: &TestServer,
    username: &str,
    password: &str,
) -> (Client, reqwest::Response) {
    let mut c = Client::new(s);
    let (_, html) = c.get_text("/login").await;
    c.csrf = hidden_csrf(&html);
    let r = c
        .post_form("/login", &[("username", username), ("password", password)])
        .await;
    (c, r)
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn login_page_is_chinese_and_carries_security_headers() {
    let s = TestServer::start().await;
    let r = Client::new(&s).get("/login").await;
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    let body = r.text().await.unwrap();
    assert!(body.contains("<html lang=\"zh-CN\">"));
    assert!(body.contains("用户登录") && body.contains("禁毒综合治理平台"));
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'self'")
            && csp.contains("script-src 'self'")
            && csp.contains("frame-ancestors 'none'")
    );
    assert!(!csp.contains("unsafe-inline"));
    assert!(
        !body.contains("<script>") && !body.contains(" onclick=") && !body.contains("style=\""),
        "no inline script or style"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["cache-control"], "no-store");
    assert!(h.contains_key("x-request-id"));
    // Unknown routes, errors and static files carry the headers too.
    let r = Client::new(&s).get("/nope").await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let r = Client::new(&s).get("/static/app.css").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src")
    );
}

#[tokio::test]
async fn every_role_signs_in_and_admins_need_their_second_factor() {
    let s = TestServer::start().await;
    for (prefix, role) in ROLE_USERS {
        let user = format!("{prefix}_a");
        if role.requires_totp() {
            let r = Client::new(&s)
                .http
                .post(s.url("/api/v1/session"))
                .json(&serde_json::json!({ "username": user, "password": PASSWORD }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 401, "{user} without TOTP");
            let body: serde_json::Value = r.json().await.unwrap();
            assert_eq!(body["error"], "mfa_required");
        }
        let c = s.login(&user).await;
        let me: serde_json::Value = c.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["role"], role.code(), "{user}");
    }
}

#[tokio::test]
async fn page_login_with_second_factor_reaches_the_workbench() {
    let s = TestServer::start().await;
    let (mut c, r) = page_login(&s, "secadmin_city", PASSWORD).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/login/mfa");
    // Nothing but the second-factor page is reachable yet.
    let r = c.get("/users").await;
    assert_eq!(location(&r), "/login/mfa");
    let (_, html) = c.get_text("/login/mfa").await;
    c.csrf = hidden_csrf(&html);
    let r = c.post_form("/login/mfa", &[("code", "000000")]).await;
    assert_eq!(r.status(), 200, "wrong code re-shows the form");
    let r = c.post_form("/login/mfa", &[("code", &s.totp_next())]).await;
    assert_eq!(location(&r), "/");
    let (status, html) = c.get_text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("测试secadmincity") && html.contains("安全管理员"));
    assert_eq!(s.last_events(2).await, vec!["auth.login", "auth.mfa"]);
}

#[tokio::test]
async fn five_failures_lock_the_account_even_for_the_right_password() {
    let s = TestServer::start().await;
    for _ in 0..5 {
        let (_, r) = page_login(&s, "countyofficer_a", "wrong-password-123").await;
        let body = r.text().await.unwrap();
        assert!(body.contains("用户名或密码错误"));
    }
    let before = s.audit_count().await;
    let (_, r) = page_login(&s, "countyofficer_a", PASSWORD).await;
    assert_eq!(r.status(), 200, "locked: the form again, no session");
    assert!(r.text().await.unwrap().contains("用户名或密码错误"));
    assert_eq!(s.audit_count().await, before + 1);
    // Unknown users get the very same answer.
    let (_, r) = page_login(&s, "no_such_user", PASSWORD).await;
    assert!(r.text().await.unwrap().contains("用户名或密码错误"));
    s.clock.advance_ms(16 * 60_000);
    let (_, r) = page_login(&s, "countyofficer_a", PASSWORD).await;
    assert_eq!(r.status(), 303, "unlocked after the lockout period");
}

#[tokio::test]
async fn a_totp_code_cannot_be_replayed() {
    let s = TestServer::start().await;
    let code = s.totp_next();
    let body = serde_json::json!({ "username": "auditor_a", "password": PASSWORD, "totp": code });
    let r = Client::new(&s)
        .http
        .post(s.url("/api/v1/session"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = Client::new(&s)
        .http
        .post(s.url("/api/v1/session"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "same step again");
}

#[tokio::test]
async fn sessions_end_on_idle_and_absolute_timeouts() {
    let s = TestServer::start().await;
    let c = s.login("cityofficer_city").await;
    assert_eq!(c.get("/api/v1/me").await.status(), 200);
    s.clock.advance_ms(16 * 60_000);
    assert_eq!(c.get("/api/v1/me").await.status(), 401, "idle > 15 min");

    let c = s.login("cityofficer_city").await;
    for _ in 0..47 {
        s.clock.advance_ms(10 * 60_000);
        assert_eq!(c.get("/api/v1/me").await.status(), 200);
    }
    s.clock.advance_ms(11 * 60_000);
    assert_eq!(
        c.get("/api/v1/me").await.status(),
        401,
        "absolute > 8 h despite activity"
    );
}

#[tokio::test]
async fn unsafe_requests_without_csrf_token_or_from_elsewhere_are_refused() {
    let s = TestServer::start().await;
    let mut c = s.login("countyofficer_a").await;
    let good = c.csrf.clone();
    c.csrf = "forged".into();
    let r = c.post_form("/lang", &[("lang", "en")]).await;
    assert_eq!(r.status(), 403);
    let r = c
        .http
        .post(s.url("/lang"))
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "no token at all");
    c.csrf = good.clone();
    let r = c
        .http
        .post(s.url("/lang"))
        .header("origin", "http://evil.example")
        .form(&[("lang", "en"), ("_csrf", &good)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "cross-origin");
    let r = c
        .http
        .post(s.url("/api/v1/persons/x/reveal"))
        .json(&serde_json::json!({ "reason": "check" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "API with cookie but no X-CSRF-Token");
    let r = c.post_form("/lang", &[("lang", "en")]).await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn logout_and_disable_end_sessions_at_once() {
    let s = TestServer::start().await;
    let (mut c, r) = page_login(&s, "cityofficer_city", PASSWORD).await;
    assert_eq!(r.status(), 303);
    let (_, html) = c.get_text("/").await;
    c.csrf = hidden_csrf(&html);
    let r = c.post_form("/logout", &[]).await;
    assert_eq!(location(&r), "/login?done=logout");
    assert_eq!(c.get("/").await.headers()["location"], "/login");
    assert_eq!(s.last_events(1).await, vec!["auth.logout"]);

    let victim = s.login("police_a").await;
    assert_eq!(victim.get("/api/v1/me").await.status(), 200);
    let admin = s.login("secadmin_city").await;
    let id = s.fx.user_ids["police_a"];
    let r = admin
        .post_form(&format!("/users/{id}/action"), &[("action", "disable")])
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(victim.get("/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn first_login_changes_the_password_then_enrols_the_second_factor() {
    let s = TestServer::start().await;
    let sec = Actor::cli(Role::SecAdmin, &s.fx.units["city"].path);
    let (_, one_time) = s
        .ctx
        .user_create(
            &sec,
            "newadmin",
            "新管理员",
            s.fx.units["city"].id,
            Role::SysAdmin,
        )
        .await
        .unwrap();
    let (mut c, r) = page_login(&s, "newadmin", &one_time).await;
    assert_eq!(location(&r), "/login/password");
    let (_, html) = c.get_text("/login/password").await;
    c.csrf = hidden_csrf(&html);
    let r = c
        .post_form(
            "/login/password",
            &[
                ("current", &one_time),
                ("new", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert!(r.text().await.unwrap().contains("密码至少12位"));
    let new_pw = "Kp7#mWz2!qRt9";
    let r = c
        .post_form(
            "/login/password",
            &[("current", &one_time), ("new", new_pw), ("confirm", new_pw)],
        )
        .await;
    assert_eq!(location(&r), "/login/enrol");
    let (_, html) = c.get_text("/login/enrol").await;
    assert!(
        html.contains("<svg") && html.contains("设置双因素认证"),
        "QR code drawn on the server"
    );
    let secret: String = html
        .split("class=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .replace(' ', "");
    let raw = jindu_domain::totp::decode_secret(&secret).unwrap();
    let step = jindu_domain::totp::step_of(s.clock_ms() / 1000);
    let code = format!("{:06}", jindu_domain::totp::code_at(&raw, step, 6));
    let r = c.post_form("/login/enrol", &[("code", &code)]).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("恢复码"));
    assert_eq!(html.matches("<li><code>").count(), 10);
    let (status, _) = c.get_text("/orgs").await;
    assert_eq!(status, 200, "fully signed in");
}

#[tokio::test]
async fn api_tokens_authenticate_without_csrf_and_are_hashed_at_rest() {
    let s = TestServer::start().await;
    let c = s.login("countyofficer_a").await;
    let (_, html) = c.get_text("/account").await;
    let mut c = c;
    c.csrf = hidden_csrf(&html);
    let r = c
        .post_form(
            "/account/tokens",
            &[("name", "对接系统"), ("days", "30"), ("password", PASSWORD)],
        )
        .await;
    let html = r.text().await.unwrap();
    let token = html
        .split("class=\"secret\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(token.starts_with("jdt_"));
    let anon = reqwest::Client::new();
    let r = anon
        .get(s.url("/api/v1/persons"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["total"], 4);
    let r = anon
        .get(s.url("/api/v1/persons"))
        .bearer_auth("jdt_wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Only the hash is stored.
    let n = s
        .ctx
        .db
        .scalar_i64(
            jindu_store::Q::new("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1")
                .bind(jindu_store::crypto::sha256(token.as_bytes())),
        )
        .await
        .unwrap();
    assert_eq!(n, 1);
}
