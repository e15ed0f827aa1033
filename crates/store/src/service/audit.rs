//! The audit admin's search of the trail. Searching is itself audited.

use jindu_domain::authz::Permission;
use serde_json::json;

use super::{Actor, Ctx, Page, ServiceResult};
use crate::audit::{self, AuditEntry, AuditEvent, AuditFilter};

impl Ctx {
    pub async fn audit_search(
        &self,
        actor: &Actor,
        f: &AuditFilter,
        page: Page,
    ) -> ServiceResult<(Vec<AuditEntry>, i64)> {
        actor.authorize(Permission::AuditRead, None)?;
        let used: Vec<&str> = [
            ("username", f.username.is_some()),
            ("event", f.event.is_some()),
            ("object_type", f.object_type.is_some()),
            ("object_id", f.object_id.is_some()),
            ("from", f.from_ms.is_some()),
            ("to", f.to_ms.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, on)| on.then_some(n))
        .collect();
        let scoped = AuditFilter {
            scope: Some(actor.scope(Permission::AuditRead).to_vec()),
            ..f.clone()
        };
        let result = audit::search(&self.db, &scoped, page.offset(), page.per_page).await?;
        // Fail closed: no results unless the search itself is on record.
        self.audit_only(
            &actor.audit(),
            AuditEvent::new("audit.search", "audit_log", "").details(json!({ "filters": used })),
        )
        .await?;
        Ok(result)
    }
}
