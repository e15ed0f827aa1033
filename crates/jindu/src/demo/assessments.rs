//! Demo assessments and self-reports for a person under a community
//! measure: most reviews and annual assessments done near their due date,
//! and the self-reports of the last few months, so the schedule on the file
//! and the work queue show both kept and missed dates.

use jindu_domain::assessments::{AssessmentKind, AssessmentSchedule, due_dates};
use jindu_store::service::assessments::AssessmentInput;
use jindu_store::service::{Actor, Ctx};
use time::{Date, Duration};

use super::rng::Rng;
use crate::failure::CliResult;

/// Self-reports go back this many months.
const SELF_REPORT_MONTHS: usize = 3;
const NOTES: &[&str] = &[
    "按时参加检测，家庭支持良好。",
    "已就业，作息规律，无复吸迹象。",
    "情绪波动较大，需加强心理疏导。",
    "与原吸毒人员仍有联系，需重点关注。",
];

/// Records the person's assessments since `start` (the report-in);
/// answers how many.
pub async fn record(
    ctx: &Ctx,
    actor: &Actor,
    rng: &mut Rng,
    person: &str,
    start: Date,
) -> CliResult<usize> {
    let today = ctx.today();
    let setting = AssessmentSchedule::jindu_default();
    let mut n = 0;
    for kind in AssessmentKind::ALL {
        let mut due = due_dates(*kind, start, today, &setting);
        if *kind == AssessmentKind::SelfReport {
            due = due.split_off(due.len().saturating_sub(SELF_REPORT_MONTHS));
        }
        for d in due {
            if !rng.chance(0.85) {
                continue;
            }
            let on = (d + Duration::days(rng.range(-5, 5))).min(today);
            let (conclusion, notes) = match rng.below(100) {
                0..=69 => ("stable", String::new()),
                70..=79 => ("stable", rng.pick(&NOTES[..2]).to_string()),
                80..=94 => ("needs_attention", rng.pick(&NOTES[2..]).to_string()),
                _ => ("at_risk", rng.pick(&NOTES[3..]).to_string()),
            };
            let input = AssessmentInput {
                done_date: Some(on),
                kind: kind.code().to_string(),
                conclusion: conclusion.to_string(),
                notes,
            };
            ctx.assessment_record(actor, person, &input).await?;
            n += 1;
        }
    }
    Ok(n)
}
