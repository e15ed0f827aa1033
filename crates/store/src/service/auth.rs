//! Login, second factor, password change, sessions and API tokens
//! (security.md: Authentication, Sessions).

use jindu_domain::authz::Role;
use jindu_domain::{password, totp};
use serde_json::json;

use super::{Actor, Ctx, ServiceError, ServiceResult, hash_password, verify_password};
use crate::audit::{AuditActor, AuditEvent, Outcome};
use crate::crypto::{new_token, random_bytes, sha256};
use crate::sessions::{self, Session, Stage};
use crate::tokens;
use crate::users::{self, User, UserChange};

/// Where a request comes from, for the audit trail.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub addr: String,
    pub request_id: String,
}

/// A login that produced a session. `token` goes into the cookie; only its
/// hash is stored.
#[derive(Debug)]
pub struct LoginOutcome {
    pub token: String,
    pub stage: Stage,
    pub user_id: i64,
}

/// Whether the caller can continue a multi-step login (web pages) or needs
/// everything in one request (the JSON API).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginMode {
    Interactive,
    OneShot,
}

fn audit_actor_for(user: Option<&User>, username: &str, client: &Client) -> AuditActor {
    AuditActor {
        user_id: user.map(|u| u.id),
        username: user
            .map(|u| u.username.clone())
            .unwrap_or_else(|| username.chars().take(64).collect()),
        role: user.map(|u| u.role.code().to_string()).unwrap_or_default(),
        org_unit_id: user.map(|u| u.org_unit_id),
        client_addr: client.addr.clone(),
        request_id: client.request_id.clone(),
    }
}

/// Records the completion of a multi-step login (the `auth.login` entry).
async fn login_completed(
    tx: &mut crate::db::Tx,
    actor: &AuditActor,
    user_id: i64,
    now: i64,
) -> ServiceResult<()> {
    let ev = AuditEvent::new("auth.login", "user", user_id);
    crate::audit::append(tx, actor, &ev, now).await?;
    Ok(())
}

impl Ctx {
    /// Records a refused login (disabled, locked, a step the caller cannot
    /// take) as a failed `auth.login`.
    async fn refuse_login(
        &self,
        actor: &AuditActor,
        user_id: i64,
        reason: &str,
    ) -> ServiceResult<()> {
        let ev = AuditEvent::new("auth.login", "user", user_id)
            .outcome(Outcome::Failure)
            .reason(reason);
        self.audit_only(actor, ev).await
    }

    fn requires_mfa(&self, role: Role) -> bool {
        role.requires_totp() || self.policy.totp_for_all
    }

    fn password_expired(&self, u: &User) -> bool {
        self.policy.password_max_age_days > 0
            && self.now_ms() - u.password_changed_at
                > self.policy.password_max_age_days * 86_400_000
    }

    /// The next step of login for this user: second factor first (so a
    /// stolen password alone reveals nothing more), then a required password
    /// change, then second-factor enrolment for roles that need one.
    pub fn next_stage(&self, u: &User, mfa_passed: bool) -> Stage {
        let mfa = self.requires_mfa(u.role);
        if mfa && u.totp_enrolled() && !mfa_passed {
            Stage::Mfa
        } else if u.must_change_password || self.password_expired(u) {
            Stage::ChangePassword
        } else if mfa && !u.totp_enrolled() {
            Stage::Enrol
        } else {
            Stage::Full
        }
    }

    /// Records a failed first or second factor, locking the account after
    /// `lockout_threshold` failures in a row.
    async fn record_failure(
        &self,
        u: &User,
        event: &'static str,
        reason: &str,
        client: &Client,
    ) -> ServiceResult<()> {
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        // Counted in the database, not from `u`: parallel attempts all read
        // the same old count, and would otherwise never reach the threshold.
        let (count, _) = users::record_login_failure(
            &mut tx,
            u.id,
            self.policy.lockout_threshold,
            now + self.policy.lockout_minutes * 60_000,
        )
        .await?;
        let locked = count >= self.policy.lockout_threshold;
        if locked {
            // A locked account keeps no half-finished logins.
            sessions::delete_for_user(&mut tx, u.id).await?;
        }
        let ev = AuditEvent::new(event, "user", u.id)
            .outcome(Outcome::Failure)
            .reason(reason)
            .details(json!({ "failed_in_a_row": count, "locked": locked }));
        self.commit_audited(tx, &audit_actor_for(Some(u), &u.username, client), ev)
            .await
    }

    /// Checks username and password (and, in one-shot mode, the TOTP code)
    /// and opens a session at the right stage.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        totp_code: Option<&str>,
        mode: LoginMode,
        client: &Client,
    ) -> ServiceResult<LoginOutcome> {
        let now = self.now_ms();
        let user = users::by_username(&self.db, username.trim()).await?;
        let ok = verify_password(password, user.as_ref().map(|u| u.password_hash.as_str())).await;
        let Some(user) = user else {
            let ev = AuditEvent::new("auth.login", "user", "")
                .outcome(Outcome::Failure)
                .reason("unknown_user");
            self.audit_only(&audit_actor_for(None, username, client), ev)
                .await?;
            return Err(ServiceError::BadCredentials);
        };
        let actor = audit_actor_for(Some(&user), username, client);
        if user.disabled {
            self.refuse_login(&actor, user.id, "disabled").await?;
            return Err(ServiceError::BadCredentials);
        }
        if user.locked_until.is_some_and(|t| t > now) {
            // Refused even with the right password while locked.
            self.refuse_login(&actor, user.id, "locked").await?;
            return Err(ServiceError::BadCredentials);
        }
        if !ok {
            self.record_failure(&user, "auth.login", "bad_password", client)
                .await?;
            return Err(ServiceError::BadCredentials);
        }
        let mut mfa_passed = false;
        let mut totp_step = None;
        if mode == LoginMode::OneShot && self.requires_mfa(user.role) && user.totp_enrolled() {
            let Some(code) = totp_code.filter(|c| !c.trim().is_empty()) else {
                // A refused login is on record like any other failed one.
                self.refuse_login(&actor, user.id, "mfa_required").await?;
                return Err(ServiceError::MfaRequired);
            };
            match self.check_totp(&user, code)? {
                Some(step) => {
                    mfa_passed = true;
                    totp_step = Some(step);
                }
                None => {
                    self.record_failure(&user, "auth.mfa", "bad_code", client)
                        .await?;
                    return Err(ServiceError::BadCredentials);
                }
            }
        }
        let stage = self.next_stage(&user, mfa_passed);
        if mode == LoginMode::OneShot && stage != Stage::Full {
            // The API cannot walk through password change or enrolment.
            self.refuse_login(&actor, user.id, &format!("{}_required", stage.code()))
                .await?;
            return Err(ServiceError::invalid(
                "login",
                &format!("login.{}_required", stage.code()),
            ));
        }
        let token = new_token();
        let session = Session {
            token_hash: sha256(token.as_bytes()),
            user_id: user.id,
            stage,
            csrf_token: new_token(),
            created_at: now,
            last_seen_at: now,
        };
        let mut tx = self.db.begin().await?;
        if let Some(step) = totp_step {
            // Claimed atomically: a parallel login with the same code has
            // already used the step if this fails.
            if !users::claim_totp_step(&mut tx, user.id, step as i64).await? {
                drop(tx);
                self.record_failure(&user, "auth.mfa", "bad_code", client)
                    .await?;
                return Err(ServiceError::BadCredentials);
            }
            crate::audit::append(
                &mut tx,
                &actor,
                &AuditEvent::new("auth.mfa", "user", user.id),
                now,
            )
            .await?;
        }
        users::update(&mut tx, user.id, UserChange::LoginSucceeded, now).await?;
        sessions::insert(&mut tx, &session, &client.addr).await?;
        let ev = if stage == Stage::Full {
            AuditEvent::new("auth.login", "user", user.id)
        } else {
            // The first factor passed; the login completes (and is audited
            // as such) only when the remaining steps are done.
            AuditEvent::new("auth.password", "user", user.id)
                .details(json!({ "next": stage.code() }))
        };
        self.commit_audited(tx, &actor, ev).await?;
        Ok(LoginOutcome {
            token,
            stage,
            user_id: user.id,
        })
    }

    /// The matching TOTP step, or `None`.
    fn check_totp(&self, user: &User, code: &str) -> ServiceResult<Option<u64>> {
        let Some(enc) = &user.totp_secret else {
            return Ok(None);
        };
        let secret = self.keys.decrypt(enc, &format!("users/{}/totp", user.id))?;
        let Some(secret) = totp::decode_secret(&secret) else {
            return Ok(None);
        };
        let last = user.totp_last_step.map(|s| s as u64);
        Ok(totp::verify(&secret, code, self.now_ms() / 1000, last))
    }

    /// Resolves a session cookie, enforcing the idle and absolute timeouts.
    pub async fn resolve_session(
        &self,
        token: &str,
        client: &Client,
    ) -> ServiceResult<(Actor, Session)> {
        let hash = sha256(token.as_bytes());
        let now = self.now_ms();
        let Some(s) = sessions::get(&self.db, &hash).await? else {
            return Err(ServiceError::Unauthenticated);
        };
        let idle = now - s.last_seen_at > self.policy.idle_timeout_minutes * 60_000;
        let absolute = now - s.created_at > self.policy.absolute_timeout_hours * 3_600_000;
        if idle || absolute {
            let mut tx = self.db.begin().await?;
            sessions::delete(&mut tx, &hash).await?;
            tx.commit().await?;
            return Err(ServiceError::Unauthenticated);
        }
        let user = users::get(&self.db, s.user_id).await?;
        if user.disabled {
            return Err(ServiceError::Unauthenticated);
        }
        // Touch at most every 15 s: the idle timeout needs no finer grain,
        // and each touch is a write.
        if now - s.last_seen_at > 15_000 {
            let mut tx = self.db.begin().await?;
            sessions::touch(&mut tx, &hash, now).await?;
            tx.commit().await?;
        }
        let actor = self.actor_for(&user, client).await?;
        Ok((actor, s))
    }

    /// Resolves an API token (`Authorization: Bearer …`).
    pub async fn resolve_token(&self, token: &str, client: &Client) -> ServiceResult<Actor> {
        let hash = sha256(token.as_bytes());
        let Some((_, user_id)) = tokens::user_of(&self.db, &hash, self.now_ms()).await? else {
            return Err(ServiceError::Unauthenticated);
        };
        let user = users::get(&self.db, user_id).await?;
        if user.disabled || user.locked_until.is_some_and(|t| t > self.now_ms()) {
            return Err(ServiceError::Unauthenticated);
        }
        self.actor_for(&user, client).await
    }

    pub async fn actor_for(&self, user: &User, client: &Client) -> ServiceResult<Actor> {
        Ok(Actor {
            user_id: Some(user.id),
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            role: user.role,
            org_unit_id: Some(user.org_unit_id),
            org_path: user.org_path.clone(),
            scopes: users::scopes(&self.db, user.id).await?,
            client_addr: client.addr.clone(),
            request_id: client.request_id.clone(),
            locale: user.locale.clone(),
        })
    }

    /// Second step of an interactive login: a TOTP code or a recovery code.
    pub async fn verify_mfa(
        &self,
        session: &Session,
        code: &str,
        client: &Client,
    ) -> ServiceResult<Stage> {
        if session.stage != Stage::Mfa {
            return Err(ServiceError::Forbidden);
        }
        let user = users::get(&self.db, session.user_id).await?;
        let actor = audit_actor_for(Some(&user), &user.username, client);
        let now = self.now_ms();
        if user.locked_until.is_some_and(|t| t > now) {
            return Err(ServiceError::BadCredentials);
        }
        let mut tx = self.db.begin().await?;
        let step = self.check_totp(&user, code)?;
        let recovery = if step.is_none() {
            let normalised: String = code
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_lowercase();
            users::use_recovery_code(&mut tx, user.id, &sha256(normalised.as_bytes()), now).await?
        } else {
            false
        };
        // The step is claimed atomically: a parallel check with the same
        // code has already used it if this fails.
        let claimed = match step {
            Some(step) => users::claim_totp_step(&mut tx, user.id, step as i64).await?,
            None => recovery,
        };
        if !claimed {
            drop(tx);
            self.record_failure(&user, "auth.mfa", "bad_code", client)
                .await?;
            return Err(ServiceError::BadCredentials);
        }
        users::update(&mut tx, user.id, UserChange::LoginSucceeded, now).await?;
        let next = self.next_stage(&user, true);
        sessions::set_stage(&mut tx, &session.token_hash, next).await?;
        let method = if recovery { "recovery_code" } else { "totp" };
        crate::audit::append(
            &mut tx,
            &actor,
            &AuditEvent::new("auth.mfa", "user", user.id).details(json!({ "method": method })),
            now,
        )
        .await?;
        if next == Stage::Full {
            login_completed(&mut tx, &actor, user.id, now).await?;
        }
        tx.commit().await?;
        Ok(next)
    }

    /// The TOTP secret offered for enrolment (created on first call, kept in
    /// the session until confirmed), base32-encoded.
    pub async fn enrolment_secret(&self, session: &Session) -> ServiceResult<String> {
        let aad = format!("sessions/{}/pending_totp", session.user_id);
        if let Some(enc) = sessions::pending_secret(&self.db, &session.token_hash).await? {
            return Ok(self.keys.decrypt(&enc, &aad)?);
        }
        let secret = totp::encode_secret(&random_bytes::<20>());
        let enc = self.keys.encrypt(&secret, &aad)?;
        let mut tx = self.db.begin().await?;
        sessions::set_pending_secret(&mut tx, &session.token_hash, Some(enc)).await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// Confirms enrolment with a code from the authenticator; returns the
    /// one-time recovery codes (stored hashed, shown once).
    pub async fn confirm_enrolment(
        &self,
        session: &Session,
        code: &str,
        client: &Client,
    ) -> ServiceResult<Vec<String>> {
        if session.stage != Stage::Enrol {
            return Err(ServiceError::Forbidden);
        }
        let user = users::get(&self.db, session.user_id).await?;
        let secret_b32 = self.enrolment_secret(session).await?;
        let secret = totp::decode_secret(&secret_b32)
            .ok_or_else(|| ServiceError::invalid("code", "mfa.bad_code"))?;
        let now = self.now_ms();
        let Some(step) = totp::verify(&secret, code, now / 1000, None) else {
            return Err(ServiceError::invalid("code", "mfa.bad_code"));
        };
        let codes: Vec<String> = (0..10)
            .map(|_| {
                let b = random_bytes::<5>();
                data_encoding::BASE32_NOPAD.encode(&b).to_lowercase()
            })
            .collect();
        let hashes: Vec<Vec<u8>> = codes.iter().map(|c| sha256(c.as_bytes())).collect();
        let enc = self
            .keys
            .encrypt(&secret_b32, &format!("users/{}/totp", user.id))?;
        let mut tx = self.db.begin().await?;
        users::update(&mut tx, user.id, UserChange::TotpSecret(Some(enc)), now).await?;
        users::update(&mut tx, user.id, UserChange::TotpLastStep(step as i64), now).await?;
        users::replace_recovery_codes(&mut tx, user.id, &hashes).await?;
        let mut enrolled = user.clone();
        enrolled.totp_secret = Some(Vec::new());
        let next = self.next_stage(&enrolled, true);
        sessions::set_stage(&mut tx, &session.token_hash, next).await?;
        let actor = audit_actor_for(Some(&user), &user.username, client);
        crate::audit::append(
            &mut tx,
            &actor,
            &AuditEvent::new("auth.mfa_enrol", "user", user.id),
            now,
        )
        .await?;
        if next == Stage::Full {
            login_completed(&mut tx, &actor, user.id, now).await?;
        }
        tx.commit().await?;
        // Recovery codes are shown grouped for legibility: xxxx-xxxx.
        Ok(codes
            .into_iter()
            .map(|c| format!("{}-{}", &c[..4], &c[4..]))
            .collect())
    }

    /// Changes the user's own password; needs the current one. Ends every
    /// other session of the user.
    pub async fn change_password(
        &self,
        session: &Session,
        current: &str,
        new: &str,
        client: &Client,
    ) -> ServiceResult<Stage> {
        if !matches!(session.stage, Stage::ChangePassword | Stage::Full) {
            return Err(ServiceError::Forbidden);
        }
        let user = users::get(&self.db, session.user_id).await?;
        if !verify_password(current, Some(&user.password_hash)).await {
            self.record_failure(
                &user,
                "user.password_change",
                "bad_current_password",
                client,
            )
            .await?;
            return Err(ServiceError::invalid("current", "password.current_wrong"));
        }
        password::check_password(new, &user.username)
            .map_err(|e| ServiceError::invalid("new", e.code()))?;
        if verify_password(new, Some(&user.password_hash)).await {
            return Err(ServiceError::invalid("new", "password.same_as_current"));
        }
        let hash = hash_password(new).await?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        users::update(
            &mut tx,
            user.id,
            UserChange::PasswordHash {
                hash: &hash,
                must_change: false,
            },
            now,
        )
        .await?;
        sessions::delete_for_user(&mut tx, user.id).await?;
        let mut updated = user.clone();
        updated.must_change_password = false;
        updated.password_changed_at = now;
        let next = self.next_stage(&updated, true);
        let kept = Session {
            stage: next,
            last_seen_at: now,
            ..session.clone()
        };
        sessions::insert(&mut tx, &kept, &client.addr).await?;
        let actor = audit_actor_for(Some(&user), &user.username, client);
        crate::audit::append(
            &mut tx,
            &actor,
            &AuditEvent::new("user.password_change", "user", user.id),
            now,
        )
        .await?;
        if next == Stage::Full && session.stage != Stage::Full {
            login_completed(&mut tx, &actor, user.id, now).await?;
        }
        tx.commit().await?;
        Ok(next)
    }

    /// The current stage of a session, or None when it has ended (e.g. the
    /// account was locked meanwhile).
    pub async fn session_stage(&self, session: &Session) -> Option<Stage> {
        sessions::get(&self.db, &session.token_hash)
            .await
            .ok()
            .flatten()
            .map(|s| s.stage)
    }

    pub async fn logout(&self, session: &Session, actor: &Actor) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        sessions::delete(&mut tx, &session.token_hash).await?;
        self.commit_audited(
            tx,
            &actor.audit(),
            AuditEvent::new("auth.logout", "user", session.user_id),
        )
        .await
    }

    /// Ends a half-finished login (stages before Full), e.g. "cancel".
    pub async fn abandon_session(&self, session: &Session) -> ServiceResult<()> {
        let mut tx = self.db.begin().await?;
        sessions::delete(&mut tx, &session.token_hash).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_locale(&self, actor: &Actor, locale: &str) -> ServiceResult<()> {
        let Some(uid) = actor.user_id else {
            return Ok(());
        };
        let locale = if locale == "en" { "en" } else { "zh" };
        let mut tx = self.db.begin().await?;
        users::update(&mut tx, uid, UserChange::Locale(locale), self.now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an API token for the actor's own account; needs the current
    /// password. Returns the token, shown once.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        password: &str,
        days: Option<i64>,
    ) -> ServiceResult<String> {
        let uid = actor.user_id.ok_or(ServiceError::Forbidden)?;
        let user = users::get(&self.db, uid).await?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(ServiceError::invalid("name", "token.name"));
        }
        if !verify_password(password, Some(&user.password_hash)).await {
            return Err(ServiceError::invalid("password", "password.current_wrong"));
        }
        let token = format!("jdt_{}", new_token());
        let now = self.now_ms();
        let expires = days
            .filter(|d| *d > 0)
            .map(|d| now + d.min(3650) * 86_400_000);
        let mut tx = self.db.begin().await?;
        let id =
            tokens::insert(&mut tx, uid, name, &sha256(token.as_bytes()), now, expires).await?;
        self.commit_audited(
            tx,
            &actor.audit(),
            AuditEvent::new("token.create", "api_token", id),
        )
        .await?;
        Ok(token)
    }

    /// The actor's own API tokens (never their values: only hashes exist).
    pub async fn api_tokens(&self, actor: &Actor) -> ServiceResult<Vec<tokens::ApiToken>> {
        let uid = actor.user_id.ok_or(ServiceError::Forbidden)?;
        Ok(tokens::list_for_user(&self.db, uid).await?)
    }

    pub async fn revoke_api_token(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        let uid = actor.user_id.ok_or(ServiceError::Forbidden)?;
        let mut tx = self.db.begin().await?;
        if !tokens::revoke(&mut tx, uid, id, self.now_ms()).await? {
            return Err(ServiceError::NotFound);
        }
        self.commit_audited(
            tx,
            &actor.audit(),
            AuditEvent::new("token.revoke", "api_token", id),
        )
        .await
    }
}
