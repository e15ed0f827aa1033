//! Support plans (一人一策) and support records (四位一体). Goals arrive
//! here already encrypted by the service.

use time::Date;

use crate::db::{Db, Q, Tx};
use crate::error::StoreResult;

#[derive(Clone, Debug)]
pub struct PlanRow {
    pub id: String,
    pub poverty_relief: bool,
    pub updated_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Clone, Debug)]
pub struct GoalRow {
    pub kind: String,
    /// Comma-separated sub-kind codes.
    pub sub_kinds: String,
    pub goal_enc: Option<Vec<u8>>,
}

pub struct GoalWrite {
    pub kind: String,
    pub sub_kinds: String,
    pub goal_enc: Option<Vec<u8>>,
}

/// The person's plan, if any (the person is checked by the caller).
pub async fn plan_of(db: &Db, person_id: &str) -> StoreResult<Option<(PlanRow, Vec<GoalRow>)>> {
    let Some(r) = db
        .fetch_optional(
            Q::new("SELECT p.id, p.poverty_relief, p.created_at, p.updated_at, u.display_name FROM support_plans p LEFT JOIN users u ON u.id = p.updated_by WHERE p.person_id = $1")
                .bind(person_id),
        )
        .await?
    else {
        return Ok(None);
    };
    let plan = PlanRow {
        id: r.text("id")?,
        poverty_relief: r.bool("poverty_relief")?,
        updated_by: r.opt_text("display_name")?,
        created_at: r.i64("created_at")?,
        updated_at: r.i64("updated_at")?,
    };
    let goals = db
        .fetch_all(
            Q::new("SELECT kind, sub_kinds, goal_enc FROM support_plan_goals WHERE plan_id = $1")
                .bind(&plan.id),
        )
        .await?
        .iter()
        .map(|g| {
            Ok(GoalRow {
                kind: g.text("kind")?,
                sub_kinds: g.text("sub_kinds")?,
                goal_enc: g.opt_bytes("goal_enc")?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(Some((plan, goals)))
}

/// The id of the person's plan inside the transaction, if there is one.
pub async fn plan_id_of(tx: &mut Tx, person_id: &str) -> StoreResult<Option<String>> {
    tx.fetch_optional(Q::new("SELECT id FROM support_plans WHERE person_id = $1").bind(person_id))
        .await?
        .map(|r| r.text("id"))
        .transpose()
}

pub struct PlanWrite<'a> {
    pub id: &'a str,
    pub person_id: &'a str,
    pub county_code: &'a str,
    pub org_unit_id: i64,
    pub poverty_relief: bool,
    pub updated_by: Option<i64>,
    /// True when the plan row does not exist yet.
    pub create: bool,
    pub goals: Vec<GoalWrite>,
}

/// Creates the plan or replaces its flag and goals.
pub async fn write_plan(tx: &mut Tx, p: PlanWrite<'_>, now: i64) -> StoreResult<()> {
    if p.create {
        tx.execute(
            Q::new("INSERT INTO support_plans (id, person_id, county_code, org_unit_id, poverty_relief, updated_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$7)")
                .bind(p.id)
                .bind(p.person_id)
                .bind(p.county_code)
                .bind(p.org_unit_id)
                .bind(p.poverty_relief)
                .bind(p.updated_by)
                .bind(now),
        )
        .await?;
    } else {
        tx.execute(
            Q::new("UPDATE support_plans SET poverty_relief = $1, updated_by = $2, updated_at = $3 WHERE id = $4")
                .bind(p.poverty_relief)
                .bind(p.updated_by)
                .bind(now)
                .bind(p.id),
        )
        .await?;
        tx.execute(Q::new("DELETE FROM support_plan_goals WHERE plan_id = $1").bind(p.id))
            .await?;
    }
    for g in p.goals {
        tx.execute(
            Q::new("INSERT INTO support_plan_goals (plan_id, kind, sub_kinds, goal_enc) VALUES ($1,$2,$3,$4)")
                .bind(p.id)
                .bind(g.kind)
                .bind(g.sub_kinds)
                .bind(g.goal_enc),
        )
        .await?;
    }
    Ok(())
}

#[derive(Clone, Debug)]
pub struct RecordRow {
    pub id: String,
    pub support_date: Date,
    pub kind: String,
    pub sub_kind: String,
    pub provider: String,
    pub outcome: String,
    pub recorded_by: Option<String>,
}

pub struct NewRecord {
    pub id: String,
    pub person_id: String,
    pub county_code: String,
    pub org_unit_id: i64,
    pub support_date: Date,
    pub kind: String,
    pub sub_kind: String,
    pub provider: String,
    pub outcome: String,
    pub recorded_by: Option<i64>,
}

pub async fn insert_record(tx: &mut Tx, r: NewRecord, now: i64) -> StoreResult<()> {
    tx.execute(
        Q::new("INSERT INTO support_records (id, person_id, county_code, org_unit_id, support_date, kind, sub_kind, provider, outcome, recorded_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)")
            .bind(r.id)
            .bind(r.person_id)
            .bind(r.county_code)
            .bind(r.org_unit_id)
            .bind(r.support_date)
            .bind(r.kind)
            .bind(r.sub_kind)
            .bind(r.provider)
            .bind(r.outcome)
            .bind(r.recorded_by)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// A person's support records, newest first (the person is checked by the
/// caller).
pub async fn records_of(db: &Db, person_id: &str) -> StoreResult<Vec<RecordRow>> {
    let rows = db
        .fetch_all(
            Q::new("SELECT s.id, s.support_date, s.kind, s.sub_kind, s.provider, s.outcome, u.display_name FROM support_records s LEFT JOIN users u ON u.id = s.recorded_by WHERE s.person_id = $1 ORDER BY s.support_date DESC, s.created_at DESC")
                .bind(person_id),
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(RecordRow {
                id: r.text("id")?,
                support_date: r.date("support_date")?,
                kind: r.text("kind")?,
                sub_kind: r.text("sub_kind")?,
                provider: r.text("provider")?,
                outcome: r.text("outcome")?,
                recorded_by: r.opt_text("display_name")?,
            })
        })
        .collect()
}
