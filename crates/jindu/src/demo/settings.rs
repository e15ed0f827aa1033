//! A demo change of a local-practice setting: the city office lowers the
//! social-worker caseload from the first day of next month, so the settings
//! page shows a version in force and one to come.

use jindu_domain::authz::Role;
use jindu_domain::setting_values::SettingValue;
use jindu_domain::settings::Caseload;
use jindu_store::org::OrgUnit;
use jindu_store::service::settings::NewSetting;
use jindu_store::service::{Actor, Ctx};
use time::Date;

use crate::failure::{CliResult, Failure};

pub async fn load(ctx: &Ctx, root: &OrgUnit) -> CliResult<u32> {
    let city = Actor::cli(Role::CityOfficer, &root.path);
    let today = ctx.today();
    let next_month = match today.month() {
        time::Month::December => {
            Date::from_calendar_date(today.year() + 1, time::Month::January, 1)
        }
        m => Date::from_calendar_date(today.year(), m.next(), 1),
    }
    .map_err(|e| Failure::new(e.to_string()))?;
    let change = NewSetting {
        value: SettingValue::Caseload(Caseload {
            persons_per_worker: 25,
        }),
        source: "南江市禁毒委员会办公室《关于调整社区禁毒社工配备比例的通知》（南禁毒办〔2026〕9号，示例）"
            .into(),
        effective_from: next_month,
    };
    Ok(ctx.amend_setting(&city, change).await?)
}
