//! Pure domain types and rules for Jindu (禁毒综合治理平台).
//!
//! No I/O, clocks or randomness live here: callers pass time and data in,
//! which keeps every rule deterministic and unit-testable.
#![forbid(unsafe_code)]

pub mod abstinence;
pub mod addiction;
pub mod age;
pub mod assessments;
pub mod authz;
pub mod calendar;
pub mod code_enum;
pub mod date_math;
pub mod drug_tests;
pub mod enforcement;
pub mod id_number;
pub mod indicators;
pub mod leave;
pub mod mask;
pub mod measures;
pub mod org;
pub mod password;
pub mod periods;
pub mod phone;
pub mod police_report;
pub mod register;
pub mod schedule;
pub mod setting_values;
pub mod settings;
pub mod sex;
pub mod support;
pub mod totp;
pub mod violations;

pub use calendar::{CalendarError, HolidayCalendar, HolidayEntry};
pub use id_number::{IdNumber, IdNumberError};
pub use mask::{mask_name, mask_text};
pub use measures::{Event, Measure, MeasureKind, MeasureState, TransitionError};
pub use org::{OrgCodeError, OrgLevel, validate_code};
pub use password::{PasswordError, check_password};
pub use periods::{Computed, Period, act_deadline, period_end, term_end};
pub use phone::{Phone, PhoneError};
pub use sex::Sex;
