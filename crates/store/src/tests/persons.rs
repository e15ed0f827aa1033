//! The person register through the service layer: protected fields never
//! stored in plaintext, duplicates refused without leaking across scopes,
//! every read confined to the actor's scope (checked against an oracle in
//! plain SQL), reveal with a reason and on record, and failed registrations
//! that leave no trace.

use std::collections::BTreeSet;

use jindu_domain::authz::Role;
use jindu_domain::org::OrgLevel;
use jindu_domain::{IdNumber, mask_text};
use time::macros::date;

use super::fixtures::{
    actor, audit_count, entries_after, ev, events_after, last_seq, ready_user, unit,
};
use super::harness::TestCtx;
use crate::db::{Backend, Q};
use crate::org::OrgUnit;
use crate::persons;
use crate::service::persons::{PersonInput, PersonQuery};
use crate::service::{Actor, Page, ServiceError};

/// The tree: city 1; county A (2) with township 3 (village 4, grid 5) and
/// township 6 (village 7); county B (8) with township 9 (village 10).
pub(super) struct World {
    pub(super) units: Vec<OrgUnit>,
    pub(super) county_a: Actor,
    county_b: Actor,
    township: Actor,
    leader: Actor,
}

impl World {
    fn unit(&self, id: i64) -> &OrgUnit {
        &self.units[id as usize - 1]
    }
}

pub(super) async fn world(t: &TestCtx) -> World {
    let spec: [(Option<usize>, OrgLevel, &str); 10] = [
        (None, OrgLevel::City, "990300"),
        (Some(1), OrgLevel::County, "990302"),
        (Some(2), OrgLevel::Township, "990302001"),
        (Some(3), OrgLevel::Village, "990302001001"),
        (Some(4), OrgLevel::Grid, "9903020010011"),
        (Some(2), OrgLevel::Township, "990302002"),
        (Some(6), OrgLevel::Village, "990302002001"),
        (Some(1), OrgLevel::County, "990303"),
        (Some(8), OrgLevel::Township, "990303001"),
        (Some(9), OrgLevel::Village, "990303001001"),
    ];
    let mut units: Vec<OrgUnit> = Vec::new();
    for (parent, level, code) in spec {
        let p = parent.map(|p| units[p - 1].clone());
        let u = unit(t, p.as_ref(), level, code, &format!("单位{code}")).await;
        assert_eq!(u.id as usize, units.len() + 1);
        units.push(u);
    }
    let root = units[0].clone();
    let mut actors = Vec::new();
    for (name, unit_id, role) in [
        ("officer.a", 2, Role::CountyOfficer),
        ("officer.b", 8, Role::CountyOfficer),
        ("town.a", 3, Role::TownshipOfficer),
        ("leader", 1, Role::Leader),
    ] {
        let (id, _, _) = ready_user(t, &root, unit_id, name, role).await;
        actors.push(actor(t, id).await);
    }
    let [county_a, county_b, township, leader] = actors.try_into().unwrap();
    World {
        units,
        county_a,
        county_b,
        township,
        leader,
    }
}

pub(super) fn id_number(seq: u16) -> String {
    IdNumber::from_parts("990302", date!(1990 - 03 - 15), seq)
        .unwrap()
        .as_str()
        .to_string()
}

pub(super) fn input(name: &str, id: &str, village: i64, grid: Option<i64>) -> PersonInput {
    PersonInput {
        name: name.into(),
        id_number: id.into(),
        household_unit_id: Some(village),
        residence_unit_id: Some(village),
        residence_grid_id: grid,
        ..Default::default()
    }
}

async fn person_count(t: &TestCtx) -> i64 {
    t.db()
        .scalar_i64(Q::new("SELECT COUNT(*) FROM persons"))
        .await
        .unwrap()
}

/// Every column of the matching rows as stored bytes (text as UTF-8,
/// numbers and dates as their text form), with the column's name.
async fn raw_cells(t: &TestCtx, table: &str, id: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let catalog = match t.backend {
        Backend::Sqlite => Q::new("SELECT name, type FROM pragma_table_info($1)").bind(table),
        Backend::Postgres => Q::new(
            "SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(table),
    };
    let cols: Vec<(String, String)> = t
        .db()
        .fetch_all(catalog)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.text("name").unwrap(), r.text("type").unwrap()))
        .collect();
    assert!(cols.len() > 5, "columns of {table}");
    let mut cells = Vec::new();
    for (col, ty) in cols {
        let expr = match (t.backend, ty.as_str()) {
            (Backend::Sqlite, _) => format!("CAST({col} AS BLOB)"),
            (Backend::Postgres, "bytea") => col.clone(),
            (Backend::Postgres, _) => format!("convert_to(CAST({col} AS TEXT), 'UTF8')"),
        };
        let mut q = Q::new(format!("SELECT {expr} AS v FROM {table}"));
        if let Some(id) = id {
            q.and(" WHERE id = $?", id);
        }
        for r in t.db().fetch_all(q).await.unwrap() {
            cells.push((col.clone(), r.opt_bytes("v").unwrap().unwrap_or_default()));
        }
    }
    cells
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn protected_fields_are_encrypted_at_rest() {
    super::harness::each_backend(async |t| {
        let w = world(t).await;
        let id = id_number(11);
        let phone = "13812345678";
        let household = "钟山区荷城街道人民路12号";
        let residence = "钟山区凤凰路88号3单元";
        let seq = last_seq(t).await;
        let pid = t
            .ctx
            .person_register(
                &w.county_a,
                &PersonInput {
                    phone: phone.into(),
                    household_address: household.into(),
                    residence_address: residence.into(),
                    ..input("王小明", &id, 4, Some(5))
                },
            )
            .await
            .unwrap();
        let created = entries_after(t, seq).await;
        assert_eq!(created.len(), 1);
        assert_eq!(
            (created[0].event.as_str(), created[0].object_id.as_str()),
            ("person.create", pid.as_str())
        );

        let secrets = [id.as_str(), phone, household, residence];
        let cells = raw_cells(t, "persons", Some(&pid)).await;
        assert!(
            cells
                .iter()
                .any(|(c, v)| c == "name" && v == "王小明".as_bytes()),
            "the row was read"
        );
        for (col, bytes) in &cells {
            for s in secrets {
                assert!(
                    !contains(bytes, s),
                    "{:?}: persons.{col} holds {s} in plaintext",
                    t.backend
                );
            }
        }
        for (col, bytes) in raw_cells(t, "audit_log", None).await {
            for s in secrets {
                assert!(
                    !contains(&bytes, s),
                    "{:?}: audit_log.{col} holds {s}",
                    t.backend
                );
            }
        }
        if let Some(path) = &t.sqlite_path {
            // Nothing on disk either: the database file and its WAL.
            for suffix in ["", "-wal"] {
                let file = format!("{}{suffix}", path.display());
                let bytes = std::fs::read(&file).unwrap_or_default();
                assert!(!bytes.is_empty() || suffix == "-wal", "{file} read");
                for s in secrets {
                    assert!(!contains(&bytes, s), "{file} holds {s} in plaintext");
                }
            }
        }

        // Shown masked by default, in full only through reveal.
        let v = t.ctx.person_view(&w.county_a, &pid).await.unwrap();
        assert_eq!(v.id_number, IdNumber::parse(&id).unwrap().masked());
        assert_eq!(v.phone.as_deref(), Some("138****5678"));
        assert_eq!(v.household_address, Some(mask_text(household)));
        assert_eq!(v.residence_address, Some(mask_text(residence)));
        assert_eq!((v.sex.as_str(), v.birth_date), ("M", date!(1990 - 03 - 15)));
        let (shown, r) = t
            .ctx
            .person_reveal(&w.county_a, &pid, "核查身份 案件2026-017")
            .await
            .unwrap();
        assert_eq!(shown.id, pid);
        assert_eq!(r.id_number, id);
        assert_eq!(r.phone.as_deref(), Some(phone));
        assert_eq!(r.household_address.as_deref(), Some(household));
        assert_eq!(r.residence_address.as_deref(), Some(residence));
    })
    .await;
}

#[tokio::test]
async fn duplicate_id_numbers_are_refused_and_only_linked_in_scope() {
    super::harness::each_backend(async |t| {
        let w = world(t).await;
        let id = id_number(21);
        let pid = t
            .ctx
            .person_register(&w.county_a, &input("李四", &id, 4, None))
            .await
            .unwrap();
        let (persons_before, audit_before) = (person_count(t).await, audit_count(t).await);

        let e = t
            .ctx
            .person_register(&w.county_a, &input("李四二", &id, 7, None))
            .await
            .unwrap_err();
        match e {
            ServiceError::Conflict { code, existing } => {
                assert_eq!(code, "person.duplicate_id_number");
                assert_eq!(existing, Some(pid.clone()));
            }
            e => panic!("{e:?}"),
        }
        // The legacy 15-digit form of the same number is the same person.
        let legacy = format!("{}{}", &id[..6], &id[8..17]);
        let e = t
            .ctx
            .person_register(&w.county_a, &input("李四三", &legacy, 4, None))
            .await
            .unwrap_err();
        assert!(
            matches!(e, ServiceError::Conflict { existing: Some(ref x), .. } if *x == pid),
            "{e:?}"
        );
        // Another county learns only that the person exists elsewhere.
        let e = t
            .ctx
            .person_register(&w.county_b, &input("李四", &id, 10, None))
            .await
            .unwrap_err();
        match e {
            ServiceError::Conflict { code, existing } => {
                assert_eq!(code, "person.duplicate_elsewhere");
                assert_eq!(existing, None);
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(
            (person_count(t).await, audit_count(t).await),
            (persons_before, audit_before)
        );
    })
    .await;
}

/// Person ids under any of `scope`, by a different formulation (LIKE on
/// the path) from the range scan under test.
async fn oracle(t: &TestCtx, scope: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in scope {
        let q = Q::new("SELECT p.id FROM persons p JOIN org_units o ON o.id = p.org_unit_id WHERE o.path LIKE $1").bind(format!("{s}%"));
        out.extend(
            t.db()
                .fetch_all(q)
                .await
                .unwrap()
                .iter()
                .map(|r| r.text("id").unwrap()),
        );
    }
    out
}

async fn listed(t: &TestCtx, a: &Actor, q: &PersonQuery) -> (BTreeSet<String>, i64) {
    let (views, total) = t
        .ctx
        .person_list(a, q, Page::new(Some(1), Some(100)))
        .await
        .unwrap();
    (views.into_iter().map(|v| v.id).collect(), total)
}

#[tokio::test]
async fn reads_stay_inside_the_actors_scope() {
    super::harness::each_backend(async |t| {
        let w = world(t).await;
        let mut ids = Vec::new();
        for (n, (who, village, grid)) in [
            (&w.county_a, 4, Some(5)),
            (&w.county_a, 7, None),
            (&w.county_a, 4, None),
            (&w.county_b, 10, None),
            (&w.county_b, 10, None),
            (&w.township, 4, Some(5)),
        ]
        .into_iter()
        .enumerate()
        {
            let input = input(
                &format!("人员{n}"),
                &id_number(100 + n as u16),
                village,
                grid,
            );
            ids.push(t.ctx.person_register(who, &input).await.unwrap());
        }
        let set = |idx: &[usize]| idx.iter().map(|i| ids[*i].clone()).collect::<BTreeSet<_>>();

        let cases = [
            (&w.county_a, set(&[0, 1, 2, 5])),
            (&w.county_b, set(&[3, 4])),
            (&w.township, set(&[0, 2, 5])),
            (&w.leader, set(&[0, 1, 2, 3, 4, 5])),
        ];
        for (a, expected) in &cases {
            let scope = a.scopes.search.clone();
            assert_eq!(
                &oracle(t, &scope).await,
                expected,
                "oracle for {}",
                a.username
            );
            let seq = last_seq(t).await;
            let (found, total) = listed(t, a, &PersonQuery::default()).await;
            assert_eq!(&found, expected, "list of {}", a.username);
            assert_eq!(total, expected.len() as i64, "count of {}", a.username);
            assert_eq!(
                persons::count(t.db(), &scope).await.unwrap(),
                expected.len() as i64
            );
            let search = entries_after(t, seq).await;
            assert_eq!(search.len(), 1, "one audit entry per search");
            assert_eq!(search[0].event, "person.search");
            assert_eq!(
                search[0].details,
                format!("{{\"filters\":[],\"results\":{}}}", expected.len())
            );
        }

        // Out of scope is not found, for viewing and revealing alike.
        for id in set(&[0, 1, 2, 5]) {
            assert!(matches!(
                t.ctx.person_view(&w.county_b, &id).await,
                Err(ServiceError::NotFound)
            ));
            assert!(matches!(
                t.ctx.person_reveal(&w.county_b, &id, "核查身份信息").await,
                Err(ServiceError::NotFound)
            ));
        }
        assert!(matches!(
            t.ctx.person_view(&w.township, &ids[1]).await,
            Err(ServiceError::NotFound)
        ));
        let seq = last_seq(t).await;
        assert_eq!(
            t.ctx.person_view(&w.county_a, &ids[0]).await.unwrap().id,
            ids[0]
        );
        assert_eq!(
            events_after(t, seq).await,
            [ev("person.view", "success", "")]
        );

        // Filters narrow within the scope and never widen it.
        let by_id = PersonQuery {
            id_number: Some(id_number(103)),
            ..Default::default()
        };
        assert_eq!(listed(t, &w.county_b, &by_id).await, (set(&[3]), 1));
        assert_eq!(listed(t, &w.county_a, &by_id).await, (BTreeSet::new(), 0));
        let other_unit = PersonQuery {
            unit: Some(w.unit(10).id),
            ..Default::default()
        };
        assert_eq!(
            listed(t, &w.county_a, &other_unit).await,
            (BTreeSet::new(), 0)
        );
        let village7 = PersonQuery {
            unit: Some(w.unit(7).id),
            ..Default::default()
        };
        assert_eq!(listed(t, &w.county_a, &village7).await, (set(&[1]), 1));
        let by_name = PersonQuery {
            name: Some("人员".into()),
            ..Default::default()
        };
        assert_eq!(listed(t, &w.township, &by_name).await, (set(&[0, 2, 5]), 3));
    })
    .await;
}

#[tokio::test]
async fn reveal_needs_the_permission_and_a_reason_and_is_audited() {
    super::harness::each_backend(async |t| {
        let w = world(t).await;
        let id = id_number(31);
        let pid = t
            .ctx
            .person_register(
                &w.county_a,
                &PersonInput {
                    phone: "13987654321".into(),
                    ..input("赵六", &id, 4, None)
                },
            )
            .await
            .unwrap();

        let seq = last_seq(t).await;
        for reason in ["", "  ", "看看"] {
            let e = t
                .ctx
                .person_reveal(&w.county_a, &pid, reason)
                .await
                .unwrap_err();
            assert!(
                matches!(e, ServiceError::Invalid { ref code, .. } if code == "reveal.reason"),
                "{reason:?}: {e:?}"
            );
        }
        let e = t
            .ctx
            .person_reveal(&w.leader, &pid, "领导要求核查")
            .await
            .unwrap_err();
        assert!(matches!(e, ServiceError::Forbidden), "leader: {e:?}");
        assert!(
            events_after(t, seq).await.is_empty(),
            "refused reveals disclose nothing"
        );
        // The leader still reads the masked record.
        assert_eq!(
            t.ctx.person_view(&w.leader, &pid).await.unwrap().id_number,
            IdNumber::parse(&id).unwrap().masked()
        );

        let seq = last_seq(t).await;
        let reason = "核查身份 案件2026-031";
        let (_, r) = t
            .ctx
            .person_reveal(&w.county_a, &pid, &format!("  {reason} "))
            .await
            .unwrap();
        assert_eq!(
            (r.id_number.as_str(), r.phone.as_deref()),
            (id.as_str(), Some("13987654321"))
        );
        assert_eq!((r.household_address, r.residence_address), (None, None));
        let entries = entries_after(t, seq).await;
        assert_eq!(entries.len(), 1);
        let e = &entries[0];
        assert_eq!(
            (
                e.event.as_str(),
                e.object_type.as_str(),
                e.object_id.as_str()
            ),
            ("person.reveal", "person", pid.as_str())
        );
        assert_eq!(
            (e.reason.as_str(), e.actor_username.as_str()),
            (reason, "officer.a")
        );
        assert!(
            !e.details.contains(&id) && !e.details.contains("13987654321"),
            "{}",
            e.details
        );
    })
    .await;
}

#[tokio::test]
async fn failed_registrations_write_nothing() {
    super::harness::each_backend(async |t| {
        let w = world(t).await;
        let good = id_number(41);
        let mut bad_check = good.clone();
        let last = bad_check.pop().unwrap();
        bad_check.push(if last == '0' { '1' } else { '0' });
        let before = (person_count(t).await, audit_count(t).await);

        let e = t.ctx.person_register(&w.county_a, &input(" ", &bad_check, 4, None)).await.unwrap_err();
        let ServiceError::Fields(fields) = e else { panic!("{e:?}") };
        let fields: BTreeSet<(String, String)> = fields.into_iter().collect();
        assert_eq!(
            fields,
            BTreeSet::from([("name".into(), "field.required".into()), ("id_number".into(), "id.checksum".into())])
        );

        let bad_phone = PersonInput {
            phone: "12345".into(),
            ..input("钱七", &good, 4, None)
        };
        let e = t.ctx.person_register(&w.county_a, &bad_phone).await.unwrap_err();
        assert!(matches!(e, ServiceError::Fields(ref f) if f == &[("phone".to_string(), "phone.invalid".to_string())]), "{e:?}");

        // A grid outside the residence village, and a village outside the
        // actor's capture scope.
        let e = t.ctx.person_register(&w.county_a, &input("钱七", &good, 7, Some(5))).await.unwrap_err();
        assert!(matches!(e, ServiceError::Fields(ref f) if f == &[("residence_grid_id".to_string(), "org.grid_not_in_residence".to_string())]), "{e:?}");
        let e = t.ctx.person_register(&w.county_b, &input("钱七", &good, 4, None)).await.unwrap_err();
        assert!(matches!(e, ServiceError::Fields(ref f) if f == &[("residence_unit_id".to_string(), "org.out_of_scope".to_string())]), "{e:?}");
        // A role without the grant.
        assert!(matches!(t.ctx.person_register(&w.leader, &input("钱七", &good, 4, None)).await, Err(ServiceError::Forbidden)));

        assert_eq!((person_count(t).await, audit_count(t).await), before);
        // The same input, corrected, goes through.
        t.ctx.person_register(&w.county_a, &input("钱七", &good, 4, None)).await.unwrap();
        assert_eq!((person_count(t).await, audit_count(t).await), (before.0 + 1, before.1 + 1));
    })
    .await;
}
