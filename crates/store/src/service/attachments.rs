//! Documents of the person's file (the dossier of a community detox file:
//! decision, agreement, warnings, test records, assessments …) with scans
//! and photos of signed papers: type checked by content, size limited,
//! encrypted at rest, every upload and every download audited.

use jindu_domain::authz::Permission;
use serde::Serialize;
use serde_json::json;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::attachments::{self, NewAttachment};
use crate::audit::AuditEvent;
use crate::crypto::{random_bytes, sha256};
use crate::persons;

/// Scans and photos of papers are well below this.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Dossier item kinds (社区戒毒档案): decision, agreement, warning, test
/// record, assessment, other.
pub const KINDS: [&str; 6] = [
    "decision",
    "agreement",
    "warning",
    "test_record",
    "assessment",
    "other",
];

#[derive(Clone, Debug, Serialize)]
pub struct AttachmentView {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub filename: String,
    pub mime: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Option<String>,
    pub created_at: i64,
}

/// The type of a file by its first bytes (never by its name): only PDF,
/// JPEG and PNG are accepted.
pub fn sniff(content: &[u8]) -> Option<&'static str> {
    if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if content.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

fn aad(id: &str) -> String {
    format!("attachments/{id}/content")
}

fn view(m: attachments::AttachmentMeta) -> AttachmentView {
    AttachmentView {
        id: m.id,
        kind: m.kind,
        title: m.title,
        filename: m.filename,
        mime: m.mime,
        size_bytes: m.size_bytes,
        sha256: data_encoding::HEXLOWER.encode(&m.sha256),
        uploaded_by: m.uploaded_by,
        created_at: m.created_at,
    }
}

impl Ctx {
    pub async fn attachment_add(
        &self,
        actor: &Actor,
        person_id: &str,
        kind: &str,
        title: &str,
        filename: &str,
        content: &[u8],
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let person = persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        if !KINDS.contains(&kind) {
            return Err(ServiceError::invalid("kind", "field.invalid_code"));
        }
        if content.is_empty() || content.len() > MAX_BYTES {
            return Err(ServiceError::invalid("file", "attachment.size"));
        }
        let mime =
            sniff(content).ok_or_else(|| ServiceError::invalid("file", "attachment.type"))?;
        let title = title.trim();
        let title = if title.is_empty() {
            filename.trim()
        } else {
            title
        };
        // Only the last path component, printable, bounded: it is shown back.
        let filename: String = filename
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(100)
            .collect();
        let id = persons::uuid_v4(random_bytes::<16>());
        let record = NewAttachment {
            id: id.clone(),
            person_id: person_id.to_string(),
            county_code: person.county_code.clone(),
            org_unit_id: person.org_unit_id,
            kind: kind.to_string(),
            title: title.chars().take(100).collect(),
            filename,
            mime: mime.to_string(),
            size_bytes: content.len() as i64,
            sha256: sha256(content),
            content_enc: self.keys.encrypt_bytes(content, &aad(&id))?,
            uploaded_by: actor.user_id,
        };
        let mut tx = self.db.begin().await?;
        attachments::insert(&mut tx, record, self.now_ms()).await?;
        let ev = AuditEvent::new("attachment.create", "attachment", &id)
            .details(json!({ "person": person_id, "kind": kind, "bytes": content.len() }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// The file list of a person (part of the audited person view).
    pub async fn attachments_of(
        &self,
        actor: &Actor,
        person_id: &str,
    ) -> ServiceResult<Vec<AttachmentView>> {
        actor.authorize(Permission::PersonRead, None)?;
        persons::get(&self.db, actor.scope(Permission::PersonRead), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        Ok(attachments::of_person(&self.db, person_id)
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    /// One file's content, decrypted and checked against its hash; audited.
    pub async fn attachment_get(
        &self,
        actor: &Actor,
        id: &str,
    ) -> ServiceResult<(AttachmentView, Vec<u8>)> {
        actor.authorize(Permission::PersonRead, None)?;
        let (meta, enc) = attachments::get(&self.db, actor.scope(Permission::PersonRead), id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let content = self.keys.decrypt_bytes(&enc, &aad(id))?;
        if sha256(&content) != meta.sha256 {
            return Err(ServiceError::Internal(crate::StoreError::Crypto(
                "attachment hash mismatch".into(),
            )));
        }
        self.audit_only(
            &actor.audit(),
            AuditEvent::new("attachment.view", "attachment", id),
        )
        .await?;
        Ok((view(meta), content))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sniffing_uses_content_not_names() {
        assert_eq!(super::sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(
            super::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]),
            Some("image/jpeg")
        );
        assert_eq!(
            super::sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some("image/png")
        );
        assert_eq!(super::sniff(b"MZ\x90\x00 executable"), None);
        assert_eq!(super::sniff(b"<html><script>"), None);
    }
}
