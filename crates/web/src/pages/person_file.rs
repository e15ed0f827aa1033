//! The person's file: identity (masked), control details with their
//! update form, reveal with a reason, and the change history.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::addiction::{AddictionLevel, SevereGround};
use jindu_domain::assessments::{AssessmentConclusion, AssessmentKind};
use jindu_domain::authz::Permission;
use jindu_domain::drug_tests::{TestMethod, TestSetting};
use jindu_domain::police_report::ReportReason;
use jindu_domain::register::{DrugType, PersonTag, RegisterStatus, RegistrationSource, RiskLevel};
use jindu_domain::schedule::{DueItem, DueState};
use jindu_domain::support::{
    SupportKind, SupportOutcome, SupportSubKind, VisitDueState, VisitKind, VisitOutcome, VisitPlace,
};
use jindu_store::service::addiction::AddictionInput;
use jindu_store::service::assessments::AssessmentsView;
use jindu_store::service::attachments::AttachmentView;
use jindu_store::service::drug_tests::TestsView;
use jindu_store::service::leave::LeaveView;
use jindu_store::service::measures::MeasureView;
use jindu_store::service::persons::{PersonView, Revealed};
use jindu_store::service::register::RegisterUpdate;
use jindu_store::service::support::{PlanView, SupportRecordView};
use jindu_store::service::visits::VisitsView;
use jindu_store::service::{Actor, ServiceError};
use serde::Deserialize;

use super::choices::{Choice, Pairs, choices};
use super::persons::{ControlChoices, control_choices};
use super::{Chrome, FieldErrors, fmt_time, render};
use crate::error::{WebError, WebResult};
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "person_view.html")]
struct ViewPage {
    c: Chrome,
    p: PersonView,
    /// Severely addicted and not under a measure (应收尽收).
    intake_warning: bool,
    addiction_error: String,
    levels: Vec<Choice>,
    grounds: Vec<Choice>,
    revealed: Option<Revealed>,
    can_reveal: bool,
    /// May open the person's supply network (strike).
    can_network: bool,
    reason: String,
    reveal_error: String,
    labels: Labels,
    can_edit: bool,
    control: ControlChoices,
    errors: FieldErrors,
    history: Vec<HistoryRow>,
    measures: Vec<MeasureView>,
    can_order: bool,
    measure_error: String,
    warnings: Vec<&'static str>,
    kinds: Vec<(&'static str, &'static str)>,
    today: String,
    tests: TestsView,
    test_error: String,
    methods: Vec<Choice>,
    settings: Vec<Choice>,
    results: [&'static str; 4],
    documents: Vec<AttachmentView>,
    doc_error: String,
    doc_kinds: [&'static str; 6],
    leave: LeaveView,
    leave_error: String,
    visits: VisitsView,
    plan: Option<PlanView>,
    support: Vec<SupportRecordView>,
    visit_error: String,
    assessments: AssessmentsView,
    assessment_error: String,
    assessment_kinds: Vec<Choice>,
    conclusions: Vec<Choice>,
    visit_kinds: Vec<Choice>,
    visit_places: Vec<Choice>,
    visit_outcomes: Vec<Choice>,
    plan_form: Vec<PlanKindForm>,
    support_kinds: Vec<Choice>,
    support_subs: Vec<SubGroup>,
    support_outcomes: Vec<Choice>,
}

/// One kind of support in the plan form, filled from the current plan.
pub struct PlanKindForm {
    pub code: &'static str,
    pub label: &'static str,
    pub goal: String,
    pub subs: Vec<Choice>,
}

/// The sub-kinds of one kind of support, for an `<optgroup>`.
pub struct SubGroup {
    pub label: &'static str,
    pub subs: Vec<Choice>,
}

/// Events that can be recorded from the page, in the order they happen.
const EVENTS: &[&str] = &[
    "report_in",
    "sign_agreement",
    "deem_refused",
    "report_refusal_to_police",
    "pause",
    "resume",
    "escape",
    "return",
    "extend",
    "early_release",
    "complete",
    "notify_police_of_release",
    "file_with_police",
    "terminate",
];

impl ViewPage {
    fn state_label(&self, code: &str) -> &'static str {
        self.c.l.tf("measure.state", code)
    }
    fn kind_label(&self, code: &str) -> &'static str {
        self.c.l.tf("measure.kind", code)
    }
    fn timeline(&self, m: &MeasureView) -> Option<super::timeline::Timeline> {
        let today = time::Date::parse(
            &self.today,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .ok()?;
        super::timeline::of(self.c.l, m, today, |code| {
            self.event_label(code).to_string()
        })
    }
    fn event_label(&self, code: &str) -> &'static str {
        self.c.l.tf("measure.ev", code)
    }
    fn events(&self) -> Vec<(&'static str, &'static str)> {
        EVENTS
            .iter()
            .map(|e| (*e, self.c.l.tf("measure.ev", e)))
            .collect()
    }
    fn zh(&self) -> bool {
        self.c.l == Lang::Zh
    }
    fn method_label(&self, code: &str) -> String {
        self.c.l.code_label::<TestMethod>(code)
    }
    fn setting_label(&self, code: &str) -> String {
        self.c.l.code_label::<TestSetting>(code)
    }
    fn flag_label(&self, code: &str) -> String {
        self.c.l.code_label::<ReportReason>(code)
    }
    /// The tag class of a leave request's state.
    fn leave_state_class(&self, state: &str) -> &'static str {
        match state {
            "approved" => "tag-ok",
            "refused" => "tag-danger",
            _ => "tag-warn",
        }
    }
    fn visit_kind_label(&self, code: &str) -> String {
        self.c.l.code_label::<VisitKind>(code)
    }
    fn place_label(&self, code: &str) -> String {
        self.c.l.code_label::<VisitPlace>(code)
    }
    fn visit_outcome_label(&self, code: &str) -> String {
        self.c.l.code_label::<VisitOutcome>(code)
    }
    fn support_kind_label(&self, code: &str) -> String {
        self.c.l.code_label::<SupportKind>(code)
    }
    fn sub_label(&self, code: &str) -> String {
        self.c.l.code_label::<SupportSubKind>(code)
    }
    fn support_outcome_label(&self, code: &str) -> String {
        self.c.l.code_label::<SupportOutcome>(code)
    }
    fn at(&self, ms: &i64) -> String {
        fmt_time(*ms)
    }
    /// The i18n key of the next visit's state.
    fn assessment_kind_label(&self, code: &str) -> String {
        self.c.l.code_label::<AssessmentKind>(code)
    }
    fn conclusion_label(&self, code: &str) -> String {
        self.c.l.code_label::<AssessmentConclusion>(code)
    }
    /// The first due date still to do (open or overdue).
    fn next_open(&self, due: &[DueItem]) -> Option<DueItem> {
        jindu_domain::schedule::next_open(due)
    }
    fn visit_due_key(&self, s: &VisitDueState) -> &'static str {
        match s {
            VisitDueState::Upcoming => "visit.due.upcoming",
            VisitDueState::Due => "visit.due.due",
            VisitDueState::Overdue => "visit.due.overdue",
        }
    }
    /// The CSS class of a due date's state.
    fn due_class(&self, d: &DueItem) -> &'static str {
        match d.state {
            DueState::Upcoming => "upcoming",
            DueState::Open => "open",
            DueState::Overdue => "overdue",
            DueState::Missed => "missed",
            DueState::Done { .. } => "done",
        }
    }
}

/// The register fields as the reader's language shows them.
pub struct Labels {
    pub status: String,
    pub source: String,
    pub risk: String,
    pub drugs: Vec<String>,
    pub tags: Vec<String>,
    pub addiction: String,
    pub addiction_grounds: Vec<String>,
}

impl Labels {
    fn of(l: Lang, p: &PersonView) -> Labels {
        Labels {
            status: l.code_label::<RegisterStatus>(&p.status),
            source: l.code_label::<RegistrationSource>(&p.registration_source),
            risk: p
                .risk_level
                .as_deref()
                .map(|r| l.code_label::<RiskLevel>(r))
                .unwrap_or_default(),
            drugs: p
                .drug_types
                .iter()
                .map(|d| l.code_label::<DrugType>(d))
                .collect(),
            tags: p
                .tags
                .iter()
                .map(|t| l.code_label::<PersonTag>(t))
                .collect(),
            addiction: p
                .addiction_level
                .as_deref()
                .map(|a| l.code_label::<AddictionLevel>(a))
                .unwrap_or_default(),
            addiction_grounds: p
                .addiction_grounds
                .iter()
                .map(|g| l.code_label::<SevereGround>(g))
                .collect(),
        }
    }
}

pub struct HistoryRow {
    pub at: String,
    pub who: String,
    pub what: &'static str,
    pub fields: String,
}

#[derive(Deserialize, Default)]
pub struct ViewQuery {
    #[serde(default)]
    ok: String,
    /// An error code from a measure form.
    #[serde(default)]
    merr: String,
    /// Warning codes from ordering a measure.
    #[serde(default)]
    warn: String,
    /// An error code from the test form.
    #[serde(default)]
    terr: String,
    /// An error code from the document upload.
    #[serde(default)]
    aerr: String,
    /// An error code from a leave form.
    #[serde(default)]
    lerr: String,
    /// An error code from the visit and support forms.
    #[serde(default)]
    verr: String,
    /// An error code from the assessment form.
    #[serde(default)]
    serr: String,
    /// An error code from the addiction determination form.
    #[serde(default)]
    derr: String,
}

/// The reveal form's state on the person's page.
#[derive(Default)]
struct RevealState {
    revealed: Option<Revealed>,
    reason: String,
    error: String,
}

/// The page; `errors` are those of a rejected control update.
async fn view_page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    p: PersonView,
    r: RevealState,
    errors: FieldErrors,
    q: &ViewQuery,
) -> WebResult<Response> {
    let l = info.lang;
    let c = Chrome::for_user(
        st,
        a,
        info,
        "person.view_title",
        "nav.persons",
        &format!("/persons/{}", p.id),
    )
    .await
    .with_flash(Some(q.ok.as_str()));
    let can_edit = a.actor.can(Permission::PersonCreate)
        && st.ctx.org_path(p.org_unit_id).await.is_some_and(|path| {
            a.actor
                .authorize(Permission::PersonCreate, Some(&path))
                .is_ok()
        });
    let control = control_choices(
        st,
        a,
        l,
        Some(p.residence_unit_id),
        &p.status,
        &p.registration_source,
        p.risk_level.as_deref().unwrap_or(""),
        &p.drug_types,
        &p.tags,
        p.assigned_worker_id,
    )
    .await?;
    let history = st
        .ctx
        .person_history(&a.actor, &p.id)
        .await?
        .into_iter()
        .map(|h| HistoryRow {
            at: fmt_time(h.at),
            who: h.username,
            what: l.t(&format!("event.{}", h.event)),
            fields: h
                .fields
                .iter()
                .map(|f| l.t(&format!("person.{}", f.trim_end_matches("_id"))))
                .collect::<Vec<_>>()
                .join("、"),
        })
        .collect();
    let measures = st.ctx.measures_of(&a.actor, &p.id).await?;
    let can_order = can_edit && measures.iter().all(|m| m.closed);
    let warnings = q
        .warn
        .split(',')
        .filter_map(jindu_domain::measures::Warning::from_code)
        .map(|w| {
            if l == Lang::Zh {
                w.message_zh()
            } else {
                w.message_en()
            }
        })
        .collect();
    let tests = st.ctx.tests_of(&a.actor, &p.id).await?;
    let documents = st.ctx.attachments_of(&a.actor, &p.id).await?;
    let leave = st.ctx.leave_of(&a.actor, &p.id).await?;
    let visits = st.ctx.visits_of(&a.actor, &p.id).await?;
    let assessments = st.ctx.assessments_of(&a.actor, &p.id).await?;
    let plan = st.ctx.support_plan_of(&a.actor, &p.id).await?;
    let support = st.ctx.support_records_of(&a.actor, &p.id).await?;
    let plan_form = SupportKind::ALL
        .iter()
        .map(|k| {
            let current = plan
                .as_ref()
                .and_then(|pl| pl.goals.iter().find(|g| g.kind == k.code()));
            let selected = current.map(|g| g.sub_kinds.clone()).unwrap_or_default();
            let mut subs = choices::<SupportSubKind>(l, &selected);
            subs.retain(|c| SupportSubKind::from_code(c.code).is_some_and(|s| s.fits(*k)));
            PlanKindForm {
                code: k.code(),
                label: l.label(*k),
                goal: current.and_then(|g| g.goal.clone()).unwrap_or_default(),
                subs,
            }
        })
        .collect();
    let support_subs = SupportKind::ALL
        .iter()
        .map(|k| SubGroup {
            label: l.label(*k),
            subs: SupportSubKind::of(*k)
                .into_iter()
                .filter(|s| s.kind().is_some())
                .map(|s| Choice {
                    code: s.code(),
                    label: l.label(s),
                    on: false,
                })
                .collect(),
        })
        .collect();
    let kinds = jindu_domain::MeasureKind::ALL
        .iter()
        .map(|k| (k.code(), l.tf("measure.kind", k.code())))
        .collect();
    let level = p.addiction_level.clone().into_iter().collect::<Vec<_>>();
    Ok(render(&ViewPage {
        intake_warning: p.addiction_level.as_deref() == Some(AddictionLevel::Severe.code())
            && p.status != RegisterStatus::UnderMeasure.code(),
        addiction_error: if q.derr.is_empty() {
            String::new()
        } else {
            l.err(&q.derr).to_string()
        },
        levels: choices::<AddictionLevel>(l, &level),
        grounds: choices::<SevereGround>(l, &p.addiction_grounds),
        measures,
        can_order,
        measure_error: if q.merr.is_empty() {
            String::new()
        } else {
            l.err(&q.merr).to_string()
        },
        warnings,
        kinds,
        today: st.ctx.today().to_string(),
        tests,
        test_error: if q.terr.is_empty() {
            String::new()
        } else {
            l.err(&q.terr).to_string()
        },
        methods: choices::<TestMethod>(l, &[]),
        settings: choices::<TestSetting>(l, &[]),
        results: ["negative", "positive", "refused", "evaded"],
        documents,
        doc_error: if q.aerr.is_empty() {
            String::new()
        } else {
            l.err(&q.aerr).to_string()
        },
        doc_kinds: jindu_store::service::attachments::KINDS,
        leave,
        leave_error: if q.lerr.is_empty() {
            String::new()
        } else {
            l.err(&q.lerr).to_string()
        },
        visits,
        plan,
        support,
        visit_error: if q.verr.is_empty() {
            String::new()
        } else {
            l.err(&q.verr).to_string()
        },
        visit_kinds: choices::<VisitKind>(l, &[]),
        assessments,
        assessment_error: if q.serr.is_empty() {
            String::new()
        } else {
            l.err(&q.serr).to_string()
        },
        assessment_kinds: choices::<AssessmentKind>(l, &[]),
        conclusions: choices::<AssessmentConclusion>(l, &[]),
        visit_places: choices::<VisitPlace>(l, &[]),
        visit_outcomes: choices::<VisitOutcome>(l, &[]),
        plan_form,
        support_kinds: choices::<SupportKind>(l, &[]),
        support_subs,
        support_outcomes: choices::<SupportOutcome>(l, &[]),
        c,
        can_reveal: a.actor.can(Permission::PersonReveal),
        can_network: a.actor.can(Permission::CaseRead),
        labels: Labels::of(l, &p),
        p,
        revealed: r.revealed,
        reason: r.reason,
        reveal_error: r.error,
        can_edit,
        control,
        errors,
        history,
    }))
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Query(q): Query<ViewQuery>,
) -> WebResult<Response> {
    let p = st.ctx.person_view(&a.actor, &id).await?;
    view_page(
        &st,
        &info,
        &a,
        p,
        RevealState::default(),
        FieldErrors::default(),
        &q,
    )
    .await
}

#[derive(Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    reason: String,
}

pub async fn reveal(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(f): Form<RevealForm>,
) -> WebResult<Response> {
    let actor: &Actor = &a.actor;
    let (p, state) = match st.ctx.person_reveal(actor, &id, &f.reason).await {
        Ok((p, r)) => (
            p,
            RevealState {
                revealed: Some(r),
                reason: f.reason,
                error: String::new(),
            },
        ),
        Err(ServiceError::Invalid { code, .. }) => {
            let p = st.ctx.person_view(actor, &id).await?;
            (
                p,
                RevealState {
                    revealed: None,
                    reason: f.reason,
                    error: info.lang.err(&code).to_string(),
                },
            )
        }
        Err(e) => return Err(WebError(e)),
    };
    view_page(
        &st,
        &info,
        &a,
        p,
        state,
        FieldErrors::default(),
        &ViewQuery::default(),
    )
    .await
}

/// Saves the control details (status, risk, drugs, tags, worker …).
pub async fn update_control(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let u = RegisterUpdate {
        status: f.get("status"),
        registration_source: f.get("registration_source"),
        risk_level: f.get("risk_level"),
        drug_types: f.all("drug_types"),
        tags: f.all("tags"),
        assigned_worker_id: f.get("assigned_worker").parse().ok(),
    };
    match st.ctx.person_update_register(&a.actor, &id, &u).await {
        Ok(changed) => {
            let flash = if changed.is_empty() {
                "unchanged"
            } else {
                "updated"
            };
            Ok(Redirect::to(&format!("/persons/{id}?ok={flash}")).into_response())
        }
        Err(e) => match FieldErrors::from_service(info.lang, &e) {
            Some(errors) => {
                let p = st.ctx.person_view(&a.actor, &id).await?;
                view_page(
                    &st,
                    &info,
                    &a,
                    p,
                    RevealState::default(),
                    errors,
                    &ViewQuery::default(),
                )
                .await
            }
            None => Err(WebError(e)),
        },
    }
}

/// Records the police's addiction determination from the control card.
pub async fn addiction(
    State(st): State<AppState>,
    Extension(a): Extension<Auth>,
    Path(person): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = Pairs(pairs);
    let input = AddictionInput {
        level: f.get("level"),
        determined_on: super::parse_date(&f.get("determined_on")).ok().flatten(),
        grounds: f.all("grounds"),
    };
    let outcome = st.ctx.person_addiction(&a.actor, &person, &input).await;
    super::back_to_file(&person, "addiction", "derr", "addiction_recorded", outcome)
}
