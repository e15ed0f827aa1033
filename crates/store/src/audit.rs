//! The audit trail: one entry per auditable event, written in the same
//! transaction as the change it records; a SHA-256 hash chain (each entry
//! hashes the previous one); append-only at database level (triggers in the
//! migrations); signed checkpoints in a file outside the database, so that
//! even someone able to rewrite the whole table and recompute the chain is
//! caught at the last checkpoint.

use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::crypto::{Keys, sha256};
use crate::db::{Backend, Db, Q, Row, Tx};
use crate::error::{StoreError, StoreResult};

const GENESIS: [u8; 32] = [0u8; 32];
const CHECKPOINT_FILE: &str = "audit-checkpoints.jsonl";
/// PostgreSQL advisory lock serialising appends across processes, so the
/// chain stays linear (SQLite has a single writer already).
const PG_CHAIN_LOCK: i64 = 0x6a_696e_6475_0001;

/// Who did it, from where. Built by the service layer from the session.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AuditActor {
    pub user_id: Option<i64>,
    pub username: String,
    pub role: String,
    pub org_unit_id: Option<i64>,
    pub client_addr: String,
    pub request_id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failure,
    Denied,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }
}

/// What happened. `details` carries field names and filter names, never
/// values, passwords or tokens (security.md).
#[derive(Clone, Debug)]
pub struct AuditEvent {
    pub event: &'static str,
    pub object_type: &'static str,
    pub object_id: String,
    pub outcome: Outcome,
    pub reason: String,
    pub details: serde_json::Value,
}

impl AuditEvent {
    pub fn new(event: &'static str, object_type: &'static str, object_id: impl ToString) -> Self {
        AuditEvent {
            event,
            object_type,
            object_id: object_id.to_string(),
            outcome: Outcome::Success,
            reason: String::new(),
            details: serde_json::Value::Null,
        }
    }

    pub fn outcome(mut self, o: Outcome) -> Self {
        self.outcome = o;
        self
    }

    pub fn reason(mut self, r: impl Into<String>) -> Self {
        self.reason = r.into();
        self
    }

    pub fn details(mut self, d: serde_json::Value) -> Self {
        self.details = d;
        self
    }
}

/// A stored entry.
#[derive(Clone, Debug, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_username: String,
    pub actor_role: String,
    pub actor_org_unit_id: Option<i64>,
    pub client_addr: String,
    pub request_id: String,
    pub event: String,
    pub object_type: String,
    pub object_id: String,
    pub outcome: String,
    pub reason: String,
    pub details: String,
    #[serde(skip)]
    pub prev_hash: Vec<u8>,
    #[serde(skip)]
    pub hash: Vec<u8>,
}

impl AuditEntry {
    fn from_row(r: &Row) -> StoreResult<AuditEntry> {
        Ok(AuditEntry {
            seq: r.i64("seq")?,
            at: r.i64("at")?,
            actor_user_id: r.opt_i64("actor_user_id")?,
            actor_username: r.text("actor_username")?,
            actor_role: r.text("actor_role")?,
            actor_org_unit_id: r.opt_i64("actor_org_unit_id")?,
            client_addr: r.text("client_addr")?,
            request_id: r.text("request_id")?,
            event: r.text("event")?,
            object_type: r.text("object_type")?,
            object_id: r.text("object_id")?,
            outcome: r.text("outcome")?,
            reason: r.text("reason")?,
            details: r.text("details")?,
            prev_hash: r.bytes("prev_hash")?,
            hash: r.bytes("hash")?,
        })
    }

    /// The entry's hash: SHA-256 over every field, each length-prefixed so
    /// that moving bytes between fields changes the hash.
    pub fn compute_hash(&self) -> Vec<u8> {
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        let seq = self.seq.to_string();
        let at = self.at.to_string();
        let user = opt(self.actor_user_id);
        let org = opt(self.actor_org_unit_id);
        let fields: [&[u8]; 15] = [
            seq.as_bytes(),
            at.as_bytes(),
            user.as_bytes(),
            self.actor_username.as_bytes(),
            self.actor_role.as_bytes(),
            org.as_bytes(),
            self.client_addr.as_bytes(),
            self.request_id.as_bytes(),
            self.event.as_bytes(),
            self.object_type.as_bytes(),
            self.object_id.as_bytes(),
            self.outcome.as_bytes(),
            self.reason.as_bytes(),
            self.details.as_bytes(),
            &self.prev_hash,
        ];
        let mut buf = Vec::new();
        for f in fields {
            buf.extend_from_slice(&(f.len() as u64).to_be_bytes());
            buf.extend_from_slice(f);
        }
        sha256(&buf)
    }
}

const COLUMNS: &str = "seq, at, actor_user_id, actor_username, actor_role, actor_org_unit_id, client_addr, request_id, event, object_type, object_id, outcome, reason, details, prev_hash, hash";

/// Appends one entry inside `tx` and returns its sequence number.
pub async fn append(
    tx: &mut Tx,
    actor: &AuditActor,
    ev: &AuditEvent,
    at_ms: i64,
) -> StoreResult<i64> {
    if tx.backend() == Backend::Postgres {
        tx.execute(Q::new("SELECT pg_advisory_xact_lock($1)").bind(PG_CHAIN_LOCK))
            .await?;
    }
    let last = tx
        .fetch_optional(Q::new(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
        ))
        .await?;
    let (prev_seq, prev_hash) = match last {
        Some(r) => (r.i64("seq")?, r.bytes("hash")?),
        None => (0, GENESIS.to_vec()),
    };
    let mut entry = AuditEntry {
        seq: prev_seq + 1,
        at: at_ms,
        actor_user_id: actor.user_id,
        actor_username: actor.username.clone(),
        actor_role: actor.role.clone(),
        actor_org_unit_id: actor.org_unit_id,
        client_addr: actor.client_addr.clone(),
        request_id: actor.request_id.clone(),
        event: ev.event.to_string(),
        object_type: ev.object_type.to_string(),
        object_id: ev.object_id.clone(),
        outcome: ev.outcome.code().to_string(),
        reason: ev.reason.clone(),
        details: if ev.details.is_null() {
            String::new()
        } else {
            ev.details.to_string()
        },
        prev_hash,
        hash: Vec::new(),
    };
    entry.hash = entry.compute_hash();
    tx.execute(
        Q::new(format!(
            "INSERT INTO audit_log ({COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)"
        ))
        .bind(entry.seq)
        .bind(entry.at)
        .bind(entry.actor_user_id)
        .bind(entry.actor_username)
        .bind(entry.actor_role)
        .bind(entry.actor_org_unit_id)
        .bind(entry.client_addr)
        .bind(entry.request_id)
        .bind(entry.event)
        .bind(entry.object_type)
        .bind(entry.object_id)
        .bind(entry.outcome)
        .bind(entry.reason)
        .bind(entry.details)
        .bind(entry.prev_hash)
        .bind(entry.hash),
    )
    .await?;
    Ok(entry.seq)
}

/// Filters of the audit page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct AuditFilter {
    pub username: Option<String>,
    pub event: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Restrict to entries by actors whose unit lies in these subtrees (an
    /// audit admin sees their own jurisdiction). Entries without a unit
    /// (the console) are shown only when a scope holds a root unit.
    #[serde(skip)]
    pub scope: Option<Vec<String>>,
}

fn filter_query(select: &str, f: &AuditFilter) -> Q {
    let mut q = Q::new(format!("SELECT {select} FROM audit_log WHERE 1=1"));
    if let Some(u) = f.username.as_deref().filter(|s| !s.is_empty()) {
        q.and(" AND actor_username = $?", u);
    }
    if let Some(e) = f.event.as_deref().filter(|s| !s.is_empty()) {
        q.and(" AND event = $?", e);
    }
    if let Some(t) = f.object_type.as_deref().filter(|s| !s.is_empty()) {
        q.and(" AND object_type = $?", t);
    }
    if let Some(i) = f.object_id.as_deref().filter(|s| !s.is_empty()) {
        q.and(" AND object_id = $?", i);
    }
    if let Some(from) = f.from_ms {
        q.and(" AND at >= $?", from);
    }
    if let Some(to) = f.to_ms {
        q.and(" AND at < $?", to);
    }
    if let Some(scope) = &f.scope {
        let has_root = scope.iter().any(|p| crate::org::path_ids(p).len() == 1);
        q.push_sql(" AND (actor_org_unit_id IN (SELECT o.id FROM org_units o WHERE 1=1");
        crate::scope::push_scope(&mut q, "o.path", scope);
        q.push_sql(")");
        if has_root {
            q.push_sql(" OR actor_org_unit_id IS NULL");
        }
        q.push_sql(")");
    }
    q
}

/// One page of entries, newest first, and the total matching.
pub async fn search(
    db: &Db,
    f: &AuditFilter,
    offset: i64,
    limit: i64,
) -> StoreResult<(Vec<AuditEntry>, i64)> {
    let total = db.scalar_i64(filter_query("COUNT(*)", f)).await?;
    let mut q = filter_query(COLUMNS, f);
    q.push_sql(" ORDER BY seq DESC");
    q.and(" LIMIT $?", limit);
    q.and(" OFFSET $?", offset);
    let rows = db.fetch_all(q).await?;
    let entries = rows
        .iter()
        .map(AuditEntry::from_row)
        .collect::<StoreResult<_>>()?;
    Ok((entries, total))
}

pub async fn count(db: &Db) -> StoreResult<i64> {
    db.scalar_i64(Q::new("SELECT COUNT(*) FROM audit_log"))
        .await
}

/// A signed statement that entry `seq` had hash `hash` at time `at`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: i64,
    pub sig: String,
}

fn checkpoint_message(seq: i64, hash_hex: &str, at: i64) -> Vec<u8> {
    format!("jindu-audit-checkpoint|{seq}|{hash_hex}|{at}").into_bytes()
}

pub fn checkpoint_path(dir: &Path) -> PathBuf {
    dir.join(CHECKPOINT_FILE)
}

/// Writes a signed checkpoint of the latest entry (if it is newer than the
/// last checkpoint). Called periodically by the server, by `jindu backup`
/// and by `jindu audit checkpoint`.
pub async fn write_checkpoint(db: &Db, keys: &Keys, at_ms: i64) -> StoreResult<Option<Checkpoint>> {
    let Some(last) = db
        .fetch_optional(Q::new(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
        ))
        .await?
    else {
        return Ok(None);
    };
    let seq = last.i64("seq")?;
    let existing = read_checkpoints(keys.dir())?;
    if existing.last().is_some_and(|c| c.seq >= seq) {
        return Ok(None);
    }
    let hash = data_encoding::HEXLOWER.encode(&last.bytes("hash")?);
    let sig = data_encoding::HEXLOWER.encode(&keys.sign(&checkpoint_message(seq, &hash, at_ms)));
    let cp = Checkpoint {
        seq,
        hash,
        at: at_ms,
        sig,
    };
    let line = serde_json::to_string(&cp).map_err(|e| StoreError::Crypto(e.to_string()))?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(checkpoint_path(keys.dir()))?;
    writeln!(f, "{line}")?;
    f.sync_all()?;
    Ok(Some(cp))
}

pub fn read_checkpoints(dir: &Path) -> StoreResult<Vec<Checkpoint>> {
    let path = checkpoint_path(dir);
    if !path.exists() {
        return Ok(Vec::new());
    }
    let f = std::fs::File::open(path)?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(&line)
                .map_err(|e| StoreError::Crypto(format!("checkpoint file: {e}")))?,
        );
    }
    Ok(out)
}

/// The result of verifying the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyReport {
    pub entries: i64,
    pub checkpoints: usize,
    /// The first entry that is wrong, missing or out of place, and why.
    pub first_bad: Option<(i64, String)>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

/// Recomputes the whole chain and checks it against the signed checkpoints.
pub async fn verify(db: &Db, keys: &Keys) -> StoreResult<VerifyReport> {
    const BATCH: i64 = 5_000;
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_vec();
    let mut hashes_at: std::collections::HashMap<i64, Vec<u8>> = Default::default();
    let checkpoints = read_checkpoints(keys.dir())?;
    let wanted: std::collections::HashSet<i64> = checkpoints.iter().map(|c| c.seq).collect();
    let mut first_bad: Option<(i64, String)> = None;
    let mut after = 0i64;
    'outer: loop {
        let rows = db
            .fetch_all(
                Q::new(format!(
                    "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
                ))
                .bind(after)
                .bind(BATCH),
            )
            .await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            let e = AuditEntry::from_row(r)?;
            after = e.seq;
            if e.seq != expected_seq {
                first_bad = Some((
                    expected_seq,
                    format!("entry missing (next stored entry is {})", e.seq),
                ));
                break 'outer;
            }
            if e.prev_hash != prev {
                first_bad = Some((e.seq, "previous-hash link broken".into()));
                break 'outer;
            }
            let h = e.compute_hash();
            if h != e.hash {
                first_bad = Some((e.seq, "content does not match its hash".into()));
                break 'outer;
            }
            if wanted.contains(&e.seq) {
                hashes_at.insert(e.seq, h.clone());
            }
            prev = h;
            expected_seq += 1;
        }
    }
    let entries = expected_seq - 1;
    for cp in &checkpoints {
        let msg = checkpoint_message(cp.seq, &cp.hash, cp.at);
        let sig = data_encoding::HEXLOWER_PERMISSIVE
            .decode(cp.sig.as_bytes())
            .unwrap_or_default();
        let problem = if !keys.verify_signature(&msg, &sig) {
            Some((cp.seq, "checkpoint signature invalid".to_string()))
        } else if cp.seq > entries && first_bad.is_none() {
            Some((
                entries + 1,
                format!("entries truncated: checkpoint covers {}", cp.seq),
            ))
        } else {
            match hashes_at.get(&cp.seq) {
                Some(h) if data_encoding::HEXLOWER.encode(h) == cp.hash => None,
                Some(_) => Some((
                    cp.seq,
                    "differs from signed checkpoint (chain rewritten)".into(),
                )),
                None => None,
            }
        };
        if let Some(p) = problem
            && first_bad.as_ref().is_none_or(|(s, _)| p.0 < *s)
        {
            first_bad = Some(p);
        }
    }
    Ok(VerifyReport {
        entries,
        checkpoints: checkpoints.len(),
        first_bad,
    })
}
