//! Small SVG charts laid out on the server (no script, printable): the
//! 12-month trend of an indicator, as bars for a count or a line for a
//! rate, with the target drawn across.

use jindu_domain::indicators::{Figure, Unit};

const W: f32 = 560.0;
const H: f32 = 170.0;
const LEFT: f32 = 44.0;
const RIGHT: f32 = 12.0;
const TOP: f32 = 14.0;
const BOTTOM: f32 = 28.0;

pub struct Point {
    pub x: f32,
    pub y: f32,
    /// Bar height for a count (the bar runs from `y` to the axis).
    pub h: f32,
    pub label: String,
    pub value: String,
}

pub struct YTick {
    pub y: f32,
    pub label: String,
}

pub struct Trend {
    pub width: f32,
    pub height: f32,
    pub bars: bool,
    pub points: Vec<Point>,
    /// The polyline through the points of a rate.
    pub path: String,
    pub ticks: Vec<YTick>,
    pub target_y: Option<f32>,
    pub axis_y: f32,
    pub left: f32,
    pub right: f32,
    pub bar_w: f32,
}

/// A value in its unit: a percentage with one decimal, a whole count, or
/// a mass in grams or kilograms.
pub fn amount(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Rate => format!("{:.1}%", v * 100.0),
        Unit::Count => format!("{v:.0}"),
        // Drugs are reported in kilograms once there is a kilogram.
        Unit::Grams if v.abs() >= 1_000.0 => format!("{:.2} kg", v / 1_000.0),
        Unit::Grams => format!("{v:.1} g"),
        Unit::Kilograms => format!("{v:.2} kg"),
    }
}

/// The value of a figure as shown ("—" for a rate over nothing).
pub fn shown(unit: Unit, f: &Figure) -> String {
    f.value.map_or_else(|| "—".into(), |v| amount(unit, v))
}

/// The trend of `months` (label, figure), oldest first. `target` is a rate
/// as a fraction or a count.
pub fn trend(unit: Unit, months: &[(String, Figure)], target: Option<f64>) -> Trend {
    let plot_h = H - TOP - BOTTOM;
    let axis_y = TOP + plot_h;
    let max = match unit {
        Unit::Rate => 1.0,
        Unit::Count | Unit::Grams | Unit::Kilograms => {
            months
                .iter()
                .filter_map(|(_, f)| f.value)
                .fold(target.unwrap_or(0.0), f64::max)
                .max(1.0)
                * 1.15
        }
    };
    let y = |v: f64| axis_y - (v / max) as f32 * plot_h;
    let n = months.len().max(1) as f32;
    let step = (W - LEFT - RIGHT) / n;
    let points: Vec<Point> = months
        .iter()
        .enumerate()
        .map(|(i, (label, f))| {
            let v = f.value.unwrap_or(0.0);
            // "2026-03" → "3月"; January also names the year.
            let month = label
                .get(5..)
                .and_then(|m| m.parse::<u8>().ok())
                .unwrap_or(0);
            let label = if month == 1 || i == 0 {
                format!("{}/{}", label.get(2..4).unwrap_or(""), month)
            } else {
                month.to_string()
            };
            Point {
                x: LEFT + step * (i as f32 + 0.5),
                y: y(v),
                h: axis_y - y(v),
                label,
                value: shown(unit, f),
            }
        })
        .collect();
    let path = points
        .iter()
        .zip(months)
        .filter(|(_, (_, f))| f.value.is_some())
        .map(|(p, _)| format!("{:.1},{:.1}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    let ticks = (0..=4)
        .map(|k| {
            let v = max * f64::from(k) / 4.0;
            YTick {
                y: y(v),
                label: match unit {
                    Unit::Rate => format!("{:.0}%", v * 100.0),
                    _ => format!("{v:.0}"),
                },
            }
        })
        .collect();
    Trend {
        width: W,
        height: H,
        bars: unit != Unit::Rate,
        points,
        path,
        ticks,
        target_y: target.map(y),
        axis_y,
        left: LEFT,
        right: W - RIGHT,
        bar_w: step * 0.6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jindu_domain::indicators::{IndicatorCode, definition};

    #[test]
    fn a_rate_runs_from_the_axis_to_the_top_and_the_target_is_drawn() {
        let d = definition(IndicatorCode::ExecutionRate);
        let months: Vec<(String, Figure)> = [(0, 0), (1, 2), (2, 2)]
            .iter()
            .enumerate()
            .map(|(i, (n, den))| (format!("2026-{:02}", i + 1), d.figure(*n, *den)))
            .collect();
        let t = trend(Unit::Rate, &months, Some(1.0));
        assert_eq!(t.target_y, Some(TOP), "100% at the top");
        assert_eq!(t.points[2].y, TOP);
        // The month without a denominator is left out of the line.
        assert_eq!(t.path.split(' ').count(), 2);
        assert_eq!(t.points[0].label, "26/1");
        assert_eq!(t.points[1].label, "2");
        assert_eq!(shown(Unit::Rate, &months[1].1), "50.0%");
    }
}
