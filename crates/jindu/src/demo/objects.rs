//! Demo objects and places (POLE) on the demo cases, recorded through the
//! services as the police would: each trafficking suspect's phone (a
//! county's crews pass a few "work phones" around, so some phones join
//! sellers), the courier's vehicle in a transport case, the venue a deal
//! was done at (a county has a handful of such venues), the stash of a
//! manufacturing case. Phone numbers use the unallocated 199-99 block and
//! plates the fictional province 南, so none can match a real one.

use std::collections::HashMap;

use jindu_domain::authz::Role;
use jindu_store::Q;
use jindu_store::org::OrgUnit;
use jindu_store::service::objects::{CaseObjectInput, TieInput};
use jindu_store::service::{Actor, Ctx, ServiceError};

use super::rng::Rng;
use crate::failure::CliResult;

/// Its own seed stream, so the other histories of a seed stay as they were.
const OBJECT_STREAM: u64 = 0x6f62_6a65_6374_7321;
/// Shared work phones per county.
const WORK_PHONES: usize = 4;
/// Venues where deals are done, in every county.
const VENUES: &[&str] = &[
    "金沙KTV",
    "夜色酒吧",
    "如家快捷宾馆",
    "顺达物流网点",
    "星光网吧",
    "老街茶楼",
];

/// A suspect of a demo case.
struct Suspect {
    case_id: String,
    case_type: String,
    county: String,
    county_name: String,
    accepted: time::Date,
    person_id: String,
    role: String,
}

/// Ties objects to the demo cases' suspects and cases; answers the ties.
pub async fn load(ctx: &Ctx, seed: u64, root: &OrgUnit) -> CliResult<usize> {
    let mut rng = Rng::new(seed ^ OBJECT_STREAM);
    let police = Actor::cli(Role::PoliceOfficer, &root.path);
    let suspects: Vec<Suspect> = ctx
        .db
        .fetch_all(Q::new(
            "SELECT c.id, c.case_type, c.county_code, o.name AS county_name, c.accepted_date, s.person_id, s.role \
             FROM cases c JOIN case_suspects s ON s.case_id = c.id \
             JOIN org_units o ON o.code = c.county_code \
             ORDER BY c.accepted_date, c.id, s.person_id",
        ))
        .await?
        .iter()
        .map(|r| {
            Ok(Suspect {
                case_id: r.text("id")?,
                case_type: r.text("case_type")?,
                county: r.text("county_code")?,
                county_name: r.text("county_name")?,
                accepted: r.date("accepted_date")?,
                person_id: r.text("person_id")?,
                role: r.text("role")?,
            })
        })
        .collect::<CliResult<_>>()?;
    let mut ties = 0;
    let mut own_phone: HashMap<String, String> = HashMap::new();
    let mut work_phones: HashMap<String, Vec<String>> = HashMap::new();
    let mut cased = std::collections::HashSet::new();
    for s in &suspects {
        let trafficking = matches!(s.role.as_str(), "seller" | "courier" | "organiser");
        let tie = |kind: &str, label: String, role: &str| TieInput {
            kind: kind.into(),
            label,
            role: role.into(),
            source_kind: "case".into(),
            source_id: s.case_id.clone(),
            on_date: Some(s.accepted),
        };
        // Their own phone, once; a crew's work phone now and then.
        let phone = own_phone
            .entry(s.person_id.clone())
            .or_insert_with(|| phone_number(&mut rng))
            .clone();
        ties += tied(ctx, &police, &s.person_id, tie("phone", phone, "uses")).await?;
        if trafficking && rng.chance(0.35) {
            let crew = work_phones
                .entry(s.county.clone())
                .or_insert_with(|| (0..WORK_PHONES).map(|_| phone_number(&mut rng)).collect());
            let work = crew[rng.index(crew.len())].clone();
            ties += tied(ctx, &police, &s.person_id, tie("phone", work, "uses")).await?;
        }
        if s.role == "seller" && rng.chance(0.4) {
            let venue = format!("{}{}", s.county_name, rng.pick(VENUES));
            ties += tied(ctx, &police, &s.person_id, tie("venue", venue, "deals_at")).await?;
        }
        if !cased.insert(s.case_id.clone()) {
            continue;
        }
        // The case's own objects.
        let object = match s.case_type.as_str() {
            "transporting" => Some(("vehicle", plate(&mut rng))),
            "manufacturing" => Some((
                "place",
                format!("{}城郊村{}组出租屋", s.county_name, rng.range(1, 12)),
            )),
            _ => None,
        };
        if let Some((kind, label)) = object {
            let input = CaseObjectInput {
                kind: kind.into(),
                label: label.clone(),
                on_date: Some(s.accepted),
            };
            ctx.case_tie_object(&police, &s.case_id, &input).await?;
            ties += 1;
            if kind == "vehicle" {
                ties += tied(ctx, &police, &s.person_id, tie(kind, label, "uses")).await?;
            }
        }
    }
    Ok(ties)
}

/// One tie through the service: 1 when recorded, 0 when the same tie
/// from the same case was there already.
async fn tied(ctx: &Ctx, police: &Actor, person: &str, input: TieInput) -> CliResult<usize> {
    match ctx.person_tie_object(police, person, &input).await {
        Ok(_) => Ok(1),
        Err(ServiceError::Conflict { .. }) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

/// A number of the unallocated 199-99 block.
fn phone_number(rng: &mut Rng) -> String {
    format!("19999{:06}", rng.range(0, 999_999))
}

/// A plate of the fictional province 南.
fn plate(rng: &mut Rng) -> String {
    let letter = (b'A' + rng.index(8) as u8) as char;
    format!("南{letter}{:05}", rng.range(0, 99_999))
}
