//! Org units: materialised paths, moves and (de)activation of whole
//! subtrees, and scope ranges that contain exactly a subtree. The oracle is
//! the `parent_id` tree, independent of the paths under test.

use std::collections::{BTreeMap, BTreeSet};

use jindu_domain::org::OrgLevel;

use super::fixtures::unit;
use super::harness::{TestCtx, each_backend};
use crate::db::Q;
use crate::org::{self, OrgUnit};
use crate::scope::push_scope;

/// (parent id, level, code) in insertion order; ids come out 1, 2, 3, …
/// The shape puts units 10 and 12 (other cities) beside unit 1, and county
/// 20 beside county 2, so a prefix test without segment boundaries would
/// mix them up.
const TREE: &[(Option<i64>, OrgLevel, &str)] = &[
    (None, OrgLevel::City, "990300"),              // 1
    (Some(1), OrgLevel::County, "990302"),         // 2
    (Some(2), OrgLevel::Township, "990302001"),    // 3
    (Some(3), OrgLevel::Village, "990302001001"),  // 4
    (Some(4), OrgLevel::Grid, "9903020010011"),    // 5
    (Some(1), OrgLevel::County, "990303"),         // 6
    (Some(6), OrgLevel::Township, "990303001"),    // 7
    (Some(3), OrgLevel::Village, "990302001002"),  // 8
    (Some(2), OrgLevel::Township, "990302002"),    // 9
    (None, OrgLevel::City, "990400"),              // 10
    (Some(10), OrgLevel::County, "990402"),        // 11
    (None, OrgLevel::City, "520500"),              // 12
    (Some(12), OrgLevel::County, "520502"),        // 13
    (Some(1), OrgLevel::County, "990304"),         // 14
    (Some(14), OrgLevel::Township, "990304001"),   // 15
    (Some(15), OrgLevel::Village, "990304001001"), // 16
    (Some(16), OrgLevel::Grid, "9903040010011"),   // 17
    (Some(4), OrgLevel::Grid, "9903020010012"),    // 18
    (Some(9), OrgLevel::Village, "990302002001"),  // 19
    (Some(1), OrgLevel::County, "990305"),         // 20
    (Some(20), OrgLevel::Township, "990305001"),   // 21
];

async fn build_tree(t: &TestCtx) {
    let mut made: BTreeMap<i64, OrgUnit> = BTreeMap::new();
    for (i, (parent, level, code)) in TREE.iter().enumerate() {
        let p = parent.map(|p| made[&p].clone());
        let u = unit(t, p.as_ref(), *level, code, &format!("单位{code}")).await;
        assert_eq!(u.id, i as i64 + 1, "ids are assigned in insertion order");
        made.insert(u.id, u);
    }
}

async fn all_units(t: &TestCtx) -> BTreeMap<i64, OrgUnit> {
    let ids: Vec<i64> = t
        .db()
        .fetch_all(Q::new("SELECT id FROM org_units ORDER BY id"))
        .await
        .unwrap()
        .iter()
        .map(|r| r.i64("id").unwrap())
        .collect();
    org::many(t.db(), &ids)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u))
        .collect()
}

/// The path a unit must have, from its parent links alone.
fn expected_path(units: &BTreeMap<i64, OrgUnit>, id: i64) -> String {
    let mut chain = vec![id];
    let mut cur = units[&id].parent_id;
    while let Some(p) = cur {
        chain.push(p);
        cur = units[&p].parent_id;
    }
    chain.reverse();
    format!(
        "/{}/",
        chain
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join("/")
    )
}

/// The unit and everything below it, by parent links.
fn subtree(units: &BTreeMap<i64, OrgUnit>, root: i64) -> BTreeSet<i64> {
    let mut out = BTreeSet::from([root]);
    loop {
        let more: Vec<i64> = units
            .values()
            .filter(|u| u.parent_id.is_some_and(|p| out.contains(&p)) && !out.contains(&u.id))
            .map(|u| u.id)
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

async fn ids_in_scope(t: &TestCtx, scope: &[String]) -> BTreeSet<i64> {
    let mut q = Q::new("SELECT id FROM org_units WHERE 1=1");
    push_scope(&mut q, "path", scope);
    t.db()
        .fetch_all(q)
        .await
        .unwrap()
        .iter()
        .map(|r| r.i64("id").unwrap())
        .collect()
}

fn assert_paths_consistent(units: &BTreeMap<i64, OrgUnit>) {
    for u in units.values() {
        assert_eq!(u.path, expected_path(units, u.id), "path of unit {}", u.id);
    }
}

#[tokio::test]
async fn insert_builds_paths_down_to_the_grid() {
    each_backend(async |t| {
        build_tree(t).await;
        let units = all_units(t).await;
        assert_eq!(units.len(), TREE.len());
        let chain: Vec<(&str, OrgLevel)> = [1, 2, 3, 4, 5]
            .iter()
            .map(|id| (units[id].path.as_str(), units[id].level))
            .collect();
        assert_eq!(
            chain,
            [
                ("/1/", OrgLevel::City),
                ("/1/2/", OrgLevel::County),
                ("/1/2/3/", OrgLevel::Township),
                ("/1/2/3/4/", OrgLevel::Village),
                ("/1/2/3/4/5/", OrgLevel::Grid),
            ]
        );
        assert_eq!(units[&5].path_ids(), vec![1, 2, 3, 4, 5]);
        assert_eq!(units[&20].path, "/1/20/");
        assert!(units.values().all(|u| u.active));
        assert_paths_consistent(&units);
        // A duplicate code is a conflict, not a second unit.
        let mut tx = t.db().begin().await.unwrap();
        let dup = org::insert(
            &mut tx,
            Some(&units[&1]),
            OrgLevel::County,
            "990302",
            "again",
            t.now(),
        )
        .await;
        assert!(
            matches!(dup, Err(crate::StoreError::Conflict(ref c)) if c == "org.code_taken"),
            "{dup:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn scope_ranges_hold_exactly_the_subtree() {
    each_backend(async |t| {
        build_tree(t).await;
        let units = all_units(t).await;
        for u in units.values() {
            let want = subtree(&units, u.id);
            assert_eq!(
                ids_in_scope(t, std::slice::from_ref(&u.path)).await,
                want,
                "scope of unit {}",
                u.id
            );
            let found: BTreeSet<i64> =
                org::search(t.db(), std::slice::from_ref(&u.path), "", None, 1000)
                    .await
                    .unwrap()
                    .iter()
                    .map(|u| u.id)
                    .collect();
            assert_eq!(found, want, "org::search in scope of unit {}", u.id);
        }
        // The neighbours whose ids share a prefix stay out.
        let city1 = ids_in_scope(t, &["/1/".into()]).await;
        for sibling in [10, 11, 12, 13] {
            assert!(!city1.contains(&sibling), "unit {sibling} leaked into /1/");
        }
        let county2 = ids_in_scope(t, &["/1/2/".into()]).await;
        assert_eq!(county2, BTreeSet::from([2, 3, 4, 5, 8, 9, 18, 19]));
        // Several scopes are their union; no scope is nothing.
        let both = ids_in_scope(t, &["/1/2/".into(), "/10/".into()]).await;
        assert_eq!(both, &county2 | &BTreeSet::from([10, 11]));
        assert!(ids_in_scope(t, &[]).await.is_empty());
        // A narrower text and level filter stays within the scope too.
        let villages = org::search(
            t.db(),
            &["/1/2/".into()],
            "9903",
            Some(OrgLevel::Village),
            100,
        )
        .await
        .unwrap();
        assert_eq!(
            villages.iter().map(|u| u.id).collect::<BTreeSet<_>>(),
            BTreeSet::from([4, 8, 19])
        );
    })
    .await;
}

#[tokio::test]
async fn move_rewrites_the_whole_subtree() {
    each_backend(async |t| {
        build_tree(t).await;
        let before = all_units(t).await;

        // Township 3 (with villages 4, 8 and grids 5, 18) to county 6.
        let mut tx = t.db().begin().await.unwrap();
        org::move_under(&mut tx, &before[&3], &before[&6], t.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let after = all_units(t).await;
        assert_eq!(after[&3].parent_id, Some(6));
        let moved = [
            (3, "/1/6/3/"),
            (4, "/1/6/3/4/"),
            (5, "/1/6/3/4/5/"),
            (8, "/1/6/3/8/"),
            (18, "/1/6/3/4/18/"),
        ];
        for (id, path) in moved {
            assert_eq!(after[&id].path, path);
        }
        for (id, u) in &before {
            if !moved.iter().any(|(m, _)| m == id) {
                assert_eq!(after[id], *u, "unit {id} must not change");
            }
        }
        assert_paths_consistent(&after);

        // County 2 to another city; county 20, whose path shares the "/1/2"
        // prefix, stays where it is.
        let mut tx = t.db().begin().await.unwrap();
        org::move_under(&mut tx, &after[&2], &after[&10], t.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let last = all_units(t).await;
        assert_eq!(last[&2].path, "/10/2/");
        assert_eq!(last[&9].path, "/10/2/9/");
        assert_eq!(last[&19].path, "/10/2/9/19/");
        assert_eq!(last[&20].path, "/1/20/");
        assert_eq!(last[&21].path, "/1/20/21/");
        assert_eq!(last[&3].path, "/1/6/3/");
        assert_paths_consistent(&last);
        assert_eq!(ids_in_scope(t, &["/10/".into()]).await, subtree(&last, 10));
    })
    .await;
}

#[tokio::test]
async fn set_active_covers_the_subtree_only() {
    each_backend(async |t| {
        build_tree(t).await;
        let units = all_units(t).await;
        let county2 = subtree(&units, 2);
        let mut tx = t.db().begin().await.unwrap();
        let n = org::set_active(&mut tx, &units[&2], false, t.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(n, county2.len() as u64);
        let after = all_units(t).await;
        for u in after.values() {
            assert_eq!(u.active, !county2.contains(&u.id), "unit {}", u.id);
        }
        // Inactive units drop out of pickers, even inside the scope.
        let visible: BTreeSet<i64> = org::search(t.db(), &["/1/".into()], "", None, 1000)
            .await
            .unwrap()
            .iter()
            .map(|u| u.id)
            .collect();
        assert_eq!(visible, &subtree(&units, 1) - &county2);

        let mut tx = t.db().begin().await.unwrap();
        assert_eq!(
            org::set_active(&mut tx, &units[&2], true, t.now())
                .await
                .unwrap(),
            county2.len() as u64
        );
        tx.commit().await.unwrap();
        assert!(all_units(t).await.values().all(|u| u.active));
    })
    .await;
}
