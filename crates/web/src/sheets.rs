//! Spreadsheet output (.xlsx and .csv) of lists, with the exporter's
//! watermark on every sheet, and cells that a spreadsheet program would
//! read as a formula neutralised (security.md: = + - @ at the start).

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A table to export: column titles and rows of text.
pub struct Sheet {
    pub name: String,
    pub title: String,
    /// Who exported it and when, printed above the table and in the page
    /// header of every printed page.
    pub watermark: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A leading = + - @ (or tab/CR) makes a spreadsheet program evaluate the
/// cell; a leading apostrophe keeps it text.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

pub fn to_xlsx(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(&sheet.name)?;
    // Header and footer of printed pages: Excel codes &C (centre), escaped &&.
    ws.set_header(format!("&C{}", sheet.watermark.replace('&', "&&")));
    ws.set_footer("&C&P / &N");
    let title = Format::new().set_bold().set_font_size(14);
    let mark = Format::new().set_font_color("#C62828");
    let head = Format::new()
        .set_bold()
        .set_background_color("#E8EFF8")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let last_col = sheet.headers.len().saturating_sub(1) as u16;
    // A one-column sheet has nothing to merge (the writer refuses it).
    for (row, text, format) in [(0, &sheet.title, &title), (1, &sheet.watermark, &mark)] {
        if last_col == 0 {
            ws.write_string_with_format(row, 0, text, format)?;
        } else {
            ws.merge_range(row, 0, row, last_col, text, format)?;
        }
    }
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &head)?;
        let width = sheet
            .rows
            .iter()
            .map(|r| r.get(c).map(|s| display_width(s)).unwrap_or(0))
            .max()
            .unwrap_or(0)
            .max(display_width(h));
        ws.set_column_width(c as u16, (width as f64 + 2.0).min(60.0))?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string((r + 3) as u32, c as u16, neutralise(cell))?;
        }
    }
    ws.set_freeze_panes(3, 0)?;
    wb.save_to_buffer()
}

/// CSV with a UTF-8 byte-order mark, so Excel and WPS on Chinese Windows
/// open it as UTF-8. The watermark is its first line.
pub fn to_csv(sheet: &Sheet) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let _ = w.write_record([neutralise(&sheet.watermark)]);
    let _ = w.write_record(sheet.headers.iter().map(|h| neutralise(h)));
    for row in &sheet.rows {
        let _ = w.write_record(row.iter().map(|c| neutralise(c)));
    }
    w.into_inner().unwrap_or_default()
}

/// Approximate column width: CJK characters take two cells.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) > 0x2E80 { 2 } else { 1 })
        .sum()
}

/// A table read from an uploaded sheet: the header row and the data rows
/// with their line numbers and the columns that held formulas.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

pub struct TableRow {
    pub line: usize,
    pub cells: Vec<String>,
    pub formula_cols: Vec<usize>,
}

/// Uploaded .xlsx files may not inflate beyond this (zip-bomb guard), nor
/// beyond this many times their size.
const MAX_INFLATED: u64 = 200 * 1024 * 1024;
const MAX_RATIO: u64 = 100;

/// Reads the first sheet of an .xlsx, or a CSV (UTF-8, with or without BOM,
/// or GBK). Formulas are never evaluated: cells holding one are reported.
/// Errors are i18n codes.
pub fn read_table(bytes: &[u8], max_rows: usize) -> Result<Table, &'static str> {
    let raw: Vec<(usize, Vec<String>, Vec<usize>)> = if bytes.starts_with(b"PK") {
        read_xlsx(bytes, max_rows)?
    } else {
        read_csv(bytes, max_rows)?
    };
    let mut it = raw
        .into_iter()
        .skip_while(|(_, cells, _)| cells.iter().all(|c| c.trim().is_empty()));
    let Some((_, headers, _)) = it.next() else {
        return Err("import.headers");
    };
    let rows = it
        .filter(|(_, cells, _)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells, formula_cols)| TableRow {
            line,
            cells,
            formula_cols,
        })
        .collect();
    Ok(Table {
        headers: headers.into_iter().map(|h| h.trim().to_string()).collect(),
        rows,
    })
}

fn check_zip(bytes: &[u8]) -> Result<(), &'static str> {
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| "import.not_xlsx")?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| "import.not_xlsx")?;
        total = total.saturating_add(f.size());
    }
    if total > MAX_INFLATED || total > (bytes.len() as u64).saturating_mul(MAX_RATIO) {
        return Err("import.too_large");
    }
    Ok(())
}

type RawRows = Vec<(usize, Vec<String>, Vec<usize>)>;

fn read_xlsx(bytes: &[u8], max_rows: usize) -> Result<RawRows, &'static str> {
    use calamine::{Data, Reader, Xlsx};
    check_zip(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| "import.not_xlsx")?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("import.not_xlsx")?;
    let range = book.worksheet_range(&name).map_err(|_| "import.not_xlsx")?;
    let formulas = book
        .worksheet_formula(&name)
        .map_err(|_| "import.not_xlsx")?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    if range.height() > max_rows + 1 {
        return Err("import.too_many_rows");
    }
    let mut out = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let sheet_row = r0 + i as u32;
        let cells = row
            .iter()
            .map(|c| match c {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(v) => v.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => {
                    let (y, m, day, ..) = d.to_ymd_hms_milli();
                    format!("{y:04}-{m:02}-{day:02}")
                }
                Data::Error(_) | Data::Empty => String::new(),
            })
            .collect::<Vec<_>>();
        let formula_cols = (0..cells.len())
            .filter(|j| {
                formulas
                    .get_value((sheet_row, c0 + *j as u32))
                    .is_some_and(|f| !f.is_empty())
            })
            .collect();
        out.push((sheet_row as usize + 1, cells, formula_cols));
    }
    Ok(out)
}

fn read_csv(bytes: &[u8], max_rows: usize) -> Result<RawRows, &'static str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err("import.encoding");
            }
            t.into_owned()
        }
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        if i > max_rows {
            return Err("import.too_many_rows");
        }
        let rec = rec.map_err(|_| "import.not_csv")?;
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        // A CSV cell typed as a formula is refused like an .xlsx formula.
        let formula_cols = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| c.starts_with('='))
            .map(|(j, _)| j)
            .collect();
        out.push((i + 1, cells, formula_cols));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised() {
        assert_eq!(neutralise("=1+1"), "'=1+1");
        assert_eq!(neutralise("+8613800000000"), "'+8613800000000");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("张三"), "张三");
    }

    #[test]
    fn csv_starts_with_bom_and_watermark() {
        let s = Sheet {
            name: "x".into(),
            title: "t".into(),
            watermark: "导出人 a".into(),
            headers: vec!["姓名".into()],
            rows: vec![vec!["=cmd".into()]],
        };
        let out = String::from_utf8(to_csv(&s)).unwrap();
        assert!(out.starts_with('\u{feff}'));
        assert!(out.contains("导出人 a") && out.contains("'=cmd"));
        assert!(to_xlsx(&s).unwrap().starts_with(b"PK"));
    }
}
