//! The strike statistics kept on write (issue 5, registry entries of the
//! indicator engine): cases, their suspects (who also join the minors'
//! share), campaign cases, seizures by weight, lead conversion and outflow
//! traffickers (outflow.rs). Each write of such a record tracks it in the
//! same transaction; the rebuild walks them all.

use jindu_domain::enforcement::{LeadState, SeizureKind};
use jindu_domain::indicators::{
    self, IndicatorCode, OF_CASES, OF_LEADS, OF_OUTFLOW, OF_SEIZURES, OF_SUSPECTS,
};

use super::{Ctx, ServiceResult};
use crate::db::Tx;
use crate::indicators::Member;
use crate::strike_counts::{self, Counted};

/// A member counted at `unit` in `month`, of a person or of none.
fn counted(
    m: indicators::Membership,
    source: &str,
    person: Option<&str>,
    org_unit_id: i64,
    weight: i64,
) -> Member {
    Member {
        source_id: source.to_string(),
        person_id: person.map(str::to_string),
        period: m.month.to_string(),
        org_unit_id,
        numerator: m.numerator,
        weight,
    }
}

impl Ctx {
    /// A case's memberships and its suspects' (call after the case is
    /// created and after each suspect is added).
    pub(super) async fn track_case(&self, tx: &mut Tx, case_id: &str) -> ServiceResult<()> {
        let Some(c) = strike_counts::case_tx(tx, case_id).await? else {
            return Ok(());
        };
        for code in OF_CASES {
            let new = indicators::of_case(*code, c.accepted, c.campaign)
                .map(|m| counted(m, case_id, None, c.org_unit_id, 1));
            self.keep(tx, code.code(), case_id, None, new.as_ref())
                .await?;
        }
        // On the register by person; off it by their record, without one.
        let on = c
            .suspects
            .iter()
            .map(|(p, born)| (p, Some(p.as_str()), born));
        let off = c.subjects.iter().map(|(s, born)| (s, None, born));
        for (key, person, born) in on.chain(off) {
            let record = format!("{case_id}:{key}");
            for code in OF_SUSPECTS {
                let new = indicators::of_suspect(*code, c.accepted, *born)
                    .map(|m| counted(m, case_id, person, c.org_unit_id, 1));
                self.keep(tx, code.code(), &record, None, new.as_ref())
                    .await?;
            }
        }
        Ok(())
    }

    /// A seizure's weight toward the drugs or precursors seized.
    pub(super) async fn track_seizure(&self, tx: &mut Tx, seizure_id: &str) -> ServiceResult<()> {
        let Some(s) = strike_counts::seizure_tx(tx, seizure_id).await? else {
            return Ok(());
        };
        let Some(kind) = SeizureKind::from_code(&s.kind) else {
            return Ok(());
        };
        for code in OF_SEIZURES {
            let new = indicators::of_seizure(*code, kind, s.seized, s.mg)
                .map(|(m, mg)| counted(m, &s.case_id, None, s.org_unit_id, mg));
            self.keep(tx, code.code(), seizure_id, None, new.as_ref())
                .await?;
        }
        Ok(())
    }

    /// A lead's place in the conversion rate (call after it is received
    /// and after every change of state).
    pub(super) async fn track_lead(&self, tx: &mut Tx, lead_id: &str) -> ServiceResult<()> {
        let Some((unit, received, state)) = strike_counts::lead_tx(tx, lead_id).await? else {
            return Ok(());
        };
        let Some(state) = LeadState::from_code(&state) else {
            return Ok(());
        };
        for code in OF_LEADS {
            let new = indicators::of_lead(*code, received, state)
                .map(|m| counted(m, lead_id, None, unit, 1));
            self.keep(tx, code.code(), lead_id, None, new.as_ref())
                .await?;
        }
        Ok(())
    }

    /// The rebuild's part: every case (with its suspects), seizure, lead
    /// and outflow notice.
    pub(super) async fn rebuild_strike(&self, tx: &mut Tx) -> ServiceResult<()> {
        for id in strike_counts::all_ids_tx(tx, Counted::Cases).await? {
            self.track_case(tx, &id).await?;
        }
        for id in strike_counts::all_ids_tx(tx, Counted::Seizures).await? {
            self.track_seizure(tx, &id).await?;
        }
        for id in strike_counts::all_ids_tx(tx, Counted::Leads).await? {
            self.track_lead(tx, &id).await?;
        }
        for id in strike_counts::all_ids_tx(tx, Counted::Outflow).await? {
            self.track_outflow(tx, &id).await?;
        }
        Ok(())
    }
}

/// Whether `code` counts strike records (cases, suspects, seizures,
/// leads), whose drill-down names cases and leads only to readers of
/// strike data.
#[must_use]
pub fn is_strike(code: IndicatorCode) -> bool {
    [OF_CASES, OF_SUSPECTS, OF_SEIZURES, OF_LEADS, OF_OUTFLOW]
        .iter()
        .any(|of| of.contains(&code))
        && code != IndicatorCode::MinorShare
}
