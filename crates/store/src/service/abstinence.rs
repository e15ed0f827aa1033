//! "戒断三年未复吸" (JDTL 7): the candidate day kept in step with the
//! person's measures and tests, and the rule that only a candidate can be
//! confirmed as abstinent.

use jindu_domain::Measure;
use jindu_domain::abstinence::{AbstinenceFacts, candidate_date};

use super::{Ctx, ServiceResult};
use crate::abstinence;
use crate::db::Tx;

impl Ctx {
    /// Recomputes the person's candidate day inside the write that changed
    /// a measure or a test, so the queue never replays history: three years
    /// from the later of the last measure's end and the last positive test,
    /// none while a measure runs.
    pub(super) async fn refresh_abstinence(
        &self,
        tx: &mut Tx,
        person_id: &str,
    ) -> ServiceResult<()> {
        let f = abstinence::facts(tx, person_id).await?;
        let mut in_force = false;
        let mut last_end = None;
        for (snapshot, closed) in &f.measure_snapshots {
            if !closed {
                in_force = true;
            } else if let Ok(m) = serde_json::from_str::<Measure>(snapshot) {
                last_end = last_end.max(m.closed_on());
            }
        }
        let day = if in_force {
            None
        } else {
            candidate_date(&AbstinenceFacts {
                last_measure_end: last_end,
                last_positive: f.last_positive,
                measure_in_force: false,
            })
            .map(|(d, _)| d)
        };
        abstinence::set_date(tx, person_id, day).await?;
        Ok(())
    }
}
