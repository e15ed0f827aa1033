//! Org-unit administration: browse, add, rename, move, (de)activate, and CSV
//! import of a division list with a dry run.

use jindu_domain::authz::{Permission, path_within};
use jindu_domain::org::{OrgLevel, validate_code};
use serde::Serialize;
use serde_json::json;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::org::{self, OrgUnit};

fn check_name(name: &str) -> ServiceResult<String> {
    let n = name.trim();
    if n.is_empty() || n.chars().count() > 64 {
        return Err(ServiceError::invalid("name", "org.name"));
    }
    Ok(n.to_string())
}

/// A unit as the actor may see it: inside their search scope, or an
/// ancestor of it (needed for breadcrumbs and to browse down to it).
fn visible(actor: &Actor, unit: &OrgUnit) -> bool {
    let scope = actor.scope(Permission::OrgRead);
    scope
        .iter()
        .any(|s| path_within(&unit.path, s) || path_within(s, &unit.path))
}

/// What one row of an import will do.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub enum ImportAction {
    Create,
    Rename { from: String },
    Unchanged,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImportRow {
    pub line: usize,
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: String,
    pub action: Option<ImportAction>,
    pub error: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    pub rows: Vec<ImportRow>,
    pub applied: bool,
}

impl ImportReport {
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.error.is_some()).count()
    }
    pub fn count(&self, pred: fn(&ImportAction) -> bool) -> usize {
        self.rows
            .iter()
            .filter(|r| r.action.as_ref().is_some_and(pred))
            .count()
    }
}

/// Most division lists carry at most a few thousand rows; a bigger upload is
/// refused before parsing.
pub const IMPORT_MAX_ROWS: usize = 20_000;

impl Ctx {
    pub async fn org_get(&self, actor: &Actor, id: i64) -> ServiceResult<OrgUnit> {
        actor.authorize(Permission::OrgRead, None)?;
        let unit = org::get(&self.db, id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        if !visible(actor, &unit) {
            return Err(ServiceError::NotFound);
        }
        Ok(unit)
    }

    /// Children of a unit, or the actor's top units when `parent` is None.
    pub async fn org_children(
        &self,
        actor: &Actor,
        parent: Option<i64>,
    ) -> ServiceResult<Vec<(OrgUnit, i64)>> {
        actor.authorize(Permission::OrgRead, None)?;
        let kids = match parent {
            Some(p) => {
                self.org_get(actor, p).await?;
                org::children(&self.db, Some(p)).await?
            }
            None => org::children(&self.db, None).await?,
        };
        Ok(kids
            .into_iter()
            .filter(|(u, _)| visible(actor, u))
            .collect())
    }

    /// The chain from the root to the unit, for breadcrumbs.
    pub async fn org_ancestors(&self, unit: &OrgUnit) -> ServiceResult<Vec<OrgUnit>> {
        Ok(org::many(&self.db, &unit.path_ids()).await?)
    }

    pub async fn org_search(
        &self,
        actor: &Actor,
        text: &str,
        level: Option<OrgLevel>,
    ) -> ServiceResult<Vec<OrgUnit>> {
        actor.authorize(Permission::OrgRead, None)?;
        Ok(org::search(&self.db, actor.scope(Permission::OrgRead), text, level, 50).await?)
    }

    pub async fn org_create(
        &self,
        actor: &Actor,
        parent_id: i64,
        code: &str,
        name: &str,
    ) -> ServiceResult<OrgUnit> {
        let parent = org::get(&self.db, parent_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        actor.authorize(Permission::OrgManage, Some(&parent.path))?;
        let level = parent
            .level
            .child()
            .ok_or_else(|| ServiceError::invalid("parent", "org.no_child_level"))?;
        let code = code.trim();
        validate_code(level, code, Some(&parent.code))
            .map_err(|e| ServiceError::invalid("code", e.code()))?;
        let name = check_name(name)?;
        if !parent.active {
            return Err(ServiceError::invalid("parent", "org.parent_inactive"));
        }
        let mut tx = self.db.begin().await?;
        let unit = org::insert(&mut tx, Some(&parent), level, code, &name, self.now_ms())
            .await
            .map_err(|e| match e {
                crate::StoreError::Conflict(c) => ServiceError::invalid("code", &c),
                e => e.into(),
            })?;
        self.commit_audited(
            tx,
            &actor.audit(),
            AuditEvent::new("org.create", "org_unit", unit.id),
        )
        .await?;
        Ok(unit)
    }

    pub async fn org_rename(&self, actor: &Actor, id: i64, name: &str) -> ServiceResult<()> {
        let unit = org::get(&self.db, id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        actor.authorize(Permission::OrgManage, Some(&unit.path))?;
        let name = check_name(name)?;
        let mut tx = self.db.begin().await?;
        org::rename(&mut tx, id, &name, self.now_ms()).await?;
        let ev =
            AuditEvent::new("org.update", "org_unit", id).details(json!({ "fields": ["name"] }));
        self.commit_audited(tx, &actor.audit(), ev).await
    }

    /// Moves a unit under a new parent of the level above it; both ends must
    /// be in the actor's capture scope.
    pub async fn org_move(&self, actor: &Actor, id: i64, new_parent_id: i64) -> ServiceResult<()> {
        let unit = org::get(&self.db, id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        actor.authorize(Permission::OrgManage, Some(&unit.path))?;
        let parent = org::get(&self.db, new_parent_id)
            .await
            .map_err(|_| ServiceError::invalid("parent", "org.parent_unknown"))?;
        actor
            .authorize(Permission::OrgManage, Some(&parent.path))
            .map_err(|_| ServiceError::invalid("parent", "org.parent_unknown"))?;
        if unit.parent_id.is_none() || Some(unit.level) != parent.level.child() {
            return Err(ServiceError::invalid("parent", "org.parent_level"));
        }
        if path_within(&parent.path, &unit.path) {
            return Err(ServiceError::invalid("parent", "org.move_into_self"));
        }
        if !parent.active {
            return Err(ServiceError::invalid("parent", "org.parent_inactive"));
        }
        let mut tx = self.db.begin().await?;
        org::move_under(&mut tx, &unit, &parent, self.now_ms()).await?;
        let moved = format!("{}{}/", parent.path, unit.id);
        crate::persons::follow_county(&mut tx, &moved).await?;
        // The indicator sums are kept at every unit above a record's.
        crate::indicators::recount(&mut tx).await?;
        let ev = AuditEvent::new("org.move", "org_unit", id)
            .details(json!({ "fields": ["parent_id", "path"] }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        self.links.names.forget_paths();
        Ok(())
    }

    /// Deactivates (or reactivates) a unit and its subtree. Records stay;
    /// a unit with enabled accounts below it cannot be deactivated.
    pub async fn org_set_active(&self, actor: &Actor, id: i64, active: bool) -> ServiceResult<u64> {
        let unit = org::get(&self.db, id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        actor.authorize(Permission::OrgManage, Some(&unit.path))?;
        if unit.parent_id.is_none() && !active {
            return Err(ServiceError::invalid("id", "org.root_cannot_deactivate"));
        }
        let mut tx = self.db.begin().await?;
        if !active && org::enabled_users_below(&mut tx, &unit).await? > 0 {
            return Err(ServiceError::invalid("id", "org.has_users"));
        }
        let n = org::set_active(&mut tx, &unit, active, self.now_ms()).await?;
        let event = if active {
            "org.activate"
        } else {
            "org.deactivate"
        };
        let ev = AuditEvent::new(event, "org_unit", id).details(json!({ "units": n }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(n)
    }

    /// Imports a division list (CSV: code, name, level, parent code). With
    /// `apply == false` nothing is written (dry run); otherwise every row is
    /// written in one transaction, or none when any row has an error.
    pub async fn org_import(
        &self,
        actor: &Actor,
        csv_text: &str,
        apply: bool,
    ) -> ServiceResult<ImportReport> {
        actor.authorize(Permission::OrgManage, None)?;
        let mut rows = parse_division_csv(csv_text)?;
        let mut tx = self.db.begin().await?;
        // Codes created earlier in the same file, with their level and path.
        let mut pending: std::collections::HashMap<String, OrgUnit> = Default::default();
        let now = self.now_ms();
        for row in rows.iter_mut() {
            if row.error.is_some() {
                continue;
            }
            let Some(level) = OrgLevel::from_code(&row.level) else {
                row.error = Some("org.level".into());
                continue;
            };
            let parent = match pending.get(&row.parent_code) {
                Some(p) => Some(p.clone()),
                None => org::by_code_tx(&mut tx, &row.parent_code).await?,
            };
            let Some(parent) = parent else {
                row.error = Some("org.parent_unknown".into());
                continue;
            };
            if parent.level.child() != Some(level) {
                row.error = Some("org.parent_level".into());
                continue;
            }
            if actor
                .authorize(Permission::OrgManage, Some(&parent.path))
                .is_err()
            {
                row.error = Some("org.parent_out_of_scope".into());
                continue;
            }
            if let Err(e) = validate_code(level, &row.code, Some(&parent.code)) {
                row.error = Some(e.code().into());
                continue;
            }
            if let Err(e) = check_name(&row.name) {
                row.error = Some(e.code());
                continue;
            }
            match org::by_code_tx(&mut tx, &row.code).await? {
                Some(existing) if existing.parent_id != Some(parent.id) => {
                    row.error = Some("org.code_taken".into());
                }
                Some(existing) if existing.name == row.name => {
                    row.action = Some(ImportAction::Unchanged)
                }
                Some(existing) => {
                    org::rename(&mut tx, existing.id, &row.name, now).await?;
                    row.action = Some(ImportAction::Rename {
                        from: existing.name,
                    });
                }
                None if pending.contains_key(&row.code) => {
                    row.error = Some("org.code_duplicate_in_file".into())
                }
                None => {
                    let unit =
                        org::insert(&mut tx, Some(&parent), level, &row.code, &row.name, now)
                            .await?;
                    pending.insert(row.code.clone(), unit);
                    row.action = Some(ImportAction::Create);
                }
            }
        }
        let mut report = ImportReport {
            rows,
            applied: false,
        };
        if !apply || report.errors() > 0 {
            // Dry run, or all-or-nothing: roll everything back.
            drop(tx);
            return Ok(report);
        }
        let ev = AuditEvent::new("org.import", "org_unit", "").details(json!({
            "rows": report.rows.len(),
            "created": report.count(|a| matches!(a, ImportAction::Create)),
            "renamed": report.count(|a| matches!(a, ImportAction::Rename { .. })),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        report.applied = true;
        Ok(report)
    }
}

/// Parses the division CSV. Headers may be English (code,name,level,parent_code)
/// or Chinese (代码,名称,层级,上级代码); levels may be given in either language.
fn parse_division_csv(text: &str) -> ServiceResult<Vec<ImportRow>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|_| ServiceError::invalid("file", "import.not_csv"))?
        .clone();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h));
    let (Some(c_code), Some(c_name), Some(c_level), Some(c_parent)) = (
        col(&["code", "代码", "区划代码"]),
        col(&["name", "名称"]),
        col(&["level", "层级", "级别"]),
        col(&["parent_code", "上级代码"]),
    ) else {
        return Err(ServiceError::invalid("file", "import.headers"));
    };
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        if i >= IMPORT_MAX_ROWS {
            return Err(ServiceError::invalid("file", "import.too_many_rows"));
        }
        let line = i + 2;
        let Ok(rec) = rec else {
            rows.push(ImportRow {
                line,
                code: String::new(),
                name: String::new(),
                level: String::new(),
                parent_code: String::new(),
                action: None,
                error: Some("import.bad_row".into()),
            });
            continue;
        };
        let get = |c: usize| rec.get(c).unwrap_or("").to_string();
        let level_raw = get(c_level);
        let level = OrgLevel::ALL
            .into_iter()
            .find(|l| {
                l.code() == level_raw
                    || l.level_name_zh() == level_raw
                    || l.level_name_en().eq_ignore_ascii_case(&level_raw)
            })
            .map(|l| l.code().to_string())
            .unwrap_or(level_raw);
        rows.push(ImportRow {
            line,
            code: get(c_code),
            name: get(c_name),
            level,
            parent_code: get(c_parent),
            action: None,
            error: None,
        });
    }
    Ok(rows)
}
