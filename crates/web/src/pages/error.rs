//! The error page and the JSON problem body: a generic message in the
//! user's language and the request id; never a stack trace or SQL.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::{Chrome, render_status};
use crate::i18n::Lang;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    heading: &'static str,
    message: &'static str,
    request_id: String,
}

pub fn render(status: StatusCode, code: &str, l: Lang, request_id: &str, is_api: bool) -> Response {
    let message = if code == "internal" {
        l.t("err.internal")
    } else {
        l.err(code)
    };
    if is_api {
        let body = json!({ "error": code, "message": message, "request_id": request_id });
        return (status, Json(body)).into_response();
    }
    let page = ErrorPage {
        c: Chrome::anonymous(l, "err.title", "", "/"),
        heading: l.t("err.title"),
        message,
        request_id: request_id.to_string(),
    };
    let mut resp = render_status(status, &page);
    // Rendering failed too: a plain body, never a loop.
    if resp.extensions().get::<crate::error::ErrorMark>().is_some() {
        resp = (status, format!("{message} ({request_id})")).into_response();
    }
    resp
}
