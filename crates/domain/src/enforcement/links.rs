//! Typed links between persons (the people part of the POLE model): who
//! supplied whom, who offended together, who is family.

use crate::code_enum::code_enum;

code_enum! {
    /// What a link between two persons says.
    pub enum LinkKind {
        /// The first person supplied drugs to the second (上线 → 下线).
        Supplied = ("supplied", "供货", "Supplied"),
        /// Offended together in a case (同案).
        CoOffender = ("co_offender", "同案", "Co-offender"),
        /// Family (亲属): the "家族式" outflow groups run through these.
        Family = ("family", "亲属", "Family"),
        /// Same household register (同户).
        Household = ("household", "同户", "Same household"),
        /// Known contact (联系人).
        Contact = ("contact", "联系人", "Contact"),
    }
}

impl LinkKind {
    /// Only supply has a direction (up-line to down-line); the others hold
    /// both ways.
    #[must_use]
    pub fn is_directed(self) -> bool {
        self == LinkKind::Supplied
    }
}
