//! Export of the person register: masked by default; unmasked only with the
//! reveal permission and a reason. Every export is audited with its row
//! count and the names of its filters; the file carries a watermark naming
//! who exported it and when.

use jindu_domain::authz::Permission;
use serde_json::json;

use super::persons::{PersonQuery, PersonView, Revealed, filter_names};
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::persons;

/// Exports are for working lists, not bulk extraction: a larger list must be
/// narrowed by its filters first.
pub const EXPORT_MAX_ROWS: i64 = 50_000;

pub struct ExportRow {
    pub view: PersonView,
    /// The full protected fields, for an unmasked export only.
    pub full: Option<Revealed>,
}

pub struct PersonExport {
    pub rows: Vec<ExportRow>,
    pub unmasked: bool,
    /// "exported by … at …", printed on every sheet.
    pub watermark_user: String,
    pub exported_at_ms: i64,
}

impl Ctx {
    /// The persons matching `q` in the actor's search scope. With
    /// `unmask_reason`, the full protected fields too (reveal permission).
    pub async fn person_export(
        &self,
        actor: &Actor,
        q: &PersonQuery,
        unmask_reason: Option<&str>,
    ) -> ServiceResult<PersonExport> {
        actor.authorize(Permission::PersonRead, None)?;
        let reason = match unmask_reason {
            Some(r) => {
                actor.authorize(Permission::PersonReveal, None)?;
                let r = r.trim();
                if !(4..=200).contains(&r.chars().count()) {
                    return Err(ServiceError::invalid("reason", "reveal.reason"));
                }
                Some(r.to_string())
            }
            None => None,
        };
        let (f, sort) = self.person_filter(q).await?;
        let scope = actor.scope(Permission::PersonRead);
        let (rows, total) = persons::list(&self.db, scope, &f, sort, 0, EXPORT_MAX_ROWS).await?;
        if total > EXPORT_MAX_ROWS {
            return Err(ServiceError::invalid("filters", "export.too_many"));
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(ExportRow {
                view: self.view(r)?,
                full: if reason.is_some() {
                    Some(self.unmask(r)?)
                } else {
                    None
                },
            });
        }
        let ev = AuditEvent::new("person.export", "person", "")
            .reason(reason.clone().unwrap_or_default())
            .details(json!({ "rows": out.len(), "unmasked": reason.is_some(), "filters": filter_names(&f) }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(PersonExport {
            rows: out,
            unmasked: reason.is_some(),
            watermark_user: format!("{} ({})", actor.display_name, actor.username),
            exported_at_ms: self.now_ms(),
        })
    }
}
