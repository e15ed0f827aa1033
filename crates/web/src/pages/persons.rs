//! The person register pages: list with filters and paging, registration
//! form, the person's file, and reveal with a reason.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::authz::Permission;
use jindu_domain::org::OrgLevel;
use jindu_domain::register::{DrugType, PersonTag, RegisterStatus, RegistrationSource, RiskLevel};
use jindu_store::org::{self, OrgUnit};
use jindu_store::service::persons::{PersonInput, PersonQuery, PersonView};
use jindu_store::service::{Page, ServiceError};
use serde::Deserialize;

use super::choices::{Choice, Pairs, choices};
use super::pager::Pager;
use super::{Chrome, FieldErrors, parse_date, render, render_status};
use crate::error::WebResult;
use crate::i18n::Lang;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

/// Raw list filters from the query string (kept as typed, for the form).
#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    registered_from: String,
    #[serde(default)]
    registered_to: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    risk_level: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    sort: String,
    page: Option<i64>,
    per_page: Option<i64>,
    #[serde(default)]
    ok: String,
}

impl ListParams {
    fn pairs(&self) -> Vec<(String, String)> {
        [
            ("name", &self.name),
            ("id_number", &self.id_number),
            ("sex", &self.sex),
            ("unit", &self.unit),
            ("registered_from", &self.registered_from),
            ("registered_to", &self.registered_to),
            ("status", &self.status),
            ("risk_level", &self.risk_level),
            ("tag", &self.tag),
            ("sort", &self.sort),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
    }
}

/// A unit option for selects, grouped under its parent's name.
pub struct UnitOption {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

pub struct UnitGroup {
    pub label: String,
    pub options: Vec<UnitOption>,
}

/// Units of `levels` inside `scope`, grouped by their parent, for a select.
async fn unit_groups(
    st: &AppState,
    scope: &[String],
    levels: &[OrgLevel],
    selected: Option<i64>,
) -> WebResult<Vec<UnitGroup>> {
    let mut units: Vec<OrgUnit> = Vec::new();
    for lv in levels {
        units.extend(org::search(&st.ctx.db, scope, "", Some(*lv), 5000).await?);
    }
    units.sort_by(|a, b| a.path.cmp(&b.path));
    let parent_ids: Vec<i64> = units
        .iter()
        .filter_map(|u| u.parent_id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let parents = org::many(&st.ctx.db, &parent_ids).await?;
    let mut groups: Vec<UnitGroup> = Vec::new();
    for u in units {
        let pname = parents
            .iter()
            .find(|p| Some(p.id) == u.parent_id)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let opt = UnitOption {
            id: u.id,
            label: format!("{} {}", u.name, u.code),
            selected: Some(u.id) == selected,
        };
        match groups.last_mut() {
            Some(g) if g.label == pname => g.options.push(opt),
            _ => groups.push(UnitGroup {
                label: pname,
                options: vec![opt],
            }),
        }
    }
    Ok(groups)
}

#[derive(Template)]
#[template(path = "persons_list.html")]
struct ListPage {
    c: Chrome,
    p: ListParams,
    rows: Vec<PersonView>,
    pager: Pager,
    offset: i64,
    units: Vec<UnitGroup>,
    can_create: bool,
    can_reveal: bool,
    export_href: String,
    error: String,
    statuses: Vec<Choice>,
    risks: Vec<Choice>,
    tags: Vec<Choice>,
}

pub async fn list(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(p): Query<ListParams>,
) -> WebResult<Response> {
    let l = info.lang;
    let page = Page::new(p.page, p.per_page);
    let mut error = String::new();
    let (from, to) = match (parse_date(&p.registered_from), parse_date(&p.registered_to)) {
        (Ok(f), Ok(t)) => (f, t),
        _ => {
            error = l.err("date.invalid").to_string();
            (None, None)
        }
    };
    let q = PersonQuery {
        name: Some(p.name.clone()),
        id_number: Some(p.id_number.clone()),
        sex: Some(p.sex.clone()),
        unit: p.unit.parse().ok(),
        registered_from: from,
        registered_to: to,
        status: Some(p.status.clone()),
        risk_level: Some(p.risk_level.clone()),
        tag: Some(p.tag.clone()),
        sort: Some(p.sort.clone()),
    };
    let (rows, total) = match st.ctx.person_list(&a.actor, &q, page).await {
        Ok(r) => r,
        Err(ServiceError::Invalid { code, .. }) => {
            error = l.err(&code).to_string();
            (Vec::new(), 0)
        }
        Err(e) => return Err(e.into()),
    };
    let units = unit_groups(
        &st,
        a.actor.scope(Permission::PersonRead),
        &[OrgLevel::County, OrgLevel::Township],
        q.unit,
    )
    .await?;
    let c = Chrome::for_user(
        &st,
        &a,
        &info,
        "person.list_title",
        "nav.persons",
        "/persons",
    )
    .await
    .with_flash(Some(p.ok.as_str()));
    let pager = Pager::new("/persons", &p.pairs(), page, total);
    let filters: Vec<(String, String)> = p
        .pairs()
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let export_href = format!(
        "/persons/export?{}",
        serde_urlencoded::to_string(&filters).unwrap_or_default()
    );
    Ok(render(&ListPage {
        c,
        can_reveal: a.actor.can(Permission::PersonReveal),
        export_href,
        rows,
        pager,
        offset: page.offset(),
        units,
        can_create: a.actor.can(Permission::PersonCreate),
        error,
        statuses: choices::<RegisterStatus>(l, std::slice::from_ref(&p.status)),
        risks: choices::<RiskLevel>(l, std::slice::from_ref(&p.risk_level)),
        tags: choices::<PersonTag>(l, std::slice::from_ref(&p.tag)),
        p,
    }))
}

impl ListPage {
    fn status_label(&self, code: &str) -> String {
        self.c.l.code_label::<RegisterStatus>(code)
    }
}

/// The registration form's raw values (kept on error).
#[derive(Deserialize, Default, Clone)]
pub struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    household_unit: String,
    #[serde(default)]
    household_address: String,
    #[serde(default)]
    residence: String,
    #[serde(default)]
    grid: String,
    #[serde(default)]
    residence_address: String,
    #[serde(default)]
    first_reg_unit: String,
    #[serde(default)]
    first_reg_officer: String,
    #[serde(default)]
    first_reg_date: String,
    #[serde(default)]
    registration_source: String,
    #[serde(default)]
    risk_level: String,
    #[serde(default)]
    assigned_worker: String,
    /// Registering a positive strong suspect: name and ID number come from
    /// that record.
    #[serde(default)]
    suspect: String,
    #[serde(skip)]
    drug_types: Vec<String>,
    #[serde(skip)]
    tags: Vec<String>,
}

impl PersonForm {
    fn from_pairs(p: &Pairs) -> PersonForm {
        PersonForm {
            name: p.get("name"),
            id_number: p.get("id_number"),
            phone: p.get("phone"),
            household_unit: p.get("household_unit"),
            household_address: p.get("household_address"),
            residence: p.get("residence"),
            grid: p.get("grid"),
            residence_address: p.get("residence_address"),
            first_reg_unit: p.get("first_reg_unit"),
            first_reg_officer: p.get("first_reg_officer"),
            first_reg_date: p.get("first_reg_date"),
            registration_source: p.get("registration_source"),
            risk_level: p.get("risk_level"),
            assigned_worker: p.get("assigned_worker"),
            suspect: p.get("suspect"),
            drug_types: p.all("drug_types"),
            tags: p.all("tags"),
        }
    }
}

/// The register fields' options on a form.
pub struct ControlChoices {
    pub statuses: Vec<Choice>,
    pub sources: Vec<Choice>,
    pub risks: Vec<Choice>,
    pub drugs: Vec<Choice>,
    pub tags: Vec<Choice>,
    pub workers: Vec<(i64, String, bool)>,
}

#[allow(clippy::too_many_arguments)]
pub async fn control_choices(
    st: &AppState,
    a: &Auth,
    l: Lang,
    unit: Option<i64>,
    status: &str,
    source: &str,
    risk: &str,
    drugs: &[String],
    tags: &[String],
    worker: Option<i64>,
) -> WebResult<ControlChoices> {
    let workers = match unit {
        Some(u) => st.ctx.responsible_workers(&a.actor, u).await?,
        None => Vec::new(),
    };
    // Grading offers only the levels of the table in force (settings).
    let in_use = st.ctx.risk_levels_in_use().await?;
    Ok(ControlChoices {
        statuses: choices::<RegisterStatus>(l, &[status.to_string()]),
        sources: choices::<RegistrationSource>(l, &[source.to_string()]),
        risks: choices::<RiskLevel>(l, &[risk.to_string()])
            .into_iter()
            .filter(|c| in_use.iter().any(|r| r.code() == c.code))
            .collect(),
        drugs: choices::<DrugType>(l, drugs),
        tags: choices::<PersonTag>(l, tags),
        workers: workers
            .into_iter()
            .map(|(id, name)| (id, name, Some(id) == worker))
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "person_new.html")]
struct NewPage {
    c: Chrome,
    f: PersonForm,
    residence: Option<OrgUnit>,
    villages: Vec<UnitGroup>,
    grids: Vec<OrgUnit>,
    reg_units: Vec<UnitGroup>,
    errors: FieldErrors,
    duplicate: Option<String>,
    duplicate_elsewhere: bool,
    control: ControlChoices,
    /// The suspect being registered, if any.
    suspect: Option<jindu_store::service::suspects::SuspectView>,
}

async fn new_page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    f: PersonForm,
    errors: FieldErrors,
    dup: (Option<String>, bool),
) -> WebResult<Response> {
    let actor = &a.actor;
    let capture = actor.scope(Permission::PersonCreate).to_vec();
    let residence = match f.residence.parse::<i64>() {
        Ok(id) => org::get(&st.ctx.db, id).await.ok().filter(|u| {
            u.level == OrgLevel::Village
                && actor
                    .authorize(Permission::PersonCreate, Some(&u.path))
                    .is_ok()
        }),
        Err(_) => None,
    };
    let villages = if residence.is_none() {
        unit_groups(st, &capture, &[OrgLevel::Village], None).await?
    } else {
        Vec::new()
    };
    let grids = match &residence {
        Some(r) => org::children(&st.ctx.db, Some(r.id))
            .await?
            .into_iter()
            .map(|(u, _)| u)
            .filter(|u| u.active)
            .collect(),
        None => Vec::new(),
    };
    let selected_reg = f.first_reg_unit.parse().ok().or(actor.org_unit_id);
    let mut reg_units = unit_groups(
        st,
        &capture,
        &[OrgLevel::County, OrgLevel::Township],
        selected_reg,
    )
    .await?;
    if let Some(own) = actor.org_unit_id
        && !reg_units
            .iter()
            .any(|g| g.options.iter().any(|o| o.id == own))
        && let Ok(u) = org::get(&st.ctx.db, own).await
        && u.level != OrgLevel::Grid
    {
        reg_units.insert(
            0,
            UnitGroup {
                label: String::new(),
                options: vec![UnitOption {
                    id: u.id,
                    label: format!("{} {}", u.name, u.code),
                    selected: selected_reg == Some(u.id),
                }],
            },
        );
    }
    let c = Chrome::for_user(
        st,
        a,
        info,
        "person.new_title",
        "nav.person_new",
        "/persons/new",
    )
    .await;
    let mut f = f;
    if f.first_reg_officer.is_empty() {
        f.first_reg_officer = actor.display_name.clone();
    }
    if f.first_reg_date.is_empty() {
        f.first_reg_date = st.ctx.today().to_string();
    }
    let status = if errors.is_empty() && dup.0.is_none() && !dup.1 {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let suspect = if f.suspect.is_empty() {
        None
    } else {
        Some(st.ctx.suspect_get(&a.actor, &f.suspect).await?)
    };
    let control = control_choices(
        st,
        a,
        info.lang,
        residence.as_ref().map(|r| r.id),
        "registered",
        &f.registration_source,
        &f.risk_level,
        &f.drug_types,
        &f.tags,
        f.assigned_worker.parse().ok(),
    )
    .await?;
    Ok(render_status(
        status,
        &NewPage {
            c,
            f,
            residence,
            villages,
            grids,
            reg_units,
            errors,
            duplicate: dup.0,
            duplicate_elsewhere: dup.1,
            control,
            suspect,
        },
    ))
}

pub async fn new_form(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(f): Query<PersonForm>,
) -> WebResult<Response> {
    new_page(&st, &info, &a, f, FieldErrors::default(), (None, false)).await
}

/// Resolves the household field: a unit code, or an exact unit name when it
/// is unique; empty means "same as residence".
pub(super) async fn resolve_unit(
    st: &AppState,
    text: &str,
    l: Lang,
) -> Result<Option<i64>, (String, &'static str)> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(Some(u)) = org::by_code(&st.ctx.db, t).await {
        return Ok(Some(u.id));
    }
    let all = vec!["/".to_string()];
    let found: Vec<OrgUnit> = org::search(&st.ctx.db, &all, t, None, 20)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|u| u.name == t && matches!(u.level, OrgLevel::Village | OrgLevel::Township))
        .collect();
    match found.as_slice() {
        [one] => Ok(Some(one.id)),
        [] => Err(("household_unit_id".into(), l.err("org.unknown"))),
        _ => Err(("household_unit_id".into(), l.err("org.ambiguous"))),
    }
}

pub async fn create(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let f = PersonForm::from_pairs(&Pairs(pairs));
    let l = info.lang;
    let mut pre = FieldErrors::default();
    let residence_id = f.residence.parse::<i64>().ok();
    let household = match resolve_unit(&st, &f.household_unit, l).await {
        Ok(h) => h.or(residence_id),
        Err(e) => {
            pre.0.push(e);
            None
        }
    };
    let reg_date = match parse_date(&f.first_reg_date) {
        Ok(d) => d,
        Err(code) => {
            pre.0.push(("first_reg_date".into(), l.err(code)));
            None
        }
    };
    let input = PersonInput {
        name: f.name.clone(),
        id_number: f.id_number.clone(),
        phone: f.phone.clone(),
        household_unit_id: household,
        household_address: f.household_address.clone(),
        residence_unit_id: residence_id,
        residence_grid_id: f.grid.parse().ok(),
        residence_address: f.residence_address.clone(),
        first_reg_unit_id: f.first_reg_unit.parse().ok(),
        first_reg_officer: f.first_reg_officer.clone(),
        first_reg_date: reg_date,
        registration_source: f.registration_source.clone(),
        risk_level: f.risk_level.clone(),
        drug_types: f.drug_types.clone(),
        tags: f.tags.clone(),
        assigned_worker_id: f.assigned_worker.parse().ok(),
    };
    if !pre.is_empty() {
        // Show the form's other errors too, not only the ones found here.
        if let Err(e) = st.ctx.person_check(&a.actor, &input).await
            && let Some(more) = FieldErrors::from_service(l, &e)
        {
            let extra: Vec<_> = more.0.into_iter().filter(|(f, _)| !pre.has(f)).collect();
            pre.0.extend(extra);
        }
        return new_page(&st, &info, &a, f, pre, (None, false)).await;
    }
    let registered = if f.suspect.is_empty() {
        st.ctx.person_register(&a.actor, &input).await
    } else {
        st.ctx.suspect_register(&a.actor, &f.suspect, &input).await
    };
    match registered {
        Ok(id) => Ok(Redirect::to(&format!("/persons/{id}?ok=created")).into_response()),
        Err(ServiceError::Conflict { existing, code }) => {
            let elsewhere = code == "person.duplicate_elsewhere";
            new_page(
                &st,
                &info,
                &a,
                f,
                FieldErrors(vec![("id_number".into(), l.err(&code))]),
                (existing, elsewhere),
            )
            .await
        }
        Err(e) => match FieldErrors::from_service(l, &e) {
            Some(errors) => new_page(&st, &info, &a, f, errors, (None, false)).await,
            None => Err(e.into()),
        },
    }
}
