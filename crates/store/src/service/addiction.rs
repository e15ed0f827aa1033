//! Recording the police's addiction determination on the register
//! (吸毒成瘾认定办法, CYRD 4, 6): the platform does not determine addiction,
//! it keeps what the police determined, so "应收尽收" can be counted and a
//! severely addicted person without a measure shows on the dashboard.

use jindu_domain::addiction::{AddictionLevel, SevereGround, check_determination};
use jindu_domain::authz::Permission;
use serde::Deserialize;
use serde_json::json;
use time::Date;

use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::persons;

/// A determination as the officer enters it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddictionInput {
    /// `addicted` or `severe`.
    pub level: String,
    /// The day of the determination; today when left out.
    pub determined_on: Option<Date>,
    /// CYRD 8 grounds (codes), for a severe determination.
    #[serde(default)]
    pub grounds: Vec<String>,
}

impl Ctx {
    /// Records (or corrects) a person's addiction determination, in the
    /// actor's capture scope; the person's place in 应收尽收 follows in the
    /// same transaction. Audited as `person.addiction`.
    pub async fn person_addiction(
        &self,
        actor: &Actor,
        person_id: &str,
        input: &AddictionInput,
    ) -> ServiceResult<()> {
        actor.authorize(Permission::PersonCreate, None)?;
        persons::get(&self.db, actor.scope(Permission::PersonCreate), person_id)
            .await
            .map_err(|_| ServiceError::NotFound)?;
        let level = AddictionLevel::from_code(&input.level)
            .ok_or_else(|| ServiceError::invalid("level", "field.invalid_code"))?;
        let grounds = input
            .grounds
            .iter()
            .map(|g| {
                SevereGround::from_code(g)
                    .ok_or_else(|| ServiceError::invalid("grounds", "field.invalid_code"))
            })
            .collect::<ServiceResult<Vec<_>>>()?;
        check_determination(level, &grounds)
            .map_err(|code| ServiceError::invalid("grounds", code))?;
        let on = input.determined_on.unwrap_or_else(|| self.today());
        if on > self.today() {
            return Err(ServiceError::invalid("determined_on", "date.future"));
        }
        // Stored once each, in the order of the article.
        let codes: Vec<&str> = SevereGround::ALL
            .iter()
            .filter(|g| grounds.contains(g))
            .map(|g| g.code())
            .collect();
        let mut tx = self.db.begin().await?;
        persons::set_addiction(
            &mut tx,
            person_id,
            level.code(),
            on,
            &codes.join(","),
            self.now_ms(),
        )
        .await?;
        self.track_person_now(&mut tx, person_id).await?;
        let ev = AuditEvent::new("person.addiction", "person", person_id)
            .details(json!({ "level": level.code(), "grounds": codes }));
        self.commit_audited(tx, &actor.audit(), ev).await
    }
}
