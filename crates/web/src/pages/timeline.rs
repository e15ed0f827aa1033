//! A running measure drawn as a timeline (SVG laid out on the server, no
//! script): from the decision to the last deadline, the time served shaded,
//! today marked, events below the axis and deadlines above it, each
//! deadline coloured by whether it was met, is open, or has passed.

use jindu_store::service::measures::MeasureView;
use time::Date;

use crate::i18n::Lang;

/// Width of the drawing in SVG units; the page scales it to the card.
const WIDTH: f32 = 1000.0;
/// Margin on each side, so first and last labels fit.
const MARGIN: f32 = 60.0;
/// Room one label takes ("期满日 2028-03-03" at the page's font size):
/// nearer labels go to another row.
const LABEL_GAP: f32 = 180.0;
/// The axis line.
pub const AXIS_Y: f32 = 56.0;
/// Baselines of the first row of deadline labels (above) and of event
/// labels (below the year ticks); further rows step away from the axis.
const ABOVE_Y: f32 = 40.0;
const BELOW_Y: f32 = 88.0;
const ROW: f32 = 14.0;

pub struct Mark {
    pub x: f32,
    /// Baseline of the label: rows above the axis for deadlines, below it
    /// for events.
    pub y: f32,
    pub label: String,
    pub date: String,
    /// `event`, `met`, `open` or `missed`.
    pub class: &'static str,
    /// Text anchor keeping labels near the ends inside the drawing.
    pub anchor: &'static str,
}

fn anchor(x: f32) -> &'static str {
    if x < MARGIN + LABEL_GAP / 2.0 {
        "start"
    } else if x > WIDTH - MARGIN - LABEL_GAP / 2.0 {
        "end"
    } else {
        "middle"
    }
}

pub struct Tick {
    pub x: f32,
    pub label: String,
}

pub struct Timeline {
    pub marks: Vec<Mark>,
    pub ticks: Vec<Tick>,
    /// Where today falls, if inside the drawn span.
    pub today_x: Option<f32>,
    /// The part of the axis already served (decision to today).
    pub served_w: f32,
    pub axis_from: f32,
    pub axis_to: f32,
}

/// Rows of labels so that neighbours never overlap: the first row whose
/// last label is far enough to the left.
fn row_for(rows: &mut Vec<f32>, x: f32) -> usize {
    match rows.iter().position(|last| x - last >= LABEL_GAP) {
        Some(r) => {
            rows[r] = x;
            r
        }
        None => {
            rows.push(x);
            rows.len() - 1
        }
    }
}

/// The timeline of an open measure; `None` for a closed one (its events
/// list says all) or one without dates to draw.
pub fn of(
    l: Lang,
    m: &MeasureView,
    today: Date,
    event_label: impl Fn(&str) -> String,
) -> Option<Timeline> {
    if m.closed {
        return None;
    }
    let dates = m
        .deadlines
        .iter()
        .map(|d| d.date)
        .chain(m.events.iter().map(|e| e.on))
        .chain([m.decided_on, today]);
    let start = dates.clone().min()?;
    let end = dates.max()?;
    let span = (end - start).whole_days().max(1) as f32;
    let x = |d: Date| MARGIN + (d - start).whole_days() as f32 / span * (WIDTH - 2.0 * MARGIN);
    let mut marks = Vec::new();
    let mut above = Vec::new();
    let mut deadlines: Vec<_> = m.deadlines.iter().collect();
    deadlines.sort_by_key(|d| d.date);
    for d in deadlines {
        let class = match d.met_on {
            Some(_) => "met",
            None if d.date < today => "missed",
            None => "open",
        };
        let px = x(d.date);
        let row = row_for(&mut above, px);
        marks.push(Mark {
            x: px,
            y: ABOVE_Y - ROW * row as f32,
            label: if l.code() == "zh" {
                d.label_zh.to_string()
            } else {
                d.label_en.to_string()
            },
            date: d.date.to_string(),
            class,
            anchor: anchor(px),
        });
    }
    let mut below = Vec::new();
    for e in &m.events {
        let px = x(e.on);
        let row = row_for(&mut below, px);
        marks.push(Mark {
            x: px,
            y: BELOW_Y + ROW * row as f32,
            label: event_label(&e.code),
            date: e.on.to_string(),
            class: "event",
            anchor: anchor(px),
        });
    }
    let ticks = (start.year()..=end.year())
        .filter_map(|y| Date::from_calendar_date(y, time::Month::January, 1).ok())
        .filter(|d| *d > start && *d <= end)
        .map(|d| Tick {
            x: x(d),
            label: d.year().to_string(),
        })
        .collect();
    let served_to = today.clamp(start, end);
    Some(Timeline {
        marks,
        ticks,
        today_x: (start..=end).contains(&today).then(|| x(today)),
        served_w: x(served_to) - x(start),
        axis_from: x(start),
        axis_to: x(end),
    })
}

impl Timeline {
    /// Height of the drawing: enough rows for the labels below the axis.
    pub fn height(&self) -> f32 {
        let lowest = self.marks.iter().map(|m| m.y).fold(BELOW_Y, f32::max);
        lowest + 6.0
    }

    /// Top of the drawing: enough rows for the labels above the axis.
    pub fn top(&self) -> f32 {
        self.marks.iter().map(|m| m.y).fold(ABOVE_Y, f32::min) - ROW
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_too_close_take_another_row_and_return_when_there_is_room() {
        let mut rows = Vec::new();
        assert_eq!(row_for(&mut rows, 100.0), 0);
        assert_eq!(row_for(&mut rows, 150.0), 1, "overlaps the first");
        assert_eq!(row_for(&mut rows, 200.0), 2);
        assert_eq!(row_for(&mut rows, 280.0), 0, "the first row has room again");
        assert_eq!(row_for(&mut rows, 290.0), 3);
    }

    #[test]
    fn labels_near_the_ends_stay_inside() {
        assert_eq!(anchor(MARGIN), "start");
        assert_eq!(anchor(WIDTH / 2.0), "middle");
        assert_eq!(anchor(WIDTH - MARGIN), "end");
    }
}
