//! The kinds of measure the drug laws provide (JDF ch. 4, JDTL ch. 2–5).

use serde::{Deserialize, Serialize};

/// A kind of measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// 社区戒毒: 3 years from report-in (JDF 33; JDTL 13–24).
    CommunityDetox,
    /// 社区康复: up to 3 years after compulsory isolation, executed like
    /// community detox (JDF 48; JDTL 37–40).
    CommunityRehab,
    /// 强制隔离戒毒: 2 years from the decision (JDF 38–47; JDTL 25–36).
    CompulsoryIsolation,
    /// 自愿戒毒 at a licensed institution (JDTL 9–11).
    VoluntaryDetox,
    /// 戒毒药物维持治疗, registered and filed with the police (JDTL 12).
    MaintenanceTherapy,
}

impl MeasureKind {
    /// Every kind.
    pub const ALL: [MeasureKind; 5] = [
        MeasureKind::CommunityDetox,
        MeasureKind::CommunityRehab,
        MeasureKind::CompulsoryIsolation,
        MeasureKind::VoluntaryDetox,
        MeasureKind::MaintenanceTherapy,
    ];

    /// Stable storage / wire code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            MeasureKind::CommunityDetox => "community_detox",
            MeasureKind::CommunityRehab => "community_rehab",
            MeasureKind::CompulsoryIsolation => "compulsory_isolation",
            MeasureKind::VoluntaryDetox => "voluntary_detox",
            MeasureKind::MaintenanceTherapy => "maintenance_therapy",
        }
    }

    /// Inverse of [`MeasureKind::code`] (exact match).
    #[must_use]
    pub fn from_code(code: &str) -> Option<MeasureKind> {
        MeasureKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Chinese name as the law uses it.
    #[must_use]
    pub fn name_zh(self) -> &'static str {
        match self {
            MeasureKind::CommunityDetox => "社区戒毒",
            MeasureKind::CommunityRehab => "社区康复",
            MeasureKind::CompulsoryIsolation => "强制隔离戒毒",
            MeasureKind::VoluntaryDetox => "自愿戒毒",
            MeasureKind::MaintenanceTherapy => "戒毒药物维持治疗",
        }
    }

    /// English name.
    #[must_use]
    pub fn name_en(self) -> &'static str {
        match self {
            MeasureKind::CommunityDetox => "Community detox",
            MeasureKind::CommunityRehab => "Community rehabilitation",
            MeasureKind::CompulsoryIsolation => "Compulsory isolation",
            MeasureKind::VoluntaryDetox => "Voluntary detox",
            MeasureKind::MaintenanceTherapy => "Maintenance therapy",
        }
    }

    /// Community detox and community rehabilitation share one procedure:
    /// rehabilitation is executed "参照" community detox (JDF 48).
    #[must_use]
    pub fn is_community(self) -> bool {
        matches!(
            self,
            MeasureKind::CommunityDetox | MeasureKind::CommunityRehab
        )
    }
}
