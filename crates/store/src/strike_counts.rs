//! What the strike statistics count, read inside the writing transaction:
//! a case with its suspects' birth dates, a seizure, a lead.

use time::Date;

use crate::db::{Q, Tx};
use crate::error::StoreResult;

/// A case as its statistics see it.
pub struct CaseCount {
    pub org_unit_id: i64,
    pub accepted: Date,
    /// Tagged with at least one campaign.
    pub campaign: bool,
    /// Each suspect on the register with their birth date.
    pub suspects: Vec<(String, Date)>,
    /// Each suspect off the register (their record) with their birth date.
    pub subjects: Vec<(String, Date)>,
}

pub async fn case_tx(tx: &mut Tx, id: &str) -> StoreResult<Option<CaseCount>> {
    let Some(r) = tx
        .fetch_optional(
            Q::new("SELECT org_unit_id, accepted_date, campaigns FROM cases WHERE id = $1")
                .bind(id),
        )
        .await?
    else {
        return Ok(None);
    };
    let suspects = tx
        .fetch_all(
            Q::new("SELECT s.person_id, p.birth_date FROM case_suspects s JOIN persons p ON p.id = s.person_id WHERE s.case_id = $1")
                .bind(id),
        )
        .await?
        .iter()
        .map(|s| Ok((s.text("person_id")?, s.date("birth_date")?)))
        .collect::<StoreResult<Vec<_>>>()?;
    let subjects = crate::case_subjects::of_case_tx(tx, id)
        .await?
        .into_iter()
        .map(|s| (s.id, s.birth_date))
        .collect();
    Ok(Some(CaseCount {
        org_unit_id: r.i64("org_unit_id")?,
        accepted: r.date("accepted_date")?,
        campaign: !r.text("campaigns")?.trim().is_empty(),
        suspects,
        subjects,
    }))
}

/// A seizure as its statistics see it.
pub struct SeizureCount {
    pub case_id: String,
    pub org_unit_id: i64,
    pub kind: String,
    pub seized: Date,
    pub mg: i64,
}

pub async fn seizure_tx(tx: &mut Tx, id: &str) -> StoreResult<Option<SeizureCount>> {
    tx.fetch_optional(
        Q::new("SELECT case_id, org_unit_id, kind, seized_date, quantity_mg FROM seizures WHERE id = $1")
            .bind(id),
    )
    .await?
    .map(|r| {
        Ok(SeizureCount {
            case_id: r.text("case_id")?,
            org_unit_id: r.i64("org_unit_id")?,
            kind: r.text("kind")?,
            seized: r.date("seized_date")?,
            mg: r.i64("quantity_mg")?,
        })
    })
    .transpose()
}

/// A lead's unit, date of receipt and state.
pub async fn lead_tx(tx: &mut Tx, id: &str) -> StoreResult<Option<(i64, Date, String)>> {
    tx.fetch_optional(
        Q::new("SELECT org_unit_id, received_date, state FROM leads WHERE id = $1").bind(id),
    )
    .await?
    .map(|r| {
        Ok((
            r.i64("org_unit_id")?,
            r.date("received_date")?,
            r.text("state")?,
        ))
    })
    .transpose()
}

/// Which records a rebuild walks.
#[derive(Clone, Copy)]
pub enum Counted {
    Cases,
    Seizures,
    Leads,
    Outflow,
}

/// The ids of every record of a kind, for the rebuild.
pub async fn all_ids_tx(tx: &mut Tx, of: Counted) -> StoreResult<Vec<String>> {
    let table = match of {
        Counted::Cases => "cases",
        Counted::Seizures => "seizures",
        Counted::Leads => "leads",
        Counted::Outflow => "outflow_notices",
    };
    tx.fetch_all(Q::new(format!("SELECT id FROM {table} ORDER BY id")))
        .await?
        .iter()
        .map(|r| r.text("id"))
        .collect()
}
