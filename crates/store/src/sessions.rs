//! Server-side sessions. Only the SHA-256 of the 256-bit token is stored, so a
//! copy of the database does not yield usable sessions.

use crate::db::{Db, Q, Tx};
use crate::error::StoreResult;

/// How far a session has got through login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Password accepted; the second factor is still due.
    Mfa,
    /// Password accepted; an admin must enrol a second factor first.
    Enrol,
    /// The password must be changed before anything else.
    ChangePassword,
    /// Fully signed in.
    Full,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Mfa => "mfa",
            Stage::Enrol => "enrol",
            Stage::ChangePassword => "change_password",
            Stage::Full => "full",
        }
    }
    pub fn from_code(c: &str) -> Option<Stage> {
        [Stage::Mfa, Stage::Enrol, Stage::ChangePassword, Stage::Full]
            .into_iter()
            .find(|s| s.code() == c)
    }
}

#[derive(Clone, Debug)]
pub struct Session {
    pub token_hash: Vec<u8>,
    pub user_id: i64,
    pub stage: Stage,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

pub async fn insert(tx: &mut Tx, s: &Session, client_addr: &str) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO sessions (token_hash, user_id, stage, csrf_token, created_at, last_seen_at, client_addr) VALUES ($1,$2,$3,$4,$5,$6,$7)")
            .bind(s.token_hash.clone())
            .bind(s.user_id)
            .bind(s.stage.code())
            .bind(s.csrf_token.clone())
            .bind(s.created_at)
            .bind(s.last_seen_at)
            .bind(client_addr),
    )
    .await?;
    Ok(())
}

pub async fn get(db: &Db, token_hash: &[u8]) -> StoreResult<Option<Session>> {
    let r = db
        .fetch_optional(
            Q::new("SELECT token_hash, user_id, stage, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = $1")
                .bind(token_hash.to_vec()),
        )
        .await?;
    let Some(r) = r else { return Ok(None) };
    let Some(stage) = Stage::from_code(&r.text("stage")?) else {
        return Ok(None);
    };
    Ok(Some(Session {
        token_hash: r.bytes("token_hash")?,
        user_id: r.i64("user_id")?,
        stage,
        csrf_token: r.text("csrf_token")?,
        created_at: r.i64("created_at")?,
        last_seen_at: r.i64("last_seen_at")?,
    }))
}

pub async fn touch(tx: &mut Tx, token_hash: &[u8], now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash.to_vec()),
    )
    .await?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, token_hash: &[u8]) -> StoreResult<()> {
    tx.execute(Q::new("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash.to_vec()))
        .await?;
    Ok(())
}

/// Ends every session of a user (disable, password change, admin action).
pub async fn delete_for_user(tx: &mut Tx, user_id: i64) -> StoreResult<u64> {
    tx.execute(Q::new("DELETE FROM sessions WHERE user_id = $1").bind(user_id))
        .await
}

/// Removes sessions past either timeout.
pub async fn purge_expired(tx: &mut Tx, idle_before: i64, created_before: i64) -> StoreResult<u64> {
    tx.execute(
        Q::new("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_before)
            .bind(created_before),
    )
    .await
}

/// Stage changes as login proceeds (password → second factor → password
/// change → enrolment → full).
pub async fn set_stage(tx: &mut Tx, token_hash: &[u8], stage: Stage) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE sessions SET stage = $1, pending_secret = NULL WHERE token_hash = $2")
            .bind(stage.code())
            .bind(token_hash.to_vec()),
    )
    .await?;
    Ok(())
}

/// The (encrypted) TOTP secret offered during enrolment, until confirmed.
pub async fn set_pending_secret(
    tx: &mut Tx,
    token_hash: &[u8],
    secret: Option<Vec<u8>>,
) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE sessions SET pending_secret = $1 WHERE token_hash = $2")
            .bind(secret)
            .bind(token_hash.to_vec()),
    )
    .await?;
    Ok(())
}

pub async fn pending_secret(db: &Db, token_hash: &[u8]) -> StoreResult<Option<Vec<u8>>> {
    let r = db
        .fetch_optional(
            Q::new("SELECT pending_secret FROM sessions WHERE token_hash = $1")
                .bind(token_hash.to_vec()),
        )
        .await?;
    Ok(match r {
        Some(r) => r.opt_bytes("pending_secret")?,
        None => None,
    })
}
