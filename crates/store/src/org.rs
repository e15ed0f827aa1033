//! Org units (行政区划/辖区): city > county > township > village/community > grid,
//! with a materialised path (`/1/12/140/`) so a subtree is one indexed range.

use jindu_domain::org::OrgLevel;
use serde::Serialize;

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct OrgUnit {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub level: OrgLevel,
    pub code: String,
    pub name: String,
    pub path: String,
    pub active: bool,
}

const COLS: &str = "id, parent_id, level, code, name, path, active";

impl OrgUnit {
    fn from_row(r: &Row) -> StoreResult<OrgUnit> {
        let level = r.text("level")?;
        Ok(OrgUnit {
            id: r.i64("id")?,
            parent_id: r.opt_i64("parent_id")?,
            level: OrgLevel::from_code(&level)
                .ok_or_else(|| StoreError::invalid("level", "org.level"))?,
            code: r.text("code")?,
            name: r.text("name")?,
            path: r.text("path")?,
            active: r.bool("active")?,
        })
    }

    /// Ids on the path from the root down to this unit.
    pub fn path_ids(&self) -> Vec<i64> {
        path_ids(&self.path)
    }
}

pub fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|s| s.parse().ok()).collect()
}

fn rows(rows: Vec<Row>) -> StoreResult<Vec<OrgUnit>> {
    rows.iter().map(OrgUnit::from_row).collect()
}

pub async fn get(db: &Db, id: i64) -> StoreResult<OrgUnit> {
    let r = db
        .fetch_optional(Q::new(format!("SELECT {COLS} FROM org_units WHERE id = $1")).bind(id))
        .await?
        .ok_or(StoreError::NotFound)?;
    OrgUnit::from_row(&r)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> StoreResult<OrgUnit> {
    let r = tx
        .fetch_optional(Q::new(format!("SELECT {COLS} FROM org_units WHERE id = $1")).bind(id))
        .await?
        .ok_or(StoreError::NotFound)?;
    OrgUnit::from_row(&r)
}

pub async fn by_code(db: &Db, code: &str) -> StoreResult<Option<OrgUnit>> {
    let r = db
        .fetch_optional(Q::new(format!("SELECT {COLS} FROM org_units WHERE code = $1")).bind(code))
        .await?;
    r.as_ref().map(OrgUnit::from_row).transpose()
}

pub async fn by_code_tx(tx: &mut Tx, code: &str) -> StoreResult<Option<OrgUnit>> {
    let r = tx
        .fetch_optional(Q::new(format!("SELECT {COLS} FROM org_units WHERE code = $1")).bind(code))
        .await?;
    r.as_ref().map(OrgUnit::from_row).transpose()
}

/// Units by id, in the order of `ids` (breadcrumbs).
pub async fn many(db: &Db, ids: &[i64]) -> StoreResult<Vec<OrgUnit>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Q::new(format!("SELECT {COLS} FROM org_units WHERE id IN ("));
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push_sql(",");
        }
        q.and("$?", *id);
    }
    q.push_sql(")");
    let found = rows(db.fetch_all(q).await?)?;
    Ok(ids
        .iter()
        .filter_map(|id| found.iter().find(|u| u.id == *id).cloned())
        .collect())
}

/// Children of a unit (or the roots), with how many children each has.
pub async fn children(db: &Db, parent: Option<i64>) -> StoreResult<Vec<(OrgUnit, i64)>> {
    let mut q = Q::new(format!(
        "SELECT {COLS}, (SELECT COUNT(*) FROM org_units c WHERE c.parent_id = o.id) AS n FROM org_units o WHERE "
    ));
    match parent {
        Some(p) => q.and("parent_id = $?", p),
        None => q.push_sql("parent_id IS NULL"),
    }
    q.push_sql(" ORDER BY code");
    let rs = db.fetch_all(q).await?;
    rs.iter()
        .map(|r| Ok((OrgUnit::from_row(r)?, r.i64("n")?)))
        .collect()
}

/// Units inside the scope whose name or code matches, for pickers.
pub async fn search(
    db: &Db,
    scope: &[String],
    text: &str,
    level: Option<OrgLevel>,
    limit: i64,
) -> StoreResult<Vec<OrgUnit>> {
    let mut q = Q::new(format!("SELECT {COLS} FROM org_units WHERE active = $1"));
    let _ = q.push_arg(true);
    push_scope(&mut q, "path", scope);
    if !text.is_empty() {
        let like = format!("%{}%", text.replace(['%', '_'], ""));
        q.and(" AND (name LIKE $?", like.clone());
        q.and(" OR code LIKE $?)", like);
    }
    if let Some(l) = level {
        q.and(" AND level = $?", l.code());
    }
    q.and(" ORDER BY code LIMIT $?", limit);
    rows(db.fetch_all(q).await?)
}

/// Every unit's materialised path, by id (a few thousand rows). A path
/// ends in its unit's id (`/1/10/186/`), so the path alone is read,
/// unordered: a map needs no order, and the aggregate's sort or the id's
/// conversion to text would cost as much as the read (performance.md B8).
pub async fn all_paths(db: &Db) -> StoreResult<std::collections::HashMap<i64, String>> {
    let text = crate::batch::text(db, "path", "org_units").await?;
    text.lines()
        .map(|path| {
            path.trim_end_matches('/')
                .rsplit('/')
                .next()
                .and_then(|id| id.parse().ok())
                .map(|id| (id, path.to_string()))
                .ok_or_else(|| StoreError::Config(format!("a unit's path read as {path:?}")))
        })
        .collect()
}

pub async fn count(db: &Db) -> StoreResult<i64> {
    db.scalar_i64(Q::new("SELECT COUNT(*) FROM org_units"))
        .await
}

/// Inserts a unit under `parent` and returns it. The path is built from the
/// new id, so it is written in a second statement of the same transaction.
pub async fn insert(
    tx: &mut Tx,
    parent: Option<&OrgUnit>,
    level: OrgLevel,
    code: &str,
    name: &str,
    now: i64,
) -> StoreResult<OrgUnit> {
    let placeholder = format!("/pending/{code}/");
    let id = tx
        .scalar_i64(
            Q::new("INSERT INTO org_units (parent_id, level, code, name, path, active, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$7) RETURNING id")
                .bind(parent.map(|p| p.id))
                .bind(level.code())
                .bind(code)
                .bind(name)
                .bind(placeholder)
                .bind(true)
                .bind(now),
        )
        .await
        .map_err(|e| {
            if e.is_unique_violation() {
                StoreError::Conflict("org.code_taken".into())
            } else {
                e
            }
        })?;
    let path = format!("{}{id}/", parent.map(|p| p.path.as_str()).unwrap_or("/"));
    tx.execute(
        Q::new("UPDATE org_units SET path = $1 WHERE id = $2")
            .bind(path.clone())
            .bind(id),
    )
    .await?;
    Ok(OrgUnit {
        id,
        parent_id: parent.map(|p| p.id),
        level,
        code: code.to_string(),
        name: name.to_string(),
        path,
        active: true,
    })
}

pub async fn rename(tx: &mut Tx, id: i64, name: &str, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("UPDATE org_units SET name = $1, updated_at = $2 WHERE id = $3")
            .bind(name)
            .bind(now)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// Moves `unit` (and its subtree) under `new_parent`: every path in the
/// subtree gets the new prefix in one statement. The start is cast because
/// PostgreSQL has `substr(text, integer)` only, not `substr(text, bigint)`.
pub async fn move_under(
    tx: &mut Tx,
    unit: &OrgUnit,
    new_parent: &OrgUnit,
    now: i64,
) -> StoreResult<()> {
    let new_path = format!("{}{}/", new_parent.path, unit.id);
    let (lo, hi) = jindu_domain::authz::path_range(&unit.path);
    let old_len = unit.path.len() as i64;
    tx.execute(
        Q::new("UPDATE org_units SET path = $1 || substr(path, CAST($2 AS INTEGER)), updated_at = $3 WHERE path >= $4 AND path < $5")
            .bind(new_path)
            .bind(old_len + 1)
            .bind(now)
            .bind(lo)
            .bind(hi),
    )
    .await?;
    tx.execute(
        Q::new("UPDATE org_units SET parent_id = $1 WHERE id = $2")
            .bind(new_parent.id)
            .bind(unit.id),
    )
    .await?;
    Ok(())
}

/// Sets `active` on a unit and its whole subtree; returns how many changed.
pub async fn set_active(tx: &mut Tx, unit: &OrgUnit, active: bool, now: i64) -> StoreResult<u64> {
    let (lo, hi) = jindu_domain::authz::path_range(&unit.path);
    tx.execute(
        Q::new("UPDATE org_units SET active = $1, updated_at = $2 WHERE path >= $3 AND path < $4")
            .bind(active)
            .bind(now)
            .bind(lo)
            .bind(hi),
    )
    .await
}

/// Enabled user accounts whose unit lies in the subtree (a unit cannot be
/// deactivated while people still work in it).
pub async fn enabled_users_below(tx: &mut Tx, unit: &OrgUnit) -> StoreResult<i64> {
    let (lo, hi) = jindu_domain::authz::path_range(&unit.path);
    tx.scalar_i64(
        Q::new("SELECT COUNT(*) FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.disabled = $1 AND o.path >= $2 AND o.path < $3")
            .bind(false)
            .bind(lo)
            .bind(hi),
    )
    .await
}
