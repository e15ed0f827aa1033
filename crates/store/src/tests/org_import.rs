//! CSV import of a division list: a dry run writes nothing, one bad row
//! means nothing is applied, and a good file creates its units in order
//! under one audit entry.

use jindu_domain::authz::Role;
use jindu_domain::org::OrgLevel;
use serde_json::json;

use super::fixtures::{audit_count, cli, entries_after, last_seq, unit};
use super::harness::{TestCtx, each_backend};
use crate::org::{self, OrgUnit};
use crate::service::ServiceError;
use crate::service::orgs::ImportAction;

const GOOD: &str = "code,name,level,parent_code
990302001,荷城街道,township,990302
990302001001,人民路社区,village,990302001
9903020010011,人民路第一网格,grid,990302001001
990302002,黄土坡街道,乡镇街道,990302
";

/// A city with counties 990302 and 990303.
async fn org(t: &TestCtx) -> (OrgUnit, OrgUnit, OrgUnit) {
    let city = unit(t, None, OrgLevel::City, "990300", "六盘水市").await;
    let a = unit(t, Some(&city), OrgLevel::County, "990302", "钟山区").await;
    let b = unit(t, Some(&city), OrgLevel::County, "990303", "六枝特区").await;
    (city, a, b)
}

async fn state(t: &TestCtx) -> (i64, i64) {
    (org::count(t.db()).await.unwrap(), audit_count(t).await)
}

#[tokio::test]
async fn dry_run_writes_nothing() {
    each_backend(async |t| {
        let (city, _, _) = org(t).await;
        let before = state(t).await;
        let r = t
            .ctx
            .org_import(&cli(Role::SysAdmin, &city), GOOD, false)
            .await
            .unwrap();
        assert!(!r.applied);
        assert_eq!(r.errors(), 0);
        assert_eq!(
            r.rows.iter().map(|r| r.action.clone()).collect::<Vec<_>>(),
            vec![Some(ImportAction::Create); 4]
        );
        assert_eq!(
            r.rows[3].level, "township",
            "levels may be given by their Chinese name"
        );
        assert_eq!(state(t).await, before);
        assert!(org::by_code(t.db(), "990302001").await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn one_bad_row_applies_nothing() {
    each_backend(async |t| {
        let (city, _, county_b) = org(t).await;
        let before = state(t).await;
        let bad = format!("{GOOD}990302003,错层级,village,990302\n");
        let r = t
            .ctx
            .org_import(&cli(Role::SysAdmin, &city), &bad, true)
            .await
            .unwrap();
        assert!(!r.applied);
        let errors: Vec<(usize, Option<&str>)> = r
            .rows
            .iter()
            .filter(|r| r.error.is_some())
            .map(|r| (r.line, r.error.as_deref()))
            .collect();
        assert_eq!(errors, [(6, Some("org.parent_level"))]);
        assert_eq!(state(t).await, before);
        for code in ["990302001", "990302001001", "9903020010011", "990302002"] {
            assert!(
                org::by_code(t.db(), code).await.unwrap().is_none(),
                "{code} must not exist"
            );
        }

        // A parent outside the importer's scope is a row error too.
        let r = t
            .ctx
            .org_import(&cli(Role::SysAdmin, &county_b), GOOD, true)
            .await
            .unwrap();
        assert!(!r.applied);
        assert_eq!(r.rows[0].error.as_deref(), Some("org.parent_out_of_scope"));
        assert_eq!(state(t).await, before);
        // And a role without the grant may not import at all.
        let e = t
            .ctx
            .org_import(&cli(Role::CountyOfficer, &city), GOOD, true)
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden), "{e:?}");
    })
    .await;
}

#[tokio::test]
async fn good_file_creates_units_in_order_audited_once() {
    each_backend(async |t| {
        let (city, county_a, _) = org(t).await;
        let admin = cli(Role::SysAdmin, &city);
        let (units_before, _) = state(t).await;
        let seq = last_seq(t).await;
        let r = t.ctx.org_import(&admin, GOOD, true).await.unwrap();
        assert!(r.applied);
        assert_eq!(r.errors(), 0);

        let mut made = Vec::new();
        for code in ["990302001", "990302001001", "9903020010011", "990302002"] {
            made.push(org::by_code(t.db(), code).await.unwrap().unwrap());
        }
        assert!(
            made.windows(2).all(|w| w[0].id < w[1].id),
            "created in file order"
        );
        let (town, village, grid, town2) = (&made[0], &made[1], &made[2], &made[3]);
        assert_eq!(
            (town.level, town.parent_id, town.name.as_str()),
            (OrgLevel::Township, Some(county_a.id), "荷城街道")
        );
        assert_eq!(village.parent_id, Some(town.id));
        assert_eq!(grid.parent_id, Some(village.id));
        assert_eq!(
            grid.path,
            format!("{}{}/{}/{}/", county_a.path, town.id, village.id, grid.id)
        );
        assert_eq!(
            (town2.level, town2.parent_id),
            (OrgLevel::Township, Some(county_a.id))
        );
        assert_eq!(org::count(t.db()).await.unwrap(), units_before + 4);

        let entries = entries_after(t, seq).await;
        assert_eq!(entries.len(), 1, "one audit entry for the whole import");
        assert_eq!(
            (entries[0].event.as_str(), entries[0].object_type.as_str()),
            ("org.import", "org_unit")
        );
        let details: serde_json::Value = serde_json::from_str(&entries[0].details).unwrap();
        assert_eq!(details, json!({ "rows": 4, "created": 4, "renamed": 0 }));

        // Importing again (Chinese headers) changes only what differs.
        let again = "代码,名称,层级,上级代码
990302001,荷城街道,乡镇街道,990302
990302001001,人民路社区居委会,村社区,990302001
";
        let seq = last_seq(t).await;
        let r = t.ctx.org_import(&admin, again, true).await.unwrap();
        assert!(r.applied);
        assert_eq!(
            r.rows.iter().map(|r| r.action.clone()).collect::<Vec<_>>(),
            [
                Some(ImportAction::Unchanged),
                Some(ImportAction::Rename {
                    from: "人民路社区".into()
                })
            ]
        );
        assert_eq!(
            org::get(t.db(), village.id).await.unwrap().name,
            "人民路社区居委会"
        );
        assert_eq!(org::count(t.db()).await.unwrap(), units_before + 4);
        let entries = entries_after(t, seq).await;
        assert_eq!(entries.len(), 1);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&entries[0].details).unwrap(),
            json!({ "rows": 2, "created": 0, "renamed": 1 })
        );
    })
    .await;
}
