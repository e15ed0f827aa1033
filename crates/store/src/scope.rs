//! Scope filters inside SQL: the same rule as `jindu_domain::authz`, applied
//! to lists, searches, counts and exports so nothing outside the actor's
//! jurisdiction is ever read.

use jindu_domain::authz::path_range;

use crate::db::Q;

/// Appends ` AND (<col> in any of the subtrees)` to `q`. An empty scope
/// matches nothing (deny by default).
pub fn push_scope(q: &mut Q, path_col: &str, scope_paths: &[String]) {
    if scope_paths.is_empty() {
        q.push_sql(" AND 1=0");
        return;
    }
    q.push_sql(" AND (");
    for (i, p) in scope_paths.iter().enumerate() {
        let (lo, hi) = path_range(p);
        if i > 0 {
            q.push_sql(" OR ");
        }
        q.and(&format!("({path_col} >= $?"), lo);
        q.and(&format!(" AND {path_col} < $?)"), hi);
    }
    q.push_sql(")");
}
