//! Visits (走访) and "四位一体" support: the vocabularies of interviews,
//! home visits and other contacts, of the per-person support plan
//! (一人一策) and of support records — treatment, psychological
//! correction, relief and employment support — and the visit cadence that
//! puts visits due and overdue in the work queue.
//!
//! No national text fixes how often a social worker must see a person under
//! a community measure; the cadence is the dated `VisitCadence` setting
//! (see `settings`), by default our own "at least monthly".

use serde::{Deserialize, Serialize};
use time::Date;

use crate::code_enum::code_enum;
use crate::date_math::{add_months, sub_days};
use crate::settings::{UsedSetting, Versioned};

code_enum! {
    /// How the worker was in contact with the person.
    pub enum VisitKind {
        /// Interview (谈话), usually at the community anti-drug office.
        Interview = ("interview", "谈话", "Interview"),
        /// Home visit (家访).
        HomeVisit = ("home_visit", "家访", "Home visit"),
        /// Phone or video call.
        Phone = ("phone", "电话联系", "Phone call"),
        /// Any other contact (met at work, through family …).
        Other = ("other", "其他接触", "Other contact"),
    }
}

impl VisitKind {
    /// Whether a contact of this kind satisfies the visit cadence: only a
    /// face-to-face interview or home visit does; a call keeps in touch but
    /// does not replace seeing the person.
    #[must_use]
    pub fn counts_as_visit(self) -> bool {
        matches!(self, VisitKind::Interview | VisitKind::HomeVisit)
    }
}

code_enum! {
    /// Where the contact took place. A code, not an address: anything
    /// specific belongs in the visit's (encrypted) notes.
    pub enum VisitPlace {
        /// At the person's home.
        Home = ("home", "住所", "Home"),
        /// At the community anti-drug office (社区禁毒工作站).
        Office = ("office", "社区禁毒工作站", "Community office"),
        /// At the person's workplace.
        Workplace = ("workplace", "工作单位", "Workplace"),
        /// Elsewhere (hospital, treatment clinic …).
        Elsewhere = ("elsewhere", "其他地点", "Elsewhere"),
    }
}

code_enum! {
    /// What the worker found.
    pub enum VisitOutcome {
        /// Seen; nothing new.
        Normal = ("normal", "情况正常", "Normal"),
        /// Seen; something changed (work, residence, family, health,
        /// signs of use) and is described in the notes.
        SituationChanged = ("situation_changed", "情况有变化", "Situation changed"),
        /// Not found at the place: a hint that contact may be lost.
        NotFound = ("not_found", "未见到本人", "Could not find the person"),
    }
}

code_enum! {
    /// The four kinds of "四位一体" support.
    pub enum SupportKind {
        /// Treatment (治疗): medical detox, maintenance, rehabilitation.
        Treatment = ("treatment", "治疗", "Treatment"),
        /// Psychological correction (心理矫治).
        Psychological = ("psychological", "心理矫治", "Psychological correction"),
        /// Relief and assistance (救助).
        Relief = ("relief", "救助", "Relief and assistance"),
        /// Employment support (就业扶持).
        Employment = ("employment", "就业扶持", "Employment support"),
    }
}

code_enum! {
    /// What exactly was planned or provided, within a support kind.
    pub enum SupportSubKind {
        /// Medical detox treatment.
        MedicalTreatment = ("medical_treatment", "医疗戒治", "Medical treatment"),
        /// Methadone / maintenance treatment.
        Maintenance = ("maintenance", "药物维持治疗", "Maintenance treatment"),
        /// Physical rehabilitation training.
        RehabTraining = ("rehab_training", "康复训练", "Rehabilitation training"),
        /// Individual counselling.
        Counselling = ("counselling", "心理咨询", "Counselling"),
        /// Group sessions.
        GroupSessions = ("group_sessions", "团体辅导", "Group sessions"),
        /// Psychological assessment.
        PsychAssessment = ("psych_assessment", "心理评估", "Psychological assessment"),
        /// Minimum living allowance (最低生活保障, 低保).
        MinimumAllowance = ("minimum_allowance", "低保", "Minimum living allowance"),
        /// Medical aid (医疗救助).
        MedicalAid = ("medical_aid", "医疗救助", "Medical aid"),
        /// Temporary aid (临时救助).
        TemporaryAid = ("temporary_aid", "临时救助", "Temporary aid"),
        /// Housing aid (住房救助).
        HousingAid = ("housing_aid", "住房救助", "Housing aid"),
        /// Job referral (推荐就业).
        JobReferral = ("job_referral", "推荐就业", "Job referral"),
        /// Skills training (技能培训).
        SkillsTraining = ("skills_training", "技能培训", "Skills training"),
        /// Job placement (安置就业), e.g. at a 安置就业基地.
        JobPlacement = ("job_placement", "安置就业", "Job placement"),
        /// Anything else, described by the provider.
        Other = ("other", "其他", "Other"),
    }
}

impl SupportSubKind {
    /// The support kind this belongs to; `None` for `Other`, which fits any.
    #[must_use]
    pub fn kind(self) -> Option<SupportKind> {
        use SupportSubKind::*;
        match self {
            MedicalTreatment | Maintenance | RehabTraining => Some(SupportKind::Treatment),
            Counselling | GroupSessions | PsychAssessment => Some(SupportKind::Psychological),
            MinimumAllowance | MedicalAid | TemporaryAid | HousingAid => Some(SupportKind::Relief),
            JobReferral | SkillsTraining | JobPlacement => Some(SupportKind::Employment),
            Other => None,
        }
    }

    /// Whether this sub-kind may be recorded under `kind`.
    #[must_use]
    pub fn fits(self, kind: SupportKind) -> bool {
        self.kind().is_none_or(|k| k == kind)
    }

    /// The sub-kinds offered under `kind`, in display order (`Other` last).
    #[must_use]
    pub fn of(kind: SupportKind) -> Vec<SupportSubKind> {
        SupportSubKind::ALL
            .iter()
            .copied()
            .filter(|s| s.fits(kind))
            .collect()
    }
}

code_enum! {
    /// What came of a support measure.
    pub enum SupportOutcome {
        /// Provided as planned (a session held, treatment given, training
        /// attended).
        Provided = ("provided", "已提供", "Provided"),
        /// Applied for, decision pending (relief).
        Applied = ("applied", "已申请待审批", "Applied, pending"),
        /// Granted (e.g. 低保 granted).
        Granted = ("granted", "已批准", "Granted"),
        /// Not granted.
        NotGranted = ("not_granted", "未获批准", "Not granted"),
        /// Placed in a job.
        Placed = ("placed", "已安置就业", "Job placed"),
        /// Declined by the person.
        Declined = ("declined", "本人拒绝", "Declined by the person"),
    }
}

impl SupportOutcome {
    /// Whether this outcome makes sense for `kind`: a grant or refusal is a
    /// relief decision, a placement an employment one.
    #[must_use]
    pub fn fits(self, kind: SupportKind) -> bool {
        match self {
            SupportOutcome::Applied | SupportOutcome::Granted | SupportOutcome::NotGranted => {
                kind == SupportKind::Relief
            }
            SupportOutcome::Placed => kind == SupportKind::Employment,
            SupportOutcome::Provided | SupportOutcome::Declined => true,
        }
    }
}

/// The visit-cadence setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitCadence {
    /// Months between two visits (interview or home visit) of a person
    /// under a community measure; at least 1.
    pub every_months: u32,
    /// Days before the due date from which the visit shows as due.
    pub due_soon_days: u32,
    /// Consecutive visits without finding the person that raise the
    /// "lost contact?" hint; at least 1.
    pub lost_contact_after: u32,
}

impl VisitCadence {
    /// Jindu default, no published source: a home visit or interview at
    /// least monthly, shown 7 days ahead; two visits in a row without
    /// finding the person suggest lost contact.
    #[must_use]
    pub fn jindu_default() -> VisitCadence {
        VisitCadence {
            every_months: 1,
            due_soon_days: 7,
            lost_contact_after: 2,
        }
    }
}

/// One recorded contact, as the cadence needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRecord {
    /// When.
    pub on: Date,
    /// Interview, home visit …
    pub kind: VisitKind,
    /// What was found.
    pub outcome: VisitOutcome,
}

impl VisitRecord {
    /// Whether this contact satisfies the cadence: a face-to-face visit
    /// that found the person.
    #[must_use]
    pub fn counts(&self) -> bool {
        self.kind.counts_as_visit() && self.outcome != VisitOutcome::NotFound
    }
}

/// Where the next visit stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitDueState {
    /// Not due yet.
    Upcoming,
    /// Within `due_soon_days` of the due date, or on it.
    Due,
    /// The due date has passed without a visit.
    Overdue,
}

/// The next visit of a person under a community measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDue {
    /// The day by which the next visit is due.
    pub due: Date,
    /// The last visit counted (on or after the start), if any.
    pub last_visit: Option<Date>,
    /// Its state on the day asked about.
    pub state: VisitDueState,
    /// The setting version used.
    pub used: UsedSetting,
}

/// The next visit due under `setting` for a measure running since `start`
/// (the report-in, where the worker first meets the person) and, if it has
/// one, until `until` (its term end).
///
/// Our rule (no text prescribes one): the next visit is due `every_months`
/// after the later of `start` and the last counted visit (民法典 Art 202
/// month ends: Jan 31 + 1 month is Feb 28/29). Visits before `start` or
/// after `today` do not count. `None` when that day falls after `until`.
#[must_use]
pub fn next_visit(
    setting: &Versioned<VisitCadence>,
    start: Date,
    until: Option<Date>,
    visits: &[VisitRecord],
    today: Date,
) -> Option<VisitDue> {
    let c = setting.value;
    let last_visit = visits
        .iter()
        .filter(|v| v.counts() && v.on >= start && v.on <= today)
        .map(|v| v.on)
        .max();
    let basis = last_visit.unwrap_or(start);
    let due = add_months(basis, c.every_months.max(1))?;
    if until.is_some_and(|end| due > end) {
        return None;
    }
    let soon = sub_days(due, c.due_soon_days).unwrap_or(Date::MIN);
    let state = if today > due {
        VisitDueState::Overdue
    } else if today >= soon {
        VisitDueState::Due
    } else {
        VisitDueState::Upcoming
    };
    Some(VisitDue {
        due,
        last_visit,
        state,
        used: setting.used(),
    })
}

/// How many of the latest visits (interviews and home visits, up to
/// `today`) in a row did not find the person. Calls and other contacts
/// neither add to nor break the run.
#[must_use]
pub fn not_found_in_a_row(visits: &[VisitRecord], today: Date) -> u32 {
    let mut face_to_face: Vec<&VisitRecord> = visits
        .iter()
        .filter(|v| v.kind.counts_as_visit() && v.on <= today)
        .collect();
    face_to_face.sort_by_key(|v| v.on);
    let run = face_to_face
        .iter()
        .rev()
        .take_while(|v| v.outcome == VisitOutcome::NotFound)
        .count();
    u32::try_from(run).unwrap_or(u32::MAX)
}

/// The "lost contact?" hint: the number of visits in a row that did not
/// find the person, when it reaches the setting's threshold. A hint, not a
/// decision: the worker sets the status.
#[must_use]
pub fn lost_contact_hint(
    setting: &VisitCadence,
    visits: &[VisitRecord],
    today: Date,
) -> Option<u32> {
    let n = not_found_in_a_row(visits, today);
    (n >= setting.lost_contact_after.max(1)).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code_enum::assert_well_formed;
    use crate::settings::default_visit_cadence;
    use time::macros::date;

    fn v(on: Date, kind: VisitKind, outcome: VisitOutcome) -> VisitRecord {
        VisitRecord { on, kind, outcome }
    }

    fn home(on: Date) -> VisitRecord {
        v(on, VisitKind::HomeVisit, VisitOutcome::Normal)
    }

    #[test]
    fn vocabularies_are_well_formed() {
        assert_well_formed::<VisitKind>();
        assert_well_formed::<VisitPlace>();
        assert_well_formed::<VisitOutcome>();
        assert_well_formed::<SupportKind>();
        assert_well_formed::<SupportSubKind>();
        assert_well_formed::<SupportOutcome>();
    }

    #[test]
    fn every_sub_kind_but_other_belongs_to_one_kind() {
        for s in SupportSubKind::ALL {
            let fitting: Vec<_> = SupportKind::ALL.iter().filter(|k| s.fits(**k)).collect();
            if *s == SupportSubKind::Other {
                assert_eq!(fitting.len(), 4);
            } else {
                assert_eq!(fitting.len(), 1, "{s:?}");
            }
        }
        for k in SupportKind::ALL {
            let subs = SupportSubKind::of(*k);
            assert!(subs.len() >= 4, "{k:?} offers its own sub-kinds and other");
            assert_eq!(subs.last(), Some(&SupportSubKind::Other));
        }
        assert!(SupportSubKind::MinimumAllowance.fits(SupportKind::Relief));
        assert!(!SupportSubKind::MinimumAllowance.fits(SupportKind::Employment));
        assert!(SupportSubKind::JobPlacement.fits(SupportKind::Employment));
        assert_eq!(SupportSubKind::MinimumAllowance.label_zh(), "低保");
    }

    #[test]
    fn outcomes_fit_their_kinds() {
        assert!(SupportOutcome::Granted.fits(SupportKind::Relief));
        assert!(!SupportOutcome::Granted.fits(SupportKind::Employment));
        assert!(SupportOutcome::Placed.fits(SupportKind::Employment));
        assert!(!SupportOutcome::Placed.fits(SupportKind::Treatment));
        for k in SupportKind::ALL {
            assert!(SupportOutcome::Provided.fits(*k));
            assert!(SupportOutcome::Declined.fits(*k));
        }
    }

    #[test]
    fn only_face_to_face_visits_that_found_the_person_count() {
        let d = date!(2026 - 03 - 01);
        assert!(home(d).counts());
        assert!(v(d, VisitKind::Interview, VisitOutcome::SituationChanged).counts());
        assert!(!v(d, VisitKind::Phone, VisitOutcome::Normal).counts());
        assert!(!v(d, VisitKind::Other, VisitOutcome::Normal).counts());
        assert!(!v(d, VisitKind::HomeVisit, VisitOutcome::NotFound).counts());
    }

    #[test]
    fn monthly_from_the_start_then_from_the_last_visit() {
        let s = default_visit_cadence();
        let start = date!(2026 - 01 - 31);
        // No visit yet: due one month after the report-in, Civil Code month
        // end (Feb has no 31st).
        let due = next_visit(&s, start, None, &[], date!(2026 - 02 - 10)).unwrap();
        assert_eq!(due.due, date!(2026 - 02 - 28));
        assert_eq!(due.state, VisitDueState::Upcoming);
        assert_eq!(due.last_visit, None);
        assert_eq!(due.used.version, 1);
        // Shown as due 7 days ahead, and on the day itself.
        let at = |today| next_visit(&s, start, None, &[], today).unwrap().state;
        assert_eq!(at(date!(2026 - 02 - 20)), VisitDueState::Upcoming);
        assert_eq!(at(date!(2026 - 02 - 21)), VisitDueState::Due);
        assert_eq!(at(date!(2026 - 02 - 28)), VisitDueState::Due);
        assert_eq!(at(date!(2026 - 03 - 01)), VisitDueState::Overdue);
        // A visit resets the clock, even a late one.
        let visits = [home(date!(2026 - 03 - 05))];
        let due = next_visit(&s, start, None, &visits, date!(2026 - 03 - 06)).unwrap();
        assert_eq!(due.due, date!(2026 - 04 - 05));
        assert_eq!(due.last_visit, Some(date!(2026 - 03 - 05)));
        assert_eq!(due.state, VisitDueState::Upcoming);
    }

    #[test]
    fn calls_misses_and_visits_outside_the_measure_do_not_count() {
        let s = default_visit_cadence();
        let start = date!(2026 - 01 - 10);
        let today = date!(2026 - 02 - 20);
        let visits = [
            home(date!(2025 - 12 - 20)),
            v(
                date!(2026 - 02 - 01),
                VisitKind::Phone,
                VisitOutcome::Normal,
            ),
            v(
                date!(2026 - 02 - 05),
                VisitKind::HomeVisit,
                VisitOutcome::NotFound,
            ),
            home(date!(2026 - 03 - 01)),
        ];
        let due = next_visit(&s, start, None, &visits, today).unwrap();
        assert_eq!(due.due, date!(2026 - 02 - 10));
        assert_eq!(due.last_visit, None);
        assert_eq!(due.state, VisitDueState::Overdue);
    }

    #[test]
    fn nothing_is_due_after_the_term() {
        let s = default_visit_cadence();
        let start = date!(2026 - 01 - 10);
        let visits = [home(date!(2026 - 05 - 20))];
        assert!(
            next_visit(
                &s,
                start,
                Some(date!(2026 - 06 - 19)),
                &visits,
                date!(2026 - 05 - 21)
            )
            .is_none()
        );
        assert_eq!(
            next_visit(
                &s,
                start,
                Some(date!(2026 - 06 - 20)),
                &visits,
                date!(2026 - 05 - 21)
            )
            .map(|d| d.due),
            Some(date!(2026 - 06 - 20))
        );
    }

    #[test]
    fn a_longer_cadence_from_a_later_version() {
        let mut s = default_visit_cadence();
        s.value.every_months = 2;
        s.version = 2;
        let due = next_visit(&s, date!(2024 - 12 - 31), None, &[], date!(2025 - 01 - 01)).unwrap();
        assert_eq!(due.due, date!(2025 - 02 - 28));
        assert_eq!(due.used.version, 2);
        // A zero interval is treated as monthly, never "always due".
        s.value.every_months = 0;
        let due = next_visit(&s, date!(2024 - 12 - 31), None, &[], date!(2025 - 01 - 01)).unwrap();
        assert_eq!(due.due, date!(2025 - 01 - 31));
    }

    #[test]
    fn two_misses_in_a_row_hint_at_lost_contact() {
        let c = VisitCadence::jindu_default();
        let today = date!(2026 - 05 - 01);
        let miss = |on| v(on, VisitKind::HomeVisit, VisitOutcome::NotFound);
        let one = [home(date!(2026 - 02 - 01)), miss(date!(2026 - 03 - 01))];
        assert_eq!(not_found_in_a_row(&one, today), 1);
        assert_eq!(lost_contact_hint(&c, &one, today), None);
        let two = [
            miss(date!(2026 - 04 - 01)),
            home(date!(2026 - 02 - 01)),
            miss(date!(2026 - 03 - 01)),
            // A call in between neither breaks nor extends the run.
            v(
                date!(2026 - 03 - 15),
                VisitKind::Phone,
                VisitOutcome::Normal,
            ),
        ];
        assert_eq!(lost_contact_hint(&c, &two, today), Some(2));
        // Found again: the run ends.
        let found = [
            miss(date!(2026 - 03 - 01)),
            miss(date!(2026 - 04 - 01)),
            home(date!(2026 - 04 - 20)),
        ];
        assert_eq!(lost_contact_hint(&c, &found, today), None);
        // Visits dated after today are not counted.
        let future = [miss(date!(2026 - 03 - 01)), miss(date!(2026 - 06 - 01))];
        assert_eq!(not_found_in_a_row(&future, today), 1);
        assert_eq!(not_found_in_a_row(&[], today), 0);
    }
}
