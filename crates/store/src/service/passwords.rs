//! Password hashing with Argon2id (per-user random salt, PHC string format).
//! CPU-heavy, so it runs on the blocking pool.

use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _};

use super::{ServiceError, ServiceResult};
use crate::error::StoreError;

pub async fn hash_password(password: &str) -> ServiceResult<String> {
    let pw = password.to_string();
    tokio::task::spawn_blocking(move || {
        let hashed: Result<PasswordHash, _> = Argon2::default().hash_password(pw.as_bytes());
        hashed
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(StoreError::Crypto(e.to_string())))
    })
    .await
    .map_err(|e| ServiceError::Internal(StoreError::Crypto(e.to_string())))?
}

/// True when `password` matches the stored hash. With `None` a dummy hash is
/// checked so that unknown usernames take as long as known ones.
pub async fn verify_password(password: &str, stored: Option<&str>) -> bool {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG0Mq1kLHQwcM";
    let pw = password.to_string();
    let known = stored.is_some();
    let h = stored.unwrap_or(DUMMY).to_string();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(pw.as_bytes(), h.as_str())
            .is_ok()
            && known
    })
    .await
    .unwrap_or(false)
}
