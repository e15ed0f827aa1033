//! Plain-text tables for the console, aligned by display width so that
//! Chinese text (two columns per character) lines up.

/// Terminal columns taken by `s`: East Asian wide and fullwidth characters
/// count two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Renders rows under a header, columns separated by two spaces.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(display_width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                let pad = widths[i].saturating_sub(display_width(cell)) + 2;
                out.push_str(&" ".repeat(pad));
            }
        }
        out.trim_end().to_string()
    };
    let mut out = line(header.to_vec());
    out.push('\n');
    let rules: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&line(rules.iter().map(String::as_str).collect()));
    for row in rows {
        out.push('\n');
        out.push_str(&line(
            row.iter().take(columns).map(String::as_str).collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two() {
        assert_eq!(display_width("admin"), 5);
        assert_eq!(display_width("系统管理员"), 10);
        assert_eq!(display_width("（只读）"), 8);
    }

    #[test]
    fn columns_line_up() {
        let t = render(
            &["user", "role"],
            &[
                vec!["admin".into(), "系统管理员".into()],
                vec!["市禁毒办".into(), "x".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "user      role");
        assert_eq!(lines[2], "admin     系统管理员");
        assert_eq!(lines[3], "市禁毒办  x");
    }
}
