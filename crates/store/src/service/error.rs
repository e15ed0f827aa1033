//! Service errors with stable codes; the web layer maps each once to an HTML
//! page, a JSON problem body or a form error.

use thiserror::Error;

use crate::error::StoreError;

#[derive(Debug, Error)]
pub enum ServiceError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("authentication required")]
    Unauthenticated,
    /// Wrong username or password, or the account is locked or disabled:
    /// one answer for all, so accounts cannot be probed.
    #[error("invalid credentials")]
    BadCredentials,
    #[error("second factor required")]
    MfaRequired,
    #[error("too many requests")]
    RateLimited,
    #[error("invalid {field}: {code}")]
    Invalid { field: String, code: String },
    /// Several fields of a form are invalid at once (field, code).
    #[error("invalid input")]
    Fields(Vec<(String, String)>),
    /// A conflict such as a duplicate ID number; `existing` links to the
    /// record when the actor may see it.
    #[error("conflict: {code}")]
    Conflict {
        code: String,
        existing: Option<String>,
    },
    #[error("internal error")]
    Internal(#[from] StoreError),
}

impl ServiceError {
    pub fn invalid(field: &str, code: &str) -> ServiceError {
        ServiceError::Invalid {
            field: field.to_string(),
            code: code.to_string(),
        }
    }

    pub fn conflict(code: &str) -> ServiceError {
        ServiceError::Conflict {
            code: code.to_string(),
            existing: None,
        }
    }

    /// A store error, with the store's conflicts (duplicates) kept as
    /// conflicts rather than internal errors.
    pub fn from_store(e: StoreError) -> ServiceError {
        match e {
            StoreError::Conflict(code) => ServiceError::conflict(&code),
            e => e.into(),
        }
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> String {
        match self {
            ServiceError::NotFound => "not_found".into(),
            ServiceError::Forbidden => "forbidden".into(),
            ServiceError::Unauthenticated => "unauthenticated".into(),
            ServiceError::BadCredentials => "bad_credentials".into(),
            ServiceError::MfaRequired => "mfa_required".into(),
            ServiceError::RateLimited => "rate_limited".into(),
            ServiceError::Invalid { code, .. } => code.clone(),
            ServiceError::Fields(_) => "invalid_input".into(),
            ServiceError::Conflict { code, .. } => code.clone(),
            ServiceError::Internal(_) => "internal".into(),
        }
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        ServiceError::Internal(StoreError::Db(e))
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
