//! User accounts, their role and their three scopes.

use jindu_domain::authz::{Role, ScopeKind, Scopes};
use serde::Serialize;

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub org_unit_id: i64,
    pub org_path: String,
    pub org_name: String,
    pub role: Role,
    #[serde(skip)]
    pub password_hash: String,
    pub password_changed_at: i64,
    pub must_change_password: bool,
    /// Encrypted TOTP secret; `None` until enrolled.
    #[serde(skip)]
    pub totp_secret: Option<Vec<u8>>,
    #[serde(skip)]
    pub totp_last_step: Option<i64>,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub disabled: bool,
    pub locale: String,
    pub created_at: i64,
}

const COLS: &str = "u.id, u.username, u.display_name, u.org_unit_id, o.path AS org_path, o.name AS org_name, u.role, u.password_hash, u.password_changed_at, u.must_change_password, u.totp_secret, u.totp_last_step, u.failed_logins, u.locked_until, u.disabled, u.locale, u.created_at";
const FROM: &str = "FROM users u JOIN org_units o ON o.id = u.org_unit_id";

impl User {
    fn from_row(r: &Row) -> StoreResult<User> {
        let role = r.text("role")?;
        Ok(User {
            id: r.i64("id")?,
            username: r.text("username")?,
            display_name: r.text("display_name")?,
            org_unit_id: r.i64("org_unit_id")?,
            org_path: r.text("org_path")?,
            org_name: r.text("org_name")?,
            role: Role::from_code(&role)
                .ok_or_else(|| StoreError::invalid("role", "role.unknown"))?,
            password_hash: r.text("password_hash")?,
            password_changed_at: r.i64("password_changed_at")?,
            must_change_password: r.bool("must_change_password")?,
            totp_secret: r.opt_bytes("totp_secret")?,
            totp_last_step: r.opt_i64("totp_last_step")?,
            failed_logins: r.i64("failed_logins")?,
            locked_until: r.opt_i64("locked_until")?,
            disabled: r.bool("disabled")?,
            locale: r.text("locale")?,
            created_at: r.i64("created_at")?,
        })
    }

    pub fn totp_enrolled(&self) -> bool {
        self.totp_secret.is_some()
    }
}

pub async fn by_username(db: &Db, username: &str) -> StoreResult<Option<User>> {
    let r = db
        .fetch_optional(
            Q::new(format!("SELECT {COLS} {FROM} WHERE u.username = $1")).bind(username),
        )
        .await?;
    r.as_ref().map(User::from_row).transpose()
}

pub async fn get(db: &Db, id: i64) -> StoreResult<User> {
    let r = db
        .fetch_optional(Q::new(format!("SELECT {COLS} {FROM} WHERE u.id = $1")).bind(id))
        .await?
        .ok_or(StoreError::NotFound)?;
    User::from_row(&r)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> StoreResult<User> {
    let r = tx
        .fetch_optional(Q::new(format!("SELECT {COLS} {FROM} WHERE u.id = $1")).bind(id))
        .await?
        .ok_or(StoreError::NotFound)?;
    User::from_row(&r)
}

/// Every account, whatever its unit (one cheap query: `jindu serve` asks
/// it at start-up).
pub async fn count(db: &Db) -> StoreResult<i64> {
    db.scalar_i64(Q::new("SELECT COUNT(*) FROM users")).await
}

/// Users whose unit lies in the scope, by username.
pub async fn list(
    db: &Db,
    scope: &[String],
    text: &str,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<User>, i64)> {
    let build = |select: &str| {
        let mut q = Q::new(format!("SELECT {select} {FROM} WHERE 1=1"));
        push_scope(&mut q, "o.path", scope);
        if !text.is_empty() {
            let like = format!("%{}%", text.replace(['%', '_'], ""));
            q.and(" AND (u.username LIKE $?", like.clone());
            q.and(" OR u.display_name LIKE $?)", like);
        }
        q
    };
    let total = db.scalar_i64(build("COUNT(*)")).await?;
    let mut q = build(COLS);
    q.push_sql(" ORDER BY u.username");
    q.and(" LIMIT $?", limit);
    q.and(" OFFSET $?", offset);
    let users = db
        .fetch_all(q)
        .await?
        .iter()
        .map(User::from_row)
        .collect::<StoreResult<_>>()?;
    Ok((users, total))
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub org_unit_id: i64,
    pub role: Role,
    pub password_hash: &'a str,
    pub must_change_password: bool,
}

pub async fn insert(tx: &mut Tx, u: &NewUser<'_>, now: i64) -> StoreResult<i64> {
    tx.scalar_i64(
        Q::new("INSERT INTO users (username, display_name, org_unit_id, role, password_hash, password_changed_at, must_change_password, failed_logins, disabled, locale, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,0,$8,'zh',$6,$6) RETURNING id")
            .bind(u.username)
            .bind(u.display_name)
            .bind(u.org_unit_id)
            .bind(u.role.code())
            .bind(u.password_hash)
            .bind(now)
            .bind(u.must_change_password)
            .bind(false),
    )
    .await
    .map_err(|e| if e.is_unique_violation() { StoreError::Conflict("user.username_taken".into()) } else { e })
}

/// Replaces one of the user's scopes.
pub async fn set_scope(
    tx: &mut Tx,
    user_id: i64,
    kind: ScopeKind,
    units: &[i64],
) -> StoreResult<()> {
    tx.execute(
        Q::new("DELETE FROM user_scopes WHERE user_id = $1 AND kind = $2")
            .bind(user_id)
            .bind(kind.code()),
    )
    .await?;
    for u in units {
        tx.execute(
            Q::new("INSERT INTO user_scopes (user_id, kind, org_unit_id) VALUES ($1,$2,$3)")
                .bind(user_id)
                .bind(kind.code())
                .bind(*u),
        )
        .await?;
    }
    Ok(())
}

/// The user's scopes as materialised paths (inactive units still count: a
/// deactivated unit's records remain someone's responsibility).
pub async fn scopes(db: &Db, user_id: i64) -> StoreResult<Scopes> {
    let rows = db
        .fetch_all(
            Q::new("SELECT s.kind, o.path FROM user_scopes s JOIN org_units o ON o.id = s.org_unit_id WHERE s.user_id = $1 ORDER BY o.path")
                .bind(user_id),
        )
        .await?;
    let mut s = Scopes::default();
    for r in rows {
        let path = r.text("path")?;
        match ScopeKind::from_code(&r.text("kind")?) {
            Some(ScopeKind::Capture) => s.capture.push(path),
            Some(ScopeKind::Search) => s.search.push(path),
            Some(ScopeKind::Analysis) => s.analysis.push(path),
            None => {}
        }
    }
    Ok(s)
}

/// Sets one column of a user (an allow-listed set, never caller-chosen SQL).
pub enum UserChange<'a> {
    PasswordHash {
        hash: &'a str,
        must_change: bool,
    },
    Role(Role),
    Disabled(bool),
    Locale(&'a str),
    TotpSecret(Option<Vec<u8>>),
    TotpLastStep(i64),
    LoginFailed {
        count: i64,
        locked_until: Option<i64>,
    },
    LoginSucceeded,
}

pub async fn update(tx: &mut Tx, id: i64, change: UserChange<'_>, now: i64) -> StoreResult<()> {
    let q = match change {
        UserChange::PasswordHash { hash, must_change } => Q::new(
            "UPDATE users SET password_hash = $1, must_change_password = $2, password_changed_at = $3, failed_logins = 0, locked_until = NULL, updated_at = $3 WHERE id = $4",
        )
        .bind(hash)
        .bind(must_change)
        .bind(now)
        .bind(id),
        UserChange::Role(role) => Q::new("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
            .bind(role.code())
            .bind(now)
            .bind(id),
        UserChange::Disabled(d) => Q::new("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(d)
            .bind(now)
            .bind(id),
        UserChange::Locale(l) => Q::new("UPDATE users SET locale = $1, updated_at = $2 WHERE id = $3")
            .bind(l)
            .bind(now)
            .bind(id),
        UserChange::TotpSecret(s) => Q::new("UPDATE users SET totp_secret = $1, totp_last_step = NULL, updated_at = $2 WHERE id = $3")
            .bind(s)
            .bind(now)
            .bind(id),
        UserChange::TotpLastStep(step) => Q::new("UPDATE users SET totp_last_step = $1 WHERE id = $2")
            .bind(step)
            .bind(id),
        UserChange::LoginFailed { count, locked_until } => Q::new("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
            .bind(count)
            .bind(locked_until)
            .bind(id),
        UserChange::LoginSucceeded => Q::new("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1").bind(id),
    };
    tx.execute(q).await?;
    Ok(())
}

/// Counts one more failed login in a single statement, so that parallel
/// attempts cannot overwrite each other's count with a stale one; locks the
/// account until `lock_until` once the count reaches `threshold`. Returns
/// the new count and lock.
pub async fn record_login_failure(
    tx: &mut Tx,
    id: i64,
    threshold: i64,
    lock_until: i64,
) -> StoreResult<(i64, Option<i64>)> {
    let r = tx
        .fetch_one(
            Q::new("UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END WHERE id = $3 RETURNING failed_logins, locked_until")
                .bind(threshold)
                .bind(lock_until)
                .bind(id),
        )
        .await?;
    Ok((r.i64("failed_logins")?, r.opt_i64("locked_until")?))
}

/// Records `step` as the last used TOTP step only if it is newer than the
/// stored one, in a single statement; false when it was already used (a
/// replay, possibly racing the first use).
pub async fn claim_totp_step(tx: &mut Tx, id: i64, step: i64) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
                .bind(step)
                .bind(id),
        )
        .await?;
    Ok(n == 1)
}

pub async fn replace_recovery_codes(
    tx: &mut Tx,
    user_id: i64,
    hashes: &[Vec<u8>],
) -> StoreResult<()> {
    tx.execute(Q::new("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id))
        .await?;
    for h in hashes {
        tx.execute(
            Q::new("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(h.clone()),
        )
        .await?;
    }
    Ok(())
}

/// Marks an unused recovery code used; true when it was valid.
pub async fn use_recovery_code(
    tx: &mut Tx,
    user_id: i64,
    hash: &[u8],
    now: i64,
) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
                .bind(now)
                .bind(user_id)
                .bind(hash.to_vec()),
        )
        .await?;
    Ok(n == 1)
}

/// Active social-worker accounts per unit path, in the scope.
pub async fn social_workers_by_unit(db: &Db, scope: &[String]) -> StoreResult<Vec<(String, i64)>> {
    let mut q = Q::new(
        "SELECT o.path, COUNT(*) AS n FROM users u JOIN org_units o ON o.id = u.org_unit_id \
         WHERE u.role = 'social_worker' AND u.disabled = $1",
    );
    let _ = q.push_arg(false);
    push_scope(&mut q, "o.path", scope);
    q.push_sql(" GROUP BY o.path");
    db.fetch_all(q)
        .await?
        .iter()
        .map(|r| Ok((r.text("path")?, r.i64("n")?)))
        .collect()
}
