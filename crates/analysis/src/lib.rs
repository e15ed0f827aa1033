//! Link analysis (研判) over an in-memory graph of the links between
//! persons, kept in step with the links table by the store: up- and
//! down-line chains, shortest and k shortest paths, groups and their
//! communities, key persons. Pure: no
//! I/O, no clock.
#![forbid(unsafe_code)]

pub mod centrality;
pub mod chains;
pub mod communities;
pub mod graph;
pub mod groups;
pub mod layout;
pub mod paths;

pub use chains::{ChainStep, Direction};
pub use graph::LinkGraph;
