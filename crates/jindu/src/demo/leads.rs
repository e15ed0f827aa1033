//! Demo leads (线索): a year of them from every source, in every state —
//! most verified and dismissed or turned into a case, recent ones still
//! new or being verified, a few past their deadline, some exchanged with
//! other regions.

use jindu_domain::authz::Role;
use jindu_domain::enforcement::{LeadSource, Reliability};
use jindu_store::Q;
use jindu_store::org::OrgUnit;
use jindu_store::service::leads::{LeadInput, LeadStateInput};
use jindu_store::service::{Actor, Ctx};
use time::Duration;

use super::rng::Rng;
use crate::failure::CliResult;

/// Its own seed stream, so the other histories of a seed stay as they were.
const LEAD_STREAM: u64 = 0x6c65_6164_7321_2121;
const LEADS: usize = 80;
/// (summary, narrative) by source.
const STORIES: &[(&str, &str, &str)] = &[
    (
        "intelligence",
        "出租屋疑似制毒",
        "研判发现某出租屋用电量异常，夜间有刺激性气味，疑似小作坊制毒。",
    ),
    (
        "public_report",
        "小区内有人聚众吸毒",
        "举报人称所住小区某单元夜间人员往来频繁，楼道内发现锡纸和吸管。",
    ),
    (
        "logistics",
        "快递包裹内夹带可疑粉末",
        "寄递企业过机安检发现包裹内有可疑白色粉末，寄件人使用虚假信息。",
    ),
    (
        "venue",
        "娱乐场所包厢内发现吸食工具",
        "对娱乐场所检查时在包厢内发现自制吸壶，当班人员称不知情。",
    ),
    (
        "other_region",
        "外省通报本地人员涉嫌贩毒",
        "外省公安机关通报，本地籍人员在当地涉嫌贩卖毒品，请求协查其在本地的关系人。",
    ),
    (
        "superior",
        "上级交办跨区域贩毒线索",
        "上级禁毒部门交办线索：某物流专线疑似长期夹带运输毒品。",
    ),
];
const PARTNERS: &[&str] = &[
    "邻省某市公安局禁毒支队",
    "省公安厅禁毒总队",
    "外省某县公安局",
];
const DISMISSALS: &[&str] = &[
    "经核查举报内容不实",
    "现场核查未发现涉毒物品",
    "与已立案线索重复",
];

/// Answers how many leads were recorded.
pub async fn load(ctx: &Ctx, seed: u64, root: &OrgUnit) -> CliResult<usize> {
    let mut rng = Rng::new(seed ^ LEAD_STREAM);
    let police = Actor::cli(Role::PoliceOfficer, &root.path);
    let today = ctx.today();
    let counties: Vec<i64> = ctx
        .db
        .fetch_all(Q::new(
            "SELECT id FROM org_units WHERE level = 'county' ORDER BY id",
        ))
        .await?
        .iter()
        .map(|r| r.i64("id"))
        .collect::<Result<_, _>>()?;
    let cases: Vec<String> = ctx
        .db
        .fetch_all(Q::new("SELECT number FROM cases ORDER BY number"))
        .await?
        .iter()
        .map(|r| r.text("number"))
        .collect::<Result<_, _>>()?;
    if counties.is_empty() {
        return Ok(0);
    }
    for n in 0..LEADS {
        let (source, summary, content) = *rng.pick(STORIES);
        let age = rng.range(0, 360);
        let cooperation = match source {
            "other_region" => "incoming",
            _ if rng.chance(0.1) => "outgoing",
            _ => "none",
        };
        let input = LeadInput {
            source: LeadSource::from_code(source)
                .map_or("other", LeadSource::code)
                .into(),
            reliability: rng.pick(Reliability::ALL).code().into(),
            summary: summary.into(),
            content: content.into(),
            org_unit_id: Some(counties[n % counties.len()]),
            received_date: Some(today - Duration::days(age)),
            due_date: None,
            assignee_id: None,
            cooperation: Some(cooperation.into()),
            partner: if cooperation == "none" {
                String::new()
            } else {
                rng.pick(PARTNERS).to_string()
            },
        };
        let id = ctx.lead_create(&police, &input).await?;
        // Older leads have come further: most are done, a few overdue.
        let steps = match age {
            0..=10 => rng.range(0, 1),
            11..=45 => rng.range(0, 2),
            _ => rng.range(1, 3),
        };
        for state in ["verifying", "confirmed"]
            .iter()
            .take(steps.min(2) as usize)
        {
            step(ctx, &police, &id, state, None, None).await?;
        }
        if age > 45 && rng.chance(0.85) {
            if steps >= 2 && !cases.is_empty() {
                let case = cases[rng.index(cases.len())].clone();
                let number = ctx.case_id_by_number(&police, &case).await?;
                step(ctx, &police, &id, "case_filed", None, Some(number)).await?;
            } else {
                let reason = rng.pick(DISMISSALS).to_string();
                step(ctx, &police, &id, "dismissed", Some(reason), None).await?;
            }
        }
    }
    Ok(LEADS)
}

async fn step(
    ctx: &Ctx,
    police: &Actor,
    id: &str,
    state: &str,
    reason: Option<String>,
    case_id: Option<String>,
) -> CliResult<()> {
    let input = LeadStateInput {
        state: state.into(),
        reason,
        case_id,
    };
    ctx.lead_state(police, id, &input).await?;
    Ok(())
}
