//! Demo outflow notices (外流贩毒): other regions' notices of the city's
//! people caught trafficking there, most from a handful of villages where
//! families go out together (家族式、区域性), a scattering from elsewhere.

use jindu_domain::IdNumber;
use jindu_domain::authz::Role;
use jindu_store::Q;
use jindu_store::org::OrgUnit;
use jindu_store::service::outflow::OutflowInput;
use jindu_store::service::{Actor, Ctx};
use time::{Date, Duration};

use super::names;
use super::rng::Rng;
use crate::failure::CliResult;

/// Its own seed stream, so the other histories of a seed stay as they were.
const OUTFLOW_STREAM: u64 = 0x6f75_7466_6c6f_7721;
/// Counties with a village that families go out from (one each, the first
/// counties), and scattered notices elsewhere.
const HOT_VILLAGES: usize = 8;
const SCATTERED: usize = 30;
const REGIONS: &[&str] = &[
    "云南省西双版纳州",
    "云南省德宏州",
    "广东省深圳市",
    "广东省东莞市",
    "广西壮族自治区凭祥市",
    "四川省成都市",
    "浙江省温州市",
    "上海市",
];
const OFFENCES: &[&str] = &["selling", "selling", "transporting", "smuggling"];
/// ID sequences above the register's (900–999, in turn), so a notice
/// never reuses a registered person's number by chance.
const SEQUENCE_FROM: u16 = 900;

/// Answers how many notices were recorded.
pub async fn load(ctx: &Ctx, seed: u64, root: &OrgUnit) -> CliResult<usize> {
    let mut rng = Rng::new(seed ^ OUTFLOW_STREAM);
    let police = Actor::cli(Role::PoliceOfficer, &root.path);
    // Villages with their county's code (the ID numbers' region).
    let villages: Vec<(i64, String)> = ctx
        .db
        .fetch_all(Q::new(
            "SELECT v.id, c.code FROM org_units v JOIN org_units t ON t.id = v.parent_id \
             JOIN org_units c ON c.id = t.parent_id WHERE v.level = 'village' AND c.level = 'county' ORDER BY c.id, v.id",
        ))
        .await?
        .iter()
        .map(|r| Ok((r.i64("id")?, r.text("code")?)))
        .collect::<CliResult<_>>()?;
    if villages.is_empty() {
        return Ok(0);
    }
    let mut sequence = SEQUENCE_FROM;
    let mut record = |village: &(i64, String), surname: &str, rng: &mut Rng| {
        let born =
            Date::from_ordinal_date(1970 + rng.range(0, 35) as i32, 1 + rng.range(0, 360) as u16)
                .unwrap_or(Date::MIN);
        sequence = SEQUENCE_FROM + (sequence + 1 - SEQUENCE_FROM) % 100;
        let male = rng.chance(0.8);
        let id_number = IdNumber::from_parts(&village.1, born, sequence)
            .map(|i| i.as_str().to_string())
            .unwrap_or_default();
        OutflowInput {
            name: format!("{surname}{}", names::given_name(rng, male)),
            id_number,
            org_unit_id: village.0,
            caught_region: rng.pick(REGIONS).to_string(),
            caught_date: Some(ctx.today() - Duration::days(rng.range(3, 700))),
            offence: rng.pick(OFFENCES).to_string(),
            their_case: format!("外协-{}-{:04}", 2025 + rng.range(0, 1), rng.range(1, 9999)),
        }
    };
    let mut notices = Vec::new();
    let mut counties: Vec<&str> = villages.iter().map(|v| v.1.as_str()).collect();
    counties.dedup();
    for county in counties.iter().take(HOT_VILLAGES) {
        let own: Vec<&(i64, String)> = villages.iter().filter(|v| v.1 == *county).collect();
        let village = own[rng.index(own.len())].clone();
        // One to three families of two to five, and a few neighbours.
        for _ in 0..rng.range(1, 3) {
            let surname = names::surname(&mut rng);
            for _ in 0..rng.range(2, 5) {
                notices.push(record(&village, surname, &mut rng));
            }
        }
        for _ in 0..rng.range(1, 3) {
            let surname = names::surname(&mut rng);
            notices.push(record(&village, surname, &mut rng));
        }
    }
    for _ in 0..SCATTERED {
        let village = villages[rng.index(villages.len())].clone();
        let surname = names::surname(&mut rng);
        notices.push(record(&village, surname, &mut rng));
    }
    for n in &notices {
        ctx.outflow_create(&police, n).await?;
    }
    Ok(notices.len())
}
