//! Change of the place a community measure is executed (JDTL 22): the
//! sending office records the transfer and the township it goes to; the
//! person must report there within 15 days and the term continues. Until
//! then the person stays with the sending office, and the receiving office
//! sees the incoming measure (masked) in its work queue; its report-in
//! moves the person and the measure to the receiving unit.

use jindu_domain::authz::{Permission, ScopeKind};
use jindu_domain::mask::mask_name;
use jindu_domain::org::OrgLevel;
use jindu_domain::{Event, Measure};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::measures::MeasureView;
use super::unit_cache::UnitCache;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::org::{self, OrgUnit};
use crate::transfers::{self, Incoming, Receipt};
use crate::{measures, persons};

/// Most incoming transfers listed at once.
const MAX_INCOMING: i64 = 500;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferInput {
    /// Day the execution place changed; default today.
    pub on: Option<Date>,
    /// Code of the township (or a village or grid in it) the person moves to.
    pub to_unit: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiveInput {
    /// Day the person reported at the new place; default today.
    pub on: Option<Date>,
    /// Code of the village, or of a grid, of the new residence, inside the
    /// destination township.
    pub unit: String,
}

/// An incoming measure as the receiving office sees it: enough to expect
/// the person, nothing more until they report.
#[derive(Clone, Debug, Serialize)]
pub struct IncomingView {
    pub measure_id: String,
    /// Masked until the person is received.
    pub person_name: String,
    pub kind: String,
    /// The sending unit with its county and township, e.g. 青溪县 › 城关镇 ›
    /// 和平社区.
    pub from_unit: String,
    pub to_unit: String,
    pub to_code: String,
    /// Where the person may be received: (code, name) of the villages of
    /// the destination township and their grids.
    pub places: Vec<(String, String)>,
    pub transferred_on: Option<Date>,
    /// JDTL 22: 15 days to report at the new place.
    pub deadline: Option<Date>,
    pub deadline_explain_zh: Option<String>,
    pub deadline_explain_en: Option<String>,
}

/// The township a unit belongs to (the unit itself if it is one).
async fn township_of(db: &crate::Db, unit: &OrgUnit) -> ServiceResult<Option<OrgUnit>> {
    Ok(org::many(db, &unit.path_ids())
        .await?
        .into_iter()
        .find(|u| u.level == OrgLevel::Township))
}

impl Ctx {
    /// Records the change of execution place of a measure in the actor's
    /// capture scope, to the township of `to_unit` (any township of the
    /// city: moving across counties is the common case).
    pub async fn measure_transfer(
        &self,
        actor: &Actor,
        measure_id: &str,
        input: &TransferInput,
    ) -> ServiceResult<MeasureView> {
        actor.authorize(Permission::PersonCreate, None)?;
        let row = measures::get(&self.db, actor.scope(Permission::PersonCreate), measure_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let to = org::by_code(&self.db, input.to_unit.trim())
            .await?
            .filter(|u| u.active)
            .ok_or_else(|| ServiceError::invalid("to_unit", "org.unknown"))?;
        let to_township = township_of(&self.db, &to)
            .await?
            .ok_or_else(|| ServiceError::invalid("to_unit", "transfer.not_a_township"))?;
        let from = org::many(&self.db, &org::path_ids(&row.org_path)).await?;
        if from.iter().any(|u| u.id == to_township.id) {
            return Err(ServiceError::invalid("to_unit", "transfer.same_township"));
        }
        let on = input.on.unwrap_or_else(|| self.today());
        let mut tx = self.db.begin().await?;
        self.write_event(&mut tx, actor, &row, &Event::Transfer { on })
            .await?;
        transfers::set_destination(&mut tx, measure_id, to_township.id).await?;
        let ev = AuditEvent::new("measure.transfer", "measure", measure_id).details(json!({
            "to_unit": to_township.code,
            "on": on.to_string(),
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        let row =
            measures::get(&self.db, actor.scope(Permission::PersonCreate), measure_id).await?;
        self.measure_view(&row).await
    }

    /// Measures on their way to a township in the actor's capture scope,
    /// the person's name masked: not the receiving office's until received.
    pub async fn transfers_incoming(&self, actor: &Actor) -> ServiceResult<Vec<Incoming>> {
        actor.authorize(Permission::PersonCreate, None)?;
        let scope = actor.scope(Permission::PersonCreate);
        let mut rows = transfers::incoming_in_scope(&self.db, scope, MAX_INCOMING).await?;
        for r in &mut rows {
            r.person_name = mask_name(&r.person_name);
        }
        Ok(rows)
    }

    /// One incoming measure for the receiving office (masked).
    pub async fn transfer_view(
        &self,
        actor: &Actor,
        measure_id: &str,
    ) -> ServiceResult<IncomingView> {
        actor.authorize(Permission::PersonCreate, None)?;
        let inc =
            transfers::incoming_one(&self.db, actor.scope(Permission::PersonCreate), measure_id)
                .await
                .map_err(|_| ServiceError::NotFound)?;
        let to = org::get(&self.db, inc.to_unit_id).await?;
        let from = org::get(&self.db, inc.from_unit_id).await?;
        let from_names: Vec<String> = org::many(&self.db, &org::path_ids(&from.path))
            .await?
            .into_iter()
            .filter(|u| !matches!(u.level, OrgLevel::City))
            .map(|u| u.name)
            .collect();
        let mut places = Vec::new();
        for (village, _) in org::children(&self.db, Some(to.id)).await? {
            let grids = org::children(&self.db, Some(village.id)).await?;
            places.push((village.code.clone(), village.name.clone()));
            for (grid, _) in grids {
                places.push((grid.code, format!("{} · {}", village.name, grid.name)));
            }
        }
        let m: Option<Measure> = serde_json::from_str(&inc.snapshot).ok();
        let last = m.as_ref().and_then(|m| m.transfers().last().cloned());
        let computed = last
            .as_ref()
            .map(|t| Measure::transfer_report_deadline(t, &self.calendar));
        Ok(IncomingView {
            measure_id: inc.measure_id,
            person_name: mask_name(&inc.person_name),
            kind: inc.kind,
            from_unit: from_names.join(" › "),
            to_unit: to.name,
            to_code: to.code,
            places,
            transferred_on: last.map(|t| t.on),
            deadline: computed.as_ref().map(|c| c.date),
            deadline_explain_zh: computed.as_ref().map(|c| c.explain_zh()),
            deadline_explain_en: computed.as_ref().map(|c| c.explain_en()),
        })
    }

    /// The person reported at the new place: records it on the measure and
    /// moves the person and the measure to the village (or grid) of the new
    /// residence. Returns the person's id, now in the actor's scope.
    pub async fn transfer_receive(
        &self,
        actor: &Actor,
        measure_id: &str,
        input: &ReceiveInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::PersonCreate, None)?;
        let inc =
            transfers::incoming_one(&self.db, actor.scope(Permission::PersonCreate), measure_id)
                .await
                .map_err(|_| ServiceError::NotFound)?;
        let unit = org::by_code(&self.db, input.unit.trim())
            .await?
            .filter(|u| u.active)
            .ok_or_else(|| ServiceError::invalid("unit", "org.unknown"))?;
        if !matches!(unit.level, OrgLevel::Village | OrgLevel::Grid) {
            return Err(ServiceError::invalid("unit", "org.level"));
        }
        if !jindu_domain::authz::path_within(&unit.path, &inc.to_path)
            || !actor.scopes.contains(ScopeKind::Capture, &unit.path)
        {
            return Err(ServiceError::invalid(
                "unit",
                "transfer.outside_destination",
            ));
        }
        let (village, grid) = match unit.level {
            OrgLevel::Grid => {
                let parent = unit.parent_id.ok_or(ServiceError::NotFound)?;
                (org::get(&self.db, parent).await?, Some(unit.id))
            }
            _ => (unit.clone(), None),
        };
        let county_code = UnitCache::default().county_code(&self.db, &unit).await?;
        let on = input.on.unwrap_or_else(|| self.today());
        // Access was checked on the destination just above.
        let row = measures::by_id(&self.db, measure_id).await?;
        let mut tx = self.db.begin().await?;
        let measure = self
            .write_event(&mut tx, actor, &row, &Event::ReportAtNewPlace { on })
            .await?;
        transfers::receive(
            &mut tx,
            Receipt {
                measure_id,
                person_id: &inc.person_id,
                county_code: &county_code,
                residence_unit_id: village.id,
                grid_id: grid,
                owner_id: unit.id,
            },
            self.now_ms(),
        )
        .await?;
        // The measure and the person now count for the receiving unit.
        self.track_measure(&mut tx, measure_id, &measure).await?;
        self.track_person_now(&mut tx, &inc.person_id).await?;
        let ev = AuditEvent::new("measure.transfer_receive", "measure", measure_id)
            .details(json!({ "person": inc.person_id, "unit": unit.code, "on": on.to_string() }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        self.links.names.forget_person(&inc.person_id);
        // The person is now the receiving office's: readable in its scope.
        persons::get(
            &self.db,
            actor.scope(Permission::PersonRead),
            &inc.person_id,
        )
        .await
        .map_err(|_| ServiceError::NotFound)?;
        Ok(inc.person_id)
    }
}
