//! Attachments of a person's file, encrypted at rest.

use crate::db::{Db, Q, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug)]
pub struct AttachmentMeta {
    pub id: String,
    pub person_id: String,
    pub kind: String,
    pub title: String,
    pub filename: String,
    pub mime: String,
    pub size_bytes: i64,
    pub sha256: Vec<u8>,
    pub uploaded_by: Option<String>,
    pub created_at: i64,
}

pub struct NewAttachment {
    pub id: String,
    pub person_id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub kind: String,
    pub title: String,
    pub filename: String,
    pub mime: String,
    pub size_bytes: i64,
    pub sha256: Vec<u8>,
    pub content_enc: Vec<u8>,
    pub uploaded_by: Option<i64>,
}

pub async fn insert(tx: &mut Tx, a: NewAttachment, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO attachments (id, person_id, county_code, org_unit_id, kind, title, filename, mime, size_bytes, sha256, content_enc, uploaded_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)")
            .bind(a.id)
            .bind(a.person_id)
            .bind(a.county_code)
            .bind(a.org_unit_id)
            .bind(a.kind)
            .bind(a.title)
            .bind(a.filename)
            .bind(a.mime)
            .bind(a.size_bytes)
            .bind(a.sha256)
            .bind(a.content_enc)
            .bind(a.uploaded_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

const COLUMNS: &str = "a.id, a.person_id, a.kind, a.title, a.filename, a.mime, a.size_bytes, a.sha256, u.display_name, a.created_at";
const FROM: &str = "FROM attachments a JOIN org_units o ON o.id = a.org_unit_id LEFT JOIN users u ON u.id = a.uploaded_by";

fn meta(r: &crate::Row) -> StoreResult<AttachmentMeta> {
    Ok(AttachmentMeta {
        id: r.text("id")?,
        person_id: r.text("person_id")?,
        kind: r.text("kind")?,
        title: r.text("title")?,
        filename: r.text("filename")?,
        mime: r.text("mime")?,
        size_bytes: r.i64("size_bytes")?,
        sha256: r.bytes("sha256")?,
        uploaded_by: r.opt_text("display_name")?,
        created_at: r.i64("created_at")?,
    })
}

/// A person's attachments (metadata only), newest first.
pub async fn of_person(db: &Db, person_id: &str) -> StoreResult<Vec<AttachmentMeta>> {
    let rows = db
        .fetch_all(
            Q::new(format!(
                "SELECT {COLUMNS} {FROM} WHERE a.person_id = $1 ORDER BY a.created_at DESC"
            ))
            .bind(person_id),
        )
        .await?;
    rows.iter().map(meta).collect()
}

/// One attachment with its (encrypted) content, only inside the scope.
pub async fn get(db: &Db, scope: &[String], id: &str) -> StoreResult<(AttachmentMeta, Vec<u8>)> {
    let mut q = Q::new(format!(
        "SELECT {COLUMNS}, a.content_enc {FROM} WHERE a.id = $1"
    ));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    let r = db.fetch_optional(q).await?.ok_or(StoreError::NotFound)?;
    Ok((meta(&r)?, r.bytes("content_enc")?))
}
