//! Synthetic demo data: a fictional city (南江市, region code 99) and the
//! people registered in it, and loading both into a database with the
//! demo accounts.
//!
//! Everything here is generated from a single seed and is fully
//! deterministic, so a demo database, a screenshot or a bug report can be
//! reproduced exactly. No record refers to a real person or place: division
//! and ID codes use the unassigned region prefix 99 and phone numbers the
//! unallocated 154 block.

pub mod abstinence;
pub mod accounts;
pub mod addiction;
pub mod assessments;
pub mod geography;
pub mod histories;
pub mod leads;
pub mod load;
pub mod names;
pub mod objects;
pub mod outflow;
pub mod people;
pub mod police_reports;
pub mod rng;
pub mod settings;
pub mod strike;
pub mod tier;
pub mod transfers;
