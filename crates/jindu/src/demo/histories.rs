//! Realistic histories for the demo city (issue 3 §11): measures in every
//! state, drug tests on schedule with a few positives and evasions, overdue
//! items, deemed refusals and serious violations, leave requests (JDTL 19)
//! in every state with an overdue return and unreported absences, visits
//! (mostly monthly, some falling behind or not finding the person) and
//! "四位一体" support plans and records (低保, job placements …), so the
//! person files and the work queue show something real. Recorded through
//! the service layer, so every rule and audit entry applies as in daily use.

use jindu_domain::authz::{Role, path_within};
use jindu_domain::{Event, Measure, date_math};
use jindu_store::Q;
use jindu_store::org::OrgUnit;
use jindu_store::service::drug_tests::TestInput;
use jindu_store::service::leave::{AbsenceInput, LeaveDate, LeaveDecision, LeaveInput};
use jindu_store::service::measures::MeasureOrder;
use jindu_store::service::support::{GoalInput, PlanInput, SupportInput};
use jindu_store::service::visits::VisitInput;
use jindu_store::service::{Actor, Ctx, ServiceError};
use time::{Date, Duration};

use super::rng::Rng;
use crate::failure::CliResult;

/// Share of persons outside the demo community with a history in the small
/// demo; everyone in the social worker's community has one, so their queue
/// is full. The larger tiers record fewer here and bulk-load the volume.
pub const SHARE_ELSEWHERE: f64 = 0.15;
/// Stream of the seed used for histories (independent of people and ids).
const HISTORY_STREAM: u64 = 0x6869_7374_6f72_7973;
/// Stream of the seed used for leave (so adding it left the measures and
/// tests of a given seed as they were).
const LEAVE_STREAM: u64 = 0x6c65_6176_6521_2121;
/// Share of persons under a community measure elsewhere with a trip.
const LEAVE_SHARE_ELSEWHERE: f64 = 0.2;
/// Stream of visits and support, apart from the histories' own so adding
/// them left the measures and tests of a seed as they were.
const SUPPORT_STREAM: u64 = 0x7669_7369_7473_7570;
/// Stream of assessments, likewise.
const ASSESSMENT_STREAM: u64 = 0x6173_7365_7373_6d74;
/// Visits go back at most this many days (a year of monthly visits).
const VISITS_BACK_DAYS: i64 = 365;

/// Notes of visits that found the person, as a worker writes them.
const NOTES_NORMAL: &[&str] = &[
    "在家，情绪稳定，按时参加检测。",
    "与家属交谈，家庭关系和睦。",
    "本人在岗工作，作息规律。",
    "社区禁毒工作站谈话，态度积极。",
];
/// Notes of visits that found a change.
const NOTES_CHANGED: &[&str] = &[
    "近期失业，情绪低落，已约下周谈心。",
    "已搬至同小区另一单元居住，已核实新住址。",
    "家属反映近期夜不归宿，已提醒遵守社区戒毒协议。",
    "身体不适住院治疗，已联系医疗救助。",
];

#[derive(Default, Debug)]
pub struct Loaded {
    pub measures: usize,
    pub tests: usize,
    pub leave_requests: usize,
    pub absences: usize,
    pub visits: usize,
    pub support_plans: usize,
    pub support_records: usize,
    pub assessments: usize,
}

fn days_ago(today: Date, n: i64) -> Date {
    today - Duration::days(n)
}

/// Records one person's history through the services.
struct Recorder<'a> {
    ctx: &'a Ctx,
    actor: Actor,
    rng: Rng,
    /// Visits and support draw from their own stream.
    support_rng: Rng,
    /// And assessments from theirs.
    assessment_rng: Rng,
    today: Date,
    loaded: Loaded,
}

impl Recorder<'_> {
    async fn event(&self, measure: &str, e: Event) -> CliResult<()> {
        match self.ctx.measure_record(&self.actor, measure, &e).await {
            // A history the state machine refuses is skipped, not fatal:
            // the generator only proposes, the law disposes.
            Ok(_) | Err(ServiceError::Invalid { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Monthly tests from `start` to today (bi-monthly after a year), each
    /// taken with probability `done`, a few positive or evaded.
    async fn tests(&mut self, person: &str, start: Date, done: f64) -> CliResult<()> {
        let mut month = 0u32;
        while let Some(due) = date_math::add_months(start, month).filter(|d| *d <= self.today) {
            month += if month < 12 { 1 } else { 2 };
            if !self.rng.chance(done) {
                continue;
            }
            let on = (due + Duration::days(self.rng.range(0, 3))).min(self.today);
            let (result, substances) = match self.rng.below(100) {
                0..=3 => ("positive", vec!["甲基苯丙胺".to_string()]),
                4..=6 => ("evaded", Vec::new()),
                7 => ("refused", Vec::new()),
                _ => ("negative", Vec::new()),
            };
            let t = TestInput {
                test_date: Some(on),
                method: if self.rng.chance(0.9) {
                    "urine"
                } else {
                    "hair"
                }
                .to_string(),
                setting: "on_site".to_string(),
                result: result.to_string(),
                substances,
                unannounced: self.rng.chance(0.1),
            };
            self.ctx.test_record(&self.actor, person, &t).await?;
            self.loaded.tests += 1;
        }
        Ok(())
    }
}

impl Recorder<'_> {
    /// Visits of a person under a community measure reported in on
    /// `start`: about monthly over the last year, mostly home visits and
    /// interviews; one in seven falls behind for the last month or two
    /// (overdue), and now and then the person is not found.
    async fn visits(&mut self, person: &str, start: Date) -> CliResult<()> {
        let r = &mut self.support_rng;
        let behind = r.chance(0.15);
        let stop = if behind {
            self.today - Duration::days(r.range(40, 75))
        } else {
            self.today
        };
        let from = start.max(self.today - Duration::days(VISITS_BACK_DAYS));
        let mut month = 1u32;
        while let Some(due) = date_math::add_months(from, month).filter(|d| *d <= stop) {
            month += 1;
            let r = &mut self.support_rng;
            let on = (due - Duration::days(r.range(0, 4))).max(from);
            let (kind, place) = match r.below(100) {
                0..=59 => ("home_visit", "home"),
                60..=94 => ("interview", "office"),
                _ => ("phone", "elsewhere"),
            };
            let (outcome, notes) = match r.below(100) {
                0..=5 => ("not_found", String::new()),
                6..=13 => ("situation_changed", r.pick(NOTES_CHANGED).to_string()),
                14..=49 => ("normal", r.pick(NOTES_NORMAL).to_string()),
                _ => ("normal", String::new()),
            };
            let v = VisitInput {
                visit_date: Some(on),
                kind: kind.to_string(),
                place: place.to_string(),
                outcome: outcome.to_string(),
                notes,
            };
            self.ctx.visit_record(&self.actor, person, &v).await?;
            self.loaded.visits += 1;
        }
        Ok(())
    }

    /// A support plan for two persons in five, with the records of what
    /// was given since `start`: 低保 and other relief, counselling,
    /// training and job placements, treatment.
    async fn support(&mut self, person: &str, start: Date) -> CliResult<()> {
        let r = &mut self.support_rng;
        if !r.chance(0.4) {
            return Ok(());
        }
        let poor = r.chance(0.35);
        let mut goals = vec![GoalInput {
            kind: "psychological".into(),
            sub_kinds: vec!["counselling".into()],
            goal: "每月一次心理咨询，巩固戒断意愿".into(),
        }];
        if poor || r.chance(0.3) {
            goals.push(GoalInput {
                kind: "relief".into(),
                sub_kinds: if poor {
                    vec!["minimum_allowance".into(), "medical_aid".into()]
                } else {
                    vec!["temporary_aid".into()]
                },
                goal: if poor {
                    "协助申请低保和医疗救助".into()
                } else {
                    "申请临时救助，渡过困难期".into()
                },
            });
        }
        if r.chance(0.6) {
            goals.push(GoalInput {
                kind: "employment".into(),
                sub_kinds: vec!["skills_training".into(), "job_referral".into()],
                goal: "参加技能培训，推荐稳定就业".into(),
            });
        }
        if r.chance(0.25) {
            goals.push(GoalInput {
                kind: "treatment".into(),
                sub_kinds: vec!["maintenance".into()],
                goal: "坚持药物维持治疗".into(),
            });
        }
        let plan = PlanInput {
            poverty_relief: poor,
            goals: goals.clone(),
        };
        self.ctx
            .support_plan_set(&self.actor, person, &plan)
            .await?;
        self.loaded.support_plans += 1;
        let span = (self.today - start).whole_days().max(1);
        for g in &goals {
            let r = &mut self.support_rng;
            let (sub, provider, outcome) = match g.kind.as_str() {
                "relief" if poor => (
                    "minimum_allowance",
                    "街道民政办",
                    if r.chance(0.75) { "granted" } else { "applied" },
                ),
                "relief" => ("temporary_aid", "街道民政办", "granted"),
                "employment" => {
                    if r.chance(0.5) {
                        ("job_placement", "安置就业基地", "placed")
                    } else {
                        ("skills_training", "区人社局职业技能培训中心", "provided")
                    }
                }
                "treatment" => ("maintenance", "美沙酮维持治疗门诊", "provided"),
                _ => ("counselling", "社会心理服务站", "provided"),
            };
            let s = SupportInput {
                support_date: Some(start + Duration::days(r.range(0, span))),
                kind: g.kind.clone(),
                sub_kind: sub.to_string(),
                provider: provider.to_string(),
                outcome: outcome.to_string(),
            };
            self.ctx.support_record(&self.actor, person, &s).await?;
            self.loaded.support_records += 1;
        }
        Ok(())
    }
}

/// Gives persons histories: everyone in `community`, and a share elsewhere.
pub async fn load(
    ctx: &Ctx,
    seed: u64,
    root: &OrgUnit,
    community: &OrgUnit,
    share_elsewhere: f64,
) -> CliResult<Loaded> {
    let mut r = Recorder {
        ctx,
        actor: Actor::cli(Role::CityOfficer, &root.path),
        rng: Rng::new(seed ^ HISTORY_STREAM),
        support_rng: Rng::new(seed ^ SUPPORT_STREAM),
        assessment_rng: Rng::new(seed ^ ASSESSMENT_STREAM),
        today: ctx.today(),
        loaded: Loaded::default(),
    };
    let today = r.today;
    let rows = ctx
        .db
        .fetch_all(Q::new("SELECT p.id, o.path FROM persons p JOIN org_units o ON o.id = p.org_unit_id ORDER BY p.id"))
        .await?;
    let order = |kind: &str, decided: Date, served: Option<Date>| MeasureOrder {
        kind: kind.to_string(),
        decided_on: Some(decided),
        served_on: served,
        term_months: None,
        after_rehab_refusal: false,
    };
    for row in rows {
        let (id, path) = (row.text("id")?, row.text("path")?);
        if !path_within(&path, &community.path) && !r.rng.chance(share_elsewhere) {
            continue;
        }
        let actor = r.actor.clone();
        match r.rng.below(100) {
            // Community detox under agreement, tests mostly on time; one in
            // ten stops turning up (overdue tests, violations).
            0..=44 => {
                let report = days_ago(today, r.rng.range(60, 900));
                let decided = report - Duration::days(r.rng.range(3, 12));
                let (m, _) = ctx
                    .measure_order(
                        &actor,
                        &id,
                        &order(
                            "community_detox",
                            decided,
                            Some(decided + Duration::days(1)),
                        ),
                    )
                    .await?;
                r.event(
                    &m,
                    Event::ReportIn {
                        on: report,
                        late_reason: None,
                    },
                )
                .await?;
                r.event(&m, Event::SignAgreement { on: report }).await?;
                let done = if r.rng.chance(0.1) { 0.4 } else { 0.9 };
                r.tests(&id, report, done).await?;
                r.visits(&id, report).await?;
                r.support(&id, report).await?;
                r.loaded.assessments +=
                    super::assessments::record(ctx, &actor, &mut r.assessment_rng, &id, report)
                        .await?;
            }
            // Recently ordered: most reported in within the 15 days (JDTL
            // 14), the others still expected or past the deadline.
            45..=54 => {
                let served = days_ago(today, r.rng.range(3, 25));
                let (m, _) = ctx
                    .measure_order(
                        &actor,
                        &id,
                        &order("community_detox", served - Duration::days(1), Some(served)),
                    )
                    .await?;
                let waited = (today - served).whole_days();
                if waited >= 3 && r.rng.chance(0.7) {
                    let on = served + Duration::days(r.rng.range(1, waited.min(14)));
                    r.event(
                        &m,
                        Event::ReportIn {
                            on,
                            late_reason: None,
                        },
                    )
                    .await?;
                    r.event(&m, Event::SignAgreement { on }).await?;
                }
            }
            55..=69 => {
                ctx.measure_order(
                    &actor,
                    &id,
                    &order(
                        "compulsory_isolation",
                        days_ago(today, r.rng.range(30, 700)),
                        None,
                    ),
                )
                .await?;
            }
            // Community rehabilitation after isolation.
            70..=84 => {
                let report = days_ago(today, r.rng.range(30, 600));
                let (m, _) = ctx
                    .measure_order(
                        &actor,
                        &id,
                        &order(
                            "community_rehab",
                            report - Duration::days(5),
                            Some(report - Duration::days(4)),
                        ),
                    )
                    .await?;
                r.event(
                    &m,
                    Event::ReportIn {
                        on: report,
                        late_reason: None,
                    },
                )
                .await?;
                r.event(&m, Event::SignAgreement { on: report }).await?;
                r.tests(&id, report, 0.85).await?;
                r.visits(&id, report).await?;
                r.support(&id, report).await?;
                r.loaded.assessments +=
                    super::assessments::record(ctx, &actor, &mut r.assessment_rng, &id, report)
                        .await?;
            }
            85..=89 => {
                ctx.measure_order(
                    &actor,
                    &id,
                    &order(
                        "voluntary_detox",
                        days_ago(today, r.rng.range(10, 200)),
                        None,
                    ),
                )
                .await?;
            }
            90..=94 => {
                let on = days_ago(today, r.rng.range(10, 400));
                let (m, _) = ctx
                    .measure_order(&actor, &id, &order("maintenance_therapy", on, None))
                    .await?;
                r.event(&m, Event::FileWithPolice { on }).await?;
            }
            // Community detox served in full: release due or recorded.
            _ => {
                let report = days_ago(today, r.rng.range(3 * 366 + 1, 3 * 366 + 200));
                let (m, _) = ctx
                    .measure_order(
                        &actor,
                        &id,
                        &order(
                            "community_detox",
                            report - Duration::days(7),
                            Some(report - Duration::days(6)),
                        ),
                    )
                    .await?;
                r.event(
                    &m,
                    Event::ReportIn {
                        on: report,
                        late_reason: None,
                    },
                )
                .await?;
                r.event(&m, Event::SignAgreement { on: report }).await?;
                r.tests(&id, report, 0.9).await?;
                r.visits(&id, report).await?;
                if r.rng.chance(0.5) {
                    r.event(&m, Event::Complete { on: today }).await?;
                }
            }
        }
        r.loaded.measures += 1;
    }
    let mut loaded = r.loaded;
    let (requests, absences) = leave(ctx, seed, root, community).await?;
    loaded.leave_requests = requests;
    loaded.absences = absences;
    Ok(loaded)
}

/// One scripted trip, in days from today (negative: past).
struct Trip {
    requested: i64,
    from: i64,
    to: i64,
    /// `Some(approve)` once decided, on the day after the request.
    decision: Option<bool>,
    departed: Option<i64>,
    returned: Option<i64>,
}

const DESTINATIONS: &[&str] = &[
    "广东省深圳市",
    "浙江省杭州市",
    "四川省成都市",
    "湖南省长沙市",
    "福建省厦门市",
];
const REASONS: &[&str] = &[
    "探望生病的母亲",
    "外出务工",
    "参加亲属婚礼",
    "就医复查",
    "办理户籍手续",
];

/// Leave histories (JDTL 19). The first persons under a community measure
/// (those of the demo community first, then the rest, each in id order) get
/// one scripted story each: away three times without a report (a serious
/// violation, JDTL 20), a request awaiting the township's decision, a
/// return 5 days overdue, a trip approved and kept, a trip approved and
/// overstayed by 2 days. A share of the others get an approved trip kept
/// to plan. Requests are filed as the social worker would and decided as
/// the township officer would.
async fn leave(
    ctx: &Ctx,
    seed: u64,
    root: &OrgUnit,
    community: &OrgUnit,
) -> CliResult<(usize, usize)> {
    let worker = Actor::cli(Role::SocialWorker, &root.path);
    let officer = Actor::cli(Role::TownshipOfficer, &root.path);
    let mut rng = Rng::new(seed ^ LEAVE_STREAM);
    let today = ctx.today();
    let day = |n: i64| today + Duration::days(n);
    let rows = ctx
        .db
        .fetch_all(
            Q::new("SELECT m.person_id, m.snapshot, o.path FROM measures m JOIN org_units o ON o.id = m.org_unit_id WHERE m.closed = $1 AND m.kind IN ('community_detox', 'community_rehab') ORDER BY m.person_id")
                .bind(false),
        )
        .await?;
    let mut eligible = Vec::new();
    for row in rows {
        let Ok(m) = serde_json::from_str::<Measure>(&row.text("snapshot")?) else {
            continue;
        };
        // Trips fall in the last 60 days: the measure must have run by then.
        if m.reported_in_on().is_some_and(|r| r <= day(-60)) {
            let path = row.text("path")?;
            eligible.push((row.text("person_id")?, path_within(&path, &community.path)));
        }
    }
    // Stable: the community's persons first, each group in id order.
    eligible.sort_by_key(|(_, mine)| !mine);
    let trip = |requested, from, to, decision, departed, returned| Trip {
        requested,
        from,
        to,
        decision,
        departed,
        returned,
    };
    let scripted = [
        trip(-1, 4, 11, None, None, None),
        trip(-15, -12, -5, Some(true), Some(-12), None),
        trip(-42, -35, -28, Some(true), Some(-35), Some(-28)),
        trip(-55, -50, -45, Some(true), Some(-50), Some(-43)),
    ];
    let (mut requests, mut absences) = (0usize, 0usize);
    for (i, (person, _)) in eligible.iter().enumerate() {
        let t = match i {
            0 => {
                for (from, to) in [(-55, -51), (-40, -36), (-20, -17)] {
                    let a = AbsenceInput {
                        from: Some(day(from)),
                        to: Some(day(to)),
                    };
                    ctx.absence_record(&worker, person, &a).await?;
                    absences += 1;
                }
                continue;
            }
            i if i <= scripted.len() => &scripted[i - 1],
            _ if rng.chance(LEAVE_SHARE_ELSEWHERE) => {
                let from = -rng.range(10, 55);
                let to = from + rng.range(3, 9);
                &trip(
                    from - rng.range(2, 7),
                    from,
                    to,
                    Some(true),
                    Some(from),
                    Some(to),
                )
            }
            _ => continue,
        };
        let input = LeaveInput {
            from: Some(day(t.from)),
            to: Some(day(t.to)),
            destination: rng.pick(DESTINATIONS).to_string(),
            reason: rng.pick(REASONS).to_string(),
            requested_on: Some(day(t.requested)),
        };
        let id = ctx.leave_request(&worker, person, &input).await?;
        requests += 1;
        if let Some(approve) = t.decision {
            let d = LeaveDecision {
                decision: if approve { "approve" } else { "refuse" }.to_string(),
                on: Some(day(t.requested + 1)),
            };
            ctx.leave_decide(&officer, &id, &d).await?;
        }
        if let Some(on) = t.departed {
            ctx.leave_depart(&worker, &id, &LeaveDate { on: Some(day(on)) })
                .await?;
        }
        if let Some(on) = t.returned {
            ctx.leave_return(&worker, &id, &LeaveDate { on: Some(day(on)) })
                .await?;
        }
    }
    Ok((requests, absences))
}

#[cfg(test)]
mod tests {
    use jindu_store::Q;
    use time::macros::date;

    use crate::demo::load::{generate, load_people, load_units};

    #[tokio::test]
    async fn histories_cover_every_kind_and_keep_the_chain_intact() {
        let dir = tempfile::tempdir().unwrap();
        let db = jindu_store::Db::open_sqlite(&dir.path().join("jindu.db"))
            .await
            .unwrap();
        jindu_store::migrate::migrate(&db).await.unwrap();
        let keys = jindu_store::crypto::Keys::load_or_create(dir.path()).unwrap();
        let mut ctx = crate::open::context(db, keys);
        ctx.clock = std::sync::Arc::new(jindu_store::service::FixedClock::new(1_795_924_800_000));
        let g = generate(7, 400, date!(2026 - 11 - 29));
        let placement = g.placement().unwrap();
        let stored = load_units(&ctx, &g).await.unwrap();
        load_people(&ctx, &g, &stored).await.unwrap();
        let loaded = super::load(
            &ctx,
            7,
            &stored[placement.city],
            &stored[placement.community],
            super::SHARE_ELSEWHERE,
        )
        .await
        .unwrap();
        assert!(loaded.measures >= 40, "{loaded:?}");
        assert!(loaded.tests >= 100, "{loaded:?}");
        assert!(loaded.visits >= 200, "{loaded:?}");
        assert!(loaded.support_plans >= 10, "{loaded:?}");
        assert!(loaded.assessments >= 20, "{loaded:?}");
        assert!(loaded.support_records >= loaded.support_plans, "{loaded:?}");
        let count = |sql: &'static str| {
            let db = ctx.db.clone();
            async move { db.scalar_i64(Q::new(sql)).await.unwrap() }
        };
        assert!(count("SELECT COUNT(*) FROM support_records WHERE sub_kind = 'minimum_allowance' AND outcome = 'granted'").await > 0, "低保 granted");
        assert!(
            count("SELECT COUNT(*) FROM support_records WHERE outcome = 'placed'").await > 0,
            "job placements"
        );
        assert!(
            count("SELECT COUNT(*) FROM support_plans WHERE poverty_relief = TRUE").await > 0,
            "禁毒脱贫"
        );
        assert!(count("SELECT COUNT(*) FROM visits WHERE outcome = 'not_found'").await > 0);
        assert!(count("SELECT COUNT(*) FROM visits WHERE notes_enc IS NOT NULL").await > 0);
        // Most visits are on time; some persons fell behind.
        let city = jindu_store::service::Actor::cli(
            jindu_domain::authz::Role::CityOfficer,
            &stored[placement.city].path,
        );
        let queue = ctx.work_queue(&city).await.unwrap();
        let kinds = |k: &str| queue.iter().filter(|i| i.kind == k).count();
        let under_community =
            count("SELECT COUNT(*) FROM measures WHERE state = 'under_agreement'").await as usize;
        assert!(kinds("visit_overdue") > 0, "some visits overdue");
        assert!(
            kinds("visit_overdue") * 3 < under_community,
            "{} of {under_community} overdue",
            kinds("visit_overdue")
        );
        let kinds = ctx
            .db
            .scalar_i64(Q::new("SELECT COUNT(DISTINCT kind) FROM measures"))
            .await
            .unwrap();
        assert_eq!(kinds, 5, "every kind of measure appears");
        let positives = ctx
            .db
            .scalar_i64(Q::new(
                "SELECT COUNT(*) FROM drug_tests WHERE result = 'positive'",
            ))
            .await
            .unwrap();
        let share = positives as f64 / loaded.tests as f64;
        assert!((0.01..=0.08).contains(&share), "positive share {share}");
        // Leave in every state, an overdue return, and one person away
        // three times without a report.
        assert!(loaded.leave_requests >= 4, "{loaded:?}");
        assert_eq!(loaded.absences, 3, "{loaded:?}");
        for (condition, what) in [
            ("state = 'requested'", "a request awaiting the decision"),
            (
                "state = 'approved' AND returned_date IS NOT NULL",
                "an approved trip, back",
            ),
            (
                "departed_date IS NOT NULL AND returned_date IS NULL AND to_date < '2026-11-29'",
                "an overdue return",
            ),
        ] {
            let n = ctx
                .db
                .scalar_i64(Q::new(format!(
                    "SELECT COUNT(*) FROM leave_requests WHERE {condition}"
                )))
                .await
                .unwrap();
            assert!(n >= 1, "{what}");
        }
        let absent: String = ctx
            .db
            .fetch_one(Q::new("SELECT person_id FROM leave_absences"))
            .await
            .unwrap()
            .text("person_id")
            .unwrap();
        let actor = jindu_store::service::Actor::cli(
            jindu_domain::authz::Role::CityOfficer,
            &stored[placement.city].path,
        );
        let tests = ctx.tests_of(&actor, &absent).await.unwrap();
        let v = tests.violations.unwrap();
        assert!(v.unauthorised_absences >= 3 && v.serious, "{v:?}");
        let queue = ctx.work_queue(&actor).await.unwrap();
        for kind in ["leave_to_approve", "return_overdue", "police_report"] {
            assert!(queue.iter().any(|i| i.kind == kind), "{kind} in the queue");
        }
        // Old cases (JDTL 7): some proposed, some already confirmed.
        let old = crate::demo::abstinence::load(&ctx, 7, &stored[placement.city])
            .await
            .unwrap();
        assert!(old.confirmed > 0, "{old:?}");
        let queue = ctx.work_queue(&actor).await.unwrap();
        assert!(queue.iter().any(|i| i.kind == "abstinence_candidate"));
        // Most older flags reported (JDTL 21); the recent ones still wait.
        let reported = crate::demo::police_reports::load(&ctx, 7, &stored[placement.city])
            .await
            .unwrap();
        assert!(reported > 0);
        let report = jindu_store::audit::verify(&ctx.db, &ctx.keys)
            .await
            .unwrap();
        assert!(report.ok(), "{report:?}");
    }
}
