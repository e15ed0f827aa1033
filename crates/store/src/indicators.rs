//! Indicator rollups: the members of each indicator and the sums per month
//! and unit, changed together in the writing transaction.

use crate::db::{Db, Q, Row, Tx};
use crate::error::StoreResult;
use crate::scope::push_scope;

/// How one record counts: in which month, at which unit, in the numerator
/// or only in the denominator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub source_id: String,
    pub person_id: String,
    pub period: String,
    pub org_unit_id: i64,
    pub numerator: bool,
}

fn member_of(r: &Row) -> StoreResult<Member> {
    Ok(Member {
        source_id: r.text("source_id")?,
        person_id: r.text("person_id")?,
        period: r.text("period")?,
        org_unit_id: r.i64("org_unit_id")?,
        numerator: r.bool("numerator")?,
    })
}

pub async fn member(tx: &mut Tx, indicator: &str, record_id: &str) -> StoreResult<Option<Member>> {
    let r = tx
        .fetch_optional(
            Q::new("SELECT source_id, person_id, period, org_unit_id, numerator FROM indicator_members WHERE indicator = $1 AND record_id = $2")
                .bind(indicator)
                .bind(record_id),
        )
        .await?;
    r.as_ref().map(member_of).transpose()
}

async fn add(tx: &mut Tx, indicator: &str, m: &Member, sign: i64) -> StoreResult<()> {
    tx.execute(
        Q::new(
            "INSERT INTO indicator_counts (indicator, period, org_unit_id, num, den) VALUES ($1,$2,$3,$4,$5) \
             ON CONFLICT (indicator, period, org_unit_id) DO UPDATE SET num = indicator_counts.num + excluded.num, den = indicator_counts.den + excluded.den",
        )
        .bind(indicator)
        .bind(m.period.as_str())
        .bind(m.org_unit_id)
        .bind(if m.numerator { sign } else { 0 })
        .bind(sign),
    )
    .await?;
    Ok(())
}

/// Moves a record from `old` to `new` membership (either may be none),
/// keeping the sums in step. Nothing is written when they are equal.
pub async fn set_member(
    tx: &mut Tx,
    indicator: &str,
    record_id: &str,
    old: Option<&Member>,
    new: Option<&Member>,
) -> StoreResult<()> {
    if old == new {
        return Ok(());
    }
    if let Some(o) = old {
        add(tx, indicator, o, -1).await?;
    }
    match new {
        Some(n) => {
            add(tx, indicator, n, 1).await?;
            tx.execute(
                Q::new(
                    "INSERT INTO indicator_members (indicator, record_id, source_id, person_id, period, org_unit_id, numerator) VALUES ($1,$2,$3,$4,$5,$6,$7) \
                     ON CONFLICT (indicator, record_id) DO UPDATE SET source_id = excluded.source_id, person_id = excluded.person_id, period = excluded.period, org_unit_id = excluded.org_unit_id, numerator = excluded.numerator",
                )
                .bind(indicator)
                .bind(record_id)
                .bind(n.source_id.as_str())
                .bind(n.person_id.as_str())
                .bind(n.period.as_str())
                .bind(n.org_unit_id)
                .bind(n.numerator),
            )
            .await?;
        }
        None => {
            tx.execute(
                Q::new("DELETE FROM indicator_members WHERE indicator = $1 AND record_id = $2")
                    .bind(indicator)
                    .bind(record_id),
            )
            .await?;
        }
    }
    Ok(())
}

/// One month's sums at one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sum {
    pub indicator: String,
    pub period: String,
    pub org_path: String,
    pub num: i64,
    pub den: i64,
}

/// The sums of the months `from..=to` (YYYY-MM) at the units in the scope.
/// Reads the rollup only: one row per unit and month that has records.
pub async fn sums(db: &Db, scope: &[String], from: &str, to: &str) -> StoreResult<Vec<Sum>> {
    let mut q = Q::new(
        "SELECT c.indicator, c.period, o.path, c.num, c.den FROM indicator_counts c JOIN org_units o ON o.id = c.org_unit_id \
         WHERE c.period >= $1 AND c.period <= $2 AND c.den <> 0",
    );
    let _ = q.push_arg(from);
    let _ = q.push_arg(to);
    push_scope(&mut q, "o.path", scope);
    db.fetch_all(q)
        .await?
        .iter()
        .map(|r| {
            Ok(Sum {
                indicator: r.text("indicator")?,
                period: r.text("period")?,
                org_path: r.text("path")?,
                num: r.i64("num")?,
                den: r.i64("den")?,
            })
        })
        .collect()
}

/// A record behind a figure.
#[derive(Clone, Debug)]
pub struct MemberRow {
    pub record_id: String,
    pub period: String,
    pub numerator: bool,
    pub unit_name: String,
    /// The person: the record itself, or the person of the measure.
    pub person_id: String,
    pub person_name: String,
}

/// The members of an indicator in `from..=to` under the scope, at most
/// `limit`, for the drill-down.
pub async fn members(
    db: &Db,
    indicator: &str,
    scope: &[String],
    from: &str,
    to: &str,
    limit: i64,
) -> StoreResult<Vec<MemberRow>> {
    let mut q = Q::new(
        "SELECT m.record_id, m.period, m.numerator, o.name AS unit_name, p.id AS person_id, p.name AS person_name \
         FROM indicator_members m JOIN org_units o ON o.id = m.org_unit_id JOIN persons p ON p.id = m.person_id \
         WHERE m.indicator = $1 AND m.period >= $2 AND m.period <= $3",
    );
    let _ = q.push_arg(indicator);
    let _ = q.push_arg(from);
    let _ = q.push_arg(to);
    push_scope(&mut q, "o.path", scope);
    q.and(" ORDER BY m.period, m.record_id LIMIT $?", limit);
    db.fetch_all(q)
        .await?
        .iter()
        .map(|r| {
            Ok(MemberRow {
                record_id: r.text("record_id")?,
                period: r.text("period")?,
                numerator: r.bool("numerator")?,
                unit_name: r.text("unit_name")?,
                person_id: r.text("person_id")?,
                person_name: r.text("person_name")?,
            })
        })
        .collect()
}

/// Every stored sum, for comparing a rebuild with the kept rollup.
pub async fn all_counts(db: &Db) -> StoreResult<Vec<(String, String, i64, i64, i64)>> {
    db.fetch_all(Q::new(
        "SELECT indicator, period, org_unit_id, num, den FROM indicator_counts WHERE den <> 0 ORDER BY indicator, period, org_unit_id",
    ))
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.text("indicator")?,
            r.text("period")?,
            r.i64("org_unit_id")?,
            r.i64("num")?,
            r.i64("den")?,
        ))
    })
    .collect()
}

/// Empties the rollup before a rebuild.
pub async fn clear(tx: &mut Tx) -> StoreResult<()> {
    tx.execute(Q::new("DELETE FROM indicator_members")).await?;
    tx.execute(Q::new("DELETE FROM indicator_counts")).await?;
    Ok(())
}

/// The members of an indicator that come from one source record (the due
/// dates of one measure).
pub async fn members_of_source(
    tx: &mut Tx,
    indicator: &str,
    source_id: &str,
) -> StoreResult<Vec<(String, Member)>> {
    tx.fetch_all(
        Q::new("SELECT record_id, source_id, person_id, period, org_unit_id, numerator FROM indicator_members WHERE indicator = $1 AND source_id = $2")
            .bind(indicator)
            .bind(source_id),
    )
    .await?
    .iter()
    .map(|r| Ok((r.text("record_id")?, member_of(r)?)))
    .collect()
}
