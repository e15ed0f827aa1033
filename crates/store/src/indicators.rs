//! Indicator rollups: the members of each indicator and the sums per month
//! and unit, changed together in the writing transaction.

use crate::db::{Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};
use crate::scope::push_scope;

/// How one record counts: in which month, at which unit, in the numerator
/// or only in the denominator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub source_id: String,
    /// The person, for records of a person (not a case, seizure or lead).
    pub person_id: Option<String>,
    pub period: String,
    pub org_unit_id: i64,
    pub numerator: bool,
    /// What the record adds to the sums: 1, or a seizure's milligrams.
    pub weight: i64,
}

fn member_of(r: &Row) -> StoreResult<Member> {
    Ok(Member {
        source_id: r.text("source_id")?,
        person_id: r.opt_text("person_id")?,
        period: r.text("period")?,
        org_unit_id: r.i64("org_unit_id")?,
        numerator: r.bool("numerator")?,
        weight: r.i64("weight")?,
    })
}

pub async fn member(tx: &mut Tx, indicator: &str, record_id: &str) -> StoreResult<Option<Member>> {
    let r = tx
        .fetch_optional(
            Q::new("SELECT source_id, person_id, period, org_unit_id, numerator, weight FROM indicator_members WHERE indicator = $1 AND record_id = $2")
                .bind(indicator)
                .bind(record_id),
        )
        .await?;
    r.as_ref().map(member_of).transpose()
}

/// The units whose sums a record at `unit_id` counts in: the unit and
/// every ancestor, read from its materialised path ("/1/2/15/" → 1, 2, 15).
async fn counted_at(tx: &mut Tx, unit_id: i64) -> StoreResult<Vec<i64>> {
    let path = tx
        .fetch_one(Q::new("SELECT path FROM org_units WHERE id = $1").bind(unit_id))
        .await?
        .text("path")?;
    Ok(crate::org::path_ids(&path))
}

/// Adds a record's weight (or takes it away, `sign` -1) to the sums of its unit and
/// of every unit above, so a dashboard reads its own unit's row and its
/// children's, never the subtree.
async fn add(tx: &mut Tx, indicator: &str, m: &Member, sign: i64) -> StoreResult<()> {
    let mut q =
        Q::new("INSERT INTO indicator_counts (indicator, period, org_unit_id, num, den) VALUES ");
    for (i, unit) in counted_at(tx, m.org_unit_id).await?.into_iter().enumerate() {
        let first = q.push_arg(indicator);
        q.push_arg(m.period.as_str());
        q.push_arg(unit);
        q.push_arg(if m.numerator { sign * m.weight } else { 0 });
        q.push_arg(sign * m.weight);
        let sep = if i == 0 { "" } else { "," };
        q.push_sql(&format!(
            "{sep}(${first},${},${},${},${})",
            first + 1,
            first + 2,
            first + 3,
            first + 4
        ));
    }
    q.push_sql(
        " ON CONFLICT (indicator, period, org_unit_id) DO UPDATE SET num = indicator_counts.num + excluded.num, den = indicator_counts.den + excluded.den",
    );
    tx.execute(q).await?;
    Ok(())
}

/// Recomputes every sum from the members, at each member's unit and every
/// unit above (after a rebuild, and when a unit moves in the tree).
pub async fn recount(tx: &mut Tx) -> StoreResult<()> {
    tx.execute(Q::new("DELETE FROM indicator_counts")).await?;
    tx.execute(Q::new(
        "INSERT INTO indicator_counts (indicator, period, org_unit_id, num, den) \
         WITH RECURSIVE above (unit_id, ancestor_id) AS ( \
           SELECT id, id FROM org_units \
           UNION ALL \
           SELECT above.unit_id, o.parent_id FROM above JOIN org_units o ON o.id = above.ancestor_id WHERE o.parent_id IS NOT NULL) \
         SELECT m.indicator, m.period, above.ancestor_id, SUM(CASE WHEN m.numerator THEN m.weight ELSE 0 END), SUM(m.weight) \
         FROM indicator_members m JOIN above ON above.unit_id = m.org_unit_id \
         GROUP BY m.indicator, m.period, above.ancestor_id",
    ))
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
    if let Some(n) = new {
        add(tx, indicator, n, 1).await?;
    }
    write_member(tx, indicator, record_id, new).await
}

/// Writes (or, for `None`, removes) a member; its sums are the caller's.
async fn write_member(
    tx: &mut Tx,
    indicator: &str,
    record_id: &str,
    new: Option<&Member>,
) -> StoreResult<()> {
    match new {
        Some(n) => {
            tx.execute(
                Q::new(
                    "INSERT INTO indicator_members (indicator, record_id, source_id, person_id, period, org_unit_id, numerator, weight) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) \
                     ON CONFLICT (indicator, record_id) DO UPDATE SET source_id = excluded.source_id, person_id = excluded.person_id, period = excluded.period, org_unit_id = excluded.org_unit_id, numerator = excluded.numerator, weight = excluded.weight",
                )
                .bind(indicator)
                .bind(record_id)
                .bind(n.source_id.as_str())
                .bind(n.person_id.as_deref())
                .bind(n.period.as_str())
                .bind(n.org_unit_id)
                .bind(n.numerator)
                .bind(n.weight),
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

/// Members a rebuild writes per statement: 8 parameters each, so 200 to a
/// statement (SQLite binds many slowly; PostgreSQL pays a round trip per
/// statement).
const MEMBERS_PER_STATEMENT: usize = 25;

/// Writes many members without touching the sums (the rebuild's way), one
/// multi-row statement per 25. The keys are (indicator, record id), each
/// at most once.
pub async fn write_members(
    tx: &mut Tx,
    members: Vec<((String, String), Member)>,
) -> StoreResult<()> {
    for chunk in members.chunks(MEMBERS_PER_STATEMENT) {
        let mut q = Q::new(
            "INSERT INTO indicator_members (indicator, record_id, source_id, person_id, period, org_unit_id, numerator, weight) VALUES ",
        );
        for (row, ((indicator, record_id), m)) in chunk.iter().enumerate() {
            let first = q.push_arg(indicator.as_str());
            q.push_arg(record_id.as_str());
            q.push_arg(m.source_id.as_str());
            q.push_arg(m.person_id.as_deref());
            q.push_arg(m.period.as_str());
            q.push_arg(m.org_unit_id);
            q.push_arg(m.numerator);
            q.push_arg(m.weight);
            let params: Vec<String> = (first..first + 8).map(|n| format!("${n}")).collect();
            let sep = if row == 0 { "" } else { "," };
            q.push_sql(&format!("{sep}({})", params.join(",")));
        }
        q.push_sql(
            " ON CONFLICT (indicator, record_id) DO UPDATE SET source_id = excluded.source_id, person_id = excluded.person_id, period = excluded.period, org_unit_id = excluded.org_unit_id, numerator = excluded.numerator, weight = excluded.weight",
        );
        tx.execute(q).await?;
    }
    Ok(())
}

/// One month's sums of a unit's whole subtree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sum {
    pub indicator: String,
    pub period: String,
    pub org_unit_id: i64,
    pub num: i64,
    pub den: i64,
}

/// The sums of the months `from..=to` (YYYY-MM), and of the period `also`
/// (the stocks' "live"), of the given units (each with its subtree). Reads
/// one row per unit, indicator and month, aggregated into one text value
/// of lines: one row crosses the driver instead of thousands (the
/// dashboard's 17 cards read about two thousand; row by row the driver's
/// hop between threads for each cost more than the query, performance.md
/// B1).
pub async fn sums(
    db: &Db,
    units: &[i64],
    from: &str,
    to: &str,
    also: Option<&str>,
) -> StoreResult<Vec<Sum>> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Q::new(
        "SELECT string_agg(indicator || ' ' || period || ' ' || org_unit_id || ' ' || num || ' ' || den, '\n') AS v FROM (\
         SELECT indicator, period, org_unit_id, num, den FROM indicator_counts \
         WHERE ((period >= $1 AND period <= $2) OR period = $3) AND den <> 0 AND org_unit_id IN (",
    );
    let _ = q.push_arg(from);
    let _ = q.push_arg(to);
    // No month is named like this: without `also` the clause matches none.
    let _ = q.push_arg(also.unwrap_or("-"));
    let mut list = String::new();
    for (i, u) in units.iter().enumerate() {
        let n = q.push_arg(*u);
        list.push_str(&format!("{}${n}", if i == 0 { "" } else { "," }));
    }
    // The stocks' month-end values, for their past months.
    q.push_sql(&format!(
        "{list}) UNION ALL SELECT indicator, period, org_unit_id, num, den FROM indicator_snapshots \
         WHERE period >= $1 AND period <= $2 AND den <> 0 AND org_unit_id IN ({list})) s"
    ));
    let text = crate::batch::one_text(db, q).await?;
    text.lines().map(sum_of_line).collect()
}

/// One line of [`sums`]: `indicator period unit num den`.
fn sum_of_line(line: &str) -> StoreResult<Sum> {
    let [indicator, period, unit, num, den] = crate::batch::fields(line)?;
    let int = |f: &str| {
        f.parse::<i64>()
            .map_err(|_| StoreError::Config(format!("a sum read as {line:?}")))
    };
    Ok(Sum {
        indicator: indicator.to_string(),
        period: period.to_string(),
        org_unit_id: int(unit)?,
        num: int(num)?,
        den: int(den)?,
    })
}

/// A record behind a figure.
#[derive(Clone, Debug)]
pub struct MemberRow {
    pub record_id: String,
    pub period: String,
    pub numerator: bool,
    pub unit_name: String,
    /// The record it comes from (a measure, a case …).
    pub source_id: String,
    /// The person: the record itself, or the person of the measure or of
    /// the suspect; none for a case, a seizure or a lead.
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub weight: i64,
    /// The case number of a case, suspect or seizure; a lead's summary.
    pub label: Option<String>,
    /// The name on an outflow notice.
    pub outflow_name: Option<String>,
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
        "SELECT m.record_id, m.source_id, m.period, m.numerator, m.weight, o.name AS unit_name, p.id AS person_id, p.name AS person_name, \
         COALESCE(c.number, l.summary) AS label, n.name AS outflow_name \
         FROM indicator_members m JOIN org_units o ON o.id = m.org_unit_id LEFT JOIN persons p ON p.id = m.person_id \
         LEFT JOIN cases c ON c.id = m.source_id LEFT JOIN leads l ON l.id = m.record_id \
         LEFT JOIN outflow_notices n ON n.id = m.record_id \
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
                source_id: r.text("source_id")?,
                person_id: r.opt_text("person_id")?,
                person_name: r.opt_text("person_name")?,
                weight: r.i64("weight")?,
                label: r.opt_text("label")?,
                outflow_name: r.opt_text("outflow_name")?,
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

/// Copies the live sums of a stock indicator as the values of `period` (a
/// month just ended), unless that month has them already. Answers how
/// many units' values were kept.
pub async fn snapshot(tx: &mut Tx, indicator: &str, period: &str, now: i64) -> StoreResult<u64> {
    tx.execute(
        Q::new(
            "INSERT INTO indicator_snapshots (indicator, period, org_unit_id, num, den, taken_at) \
             SELECT indicator, $2, org_unit_id, num, den, $3 FROM indicator_counts \
             WHERE indicator = $1 AND period = $4 AND den <> 0 \
             ON CONFLICT (indicator, period, org_unit_id) DO NOTHING",
        )
        .bind(indicator)
        .bind(period)
        .bind(now)
        .bind(jindu_domain::indicators::LIVE),
    )
    .await
}

/// Whether the month-end values of `period` were taken.
pub async fn has_snapshot(db: &Db, period: &str) -> StoreResult<bool> {
    Ok(db
        .fetch_optional(
            Q::new("SELECT 1 AS one FROM indicator_snapshots WHERE period = $1 LIMIT 1")
                .bind(period),
        )
        .await?
        .is_some())
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
        Q::new("SELECT record_id, source_id, person_id, period, org_unit_id, numerator, weight FROM indicator_members WHERE indicator = $1 AND source_id = $2")
            .bind(indicator)
            .bind(source_id),
    )
    .await?
    .iter()
    .map(|r| Ok((r.text("record_id")?, member_of(r)?)))
    .collect()
}
