//! Import of measures from a spreadsheet. Each row names a person on the
//! register by ID number and one measure: its order, and optionally the
//! report-in, the agreement and — for a measure already over — its end.
//! Every row goes through the same checks and the same state machine as
//! ordering a measure and recording its events on the person's file, so an
//! import cannot record what the file would refuse. Only when no row has an
//! error is everything written, in one transaction with one audit entry; a
//! dry run writes nothing.
//!
//! JDF 39 warnings are not computed: they are for the officer deciding, and
//! an imported decision has already been made.

use std::collections::{BTreeMap, HashMap};

use jindu_domain::authz::Permission;
use jindu_domain::measures::EndCause;
use jindu_domain::{Event, Measure, MeasureKind};
use serde_json::json;
use time::Date;

use super::import::{
    IMPORT_MAX_ROWS, ImportReport, PersonsById, RowErrors, from_aliases, parse_date, parse_yes_no,
};
use super::measures::MeasureOrder;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::measures;
use crate::persons::{self, PersonRow};

/// One row as read from the sheet.
#[derive(Clone, Debug, Default)]
pub struct MeasureImportRow {
    /// The row number in the sheet, for the report.
    pub line: usize,
    pub id_number: String,
    /// A code, or the Chinese or English name.
    pub kind: String,
    pub decided_on: String,
    /// When the person received the decision (community kinds: the 15 days
    /// to report in run from it, JDTL 14).
    pub served_on: String,
    /// Community rehabilitation: months, at most 36 (JDF 48).
    pub term_months: String,
    /// Compulsory isolation decided after a refused rehabilitation (JDTL
    /// 38): yes or no.
    pub after_rehab_refusal: String,
    pub reported_in_on: String,
    pub agreement_on: String,
    /// A measure already over: the day and why (期满解除, 提前解除, or a
    /// cause of 终止).
    pub ended_on: String,
    pub end_reason: String,
    /// Errors found while reading the row (a formula …).
    pub read_errors: Vec<(String, String)>,
}

/// How a measure already over ended, as the state machine records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// Term served (JDTL 23; JDF 47).
    Complete,
    /// Compulsory isolation released early (JDF 47).
    EarlyRelease,
    /// Ended before the term (JDTL 24 and others).
    Terminate(EndCause),
}

impl Ending {
    fn event(self, on: Date) -> Event {
        match self {
            Ending::Complete => Event::Complete { on },
            Ending::EarlyRelease => Event::EarlyRelease { on },
            Ending::Terminate(cause) => Event::Terminate { on, cause },
        }
    }
}

/// What the office writes for each ending: the code, the labels of the
/// file's screens, and the wording of the law where it differs.
const ENDINGS: &[(Ending, &[&str])] = &[
    (
        Ending::Complete,
        &["complete", "completed", "期满解除", "期满", "Completed"],
    ),
    (
        Ending::EarlyRelease,
        &[
            "early_release",
            "提前解除",
            "Early release",
            "Released early",
        ],
    ),
    (
        Ending::Terminate(EndCause::Imprisonment),
        &["imprisonment", "判处监禁刑", "收监执行刑罚", "Imprisonment"],
    ),
    (
        Ending::Terminate(EndCause::CompulsoryEducation),
        &[
            "compulsory_education",
            "收容教养",
            "强制性教育措施",
            "Compulsory education",
        ],
    ),
    (
        Ending::Terminate(EndCause::CompulsoryIsolationDecided),
        &[
            "compulsory_isolation_decided",
            "决定强制隔离戒毒",
            "Compulsory isolation decided",
        ],
    ),
    (
        Ending::Terminate(EndCause::Death),
        &["death", "死亡", "Death"],
    ),
    (
        Ending::Terminate(EndCause::Other),
        &["other", "其他", "Other"],
    ),
];

/// Short names in common use besides the law's full ones.
const SHORT_KIND_NAMES: &[(MeasureKind, &[&str])] = &[(
    MeasureKind::MaintenanceTherapy,
    &["维持治疗", "美沙酮维持治疗"],
)];

/// The kind's code for a code or a name; anything else as typed (and
/// refused by the order's check).
fn kind_code(text: &str) -> String {
    let t = text.trim();
    MeasureKind::ALL
        .into_iter()
        .find(|k| k.code() == t || k.name_zh() == t || k.name_en().eq_ignore_ascii_case(t))
        .or_else(|| from_aliases(SHORT_KIND_NAMES, t))
        .map_or_else(|| t.to_string(), |k| k.code().to_string())
}

/// The days a measure ran: from its decision to its close. One measure
/// runs at a time (as ordering one enforces), so two of a person may not
/// overlap — except on the day one ends and the next is decided, as when
/// compulsory isolation is decided during community detox (JDF 38).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    from: Date,
    until: Option<Date>,
}

impl Span {
    fn of(m: &Measure) -> Span {
        Span {
            from: m.decided_on(),
            until: m.closed_on(),
        }
    }

    fn is_open(self) -> bool {
        self.until.is_none()
    }

    /// The first day after the measure; a measure ended on its first day
    /// still takes that day.
    fn end(self) -> Date {
        match self.until {
            None => Date::MAX,
            Some(u) if u > self.from => u,
            Some(_) => self.from.next_day().unwrap_or(Date::MAX),
        }
    }

    fn overlaps(self, other: Span) -> bool {
        self.from < other.end() && other.from < self.end()
    }

    /// Which of a person's measures is the current one: the open one, else
    /// the latest decided.
    fn recency(self) -> (bool, Date) {
        (self.is_open(), self.from)
    }
}

/// The measure of a row: its order, the measure as ordered, and each
/// event with the measure after it.
struct Built {
    order: MeasureOrder,
    ordered: Measure,
    steps: Vec<(Event, Measure)>,
}

impl Built {
    fn last(&self) -> &Measure {
        self.steps.last().map_or(&self.ordered, |(_, m)| m)
    }
}

/// A valid row, ready to write.
struct Planned {
    person: PersonRow,
    measure: Built,
}

fn date_cell(e: &mut RowErrors, line: usize, field: &str, text: &str) -> Option<Date> {
    parse_date(text).unwrap_or_else(|()| {
        e.push(line, field, "date.invalid");
        None
    })
}

impl Ctx {
    pub async fn measure_import(
        &self,
        actor: &Actor,
        rows: Vec<MeasureImportRow>,
        apply: bool,
    ) -> ServiceResult<ImportReport> {
        actor.authorize(Permission::PersonCreate, None)?;
        if rows.len() > IMPORT_MAX_ROWS {
            return Err(ServiceError::invalid("file", "import.too_many_rows"));
        }
        let mut e = RowErrors::default();
        let mut persons = PersonsById::default();
        // The measures already on the register, and those of the valid rows
        // so far, per person.
        let mut register: HashMap<String, Vec<Span>> = HashMap::new();
        let mut in_file: HashMap<String, Vec<Span>> = HashMap::new();
        let mut planned = Vec::new();
        for row in &rows {
            let line = row.line;
            for (f, c) in &row.read_errors {
                e.push(line, f, c);
            }
            let person = match persons.find(self, actor, &row.id_number).await? {
                Ok(p) => Some(p),
                Err(code) => {
                    e.push(line, "id_number", code);
                    None
                }
            };
            let Some(built) = self.measure_of_row(&mut e, row)? else {
                continue;
            };
            let Some(person) = person else { continue };
            if e.has(line) {
                continue;
            }
            let span = Span::of(built.last());
            if !register.contains_key(&person.id) {
                let mut spans = Vec::new();
                for m in measures::of_person(&self.db, &person.id).await? {
                    spans.push(Span::of(&self.restore(&m)?));
                }
                register.insert(person.id.clone(), spans);
            }
            let before = register.get(&person.id).map_or(&[][..], Vec::as_slice);
            let earlier = in_file.get(&person.id).map_or(&[][..], Vec::as_slice);
            if span.is_open() && before.iter().any(|s| s.is_open()) {
                e.push(line, "id_number", "measure.already_open");
            } else if span.is_open() && earlier.iter().any(|s| s.is_open()) {
                e.push(line, "id_number", "import.open_measure_in_file");
            } else if before.iter().any(|s| s.overlaps(span)) {
                e.push(line, "decided_on", "measure.overlap");
            } else if earlier.iter().any(|s| s.overlaps(span)) {
                e.push(line, "decided_on", "import.measure_overlap_in_file");
            } else {
                in_file.entry(person.id.clone()).or_default().push(span);
                planned.push(Planned {
                    person,
                    measure: built,
                });
            }
        }
        let mut report = ImportReport::checked(rows.len(), e.0);
        if !apply || !report.errors.is_empty() {
            return Ok(report);
        }
        let mut tx = self.db.begin().await?;
        let mut events = 0;
        for p in &planned {
            // Checked again inside the write: one measure runs at a time.
            let m = &p.measure;
            if m.last().closed_on().is_none()
                && measures::open_of_person(&mut tx, &p.person.id)
                    .await?
                    .is_some()
            {
                return Err(ServiceError::conflict("measure.already_open"));
            }
            let id = persons::uuid_v4(random_bytes::<16>());
            self.measure_insert(&mut tx, actor, &p.person, &id, &m.order, &m.ordered)
                .await?;
            for (event, next) in &m.steps {
                self.measure_append(&mut tx, actor, &id, event, next)
                    .await?;
                events += 1;
            }
        }
        // The person's status follows their current measure, as when it is
        // ordered or changed on the file; an imported measure older than
        // the one on the register leaves the status as it is.
        let mut current: BTreeMap<&str, &Measure> = BTreeMap::new();
        for p in &planned {
            let m = p.measure.last();
            let c = current.entry(&p.person.id).or_insert(m);
            if Span::of(m).recency() >= Span::of(c).recency() {
                *c = m;
            }
        }
        for (pid, m) in &current {
            let newest_before = register
                .get(*pid)
                .and_then(|spans| spans.iter().map(|s| s.recency()).max());
            if newest_before.is_none_or(|n| Span::of(m).recency() >= n) {
                self.set_status_of_measure(&mut tx, pid, m).await?;
            }
            self.refresh_abstinence(&mut tx, pid).await?;
        }
        let ev = AuditEvent::new("measure.import", "measure", "").details(json!({
            "rows": report.rows, "persons": current.len(), "events": events
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        report.applied = true;
        Ok(report)
    }

    /// The measure a row describes, built through the order's checks and
    /// the state machine; `None` when the row is refused (errors recorded).
    fn measure_of_row(
        &self,
        e: &mut RowErrors,
        row: &MeasureImportRow,
    ) -> ServiceResult<Option<Built>> {
        let line = row.line;
        let decided_on = date_cell(e, line, "decided_on", &row.decided_on);
        let served_on = date_cell(e, line, "served_on", &row.served_on);
        let reported_in_on = date_cell(e, line, "reported_in_on", &row.reported_in_on);
        let agreement_on = date_cell(e, line, "agreement_on", &row.agreement_on);
        let ended_on = date_cell(e, line, "ended_on", &row.ended_on);
        let term = row.term_months.trim();
        let term_months = if term.is_empty() {
            None
        } else {
            term.parse::<u32>()
                .map_err(|_| e.push(line, "term_months", "import.number"))
                .ok()
        };
        let after_rehab_refusal = parse_yes_no(&row.after_rehab_refusal)
            .map_err(|()| e.push(line, "after_rehab_refusal", "import.yes_no"))
            .unwrap_or(false);
        let reason = row.end_reason.trim();
        let ending = if reason.is_empty() {
            None
        } else {
            let found = from_aliases(ENDINGS, reason);
            if found.is_none() {
                e.push(line, "end_reason", "field.invalid_code");
            }
            found
        };
        // An end needs both its day and its reason.
        if !row.ended_on.trim().is_empty() && reason.is_empty() {
            e.push(line, "end_reason", "field.required");
        }
        if row.ended_on.trim().is_empty() && !reason.is_empty() {
            e.push(line, "ended_on", "field.required");
        }
        if row.kind.trim().is_empty() {
            e.push(line, "kind", "field.required");
        }
        let order = MeasureOrder {
            kind: kind_code(&row.kind),
            decided_on,
            served_on,
            term_months,
            after_rehab_refusal,
        };
        let mut measure = match self.measure_from_order(&order) {
            Ok((_, m)) => m,
            Err(err) => {
                e.push_refusal(line, err, None)?;
                return Ok(None);
            }
        };
        let ordered = measure.clone();
        let mut events = Vec::new();
        if let Some(on) = reported_in_on {
            // A late report-in records the deemed refusal too (JDTL 14), as
            // on the file.
            let report_in = Event::ReportIn {
                on,
                late_reason: None,
            };
            events.push(("reported_in_on", report_in));
        }
        if let Some(on) = agreement_on {
            events.push(("agreement_on", Event::SignAgreement { on }));
        }
        if let (Some(on), Some(ending)) = (ended_on, ending) {
            events.push(("ended_on", ending.event(on)));
        }
        let mut steps = Vec::new();
        for (field, event) in events {
            match self.measure_after(&measure, &event) {
                Ok(next) => {
                    measure = next.clone();
                    steps.push((event, next));
                }
                Err(err) => {
                    e.push_refusal(line, err, Some(field))?;
                    return Ok(None);
                }
            }
        }
        Ok(Some(Built {
            order,
            ordered,
            steps,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn kinds_and_endings_as_typed() {
        assert_eq!(kind_code("社区戒毒"), "community_detox");
        assert_eq!(kind_code("Community rehabilitation"), "community_rehab");
        assert_eq!(kind_code("compulsory_isolation"), "compulsory_isolation");
        assert_eq!(kind_code("维持治疗"), "maintenance_therapy");
        assert_eq!(kind_code("劳动教养"), "劳动教养");
        assert_eq!(from_aliases(ENDINGS, "期满解除"), Some(Ending::Complete));
        assert_eq!(
            from_aliases(ENDINGS, "收监执行刑罚"),
            Some(Ending::Terminate(EndCause::Imprisonment))
        );
        assert_eq!(from_aliases(ENDINGS, "释放"), None);
    }

    #[test]
    fn measures_of_a_person_may_meet_but_not_overlap() {
        let span = |from, until| Span { from, until };
        let detox = span(date!(2020 - 01 - 01), Some(date!(2021 - 06 - 01)));
        // Isolation decided the day detox ended (JDF 38).
        let isolation = span(date!(2021 - 06 - 01), None);
        assert!(!detox.overlaps(isolation) && !isolation.overlaps(detox));
        assert!(detox.overlaps(span(date!(2021 - 05 - 31), None)));
        assert!(detox.overlaps(detox), "the same measure twice");
        let one_day = span(date!(2019 - 03 - 01), Some(date!(2019 - 03 - 01)));
        assert!(one_day.overlaps(one_day));
        assert!(!one_day.overlaps(detox));
        assert!(isolation.recency() > detox.recency());
    }
}
