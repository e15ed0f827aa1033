//! The indicator engine: keeps each indicator's members and monthly sums in
//! step with every write that can change them (same transaction), rebuilds
//! them from the raw records on demand, and reads them for the leadership
//! dashboard and its drill-downs. Dashboards read the sums only, never the
//! raw history.

use std::collections::{BTreeMap, BTreeSet};

use jindu_domain::Measure;
use jindu_domain::addiction::AddictionLevel;
use jindu_domain::authz::{Permission, path_within};
use jindu_domain::drug_tests::{DrugTest, schedule_with, track};
use jindu_domain::indicators::{
    self, Definition, Figure, IndicatorCode, Membership, Month, OF_MEASURES, OF_PERSONS, OF_TRACES,
    Unit,
};
use jindu_domain::mask_name;
use serde::Serialize;
use serde_json::json;
use time::Date;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::db::Tx;
use crate::indicators::{self as rollup, Member, Sum};

/// Rows a drill-down lists at most.
const DRILL_LIMIT: i64 = 5_000;

fn member(m: Option<Membership>, source: &str, person: &str, org_unit_id: i64) -> Option<Member> {
    m.map(|m| Member {
        source_id: source.to_string(),
        person_id: Some(person.to_string()),
        period: m.month.to_string(),
        org_unit_id,
        numerator: m.numerator,
        weight: 1,
    })
}

/// The measures and persons a batch of test writes touched, so their
/// rollups are tracked once at the end, not once per test.
#[derive(Default)]
pub(super) struct TestsWritten {
    pub measures: BTreeSet<String>,
    pub positive_persons: BTreeSet<String>,
}

/// A figure of one unit.
#[derive(Clone, Debug, Serialize)]
pub struct UnitFigure {
    pub unit_id: i64,
    pub unit_name: String,
    pub figure: Figure,
}

/// One indicator on the dashboard.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    pub definition: Definition,
    /// The last month counted (last month for a card over complete months).
    pub last_month: String,
    /// From January to this month.
    pub year_to_date: Figure,
    /// The last 12 months, oldest first.
    pub months: Vec<(String, Figure)>,
    /// The units below the dashboard's, worst first for a target.
    pub by_unit: Vec<UnitFigure>,
    /// Where the year will end if the last 12 months' trend holds.
    pub forecast: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    pub unit_id: Option<i64>,
    pub unit_name: String,
    pub as_of: Date,
    pub cards: Vec<Card>,
}

/// A record behind a figure, masked.
#[derive(Clone, Debug, Serialize)]
pub struct DrillRow {
    /// The person, for records of a person.
    pub person_id: Option<String>,
    /// Masked; empty without a person.
    pub person_name: String,
    pub unit_name: String,
    pub period: String,
    pub numerator: bool,
    /// The measure's id for measure indicators.
    pub measure_id: Option<String>,
    /// The case of a case, suspect or seizure, and the lead of a lead:
    /// named to readers of strike data only.
    pub case_id: Option<String>,
    pub lead_id: Option<String>,
    /// The case's number or the lead's summary, with `case_id`/`lead_id`.
    pub label: String,
    /// A seizure's weight in the indicator's unit (g or kg).
    pub amount: Option<f64>,
}

/// Least-squares line through the points (x, y); the value at `at`.
fn project(points: &[(f64, f64)], at: f64) -> Option<f64> {
    let n = points.len() as f64;
    if points.len() < 3 {
        return None;
    }
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let sxx: f64 = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
    let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    Some(my + slope * (at - mx))
}

impl Ctx {
    /// Keeps a measure's memberships in step, and those of the due dates
    /// of its test schedule (call after every write of the measure or of
    /// its tests, in the same transaction; the measure's person and unit
    /// are read there, so a transfer's receipt moves them).
    pub(super) async fn track_measure(
        &self,
        tx: &mut Tx,
        measure_id: &str,
        m: &Measure,
    ) -> ServiceResult<()> {
        let (person, unit) = crate::measures::owner_tx(tx, measure_id).await?;
        // Positives matter only once the measure has closed (relapse).
        let positives = match m.closed_on() {
            Some(_) => crate::drug_tests::positive_dates_tx(tx, &person).await?,
            None => Vec::new(),
        };
        self.track_measure_of(tx, measure_id, (&person, unit), m, &positives)
            .await
    }

    /// `track_measure` with the measure's person and unit, and the
    /// person's positive tests, read by the caller.
    pub(super) async fn track_measure_of(
        &self,
        tx: &mut Tx,
        measure_id: &str,
        (person, unit): (&str, i64),
        m: &Measure,
        positives: &[Date],
    ) -> ServiceResult<()> {
        for code in OF_MEASURES {
            let new = member(
                indicators::of_measure(*code, m, &self.calendar),
                measure_id,
                person,
                unit,
            );
            self.keep(tx, code.code(), measure_id, None, new.as_ref())
                .await?;
        }
        self.track_relapse(tx, measure_id, (person, unit), m, positives)
            .await?;
        self.track_test_schedule(tx, measure_id, person, unit, m)
            .await
    }

    /// A released measure's place in the relapse rate, given the person's
    /// positive tests.
    async fn track_relapse(
        &self,
        tx: &mut Tx,
        measure_id: &str,
        (person, unit): (&str, i64),
        m: &Measure,
        positives: &[Date],
    ) -> ServiceResult<()> {
        let code = IndicatorCode::RelapseRate.code();
        let new = member(
            indicators::of_release(m, positives),
            measure_id,
            person,
            unit,
        );
        self.keep(tx, code, measure_id, None, new.as_ref()).await?;
        Ok(())
    }

    /// The due dates of a measure's test schedule (the version in force at
    /// report-in, to the end of the term or the day it closed), each done
    /// or not by the tests recorded under the measure.
    async fn track_test_schedule(
        &self,
        tx: &mut Tx,
        measure_id: &str,
        person: &str,
        unit: i64,
        m: &Measure,
    ) -> ServiceResult<()> {
        let code = IndicatorCode::TestCompletion.code();
        let mut new: BTreeMap<String, Member> = BTreeMap::new();
        if let (true, Some(start)) = (m.kind().is_community(), m.reported_in_on()) {
            let end = m.term_end(&self.calendar).map(|c| c.date).unwrap_or(start);
            let settings = match self.rebuilding.settings() {
                Some(s) => s,
                None => std::sync::Arc::new(self.people_settings().await?),
            };
            if let Some(setting) = settings.test_schedule_on(start) {
                let scheduled = schedule_with(&setting, start, end);
                let tests: Vec<DrugTest> = crate::drug_tests::of_measure_tx(tx, measure_id)
                    .await?
                    .iter()
                    .filter_map(super::drug_tests::domain_test)
                    .collect();
                let items = track(&scheduled, &tests, self.today());
                for (due, mb) in indicators::of_test_schedule(&items, m.closed_on()) {
                    if let Some(x) = member(Some(mb), measure_id, person, unit) {
                        new.insert(format!("{measure_id}:{due}"), x);
                    }
                }
            }
        }
        // A rebuild has cleared every member, so there is nothing to read.
        let old: BTreeMap<String, Member> = if self.rebuilding.is_on() {
            BTreeMap::new()
        } else {
            rollup::members_of_source(tx, code, measure_id)
                .await?
                .into_iter()
                .collect()
        };
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for k in keys {
            self.keep(tx, code, k, Some(old.get(k)), new.get(k)).await?;
        }
        Ok(())
    }

    /// Keeps a person's place in the stock indicators (the control rate,
    /// 应收尽收) in step with their status, unit and addiction determination
    /// now; call after every write that changes any of them.
    pub(super) async fn track_person_now(&self, tx: &mut Tx, person_id: &str) -> ServiceResult<()> {
        let (status, unit, level) = crate::persons::control_tx(tx, person_id).await?;
        self.track_control(tx, person_id, &status, unit, level.as_deref())
            .await
    }

    /// `track_person_now` with the person's status, unit and addiction
    /// level read by the caller.
    pub(super) async fn track_control(
        &self,
        tx: &mut Tx,
        person_id: &str,
        status: &str,
        unit: i64,
        level: Option<&str>,
    ) -> ServiceResult<()> {
        let status = jindu_domain::register::RegisterStatus::from_code(status);
        let level = level.and_then(AddictionLevel::from_code);
        for (code, counts) in [
            (
                IndicatorCode::ControlRate,
                status.and_then(indicators::of_status),
            ),
            (
                IndicatorCode::SevereUnderMeasure,
                status.and_then(|s| indicators::of_severity(level, s)),
            ),
        ] {
            let new = counts.map(|numerator| Member {
                source_id: person_id.to_string(),
                person_id: Some(person_id.to_string()),
                period: indicators::LIVE.to_string(),
                org_unit_id: unit,
                numerator,
                weight: 1,
            });
            self.keep(tx, code.code(), person_id, None, new.as_ref())
                .await?;
        }
        Ok(())
    }

    /// Sets a record's membership: with its sums at every unit above in
    /// daily use; during a rebuild, into its buffer, which writes members
    /// many to a statement and recounts the sums once at the end (about
    /// four round trips per member become a twenty-fifth of one).
    /// `old` is the membership before, when the caller has read it already.
    pub(super) async fn keep(
        &self,
        tx: &mut Tx,
        code: &str,
        record_id: &str,
        old: Option<Option<&Member>>,
        new: Option<&Member>,
    ) -> ServiceResult<()> {
        if self.rebuilding.is_on() {
            // After the rebuild's clear, only the buffer holds members.
            let full = self.rebuilding.put(code, record_id, new);
            if let Some(members) = full {
                rollup::write_members(tx, members).await?;
            }
            return Ok(());
        }
        let read;
        let old = match old {
            Some(o) => o,
            None => {
                read = rollup::member(tx, code, record_id).await?;
                read.as_ref()
            }
        };
        rollup::set_member(tx, code, record_id, old, new).await?;
        Ok(())
    }

    /// Keeps a 双逢双查 trace task's memberships (on-time completion, source
    /// identified) in step; call after it opens and after it closes.
    pub(super) async fn track_trace(&self, tx: &mut Tx, task_id: &str) -> ServiceResult<()> {
        match crate::trace_tasks::counting_tx(tx, task_id).await? {
            Some(t) => self.track_trace_of(tx, &t).await,
            None => Ok(()),
        }
    }

    /// `track_trace` with the task read by the caller.
    pub(super) async fn track_trace_of(
        &self,
        tx: &mut Tx,
        t: &crate::trace_tasks::Counting,
    ) -> ServiceResult<()> {
        for code in OF_TRACES {
            let new = member(
                indicators::of_trace(*code, t.due, t.closed, t.identified),
                &t.id,
                &t.person_id,
                t.org_unit_id,
            );
            self.keep(tx, code.code(), &t.id, None, new.as_ref())
                .await?;
        }
        Ok(())
    }

    /// After a positive test: the person's earlier releases it may make a
    /// relapse.
    pub(super) async fn track_releases_of(
        &self,
        tx: &mut Tx,
        person_id: &str,
    ) -> ServiceResult<()> {
        let positives = crate::drug_tests::positive_dates_tx(tx, person_id).await?;
        for row in crate::measures::of_person_in(tx, person_id).await? {
            if row.closed {
                let m = self.restore(&row)?;
                let (_, unit) = crate::measures::owner_tx(tx, &row.id).await?;
                self.track_relapse(tx, &row.id, (person_id, unit), &m, &positives)
                    .await?;
            }
        }
        Ok(())
    }

    /// After a batch of test writes: each measure's schedule once, and the
    /// releases of each person who tested positive.
    pub(super) async fn track_tests_written(
        &self,
        tx: &mut Tx,
        w: &TestsWritten,
    ) -> ServiceResult<()> {
        for m in &w.measures {
            self.track_tests_of(tx, m).await?;
        }
        for p in &w.positive_persons {
            self.track_releases_of(tx, p).await?;
        }
        Ok(())
    }

    /// After a test is recorded under a measure: its schedule's due dates
    /// (the measure's own memberships do not depend on its tests).
    pub(super) async fn track_tests_of(&self, tx: &mut Tx, measure_id: &str) -> ServiceResult<()> {
        let snapshot = crate::measures::snapshot_tx(tx, measure_id).await?;
        let m: Measure = serde_json::from_str(&snapshot)
            .map_err(|e| ServiceError::Internal(crate::StoreError::Config(e.to_string())))?;
        let (person, unit) = crate::measures::owner_tx(tx, measure_id).await?;
        self.track_test_schedule(tx, measure_id, &person, unit, &m)
            .await
    }

    /// Keeps a person's memberships in step (registration, import). A
    /// person counts for the unit that first registered them (首次登记责任制),
    /// which never changes, wherever they move later.
    pub(super) async fn track_person(
        &self,
        tx: &mut Tx,
        person_id: &str,
        first_reg_unit_id: i64,
        first_registered: Date,
        born: Date,
    ) -> ServiceResult<()> {
        for code in OF_PERSONS {
            let new = member(
                indicators::of_person(*code, first_registered, born),
                person_id,
                person_id,
                first_reg_unit_id,
            );
            self.keep(tx, code.code(), person_id, None, new.as_ref())
                .await?;
        }
        Ok(())
    }

    /// Takes last month's values of the stock indicators once it has ended
    /// (the maintenance loop asks every minute, so they are the values of
    /// the first minute of the new month); nothing when they were taken or
    /// there is nothing to keep. Audited as the system's
    /// `indicator.snapshot`.
    pub async fn indicators_snapshot_due(&self) -> ServiceResult<Option<u64>> {
        let period = Month::of(self.today()).minus(1).to_string();
        if rollup::has_snapshot(&self.db, &period).await? {
            return Ok(None);
        }
        let mut tx = self.db.begin().await?;
        let mut kept = 0;
        for code in IndicatorCode::ALL {
            if indicators::definition(*code).stock {
                kept += rollup::snapshot(&mut tx, code.code(), &period, self.now_ms()).await?;
            }
        }
        if kept == 0 {
            return Ok(None);
        }
        let system = crate::audit::AuditActor {
            username: "system".into(),
            role: "system".into(),
            ..Default::default()
        };
        let ev = AuditEvent::new("indicator.snapshot", "indicator", &period)
            .details(json!({ "units": kept }));
        self.commit_audited(tx, &system, ev).await?;
        Ok(Some(kept))
    }

    /// The units whose subtrees make up a scope: the last id of each path
    /// (paths are ids), or the roots for the whole tree ("/").
    async fn scope_units(&self, scope: &[String]) -> ServiceResult<Vec<i64>> {
        let mut ids = Vec::new();
        for p in scope {
            match crate::org::path_ids(p).last() {
                Some(id) => ids.push(*id),
                None => ids.extend(
                    crate::org::children(&self.db, None)
                        .await?
                        .into_iter()
                        .map(|(u, _)| u.id),
                ),
            }
        }
        Ok(ids)
    }

    /// The leadership dashboard of the actor's analysis scope, as of today:
    /// every indicator's year to date, 12 months, the units below and the
    /// year-end forecast. Reads the monthly sums only.
    pub async fn dashboard(&self, actor: &Actor) -> ServiceResult<Dashboard> {
        actor.authorize(Permission::DashboardRead, None)?;
        let today = self.today();
        let now = Month::of(today);
        // From the earliest month any card needs: 12 months back from
        // last month (cards over complete months), or January.
        let first = now.minus(12).min(Month {
            year: now.minus(1).year,
            month: 1,
        });
        let scope = actor.scope(Permission::DashboardRead);
        let roots = self.scope_units(scope).await?;
        // The units below, ranked: those inside the analysis scope.
        let mut children = crate::org::children(&self.db, actor.org_unit_id).await?;
        children.retain(|(u, _)| scope.iter().any(|p| path_within(&u.path, p)));
        let mut units = roots.clone();
        units.extend(children.iter().map(|(u, _)| u.id));
        // With the stock indicators' state now.
        let live = Some(indicators::LIVE);
        let sums =
            rollup::sums(&self.db, &units, &first.to_string(), &now.to_string(), live).await?;
        let unit_name = match actor.org_unit_id {
            Some(id) => crate::org::get(&self.db, id).await?.name,
            None => String::new(),
        };
        let cards = IndicatorCode::ALL
            .iter()
            .map(|code| {
                let def = indicators::definition(*code);
                let mine: Vec<&Sum> = sums.iter().filter(|s| s.indicator == code.code()).collect();
                // The scope's own figures: its units' rows (each a subtree).
                let own = |s: &Sum| roots.contains(&s.org_unit_id);
                let total = |keep: &dyn Fn(&Sum) -> bool| {
                    mine.iter()
                        .filter(|s| keep(s))
                        .fold((0, 0), |(n, d), s| (n + s.num, d + s.den))
                };
                // The last month the card covers; a stock covers "now" only.
                let end = if def.complete_months {
                    now.minus(1)
                } else {
                    now
                };
                let (jan, last) = if def.stock {
                    (indicators::LIVE.to_string(), indicators::LIVE.to_string())
                } else {
                    let jan = Month {
                        year: end.year,
                        month: 1,
                    };
                    (jan.to_string(), end.to_string())
                };
                let (n, d) = total(&|s| own(s) && s.period >= jan && s.period <= last);
                let year_to_date = def.figure(n, d);
                let months: Vec<(String, Figure)> = (0..12)
                    .rev()
                    .map(|k| {
                        let p = end.minus(k).to_string();
                        // A stock's month in progress is its state now;
                        // its past months are the month-end snapshots.
                        let read = if def.stock && k == 0 {
                            indicators::LIVE.to_string()
                        } else {
                            p.clone()
                        };
                        let (n, d) = total(&|s| own(s) && s.period == read);
                        (p, def.figure(n, d))
                    })
                    .collect();
                let mut by_unit: Vec<UnitFigure> = children
                    .iter()
                    .map(|(u, _)| {
                        let (n, d) = total(&|s| {
                            s.org_unit_id == u.id && s.period >= jan && s.period <= last
                        });
                        UnitFigure {
                            unit_id: u.id,
                            unit_name: u.name.clone(),
                            figure: def.figure(n, d),
                        }
                    })
                    .collect();
                // Worst first against the target; counts biggest first.
                by_unit.sort_by(|a, b| {
                    let key = |f: &Figure| f.value.unwrap_or(f64::NAN);
                    match (def.unit, def.target.map(|t| t.direction)) {
                        (Unit::Rate, Some(indicators::Direction::AtLeast)) => {
                            key(&a.figure).total_cmp(&key(&b.figure))
                        }
                        _ => key(&b.figure).total_cmp(&key(&a.figure)),
                    }
                });
                let forecast = if def.stock {
                    None
                } else {
                    forecast(&def, &months, &year_to_date, end)
                };
                Card {
                    last_month: if def.stock {
                        now.to_string()
                    } else {
                        last.clone()
                    },
                    definition: def,
                    year_to_date,
                    months,
                    by_unit,
                    forecast,
                }
            })
            .collect();
        Ok(Dashboard {
            unit_id: actor.org_unit_id,
            unit_name,
            as_of: today,
            cards,
        })
    }

    /// The records behind a figure: an indicator's members in `from..=to`
    /// under `unit` (default: the actor's analysis scope), masked. Audited
    /// like a search: it lists persons.
    pub async fn indicator_drill(
        &self,
        actor: &Actor,
        code: IndicatorCode,
        unit: Option<i64>,
        from: Month,
        to: Month,
    ) -> ServiceResult<Vec<DrillRow>> {
        actor.authorize(Permission::DashboardRead, None)?;
        let scope: Vec<String> = match unit {
            Some(id) => {
                let u = crate::org::get(&self.db, id)
                    .await
                    .map_err(|_| ServiceError::NotFound)?;
                actor.authorize(Permission::DashboardRead, Some(&u.path))?;
                vec![u.path]
            }
            None => actor.scope(Permission::DashboardRead).to_vec(),
        };
        // A stock's records are those counted now, whatever the months.
        let (from, to) = if indicators::definition(code).stock {
            (indicators::LIVE.to_string(), indicators::LIVE.to_string())
        } else {
            (from.to_string(), to.to_string())
        };
        let members =
            rollup::members(&self.db, code.code(), &scope, &from, &to, DRILL_LIMIT).await?;
        let by_measure = OF_MEASURES.contains(&code);
        // Cases, leads and notices are intelligence: named to their
        // readers only.
        let strike = super::strike_indicators::is_strike(code)
            && actor.authorize(Permission::CaseRead, None).is_ok();
        let def = indicators::definition(code);
        let (of_lead, of_outflow) = (
            code == IndicatorCode::LeadConversion,
            code == IndicatorCode::OutflowTraffickers,
        );
        let rows: Vec<DrillRow> = members
            .into_iter()
            .map(|m| {
                let label = match (strike, of_outflow) {
                    (false, _) => String::new(),
                    (true, true) => m.outflow_name.as_deref().map(mask_name).unwrap_or_default(),
                    (true, false) => m.label.unwrap_or_default(),
                };
                DrillRow {
                    person_name: m.person_name.as_deref().map(mask_name).unwrap_or_default(),
                    person_id: m.person_id,
                    unit_name: m.unit_name,
                    period: m.period,
                    numerator: m.numerator,
                    case_id: (strike && !of_lead && !of_outflow).then(|| m.source_id.clone()),
                    lead_id: (strike && of_lead).then(|| m.record_id.clone()),
                    label,
                    amount: matches!(def.unit, Unit::Grams | Unit::Kilograms)
                        .then(|| def.figure(m.weight, m.weight).value)
                        .flatten(),
                    measure_id: by_measure.then_some(m.record_id),
                }
            })
            .collect();
        let ev = AuditEvent::new("indicator.drill", "indicator", code.code()).details(json!({
            "unit": unit, "from": from, "to": to, "rows": rows.len(),
        }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(rows)
    }
}

/// Year-end value if the trend holds: for a rate, the line through the
/// last 12 monthly rates at December; for a count or a mass, the months
/// so far continued at their average pace.
fn forecast(
    def: &Definition,
    months: &[(String, Figure)],
    ytd: &Figure,
    now: Month,
) -> Option<f64> {
    match def.unit {
        Unit::Rate => {
            let points: Vec<(f64, f64)> = months
                .iter()
                .enumerate()
                .filter_map(|(i, (_, f))| f.value.map(|v| (i as f64, v)))
                .collect();
            let december = 11.0 + f64::from(12 - now.month);
            project(&points, december).map(|v| v.clamp(0.0, 1.0))
        }
        // An amount: the months so far continued at their pace.
        Unit::Count | Unit::Grams | Unit::Kilograms => {
            ytd.value.map(|v| v / f64::from(now.month) * 12.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::project;

    #[test]
    fn the_trend_line_goes_through_a_straight_series() {
        let pts = [(0.0, 0.5), (1.0, 0.6), (2.0, 0.7)];
        assert!((project(&pts, 5.0).unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(project(&pts[..2], 5.0), None, "too few points");
        let flat = [(0.0, 0.9), (1.0, 0.9), (2.0, 0.9), (3.0, 0.9)];
        assert!((project(&flat, 11.0).unwrap() - 0.9).abs() < 1e-9);
    }
}

/// One indicator in the monthly report: this month, the month before and
/// the year to date.
#[derive(Clone, Debug, Serialize)]
pub struct ReportLine {
    pub definition: Definition,
    pub this_month: Figure,
    pub last_month: Figure,
    pub year_to_date: Figure,
}

/// A unit's figures of the month, one per report line.
#[derive(Clone, Debug, Serialize)]
pub struct ReportUnit {
    pub unit_id: i64,
    pub unit_name: String,
    pub figures: Vec<Figure>,
}

/// The monthly report (月报) of a unit.
#[derive(Clone, Debug, Serialize)]
pub struct MonthlyReport {
    pub unit_id: i64,
    pub unit_name: String,
    pub month: Month,
    pub lines: Vec<ReportLine>,
    pub units: Vec<ReportUnit>,
}

impl Ctx {
    /// The monthly report of `unit` (default the actor's own) for `month`:
    /// every indicator this month, last month and year to date, and this
    /// month's figures of the units below. Read from the monthly sums.
    pub async fn monthly_report(
        &self,
        actor: &Actor,
        unit: Option<i64>,
        month: Month,
    ) -> ServiceResult<MonthlyReport> {
        actor.authorize(Permission::DashboardRead, None)?;
        let id = unit.or(actor.org_unit_id).ok_or(ServiceError::NotFound)?;
        let u = crate::org::get(&self.db, id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        actor.authorize(Permission::DashboardRead, Some(&u.path))?;
        let jan = Month {
            year: month.year,
            month: 1,
        };
        let last = month.minus(1);
        let from = jan.min(last);
        let children = crate::org::children(&self.db, Some(u.id)).await?;
        let mut units = vec![u.id];
        units.extend(children.iter().map(|(c, _)| c.id));
        // Stocks are known now only: shown for the current month.
        let live = (month == Month::of(self.today())).then_some(indicators::LIVE);
        let sums = rollup::sums(
            &self.db,
            &units,
            &from.to_string(),
            &month.to_string(),
            live,
        )
        .await?;
        let total = |code: IndicatorCode, keep: &dyn Fn(&Sum) -> bool| {
            sums.iter()
                .filter(|s| s.indicator == code.code() && keep(s))
                .fold((0, 0), |(n, d), s| (n + s.num, d + s.den))
        };
        let (this, prev, jan) = (month.to_string(), last.to_string(), jan.to_string());
        let lines = IndicatorCode::ALL
            .iter()
            .map(|code| {
                let def = indicators::definition(*code);
                let fig = |keep: &dyn Fn(&Sum) -> bool| {
                    let (n, d) = total(*code, &|s| s.org_unit_id == u.id && keep(s));
                    def.figure(n, d)
                };
                if def.stock {
                    let now = fig(&|s| s.period == indicators::LIVE);
                    return ReportLine {
                        definition: def,
                        this_month: now,
                        last_month: def.figure(0, 0),
                        year_to_date: now,
                    };
                }
                ReportLine {
                    definition: def,
                    this_month: fig(&|s| s.period == this),
                    last_month: fig(&|s| s.period == prev),
                    year_to_date: fig(&|s| s.period >= jan && s.period <= this),
                }
            })
            .collect();
        let units = children
            .iter()
            .map(|(c, _)| ReportUnit {
                unit_id: c.id,
                unit_name: c.name.clone(),
                figures: IndicatorCode::ALL
                    .iter()
                    .map(|code| {
                        let period = if indicators::definition(*code).stock {
                            indicators::LIVE
                        } else {
                            this.as_str()
                        };
                        let (n, d) = total(*code, &|s| s.period == period && s.org_unit_id == c.id);
                        indicators::definition(*code).figure(n, d)
                    })
                    .collect(),
            })
            .collect();
        Ok(MonthlyReport {
            unit_id: u.id,
            unit_name: u.name,
            month,
            lines,
            units,
        })
    }
}
