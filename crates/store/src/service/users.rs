//! Account administration by the security admin (and the CLI): create,
//! role, scopes, disable, password reset, second-factor reset, sessions.

use jindu_domain::authz::{Permission, Role, ScopeKind};
use jindu_domain::password::check_password;
use serde_json::json;

use super::{Actor, Ctx, Page, ServiceError, ServiceResult, hash_password};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::org;
use crate::sessions;
use crate::users::{self, NewUser, User, UserChange};

fn check_username(u: &str) -> ServiceResult<()> {
    let ok = (3..=32).contains(&u.len())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c))
        && u.starts_with(|c: char| c.is_ascii_lowercase());
    if ok {
        Ok(())
    } else {
        Err(ServiceError::invalid("username", "user.username"))
    }
}

/// A random one-time password that satisfies the password policy; the user
/// must change it at first login.
pub fn one_time_password(username: &str) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
    loop {
        let bytes = random_bytes::<16>();
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| ALPHA[*b as usize % ALPHA.len()] as char)
            .collect();
        let pw: String = chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-");
        if check_password(&pw, username).is_ok() {
            return pw;
        }
    }
}

impl Ctx {
    /// A user the actor may administer (inside their scope), else NotFound.
    async fn managed_user(
        &self,
        actor: &Actor,
        id: i64,
        permission: Permission,
    ) -> ServiceResult<User> {
        let user = users::get(&self.db, id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        actor.authorize(permission, Some(&user.org_path))?;
        Ok(user)
    }

    /// Accounts in the actor's scope; a search of staff records, audited.
    pub async fn user_list(
        &self,
        actor: &Actor,
        text: &str,
        page: Page,
    ) -> ServiceResult<(Vec<User>, i64)> {
        actor.authorize(Permission::UserRead, None)?;
        let result = users::list(
            &self.db,
            actor.scope(Permission::UserRead),
            text,
            page.offset(),
            page.per_page,
        )
        .await?;
        let ev = AuditEvent::new("user.search", "user", "")
            .details(json!({ "filters": if text.is_empty() { vec![] } else { vec!["text"] } }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(result)
    }

    /// One account, audited as a view.
    pub async fn user_get(&self, actor: &Actor, id: i64) -> ServiceResult<User> {
        let user = self.managed_user(actor, id, Permission::UserRead).await?;
        self.audit_only(&actor.audit(), AuditEvent::new("user.view", "user", id))
            .await?;
        Ok(user)
    }

    /// Creates an account in `org_unit_id` with the role; all three scopes
    /// start as the user's own unit. Returns the id and a one-time password.
    /// One account again, right after an audited change by the same actor
    /// (the change's entry covers it; no second entry).
    pub async fn user_reload(&self, actor: &Actor, id: i64) -> ServiceResult<User> {
        self.managed_user(actor, id, Permission::UserRead).await
    }

    /// The account's three scopes.
    pub async fn user_scopes(
        &self,
        actor: &Actor,
        id: i64,
    ) -> ServiceResult<jindu_domain::authz::Scopes> {
        self.managed_user(actor, id, Permission::UserRead).await?;
        Ok(users::scopes(&self.db, id).await?)
    }

    pub async fn user_create(
        &self,
        actor: &Actor,
        username: &str,
        display_name: &str,
        org_unit_id: i64,
        role: Role,
    ) -> ServiceResult<(i64, String)> {
        let unit = org::get(&self.db, org_unit_id)
            .await
            .map_err(|_| ServiceError::invalid("org_unit", "org.unknown"))?;
        actor
            .authorize(Permission::UserManage, Some(&unit.path))
            .map_err(|e| {
                if matches!(e, ServiceError::NotFound) {
                    ServiceError::invalid("org_unit", "org.unknown")
                } else {
                    e
                }
            })?;
        let username = username.trim();
        check_username(username)?;
        let display_name = display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > 64 {
            return Err(ServiceError::invalid("display_name", "user.display_name"));
        }
        let password = one_time_password(username);
        let hash = hash_password(&password).await?;
        let mut tx = self.db.begin().await?;
        let id = users::insert(
            &mut tx,
            &NewUser {
                username,
                display_name,
                org_unit_id,
                role,
                password_hash: &hash,
                must_change_password: true,
            },
            self.now_ms(),
        )
        .await
        .map_err(|e| match e {
            crate::StoreError::Conflict(c) => ServiceError::invalid("username", &c),
            e => e.into(),
        })?;
        for kind in ScopeKind::ALL {
            users::set_scope(&mut tx, id, kind, &[org_unit_id]).await?;
        }
        let ev = AuditEvent::new("user.create", "user", id).details(json!({ "role": role.code() }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok((id, password))
    }

    pub async fn user_set_role(&self, actor: &Actor, id: i64, role: Role) -> ServiceResult<()> {
        let user = self.managed_user(actor, id, Permission::UserManage).await?;
        if Some(user.id) == actor.user_id {
            return Err(ServiceError::invalid("role", "user.own_role"));
        }
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        users::update(&mut tx, id, UserChange::Role(role), now).await?;
        sessions::delete_for_user(&mut tx, id).await?;
        let ev = AuditEvent::new("user.role_change", "user", id)
            .details(json!({ "from": user.role.code(), "to": role.code() }));
        self.commit_audited(tx, &actor.audit(), ev).await
    }

    pub async fn user_set_disabled(
        &self,
        actor: &Actor,
        id: i64,
        disabled: bool,
    ) -> ServiceResult<()> {
        self.managed_user(actor, id, Permission::UserManage).await?;
        if Some(id) == actor.user_id {
            return Err(ServiceError::invalid("id", "user.own_account"));
        }
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        users::update(&mut tx, id, UserChange::Disabled(disabled), now).await?;
        // Disabling ends the user's sessions at once (security.md).
        sessions::delete_for_user(&mut tx, id).await?;
        let event = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        self.commit_audited(tx, &actor.audit(), AuditEvent::new(event, "user", id))
            .await
    }

    /// Sets a new one-time password (the user must change it), clears a
    /// lockout and ends the user's sessions.
    pub async fn user_reset_password(&self, actor: &Actor, id: i64) -> ServiceResult<String> {
        let user = self.managed_user(actor, id, Permission::UserManage).await?;
        let password = one_time_password(&user.username);
        let hash = hash_password(&password).await?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        users::update(
            &mut tx,
            id,
            UserChange::PasswordHash {
                hash: &hash,
                must_change: true,
            },
            now,
        )
        .await?;
        sessions::delete_for_user(&mut tx, id).await?;
        self.commit_audited(
            tx,
            &actor.audit(),
            AuditEvent::new("user.password_reset", "user", id),
        )
        .await?;
        Ok(password)
    }

    /// Removes the user's second factor (lost phone): they enrol again at
    /// next login.
    pub async fn user_reset_mfa(&self, actor: &Actor, id: i64) -> ServiceResult<()> {
        self.managed_user(actor, id, Permission::UserManage).await?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        users::update(&mut tx, id, UserChange::TotpSecret(None), now).await?;
        users::replace_recovery_codes(&mut tx, id, &[]).await?;
        sessions::delete_for_user(&mut tx, id).await?;
        self.commit_audited(
            tx,
            &actor.audit(),
            AuditEvent::new("user.mfa_reset", "user", id),
        )
        .await
    }

    pub async fn user_end_sessions(&self, actor: &Actor, id: i64) -> ServiceResult<u64> {
        self.managed_user(actor, id, Permission::UserManage).await?;
        let mut tx = self.db.begin().await?;
        let n = sessions::delete_for_user(&mut tx, id).await?;
        let ev = AuditEvent::new("user.sessions_end", "user", id).details(json!({ "sessions": n }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(n)
    }

    /// Replaces one scope; every unit must lie in the actor's own capture scope.
    pub async fn user_set_scope(
        &self,
        actor: &Actor,
        id: i64,
        kind: ScopeKind,
        unit_ids: &[i64],
    ) -> ServiceResult<()> {
        self.managed_user(actor, id, Permission::UserManage).await?;
        if unit_ids.is_empty() || unit_ids.len() > 50 {
            return Err(ServiceError::invalid("units", "user.scope_size"));
        }
        let units = org::many(&self.db, unit_ids).await?;
        if units.len() != unit_ids.len() {
            return Err(ServiceError::invalid("units", "org.unknown"));
        }
        for u in &units {
            actor
                .authorize(Permission::UserManage, Some(&u.path))
                .map_err(|_| ServiceError::invalid("units", "org.unknown"))?;
        }
        let mut tx = self.db.begin().await?;
        users::set_scope(&mut tx, id, kind, unit_ids).await?;
        sessions::delete_for_user(&mut tx, id).await?;
        let ev = AuditEvent::new("user.scope_change", "user", id)
            .details(json!({ "kind": kind.code(), "units": unit_ids.len() }));
        self.commit_audited(tx, &actor.audit(), ev).await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_time_passwords_pass_the_policy() {
        for _ in 0..50 {
            let pw = super::one_time_password("someone");
            assert!(
                jindu_domain::password::check_password(&pw, "someone").is_ok(),
                "{pw}"
            );
            assert_eq!(pw.len(), 19);
        }
    }
}
