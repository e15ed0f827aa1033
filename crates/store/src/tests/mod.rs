//! The store's test suite. One lib test binary (architecture §6): every file
//! here is a module, not a separate target under `tests/`.
//!
//! Storage tests run on SQLite always and on PostgreSQL as well when
//! `JINDU_TEST_PG` holds an admin connection URL; each run gets a fresh
//! database, key directory and clock (see [`harness`]).

mod audit_chain;
mod audit_storage;
mod auth;
mod fixtures;
mod harness;
mod indicators;
mod links;
mod org_import;
mod org_units;
mod persons;
mod schema;
