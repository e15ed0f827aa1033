//! Spreadsheet imports from .xlsx or .csv — persons, measures, drug tests —
//! on one page with a tab for each: columns mapped by their headers
//! (Chinese or English, adjustable), a dry run, per-row errors, and an
//! all-or-nothing write. Formulas are never evaluated. The JSON API runs
//! the same imports through [`open`], [`Columns`] and [`run`].

use askama::Template;
use axum::extract::Multipart;
use axum::response::Response;
use jindu_store::service::import::{IMPORT_MAX_ROWS, ImportReport};
use jindu_store::service::{Actor, ServiceError, ServiceResult};

use super::{Chrome, measure_import, person_import, render, test_import};
use crate::error::WebResult;
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::sheets::{self, Table, TableRow};
use crate::state::AppState;

/// Uploads larger than this are refused.
const MAX_BYTES: usize = 10 * 1024 * 1024;

/// A field of an import row: its name (the service's), the i18n key of its
/// label, whether it is required, and the headers recognised for it (the
/// first is the one shown before a file is chosen).
pub type Field = (&'static str, &'static str, bool, &'static [&'static str]);

/// What can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Persons,
    Measures,
    Tests,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Persons, Kind::Measures, Kind::Tests];

    fn path(self) -> &'static str {
        match self {
            Kind::Persons => "/persons/import",
            Kind::Measures => "/measures/import",
            Kind::Tests => "/tests/import",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Kind::Persons => "import.title",
            Kind::Measures => "import.measures_title",
            Kind::Tests => "import.tests_title",
        }
    }

    fn tab(self) -> &'static str {
        match self {
            Kind::Persons => "import.tab.persons",
            Kind::Measures => "import.tab.measures",
            Kind::Tests => "import.tab.tests",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Kind::Persons => "import.hint",
            Kind::Measures => "import.measures_hint",
            Kind::Tests => "import.tests_hint",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Persons => person_import::FIELDS,
            Kind::Measures => measure_import::FIELDS,
            Kind::Tests => test_import::FIELDS,
        }
    }
}

/// The column of each field of a sheet.
pub struct Columns(Vec<(&'static str, Option<usize>)>);

impl Columns {
    /// Each field's column: the user's choice (`map_<field>`, empty for
    /// none), else the first header recognised for it. A typed header the
    /// sheet does not have (the form before a file is chosen shows the
    /// usual one) falls back to recognition too.
    pub fn map(kind: Kind, table: &Table, chosen: &[(String, String)]) -> Columns {
        Columns(
            kind.fields()
                .iter()
                .map(|(f, _, _, aliases)| {
                    let wanted = chosen.iter().find(|(k, _)| k == f).map(|(_, v)| v.trim());
                    let recognised = || {
                        table
                            .headers
                            .iter()
                            .position(|x| aliases.iter().any(|a| a.eq_ignore_ascii_case(x)))
                    };
                    let col = match wanted {
                        Some("") => None,
                        Some(h) => table
                            .headers
                            .iter()
                            .position(|x| x == h)
                            .or_else(recognised),
                        None => recognised(),
                    };
                    (*f, col)
                })
                .collect(),
        )
    }

    fn of(&self, field: &str) -> Option<usize> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, c)| *c)
    }

    /// The first required field left without a column.
    pub fn missing(&self, kind: Kind) -> Option<&'static str> {
        kind.fields()
            .iter()
            .find(|(f, _, required, _)| *required && self.of(f).is_none())
            .map(|(f, ..)| *f)
    }
}

/// One data row of a sheet, read through the mapping.
pub struct Cells<'a> {
    row: &'a TableRow,
    cols: &'a Columns,
}

impl Cells<'_> {
    pub fn line(&self) -> usize {
        self.row.line
    }

    /// The trimmed text of the field's cell (empty without a column).
    pub fn get(&self, field: &str) -> String {
        self.cols
            .of(field)
            .and_then(|c| self.row.cells.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    /// Mapped cells that held a formula: refused, never evaluated.
    pub fn read_errors(&self) -> Vec<(String, String)> {
        self.row
            .formula_cols
            .iter()
            .filter_map(|c| {
                self.cols
                    .0
                    .iter()
                    .find(|(_, col)| *col == Some(*c))
                    .map(|(f, _)| (f.to_string(), "import.formula".to_string()))
            })
            .collect()
    }
}

/// The data rows of a sheet through its mapping.
pub fn cells<'a>(table: &'a Table, cols: &'a Columns) -> impl Iterator<Item = Cells<'a>> {
    table.rows.iter().map(move |row| Cells { row, cols })
}

/// What an upload form sent: the file, dry run or apply, and the columns
/// chosen for fields (`map_<field>`).
pub struct Upload {
    file: Option<Vec<u8>>,
    too_large: bool,
    pub apply: bool,
    pub chosen: Vec<(String, String)>,
}

pub async fn read_upload(mut mp: Multipart) -> Upload {
    let mut up = Upload {
        file: None,
        too_large: false,
        apply: false,
        chosen: Vec::new(),
    };
    while let Ok(Some(field)) = mp.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => match field.bytes().await {
                Ok(b) if b.len() <= MAX_BYTES => up.file = Some(b.to_vec()),
                _ => up.too_large = true,
            },
            "mode" => up.apply = field.text().await.is_ok_and(|t| t == "apply"),
            n if n.starts_with("map_") => {
                let v = field.text().await.unwrap_or_default();
                up.chosen
                    .push((n.trim_start_matches("map_").to_string(), v));
            }
            _ => {}
        }
    }
    up
}

/// Reads the uploaded sheet (off the async threads: parsing is CPU work),
/// or answers the i18n code of why it cannot be read.
pub async fn open(up: &mut Upload) -> Result<Table, &'static str> {
    if up.too_large {
        return Err("import.too_large");
    }
    let bytes = up.file.take().ok_or("import.not_csv")?;
    tokio::task::spawn_blocking(move || sheets::read_table(&bytes, IMPORT_MAX_ROWS))
        .await
        .unwrap_or(Err("import.not_xlsx"))
}

/// Runs the import of `kind` on the mapped sheet.
pub async fn run(
    st: &AppState,
    actor: &Actor,
    kind: Kind,
    table: &Table,
    cols: &Columns,
    apply: bool,
) -> ServiceResult<ImportReport> {
    match kind {
        Kind::Persons => {
            let rows = cells(table, cols).map(|c| person_import::row(&c)).collect();
            st.ctx.person_import(actor, rows, apply).await
        }
        Kind::Measures => {
            let rows = cells(table, cols)
                .map(|c| measure_import::row(&c))
                .collect();
            st.ctx.measure_import(actor, rows, apply).await
        }
        Kind::Tests => {
            let rows = cells(table, cols).map(|c| test_import::row(&c)).collect();
            st.ctx.test_import(actor, rows, apply).await
        }
    }
}

/// The label of a field named in a row error.
pub fn field_label(l: Lang, kind: Kind, field: &str) -> &'static str {
    kind.fields()
        .iter()
        .find(|(f, ..)| *f == field)
        .map(|(_, k, ..)| l.t(k))
        .unwrap_or_else(|| l.t(&format!("person.{field}")))
}

pub struct Tab {
    pub label: &'static str,
    pub href: &'static str,
    pub active: bool,
}

pub struct MapRow {
    pub field: &'static str,
    pub label: &'static str,
    pub required: bool,
    /// The chosen header, if any.
    pub column: String,
}

/// One bad row of the sheet with all its problems.
pub struct ErrorLine {
    pub line: usize,
    pub problems: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    c: Chrome,
    tabs: Vec<Tab>,
    action: &'static str,
    hint: &'static str,
    headers: Vec<String>,
    mapping: Vec<MapRow>,
    report: Option<ImportReport>,
    errors: Vec<ErrorLine>,
    more_errors: usize,
    error: String,
}

impl ImportPage {
    async fn new(st: &AppState, a: &Auth, info: &ReqInfo, kind: Kind) -> ImportPage {
        let l = info.lang;
        let c = Chrome::for_user(st, a, info, kind.title(), "nav.persons", kind.path()).await;
        let tabs = Kind::ALL
            .iter()
            .map(|k| Tab {
                label: l.t(k.tab()),
                href: k.path(),
                active: *k == kind,
            })
            .collect();
        let mapping = kind
            .fields()
            .iter()
            .map(|(f, k, req, aliases)| MapRow {
                field: f,
                label: l.t(k),
                required: *req,
                column: aliases[0].to_string(),
            })
            .collect();
        ImportPage {
            c,
            tabs,
            action: kind.path(),
            hint: l.t(kind.hint()),
            headers: Vec::new(),
            mapping,
            report: None,
            errors: Vec::new(),
            more_errors: 0,
            error: String::new(),
        }
    }
}

/// The empty form.
pub async fn form(st: &AppState, info: &ReqInfo, a: &Auth, kind: Kind) -> Response {
    render(&ImportPage::new(st, a, info, kind).await)
}

/// A dry run or an import, answered with the form again, the mapping as
/// used and the report.
pub async fn submit(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    kind: Kind,
    mp: Multipart,
) -> WebResult<Response> {
    let l = info.lang;
    let mut page = ImportPage::new(st, a, info, kind).await;
    let mut up = read_upload(mp).await;
    let table = match open(&mut up).await {
        Ok(t) => t,
        Err(code) => {
            page.error = l.err(code).to_string();
            return Ok(render(&page));
        }
    };
    let cols = Columns::map(kind, &table, &up.chosen);
    page.headers = table.headers.clone();
    for m in &mut page.mapping {
        m.column = cols
            .of(m.field)
            .and_then(|c| table.headers.get(c).cloned())
            .unwrap_or_default();
    }
    if cols.missing(kind).is_some() {
        page.error = l.err("import.mapping").to_string();
        return Ok(render(&page));
    }
    match run(st, &a.actor, kind, &table, &cols, up.apply).await {
        Ok(r) => {
            for e in &r.errors {
                let problem = (
                    field_label(l, kind, e.field.trim_end_matches("_id")),
                    l.err(&e.code),
                );
                match page.errors.last_mut() {
                    Some(ErrorLine { line, problems }) if *line == e.line => problems.push(problem),
                    _ => page.errors.push(ErrorLine {
                        line: e.line,
                        problems: vec![problem],
                    }),
                }
            }
            page.more_errors = page.errors.len().saturating_sub(200);
            page.errors.truncate(200);
            page.report = Some(r);
        }
        Err(ServiceError::Invalid { code, .. }) => page.error = l.err(&code).to_string(),
        Err(e) => return Err(e.into()),
    }
    Ok(render(&page))
}
