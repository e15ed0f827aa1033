//! Leads (线索), scoped by the unit that holds them. The narrative is
//! stored encrypted; lists show the summary only.

use time::Date;

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

#[derive(Clone, Debug)]
pub struct LeadRow {
    pub id: String,
    pub org_unit_id: i64,
    pub org_unit_name: String,
    pub source: String,
    pub reliability: String,
    pub summary: String,
    pub content_enc: Vec<u8>,
    pub state: String,
    pub received_date: Date,
    pub due_date: Date,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub case_id: Option<String>,
    pub dismiss_reason: Option<String>,
    pub cooperation: String,
    pub partner: String,
}

pub struct NewLead {
    pub id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub source: String,
    pub reliability: String,
    pub summary: String,
    pub content_enc: Vec<u8>,
    pub received_date: Date,
    pub due_date: Date,
    pub assignee_id: Option<i64>,
    pub cooperation: String,
    pub partner: String,
    pub created_by: Option<i64>,
}

const SELECT: &str = "SELECT l.id, l.org_unit_id, o.name AS org_unit_name, l.source, l.reliability, l.summary, l.content_enc, \
l.state, l.received_date, l.due_date, l.assignee_id, u.display_name AS assignee_name, l.case_id, l.dismiss_reason, \
l.cooperation, l.partner FROM leads l JOIN org_units o ON o.id = l.org_unit_id LEFT JOIN users u ON u.id = l.assignee_id";

impl LeadRow {
    fn from_row(r: &Row) -> StoreResult<LeadRow> {
        Ok(LeadRow {
            id: r.text("id")?,
            org_unit_id: r.i64("org_unit_id")?,
            org_unit_name: r.text("org_unit_name")?,
            source: r.text("source")?,
            reliability: r.text("reliability")?,
            summary: r.text("summary")?,
            content_enc: r.bytes("content_enc")?,
            state: r.text("state")?,
            received_date: r.date("received_date")?,
            due_date: r.date("due_date")?,
            assignee_id: r.opt_i64("assignee_id")?,
            assignee_name: r.opt_text("assignee_name")?,
            case_id: r.opt_text("case_id")?,
            dismiss_reason: r.opt_text("dismiss_reason")?,
            cooperation: r.text("cooperation")?,
            partner: r.text("partner")?,
        })
    }
}

pub async fn insert(tx: &mut Tx, l: NewLead, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO leads (id, county_code, org_unit_id, source, reliability, summary, content_enc, state, received_date, due_date, assignee_id, cooperation, partner, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,'new',$8,$9,$10,$11,$12,$13,$14,$14)")
            .bind(l.id)
            .bind(l.county_code)
            .bind(l.org_unit_id)
            .bind(l.source)
            .bind(l.reliability)
            .bind(l.summary)
            .bind(l.content_enc)
            .bind(l.received_date)
            .bind(l.due_date)
            .bind(l.assignee_id)
            .bind(l.cooperation)
            .bind(l.partner)
            .bind(l.created_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// One lead inside the scope (otherwise NotFound).
pub async fn get(db: &Db, scope: &[String], id: &str) -> StoreResult<LeadRow> {
    let mut q = Q::new(format!("{SELECT} WHERE l.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    LeadRow::from_row(&db.fetch_optional(q).await?.ok_or(StoreError::NotFound)?)
}

/// As [`get`], inside a writing transaction.
pub async fn get_tx(tx: &mut Tx, scope: &[String], id: &str) -> StoreResult<LeadRow> {
    let mut q = Q::new(format!("{SELECT} WHERE l.id = $1"));
    let _ = q.push_arg(id);
    push_scope(&mut q, "o.path", scope);
    LeadRow::from_row(&tx.fetch_optional(q).await?.ok_or(StoreError::NotFound)?)
}

/// A page of leads in scope (open ones by deadline first), and the count.
pub async fn list(
    db: &Db,
    scope: &[String],
    state: Option<&str>,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<LeadRow>, i64)> {
    let filtered = |select: &str| {
        let mut q = Q::new(format!("{select} WHERE 1=1"));
        push_scope(&mut q, "o.path", scope);
        if let Some(s) = state {
            q.and(" AND l.state = $?", s);
        }
        q
    };
    let total = db
        .scalar_i64(filtered(
            "SELECT COUNT(*) FROM leads l JOIN org_units o ON o.id = l.org_unit_id",
        ))
        .await?;
    let mut q = filtered(SELECT);
    q.push_sql(" ORDER BY l.state IN ('case_filed', 'dismissed'), l.due_date, l.id");
    q.and(" LIMIT $?", limit);
    q.and(" OFFSET $?", offset);
    let rows = db.fetch_all(q).await?;
    let rows = rows
        .iter()
        .map(LeadRow::from_row)
        .collect::<StoreResult<_>>()?;
    Ok((rows, total))
}

/// Moves a lead to `state` unless it moved meanwhile (answers false).
pub async fn set_state(
    tx: &mut Tx,
    id: &str,
    (from, to): (&str, &str),
    case_id: Option<&str>,
    reason: Option<&str>,
    now: i64,
) -> StoreResult<bool> {
    let n = tx
        .execute(
            Q::new("UPDATE leads SET state = $1, case_id = COALESCE($2, case_id), dismiss_reason = COALESCE($3, dismiss_reason), updated_at = $4 WHERE id = $5 AND state = $6")
                .bind(to)
                .bind(case_id)
                .bind(reason)
                .bind(now)
                .bind(id)
                .bind(from),
        )
        .await?;
    Ok(n == 1)
}
