//! Errors of the web layer. A handler returns `WebError`; it becomes a status
//! plus a marker, and the outer middleware renders the marker once, as an
//! HTML page or a JSON problem body, with the request id. Internal errors
//! are logged and never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jindu_store::service::ServiceError;

/// Marker carried by an error response until it is rendered.
#[derive(Clone, Debug)]
pub struct ErrorMark {
    pub code: String,
}

#[derive(Debug)]
pub struct WebError(pub ServiceError);

impl From<ServiceError> for WebError {
    fn from(e: ServiceError) -> Self {
        WebError(e)
    }
}

impl From<jindu_store::StoreError> for WebError {
    fn from(e: jindu_store::StoreError) -> Self {
        WebError(ServiceError::Internal(e))
    }
}

pub fn status_of(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::NotFound => StatusCode::NOT_FOUND,
        ServiceError::Forbidden => StatusCode::FORBIDDEN,
        ServiceError::Unauthenticated
        | ServiceError::BadCredentials
        | ServiceError::MfaRequired => StatusCode::UNAUTHORIZED,
        ServiceError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ServiceError::Invalid { .. } | ServiceError::Fields(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::Conflict { .. } => StatusCode::CONFLICT,
        ServiceError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A bare error response to be rendered by the outer middleware.
pub fn mark(status: StatusCode, code: &str) -> Response {
    let mut r = status.into_response();
    r.extensions_mut().insert(ErrorMark {
        code: code.to_string(),
    });
    r
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let ServiceError::Internal(e) = &self.0 {
            tracing::error!(error = %e, "internal error");
        }
        mark(status_of(&self.0), &self.0.code())
    }
}

pub type WebResult<T> = Result<T, WebError>;
