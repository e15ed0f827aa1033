//! UI strings in Chinese (default) and English. Each entry carries both
//! languages, so a string cannot exist in one and not the other; a test checks
//! that every key used in templates and code is defined.
//!
//! The locale is always the request's (user preference or cookie), never a
//! process-global setting.

use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn from_code(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Zh }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The string for `key`; an unknown key shows itself (and fails the
    /// i18n test), never an empty label.
    pub fn t(self, key: &str) -> &'static str {
        match INDEX.get(key) {
            Some((zh, en)) => match self {
                Lang::Zh => zh,
                Lang::En => en,
            },
            None => leak_key(key),
        }
    }

    /// The string for `prefix.code`, e.g. a role or an enumerated value.
    pub fn tf(self, prefix: &str, code: &str) -> &'static str {
        self.t(&format!("{prefix}.{code}"))
    }

    /// The label of a domain code list entry (status, drug, tag …).
    pub fn label<C: jindu_domain::code_enum::Coded>(self, c: C) -> &'static str {
        match self {
            Lang::Zh => c.label_zh(),
            Lang::En => c.label_en(),
        }
    }

    /// The label of a code of list `C`, or the code itself if unknown.
    pub fn code_label<C: jindu_domain::code_enum::Coded>(self, code: &str) -> String {
        C::from_code(code)
            .map(|c| self.label(c).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// A message for a stable error code (`id.checksum`, `org.level` …).
    pub fn err(self, code: &str) -> &'static str {
        let key = format!("err.{code}");
        match INDEX.get(key.as_str()) {
            Some(_) => self.t(&key),
            None => self.t("err.generic"),
        }
    }
}

fn leak_key(key: &str) -> &'static str {
    static UNKNOWN: LazyLock<std::sync::Mutex<HashMap<String, &'static str>>> =
        LazyLock::new(Default::default);
    let mut m = UNKNOWN.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(s) = m.get(key) {
        return s;
    }
    let s: &'static str = Box::leak(key.to_string().into_boxed_str());
    m.insert(key.to_string(), s);
    s
}

static INDEX: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> =
    LazyLock::new(|| STRINGS.iter().map(|(k, zh, en)| (*k, (*zh, *en))).collect());

/// (key, 中文, English)
pub const STRINGS: &[(&str, &str, &str)] = &[
    ("app.name", "禁毒综合治理平台", "Jindu Anti-Drug Platform"),
    ("app.short", "禁毒平台", "Jindu"),
    (
        "app.tagline",
        "南江市禁毒委员会办公室",
        "Nanjiang Narcotics Control Commission Office",
    ),
    // Navigation, grouped by the five pillars of the speech.
    ("nav.home", "工作台", "Workbench"),
    ("nav.prevention", "预防教育", "Prevention"),
    ("nav.strike", "打击整治", "Strike"),
    ("nav.people", "人员管控", "People under control"),
    ("nav.persons", "吸毒人员登记", "Person register"),
    ("nav.settings", "本地设置", "Local settings"),
    ("dash.title", "禁毒工作驾驶舱", "Anti-drug dashboard"),
    ("punct.colon", "：", ": "),
    ("dash.stock", "截至今日的现状", "As of today"),
    (
        "dash.stock_hint",
        "存量指标，显示当前状态；月末数值需按月留存快照，尚未提供走势。",
        "A stock, shown as it stands today; month-end values need monthly snapshots, so there is no trend yet.",
    ),
    ("punct.semicolon", "；", "; "),
    ("punct.open", "（", " ("),
    ("punct.close", "）", ")"),
    ("nav.report", "月报", "Monthly report"),
    ("report.title", "禁毒工作月报", "anti-drug monthly report"),
    ("report.xlsx", "导出 Excel", "Download .xlsx"),
    ("report.indicators", "主要指标", "Indicators"),
    ("report.indicator", "指标", "Indicator"),
    ("report.this_month", "本月", "This month"),
    ("report.last_month", "上月", "Last month"),
    ("report.change", "环比变化", "Change"),
    (
        "report.change_hint",
        "环比变化：比率类为百分点，数量类为人数；本年累计按目标着色。",
        "Change: percentage points for rates, persons for counts; the year to date is coloured against the target.",
    ),
    (
        "report.units",
        "下级单位本月情况",
        "Units below, this month",
    ),
    ("report.in_progress", "本月未结束", "month in progress"),
    (
        "dash.hint",
        "各项指标随每次登记即时更新（按月汇总表写入时同步维护），点击数字可查看构成的具体记录。",
        "Every figure moves with each record as it is written (monthly sums kept on write); click a figure for the records behind it.",
    ),
    ("dash.as_of", "数据截至", "As of"),
    ("dash.period", "统计期", "Period"),
    ("dash.alerts", "未达标单位", "Units off target"),
    ("dash.target", "目标", "Target"),
    ("dash.no_target", "无目标值", "No target"),
    ("dash.target_source", "目标依据", "Target set by"),
    (
        "dash.forecast",
        "按近12个月趋势预计年末",
        "Year-end forecast on the 12-month trend:",
    ),
    ("dash.trend", "近12个月走势", "Last 12 months"),
    (
        "dash.to_last_month",
        "按完整月份统计至",
        "Complete months up to",
    ),
    ("dash.rank", "排名", "Rank"),
    ("dash.value", "本年累计", "Year to date"),
    ("dash.num_den", "分子/分母", "Num / den"),
    ("dash.drill", "指标明细", "Records behind a figure"),
    ("dash.month", "统计月份", "Month"),
    ("dash.in_num", "计入分子", "In numerator"),
    ("dash.not_met", "未计入", "Not counted"),
    ("dash.show_num", "只看分子", "Numerator only"),
    ("dash.show_all", "查看全部（分母）", "All (denominator)"),
    (
        "dash.no_records",
        "该期间没有记录。",
        "No records in the period.",
    ),
    ("measure.timeline", "措施时间轴", "Measure timeline"),
    ("measure.tl_event", "已记录事项", "Recorded event"),
    ("measure.tl_met", "期限已完成", "Deadline met"),
    ("measure.tl_open", "期限未到", "Deadline ahead"),
    (
        "measure.tl_missed",
        "期限已过未完成",
        "Deadline passed, not met",
    ),
    ("measure.tl_today", "今天", "Today"),
    ("transfer.title", "变更执行地接收", "Incoming transfer"),
    (
        "transfer.hint",
        "社区戒毒（康复）人员变更执行地的，应当自变更之日起15日内到新执行地乡镇（街道）报到，执行期限连续计算（《戒毒条例》第二十二条）。本人报到后在此登记，人员及其措施即转入本辖区。",
        "A person whose place of community detox or rehabilitation changes reports to the new township within 15 days of the change; the term continues (JDTL 22). Record the report here: the person and the measure then move into your jurisdiction.",
    ),
    ("transfer.from", "原执行地", "From"),
    ("transfer.to", "新执行地", "To"),
    ("transfer.on", "变更日期", "Changed on"),
    ("transfer.deadline", "报到期限", "Report by"),
    (
        "transfer.receive",
        "登记报到并接收",
        "Record the report and receive",
    ),
    ("transfer.reported_on", "报到日期", "Reported on"),
    (
        "transfer.place",
        "新居住地社区（村）或网格",
        "Village or grid of the new residence",
    ),
    ("transfer.choose_place", "请选择", "Choose"),
    (
        "transfer.unit_hint",
        "须在新执行地乡镇（街道）范围内；接收后由本辖区重新指定社工。",
        "Inside the destination township; your office then assigns a social worker.",
    ),
    ("transfer.record", "变更执行地", "Change of execution place"),
    (
        "transfer.record_hint",
        "本人居住地变更到其他乡镇（街道）的，填写新执行地的乡镇（街道）或其下社区（村）代码。本人报到前仍由本辖区管理。",
        "When the person moves to another township, give the code of that township (or a village in it). The person stays with your office until they report there.",
    ),
    ("transfer.to_code", "新执行地代码", "Destination code"),
    (
        "transfer.recorded",
        "已登记变更执行地，等待新执行地接收。",
        "Transfer recorded; waiting for the new township to receive the person.",
    ),
    (
        "transfer.received",
        "已接收，人员已转入本辖区。",
        "Received: the person is now in your jurisdiction.",
    ),
    (
        "queue.kind.transfer_to_receive",
        "待接收（变更执行地）",
        "Transfer to receive",
    ),
    (
        "err.transfer.not_a_township",
        "请填写乡镇（街道）或其下单位的代码。",
        "Give a township code or the code of a unit inside one.",
    ),
    (
        "err.transfer.same_township",
        "新执行地与原执行地是同一乡镇（街道），无需变更。",
        "That is the same township: no transfer is needed.",
    ),
    (
        "err.transfer.outside_destination",
        "该单位不在新执行地乡镇（街道）范围内。",
        "That unit is not inside the destination township.",
    ),
    (
        "err.transfer.use_transfer_forms",
        "变更执行地及在新执行地报到请使用专门的登记（须写明新执行地，由新执行地接收）。",
        "Record a transfer and the report at the new place with their own forms (the destination is required; the new township receives).",
    ),
    ("setting.title", "本地工作设置", "Local-practice settings"),
    (
        "setting.hint",
        "以下设置没有全国统一规定，由市禁毒办按本地做法确定。每项设置都注明来源和生效日期；修改时新增一个版本，不改写历史，已计算的检测、评估和走访日期注明所依据的版本。",
        "No national text fixes these settings; the city office sets them from local practice. Each names its source and the day it took effect; a change adds a version and never rewrites history, and every computed test, assessment or visit date names the version it used.",
    ),
    ("setting.version", "版本", "Version"),
    ("setting.effective_from", "生效日期", "In force from"),
    ("setting.value", "内容", "Value"),
    ("setting.source", "依据来源", "Source"),
    ("setting.by", "设定人", "Set by"),
    ("setting.built_in", "系统默认", "Built-in default"),
    ("setting.console", "服务器命令行", "Server console"),
    (
        "setting.default_source.drug_test_schedule",
        "福建省仙游县做法：第一年每月一次，第二年每两个月一次，第三年每季度一次，另行不定期抽检。前后7天容许期为本系统默认，无公开出处。",
        "Fujian county practice (仙游): year 1 monthly, year 2 every 2 months, year 3 quarterly, plus unannounced tests. Overdue tolerance of 7 days: Jindu default, no published source.",
    ),
    (
        "setting.default_source.caseload",
        "南京、湛江做法：每30名人员配备1名禁毒社工。",
        "Nanjing and Zhanjiang practice: 1 social worker per 30 persons.",
    ),
    (
        "setting.default_source.risk_levels",
        "浙江省2022年做法：高、中、低风险（A/B/C类；C1一般低风险，C2长期稳定低风险）。",
        "Zhejiang 2022: high / medium / low (A/B/C; C1 ordinary low, C2 long-term low).",
    ),
    (
        "setting.default_source.assessment_schedule",
        "本系统默认，无公开出处：每半年阶段评估，每年年度评估，本人每月定期报告，前后15天容许期；市禁毒办可调整。",
        "Jindu default, no published source: half-yearly review, annual assessment, monthly self-report, 15 days tolerance; the city office may change it.",
    ),
    (
        "setting.default_source.visit_cadence",
        "本系统默认，无公开出处：社区戒毒（康复）人员至少每月走访（谈话或家访）一次，提前7天提示；连续两次未见到本人提示可能失联；市禁毒办可调整。",
        "Jindu default, no published source: a home visit or interview at least monthly for persons under community detox or rehabilitation, shown 7 days ahead; two visits in a row without finding the person hint at lost contact; the city office may change it.",
    ),
    ("setting.in_force", "现行", "In force"),
    ("setting.pending", "待生效", "Pending"),
    ("setting.new_version", "新增版本", "New version"),
    ("setting.latest", "最新版本", "Latest version"),
    ("setting.put_in_force", "确认生效", "Put in force"),
    (
        "setting.saved",
        "新版本已保存，将于生效日期起适用。",
        "New version saved; it applies from its date.",
    ),
    (
        "setting.effective_hint",
        "格式 YYYY-MM-DD，不早于今天且晚于最新版本的生效日期。已报到的社区戒毒（康复）人员仍按报到时的检测和评估版本执行。",
        "YYYY-MM-DD, today or later and after the latest version's date. Persons already reported in keep the test and assessment version of their report-in day.",
    ),
    (
        "setting.source_hint",
        "文件名称和文号，或本地做法的出处。",
        "Title and number of the document, or where the practice comes from.",
    ),
    ("setting.phases", "检测阶段", "Test phases"),
    ("setting.from_month", "起（第几个月）", "From month"),
    (
        "setting.until_month",
        "止（月，留空为至期满）",
        "Until month (blank: to term end)",
    ),
    ("setting.every_months", "每几个月一次", "Every … months"),
    (
        "setting.phases_hint",
        "月数自报到之日起算，0 为报到当天；止月不含。间隔留空的行不使用。",
        "Months count from the report-in day (0 is the day itself); the until month is excluded. Rows with a blank interval are ignored.",
    ),
    (
        "setting.tolerance_days",
        "提前或逾期容许天数",
        "Tolerance (days)",
    ),
    (
        "setting.unannounced",
        "另行安排不定期抽检",
        "Unannounced tests as well",
    ),
    (
        "setting.persons_per_worker",
        "每名禁毒社工管理人数",
        "Persons per social worker",
    ),
    ("setting.levels", "使用的风险等级", "Risk levels in use"),
    (
        "setting.review_every_months",
        "阶段评估间隔（月）",
        "Review every (months)",
    ),
    (
        "setting.annual_every_months",
        "年度评估间隔（月）",
        "Annual assessment every (months)",
    ),
    (
        "setting.self_report_every_months",
        "定期报告间隔（月）",
        "Self-report every (months)",
    ),
    (
        "setting.visit_every_months",
        "走访间隔（月）",
        "Visit every (months)",
    ),
    (
        "setting.due_soon_days",
        "提前提示天数",
        "Shown ahead (days)",
    ),
    (
        "setting.lost_contact_after",
        "连续几次未见到本人提示失联",
        "Missed visits before the lost-contact hint",
    ),
    (
        "setting.phase_line",
        "第 {from}–{until} 个月：每 {every} 个月检测一次",
        "Months {from}–{until}: a test every {every} month(s)",
    ),
    (
        "setting.phase_open_line",
        "第 {from} 个月起至期满：每 {every} 个月检测一次",
        "From month {from} to the end of the term: a test every {every} month(s)",
    ),
    (
        "setting.tolerance_line",
        "前后 {n} 天内完成视为按期",
        "On time within {n} days either side",
    ),
    (
        "setting.unannounced_line",
        "另行不定期抽检",
        "Plus unannounced tests",
    ),
    (
        "setting.caseload_line",
        "每名禁毒社工管理 {n} 人",
        "{n} persons per social worker",
    ),
    (
        "setting.review_line",
        "每 {n} 个月阶段评估一次",
        "A review every {n} month(s)",
    ),
    (
        "setting.annual_line",
        "每 {n} 个月年度评估一次",
        "An annual assessment every {n} month(s)",
    ),
    (
        "setting.self_report_line",
        "每 {n} 个月本人定期报告一次",
        "A self-report every {n} month(s)",
    ),
    (
        "setting.visit_line",
        "每 {n} 个月走访（谈话或家访）一次",
        "A visit (interview or home visit) every {n} month(s)",
    ),
    (
        "setting.due_soon_line",
        "提前 {n} 天列入待办",
        "Shown in the queue {n} days ahead",
    ),
    (
        "setting.lost_contact_line",
        "连续 {n} 次未见到本人提示可能失联",
        "{n} visits in a row without finding the person hint at lost contact",
    ),
    (
        "err.setting.out_of_range",
        "超出允许范围。",
        "Out of the allowed range.",
    ),
    (
        "err.setting.not_a_number",
        "请填写整数。",
        "Enter a whole number.",
    ),
    (
        "err.setting.phases_invalid",
        "检测阶段须按顺序排列、互不重叠，间隔至少 1 个月，只有最后一段可以留空止月。",
        "Phases must be in order without overlap, at least one month apart, and only the last may run to the end of the term.",
    ),
    (
        "err.setting.risk_levels_empty",
        "至少选择一个风险等级。",
        "Choose at least one risk level.",
    ),
    (
        "err.setting.retroactive",
        "生效日期不能早于今天。",
        "The change cannot take effect before today.",
    ),
    (
        "err.setting.not_after_previous",
        "生效日期须晚于最新版本的生效日期。",
        "The date must be after the latest version's date.",
    ),
    (
        "err.setting.concurrent_change",
        "其他人刚刚修改了此设置，请刷新后重试。",
        "Someone changed this setting just now; reload and try again.",
    ),
    (
        "err.setting.invalid_value",
        "设置内容的格式不正确。",
        "The value does not have the setting's shape.",
    ),
    (
        "err.setting.risk_level_not_in_use",
        "该风险等级不在现行设置中。",
        "That risk level is not in the table in force.",
    ),
    ("nav.person_new", "新增登记", "Register a person"),
    ("nav.accountability", "责任考核", "Accountability"),
    ("nav.dashboard", "指标驾驶舱", "Dashboard"),
    ("nav.system", "系统管理", "System"),
    ("nav.orgs", "组织机构", "Org units"),
    ("nav.users", "用户管理", "Users"),
    ("nav.audit", "审计日志", "Audit log"),
    ("nav.account", "我的账户", "My account"),
    ("nav.menu", "菜单", "Menu"),
    ("top.logout", "退出", "Log out"),
    ("top.scope", "辖区", "Jurisdiction"),
    ("top.lang_zh", "中文", "中文"),
    ("top.lang_en", "English", "English"),
    ("top.skip", "跳到正文", "Skip to content"),
    // Roles.
    ("role.sys_admin", "系统管理员", "System administrator"),
    ("role.sec_admin", "安全管理员", "Security administrator"),
    ("role.audit_admin", "审计管理员", "Audit administrator"),
    (
        "role.city_officer",
        "市禁毒办工作人员",
        "City office officer",
    ),
    (
        "role.county_officer",
        "县区禁毒办工作人员",
        "County officer",
    ),
    (
        "role.township_officer",
        "乡镇（街道）禁毒专干",
        "Township officer",
    ),
    ("role.social_worker", "社区禁毒社工", "Social worker"),
    ("role.police_officer", "公安民警", "Police officer"),
    ("role.leader", "领导（只读）", "Leader"),
    // Common words.
    ("common.search", "查询", "Search"),
    ("common.reset", "重置", "Reset"),
    ("common.add", "新增", "Add"),
    ("common.import", "导入", "Import"),
    ("common.save", "保存", "Save"),
    ("common.cancel", "取消", "Cancel"),
    ("common.submit", "提交", "Submit"),
    ("common.confirm", "确认", "Confirm"),
    ("common.view", "查看", "View"),
    ("common.edit", "编辑", "Edit"),
    ("common.actions", "操作", "Actions"),
    ("common.no", "序号", "No."),
    ("common.all", "全部", "All"),
    ("common.yes", "是", "Yes"),
    ("common.none", "无", "None"),
    ("common.back", "返回", "Back"),
    ("common.choose", "选择", "Choose"),
    ("common.required", "必填", "required"),
    ("common.status", "状态", "Status"),
    ("common.active", "正常", "Active"),
    ("common.inactive", "已停用", "Inactive"),
    ("common.empty", "暂无数据。", "Nothing here yet."),
    ("common.saved", "已保存。", "Saved."),
    ("common.from", "起", "from"),
    ("common.to", "止", "to"),
    ("common.name", "名称", "Name"),
    ("common.code", "代码", "Code"),
    ("common.level", "层级", "Level"),
    ("common.date_hint", "格式 YYYY-MM-DD", "format YYYY-MM-DD"),
    ("page.total", "共", "Total"),
    ("page.items", "条", "items"),
    ("page.per_page", "每页", "Per page"),
    ("page.prev", "上一页", "Previous"),
    ("page.next", "下一页", "Next"),
    ("page.goto", "跳至", "Go to"),
    ("page.page", "页", "page"),
    ("page.go", "确定", "Go"),
    // Login.
    ("login.title", "用户登录", "Sign in"),
    ("login.username", "用户名", "Username"),
    ("login.password", "密码", "Password"),
    ("login.submit", "登录", "Sign in"),
    (
        "login.notice",
        "本系统存储敏感个人信息，所有操作均被记录审计。",
        "This system holds sensitive personal data. Every action is audited.",
    ),
    ("login.mfa_title", "双因素认证", "Two-factor authentication"),
    (
        "login.mfa_hint",
        "请输入身份验证器应用显示的6位动态码，或一个恢复码。",
        "Enter the 6-digit code from your authenticator app, or a recovery code.",
    ),
    ("login.code", "动态码", "Code"),
    ("login.verify", "验证", "Verify"),
    (
        "login.enrol_title",
        "设置双因素认证",
        "Set up two-factor authentication",
    ),
    (
        "login.enrol_hint",
        "管理员账户必须启用双因素认证。请用身份验证器应用扫描二维码，或手动输入密钥，然后输入显示的6位动态码。",
        "Administrator accounts must use a second factor. Scan the QR code with an authenticator app, or enter the secret by hand, then type the 6-digit code it shows.",
    ),
    ("login.secret", "密钥", "Secret"),
    ("login.recovery_title", "恢复码", "Recovery codes"),
    (
        "login.recovery_hint",
        "请妥善保存以下恢复码，每个只能使用一次。此页面关闭后将无法再次查看。",
        "Keep these recovery codes safe; each works once. They will not be shown again.",
    ),
    ("login.continue", "继续", "Continue"),
    ("login.change_title", "修改密码", "Change password"),
    (
        "login.change_hint",
        "首次登录或密码已过期，请设置新密码。",
        "Your password must be changed before you continue.",
    ),
    ("login.current", "当前密码", "Current password"),
    ("login.new", "新密码", "New password"),
    ("login.confirm", "确认新密码", "Confirm new password"),
    (
        "login.policy",
        "至少12位，包含大写字母、小写字母、数字、符号中的至少3类，不得包含用户名或常见弱口令。",
        "At least 12 characters with 3 of: upper case, lower case, digits, symbols; no username or common patterns.",
    ),
    ("login.logged_out", "您已安全退出。", "You have signed out."),
    (
        "login.expired",
        "会话已过期，请重新登录。",
        "Your session has expired. Please sign in again.",
    ),
    // Home.
    ("home.title", "工作台", "Workbench"),
    ("home.welcome", "欢迎", "Welcome"),
    ("home.scope", "您的辖区", "Your jurisdiction"),
    (
        "home.persons_in_scope",
        "辖区内登记人员",
        "Persons registered in your jurisdiction",
    ),
    (
        "home.units_in_scope",
        "辖区内组织机构",
        "Org units in your jurisdiction",
    ),
    ("home.quick", "常用功能", "Quick links"),
    (
        "home.modules_soon",
        "后续模块（措施、检测、打击、指标等）将在此处陆续上线。",
        "Further modules (measures, tests, strike, indicators) will appear here as they are released.",
    ),
    // Persons.
    ("person.list_title", "吸毒人员登记", "Person register"),
    ("person.new_title", "新增吸毒人员登记", "Register a person"),
    ("person.view_title", "人员档案", "Person file"),
    ("person.name", "姓名", "Name"),
    ("person.sex", "性别", "Sex"),
    ("person.sex.M", "男", "Male"),
    ("person.sex.F", "女", "Female"),
    ("person.birth_date", "出生日期", "Date of birth"),
    ("person.age", "年龄", "Age"),
    ("person.id_number", "身份证号", "ID number"),
    ("person.phone", "联系电话", "Phone"),
    ("person.household_unit", "户籍地", "Household registration"),
    (
        "person.household_unit_hint",
        "村/社区或乡镇的区划代码或名称；留空表示与居住地相同。",
        "Code or name of the village/community or township; empty means the same as residence.",
    ),
    ("person.household_address", "户籍地址", "Household address"),
    (
        "person.residence_unit",
        "居住地（村/社区）",
        "Residence (village/community)",
    ),
    ("person.residence_grid", "网格", "Grid"),
    ("person.residence_address", "现住址", "Current address"),
    (
        "person.first_reg_unit",
        "首次登记单位",
        "First registration unit",
    ),
    (
        "person.first_reg_officer",
        "首次登记责任人",
        "First registering officer",
    ),
    (
        "person.first_reg_date",
        "首次登记日期",
        "First registration date",
    ),
    (
        "person.first_reg_fixed",
        "首次登记信息保存后不可更改（首次登记责任制）。",
        "First-registration data cannot be changed once saved (首次登记责任制).",
    ),
    (
        "person.id_hint",
        "18位或15位，末位X可小写，可含空格；性别与出生日期自动识别。",
        "18 or 15 digits; x may be lower case, spaces allowed; sex and birth date are read from it.",
    ),
    ("person.basic", "基本信息", "Basic information"),
    ("person.residence", "户籍与居住", "Household and residence"),
    ("person.registration", "登记信息", "Registration"),
    ("person.registered_range", "登记日期", "Registered"),
    ("person.unit", "辖区", "Jurisdiction"),
    ("person.created", "登记成功。", "Registered."),
    (
        "person.masked_note",
        "敏感信息默认脱敏显示。",
        "Sensitive fields are masked by default.",
    ),
    ("person.reveal", "查看完整信息", "Reveal full details"),
    ("person.reveal_reason", "查看事由", "Reason"),
    (
        "person.reveal_hint",
        "查看完整身份证号、电话和地址需填写事由，操作将被审计。",
        "Revealing the full ID number, phone and addresses needs a reason and is audited.",
    ),
    (
        "person.revealed",
        "完整信息（已审计）",
        "Full details (audited)",
    ),
    (
        "person.duplicate",
        "该身份证号已登记。",
        "This ID number is already registered.",
    ),
    (
        "person.duplicate_open",
        "查看已有档案",
        "Open the existing file",
    ),
    (
        "person.duplicate_elsewhere",
        "该身份证号已在其他辖区登记，请联系市禁毒办核实。",
        "This ID number is registered in another jurisdiction; contact the city office.",
    ),
    ("person.sort", "排序", "Sort"),
    ("person.sort.newest", "最新登记", "Newest"),
    ("person.sort.name", "姓名", "Name"),
    ("person.sort.registered", "首次登记日期", "First registered"),
    (
        "person.choose_residence",
        "请先选择居住地村/社区。",
        "Choose the village/community of residence first.",
    ),
    ("person.history", "变更记录", "Change history"),
    ("person.history_when", "时间", "When"),
    ("person.history_who", "操作人", "By"),
    ("person.history_what", "操作", "Change"),
    ("person.history_fields", "涉及字段", "Fields"),
    ("person.control", "管控信息", "Control"),
    ("person.status", "状态", "Status"),
    ("person.registration_source", "发现来源", "How found"),
    ("person.risk_level", "风险等级", "Risk level"),
    ("person.drug_types", "滥用毒品种类", "Drugs used"),
    ("person.tags", "人员标签", "Tags"),
    (
        "person.addiction",
        "吸毒成瘾认定",
        "Addiction determination",
    ),
    ("person.addiction_level", "认定结论", "Determination"),
    ("person.addiction_on", "认定日期", "Determined on"),
    (
        "person.addiction_grounds",
        "严重成瘾情形",
        "Grounds of severe addiction",
    ),
    (
        "person.addiction_none",
        "未录入认定结论",
        "No determination recorded",
    ),
    (
        "person.record_addiction",
        "录入认定结论",
        "Record the determination",
    ),
    (
        "person.addiction_hint",
        "由公安机关认定（《吸毒成瘾认定办法》第四条、第六条）；认定为成瘾严重的，须勾选第八条规定的情形。",
        "Determined by the police (CYRD 4, 6); a severe determination names the CYRD 8 grounds it rests on.",
    ),
    (
        "person.addiction_recorded",
        "认定结论已录入。",
        "Determination recorded.",
    ),
    (
        "person.intake_warning",
        "经认定吸毒成瘾严重，目前未执行戒毒措施：应收尽收，请依法处置（《禁毒法》第三十八条）。",
        "Determined severely addicted and not under a measure: the speech asks that every such person be placed (JDF 38).",
    ),
    (
        "err.case.duplicate_number",
        "案件编号已存在。",
        "A case with this number already exists.",
    ),
    (
        "err.case.suspect_twice",
        "此人已是本案嫌疑人。",
        "This person is already a suspect of the case.",
    ),
    (
        "err.case.campaign",
        "专项行动标签不能为空、不超过20字且不含逗号。",
        "A campaign tag is 1–20 characters without commas.",
    ),
    (
        "err.case.unknown_person",
        "嫌疑人须是本辖区可查询的登记人员。",
        "A suspect must be a person on the register you can search.",
    ),
    (
        "err.case.stage_backwards",
        "案件阶段只能向后推进。",
        "A case's stage only moves forward.",
    ),
    ("err.case.closed", "案件已结案。", "The case is closed."),
    (
        "err.case.stage_before_last",
        "阶段日期不能早于上一阶段。",
        "A stage cannot be dated before the previous one.",
    ),
    (
        "err.seizure.quantity",
        "数量须为正数（毒品以克计，易制毒化学品以千克计）。",
        "The quantity must be positive (grams of a drug, kilograms of a precursor).",
    ),
    (
        "err.seizure.too_large",
        "数量过大，请核对单位。",
        "The quantity is implausibly large; check the unit.",
    ),
    (
        "err.lead.transition",
        "线索状态不能这样变更（新线索→核查中→已查实→已立案，或排除）。",
        "A lead cannot move that way (new → verifying → confirmed → case filed, or dismissed).",
    ),
    (
        "err.lead.missing_reason",
        "排除线索须写明原因（至少4个字）。",
        "A dismissal needs its reason (at least 4 characters).",
    ),
    (
        "err.lead.missing_case",
        "已立案的须关联案件。",
        "A filed case must be named.",
    ),
    (
        "err.lead.unknown_case",
        "关联的案件不存在或不在本辖区。",
        "The case does not exist or is outside your jurisdiction.",
    ),
    (
        "err.lead.changed",
        "线索已被他人变更，请刷新。",
        "The lead changed meanwhile; reload it.",
    ),
    (
        "err.lead.partner_required",
        "协查须写明对方地区单位。",
        "A cooperation names the other region's unit.",
    ),
    (
        "err.lead.due_before_received",
        "办结期限不能早于接收日期。",
        "The deadline cannot precede receipt.",
    ),
    (
        "err.lead.assignee",
        "承办人须是本线索所属单位条线的公安民警。",
        "The assignee must be a police officer of the lead's unit or above it.",
    ),
    (
        "err.trace.missing_reason",
        "未查明上线的，须写明原因（至少4个字）。",
        "Without a supplier, give the reason (at least 4 characters).",
    ),
    (
        "err.trace.self_link",
        "被核查人员不能是自己的上线。",
        "The person traced cannot be their own supplier.",
    ),
    (
        "err.trace.closed",
        "该核查任务已办结。",
        "The trace task is already closed.",
    ),
    (
        "err.trace.unknown_supplier",
        "上线须是本辖区可查询的登记人员。",
        "The supplier must be a person on the register you can search.",
    ),
    (
        "err.analysis.limit",
        "条数须在1至100之间。",
        "The limit must be between 1 and 100.",
    ),
    (
        "err.chain.hops",
        "层级须在1至6之间。",
        "Hops must be between 1 and 6.",
    ),
    (
        "err.addiction.severe_needs_ground",
        "认定为成瘾严重的，须至少勾选一种第八条规定的情形。",
        "A severe determination needs at least one CYRD 8 ground.",
    ),
    (
        "err.addiction.grounds_only_when_severe",
        "只有认定为成瘾严重时才勾选第八条情形。",
        "CYRD 8 grounds go with a severe determination only.",
    ),
    (
        "person.assigned_worker",
        "责任社工",
        "Assigned social worker",
    ),
    (
        "person.update_control",
        "更新管控信息",
        "Update control details",
    ),
    (
        "person.updated",
        "管控信息已更新。",
        "Control details updated.",
    ),
    (
        "person.unchanged",
        "没有需要保存的修改。",
        "Nothing changed.",
    ),
    ("person.not_set", "未填写", "Not set"),
    ("event.person.create", "登记", "Registered"),
    (
        "event.person.update",
        "更新管控信息",
        "Control details changed",
    ),
    ("event.person.import", "批量导入", "Imported"),
    (
        "person.empty",
        "没有符合条件的人员。可调整查询条件，或点击“新增”登记。",
        "No persons match. Change the filters, or click Add to register one.",
    ),
    ("import.title", "批量导入人员", "Import persons"),
    (
        "import.hint",
        "上传 .xlsx 或 .csv 文件（第一行为表头，最多5万行、10MB）。系统按表头自动匹配列，可在下方调整。先试运行检查，再正式导入；任何一行有错误时不会写入。公式不会被计算，含公式的单元格将被拒绝。单位请填写区划代码。",
        "Upload an .xlsx or .csv file (header in the first row; at most 50,000 rows, 10 MB). Columns are matched by their headers; adjust below. Check with a dry run, then import; nothing is written while any row has an error. Formulas are never evaluated: cells holding one are refused. Give units by their division codes.",
    ),
    (
        "import.measures_title",
        "批量导入戒毒措施",
        "Import measures",
    ),
    (
        "import.tests_title",
        "批量导入检测记录",
        "Import drug tests",
    ),
    ("import.what", "导入内容", "What to import"),
    ("import.tab.persons", "人员", "Persons"),
    ("import.tab.measures", "戒毒措施", "Measures"),
    ("import.tab.tests", "检测记录", "Drug tests"),
    (
        "import.measures_hint",
        "上传 .xlsx 或 .csv 文件（第一行为表头，最多5万行、10MB），每行一项措施。人员按身份证号查找，须已登记且在您的录入范围内。措施类型填写名称或代码；社区戒毒、社区康复须填写决定书送达日期；已结束的措施填写解除/终止日期和原因（期满解除、提前解除、判处监禁刑、收容教养、决定强制隔离戒毒、死亡、其他）。每行按登记措施的同一法定规则校验。先试运行检查，再正式导入；任何一行有错误时不会写入。公式不会被计算，含公式的单元格将被拒绝。",
        "Upload an .xlsx or .csv file (header in the first row; at most 50,000 rows, 10 MB), one measure per row. Persons are found by ID number and must be registered within your capture scope. Give the kind by name or code; community detox and rehabilitation need the day the decision was served; for a measure already over, give the day it ended and why (completed, released early, imprisonment, compulsory education, compulsory isolation decided, death, other). Every row is checked by the same legal rules as a measure recorded on the file. Check with a dry run, then import; nothing is written while any row has an error. Formulas are never evaluated: cells holding one are refused.",
    ),
    (
        "import.tests_hint",
        "上传 .xlsx 或 .csv 文件（第一行为表头，最多5万行、10MB），每行一次检测。人员按身份证号查找，须已登记且在您的录入范围内。检测方式、场所、结果填写名称或代码；阳性须填写检出物质，多个用顿号或逗号分隔；突击检测填“是”或“否”。检测记录归入检测当日执行中的措施。先试运行检查，再正式导入；任何一行有错误时不会写入。公式不会被计算，含公式的单元格将被拒绝。",
        "Upload an .xlsx or .csv file (header in the first row; at most 50,000 rows, 10 MB), one test per row. Persons are found by ID number and must be registered within your capture scope. Give method, setting and result by name or code; a positive result names the substances found (separate several with commas); unannounced is yes or no. Each test belongs to the measure running on its day. Check with a dry run, then import; nothing is written while any row has an error. Formulas are never evaluated: cells holding one are refused.",
    ),
    ("import.col.reported_in_on", "报到日期", "Reported in"),
    (
        "import.col.agreement_on",
        "协议签订日期",
        "Agreement signed",
    ),
    ("import.col.ended_on", "解除/终止日期", "Ended on"),
    ("import.col.end_reason", "解除/终止原因", "Why it ended"),
    ("import.file", "文件", "File"),
    ("import.mapping", "列对应关系", "Column mapping"),
    ("import.field", "字段", "Field"),
    ("import.column", "表格中的列", "Column in the sheet"),
    (
        "import.col.residence_unit",
        "居住地（村/社区）代码",
        "Residence (village/community) code",
    ),
    ("import.col.residence_grid", "网格代码", "Grid code"),
    (
        "import.col.household_unit",
        "户籍地代码",
        "Household registration unit code",
    ),
    (
        "import.col.first_reg_unit",
        "首次登记单位代码",
        "First registration unit code",
    ),
    (
        "import.applied",
        "导入完成，写入行数：",
        "Imported; rows written:",
    ),
    ("import.rows_ok", "可导入行数：", "Rows ready:"),
    ("import.rows", "总行数", "Rows"),
    ("import.rows_bad", "有错误的行", "Rows with errors"),
    ("import.button", "导入", "Import"),
    (
        "err.import.not_xlsx",
        "无法读取该 Excel 文件。",
        "Cannot read this Excel file.",
    ),
    (
        "err.import.formula",
        "单元格含公式，系统不计算公式，请改为数值。",
        "The cell holds a formula; formulas are never evaluated, enter the value.",
    ),
    (
        "err.import.mapping",
        "请为必填字段选择对应的列。",
        "Choose a column for every required field.",
    ),
    (
        "err.import.duplicate_in_file",
        "文件中身份证号重复。",
        "Duplicate ID number in the file.",
    ),
    (
        "err.import.person_unknown",
        "未找到该人员：尚未登记，或不在您的录入范围内。",
        "No such person: not registered, or outside your capture scope.",
    ),
    (
        "err.import.open_measure_in_file",
        "文件中该人员已有一项未结束的措施；同一时间只能执行一项措施。",
        "The file already has a measure of this person that has not ended; one measure runs at a time.",
    ),
    (
        "err.import.measure_overlap_in_file",
        "与文件中该人员的另一项措施期间重叠。",
        "Overlaps another measure of this person in the file.",
    ),
    (
        "err.import.test_duplicate_in_file",
        "文件中同一检测重复（同一人员、日期、方式、场所和结果）。",
        "The same test twice in the file (person, date, method, setting and result).",
    ),
    ("err.import.number", "请填写整数。", "Enter a whole number."),
    (
        "err.import.yes_no",
        "请填写“是”或“否”。",
        "Enter yes or no.",
    ),
    ("export.button", "导出", "Export"),
    ("export.csv", "导出 CSV", "Export CSV"),
    (
        "export.unmasked_title",
        "导出完整信息（需填写事由，将被审计）",
        "Export with full details (reason required, audited)",
    ),
    (
        "export.unmasked_button",
        "导出完整信息",
        "Export full details",
    ),
    ("export.masked", "脱敏", "masked"),
    (
        "export.unmasked",
        "含完整身份信息",
        "with full identity details",
    ),
    ("export.by", "导出人", "Exported by"),
    (
        "export.restricted",
        "仅限工作使用，严禁外传",
        "for official use only; do not pass on",
    ),
    (
        "err.export.too_many",
        "导出行数超过上限（5万行），请先缩小查询范围。",
        "Too many rows to export (limit 50,000); narrow the filters first.",
    ),
    ("measure.title", "戒毒措施", "Measures"),
    ("measure.kind", "措施类型", "Measure"),
    ("measure.state", "状态", "State"),
    ("measure.decided_on", "决定日期", "Decided"),
    ("measure.served_on", "决定书送达日期", "Decision served"),
    ("measure.term_months", "期限（月）", "Term (months)"),
    (
        "measure.after_rehab_refusal",
        "拒绝社区康复后决定（不得提前解除）",
        "After a refused rehabilitation (no early release)",
    ),
    ("measure.order", "新增措施", "Order a measure"),
    ("measure.ordered", "措施已登记。", "Measure recorded."),
    ("measure.recorded", "已记录。", "Recorded."),
    ("measure.deadlines", "法定期限", "Legal deadlines"),
    ("measure.deadline", "期限", "Deadline"),
    ("measure.date", "日期", "Date"),
    ("measure.days_left", "剩余天数", "Days left"),
    ("measure.met", "完成", "Done"),
    ("measure.how", "计算方法", "How it was computed"),
    ("measure.events", "执行记录", "Events"),
    ("measure.record", "记录事项", "Record an event"),
    ("measure.event", "事项", "Event"),
    ("measure.on", "日期", "Date"),
    (
        "measure.late_reason",
        "逾期报到的正当理由",
        "Good reason for a late report-in",
    ),
    ("measure.pause_cause", "中止原因", "Cause of the pause"),
    ("measure.end_cause", "终止原因", "Cause of the end"),
    ("measure.extend_months", "延长（月）", "Extension (months)"),
    ("measure.recaptured", "被追回", "Recaptured"),
    (
        "measure.none",
        "尚无戒毒措施记录。",
        "No measures recorded.",
    ),
    (
        "measure.open_exists",
        "该人员已有正在执行的措施。",
        "This person already has a measure running.",
    ),
    ("measure.overdue", "已逾期", "Overdue"),
    (
        "measure.refusal_to_report",
        "视为拒绝接受社区戒毒，须报告公安机关（JDTL 21）",
        "Deemed refusal: report to the police (JDTL 21)",
    ),
    (
        "measure.warnings",
        "提示（不影响决定）",
        "Warnings (they do not decide)",
    ),
    (
        "measure.kind.community_detox",
        "社区戒毒",
        "Community detox",
    ),
    (
        "measure.kind.community_rehab",
        "社区康复",
        "Community rehabilitation",
    ),
    (
        "measure.kind.compulsory_isolation",
        "强制隔离戒毒",
        "Compulsory isolation",
    ),
    (
        "measure.kind.voluntary_detox",
        "自愿戒毒",
        "Voluntary detox",
    ),
    (
        "measure.kind.maintenance_therapy",
        "戒毒药物维持治疗",
        "Maintenance therapy",
    ),
    ("measure.state.ordered", "待报到", "Ordered"),
    ("measure.state.deemed_refused", "视为拒绝", "Deemed refused"),
    ("measure.state.reported_in", "已报到", "Reported in"),
    (
        "measure.state.under_agreement",
        "执行中（已签协议）",
        "Under agreement",
    ),
    ("measure.state.paused", "中止", "Paused"),
    ("measure.state.transferred", "变更执行地", "Transferred"),
    ("measure.state.executing", "执行中", "Executing"),
    ("measure.state.escaped", "脱逃", "Escaped"),
    ("measure.state.completed", "期满解除", "Completed"),
    ("measure.state.early_released", "提前解除", "Released early"),
    ("measure.state.ended", "终止", "Ended"),
    ("measure.ev.report_in", "报到", "Report-in"),
    ("measure.ev.deem_refused", "视为拒绝", "Deemed refusal"),
    (
        "measure.ev.report_refusal_to_police",
        "报告公安机关",
        "Reported to the police",
    ),
    ("measure.ev.sign_agreement", "签订协议", "Agreement signed"),
    (
        "measure.ev.pause",
        "中止（拘留/逮捕）",
        "Paused (detention/arrest)",
    ),
    ("measure.ev.resume", "恢复执行", "Resumed"),
    (
        "measure.ev.transfer",
        "变更执行地",
        "Execution place changed",
    ),
    (
        "measure.ev.report_at_new_place",
        "到新执行地报到",
        "Reported at the new place",
    ),
    ("measure.ev.complete", "期满解除", "Completed"),
    (
        "measure.ev.notify_police_of_release",
        "通知公安机关解除",
        "Police notified of release",
    ),
    ("measure.ev.escape", "脱逃", "Escape"),
    ("measure.ev.return", "脱逃后收回", "Returned after escape"),
    ("measure.ev.extend", "延长期限", "Extended"),
    ("measure.ev.early_release", "提前解除", "Early release"),
    (
        "measure.ev.file_with_police",
        "向公安机关备案",
        "Filed with the police",
    ),
    ("measure.ev.terminate", "终止", "Terminated"),
    ("measure.pause.detention", "拘留", "Detention"),
    ("measure.pause.arrest", "逮捕", "Arrest"),
    ("measure.end.imprisonment", "判处监禁刑", "Imprisonment"),
    (
        "measure.end.compulsory_education",
        "收容教养",
        "Compulsory education",
    ),
    (
        "measure.end.compulsory_isolation_decided",
        "决定强制隔离戒毒",
        "Compulsory isolation decided",
    ),
    ("measure.end.death", "死亡", "Death"),
    ("measure.end.other", "其他", "Other"),
    (
        "err.measure.already_open",
        "该人员已有正在执行的措施。",
        "This person already has a measure running.",
    ),
    (
        "err.measure.event_out_of_order",
        "事项日期早于上一次记录。",
        "The date is before the last recorded event.",
    ),
    (
        "err.measure.event_not_for_kind",
        "该措施类型没有此事项。",
        "This event does not apply to this measure.",
    ),
    (
        "err.measure.event_not_in_state",
        "当前状态下不能记录此事项。",
        "This event cannot be recorded in the current state.",
    ),
    (
        "err.measure.served_before_decision",
        "送达日期不能早于决定日期。",
        "The decision cannot be served before it was made.",
    ),
    (
        "err.measure.empty_period",
        "期限不能为零。",
        "The period cannot be empty.",
    ),
    (
        "err.measure.term_too_long",
        "期限超过法定上限。",
        "The term exceeds the legal maximum.",
    ),
    (
        "err.measure.report_in_deadline_not_passed",
        "报到期限尚未届满，不能视为拒绝。",
        "The report-in deadline has not passed yet.",
    ),
    (
        "err.measure.no_refusal",
        "没有需要报告的拒绝情形。",
        "There is no refusal to report.",
    ),
    (
        "err.measure.refusal_already_reported",
        "已报告过公安机关。",
        "Already reported to the police.",
    ),
    (
        "err.measure.early_release_too_soon",
        "执行未满一年（扣除脱逃期间），不能提前解除（JDF 47）。",
        "Less than one year served (escape time excluded): no early release (JDF 47).",
    ),
    (
        "err.measure.extension_too_long",
        "延长期限合计不得超过一年（JDF 47）。",
        "Extensions may total at most one year (JDF 47).",
    ),
    (
        "err.measure.early_release_barred",
        "被追回或拒绝社区康复后决定的，不得提前解除。",
        "Early release is barred (recaptured, or ordered after a refused rehabilitation).",
    ),
    (
        "err.measure.early_release_at_term_end",
        "已到期满之日，应按期满解除。",
        "The term is complete: record the completion instead.",
    ),
    (
        "err.measure.extension_after_term",
        "延长须在期满前决定。",
        "An extension must be decided before the term ends.",
    ),
    (
        "err.measure.already_recorded",
        "该事项已记录。",
        "Already recorded.",
    ),
    (
        "err.measure.term_not_served",
        "期限尚未届满。",
        "The term has not been served yet.",
    ),
    (
        "err.measure.overlap",
        "与该人员已登记措施的期间重叠（同一时间只能执行一项措施）。",
        "Overlaps a recorded measure of this person (one measure runs at a time).",
    ),
    ("test.title", "检测记录", "Drug tests"),
    ("test.schedule", "检测计划", "Test schedule"),
    (
        "test.setting_version",
        "检测频次设置",
        "test schedule setting",
    ),
    ("test.date", "检测日期", "Date"),
    ("test.method", "检测方式", "Method"),
    ("test.setting", "检测场所", "Setting"),
    ("test.result", "检测结果", "Result"),
    ("test.recorded_by", "记录人", "Recorded by"),
    ("test.unannounced", "突击检测", "Unannounced"),
    ("test.none", "尚无检测记录。", "No tests recorded."),
    ("test.record", "记录检测", "Record a test"),
    ("test.substances", "检出物质", "Substances found"),
    (
        "test.substances_hint",
        "阳性时必填，多个用逗号分隔。",
        "Required when positive; separate several with commas.",
    ),
    ("test.result.negative", "阴性", "Negative"),
    ("test.result.positive", "阳性", "Positive"),
    ("test.result.refused", "拒绝检测", "Refused"),
    ("test.result.evaded", "逃避检测", "Evaded"),
    (
        "test.counters",
        "严重违反协议计数（JDTL 20）",
        "Serious-violation counters (JDTL 20)",
    ),
    (
        "test.refused_evaded",
        "拒绝/逃避检测",
        "tests refused or evaded",
    ),
    ("test.absences", "擅自离开", "unauthorised absences"),
    ("test.absence_days", "累计天数", "days in total"),
    (
        "test.serious",
        "已构成严重违反，须报告公安机关",
        "Serious violation: report to the police",
    ),
    (
        "test.police_flag",
        "须报告公安机关（JDTL 21）：",
        "Report to the police (JDTL 21):",
    ),
    ("test.recorded", "检测已记录。", "Test recorded."),
    ("test.due.upcoming", "待检", "Upcoming"),
    ("test.due.open", "应检", "Due"),
    ("test.due.overdue", "逾期", "Overdue"),
    ("test.due.missed", "漏检", "Missed"),
    ("test.due.done", "已检", "Done"),
    (
        "err.test.no_substance",
        "阳性结果须填写检出物质。",
        "A positive result must name what was found.",
    ),
    (
        "err.test.duplicate",
        "该检测已有记录（同一日期、方式、场所和结果）。",
        "This test is already recorded (same date, method, setting and result).",
    ),
    // Leave (请假外出, JDTL 19).
    ("leave.title", "请假外出", "Leave"),
    (
        "leave.hint",
        "社区戒毒（康复）人员离开执行地县（市、区）3日以上的，须事先书面报告，经乡镇（街道）审批（《戒毒条例》第十九条）。未经批准外出、超出批准期限的天数计为擅自离开（第二十条）。",
        "A person under community detox or rehabilitation leaving the county for 3 days or more must report in writing beforehand and be approved by the township office (JDTL 19). Trips without approval and days beyond the approved return count as unauthorised absences (JDTL 20).",
    ),
    (
        "leave.counted",
        "擅自离开计数（JDTL 20）",
        "Unauthorised absences (JDTL 20)",
    ),
    ("leave.planned", "请假期间", "Planned"),
    ("leave.days", "天数", "Days"),
    ("leave.days_unit", "天", "days"),
    ("leave.destination", "前往地点", "Destination"),
    ("leave.reason", "事由", "Reason"),
    ("leave.trip", "实际离开/返回", "Left / back"),
    ("leave.unauthorised", "擅自离开", "Unauthorised"),
    ("leave.requested_on", "报告日期", "Reported on"),
    ("leave.state.requested", "待审批", "Awaiting decision"),
    ("leave.state.approved", "已批准", "Approved"),
    ("leave.state.refused", "不予批准", "Refused"),
    ("leave.earlier_measure", "以往措施", "Earlier measure"),
    ("leave.away", "外出中", "away"),
    ("leave.return_overdue", "逾期未归", "Return overdue"),
    ("leave.decided_on", "审批日期", "Decision date"),
    ("leave.approve", "批准", "Approve"),
    ("leave.refuse", "不予批准", "Refuse"),
    ("leave.record_departure", "登记离开", "Record departure"),
    ("leave.record_return", "登记返回", "Record return"),
    ("leave.departed", "离开日期", "Left on"),
    ("leave.returned", "返回日期", "Back on"),
    ("leave.none", "尚无请假记录。", "No leave requests."),
    ("leave.absences", "未报告外出", "Absences without a report"),
    ("leave.new", "登记请假报告", "Record a leave request"),
    ("leave.from", "计划离开日期", "Planned departure"),
    ("leave.to", "计划返回日期", "Planned return"),
    (
        "leave.days_hint",
        "天数按民法典第二百零一条计算，离开当日不计入；3日以上须审批。",
        "Days are counted as the Civil Code counts them (Art 201): the day of departure is not counted. 3 days or more need approval.",
    ),
    (
        "leave.record_absence",
        "登记擅自离开",
        "Record an unauthorised absence",
    ),
    (
        "leave.absence_hint",
        "走访发现未报告即离开县（市、区）3日以上的，在此登记，计入严重违反协议的次数和天数。",
        "An absence from the county of 3 days or more found without any report: it counts toward the serious-violation counters.",
    ),
    (
        "leave.no_measure",
        "该人员当前没有执行中的社区戒毒或社区康复措施，无需请假。",
        "No community detox or rehabilitation is running: there is nothing to ask leave from.",
    ),
    (
        "leave.requested",
        "请假报告已登记。",
        "Leave request recorded.",
    ),
    ("leave.decided", "审批结果已登记。", "Decision recorded."),
    (
        "leave.departed_flash",
        "离开日期已登记。",
        "Departure recorded.",
    ),
    (
        "leave.returned_flash",
        "返回日期已登记。",
        "Return recorded.",
    ),
    (
        "leave.absence_recorded",
        "擅自离开已登记。",
        "Unauthorised absence recorded.",
    ),
    (
        "err.leave.return_before_departure",
        "计划返回日期早于离开日期。",
        "The planned return is before the planned departure.",
    ),
    (
        "err.leave.not_departed",
        "尚未登记离开，不能登记返回。",
        "Record the departure before the return.",
    ),
    (
        "err.leave.returned_before_departure",
        "返回日期早于离开日期。",
        "The return is before the departure.",
    ),
    (
        "err.leave.already_decided",
        "该请假已审批；新的请求须重新报告。",
        "Already decided; a new request is a new report.",
    ),
    (
        "err.leave.already_departed",
        "离开日期已登记。",
        "The departure is already recorded.",
    ),
    (
        "err.leave.already_returned",
        "返回日期已登记。",
        "The return is already recorded.",
    ),
    (
        "err.leave.not_beforehand",
        "请假须事先报告：报告日期不能晚于计划离开日期。",
        "Leave is reported beforehand: the report cannot be dated after the planned departure.",
    ),
    (
        "err.leave.no_community_measure",
        "该人员没有执行中的社区戒毒或社区康复措施。",
        "The person is not under community detox or rehabilitation.",
    ),
    (
        "err.leave.own_request",
        "不能审批本人登记的请假。",
        "You cannot decide a request you filed yourself.",
    ),
    (
        "err.leave.decided_before_request",
        "审批日期早于报告日期。",
        "The decision is dated before the request.",
    ),
    (
        "err.leave.absence_too_short",
        "不足3日的外出无需报告，不构成擅自离开。",
        "Less than 3 days away needed no report: it is no unauthorised absence.",
    ),
    ("queue.title", "待办事项", "Work queue"),
    ("nav.queue", "待办事项", "Work queue"),
    (
        "queue.hint",
        "辖区内需要处理的事项：报到期限、应检和逾期检测、应走访和逾期走访、疑似失联、须报告公安的情形、期满解除、请假审批和逾期未归、戒断三年未复吸待确认等。点击“处理”进入人员档案对应位置。",
        "What needs doing in your jurisdiction: report-in deadlines, tests and visits due and overdue, persons who could not be found, matters to report to the police, terms ending, leave to decide and returns overdue, persons three years abstinent to confirm. “Handle” opens the right part of the person's file.",
    ),
    ("queue.item", "事项", "Item"),
    ("queue.by_unit", "各单位待办", "By unit"),
    ("queue.unit", "单位", "Unit"),
    ("queue.total", "合计", "Total"),
    ("queue.all_units", "← 全部单位", "← All units"),
    ("queue.own_unit", "本级", "this unit"),
    (
        "queue.under_community",
        "社区戒毒康复在管",
        "Under community measures",
    ),
    (
        "queue.workers",
        "禁毒社工 现有/应配",
        "Social workers: have / need",
    ),
    (
        "queue.caseload_hint",
        "应配社工数按本地设置的社工配比计算（向上取整）：",
        "Social workers needed follow the caseload setting (rounded up):",
    ),
    ("queue.group.measures", "措施期限", "Measure deadlines"),
    ("queue.group.tests", "检测", "Tests"),
    ("queue.group.police", "报告公安", "To report"),
    ("queue.group.visits", "走访", "Visits"),
    ("queue.group.assessments", "评估", "Assessments"),
    ("queue.group.leave", "请假", "Leave"),
    ("queue.group.abstinence", "戒断三年", "3 years abstinent"),
    ("queue.group.traces", "双逢双查", "Traces"),
    (
        "queue.kind.trace_source",
        "双逢双查：查来源",
        "Trace the source",
    ),
    (
        "queue.kind.trace_up_down_line",
        "双逢双查：查上下线",
        "Trace up- and down-line",
    ),
    ("queue.date", "日期", "Date"),
    ("queue.soon", "即将到期", "Due soon"),
    ("queue.handle", "处理", "Handle"),
    ("queue.empty", "暂无待办事项。", "Nothing to do."),
    ("queue.kind.report_in", "报到期限", "Report-in deadline"),
    (
        "queue.kind.report_refusal",
        "视为拒绝，须报告公安",
        "Deemed refusal: report to the police",
    ),
    (
        "queue.kind.police_report",
        "须报告公安机关",
        "Report to the police",
    ),
    ("queue.kind.test_overdue", "检测逾期", "Test overdue"),
    ("queue.kind.test_due", "应检测", "Test due"),
    ("queue.kind.term_ending", "期限即将届满", "Term ending"),
    (
        "queue.kind.complete",
        "期满待解除",
        "Term served: record the release",
    ),
    ("queue.kind.deadline", "法定期限", "Legal deadline"),
    (
        "queue.kind.leave_to_approve",
        "请假待审批",
        "Leave request to decide",
    ),
    (
        "queue.kind.abstinence_candidate",
        "戒断三年未复吸待确认",
        "3 years abstinent: to confirm",
    ),
    (
        "person.abstinence_candidate",
        "戒断三年未复吸候选",
        "Candidate: 3 years abstinent",
    ),
    (
        "person.abstinence_candidate_hint",
        "自该日起已满三年未复吸且无在执行措施（《戒毒条例》第七条）；核实后将在册状态改为“戒断三年未复吸”予以确认。",
        "Three years without relapse and no measure in force since this day (Drug Rehabilitation Regulations Art 7); after checking, confirm by setting the register status to \"Abstinent 3 years\".",
    ),
    (
        "err.person.not_abstinence_candidate",
        "尚未满足戒断三年未复吸条件（末次措施结束或末次阳性满三年且无在执行措施），不能确认。",
        "Not yet a candidate for 3 years abstinent (3 years since the last measure ended or the last positive test, with no measure in force).",
    ),
    (
        "queue.kind.return_overdue",
        "请假逾期未归",
        "Return from leave overdue",
    ),
    ("queue.kind.visit_overdue", "走访逾期", "Visit overdue"),
    (
        "queue.kind.assessment_overdue",
        "评估或定期报告逾期",
        "Assessment or self-report overdue",
    ),
    (
        "queue.kind.assessment_due",
        "应评估或定期报告",
        "Assessment or self-report due",
    ),
    (
        "assessment.title",
        "评估与定期报告",
        "Assessments and self-reports",
    ),
    ("police_report.reported_on", "报告日期", "Reported on"),
    ("police_report.unit", "接收单位", "Police unit"),
    (
        "police_report.unit_placeholder",
        "如：城关派出所",
        "e.g. local police station",
    ),
    ("police_report.record", "登记已报告", "Record the report"),
    (
        "police_report.done",
        "已报告公安机关",
        "Reported to the police",
    ),
    (
        "police_report.recorded",
        "已登记报告公安机关。",
        "Report to the police recorded.",
    ),
    (
        "err.police_report.no_such_flag",
        "该人员当前没有此项待报告情形。",
        "The file shows no such flag to report.",
    ),
    (
        "err.police_report.before_flag",
        "报告日期不能早于该情形发生日期。",
        "A report cannot be dated before its flag.",
    ),
    ("assessment.date", "日期", "Date"),
    ("assessment.kind", "类别", "Kind"),
    ("assessment.conclusion", "评估结论", "Conclusion"),
    ("assessment.notes", "情况记录", "Notes"),
    ("assessment.recorded_by", "记录人", "Recorded by"),
    (
        "assessment.notes_hint",
        "涉及个人情况，加密保存，仅在人员档案中显示。",
        "Personal information: stored encrypted and shown only on the person's file.",
    ),
    (
        "assessment.none",
        "尚无评估或定期报告记录。",
        "No assessments or self-reports recorded.",
    ),
    (
        "assessment.record",
        "记录评估或定期报告",
        "Record an assessment or self-report",
    ),
    ("assessment.recorded", "已记录。", "Recorded."),
    ("assessment.due", "应完成", "Due"),
    (
        "assessment.setting_version",
        "评估周期设置",
        "assessment schedule setting",
    ),
    (
        "err.assessment.no_measure",
        "该人员没有正在执行的戒毒措施，无需评估。",
        "The person has no measure running: nothing to assess.",
    ),
    ("queue.kind.visit_due", "应走访", "Visit due"),
    (
        "queue.kind.lost_contact_hint",
        "疑似失联，请核实",
        "Possibly lost contact: check",
    ),
    // Visits and support (走访帮扶).
    ("visit.section_title", "走访帮扶", "Visits and support"),
    ("visit.title", "走访记录", "Visits"),
    ("visit.next_due", "下次走访", "Next visit due"),
    ("visit.due.upcoming", "未到期", "Upcoming"),
    ("visit.due.due", "即将到期", "Due soon"),
    ("visit.due.overdue", "已逾期", "Overdue"),
    (
        "visit.setting_version",
        "走访频次设置",
        "visit cadence setting",
    ),
    ("visit.date", "走访日期", "Date"),
    ("visit.kind", "走访方式", "Kind"),
    ("visit.place", "走访地点", "Place"),
    ("visit.outcome", "走访结果", "Outcome"),
    ("visit.notes", "情况记录", "Notes"),
    (
        "visit.notes_hint",
        "涉及个人情况，加密保存，仅在人员档案中显示；情况有变化时必填。",
        "Personal information: stored encrypted and shown only on the person's file. Required when the situation changed.",
    ),
    ("visit.visited_by", "走访人", "Visited by"),
    ("visit.none", "尚无走访记录。", "No visits recorded."),
    ("visit.record", "记录走访", "Record a visit"),
    ("visit.recorded", "走访已记录。", "Visit recorded."),
    (
        "visit.lost_contact_hint",
        "疑似失联：请核实，必要时将人员状态改为“失联”。",
        "Possibly lost contact: check, and set the status to “lost contact” if so.",
    ),
    (
        "visit.not_found_in_a_row",
        "连续未见到本人次数",
        "visits in a row without finding the person",
    ),
    (
        "err.visit.notes_required",
        "情况有变化时须填写情况记录。",
        "Describe in the notes what changed.",
    ),
    ("support.plan", "帮扶计划（一人一策）", "Support plan"),
    (
        "support.poverty_relief",
        "禁毒脱贫",
        "Anti-drug poverty relief",
    ),
    ("support.plan_updated", "最近更新", "Last updated"),
    (
        "support.no_plan",
        "尚未制定帮扶计划。",
        "No support plan yet.",
    ),
    (
        "support.set_plan",
        "制定或修改帮扶计划",
        "Set the support plan",
    ),
    ("support.goal_placeholder", "帮扶目标", "Goal"),
    (
        "support.plan_saved",
        "帮扶计划已保存。",
        "Support plan saved.",
    ),
    ("support.records", "帮扶记录（四位一体）", "Support given"),
    ("support.date", "帮扶日期", "Date"),
    ("support.kind", "帮扶类别", "Kind of support"),
    ("support.sub_kind", "帮扶项目", "Item"),
    (
        "support.sub_kind_hint",
        "须属于所选帮扶类别（“其他”均可）。",
        "Must belong to the kind chosen (“other” fits any).",
    ),
    ("support.provider", "提供单位", "Provider"),
    (
        "support.provider_placeholder",
        "如：街道民政办、区人社局、社区卫生服务中心",
        "e.g. civil affairs office, human resources bureau, clinic",
    ),
    ("support.outcome", "帮扶结果", "Outcome"),
    ("support.none", "尚无帮扶记录。", "No support recorded."),
    ("support.record", "记录帮扶", "Record support"),
    ("support.recorded", "帮扶已记录。", "Support recorded."),
    (
        "err.support.duplicate_kind",
        "同一帮扶类别只能有一个目标。",
        "One goal per kind of support.",
    ),
    (
        "err.support.sub_kind_mismatch",
        "帮扶项目不属于所选类别。",
        "That item does not belong to the kind of support chosen.",
    ),
    (
        "err.support.outcome_mismatch",
        "该结果不适用于所选帮扶类别。",
        "That outcome does not apply to the kind of support chosen.",
    ),
    (
        "err.support.goal_empty",
        "请填写目标或选择帮扶项目。",
        "Give a goal or choose an item.",
    ),
    ("home.queue", "待办事项", "Work queue"),
    ("nav.suspects", "重嫌必检", "Strong suspects"),
    ("nav.strike", "打击", "Strike"),
    ("nav.leads", "线索", "Leads"),
    ("lead.title", "线索管理", "Leads"),
    (
        "lead.hint",
        "情报、举报、物流寄递和场所检查等来源的涉毒线索，核查后立案或排除；线索内容加密保存，列表只显示摘要。",
        "Leads from intelligence, public reports, logistics and venue checks, verified to a case or dismissed; the narrative is encrypted and lists show the summary only.",
    ),
    ("lead.state", "状态", "State"),
    ("lead.summary", "摘要", "Summary"),
    (
        "lead.summary_hint",
        "列表中显示，不写姓名、证件号等身份信息。",
        "Shown in lists: no names or ID numbers.",
    ),
    ("lead.source", "来源", "Source"),
    ("lead.reliability", "可靠程度", "Reliability"),
    ("lead.unit", "所属单位", "Unit"),
    ("lead.received_date", "接收日期", "Received"),
    ("lead.due_date", "核查期限", "Due"),
    (
        "lead.due_hint",
        "不填则为接收后30日。",
        "A month after receipt when left empty.",
    ),
    ("lead.new", "登记线索", "Record a lead"),
    ("lead.content", "线索内容", "Narrative"),
    (
        "lead.content_hint",
        "加密保存，仅在查看单条线索时显示并留痕。",
        "Encrypted; shown only when a single lead is opened, and audited.",
    ),
    ("lead.cooperation", "协查", "Cooperation"),
    ("lead.partner", "协查单位", "Other region's unit"),
    ("lead.assignee", "承办人", "Assignee"),
    ("lead.reason", "排除原因", "Reason for dismissal"),
    (
        "lead.reason_hint",
        "排除线索时必填（至少4个字）。",
        "Required to dismiss (at least 4 characters).",
    ),
    ("lead.case", "立案案件编号", "Case number"),
    (
        "lead.case_hint",
        "立案时填写已登记案件的编号。",
        "To file a case, give the number of a recorded case.",
    ),
    ("lead.open_case", "查看案件", "Open the case"),
    ("lead.next", "线索处置", "Next step"),
    ("network.open", "关系网络", "Network"),
    ("network.title", "关系网络", "Supply network"),
    (
        "network.hint",
        "上线（供货人）在上，下线（购买人）在下，按层级排列；点击人员查看其关系网络。辖区外人员只计数、不显示身份。",
        "Suppliers above, buyers below, by number of hops; click a person to open their network. Persons outside your jurisdiction are counted, not shown.",
    ),
    ("network.hops", "层级", "Hops"),
    ("network.up", "上线", "Up-line (suppliers)"),
    ("network.down", "下线", "Down-line (buyers)"),
    ("network.via", "经由", "Through"),
    (
        "network.outside",
        "辖区外人员（不显示）",
        "Outside your jurisdiction (not shown)",
    ),
    ("network.legend_up", "上线", "up-line"),
    ("network.legend_down", "下线", "down-line"),
    ("network.cases", "涉案情况", "Cases"),
    ("network.traces", "双逢双查任务", "Trace tasks"),
    ("nav.cases", "毒品案件", "Drug cases"),
    ("nav.traces", "双逢双查", "Source traces"),
    ("case.title", "毒品案件", "Drug cases"),
    (
        "case.hint",
        "本辖区受理的毒品案件。走私、贩卖、运输、制造毒品案件（刑法第三百四十七条）的嫌疑人自动生成查上下线任务（逢贩必查上下线）。",
        "Drug cases of your jurisdiction. Each suspect of a trafficking case (Criminal Law Art 347) gets an up/down-line trace task.",
    ),
    ("case.new", "登记案件", "Record a case"),
    ("case.number", "案件编号", "Case number"),
    ("case.name", "案件名称", "Case title"),
    ("case.type", "案件类别", "Offence"),
    (
        "case.type_hint",
        "按刑法罪名选择。",
        "As named in the Criminal Law.",
    ),
    ("case.stage", "办案阶段", "Stage"),
    ("case.unit", "所属单位", "Unit"),
    ("case.accepted_date", "受案日期", "Accepted on"),
    ("case.stage_date", "阶段日期", "Stage since"),
    ("case.place", "地点", "Place"),
    ("case.handling_unit", "办案单位", "Handling unit"),
    ("case.campaigns", "专项行动", "Campaigns"),
    (
        "case.campaigns_hint",
        "多个标签用逗号分隔，如：两打两控",
        "Separate tags with commas, e.g. 两打两控",
    ),
    ("case.organised_crime", "涉黑涉恶", "Organised crime"),
    ("case.trafficking", "贩毒类", "Trafficking"),
    ("case.advance", "推进阶段", "Move to stage"),
    ("case.suspects", "犯罪嫌疑人", "Suspects"),
    ("case.add_suspect", "添加嫌疑人", "Add a suspect"),
    (
        "case.suspect_hint",
        "须是本辖区可查询的登记人员；同案嫌疑人自动建立同案关系。",
        "A person on the register you can search; suspects of one case are linked as co-offenders.",
    ),
    ("case.role", "角色", "Role"),
    ("case.seizures", "缴获", "Seizures"),
    ("case.add_seizure", "登记缴获", "Record a seizure"),
    ("case.kind", "类别", "Kind"),
    ("case.kind.drug", "毒品", "Drug"),
    ("case.kind.precursor", "易制毒化学品", "Precursor chemical"),
    ("case.substance", "品名", "Substance"),
    ("case.drug", "毒品种类", "Drug"),
    ("case.precursor", "化学品名称", "Chemical"),
    ("case.quantity", "数量", "Quantity"),
    (
        "case.quantity_hint",
        "毒品以克计，易制毒化学品以千克计。",
        "Grams of a drug, kilograms of a precursor chemical.",
    ),
    ("case.seized_date", "缴获日期", "Seized on"),
    ("case.traces", "查上下线任务", "Up/down-line traces"),
    (
        "case.no_traces",
        "本案暂无核查任务（非贩毒类案件或嫌疑人均为购买者）。",
        "No trace tasks (not a trafficking case, or every suspect is a buyer).",
    ),
    ("trace.title", "双逢双查", "Source and supply-line traces"),
    (
        "trace.hint",
        "逢吸必查来源：新发现吸毒人员自动生成查来源任务；逢贩必查上下线：贩毒案件嫌疑人自动生成查上下线任务。任务30日内办结，须查明上线或写明原因。",
        "Every newly found drug user opens a source trace; every trafficking suspect an up/down-line trace. Close each within 30 days with the supplier identified or the reason none was.",
    ),
    ("trace.kind", "任务类别", "Kind"),
    ("trace.person", "核查对象", "Person traced"),
    ("trace.unit", "责任单位", "Responsible unit"),
    ("trace.opened", "生成日期", "Opened"),
    ("trace.due", "办结期限", "Due"),
    ("trace.state", "状态", "State"),
    ("trace.open", "待办", "Open"),
    ("trace.closed", "已办结", "Closed"),
    ("trace.overdue", "已逾期", "Overdue"),
    ("trace.case", "（案件）", "(case)"),
    ("trace.close", "办结", "Close"),
    (
        "trace.supplier_id_number",
        "上线身份证号",
        "Supplier's ID number",
    ),
    ("trace.reason", "未查明原因", "Why none was found"),
    (
        "trace.reason_hint",
        "已查明上线的填写身份证号；未查明的写明原因（至少4个字）。",
        "Give the supplier's ID number, or why none was found (at least 4 characters).",
    ),
    (
        "trace.outcome.identified",
        "已查明上线",
        "Supplier identified",
    ),
    ("trace.outcome.not_identified", "未查明", "Not identified"),
    ("suspect.title", "重嫌必检", "Strong-suspect tests"),
    (
        "suspect.hint",
        "对有吸毒嫌疑的人员责令检测；检测阳性且有吸毒证据的，一步登记为吸毒人员（来源：重嫌必检）。",
        "Suspects are ordered to test; a positive result with evidence of use leads to registration in one step (source: strong-suspect test).",
    ),
    ("suspect.pending_only", "仅看待检测", "Pending only"),
    ("suspect.unit", "发现单位", "Found by"),
    ("suspect.found_date", "发现日期", "Found"),
    ("suspect.result", "检测结果", "Result"),
    ("suspect.r.pending", "待检测", "Pending"),
    ("suspect.r.negative", "阴性", "Negative"),
    ("suspect.r.positive", "阳性", "Positive"),
    ("suspect.r.refused", "拒绝检测", "Refused"),
    ("suspect.registered", "已登记", "Registered"),
    ("suspect.new", "新增重点嫌疑人员", "Record a suspect"),
    ("suspect.circumstances", "发现经过", "Circumstances"),
    (
        "suspect.circumstances_hint",
        "加密保存。",
        "Stored encrypted.",
    ),
    ("suspect.test_date", "检测日期", "Test date"),
    ("suspect.evidence", "吸毒证据", "Evidence of use"),
    (
        "suspect.evidence_hint",
        "阳性时必填：除检测结果外的吸毒证据（如现场查获、本人供述）。",
        "Required when positive: evidence besides the sample (e.g. caught using, own statement).",
    ),
    (
        "suspect.open_person",
        "查看人员档案",
        "Open the person's file",
    ),
    (
        "suspect.register",
        "登记为吸毒人员",
        "Register as a drug user",
    ),
    ("suspect.record_result", "记录检测结果", "Record the result"),
    (
        "suspect.registering",
        "由重嫌必检登记",
        "Registering from a strong-suspect test",
    ),
    (
        "err.suspect.evidence_required",
        "阳性结果须填写吸毒证据。",
        "A positive result needs the evidence of use.",
    ),
    (
        "err.suspect.not_positive",
        "只有检测阳性且有证据的才能登记。",
        "Only a positive result with evidence leads to registration.",
    ),
    ("doc.title", "档案材料", "Documents"),
    ("doc.kind", "材料类型", "Kind"),
    ("doc.doc_title", "标题", "Title"),
    ("doc.type", "文件类型", "Type"),
    ("doc.size", "大小", "Size"),
    ("doc.download", "下载", "Download"),
    ("doc.none", "尚无档案材料。", "No documents."),
    ("doc.upload", "上传材料", "Upload a document"),
    ("doc.file", "文件", "File"),
    (
        "doc.hint",
        "PDF、JPG 或 PNG，不超过 10MB；加密保存，下载将被审计。",
        "PDF, JPEG or PNG, at most 10 MB; stored encrypted; downloads are audited.",
    ),
    ("doc.k.decision", "决定书", "Decision"),
    ("doc.k.agreement", "协议书", "Agreement"),
    ("doc.k.warning", "警示/告诫", "Warning"),
    ("doc.k.test_record", "检测记录", "Test record"),
    ("doc.k.assessment", "评估材料", "Assessment"),
    ("doc.k.other", "其他", "Other"),
    (
        "err.attachment.size",
        "文件为空或超过 10MB。",
        "The file is empty or larger than 10 MB.",
    ),
    (
        "err.attachment.type",
        "只接受 PDF、JPG、PNG 文件（按内容识别）。",
        "Only PDF, JPEG and PNG files are accepted (checked by content).",
    ),
    // Org units.
    ("org.title", "组织机构", "Org units"),
    ("org.children", "下级单位", "Sub-units"),
    ("org.add_child", "新增下级单位", "Add a sub-unit"),
    ("org.rename", "重命名", "Rename"),
    ("org.move", "调整上级", "Move"),
    (
        "org.new_parent_code",
        "新上级单位代码",
        "Code of the new parent",
    ),
    ("org.deactivate", "停用", "Deactivate"),
    ("org.activate", "启用", "Activate"),
    (
        "org.deactivate_confirm",
        "停用将同时停用全部下级单位，确定吗？",
        "Deactivating also deactivates every sub-unit. Continue?",
    ),
    ("org.level.city", "市", "City"),
    ("org.level.county", "县（区）", "County/District"),
    (
        "org.level.township",
        "乡镇（街道）",
        "Township/Sub-district",
    ),
    ("org.level.village", "村（社区）", "Village/Community"),
    ("org.level.grid", "网格", "Grid"),
    ("org.sub_count", "下级数", "Sub-units"),
    ("org.import_title", "导入行政区划", "Import divisions"),
    (
        "org.import_hint",
        "CSV 文件，表头为：代码,名称,层级,上级代码（或 code,name,level,parent_code）。层级填 county/township/village/grid 或 县区/乡镇街道/村社区/网格。先试运行检查，再正式导入；有任何错误时不会写入。",
        "CSV with header code,name,level,parent_code (or 代码,名称,层级,上级代码). Level: county/township/village/grid. Check with a dry run first; nothing is written while any row has an error.",
    ),
    ("org.import_file", "CSV 文件", "CSV file"),
    ("org.dry_run", "试运行", "Dry run"),
    ("org.apply", "正式导入", "Import"),
    ("org.import_line", "行号", "Line"),
    ("org.import_action", "处理", "Action"),
    ("org.import_error", "错误", "Error"),
    ("org.action.create", "新增", "Create"),
    ("org.action.rename", "更名", "Rename"),
    ("org.action.unchanged", "不变", "Unchanged"),
    ("org.import_applied", "导入完成。", "Import applied."),
    (
        "org.import_dry",
        "试运行结果：尚未写入。",
        "Dry run: nothing written yet.",
    ),
    (
        "org.import_has_errors",
        "存在错误，未写入任何数据。",
        "There are errors; nothing was written.",
    ),
    (
        "org.summary",
        "新增 {c} 个，更名 {r} 个，错误 {e} 个",
        "{c} to create, {r} to rename, {e} errors",
    ),
    // Users.
    ("user.title", "用户管理", "Users"),
    ("user.new_title", "新增用户", "New user"),
    ("user.username", "用户名", "Username"),
    ("user.display_name", "姓名", "Name"),
    ("user.role", "角色", "Role"),
    ("user.org_unit", "所属单位", "Unit"),
    ("user.org_code", "所属单位代码", "Unit code"),
    ("user.status", "账户状态", "Account"),
    ("user.disabled", "已停用", "Disabled"),
    ("user.locked", "已锁定", "Locked"),
    ("user.enabled", "正常", "Enabled"),
    ("user.mfa", "双因素", "2FA"),
    ("user.mfa_on", "已启用", "On"),
    ("user.mfa_off", "未启用", "Off"),
    ("user.disable", "停用账户", "Disable"),
    ("user.enable", "启用账户", "Enable"),
    ("user.reset_password", "重置密码", "Reset password"),
    ("user.reset_mfa", "重置双因素", "Reset 2FA"),
    ("user.end_sessions", "强制下线", "End sessions"),
    ("user.set_role", "修改角色", "Change role"),
    ("user.scopes", "数据范围", "Scopes"),
    ("user.scope.capture", "录入范围", "Capture scope"),
    ("user.scope.search", "查询范围", "Search scope"),
    ("user.scope.analysis", "分析范围", "Analysis scope"),
    (
        "user.scope_codes",
        "单位代码（多个用逗号分隔）",
        "Unit codes (comma-separated)",
    ),
    (
        "user.one_time_password",
        "一次性密码（仅显示一次，用户首次登录须修改）",
        "One-time password (shown once; must be changed at first login)",
    ),
    ("user.created", "用户已创建。", "User created."),
    ("user.done", "操作已完成。", "Done."),
    ("user.last_change", "密码修改时间", "Password changed"),
    // Audit.
    ("audit.title", "审计日志", "Audit log"),
    ("audit.seq", "序号", "Seq"),
    ("audit.at", "时间", "Time"),
    ("audit.user", "用户", "User"),
    ("audit.role", "角色", "Role"),
    ("audit.client", "来源地址", "Client"),
    ("audit.event", "事件", "Event"),
    ("audit.object", "对象", "Object"),
    ("audit.object_type", "对象类型", "Object type"),
    ("audit.object_id", "对象编号", "Object id"),
    ("audit.outcome", "结果", "Outcome"),
    ("audit.reason", "事由", "Reason"),
    ("audit.details", "详情", "Details"),
    ("audit.request", "请求号", "Request"),
    ("audit.from", "开始日期", "From"),
    ("audit.to", "结束日期", "To"),
    ("audit.outcome.success", "成功", "Success"),
    ("audit.outcome.failure", "失败", "Failure"),
    ("audit.outcome.denied", "拒绝", "Denied"),
    (
        "audit.chain_note",
        "审计记录只可追加，哈希链与签名检查点可用 jindu audit verify 校验。",
        "Audit entries are append-only; the hash chain and signed checkpoints are checked by `jindu audit verify`.",
    ),
    // Account.
    ("account.title", "我的账户", "My account"),
    ("account.language", "界面语言", "Language"),
    ("account.password", "修改密码", "Change password"),
    ("account.tokens", "API 令牌", "API tokens"),
    (
        "account.tokens_hint",
        "用于系统对接的长期令牌，仅在创建时显示一次，服务器只保存其哈希值。",
        "Long-lived tokens for integrations; shown once at creation, only their hash is stored.",
    ),
    ("account.token_name", "令牌名称", "Token name"),
    (
        "account.token_days",
        "有效天数（留空为长期）",
        "Valid for days (empty: no expiry)",
    ),
    ("account.token_create", "创建令牌", "Create token"),
    (
        "account.token_new",
        "新令牌（仅显示一次）",
        "New token (shown once)",
    ),
    ("account.token_revoke", "吊销", "Revoke"),
    ("account.token_revoked", "已吊销", "Revoked"),
    ("account.token_created_at", "创建时间", "Created"),
    ("account.token_expires", "到期", "Expires"),
    (
        "account.password_changed",
        "密码已修改。",
        "Password changed.",
    ),
    // Errors (stable codes from the service layer and the domain).
    (
        "err.generic",
        "输入有误，请检查。",
        "Please check this value.",
    ),
    (
        "err.not_found",
        "未找到该记录，或您无权访问。",
        "Not found, or outside your jurisdiction.",
    ),
    (
        "err.forbidden",
        "您的角色无权执行此操作。",
        "Your role may not do this.",
    ),
    (
        "err.bad_credentials",
        "用户名或密码错误，或账户已被锁定。",
        "Wrong username or password, or the account is locked.",
    ),
    (
        "err.rate_limited",
        "请求过于频繁，请稍后再试。",
        "Too many requests; try again later.",
    ),
    (
        "err.csrf",
        "页面已过期或请求来源无效，请刷新后重试。",
        "The page expired or the request came from elsewhere; reload and try again.",
    ),
    (
        "err.internal",
        "系统内部错误，请联系管理员并提供请求号。",
        "Internal error. Contact the administrator with the request id.",
    ),
    ("err.request_id", "请求号", "Request id"),
    ("err.title", "出错了", "Something went wrong"),
    (
        "err.field.required",
        "此项为必填项。",
        "This field is required.",
    ),
    ("err.field.too_long", "内容过长。", "Too long."),
    (
        "err.field.invalid_code",
        "选项无效。",
        "Not a valid choice.",
    ),
    (
        "err.person.worker_not_responsible",
        "该社工不负责此人居住的社区。",
        "This worker is not responsible for the person's community.",
    ),
    (
        "err.id.length",
        "身份证号应为18位或15位。",
        "An ID number has 18 or 15 characters.",
    ),
    (
        "err.id.characters",
        "身份证号只能包含数字，末位可为X。",
        "Only digits, and X as the last character.",
    ),
    (
        "err.id.birth_date",
        "身份证号中的出生日期无效。",
        "The birth date in the ID number is not valid.",
    ),
    (
        "err.id.checksum",
        "身份证号校验位不正确，请核对。",
        "The check digit is wrong; please check the number.",
    ),
    (
        "err.id.region",
        "身份证号地区码无效。",
        "The region code is not valid.",
    ),
    (
        "err.phone.invalid",
        "请输入11位手机号码。",
        "Enter an 11-digit mobile number.",
    ),
    (
        "err.date.future",
        "日期不能晚于今天。",
        "The date cannot be in the future.",
    ),
    (
        "err.date.invalid",
        "日期格式应为 YYYY-MM-DD。",
        "Use the format YYYY-MM-DD.",
    ),
    (
        "err.org.unknown",
        "单位不存在或已停用。",
        "Unknown or inactive unit.",
    ),
    (
        "err.org.ambiguous",
        "名称对应多个单位，请填写区划代码。",
        "Several units have this name; enter the code.",
    ),
    (
        "err.org.level",
        "单位层级不符合要求。",
        "This unit is of the wrong level.",
    ),
    (
        "err.org.grid_not_in_residence",
        "网格须属于所选居住地。",
        "The grid must belong to the chosen residence.",
    ),
    (
        "err.org.out_of_scope",
        "该单位不在您的录入范围内。",
        "This unit is outside your capture scope.",
    ),
    (
        "err.org.code_shape",
        "代码格式不符合 GB/T 2260 / GB/T 10114 或网格编码规则。",
        "The code does not follow GB/T 2260 / GB/T 10114 or the grid code rule.",
    ),
    (
        "err.org.code_parent",
        "代码须以上级单位代码开头。",
        "The code must start with the parent's code.",
    ),
    (
        "err.org.code_taken",
        "该代码已被使用。",
        "This code is already in use.",
    ),
    (
        "err.org.code_duplicate_in_file",
        "文件中代码重复。",
        "Duplicate code in the file.",
    ),
    (
        "err.org.name",
        "名称不能为空，且不超过64字。",
        "Name required, at most 64 characters.",
    ),
    (
        "err.org.parent_unknown",
        "上级单位不存在或不在您的范围内。",
        "Unknown parent, or outside your scope.",
    ),
    (
        "err.org.parent_out_of_scope",
        "上级单位不在您的管理范围内。",
        "The parent is outside your scope.",
    ),
    (
        "err.org.parent_level",
        "上级单位层级不匹配。",
        "The parent is of the wrong level.",
    ),
    (
        "err.org.parent_inactive",
        "上级单位已停用。",
        "The parent is inactive.",
    ),
    (
        "err.org.no_child_level",
        "网格不能再设下级。",
        "A grid cannot have sub-units.",
    ),
    (
        "err.org.move_into_self",
        "不能移动到自身的下级。",
        "Cannot move a unit below itself.",
    ),
    (
        "err.org.has_users",
        "该单位或其下级仍有启用的用户账户，请先调整账户。",
        "Enabled accounts still belong to this unit or below; move or disable them first.",
    ),
    (
        "err.org.root_cannot_deactivate",
        "不能停用根单位。",
        "The root unit cannot be deactivated.",
    ),
    (
        "err.import.not_csv",
        "无法读取 CSV 文件。",
        "Cannot read the CSV file.",
    ),
    (
        "err.import.headers",
        "CSV 表头应为：代码,名称,层级,上级代码。",
        "The CSV header must be code,name,level,parent_code.",
    ),
    (
        "err.import.too_many_rows",
        "行数超过上限。",
        "Too many rows.",
    ),
    (
        "err.import.too_large",
        "文件过大。",
        "The file is too large.",
    ),
    ("err.import.bad_row", "该行格式有误。", "Malformed row."),
    (
        "err.import.encoding",
        "文件编码无法识别，请使用 UTF-8 或 GBK。",
        "Unknown encoding; use UTF-8 or GBK.",
    ),
    (
        "err.user.username",
        "用户名为3-32位小写字母、数字或 _ . -，以字母开头。",
        "3–32 lower-case letters, digits or _ . -, starting with a letter.",
    ),
    (
        "err.user.username_taken",
        "用户名已存在。",
        "This username is taken.",
    ),
    (
        "err.user.display_name",
        "姓名不能为空，且不超过64字。",
        "Name required, at most 64 characters.",
    ),
    (
        "err.user.own_role",
        "不能修改自己的角色。",
        "You cannot change your own role.",
    ),
    (
        "err.user.own_account",
        "不能停用自己的账户。",
        "You cannot disable your own account.",
    ),
    (
        "err.user.scope_size",
        "请填写1至50个单位代码。",
        "Give 1 to 50 unit codes.",
    ),
    ("err.role.unknown", "未知角色。", "Unknown role."),
    (
        "err.password.too_short",
        "密码至少12位。",
        "At least 12 characters.",
    ),
    (
        "err.password.too_long",
        "密码最多128位。",
        "At most 128 characters.",
    ),
    (
        "err.password.too_few_classes",
        "须包含大写字母、小写字母、数字、符号中的至少3类。",
        "Use 3 of: upper case, lower case, digits, symbols.",
    ),
    (
        "err.password.contains_username",
        "密码不能包含用户名。",
        "The password must not contain the username.",
    ),
    (
        "err.password.too_common",
        "密码过于简单或包含常见弱口令。",
        "Too simple or contains a common pattern.",
    ),
    (
        "err.password.current_wrong",
        "当前密码不正确。",
        "The current password is wrong.",
    ),
    (
        "err.password.same_as_current",
        "新密码不能与当前密码相同。",
        "The new password must differ from the current one.",
    ),
    (
        "err.password.mismatch",
        "两次输入的新密码不一致。",
        "The two new passwords differ.",
    ),
    (
        "err.mfa.bad_code",
        "动态码不正确或已使用。",
        "Wrong or already used code.",
    ),
    (
        "err.reveal.reason",
        "请填写4至200字的事由。",
        "Give a reason of 4 to 200 characters.",
    ),
    (
        "err.token.name",
        "请填写1至64字的令牌名称。",
        "Give a token name of 1 to 64 characters.",
    ),
    (
        "err.person.duplicate_id_number",
        "该身份证号已登记。",
        "This ID number is already registered.",
    ),
    (
        "err.person.duplicate_elsewhere",
        "该身份证号已在其他辖区登记，请联系市禁毒办核实。",
        "This ID number is registered in another jurisdiction; contact the city office.",
    ),
    (
        "err.login.change_password_required",
        "须先在网页端修改密码。",
        "The password must first be changed in the web UI.",
    ),
    (
        "err.login.enrol_required",
        "须先在网页端设置双因素认证。",
        "Two-factor authentication must first be set up in the web UI.",
    ),
    (
        "err.mfa_required",
        "需要动态码。",
        "A second-factor code is required.",
    ),
    ("err.unauthenticated", "请先登录。", "Please sign in."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_present() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in STRINGS {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(
                !zh.trim().is_empty() && !en.trim().is_empty(),
                "empty translation for {k}"
            );
        }
    }

    /// Every `t("…")` and `err("…")` key used in templates and code exists.
    #[test]
    fn every_used_key_is_defined() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        let mut files = Vec::new();
        for dir in ["templates", "src", "src/pages", "src/api"] {
            for e in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    files.push(p);
                }
            }
        }
        for p in files {
            let text = std::fs::read_to_string(&p).unwrap();
            for marker in [".t(\"", "t(\"", "err_key(\""] {
                for part in text.split(marker).skip(1) {
                    let key = part.split('"').next().unwrap();
                    if key.contains('.')
                        && !key.contains(' ')
                        && !key.ends_with('.')
                        && !INDEX.contains_key(key)
                    {
                        missing.push(format!("{}: {key}", p.display()));
                    }
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "undefined i18n keys: {missing:#?}");
    }
}
