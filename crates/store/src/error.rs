//! The store's error type, with stable codes for the layers above.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid input: {field}: {code}")]
    Invalid { field: String, code: String },
    #[error("configuration: {0}")]
    Config(String),
    #[error("crypto: {0}")]
    Crypto(String),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

impl StoreError {
    pub fn invalid(field: &str, code: &str) -> StoreError {
        StoreError::Invalid {
            field: field.to_string(),
            code: code.to_string(),
        }
    }

    /// A database unique-constraint violation (duplicate key).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Db(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
