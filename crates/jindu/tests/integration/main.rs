//! The one integration-test binary (each file under tests/ would be its own
//! slow-to-link binary): HTTP tests against the real server on a free port,
//! and browser tests driving Debian's Chromium through chromedriver.
// Tests may unwrap: a failure is the report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod abstinence;
mod api;
mod assessments;
mod audit_trail;
mod auth;
mod browser;
mod browser_demo;
mod cli;
mod crawl;
mod dashboard;
mod documents;
mod export;
mod import;
mod import_records;
mod leads;
mod leave;
mod lifecycle;
mod measures;
mod objects;
mod orgs;
mod outflow;
mod persons;
mod queue;
mod scope;
mod settings;
mod strike;
mod suspects;
mod transfers;
mod visits;
