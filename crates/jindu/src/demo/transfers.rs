//! Demo changes of execution place (JDTL 22): persons under community
//! detox in other counties moved to the demo township a few days ago; the
//! first was received there, the others still wait in the township
//! office's work queue.

use jindu_domain::authz::Role;
use jindu_domain::{Measure, MeasureState};
use jindu_store::measures;
use jindu_store::org::OrgUnit;
use jindu_store::service::transfers::{ReceiveInput, TransferInput};
use jindu_store::service::{Actor, Ctx};
use time::Duration;

use crate::failure::CliResult;

/// Persons moved to the demo township.
const MOVED: usize = 3;

/// Answers (transferred, received).
pub async fn load(
    ctx: &Ctx,
    root: &OrgUnit,
    county: &OrgUnit,
    township: &OrgUnit,
    community: &OrgUnit,
) -> CliResult<(usize, usize)> {
    let sender = Actor::cli(Role::CityOfficer, &root.path);
    let receiver = Actor::cli(Role::TownshipOfficer, &township.path);
    let today = ctx.today();
    let open = measures::open_in_scope(&ctx.db, std::slice::from_ref(&root.path), 20_000).await?;
    let movable: Vec<_> = open
        .into_iter()
        .filter(|m| !m.org_path.starts_with(&county.path))
        // Under agreement for a while: the move comes after it.
        .filter(|m| {
            serde_json::from_str::<Measure>(&m.snapshot).is_ok_and(|s| {
                s.kind().is_community()
                    && s.state() == MeasureState::UnderAgreement
                    && s.agreement_on()
                        .is_some_and(|a| a < today - Duration::days(30))
            })
        })
        .take(MOVED)
        .collect();
    let mut received = 0;
    for (i, m) in movable.iter().enumerate() {
        let on = today - Duration::days(3 + 2 * i as i64);
        let input = TransferInput {
            on: Some(on),
            to_unit: township.code.clone(),
        };
        ctx.measure_transfer(&sender, &m.id, &input).await?;
        if i == 0 {
            let input = ReceiveInput {
                on: Some(today - Duration::days(1)),
                unit: community.code.clone(),
            };
            ctx.transfer_receive(&receiver, &m.id, &input).await?;
            received += 1;
        }
    }
    Ok((movable.len(), received))
}
