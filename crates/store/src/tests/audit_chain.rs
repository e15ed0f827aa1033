//! The hash chain and its signed checkpoints: every way of tampering with
//! stored entries is detected and the first bad entry is named.
//!
//! Tampering needs the append-only guards out of the way first (an attacker
//! with full database access can do that). What the chain cannot catch by
//! design: entries appended after the last checkpoint with correctly
//! computed hashes are indistinguishable from genuine appends, so forged
//! rows here carry a hash that does not fit the chain, and tail truncation
//! and consistent rewrites are tested after a checkpoint.

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::json;

use super::fixtures::entries_after;
use super::harness::{TestCtx, backends, each_backend};
use crate::audit::{self, AuditActor, AuditEntry, AuditEvent, Outcome, VerifyReport};
use crate::db::{Backend, Q, Tx, Val};

const EVENTS: [&str; 5] = [
    "auth.login",
    "person.view",
    "person.reveal",
    "org.create",
    "user.disable",
];

/// Appends `n` varied entries, one transaction each as the services do,
/// writing a checkpoint after every `checkpoint_every` entries.
async fn build_chain(t: &TestCtx, n: i64, checkpoint_every: i64) {
    for i in 1..=n {
        let actor = AuditActor {
            user_id: (i % 3 != 0).then_some(i % 4 + 1),
            username: format!("user{}", i % 4),
            role: "county_officer".into(),
            org_unit_id: (i % 2 == 0).then_some(2),
            client_addr: format!("10.0.0.{i}"),
            request_id: format!("req-{i}"),
        };
        let ev = AuditEvent::new(EVENTS[i as usize % EVENTS.len()], "person", format!("p{i}"))
            .outcome(if i % 5 == 0 {
                Outcome::Failure
            } else {
                Outcome::Success
            })
            .reason(if i % 2 == 0 { "核查" } else { "" })
            .details(if i % 3 == 0 {
                json!({ "fields": ["name"] })
            } else {
                serde_json::Value::Null
            });
        let mut tx = t.db().begin().await.unwrap();
        audit::append(&mut tx, &actor, &ev, t.now() + i * 1000)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        if i % checkpoint_every == 0 {
            let cp = audit::write_checkpoint(t.db(), &t.ctx.keys, t.now() + i * 1000)
                .await
                .unwrap();
            assert_eq!(cp.map(|c| c.seq), Some(i));
        }
    }
}

/// Removes the append-only guards, as an attacker with database access can.
async fn unprotect(t: &TestCtx) {
    let mut tx = t.db().begin().await.unwrap();
    match t.backend {
        Backend::Sqlite => {
            for trigger in [
                "audit_log_no_update",
                "audit_log_no_delete",
                "audit_log_no_replace",
            ] {
                tx.execute(Q::new(format!("DROP TRIGGER IF EXISTS {trigger}")))
                    .await
                    .unwrap();
            }
        }
        Backend::Postgres => {
            tx.execute(Q::new("ALTER TABLE audit_log DISABLE TRIGGER USER"))
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
}

const COLUMNS: &str = "seq, at, actor_user_id, actor_username, actor_role, actor_org_unit_id, client_addr, request_id, event, object_type, object_id, outcome, reason, details, prev_hash, hash";

/// An entry's values in the order of [`COLUMNS`].
fn values(e: &AuditEntry) -> [Val; 16] {
    [
        e.seq.into(),
        e.at.into(),
        e.actor_user_id.into(),
        e.actor_username.clone().into(),
        e.actor_role.clone().into(),
        e.actor_org_unit_id.into(),
        e.client_addr.clone().into(),
        e.request_id.clone().into(),
        e.event.clone().into(),
        e.object_type.clone().into(),
        e.object_id.clone().into(),
        e.outcome.clone().into(),
        e.reason.clone().into(),
        e.details.clone().into(),
        e.prev_hash.clone().into(),
        e.hash.clone().into(),
    ]
}

fn with_values(mut q: Q, e: &AuditEntry) -> Q {
    for v in values(e) {
        q.push_arg(v);
    }
    q
}

async fn insert_entry(tx: &mut Tx, e: &AuditEntry) {
    let q = Q::new(format!(
        "INSERT INTO audit_log ({COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)"
    ));
    tx.execute(with_values(q, e)).await.unwrap();
}

/// Overwrites every column but `seq` of the stored entry `e.seq`.
async fn overwrite(t: &TestCtx, e: &AuditEntry) {
    let q = Q::new(
        "UPDATE audit_log SET at = $2, actor_user_id = $3, actor_username = $4, actor_role = $5, actor_org_unit_id = $6, client_addr = $7, request_id = $8, \
         event = $9, object_type = $10, object_id = $11, outcome = $12, reason = $13, details = $14, prev_hash = $15, hash = $16 WHERE seq = $1",
    );
    let mut tx = t.db().begin().await.unwrap();
    assert_eq!(tx.execute(with_values(q, e)).await.unwrap(), 1);
    tx.commit().await.unwrap();
}

/// Replaces the whole table with `entries`, in one multi-row insert (the
/// random test runs this a thousand times).
async fn store_entries(t: &TestCtx, entries: &[AuditEntry]) {
    let mut tx = t.db().begin().await.unwrap();
    tx.execute(Q::new("DELETE FROM audit_log")).await.unwrap();
    if !entries.is_empty() {
        let mut q = Q::new(format!("INSERT INTO audit_log ({COLUMNS}) VALUES "));
        for (i, e) in entries.iter().enumerate() {
            q.push_sql(if i == 0 { "(" } else { ", (" });
            for (j, v) in values(e).into_iter().enumerate() {
                let n = q.push_arg(v);
                q.push_sql(&format!("{}${n}", if j == 0 { "" } else { "," }));
            }
            q.push_sql(")");
        }
        tx.execute(q).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn exec(t: &TestCtx, q: Q) -> u64 {
    let mut tx = t.db().begin().await.unwrap();
    let n = tx.execute(q).await.unwrap();
    tx.commit().await.unwrap();
    n
}

async fn verify(t: &TestCtx) -> VerifyReport {
    audit::verify(t.db(), &t.ctx.keys).await.unwrap()
}

/// Recomputes links and hashes from index `from` on, as a careful forger
/// rewriting history would.
fn rehash_from(entries: &mut [AuditEntry], from: usize) {
    for i in from..entries.len() {
        entries[i].prev_hash = if i == 0 {
            vec![0u8; 32]
        } else {
            entries[i - 1].hash.clone()
        };
        entries[i].hash = entries[i].compute_hash();
    }
}

#[tokio::test]
async fn appends_form_a_linked_chain() {
    each_backend(async |t| {
        build_chain(t, 10, 100).await;
        let entries = entries_after(t, 0).await;
        assert_eq!(
            entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
            (1..=10).collect::<Vec<_>>()
        );
        assert_eq!(entries[0].prev_hash, vec![0u8; 32]);
        for w in entries.windows(2) {
            assert_eq!(
                w[1].prev_hash, w[0].hash,
                "link {} → {}",
                w[0].seq, w[1].seq
            );
        }
        for e in &entries {
            assert_eq!(e.hash, e.compute_hash(), "entry {}", e.seq);
            assert_eq!(e.hash.len(), 32);
        }
        let r = verify(t).await;
        assert_eq!(
            r,
            VerifyReport {
                entries: 10,
                checkpoints: 0,
                first_bad: None
            }
        );

        // A checkpoint covers the latest entry once; a second call with
        // nothing new writes nothing.
        let cp = audit::write_checkpoint(t.db(), &t.ctx.keys, t.now())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(cp.seq, 10);
        assert_eq!(cp.hash, data_encoding::HEXLOWER.encode(&entries[9].hash));
        assert!(
            audit::write_checkpoint(t.db(), &t.ctx.keys, t.now())
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            verify(t).await,
            VerifyReport {
                entries: 10,
                checkpoints: 1,
                first_bad: None
            }
        );
    })
    .await;
}

/// One named tampering: applies itself by direct SQL to the pristine chain
/// of 12 entries (checkpoints after 4, 8 and 12).
async fn tamper(t: &TestCtx, kind: &str, pristine: &[AuditEntry]) {
    let n = pristine.len() as i64;
    match kind {
        "change a field" => {
            assert_eq!(
                exec(
                    t,
                    Q::new("UPDATE audit_log SET reason = 'covered up' WHERE seq = 5")
                )
                .await,
                1
            );
        }
        "delete a row" => {
            assert_eq!(
                exec(t, Q::new("DELETE FROM audit_log WHERE seq = 7")).await,
                1
            );
        }
        "swap two rows" => {
            let (a, b) = (&pristine[2], &pristine[8]);
            overwrite(
                t,
                &AuditEntry {
                    seq: a.seq,
                    ..b.clone()
                },
            )
            .await;
            overwrite(
                t,
                &AuditEntry {
                    seq: b.seq,
                    ..a.clone()
                },
            )
            .await;
        }
        "forge a row at the end" => {
            // A copy of the last entry, re-linked, claiming to be the next.
            let last = &pristine[pristine.len() - 1];
            let forged = AuditEntry {
                seq: n + 1,
                reason: "forged".into(),
                prev_hash: last.hash.clone(),
                ..last.clone()
            };
            let mut tx = t.db().begin().await.unwrap();
            insert_entry(&mut tx, &forged).await;
            tx.commit().await.unwrap();
        }
        "truncate the tail" => {
            assert_eq!(
                exec(
                    t,
                    Q::new("DELETE FROM audit_log WHERE seq > $1").bind(n - 3)
                )
                .await,
                3
            );
        }
        "rewrite consistently" => {
            let mut forged = pristine.to_vec();
            forged[5].reason = "covered up".into();
            rehash_from(&mut forged, 5);
            for e in &forged[5..] {
                overwrite(t, e).await;
            }
            // The rewritten chain is internally consistent: only the
            // signed checkpoint can tell.
            let mut again = forged.clone();
            rehash_from(&mut again, 0);
            assert_eq!(
                again.iter().map(|e| &e.hash).collect::<Vec<_>>(),
                forged.iter().map(|e| &e.hash).collect::<Vec<_>>()
            );
        }
        other => unreachable!("{other}"),
    }
}

#[tokio::test]
async fn each_kind_of_tampering_is_detected_at_the_right_entry() {
    // (kind, first bad entry, words of the reason)
    let cases = [
        ("change a field", 5, "content does not match"),
        ("delete a row", 7, "entry missing"),
        ("swap two rows", 3, "previous-hash link broken"),
        ("forge a row at the end", 13, "content does not match"),
        ("truncate the tail", 10, "entries truncated"),
        ("rewrite consistently", 8, "differs from signed checkpoint"),
    ];
    each_backend(async |t| {
        build_chain(t, 12, 4).await;
        let pristine = entries_after(t, 0).await;
        unprotect(t).await;
        for (kind, seq, why) in cases {
            store_entries(t, &pristine).await;
            assert!(verify(t).await.ok(), "pristine chain before {kind}");
            tamper(t, kind, &pristine).await;
            let r = verify(t).await;
            let (bad, reason) = r
                .first_bad
                .clone()
                .unwrap_or_else(|| panic!("{:?}: {kind} not detected", t.backend));
            assert_eq!(bad, seq, "{:?}: {kind}: {reason}", t.backend);
            assert!(reason.contains(why), "{:?}: {kind}: {reason}", t.backend);
            assert_eq!(r.checkpoints, 3);
        }
    })
    .await;
}

/// A random tampering of a stored chain, as a change to its list of rows.
#[derive(Clone, Debug)]
enum Mutation {
    /// Change one column (1..=15, every column but `seq`) of entry `seq`.
    Flip {
        seq: i64,
        column: u8,
        salt: u32,
    },
    Delete {
        seq: i64,
    },
    /// Exchange the contents (all but `seq`) of two entries, a < b.
    Swap {
        a: i64,
        b: i64,
    },
    /// Insert a forged entry at `at`, renumbering those after it; `fitted`
    /// forgeries carry a hash computed to fit their predecessor.
    Insert {
        at: i64,
        fitted: bool,
    },
    /// Keep only entries up to `keep`.
    Truncate {
        keep: i64,
    },
    /// Change entry `from` and recompute every hash after it.
    Rewrite {
        from: i64,
    },
}

const CHAIN: i64 = 24;
const CHECKPOINT_EVERY: i64 = 8;

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (1..=CHAIN, 1u8..=15, any::<u32>()).prop_map(|(seq, column, salt)| Mutation::Flip {
            seq,
            column,
            salt
        }),
        (1..=CHAIN).prop_map(|seq| Mutation::Delete { seq }),
        (1..CHAIN, 1..=CHAIN)
            .prop_filter("distinct", |(a, b)| a < b)
            .prop_map(|(a, b)| Mutation::Swap { a, b }),
        (1..=CHAIN + 1, any::<bool>()).prop_map(|(at, fitted)| Mutation::Insert { at, fitted }),
        (0..CHAIN).prop_map(|keep| Mutation::Truncate { keep }),
        (1..=CHAIN).prop_map(|from| Mutation::Rewrite { from }),
    ]
}

fn changed(s: &str, salt: u32) -> String {
    format!("{s}{}", char::from(b'a' + (salt % 26) as u8))
}

/// The tampered rows, and the first entry `verify` must name.
fn apply(pristine: &[AuditEntry], m: &Mutation) -> (Vec<AuditEntry>, i64) {
    let mut v = pristine.to_vec();
    let idx = |seq: i64| (seq - 1) as usize;
    match *m {
        Mutation::Flip { seq, column, salt } => {
            let e = &mut v[idx(seq)];
            match column {
                1 => e.at += 1 + i64::from(salt % 1000),
                2 => e.actor_user_id = Some(e.actor_user_id.unwrap_or(0) + 1),
                3 => e.actor_username = changed(&e.actor_username, salt),
                4 => e.actor_role = changed(&e.actor_role, salt),
                5 => e.actor_org_unit_id = e.actor_org_unit_id.map_or(Some(1), |_| None),
                6 => e.client_addr = changed(&e.client_addr, salt),
                7 => e.request_id = changed(&e.request_id, salt),
                8 => e.event = changed(&e.event, salt),
                9 => e.object_type = changed(&e.object_type, salt),
                10 => e.object_id = changed(&e.object_id, salt),
                11 => e.outcome = changed(&e.outcome, salt),
                12 => e.reason = changed(&e.reason, salt),
                13 => e.details = changed(&e.details, salt),
                14 => {
                    let bit = salt as usize % (e.prev_hash.len() * 8);
                    e.prev_hash[bit / 8] ^= 1 << (bit % 8);
                }
                _ => {
                    let bit = salt as usize % (e.hash.len() * 8);
                    e.hash[bit / 8] ^= 1 << (bit % 8);
                }
            }
            (v, seq)
        }
        Mutation::Delete { seq } => {
            v.remove(idx(seq));
            (v, seq)
        }
        Mutation::Swap { a, b } => {
            let (ea, eb) = (v[idx(a)].clone(), v[idx(b)].clone());
            v[idx(a)] = AuditEntry { seq: a, ..eb };
            v[idx(b)] = AuditEntry { seq: b, ..ea };
            (v, a)
        }
        Mutation::Insert { at, fitted } => {
            let template = &pristine[(at as usize - 1) % pristine.len()];
            let mut forged = AuditEntry {
                seq: at,
                actor_username: "mallory".into(),
                reason: "forged".into(),
                prev_hash: if at == 1 {
                    vec![0u8; 32]
                } else {
                    pristine[idx(at - 1)].hash.clone()
                },
                ..template.clone()
            };
            // At the end a fitted forgery would be a genuine append.
            let fitted = fitted && at <= CHAIN;
            if fitted {
                forged.hash = forged.compute_hash();
            }
            for e in v.iter_mut().skip(idx(at)) {
                e.seq += 1;
            }
            v.insert(idx(at), forged);
            // A fitted forgery shows at its own seq only where a checkpoint
            // vouches for the genuine entry; elsewhere at the next link.
            (
                v,
                if fitted && at % CHECKPOINT_EVERY != 0 {
                    at + 1
                } else {
                    at
                },
            )
        }
        Mutation::Truncate { keep } => {
            v.truncate(keep as usize);
            (v, keep + 1)
        }
        Mutation::Rewrite { from } => {
            let e = &mut v[idx(from)];
            e.reason = changed(&e.reason, 7);
            rehash_from(&mut v, idx(from));
            // Caught at the first checkpoint at or after the change.
            (
                v,
                (from + CHECKPOINT_EVERY - 1) / CHECKPOINT_EVERY * CHECKPOINT_EVERY,
            )
        }
    }
}

/// Random single mutations of a 24-entry chain with checkpoints after 8,
/// 16 and 24 (the periodic checkpoint has caught up with the tip): every
/// one must be detected, naming the first bad entry.
fn random_mutations(backend: Backend, cases: u32) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let t = rt.block_on(TestCtx::new(backend));
    let pristine = rt.block_on(async {
        build_chain(&t, CHAIN, CHECKPOINT_EVERY).await;
        unprotect(&t).await;
        entries_after(&t, 0).await
    });
    let (total, detected, named) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let result = runner.run(&mutation(), |m| {
        let (rows, expected) = apply(&pristine, &m);
        let report = rt.block_on(async {
            store_entries(&t, &rows).await;
            verify(&t).await
        });
        total.fetch_add(1, Ordering::Relaxed);
        let Some((bad, why)) = report.first_bad else {
            return Err(TestCaseError::fail(format!("{m:?} not detected")));
        };
        detected.fetch_add(1, Ordering::Relaxed);
        if bad != expected {
            return Err(TestCaseError::fail(format!(
                "{m:?}: named {bad} ({why}), expected {expected}"
            )));
        }
        named.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    let (total, detected, named) = (
        total.into_inner(),
        detected.into_inner(),
        named.into_inner(),
    );
    println!(
        "audit mutations on {backend:?}: {detected}/{total} detected, first bad entry named in {named}/{total}"
    );
    if let Err(e) = result {
        panic!("{backend:?}: {e}");
    }
    assert_eq!((detected, named), (total, total));
    assert!(total >= cases as usize);
    rt.block_on(t.ctx.db.close());
}

#[test]
fn random_mutations_are_all_detected() {
    for backend in backends() {
        random_mutations(
            backend,
            match backend {
                Backend::Sqlite => 1000,
                Backend::Postgres => 1000,
            },
        );
    }
}

/// The checkpoint file is signed: editing a checkpoint to match a
/// rewritten chain is itself detected.
#[tokio::test]
async fn an_edited_checkpoint_fails_its_signature() {
    each_backend(async |t| {
        build_chain(t, 6, 3).await;
        let path = audit::checkpoint_path(t.ctx.keys.dir());
        let text = std::fs::read_to_string(&path).unwrap();
        let mut cps = audit::read_checkpoints(t.ctx.keys.dir()).unwrap();
        assert_eq!(cps.iter().map(|c| c.seq).collect::<Vec<_>>(), [3, 6]);
        cps[0].hash = cps[1].hash.clone();
        let forged: String = cps
            .iter()
            .map(|c| serde_json::to_string(c).unwrap() + "\n")
            .collect();
        assert_ne!(forged, text);
        std::fs::write(&path, forged).unwrap();
        let r = verify(t).await;
        assert_eq!(
            r.first_bad,
            Some((3, "checkpoint signature invalid".to_string()))
        );
    })
    .await;
}

/// Reads audited at once share commits, yet each request's own entry is
/// there, exactly once, when its call returns, and the chain holds.
#[tokio::test]
async fn concurrent_reads_are_group_committed_each_entry_once() {
    each_backend(async |t| {
        let before = audit::count(t.db()).await.unwrap();
        let mut calls = tokio::task::JoinSet::new();
        for i in 0..40 {
            let ctx = t.ctx.clone();
            calls.spawn(async move {
                let actor = AuditActor {
                    username: format!("reader{i}"),
                    role: "county_officer".into(),
                    request_id: format!("read-{i}"),
                    ..Default::default()
                };
                ctx.audit_only(
                    &actor,
                    AuditEvent::new("person.view", "person", format!("p{i}")),
                )
                .await
                .unwrap();
                // Durable before the answer: the caller finds its entry.
                let (found, _) = audit::search(
                    &ctx.db,
                    &audit::AuditFilter {
                        username: Some(format!("reader{i}")),
                        ..Default::default()
                    },
                    0,
                    10,
                )
                .await
                .unwrap();
                assert_eq!(found.len(), 1, "reader{i}");
            });
        }
        while let Some(done) = calls.join_next().await {
            done.unwrap();
        }
        assert_eq!(audit::count(t.db()).await.unwrap(), before + 40);
        let report = audit::verify(t.db(), &t.ctx.keys).await.unwrap();
        assert!(report.ok(), "{report:?}");
    })
    .await;
}
