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
    ws.merge_range(0, 0, 0, last_col, &sheet.title, &title)?;
    ws.merge_range(1, 0, 1, last_col, &sheet.watermark, &mark)?;
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
