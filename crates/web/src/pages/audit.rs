//! The audit admin's page: search the trail by user, time, object and event.

use askama::Template;
use axum::extract::{Extension, Query, State};
use axum::response::Response;
use jindu_store::audit::{AuditEntry, AuditFilter};
use jindu_store::service::Page;
use serde::Deserialize;

use super::pager::Pager;
use super::{Chrome, fmt_time, parse_date, render};
use crate::error::WebResult;
use crate::middleware::{Auth, ReqInfo};
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    user: String,
    #[serde(default)]
    event: String,
    #[serde(default)]
    object_type: String,
    #[serde(default)]
    object_id: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    page: Option<i64>,
    per_page: Option<i64>,
}

pub struct EntryRow {
    pub e: AuditEntry,
    pub at: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Chrome,
    q: AuditQuery,
    rows: Vec<EntryRow>,
    pager: Pager,
    error: String,
}

/// Midnight China Standard Time of a date, in UTC milliseconds.
fn cst_midnight_ms(d: time::Date) -> i64 {
    d.midnight().assume_utc().unix_timestamp() * 1000 - 8 * 3_600_000
}

pub async fn page(
    State(st): State<AppState>,
    Extension(info): Extension<ReqInfo>,
    Extension(a): Extension<Auth>,
    Query(q): Query<AuditQuery>,
) -> WebResult<Response> {
    let l = info.lang;
    let page = Page::new(q.page, q.per_page);
    let mut error = String::new();
    let (from, to) = match (parse_date(&q.from), parse_date(&q.to)) {
        (Ok(f), Ok(t)) => (f, t),
        _ => {
            error = l.err("date.invalid").to_string();
            (None, None)
        }
    };
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let filter = AuditFilter {
        username: opt(&q.user),
        event: opt(&q.event),
        object_type: opt(&q.object_type),
        object_id: opt(&q.object_id),
        from_ms: from.map(cst_midnight_ms),
        // The "to" date is inclusive: up to the next midnight.
        to_ms: to.map(|d| cst_midnight_ms(d) + 86_400_000),
        // The service applies the actor's scope.
        scope: None,
    };
    let (entries, total) = st.ctx.audit_search(&a.actor, &filter, page).await?;
    let rows = entries
        .into_iter()
        .map(|e| EntryRow {
            at: fmt_time(e.at),
            e,
        })
        .collect();
    let params: Vec<(String, String)> = [
        ("user", &q.user),
        ("event", &q.event),
        ("object_type", &q.object_type),
        ("object_id", &q.object_id),
        ("from", &q.from),
        ("to", &q.to),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    let pager = Pager::new("/audit", &params, page, total);
    let c = Chrome::for_user(&st, &a, &info, "audit.title", "nav.audit", "/audit").await;
    Ok(render(&AuditPage {
        c,
        q,
        rows,
        pager,
        error,
    }))
}
