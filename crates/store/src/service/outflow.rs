//! Outflow trafficking (外流贩毒) for the police: other regions' notices of
//! local people caught trafficking there, recorded at the person's home
//! village; the villages and families they come from ("家族式、区域性"
//! groups); and their count per month and unit as an indicator, so counties
//! rank by where outflow traffickers come from.

use jindu_domain::IdNumber;
use jindu_domain::authz::Permission;
use jindu_domain::enforcement::CaseType;
use jindu_domain::enforcement::outflow::{self, family_name};
use jindu_domain::indicators::{self, OF_OUTFLOW};
use jindu_domain::mask_name;
use jindu_domain::org::OrgLevel;
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::Date;

use super::{Actor, Ctx, Page, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::crypto::random_bytes;
use crate::db::Tx;
use crate::indicators::Member;
use crate::outflow::{self as store, NewOutflow, OutflowRow};
use crate::{org, persons};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutflowInput {
    pub name: String,
    pub id_number: String,
    /// The home village (户籍地村/社区), in the caller's capture scope.
    pub org_unit_id: i64,
    /// Where they were caught (the notifying region).
    pub caught_region: String,
    /// Today when left out.
    pub caught_date: Option<Date>,
    /// The offence, a drug case type (贩卖、运输 …).
    pub offence: String,
    /// The other region's case number.
    #[serde(default)]
    pub their_case: String,
}

/// A notice as listed: the name masked, the ID number masked.
#[derive(Clone, Debug, Serialize)]
pub struct OutflowView {
    pub id: String,
    pub name: String,
    pub family_name: String,
    pub village_id: i64,
    pub village: String,
    pub caught_region: String,
    pub caught_date: Date,
    pub offence: String,
    pub their_case: String,
    /// The person on the register, when they are on it.
    pub person_id: Option<String>,
}

/// A family inside a village's group.
#[derive(Clone, Debug, Serialize)]
pub struct FamilyView {
    pub family_name: String,
    /// Indexes into the group's members.
    pub members: Vec<usize>,
}

/// The outflow traffickers of one home village (区域性), with the families
/// among them (家族式).
#[derive(Clone, Debug, Serialize)]
pub struct OutflowGroupView {
    pub village_id: i64,
    pub village: String,
    pub members: Vec<OutflowView>,
    pub families: Vec<FamilyView>,
}

fn aad(id: &str) -> String {
    format!("outflow/{id}/id_number")
}

fn view(r: OutflowRow) -> OutflowView {
    OutflowView {
        name: mask_name(&r.name),
        id: r.id,
        family_name: r.family_name,
        village_id: r.org_unit_id,
        village: r.village,
        caught_region: r.caught_region,
        caught_date: r.caught_date,
        offence: r.offence,
        their_case: r.their_case,
        person_id: r.person_id,
    }
}

impl Ctx {
    /// Records another region's notice. The village must be a village or
    /// community in the actor's capture scope; a person on the register
    /// with the ID number is linked. Audited as `outflow.create`.
    pub async fn outflow_create(
        &self,
        actor: &Actor,
        input: &OutflowInput,
    ) -> ServiceResult<String> {
        actor.authorize(Permission::CaseWrite, None)?;
        let mut errors: Vec<(String, String)> = Vec::new();
        let mut field = |f: &str, code: &str| errors.push((f.into(), code.into()));
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 50 {
            field("name", "field.required");
        }
        let id_number = IdNumber::parse(&input.id_number)
            .map_err(|e| field("id_number", e.code()))
            .ok();
        let region = input.caught_region.trim();
        if region.is_empty() || region.chars().count() > 100 {
            field("caught_region", "field.required");
        }
        let caught = input.caught_date.unwrap_or_else(|| self.today());
        if caught > self.today() {
            field("caught_date", "date.future");
        }
        if CaseType::from_code(&input.offence).is_none() {
            field("offence", "field.invalid_code");
        }
        let their_case: String = input.their_case.trim().chars().take(60).collect();
        let village = org::get(&self.db, input.org_unit_id)
            .await
            .ok()
            .filter(|u| {
                u.level == OrgLevel::Village
                    && actor
                        .authorize(Permission::CaseWrite, Some(&u.path))
                        .is_ok()
            });
        if village.is_none() {
            field("org_unit_id", "outflow.village");
        }
        let (Some(id_number), Some(village), true) = (id_number, village, errors.is_empty()) else {
            return Err(ServiceError::Fields(errors));
        };
        let id = persons::uuid_v4(random_bytes::<16>());
        let bidx = self.keys.blind_index("id_number", id_number.as_str());
        let on_register = persons::by_blind_index_read(&self.db, &bidx).await?;
        let mut cache = super::unit_cache::UnitCache::default();
        let county_code = cache.county_code(&self.db, &village).await?;
        let record = NewOutflow {
            id: &id,
            county_code: &county_code,
            org_unit_id: village.id,
            name,
            family_name: family_name(name),
            id_number_enc: self.keys.encrypt(id_number.as_str(), &aad(&id))?,
            id_number_bidx: bidx,
            birth_date: id_number.birth_date(),
            caught_region: region,
            caught_date: caught,
            offence: &input.offence,
            their_case: &their_case,
            person_id: on_register.as_ref().map(|(p, _)| p.as_str()),
            created_by: actor.user_id,
        };
        let mut tx = self.db.begin().await?;
        store::insert(&mut tx, record, self.now_ms()).await?;
        self.track_outflow(&mut tx, &id).await?;
        let ev = AuditEvent::new("outflow.create", "outflow_notice", &id).details(json!({
            "org_unit_id": village.id, "offence": input.offence, "on_register": on_register.is_some(),
            "fields": ["name", "id_number", "caught_region", "caught_date", "their_case"]
        }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(id)
    }

    /// Notices in the actor's search scope, the latest first. Audited as
    /// `outflow.search`.
    pub async fn outflow_list(
        &self,
        actor: &Actor,
        page: Page,
    ) -> ServiceResult<(Vec<OutflowView>, i64)> {
        actor.authorize(Permission::CaseRead, None)?;
        let (rows, total) = store::list(
            &self.db,
            actor.scope(Permission::CaseRead),
            page.offset(),
            page.per_page,
        )
        .await?;
        let ev = AuditEvent::new("outflow.search", "outflow_notice", "")
            .details(json!({ "results": rows.len(), "total": total }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok((rows.into_iter().map(view).collect(), total))
    }

    /// The villages of the actor's search scope that outflow traffickers
    /// come from in numbers (three or more) or as a family (two of one
    /// family name), largest first. Audited as `outflow.groups`.
    pub async fn outflow_groups(&self, actor: &Actor) -> ServiceResult<Vec<OutflowGroupView>> {
        actor.authorize(Permission::CaseRead, None)?;
        let rows = store::all_in_scope(&self.db, actor.scope(Permission::CaseRead)).await?;
        let keys: Vec<(i64, &str)> = rows
            .iter()
            .map(|r| (r.org_unit_id, r.family_name.as_str()))
            .collect();
        let found = outflow::groups(&keys);
        let out: Vec<OutflowGroupView> = found
            .into_iter()
            .map(|g| {
                let at = |i: usize| g.members.iter().position(|m| *m == i).unwrap_or(0);
                OutflowGroupView {
                    village_id: g.village,
                    village: rows[g.members[0]].village.clone(),
                    families: g
                        .families
                        .iter()
                        .map(|(f, m)| FamilyView {
                            family_name: f.clone(),
                            members: m.iter().map(|&i| at(i)).collect(),
                        })
                        .collect(),
                    members: g.members.iter().map(|&i| view(rows[i].clone())).collect(),
                }
            })
            .collect();
        let ev = AuditEvent::new("outflow.groups", "outflow_notice", "")
            .details(json!({ "groups": out.len() }));
        self.audit_only(&actor.audit(), ev).await?;
        Ok(out)
    }

    /// A notice's place in the outflow count (after it is recorded).
    pub(super) async fn track_outflow(&self, tx: &mut Tx, id: &str) -> ServiceResult<()> {
        let Some((unit, caught, person)) = store::counting_tx(tx, id).await? else {
            return Ok(());
        };
        for code in OF_OUTFLOW {
            let new = indicators::of_outflow(*code, caught).map(|m| Member {
                source_id: id.to_string(),
                person_id: person.clone(),
                period: m.month.to_string(),
                org_unit_id: unit,
                numerator: m.numerator,
                weight: 1,
            });
            self.keep(tx, code.code(), id, None, new.as_ref()).await?;
        }
        Ok(())
    }
}
