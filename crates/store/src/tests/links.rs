//! The link table read back for the graph at start-up: every link once,
//! in the order it was written whatever the order of its persons' ids
//! (the order writes add links to a graph already loaded); and every
//! unit's path by its id.

use super::harness::{TestCtx, each_backend};
use super::persons::{id_number, input, world};
use crate::links::{self, NewLink};
use crate::org;

async fn link(t: &TestCtx, from: &str, to: &str, kind: &str, at: i64) {
    let mut tx = t.ctx.db.begin().await.unwrap();
    let l = NewLink {
        // Ids against the written order too.
        id: format!("{}-{from}", 9_999 - at),
        from_person: from,
        to_person: to,
        kind,
        source_kind: "case",
        source_id: "c1",
        created_by: None,
    };
    links::insert(&mut tx, l, at).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn links_load_in_the_order_they_were_written() {
    each_backend(async |t: &TestCtx| {
        assert_eq!(links::all(&t.ctx.db).await.unwrap().count(), 0);
        let w = world(t).await;
        let mut persons = Vec::new();
        for seq in 0..5 {
            let p = input(&format!("链{seq}"), &id_number(40 + seq), 4, None);
            persons.push(t.ctx.person_register(&w.county_a, &p).await.unwrap());
        }
        // Written against the order of the ids, so neither an index on the
        // persons nor one on the ids gives the written order back.
        persons.sort_unstable_by(|a, b| b.cmp(a));
        let mut written = Vec::new();
        for (i, pair) in persons.windows(2).enumerate() {
            let kind = if i % 2 == 0 { "supplied" } else { "contact" };
            link(t, &pair[0], &pair[1], kind, 1_000 + i as i64).await;
            written.push((pair[0].clone(), pair[1].clone(), kind.to_string()));
        }
        let read = links::all(&t.ctx.db).await.unwrap();
        assert_eq!(read.count(), written.len());
        let read: Vec<(String, String, String)> = read
            .iter()
            .map(|l| {
                let (f, to, k) = l.unwrap();
                (f.to_string(), to.to_string(), k.to_string())
            })
            .collect();
        assert_eq!(read, written);
    })
    .await;
}

#[tokio::test]
async fn every_units_path_is_read_by_its_id() {
    each_backend(async |t: &TestCtx| {
        let w = world(t).await;
        // A township moved to the other county: its subtree's paths change.
        let mut tx = t.ctx.db.begin().await.unwrap();
        org::move_under(&mut tx, &w.units[5], &w.units[7], 1)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let paths = org::all_paths(&t.ctx.db).await.unwrap();
        assert_eq!(paths.len(), w.units.len());
        for u in &w.units {
            let now = org::get(&t.ctx.db, u.id).await.unwrap();
            assert_eq!(paths[&u.id], now.path, "unit {}", u.id);
        }
        assert!(
            paths[&7].starts_with(&w.units[7].path),
            "the village moved too"
        );
    })
    .await;
}
