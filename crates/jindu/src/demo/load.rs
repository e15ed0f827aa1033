//! Loads a generated demo city into the database: the org tree in one
//! transaction, then the registered persons in batches, each with the real
//! field encryption and blind index, exactly as `Ctx::person_register`
//! stores them, and each transaction with its own audit entry.

use jindu_domain::IdNumber;
use jindu_domain::org::OrgLevel;
use jindu_domain::register::{RegisterStatus, RegistrationSource};
use jindu_store::audit::{AuditActor, AuditEvent};
use jindu_store::crypto::Keys;
use jindu_store::org::{self, OrgUnit};
use jindu_store::persons::{self, NewPerson, PlainPerson, RegisterFields};
use jindu_store::service::Ctx;
use serde_json::json;
use time::Date;

use super::geography::{DemoUnit, Level, ancestor_at, children_index, generate_city};
use super::people::{DemoPerson, generate_people};
use super::rng::Rng;
use crate::failure::{CliResult, Failure};

/// Registered persons in a default demo city.
pub const DEFAULT_PERSONS: usize = 4_000;
/// Persons per transaction: large enough to be fast, small enough that no
/// transaction holds the writer for long.
const BATCH: usize = 500;
/// Seeds the stream of person ids apart from the people themselves, so the
/// same seed gives the same ids without disturbing the generator's stream.
const ID_STREAM: u64 = 0x7065_7273_6f6e_6964;

/// A generated city, not yet stored.
pub struct Generated {
    pub seed: u64,
    pub units: Vec<DemoUnit>,
    pub people: Vec<DemoPerson>,
}

/// Generates the city and its people from one seed, as of `today`.
pub fn generate(seed: u64, persons: usize, today: Date) -> Generated {
    let mut rng = Rng::new(seed);
    let units = generate_city(&mut rng);
    let people = generate_people(&mut rng, &units, persons, today);
    Generated {
        seed,
        units,
        people,
    }
}

/// Where the demo accounts work, as indices into the generated units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    pub city: usize,
    /// The first county (by code).
    pub county: usize,
    /// The township of that county where most persons live.
    pub township: usize,
    /// The community of that township where most persons live (a 社区
    /// rather than a village when there is a choice).
    pub community: usize,
}

impl Generated {
    pub fn placement(&self) -> Option<Placement> {
        let units = &self.units;
        let children = children_index(units);
        let city = units.iter().position(|u| u.level == Level::City)?;
        let county = units.iter().position(|u| u.level == Level::County)?;
        let residents = |index: usize, level: Level| {
            self.people
                .iter()
                .filter(|p| ancestor_at(units, p.residence_unit, level) == Some(index))
                .count()
        };
        // The first best: ties keep code order.
        let best = |candidates: &[usize], key: &dyn Fn(usize) -> (bool, usize)| {
            candidates
                .iter()
                .copied()
                .fold(None, |best: Option<(usize, (bool, usize))>, i| {
                    let k = key(i);
                    match best {
                        Some((_, bk)) if bk >= k => best,
                        _ => Some((i, k)),
                    }
                })
                .map(|(i, _)| i)
        };
        let townships = children.get(county)?;
        let township = best(townships, &|t| (true, residents(t, Level::Township)))?;
        let villages = children.get(township)?;
        let community = best(villages, &|v| {
            (
                units.get(v).is_some_and(|u| u.urban),
                residents(v, Level::Village),
            )
        })?;
        Some(Placement {
            city,
            county,
            township,
            community,
        })
    }
}

/// The audit identity of the demo loader.
pub fn loader_actor() -> AuditActor {
    AuditActor {
        username: "demo".into(),
        role: "system".into(),
        client_addr: "console".into(),
        request_id: "demo.load".into(),
        ..Default::default()
    }
}

fn org_level(level: Level) -> OrgLevel {
    match level {
        Level::City => OrgLevel::City,
        Level::County => OrgLevel::County,
        Level::Township => OrgLevel::Township,
        Level::Village => OrgLevel::Village,
        Level::Grid => OrgLevel::Grid,
    }
}

/// Inserts every unit (parents first) in one transaction with one audit
/// entry; returns the stored units in the generator's order.
pub async fn load_units(ctx: &Ctx, generated: &Generated) -> CliResult<Vec<OrgUnit>> {
    let now = ctx.now_ms();
    let mut tx = ctx.db.begin().await?;
    let mut stored: Vec<OrgUnit> = Vec::with_capacity(generated.units.len());
    for (i, u) in generated.units.iter().enumerate() {
        let parent = match u.parent {
            None => None,
            Some(p) => Some(stored.get(p).ok_or_else(|| {
                Failure::new(format!(
                    "demo unit {} ({}) comes before its parent",
                    i, u.code
                ))
            })?),
        };
        let unit = org::insert(&mut tx, parent, org_level(u.level), &u.code, &u.name, now).await?;
        stored.push(unit);
    }
    let ev = AuditEvent::new("demo.load", "org_unit", "")
        .details(json!({ "units": stored.len(), "seed": generated.seed }));
    ctx.commit_audited(tx, &loader_actor(), ev).await?;
    Ok(stored)
}

/// A UUID v4-shaped id drawn from the demo's own stream.
fn person_id(rng: &mut Rng) -> String {
    persons::uuid_v4(rng.bytes16())
}

/// The stored record of one generated person, protected fields encrypted
/// and bound to the row id (AAD `persons/{id}/{field}`).
fn new_person(
    keys: &Keys,
    g: &Generated,
    stored: &[OrgUnit],
    p: &DemoPerson,
    id: String,
) -> CliResult<NewPerson> {
    let unit = |index: usize| {
        stored
            .get(index)
            .ok_or_else(|| Failure::new(format!("demo person refers to unknown unit {index}")))
    };
    let id_number = IdNumber::from_parts(&p.id_region, p.birth, p.id_sequence)
        .map_err(|e| Failure::new(format!("demo ID number for {}: {}", p.name, e.code())))?;
    let sex = id_number.sex();
    if (sex == jindu_domain::Sex::Male) != p.male {
        return Err(Failure::new(format!(
            "demo person {}: sex does not match the ID number",
            p.name
        )));
    }
    let grid = unit(p.residence_grid)?;
    let county_code = ancestor_at(&g.units, p.residence_grid, Level::County)
        .and_then(|c| g.units.get(c))
        .map(|c| c.code.clone())
        .ok_or_else(|| Failure::new(format!("demo grid {} has no county", grid.code)))?;
    Ok(NewPerson::seal(
        keys,
        PlainPerson {
            id,
            county_code,
            org_unit_id: grid.id,
            name: p.name.clone(),
            id_number: &id_number,
            phone: Some(&p.phone),
            household_unit_id: unit(p.household_unit)?.id,
            household_address: &p.household_address,
            residence_unit_id: unit(p.residence_unit)?.id,
            residence_grid_id: Some(grid.id),
            residence_address: &p.residence_address,
            first_reg_unit_id: unit(p.first_registration_unit)?.id,
            first_reg_officer: p.first_registration_officer.clone(),
            first_reg_date: p.first_registered,
            created_by: None,
            register: RegisterFields {
                status: RegisterStatus::Registered.code().to_string(),
                registration_source: RegistrationSource::Other.code().to_string(),
                ..Default::default()
            },
        },
    )?)
}

/// Registers every generated person, `BATCH` per transaction, each batch
/// with one audit entry. Returns how many were stored.
pub async fn load_people(ctx: &Ctx, g: &Generated, stored: &[OrgUnit]) -> CliResult<usize> {
    let mut ids = Rng::new(g.seed ^ ID_STREAM);
    let batches = g.people.len().div_ceil(BATCH);
    for (n, chunk) in g.people.chunks(BATCH).enumerate() {
        let records = chunk
            .iter()
            .map(|p| new_person(&ctx.keys, g, stored, p, person_id(&mut ids)))
            .collect::<CliResult<Vec<_>>>()?;
        let now = ctx.now_ms();
        let mut tx = ctx.db.begin().await?;
        for r in records {
            persons::insert(&mut tx, r, now).await?;
        }
        let ev = AuditEvent::new("demo.load", "person", "")
            .details(json!({ "persons": chunk.len(), "batch": n + 1, "batches": batches }));
        ctx.commit_audited(tx, &loader_actor(), ev).await?;
    }
    Ok(g.people.len())
}

#[cfg(test)]
mod tests {
    use jindu_domain::authz::Role;
    use jindu_domain::totp;
    use jindu_store::persons::{PersonFilter, PersonSort};
    use jindu_store::service::auth::{Client, LoginMode};
    use jindu_store::sessions::Stage;
    use jindu_store::{audit, users};
    use time::macros::date;

    use super::*;
    use crate::demo::accounts::{self, DEFAULT_PASSWORD, USERNAMES, Units};
    use crate::open::{self, Create, Target};

    const TODAY: Date = date!(2026 - 06 - 30);

    async fn fresh(dir: &std::path::Path) -> Ctx {
        let target = Target::data_dir(dir, None);
        let (db, applied) = target.open_db(Create::Yes).await.unwrap();
        assert!(!applied.is_empty());
        open::context(db, target.keys(Create::Yes).unwrap())
    }

    #[test]
    fn generation_and_placement_are_deterministic() {
        let a = generate(11, 200, TODAY);
        let b = generate(11, 200, TODAY);
        assert_eq!(a.units, b.units);
        assert_eq!(a.people, b.people);
        assert_eq!(a.placement(), b.placement());
        let (mut r1, mut r2) = (Rng::new(5), Rng::new(5));
        let id = person_id(&mut r1);
        assert_eq!(id, person_id(&mut r2));
        assert_eq!((id.len(), &id[14..15]), (36, "4"));
    }

    #[test]
    fn placement_follows_the_tree() {
        let g = generate(2026, 2_000, TODAY);
        let p = g.placement().unwrap();
        let u = &g.units;
        assert_eq!(u[p.city].level, Level::City);
        assert_eq!(u[p.county].code, "990101");
        assert_eq!(
            (u[p.township].level, u[p.township].parent),
            (Level::Township, Some(p.county))
        );
        assert_eq!(
            (u[p.community].level, u[p.community].parent),
            (Level::Village, Some(p.township))
        );
        assert!(g.people.iter().any(|x| x.residence_unit == p.community));
    }

    #[tokio::test]
    async fn loads_a_city_people_and_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = fresh(dir.path()).await;
        let g = generate(7, 600, TODAY);
        let placement = g.placement().unwrap();
        let stored = load_units(&ctx, &g).await.unwrap();
        assert_eq!(org::count(&ctx.db).await.unwrap() as usize, g.units.len());
        assert!(g.units.len() > 5_000, "{}", g.units.len());
        for (s, u) in stored.iter().zip(&g.units) {
            assert_eq!(s.code, u.code);
            let parent_code = u.parent.map(|p| g.units[p].code.as_str());
            assert_eq!(
                jindu_domain::validate_code(org_level(u.level), &u.code, parent_code),
                Ok(()),
                "{}",
                u.code
            );
        }
        assert_eq!(load_people(&ctx, &g, &stored).await.unwrap(), 600);
        let units = Units {
            city: &stored[placement.city],
            county: &stored[placement.county],
            township: &stored[placement.township],
            community: &stored[placement.community],
        };
        accounts::create(&ctx, &accounts::specs(&units), DEFAULT_PASSWORD)
            .await
            .unwrap();
        assert_eq!(
            open::user_count(&ctx.db).await.unwrap(),
            USERNAMES.len() as i64
        );

        // One entry for the units, one per batch of persons, one for the accounts.
        let report = audit::verify(&ctx.db, &ctx.keys).await.unwrap();
        assert!(report.ok(), "{report:?}");
        assert_eq!(report.entries, 1 + 2 + 1);

        // Every person decrypts, carries a valid 99… ID number matching the
        // stored sex and birth date, and is found through the blind index.
        let all = ["/".to_string()];
        let (rows, total) = persons::list(
            &ctx.db,
            &all,
            &PersonFilter::default(),
            PersonSort::Name,
            0,
            1_000,
        )
        .await
        .unwrap();
        assert_eq!((rows.len(), total), (600, 600));
        for r in rows.iter().take(50) {
            let plain = ctx
                .keys
                .decrypt(&r.id_number_enc, &format!("persons/{}/id_number", r.id))
                .unwrap();
            assert!(plain.starts_with("99"), "{plain}");
            let id = IdNumber::parse(&plain).unwrap();
            assert_eq!(
                (id.sex().code(), id.birth_date()),
                (r.sex.as_str(), r.birth_date)
            );
            assert!(id.region_code().starts_with("9901") && r.county_code.starts_with("9901"));
            assert!(
                r.org_path
                    .ends_with(&format!("/{}/", r.residence_grid_id.unwrap()))
            );
            let phone = ctx
                .keys
                .decrypt(
                    r.phone_enc.as_ref().unwrap(),
                    &format!("persons/{}/phone", r.id),
                )
                .unwrap();
            assert!(phone.starts_with("154"), "{phone}");
            let f = PersonFilter {
                id_number_bidx: Some(ctx.keys.blind_index("id_number", &plain)),
                ..Default::default()
            };
            let (found, n) = persons::list(&ctx.db, &all, &f, PersonSort::Name, 0, 10)
                .await
                .unwrap();
            assert_eq!((n, found[0].id.as_str()), (1, r.id.as_str()));
        }

        // The accounts work through the service layer: scopes as placed,
        // and the administrators' TOTP secret is enrolled as the web's
        // enrolment would store it.
        let client = Client::default();
        let social = users::by_username(&ctx.db, "social_worker")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (social.role, social.org_unit_id),
            (Role::SocialWorker, units.community.id)
        );
        let actor = ctx.actor_for(&social, &client).await.unwrap();
        let (_, seen) = ctx
            .person_list(
                &actor,
                &Default::default(),
                jindu_store::service::Page::new(None, None),
            )
            .await
            .unwrap();
        assert!(seen > 0 && seen < 600, "{seen}");
        let county = users::by_username(&ctx.db, "county_officer")
            .await
            .unwrap()
            .unwrap();
        let actor = ctx.actor_for(&county, &client).await.unwrap();
        let (_, seen) = ctx
            .person_list(
                &actor,
                &Default::default(),
                jindu_store::service::Page::new(None, None),
            )
            .await
            .unwrap();
        let in_county = g
            .people
            .iter()
            .filter(|p| {
                ancestor_at(&g.units, p.residence_unit, Level::County) == Some(placement.county)
            })
            .count();
        assert_eq!(seen as usize, in_county);

        let admin = users::by_username(&ctx.db, "admin").await.unwrap().unwrap();
        assert!(!admin.must_change_password);
        let secret = ctx
            .keys
            .decrypt(
                admin.totp_secret.as_ref().unwrap(),
                &format!("users/{}/totp", admin.id),
            )
            .unwrap();
        let bytes = totp::decode_secret(&secret).unwrap();
        assert_eq!(bytes.len(), 20);
        let code = format!(
            "{:06}",
            totp::code_at(&bytes, totp::step_of(ctx.now_ms() / 1000), totp::DIGITS)
        );
        let login = ctx
            .login(
                "admin",
                DEFAULT_PASSWORD,
                Some(&code),
                LoginMode::OneShot,
                &client,
            )
            .await
            .unwrap();
        assert_eq!(login.stage, Stage::Full);
        let officer = ctx
            .login(
                "city_officer",
                DEFAULT_PASSWORD,
                None,
                LoginMode::OneShot,
                &client,
            )
            .await
            .unwrap();
        assert_eq!(officer.stage, Stage::Full);

        let shown = accounts::show(&ctx, DEFAULT_PASSWORD).await.unwrap();
        assert_eq!(shown.len(), USERNAMES.len());
        assert!(shown.iter().all(|s| s.password_matches));
        assert_eq!(shown.iter().filter(|s| s.totp_secret.is_some()).count(), 3);
        assert!(
            shown[0]
                .otpauth_uri()
                .unwrap()
                .starts_with("otpauth://totp/Jindu:admin?secret=")
        );
    }
}
