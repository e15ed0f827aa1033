//! Strike (以打为主): drug cases, their suspects and seizures, the supply
//! links between persons, the "双逢双查" trace tasks that every new drug
//! user and every trafficking case opens, leads, and outflow trafficking.

pub mod cases;
pub mod leads;
pub mod links;
pub mod objects;
pub mod outflow;
pub mod seizures;
pub mod trace;

pub use cases::{CaseStage, CaseType, StageError, SuspectRole};
pub use leads::{Cooperation, LeadError, LeadSource, LeadState, Reliability};
pub use links::LinkKind;
pub use objects::{LabelError, ObjectKind, ObjectRole};
pub use seizures::SeizureKind;
pub use trace::{TraceError, TraceKind, TraceOutcome};
