//! Uploading documents to a person's file and downloading them.

use axum::extract::{Extension, Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jindu_store::service::ServiceError;
use jindu_store::service::attachments::MAX_BYTES;

use super::back_to_file;
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// The fields of an upload form: kind, title, and the file.
struct Upload {
    kind: String,
    title: String,
    filename: String,
    content: Vec<u8>,
}

async fn read_upload(mut mp: Multipart) -> Result<Upload, ServiceError> {
    let mut u = Upload {
        kind: String::new(),
        title: String::new(),
        filename: String::new(),
        content: Vec::new(),
    };
    while let Ok(Some(field)) = mp.next_field().await {
        match field.name().unwrap_or("") {
            "kind" => u.kind = field.text().await.unwrap_or_default(),
            "title" => u.title = field.text().await.unwrap_or_default(),
            "file" => {
                u.filename = field.file_name().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(b) if b.len() <= MAX_BYTES => u.content = b.to_vec(),
                    _ => return Err(ServiceError::invalid("file", "attachment.size")),
                }
            }
            _ => {}
        }
    }
    Ok(u)
}

pub async fn upload(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    mp: Multipart,
) -> WebResult<Response> {
    let result = match read_upload(mp).await {
        Ok(u) => {
            st.ctx
                .attachment_add(
                    &a.actor,
                    &person,
                    &u.kind,
                    &u.title,
                    &u.filename,
                    &u.content,
                )
                .await
        }
        Err(e) => Err(e),
    };
    back_to_file(&person, "documents", "aerr", "saved", result)
}

/// The API's upload: the same form, answered in JSON.
pub async fn upload_api(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    mp: Multipart,
) -> Response {
    let result = match read_upload(mp).await {
        Ok(u) => {
            st.ctx
                .attachment_add(
                    &a.actor,
                    &person,
                    &u.kind,
                    &u.title,
                    &u.filename,
                    &u.content,
                )
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => (
            axum::http::StatusCode::CREATED,
            axum::Json(serde_json::json!({ "id": id })),
        )
            .into_response(),
        Err(e) => crate::api::problem_response(&info, e),
    }
}

/// Downloads a document (audited). Served as an attachment, never inline,
/// so a crafted file cannot render in the application's origin.
pub async fn download(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let (meta, content) = st.ctx.attachment_get(&a.actor, &id).await?;
    let ascii: String = meta
        .filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let ascii = if ascii.is_empty() {
        format!("document-{}", &meta.id[..8])
    } else {
        ascii
    };
    let disposition = format!("attachment; filename=\"{ascii}\"");
    Ok((
        [
            (header::CONTENT_TYPE, meta.mime),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        content,
    )
        .into_response())
}
