//! What every spreadsheet import shares: the row limit, the report with its
//! per-row errors, reading cells as the office types them (codes or labels,
//! lists, dates, yes/no), and finding the person a row names by ID number.

use std::collections::HashMap;

use jindu_domain::IdNumber;
use jindu_domain::authz::Permission;
use jindu_domain::code_enum::Coded;
use serde::Serialize;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::StoreError;
use crate::persons::{self, PersonRow};

/// Rows beyond this are refused before any validation.
pub const IMPORT_MAX_ROWS: usize = 50_000;

/// One problem of one row: the sheet's line, the field and an i18n code.
#[derive(Clone, Debug, Serialize)]
pub struct RowError {
    pub line: usize,
    pub field: String,
    pub code: String,
}

/// The outcome of an import or its dry run. `applied` is true only when
/// every row was valid and all of them were written.
#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub valid: usize,
    pub errors: Vec<RowError>,
    pub applied: bool,
}

impl ImportReport {
    /// The report of `rows` rows with these errors, not (yet) applied.
    pub(super) fn checked(rows: usize, errors: Vec<RowError>) -> ImportReport {
        let mut lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        lines.sort_unstable();
        lines.dedup();
        ImportReport {
            rows,
            valid: rows - lines.len(),
            errors,
            applied: false,
        }
    }
}

/// Collects the errors of the rows of one sheet.
#[derive(Default)]
pub(super) struct RowErrors(pub Vec<RowError>);

impl RowErrors {
    /// Records a problem; only the first one of each field of a row, which
    /// says what to fix there. Rows are checked one after the other, so a
    /// row's errors are the last ones.
    pub fn push(&mut self, line: usize, field: &str, code: &str) {
        if self.of_last_row(line).any(|e| e.field == field) {
            return;
        }
        self.0.push(RowError {
            line,
            field: field.to_string(),
            code: code.to_string(),
        });
    }

    fn of_last_row(&self, line: usize) -> impl Iterator<Item = &RowError> {
        self.0.iter().rev().take_while(move |e| e.line == line)
    }

    /// Records the field errors of a check that refused the row, under
    /// `field` when given (an event's column rather than the event); any
    /// other error stops the import.
    pub fn push_refusal(
        &mut self,
        line: usize,
        err: ServiceError,
        field: Option<&str>,
    ) -> ServiceResult<()> {
        let list = match err {
            ServiceError::Invalid { field, code } => vec![(field, code)],
            ServiceError::Fields(list) => list,
            e => return Err(e),
        };
        for (f, c) in list {
            self.push(line, field.unwrap_or(&f), &c);
        }
        Ok(())
    }

    /// Whether `line`, the row being checked, has any error yet.
    pub fn has(&self, line: usize) -> bool {
        self.of_last_row(line).next().is_some()
    }
}

/// The code of a list entry typed as its code or its Chinese or English
/// label; anything else is passed on as is (and reported as invalid).
pub(super) fn to_code<C: Coded>(text: &str) -> String {
    let t = text.trim();
    C::ALL
        .iter()
        .find(|c| c.code() == t || c.label_zh() == t || c.label_en().eq_ignore_ascii_case(t))
        .map(|c| c.code().to_string())
        .unwrap_or_else(|| t.to_string())
}

/// The entry of `aliases` (code, then what the office types for it) that
/// `text` names, compared without case.
pub(super) fn from_aliases<T: Copy>(aliases: &[(T, &[&str])], text: &str) -> Option<T> {
    let t = text.trim();
    aliases
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(t)))
        .map(|(v, _)| *v)
}

/// The items of a list cell, separated by commas, 、 or semicolons.
pub(super) fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Dates as typed in sheets: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or
/// YYYYMMDD; an empty cell is `None`.
pub(super) fn parse_date(s: &str) -> Result<Option<time::Date>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let (y, m, d) = if parts.len() == 3 {
        (
            parts[0].parse().map_err(|_| ())?,
            parts[1].parse::<u8>().map_err(|_| ())?,
            parts[2].parse().map_err(|_| ())?,
        )
    } else if digits.len() == 8 && digits.len() == s.len() {
        (
            digits[0..4].parse().map_err(|_| ())?,
            digits[4..6].parse::<u8>().map_err(|_| ())?,
            digits[6..8].parse().map_err(|_| ())?,
        )
    } else {
        return Err(());
    };
    let month = time::Month::try_from(m).map_err(|_| ())?;
    time::Date::from_calendar_date(y, month, d)
        .map(Some)
        .map_err(|_| ())
}

/// A yes/no cell: 是/否, Y/N, yes/no, true/false, 1/0, √; empty is no.
pub(super) fn parse_yes_no(s: &str) -> Result<bool, ()> {
    const YES: &[&str] = &["是", "y", "yes", "true", "1", "√"];
    const NO: &[&str] = &["否", "n", "no", "false", "0", ""];
    let t = s.trim();
    if YES.iter().any(|y| y.eq_ignore_ascii_case(t)) {
        Ok(true)
    } else if NO.iter().any(|n| n.eq_ignore_ascii_case(t)) {
        Ok(false)
    } else {
        Err(())
    }
}

/// The i18n code of a row whose person is not on the register inside the
/// actor's capture scope. One code for "not registered" and "registered
/// elsewhere", so an import never tells which (security.md: out of scope
/// answers as not found).
pub const PERSON_UNKNOWN: &str = "import.person_unknown";

/// Persons named in a sheet by ID number, each looked up once.
#[derive(Default)]
pub(super) struct PersonsById {
    seen: HashMap<Vec<u8>, Option<PersonRow>>,
}

impl PersonsById {
    /// The person with this ID number in the actor's capture scope, or the
    /// i18n code of why there is none.
    pub async fn find(
        &mut self,
        ctx: &Ctx,
        actor: &Actor,
        text: &str,
    ) -> ServiceResult<Result<PersonRow, &'static str>> {
        if text.trim().is_empty() {
            return Ok(Err("field.required"));
        }
        let id = match IdNumber::parse(text) {
            Ok(id) => id,
            Err(e) => return Ok(Err(e.code())),
        };
        let bidx = ctx.keys.blind_index("id_number", id.as_str());
        if let Some(found) = self.seen.get(&bidx) {
            return Ok(found.clone().ok_or(PERSON_UNKNOWN));
        }
        let scope = actor.scope(Permission::PersonCreate);
        let found = match persons::by_blind_index_read(&ctx.db, &bidx).await? {
            Some((pid, _)) => match persons::get(&ctx.db, scope, &pid).await {
                Ok(p) => Some(p),
                Err(StoreError::NotFound) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        self.seen.insert(bidx, found.clone());
        Ok(found.ok_or(PERSON_UNKNOWN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jindu_domain::drug_tests::TestMethod;

    #[test]
    fn cells_as_the_office_types_them() {
        let d = |y, m, d| Some(time::Date::from_calendar_date(y, m, d).unwrap());
        assert_eq!(parse_date("2024-06-01"), Ok(d(2024, time::Month::June, 1)));
        assert_eq!(parse_date("2024/6/1"), Ok(d(2024, time::Month::June, 1)));
        assert_eq!(parse_date("20240601"), Ok(d(2024, time::Month::June, 1)));
        assert_eq!(parse_date(" "), Ok(None));
        assert_eq!(parse_date("2024-02-30"), Err(()));
        assert_eq!(parse_date("六月一日"), Err(()));
        assert_eq!(parse_yes_no("是"), Ok(true));
        assert_eq!(parse_yes_no("Y"), Ok(true));
        assert_eq!(parse_yes_no(""), Ok(false));
        assert_eq!(parse_yes_no("否"), Ok(false));
        assert_eq!(parse_yes_no("maybe"), Err(()));
        assert_eq!(to_code::<TestMethod>("尿检"), "urine");
        assert_eq!(to_code::<TestMethod>("HAIR"), "hair");
        assert_eq!(to_code::<TestMethod>("唾液"), "唾液");
        assert_eq!(
            split("海洛因、甲基苯丙胺, ").collect::<Vec<_>>(),
            ["海洛因", "甲基苯丙胺"]
        );
        assert_eq!(
            from_aliases(&[(1, &["阳性", "positive"][..])], " Positive "),
            Some(1)
        );
    }

    #[test]
    fn the_report_counts_rows_not_errors() {
        let mut e = RowErrors::default();
        e.push(2, "a", "x");
        e.push(2, "b", "y");
        // One problem per field: the first says what to fix.
        e.push(2, "b", "z");
        assert!(e.has(2) && !e.has(3));
        e.push(5, "a", "x");
        let r = ImportReport::checked(10, e.0);
        assert_eq!(
            (r.rows, r.valid, r.errors.len(), r.applied),
            (10, 8, 3, false)
        );
    }
}
