//! Group commit of audit entries that stand alone (reads, searches,
//! denied attempts): each request still gets its answer only after its
//! entry is durable (security.md: fail closed), but the entries that arrive
//! while one commit is being synced share the next commit. Under load many
//! reads then cost one fsync instead of one each (performance.md B3, B10);
//! alone, a read waits exactly as long as before.

use std::sync::{Arc, OnceLock};

use tokio::sync::{mpsc, oneshot};

use super::clock::Clock;
use crate::audit::{AuditActor, AuditEvent};
use crate::db::Db;
use crate::error::{StoreError, StoreResult};

/// Entries written in one transaction at most.
const MAX_BATCH: usize = 256;

type Reply = oneshot::Sender<Result<(), String>>;
type Job = (AuditActor, AuditEvent, Reply);

/// The queue of a context (shared by its clones), started on first use
/// on the runtime that uses it.
#[derive(Clone, Default)]
pub struct GroupAudit(Arc<OnceLock<mpsc::UnboundedSender<Job>>>);

impl GroupAudit {
    /// Appends one entry and waits until it is committed.
    pub async fn append(
        &self,
        db: &Db,
        clock: &Arc<dyn Clock>,
        actor: &AuditActor,
        ev: AuditEvent,
    ) -> StoreResult<()> {
        let queue = self.0.get_or_init(|| {
            let (send, receive) = mpsc::unbounded_channel();
            tokio::spawn(write_batches(db.clone(), clock.clone(), receive));
            send
        });
        let (reply, answer) = oneshot::channel();
        let lost = || StoreError::Config("the audit writer has stopped".into());
        queue.send((actor.clone(), ev, reply)).map_err(|_| lost())?;
        answer
            .await
            .map_err(|_| lost())?
            .map_err(StoreError::Config)
    }
}

/// Takes what is queued (up to `MAX_BATCH`), writes it in one transaction
/// and answers every request of the batch with the outcome.
async fn write_batches(db: Db, clock: Arc<dyn Clock>, mut queue: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let outcome = write(&db, clock.now_ms(), &batch)
            .await
            .map_err(|e| e.to_string());
        for (_, _, reply) in batch {
            let _ = reply.send(outcome.clone());
        }
    }
}

async fn write(db: &Db, at_ms: i64, batch: &[Job]) -> StoreResult<()> {
    let mut tx = db.begin().await?;
    for (actor, ev, _) in batch {
        crate::audit::append(&mut tx, actor, ev, at_ms).await?;
    }
    tx.commit().await
}
