//! The indicator rebuild: every member recomputed from the raw records and
//! every sum recounted from the members, in one transaction
//! (`jindu indicators rebuild` at the console; the demo after its bulk
//! load). The store's property test proves it equals what the writes kept.
//!
//! It runs the same `track_*` functions as the daily writes, on a copy of
//! the context whose `rebuilding` buffer collects the members: the records
//! are read a table at a time instead of one by one (but for each
//! community measure's tests, one query a measure), the members written
//! 25 to a statement, and the sums recounted once at the end. On
//! PostgreSQL every statement is a round trip, so this is what makes a
//! rebuild of millions of members take minutes rather than hours.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use jindu_domain::Measure;
use serde::Serialize;
use serde_json::json;
use time::Date;

use super::settings::PeopleSettings;
use super::{Actor, Ctx, ServiceError, ServiceResult};
use crate::Q;
use crate::audit::AuditEvent;
use crate::indicators::{self as rollup, Member};

/// Members the buffer holds before it is written.
const FLUSH_AT: usize = 2_000;

/// What a rebuild found and wrote.
#[derive(Clone, Debug, Serialize)]
pub struct RebuildReport {
    pub measures: usize,
    pub persons: usize,
    pub members: usize,
}

/// Keyed by (indicator, record): a record counted twice before a flush
/// keeps its last membership, and one statement never names a key twice.
type Pending = BTreeMap<(String, String), Member>;

struct State {
    pending: Mutex<Pending>,
    /// Read once for every measure's test schedule.
    settings: Arc<PeopleSettings>,
}

/// Off in daily use; on, the rebuild's buffer of members not yet written.
#[derive(Clone, Default)]
pub struct Rebuilding(Option<Arc<State>>);

impl Rebuilding {
    pub fn is_on(&self) -> bool {
        self.0.is_some()
    }

    /// The people settings read at the start of the rebuild.
    pub(super) fn settings(&self) -> Option<Arc<PeopleSettings>> {
        self.0.as_ref().map(|s| Arc::clone(&s.settings))
    }

    fn pending(&self) -> Option<std::sync::MutexGuard<'_, Pending>> {
        // A panic while holding the lock leaves a map still worth using.
        self.0
            .as_ref()
            .map(|s| s.pending.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Buffers a record's membership (none removes it); answers the
    /// members to write when the buffer is full.
    pub(super) fn put(
        &self,
        code: &str,
        record_id: &str,
        new: Option<&Member>,
    ) -> Option<Vec<((String, String), Member)>> {
        let mut pending = self.pending()?;
        let key = (code.to_string(), record_id.to_string());
        match new {
            Some(m) => {
                pending.insert(key, m.clone());
            }
            None => {
                pending.remove(&key);
            }
        }
        (pending.len() >= FLUSH_AT).then(|| std::mem::take(&mut *pending).into_iter().collect())
    }

    /// Everything still buffered.
    fn drain(&self) -> Vec<((String, String), Member)> {
        self.pending()
            .map(|mut p| std::mem::take(&mut *p).into_iter().collect())
            .unwrap_or_default()
    }
}

impl Ctx {
    /// Recomputes every member and sum from the raw records, in one
    /// transaction.
    pub async fn indicators_rebuild(&self, actor: &Actor) -> ServiceResult<RebuildReport> {
        let settings = Arc::new(self.people_settings().await?);
        let mut tx = self.db.begin().await?;
        rollup::clear(&mut tx).await?;
        let this = Ctx {
            rebuilding: Rebuilding(Some(Arc::new(State {
                pending: Mutex::default(),
                settings,
            }))),
            ..self.clone()
        };
        let positives: HashMap<String, Vec<Date>> =
            crate::drug_tests::positive_dates_all_tx(&mut tx).await?;
        let measures = tx
            .fetch_all(Q::new(
                "SELECT id, person_id, org_unit_id, snapshot FROM measures",
            ))
            .await?;
        for r in &measures {
            let m: Measure = serde_json::from_str(&r.text("snapshot")?)
                .map_err(|e| ServiceError::Internal(crate::StoreError::Config(e.to_string())))?;
            let person = r.text("person_id")?;
            // Positives matter only once the measure has closed (relapse).
            let own = match m.closed_on() {
                Some(_) => positives.get(&person).map(Vec::as_slice),
                None => None,
            };
            let owner = (person.as_str(), r.i64("org_unit_id")?);
            this.track_measure_of(&mut tx, &r.text("id")?, owner, &m, own.unwrap_or(&[]))
                .await?;
        }
        let persons = crate::persons::all_counting_tx(&mut tx).await?;
        for p in &persons {
            this.track_person(
                &mut tx,
                &p.id,
                p.first_reg_unit_id,
                p.first_reg_date,
                p.birth_date,
            )
            .await?;
            this.track_control(
                &mut tx,
                &p.id,
                &p.status,
                p.org_unit_id,
                p.addiction_level.as_deref(),
            )
            .await?;
        }
        for t in crate::trace_tasks::all_counting_tx(&mut tx).await? {
            this.track_trace_of(&mut tx, &t).await?;
        }
        this.rebuild_strike(&mut tx).await?;
        rollup::write_members(&mut tx, this.rebuilding.drain()).await?;
        rollup::recount(&mut tx).await?;
        let members = tx
            .fetch_one(Q::new("SELECT COUNT(*) AS n FROM indicator_members"))
            .await?
            .i64("n")? as usize;
        let ev = AuditEvent::new("indicator.rebuild", "indicator", "")
            .details(json!({ "members": members }));
        self.commit_audited(tx, &actor.audit(), ev).await?;
        Ok(RebuildReport {
            measures: measures.len(),
            persons: persons.len(),
            members,
        })
    }
}
