//! The table of results, written into docs/performance.md between the
//! tier's markers (everything else on the page is written by hand).

use std::fmt::Write as _;
use std::path::Path;

pub struct Row {
    pub id: &'static str,
    pub scenario: String,
    pub ours: String,
    pub baseline: String,
    pub ratio: f64,
    pub target: String,
    pub pass: bool,
}

impl Row {
    /// A ratio that must not exceed `target` (times, memory).
    pub fn at_most(
        id: &'static str,
        scenario: &str,
        ours: String,
        baseline: String,
        ratio: f64,
        target: f64,
    ) -> Row {
        let goal = (format!("≤ {target}×"), ratio <= target);
        Row::new(id, scenario, (ours, baseline), ratio, goal)
    }

    /// A ratio that must reach `target` (rates).
    pub fn at_least(
        id: &'static str,
        scenario: &str,
        ours: String,
        baseline: String,
        ratio: f64,
        target: f64,
    ) -> Row {
        let goal = (format!("≥ {target}×"), ratio >= target);
        Row::new(id, scenario, (ours, baseline), ratio, goal)
    }

    fn new(
        id: &'static str,
        scenario: &str,
        (ours, baseline): (String, String),
        ratio: f64,
        (target, pass): (String, bool),
    ) -> Row {
        Row {
            id,
            scenario: scenario.to_string(),
            ours,
            baseline,
            ratio,
            target,
            pass,
        }
    }
}

/// The tier's section: when and on what it ran, then the table.
pub fn section(tier: &str, context: &[(&str, String)], rows: &[Row]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "<!-- bench:{tier}:begin -->");
    for (k, v) in context {
        let _ = writeln!(s, "- {k}: {v}");
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "| # | scenario | ours | baseline | ratio | target | pass |\n|---|---|---|---|---|---|---|"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:.3}× | {} | {} |",
            r.id,
            r.scenario,
            r.ours,
            r.baseline,
            r.ratio,
            r.target,
            if r.pass { "yes" } else { "**no**" }
        );
    }
    let _ = write!(s, "<!-- bench:{tier}:end -->");
    s
}

/// Replaces the tier's section of the page (or appends it).
pub fn write(page: &Path, tier: &str, section: &str) {
    let text = std::fs::read_to_string(page).unwrap_or_default();
    let (begin, end) = (
        format!("<!-- bench:{tier}:begin -->"),
        format!("<!-- bench:{tier}:end -->"),
    );
    let updated = match (text.find(&begin), text.find(&end)) {
        (Some(b), Some(e)) if b < e => {
            format!("{}{section}{}", &text[..b], &text[e + end.len()..])
        }
        _ => format!("{text}\n## Results: {tier} tier\n\n{section}\n"),
    };
    std::fs::write(page, updated).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
}
