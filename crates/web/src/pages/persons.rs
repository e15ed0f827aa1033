//! The person register pages: list with filters and paging, registration
//! form, the person's file, and reveal with a reason.

use askama::Template;
use axum::Form;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jindu_domain::authz::Permission;
use jindu_domain::org::OrgLevel;
use jindu_store::org::{self, OrgUnit};
use jindu_store::service::persons::{PersonInput, PersonQuery, PersonView, Revealed};
use jindu_store::service::{Actor, Page, ServiceError};
use serde::Deserialize;

use super::pager::Pager;
use super::{Chrome, FieldErrors, parse_date, render, render_status};
use crate::error::{WebError, WebResult};
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
        p,
    }))
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
async fn resolve_unit(
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
    Form(f): Form<PersonForm>,
) -> WebResult<Response> {
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
    match st.ctx.person_register(&a.actor, &input).await {
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

#[derive(Template)]
#[template(path = "person_view.html")]
struct ViewPage {
    c: Chrome,
    p: PersonView,
    revealed: Option<Revealed>,
    can_reveal: bool,
    reason: String,
    reveal_error: String,
}

#[derive(Deserialize)]
pub struct ViewQuery {
    #[serde(default)]
    ok: String,
}

/// The reveal form's state on the person's page.
#[derive(Default)]
struct RevealState {
    revealed: Option<Revealed>,
    reason: String,
    error: String,
}

async fn view_page(
    st: &AppState,
    info: &ReqInfo,
    a: &Auth,
    p: PersonView,
    r: RevealState,
    flash: &str,
) -> Response {
    let c = Chrome::for_user(
        st,
        a,
        info,
        "person.view_title",
        "nav.persons",
        &format!("/persons/{}", p.id),
    )
    .await
    .with_flash(Some(flash));
    render(&ViewPage {
        c,
        can_reveal: a.actor.can(Permission::PersonReveal),
        p,
        revealed: r.revealed,
        reason: r.reason,
        reveal_error: r.error,
    })
}

pub async fn view(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Path(id): Path<String>,
    Query(q): Query<ViewQuery>,
) -> WebResult<Response> {
    let p = st.ctx.person_view(&a.actor, &id).await?;
    Ok(view_page(&st, &info, &a, p, RevealState::default(), &q.ok).await)
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
    match st.ctx.person_reveal(actor, &id, &f.reason).await {
        Ok((p, r)) => Ok(view_page(
            &st,
            &info,
            &a,
            p,
            RevealState {
                revealed: Some(r),
                reason: f.reason,
                error: String::new(),
            },
            "",
        )
        .await),
        Err(ServiceError::Invalid { code, .. }) => {
            let p = st.ctx.person_view(actor, &id).await?;
            Ok(view_page(
                &st,
                &info,
                &a,
                p,
                RevealState {
                    revealed: None,
                    reason: f.reason,
                    error: info.lang.err(&code).to_string(),
                },
                "",
            )
            .await)
        }
        Err(e) => Err(WebError(e)),
    }
}
