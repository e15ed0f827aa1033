//! Long-lived API tokens for integrations; only their SHA-256 is stored.

use serde::Serialize;

use crate::db::{Db, Q, Tx};
use crate::error::StoreResult;

#[derive(Clone, Debug, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn insert(
    tx: &mut Tx,
    user_id: i64,
    name: &str,
    hash: &[u8],
    now: i64,
    expires_at: Option<i64>,
) -> StoreResult<i64> {
    tx.scalar_i64(
        Q::new("INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1,$2,$3,$4,$5) RETURNING id")
            .bind(user_id)
            .bind(name)
            .bind(hash.to_vec())
            .bind(now)
            .bind(expires_at),
    )
    .await
}

/// The token's owner when the token is valid at `now`.
pub async fn user_of(db: &Db, hash: &[u8], now: i64) -> StoreResult<Option<(i64, i64)>> {
    let r = db
        .fetch_optional(
            Q::new("SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)")
                .bind(hash.to_vec())
                .bind(now),
        )
        .await?;
    r.map(|r| Ok((r.i64("id")?, r.i64("user_id")?))).transpose()
}

pub async fn list_for_user(db: &Db, user_id: i64) -> StoreResult<Vec<ApiToken>> {
    let rows = db
        .fetch_all(
            Q::new("SELECT id, user_id, name, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC")
                .bind(user_id),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ApiToken {
                id: r.i64("id")?,
                user_id: r.i64("user_id")?,
                name: r.text("name")?,
                created_at: r.i64("created_at")?,
                expires_at: r.opt_i64("expires_at")?,
                last_used_at: r.opt_i64("last_used_at")?,
                revoked_at: r.opt_i64("revoked_at")?,
            })
        })
        .collect()
}

pub async fn revoke(tx: &mut Tx, user_id: i64, id: i64, now: i64) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(now)
                .bind(id)
                .bind(user_id),
        )
        .await?;
    Ok(n == 1)
}

pub async fn revoke_all(tx: &mut Tx, user_id: i64, now: i64) -> StoreResult<u64> {
    tx.execute(
        Q::new("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(user_id),
    )
    .await
}
