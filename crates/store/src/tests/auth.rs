//! Login, lockout, sessions, second factor, password change and disabling,
//! with a fixed clock; each step's audit entries are checked one by one.

use jindu_domain::authz::Role;
use jindu_domain::org::OrgLevel;
use jindu_domain::totp;

use super::fixtures::{
    PASSWORD, cli, client, entries_after, ev, events_after, invalid_code, last_seq, new_user,
    ready_user, unit,
};
use super::harness::{TestCtx, each_backend};
use crate::crypto::sha256;
use crate::db::Q;
use crate::org::OrgUnit;
use crate::service::ServiceError;
use crate::service::auth::LoginMode;
use crate::sessions::{self, Session, Stage};
use crate::users;

const NEW_PASSWORD: &str = "Lantern-Orchid-58&";

/// A city and one county below it.
async fn org(t: &TestCtx) -> (OrgUnit, OrgUnit) {
    let city = unit(t, None, OrgLevel::City, "990300", "六盘水市").await;
    let county = unit(t, Some(&city), OrgLevel::County, "990302", "钟山区").await;
    (city, county)
}

async fn login(
    t: &TestCtx,
    username: &str,
    password: &str,
    mode: LoginMode,
) -> Result<(String, Stage), ServiceError> {
    t.ctx
        .login(username, password, None, mode, &client())
        .await
        .map(|o| (o.token, o.stage))
}

async fn session(t: &TestCtx, token: &str) -> Result<Session, ServiceError> {
    t.ctx
        .resolve_session(token, &client())
        .await
        .map(|(_, s)| s)
}

async fn sessions_of(t: &TestCtx, user_id: i64) -> i64 {
    t.db()
        .scalar_i64(Q::new("SELECT COUNT(*) FROM sessions WHERE user_id = $1").bind(user_id))
        .await
        .unwrap()
}

/// The TOTP code for the clock's current step.
fn code_now(t: &TestCtx, secret_b32: &str) -> String {
    let secret = totp::decode_secret(secret_b32).unwrap();
    format!(
        "{:06}",
        totp::code_at(&secret, totp::step_of(t.now() / 1000), totp::DIGITS)
    )
}

#[tokio::test]
async fn first_login_then_both_login_modes() {
    each_backend(async |t| {
        let (city, county) = org(t).await;
        let seq = last_seq(t).await;
        let (id, otp) = new_user(t, &city, county.id, "officer.a", Role::CountyOfficer).await;
        assert_eq!(
            events_after(t, seq).await,
            [ev("user.create", "success", "")]
        );
        assert!(users::get(t.db(), id).await.unwrap().must_change_password);

        // The one-time password opens a session that can only change it.
        let seq = last_seq(t).await;
        let (token, stage) = login(t, "officer.a", &otp, LoginMode::Interactive)
            .await
            .unwrap();
        assert_eq!(stage, Stage::ChangePassword);
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.password", "success", "")]
        );

        // The API cannot change passwords, so it refuses, on record.
        let seq = last_seq(t).await;
        let e = login(t, "officer.a", &otp, LoginMode::OneShot)
            .await
            .unwrap_err();
        assert_eq!(
            invalid_code(&e),
            Some("login.change_password_required"),
            "{e:?}"
        );
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.login", "failure", "change_password_required")]
        );

        let seq = last_seq(t).await;
        let s = session(t, &token).await.unwrap();
        assert_eq!(s.stage, Stage::ChangePassword);
        assert_eq!(
            t.ctx
                .change_password(&s, &otp, PASSWORD, &client())
                .await
                .unwrap(),
            Stage::Full
        );
        assert_eq!(
            events_after(t, seq).await,
            [
                ev("user.password_change", "success", ""),
                ev("auth.login", "success", "")
            ]
        );
        assert_eq!(session(t, &token).await.unwrap().stage, Stage::Full);

        for mode in [LoginMode::Interactive, LoginMode::OneShot] {
            let seq = last_seq(t).await;
            let (token, stage) = login(t, "officer.a", PASSWORD, mode).await.unwrap();
            assert_eq!(stage, Stage::Full, "{mode:?}");
            let entries = entries_after(t, seq).await;
            assert_eq!(entries.len(), 1, "{mode:?}");
            assert_eq!(
                (entries[0].event.as_str(), entries[0].outcome.as_str()),
                ("auth.login", "success")
            );
            assert_eq!(
                (entries[0].actor_user_id, entries[0].object_id.as_str()),
                (Some(id), id.to_string().as_str())
            );
            assert_eq!(entries[0].client_addr, "127.0.0.1");

            let (actor, s) = t.ctx.resolve_session(&token, &client()).await.unwrap();
            assert_eq!(
                (actor.username.as_str(), actor.role),
                ("officer.a", Role::CountyOfficer)
            );
            assert_eq!(actor.scopes.capture, vec![county.path.clone()]);
            assert_eq!(actor.scopes.search, vec![county.path.clone()]);
            // Only the token's hash is stored.
            assert_eq!(s.token_hash, sha256(token.as_bytes()));

            let seq = last_seq(t).await;
            t.ctx.logout(&s, &actor).await.unwrap();
            assert_eq!(
                events_after(t, seq).await,
                [ev("auth.logout", "success", "")]
            );
            assert!(matches!(
                session(t, &token).await,
                Err(ServiceError::Unauthenticated)
            ));
        }
    })
    .await;
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    each_backend(async |t| {
        let (city, county) = org(t).await;
        ready_user(t, &city, county.id, "officer.a", Role::CountyOfficer).await;

        let seq = last_seq(t).await;
        let e = login(t, "nobody", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::BadCredentials), "{e:?}");
        let entries = entries_after(t, seq).await;
        assert_eq!(entries.len(), 1);
        let e0 = &entries[0];
        assert_eq!(
            (e0.event.as_str(), e0.outcome.as_str(), e0.reason.as_str()),
            ("auth.login", "failure", "unknown_user")
        );
        assert_eq!(
            (
                e0.actor_user_id,
                e0.actor_username.as_str(),
                e0.object_id.as_str()
            ),
            (None, "nobody", "")
        );

        let seq = last_seq(t).await;
        let e = login(t, "officer.a", "Wrong-Password-123", LoginMode::OneShot)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::BadCredentials), "{e:?}");
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.login", "failure", "bad_password")]
        );
    })
    .await;
}

#[tokio::test]
async fn lockout_after_threshold_refuses_even_the_right_password() {
    each_backend(async |t| {
        let (city, county) = org(t).await;
        let (id, _, token) =
            ready_user(t, &city, county.id, "officer.a", Role::CountyOfficer).await;
        let threshold = t.ctx.policy.lockout_threshold;
        assert_eq!(threshold, 5);
        for i in 1..=threshold {
            let seq = last_seq(t).await;
            let e = login(t, "officer.a", "Wrong-Password-123", LoginMode::Interactive)
                .await
                .unwrap_err();
            assert!(matches!(e, ServiceError::BadCredentials));
            let entries = entries_after(t, seq).await;
            assert_eq!(entries.len(), 1, "attempt {i}");
            assert_eq!(
                (entries[0].event.as_str(), entries[0].reason.as_str()),
                ("auth.login", "bad_password")
            );
            let locked = i == threshold;
            assert_eq!(
                entries[0].details,
                format!("{{\"failed_in_a_row\":{i},\"locked\":{locked}}}")
            );
        }
        let u = users::get(t.db(), id).await.unwrap();
        assert_eq!(u.failed_logins, threshold);
        let until = t.now() + t.ctx.policy.lockout_minutes * 60_000;
        assert_eq!(u.locked_until, Some(until));
        // Locking ends the sessions the account had.
        assert_eq!(sessions_of(t, id).await, 0);
        assert!(matches!(
            session(t, &token).await,
            Err(ServiceError::Unauthenticated)
        ));

        let seq = last_seq(t).await;
        let e = login(t, "officer.a", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap_err();
        assert!(
            matches!(e, ServiceError::BadCredentials),
            "right password while locked: {e:?}"
        );
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.login", "failure", "locked")]
        );

        t.clock.set_ms(until - 1);
        let e = login(t, "officer.a", PASSWORD, LoginMode::OneShot)
            .await
            .unwrap_err();
        assert!(
            matches!(e, ServiceError::BadCredentials),
            "a millisecond before the lock ends: {e:?}"
        );

        t.clock.set_ms(until);
        let seq = last_seq(t).await;
        let (_, stage) = login(t, "officer.a", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap();
        assert_eq!(stage, Stage::Full);
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.login", "success", "")]
        );
        let u = users::get(t.db(), id).await.unwrap();
        assert_eq!((u.failed_logins, u.locked_until), (0, None));
    })
    .await;
}

#[tokio::test]
async fn idle_and_absolute_session_timeouts() {
    each_backend(async |t| {
        let (city, county) = org(t).await;
        ready_user(t, &city, county.id, "officer.a", Role::CountyOfficer).await;
        let idle = t.ctx.policy.idle_timeout_minutes;
        let absolute_minutes = t.ctx.policy.absolute_timeout_hours * 60;

        // Activity keeps a session alive; a pause longer than the idle
        // timeout ends it.
        let (token, _) = login(t, "officer.a", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap();
        for _ in 0..3 {
            t.advance_minutes(idle - 1);
            assert!(session(t, &token).await.is_ok());
        }
        t.advance_minutes(idle);
        assert!(
            session(t, &token).await.is_ok(),
            "exactly the idle timeout is still in time"
        );
        t.clock.advance_ms(idle * 60_000 + 1);
        assert!(matches!(
            session(t, &token).await,
            Err(ServiceError::Unauthenticated)
        ));
        assert!(
            sessions::get(t.db(), &sha256(token.as_bytes()))
                .await
                .unwrap()
                .is_none(),
            "an expired session is deleted"
        );

        // Even an active session ends after the absolute timeout.
        let (token, _) = login(t, "officer.a", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap();
        let step = 10;
        for _ in 0..absolute_minutes / step {
            t.advance_minutes(step);
            assert!(session(t, &token).await.is_ok());
        }
        t.advance_minutes(1);
        assert!(matches!(
            session(t, &token).await,
            Err(ServiceError::Unauthenticated)
        ));
        assert!(
            sessions::get(t.db(), &sha256(token.as_bytes()))
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn admins_enrol_totp_then_need_it_and_codes_cannot_be_replayed() {
    each_backend(async |t| {
        let (city, _) = org(t).await;
        let (id, stage, token) = ready_user(t, &city, city.id, "sys.admin", Role::SysAdmin).await;
        assert_eq!(stage, Stage::Enrol, "an admin must enrol a second factor");
        let s = session(t, &token).await.unwrap();
        assert_eq!(s.stage, Stage::Enrol);

        let secret = t.ctx.enrolment_secret(&s).await.unwrap();
        assert_eq!(
            t.ctx.enrolment_secret(&s).await.unwrap(),
            secret,
            "the offered secret is kept until confirmed"
        );
        let seq = last_seq(t).await;
        let code = code_now(t, &secret);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let e = t
            .ctx
            .confirm_enrolment(&s, wrong, &client())
            .await
            .unwrap_err();
        assert_eq!(invalid_code(&e), Some("mfa.bad_code"));
        let recovery = t.ctx.confirm_enrolment(&s, &code, &client()).await.unwrap();
        assert_eq!(recovery.len(), 10);
        assert!(
            recovery
                .iter()
                .all(|c| c.len() == 9 && c.as_bytes()[4] == b'-'),
            "{recovery:?}"
        );
        assert_eq!(
            events_after(t, seq).await,
            [
                ev("auth.mfa_enrol", "success", ""),
                ev("auth.login", "success", "")
            ]
        );
        assert_eq!(session(t, &token).await.unwrap().stage, Stage::Full);
        assert!(users::get(t.db(), id).await.unwrap().totp_enrolled());

        // Interactive: the password leads to the second-factor step only.
        let seq = last_seq(t).await;
        let (token, stage) = login(t, "sys.admin", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap();
        assert_eq!(stage, Stage::Mfa);
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.password", "success", "")]
        );
        let s = session(t, &token).await.unwrap();
        // The enrolment code's step is used up.
        let seq = last_seq(t).await;
        let e = t.ctx.verify_mfa(&s, &code, &client()).await.unwrap_err();
        assert!(
            matches!(e, ServiceError::BadCredentials),
            "replayed code: {e:?}"
        );
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.mfa", "failure", "bad_code")]
        );
        t.clock.advance_ms(30_000);
        let code = code_now(t, &secret);
        let seq = last_seq(t).await;
        assert_eq!(
            t.ctx.verify_mfa(&s, &code, &client()).await.unwrap(),
            Stage::Full
        );
        assert_eq!(
            events_after(t, seq).await,
            [
                ev("auth.mfa", "success", ""),
                ev("auth.login", "success", "")
            ]
        );
        assert_eq!(session(t, &token).await.unwrap().stage, Stage::Full);

        // One-shot: no code, a replayed code, then a fresh one.
        let seq = last_seq(t).await;
        let e = login(t, "sys.admin", PASSWORD, LoginMode::OneShot)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::MfaRequired), "{e:?}");
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.login", "failure", "mfa_required")]
        );
        let seq = last_seq(t).await;
        let e = t
            .ctx
            .login(
                "sys.admin",
                PASSWORD,
                Some(&code),
                LoginMode::OneShot,
                &client(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(e, ServiceError::BadCredentials),
            "replayed code: {e:?}"
        );
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.mfa", "failure", "bad_code")]
        );
        t.clock.advance_ms(30_000);
        let seq = last_seq(t).await;
        let out = t
            .ctx
            .login(
                "sys.admin",
                PASSWORD,
                Some(&code_now(t, &secret)),
                LoginMode::OneShot,
                &client(),
            )
            .await
            .unwrap();
        assert_eq!(out.stage, Stage::Full);
        assert_eq!(
            events_after(t, seq).await,
            [
                ev("auth.mfa", "success", ""),
                ev("auth.login", "success", "")
            ]
        );

        // A recovery code works once.
        for attempt in 0..2 {
            let (token, _) = login(t, "sys.admin", PASSWORD, LoginMode::Interactive)
                .await
                .unwrap();
            let s = session(t, &token).await.unwrap();
            let seq = last_seq(t).await;
            let r = t.ctx.verify_mfa(&s, &recovery[0], &client()).await;
            if attempt == 0 {
                assert_eq!(r.unwrap(), Stage::Full);
                let entries = entries_after(t, seq).await;
                assert_eq!(entries.len(), 2);
                assert_eq!(
                    (entries[0].event.as_str(), entries[0].details.as_str()),
                    ("auth.mfa", "{\"method\":\"recovery_code\"}")
                );
            } else {
                assert!(
                    matches!(r, Err(ServiceError::BadCredentials)),
                    "recovery code reused: {r:?}"
                );
                assert_eq!(
                    events_after(t, seq).await,
                    [ev("auth.mfa", "failure", "bad_code")]
                );
            }
        }
    })
    .await;
}

#[tokio::test]
async fn password_change_needs_the_current_one_and_ends_other_sessions() {
    each_backend(async |t| {
        let (city, county) = org(t).await;
        let (id, _, _) = ready_user(t, &city, county.id, "officer.a", Role::CountyOfficer).await;
        let (a, _) = login(t, "officer.a", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap();
        let (b, _) = login(t, "officer.a", PASSWORD, LoginMode::OneShot)
            .await
            .unwrap();
        let sa = session(t, &a).await.unwrap();

        let seq = last_seq(t).await;
        let e = t
            .ctx
            .change_password(&sa, "Not-The-Current-9", NEW_PASSWORD, &client())
            .await
            .unwrap_err();
        assert_eq!(invalid_code(&e), Some("password.current_wrong"));
        assert_eq!(
            events_after(t, seq).await,
            [ev(
                "user.password_change",
                "failure",
                "bad_current_password"
            )]
        );
        assert!(
            session(t, &b).await.is_ok(),
            "a refused change ends nothing"
        );

        let e = t
            .ctx
            .change_password(&sa, PASSWORD, PASSWORD, &client())
            .await
            .unwrap_err();
        assert_eq!(invalid_code(&e), Some("password.same_as_current"));

        let seq = last_seq(t).await;
        assert_eq!(
            t.ctx
                .change_password(&sa, PASSWORD, NEW_PASSWORD, &client())
                .await
                .unwrap(),
            Stage::Full
        );
        assert_eq!(
            events_after(t, seq).await,
            [ev("user.password_change", "success", "")]
        );
        assert!(
            session(t, &a).await.is_ok(),
            "the session that changed it stays"
        );
        assert!(matches!(
            session(t, &b).await,
            Err(ServiceError::Unauthenticated)
        ));
        assert_eq!(sessions_of(t, id).await, 1);

        assert!(matches!(
            login(t, "officer.a", PASSWORD, LoginMode::OneShot).await,
            Err(ServiceError::BadCredentials)
        ));
        assert!(
            login(t, "officer.a", NEW_PASSWORD, LoginMode::OneShot)
                .await
                .is_ok()
        );
    })
    .await;
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions() {
    each_backend(async |t| {
        let (city, county) = org(t).await;
        let (id, _, token) =
            ready_user(t, &city, county.id, "officer.a", Role::CountyOfficer).await;
        let (other, _) = login(t, "officer.a", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap();
        assert_eq!(sessions_of(t, id).await, 2);
        let admin = cli(Role::SecAdmin, &city);

        let seq = last_seq(t).await;
        t.ctx.user_set_disabled(&admin, id, true).await.unwrap();
        assert_eq!(
            events_after(t, seq).await,
            [ev("user.disable", "success", "")]
        );
        assert_eq!(sessions_of(t, id).await, 0);
        for tok in [&token, &other] {
            assert!(matches!(
                session(t, tok).await,
                Err(ServiceError::Unauthenticated)
            ));
        }

        let seq = last_seq(t).await;
        let e = login(t, "officer.a", PASSWORD, LoginMode::Interactive)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::BadCredentials), "{e:?}");
        assert_eq!(
            events_after(t, seq).await,
            [ev("auth.login", "failure", "disabled")]
        );

        t.ctx.user_set_disabled(&admin, id, false).await.unwrap();
        assert!(
            login(t, "officer.a", PASSWORD, LoginMode::Interactive)
                .await
                .is_ok()
        );
    })
    .await;
}

/// An admin who has enrolled a second factor; returns the TOTP secret.
async fn enrolled_admin(t: &TestCtx, city: &OrgUnit) -> String {
    let (_, _, token) = ready_user(t, city, city.id, "sys.admin", Role::SysAdmin).await;
    let s = session(t, &token).await.unwrap();
    let secret = t.ctx.enrolment_secret(&s).await.unwrap();
    let code = code_now(t, &secret);
    t.ctx.confirm_enrolment(&s, &code, &client()).await.unwrap();
    secret
}

/// Parallel wrong passwords must each count: a lockout that can be raced
/// past (each attempt reading the same old count) is no lockout.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_failures_all_count_towards_the_lockout() {
    each_backend(async |t| {
        let (city, county) = org(t).await;
        let (id, _, _) = ready_user(t, &city, county.id, "officer.a", Role::CountyOfficer).await;
        let seq = last_seq(t).await;
        let attempts = 8;
        let tasks: Vec<_> = (0..attempts)
            .map(|_| {
                let ctx = t.ctx.clone();
                tokio::spawn(async move {
                    ctx.login(
                        "officer.a",
                        "Wrong-Password-123",
                        None,
                        LoginMode::Interactive,
                        &client(),
                    )
                    .await
                })
            })
            .collect();
        for task in tasks {
            assert!(matches!(
                task.await.unwrap(),
                Err(ServiceError::BadCredentials)
            ));
        }
        let u = users::get(t.db(), id).await.unwrap();
        assert!(
            u.locked_until.is_some_and(|l| l > t.now()),
            "{:?}: not locked after {attempts} failures ({} counted)",
            t.backend,
            u.failed_logins
        );
        // Every attempt was either counted or refused as locked.
        let entries = events_after(t, seq).await;
        let refused_locked = entries.iter().filter(|e| e.2 == "locked").count() as i64;
        assert_eq!(entries.len() as i64, attempts);
        assert_eq!(u.failed_logins + refused_locked, attempts, "{entries:?}");
    })
    .await;
}

/// A TOTP code opens one session, even when several logins race with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_totp_code_logs_in_once_even_when_raced() {
    each_backend(async |t| {
        let (city, _) = org(t).await;
        let secret = enrolled_admin(t, &city).await;
        t.clock.advance_ms(30_000);
        let code = code_now(t, &secret);
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let (ctx, code) = (t.ctx.clone(), code.clone());
                tokio::spawn(async move {
                    ctx.login(
                        "sys.admin",
                        PASSWORD,
                        Some(&code),
                        LoginMode::OneShot,
                        &client(),
                    )
                    .await
                })
            })
            .collect();
        let mut ok = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => ok += 1,
                Err(e) => assert!(matches!(e, ServiceError::BadCredentials), "{e:?}"),
            }
        }
        assert_eq!(ok, 1, "{:?}: one code, one login", t.backend);
    })
    .await;
}
