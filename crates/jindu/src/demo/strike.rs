//! Demo strike data, shaped as a real supply network is: sellers drawn by
//! preferential attachment (a few hubs with hundreds of buyers, mostly in
//! their own county), a handful of wholesalers above them; the 双逢双查
//! source traces of the last three years' new users (most closed with
//! their seller, some with a reason, a few open or overdue); and cases
//! across types and stages recorded through the services, whose sellers'
//! up/down-line traces mostly lead to a wholesaler.

use std::collections::HashMap;

use jindu_domain::IdNumber;
use jindu_domain::authz::Role;
use jindu_domain::enforcement::trace;
use jindu_domain::enforcement::{CaseStage, CaseType, LinkKind, TraceKind};
use jindu_store::audit::AuditEvent;
use jindu_store::org::OrgUnit;
use jindu_store::persons::uuid_v4;
use jindu_store::service::case_subjects::SubjectInput;
use jindu_store::service::cases::{CaseInput, SeizureInput, StageInput, SuspectInput};
use jindu_store::service::{Actor, Ctx, ServiceError};
use jindu_store::trace_tasks::{self, Closure, NewTask};
use jindu_store::{Q, Tx, links};
use serde_json::json;
use time::{Date, Duration};

use super::load::loader_actor;
use super::rng::Rng;
use crate::failure::CliResult;

/// Its own seed stream, so the other histories of a seed stay as they were.
const STRIKE_STREAM: u64 = 0x7374_7269_6b65_2121;
/// One person in this many of those registered over three years ago sells.
const SELLER_EVERY: u64 = 40;
/// Why a source trace found nobody.
const REASONS: &[&str] = &[
    "网上向陌生人购买，对方账号已注销",
    "拒不交代毒品来源",
    "自称在外地务工时购买，上线身份不明",
    "上线已死亡",
];
const CASE_TYPES: &[(&str, u32)] = &[
    ("selling", 60),
    ("transporting", 12),
    ("manufacturing", 4),
    ("smuggling", 4),
    ("possession", 14),
    ("harbouring", 6),
    ("precursors", 3),
];
const PLACES: &[&str] = &[
    "出租屋",
    "宾馆房间",
    "物流网点",
    "高速公路收费站",
    "娱乐场所包厢",
];
const DRUGS: &[&str] = &["methamphetamine", "heroin", "ketamine", "mdma"];
/// Precursor chemicals of the 易制毒化学品 list, as seized.
const PRECURSORS: &[&str] = &["麻黄碱", "羟亚胺", "邻氯苯基环戊酮", "1-苯基-2-丙酮"];

#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub cases: usize,
    pub traces: usize,
    pub links: usize,
}

struct Person {
    id: String,
    /// The surname, for case titles (李某贩卖毒品案).
    surname: String,
    unit: i64,
    /// The county unit, which the person's cases belong to.
    county_unit: i64,
    county: String,
    first: Date,
}

/// Loads the network, the traces and the cases.
pub async fn load(ctx: &Ctx, seed: u64, root: &OrgUnit) -> CliResult<Loaded> {
    let mut rng = Rng::new(seed ^ STRIKE_STREAM);
    let today = ctx.today();
    let people = persons(ctx).await?;
    let three_years = today - Duration::days(3 * 365);
    let (mut sellers, mut buyers) = (Vec::new(), Vec::new());
    for (i, p) in people.iter().enumerate() {
        if p.first < three_years {
            if rng.below(SELLER_EVERY) == 0 {
                sellers.push(i);
            }
        } else {
            buyers.push(i);
        }
    }
    if sellers.len() < 2 {
        return Ok(Loaded::default());
    }
    let wholesalers: Vec<usize> = sellers
        .iter()
        .copied()
        .take(12.min(sellers.len() / 2))
        .collect();
    // Sellers (as indexes into `sellers`) and buyers by county, once.
    let mut sellers_in: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, &p) in sellers.iter().enumerate() {
        sellers_in
            .entry(people[p].county.as_str())
            .or_default()
            .push(i);
    }
    let mut buyers_in: HashMap<&str, Vec<usize>> = HashMap::new();
    for &b in &buyers {
        buyers_in
            .entry(people[b].county.as_str())
            .or_default()
            .push(b);
    }
    let mut degree = vec![1u32; sellers.len()];
    let mut out = Loaded::default();
    let mut tx = ctx.db.begin().await?;
    let now = ctx.now_ms();
    for &b in &buyers {
        let buyer = &people[b];
        // Almost always a seller of the buyer's own county; rarely anyone's.
        let local = sellers_in
            .get(buyer.county.as_str())
            .cloned()
            .unwrap_or_default();
        let pool: Vec<usize> = if !local.is_empty() && rng.chance(0.97) {
            local
        } else {
            (0..sellers.len()).collect()
        };
        let weights: Vec<u32> = pool.iter().map(|&s| degree[s]).collect();
        let s = pool[rng.weighted(&weights)];
        let outcome = rng.unit();
        let closed = buyer.first + Duration::days(rng.range(3, 25));
        let found = outcome < 0.72 && closed <= today;
        if found {
            degree[s] += 1;
        }
        let supplier = found.then(|| people[sellers[s]].id.as_str());
        let reason = (!found && outcome < 0.85 && closed <= today).then(|| *rng.pick(REASONS));
        let shut = (supplier.is_some() || reason.is_some()).then_some(closed);
        out.links += trace_bulk(
            &mut tx,
            &mut rng,
            TraceKind::Source,
            buyer,
            "",
            (shut, supplier, reason),
            now,
        )
        .await?;
        out.traces += 1;
    }
    let ev = AuditEvent::new("demo.load", "trace_task", "")
        .details(json!({ "traces": out.traces, "links": out.links }));
    ctx.commit_audited(tx, &loader_actor(), ev).await?;
    // Cases on most sellers, and minor ones (possession, harbouring) on
    // some buyers, through the services.
    let police = Actor::cli(Role::PoliceOfficer, &root.path);
    let weights: Vec<u32> = CASE_TYPES.iter().map(|(_, w)| *w).collect();
    let mut numbers = 0;
    for &s in &sellers {
        if wholesalers.contains(&s) || !rng.chance(0.9) {
            continue;
        }
        let seller = &people[s];
        let case_type = CASE_TYPES[rng.weighted(&weights)].0;
        let role = if case_type == "transporting" {
            "courier"
        } else {
            "seller"
        };
        let mut suspects = vec![(seller, role)];
        // A buyer caught with them, from their own county.
        let local = buyers_in
            .get(seller.county.as_str())
            .map_or(&[][..], Vec::as_slice);
        if let Some(&b) = local.get(rng.index(local.len())) {
            suspects.push((&people[b], "buyer"));
        }
        numbers += 1;
        let (id, accepted) =
            record_case(ctx, &police, &mut rng, numbers, case_type, &suspects).await?;
        out.cases += 1;
        // The seller's up/down-line trace, opened by the case: mostly a
        // wholesaler found.
        // Each county's sellers buy from their own wholesaler, so the
        // network falls into a few groups rather than one.
        let county = seller
            .county
            .bytes()
            .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
        let w = wholesalers[county % wholesalers.len()];
        let closed = accepted + Duration::days(rng.range(5, 40));
        if CaseType::from_code(case_type).is_some_and(CaseType::is_trafficking) && closed <= today {
            let mut tx = ctx.db.begin().await?;
            let found = rng.chance(0.75).then(|| people[w].id.as_str());
            let reason = found.is_none().then(|| *rng.pick(REASONS));
            out.links += close_open(
                &mut tx,
                &id,
                seller,
                (Some(closed), found, reason),
                ctx.now_ms(),
            )
            .await?;
            let ev = AuditEvent::new("demo.load", "trace_task", "").details(json!({ "case": id }));
            ctx.commit_audited(tx, &loader_actor(), ev).await?;
        }
    }
    for &b in &buyers {
        if !rng.chance(0.06) {
            continue;
        }
        let (case_type, role) = *rng.pick(&[("possession", "other"), ("harbouring", "harbourer")]);
        numbers += 1;
        record_case(
            ctx,
            &police,
            &mut rng,
            numbers,
            case_type,
            &[(&people[b], role)],
        )
        .await?;
        out.cases += 1;
    }
    Ok(out)
}

/// Records a case of the first suspect's county through the services,
/// with a seizure, and moves it along; answers its id and acceptance day.
async fn record_case(
    ctx: &Ctx,
    police: &Actor,
    rng: &mut Rng,
    n: usize,
    case_type: &str,
    suspects: &[(&Person, &str)],
) -> CliResult<(String, Date)> {
    let accepted = ctx.today() - Duration::days(rng.range(20, 720));
    let input = CaseInput {
        number: format!("南公禁毒-{}-{n:04}", accepted.year()),
        case_type: case_type.into(),
        title: format!(
            "{}某{}案",
            suspects[0].0.surname,
            CaseType::from_code(case_type).map_or("", CaseType::label_zh)
        ),
        org_unit_id: suspects[0].0.county_unit,
        accepted_date: Some(accepted),
        place: rng.pick(PLACES).to_string(),
        handling_unit: "市公安局禁毒支队".into(),
        campaigns: if rng.chance(0.6) {
            vec!["两打两控".into()]
        } else {
            Vec::new()
        },
        organised_crime: rng.chance(0.05),
        suspects: suspects
            .iter()
            .map(|(p, role)| SuspectInput {
                person_id: p.id.clone(),
                role: (*role).into(),
            })
            .collect(),
    };
    let id = ctx.case_create(police, &input).await?;
    // Tenths of a gram of a drug, or of a kilogram of a precursor.
    let (kind, substance, tenths) = match case_type {
        "precursors" => ("precursor", *rng.pick(PRECURSORS), rng.range(20, 5_000)),
        "possession" => ("drug", *rng.pick(DRUGS), rng.range(2, 500)),
        _ => ("drug", *rng.pick(DRUGS), rng.range(5, 50_000)),
    };
    let seizure = SeizureInput {
        kind: kind.into(),
        substance: substance.to_string(),
        quantity: tenths as f64 / 10.0,
        seized_date: Some(accepted),
        place: String::new(),
    };
    ctx.case_seizure(police, &id, &seizure).await?;
    // Half the transports had a courier who does not use drugs: a suspect
    // off the register.
    if case_type == "transporting" && rng.chance(0.5) {
        let born = accepted - Duration::days(rng.range(18 * 366, 45 * 366));
        let courier = SubjectInput {
            name: super::names::person_name(rng, true),
            id_number: IdNumber::from_parts(&suspects[0].0.county, born, 950 + n as u16 % 50)
                .map(|i| i.as_str().to_string())
                .unwrap_or_default(),
            role: "courier".into(),
        };
        // A number that happens to be on the register is left out.
        match ctx.case_add_subject(police, &id, &courier).await {
            Ok(_) | Err(ServiceError::Invalid { .. } | ServiceError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    advance(ctx, police, &id, accepted, rng).await?;
    Ok((id, accepted))
}

async fn persons(ctx: &Ctx) -> CliResult<Vec<Person>> {
    let rows = ctx
        .db
        .fetch_all(Q::new(
            "SELECT id, name, org_unit_id, county_unit_id, county_code, first_reg_date FROM persons ORDER BY first_reg_date, id",
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Person {
                id: r.text("id")?,
                surname: r.text("name")?.chars().take(1).collect(),
                unit: r.i64("org_unit_id")?,
                county_unit: r
                    .opt_i64("county_unit_id")?
                    .unwrap_or(r.i64("org_unit_id")?),
                county: r.text("county_code")?,
                first: r.date("first_reg_date")?,
            })
        })
        .collect()
}

/// What a trace ends with: the day, the supplier found or the reason.
type Ending<'a> = (Option<Date>, Option<&'a str>, Option<&'a str>);

/// Opens (and, if it ended, closes) a trace about `p` from the day they
/// were found; a supplier found is linked to them. Answers links made.
async fn trace_bulk(
    tx: &mut Tx,
    rng: &mut Rng,
    kind: TraceKind,
    p: &Person,
    case_id: &str,
    ending: Ending<'_>,
    now: i64,
) -> CliResult<usize> {
    let id = uuid_v4(rng.bytes16());
    let task = NewTask {
        id: id.clone(),
        kind: kind.code(),
        person_id: &p.id,
        case_id,
        county_code: &p.county,
        org_unit_id: p.unit,
        opened_date: p.first,
        due_date: trace::deadline(p.first),
    };
    trace_tasks::open(tx, task, now).await?;
    finish(tx, &id, p, ending, now).await
}

/// Closes the open trace a case opened about `p`.
async fn close_open(
    tx: &mut Tx,
    case_id: &str,
    p: &Person,
    ending: Ending<'_>,
    now: i64,
) -> CliResult<usize> {
    let row = tx
        .fetch_optional(
            Q::new("SELECT id FROM trace_tasks WHERE case_id = $1 AND person_id = $2 AND closed_date IS NULL")
                .bind(case_id)
                .bind(p.id.as_str()),
        )
        .await?;
    match row {
        Some(r) => finish(tx, &r.text("id")?, p, ending, now).await,
        None => Ok(0),
    }
}

async fn finish(
    tx: &mut Tx,
    task: &str,
    p: &Person,
    (day, supplier, reason): Ending<'_>,
    now: i64,
) -> CliResult<usize> {
    let Some(day) = day else { return Ok(0) };
    let closure = Closure {
        closed_date: day,
        outcome: if supplier.is_some() {
            "identified"
        } else {
            "not_identified"
        },
        supplier_id: supplier,
        reason,
        closed_by: None,
    };
    trace_tasks::close(tx, task, closure, now).await?;
    let Some(s) = supplier else { return Ok(0) };
    let link = links::NewLink {
        id: uuid_v4(jindu_store::crypto::random_bytes::<16>()),
        from_person: s,
        to_person: &p.id,
        kind: LinkKind::Supplied.code(),
        source_kind: "trace_task",
        source_id: task,
        created_by: None,
    };
    links::insert(tx, link, now).await?;
    Ok(1)
}

/// Moves a case along its stages, each a few weeks after the last, never
/// past today.
async fn advance(
    ctx: &Ctx,
    police: &Actor,
    id: &str,
    accepted: Date,
    rng: &mut Rng,
) -> CliResult<()> {
    let mut on = accepted;
    let last = rng.index(CaseStage::ALL.len());
    for stage in &CaseStage::ALL[1..=last.max(1)] {
        on += Duration::days(rng.range(7, 60));
        if on > ctx.today() {
            break;
        }
        let input = StageInput {
            stage: stage.code().into(),
            on: Some(on),
        };
        ctx.case_stage(police, id, &input).await?;
    }
    Ok(())
}
