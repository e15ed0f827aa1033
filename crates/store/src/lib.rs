//! Persistence of Jindu on SQLite (embedded default) and PostgreSQL (scale):
//! migrations, scoped repositories, the audit chain, field encryption, and
//! the service layer that ties authorization and audit to every change.
#![forbid(unsafe_code)]

pub mod abstinence;
pub mod assessments;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod batch;
pub mod case_subjects;
pub mod cases;
pub mod crypto;
pub mod db;
pub mod drug_tests;
pub mod error;
pub mod group_facts;
pub mod indicators;
pub mod leads;
pub mod leave;
pub mod links;
pub mod measures;
pub mod migrate;
pub mod objects;
pub mod org;
pub mod outflow;
pub mod persons;
pub mod police_reports;
pub mod scope;
pub mod service;
pub mod sessions;
pub mod settings;
pub mod strike_counts;
pub mod support;
pub mod suspects;
pub mod tokens;
pub mod trace_tasks;
pub mod transfers;
pub mod users;
pub mod visits;

#[cfg(test)]
mod tests;

pub use db::{Backend, Db, Q, Row, Tx, Val};
pub use error::{StoreError, StoreResult};

/// The system clock in UTC Unix milliseconds. Services use their injectable
/// [`service::Clock`]; this is for start-up and migrations only.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
