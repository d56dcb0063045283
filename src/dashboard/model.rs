//! The dashboard's figures as the page receives them (server and browser share them).

use serde::{Deserialize, Serialize};

// The attendance figures are counted by the attendance rule's module (`reports::figures`).
pub use crate::reports::model::{Attendance, Rate, ReportCounts, Reports};

/// Recommendations by state, for one domain or body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecCounts {
    pub label: String,
    /// new, forwarded, in progress, clarification
    pub open: i64,
    pub answered: i64,
    pub closed: i64,
    /// refused or merged into another
    pub other: i64,
    /// open and past the due date
    pub overdue: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recs {
    pub total: RecCounts,
    pub by_domain: Vec<RecCounts>,
    pub by_body: Vec<RecCounts>,
    /// Open items by age: under 30 days, 30–89, 90–364, a year or more.
    pub open_ages: Vec<i64>,
}

/// Ward committee invitations: one due per followed ward and month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitations {
    pub due: i64,
    pub received: i64,
    /// (ward, due, received)
    pub by_ward: Vec<(String, i64, i64)>,
}

/// The wards' periodic reports (monthly, quarterly, half-yearly) whose period ended in
/// the dashboard's period: received (on time, late) against due.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WardReports {
    pub total: crate::periodic::model::DueCounts,
    pub by_ward: Vec<crate::periodic::model::DueCounts>,
}

/// A shortcoming the data shows (seed II.2), with its evidence and a link to the rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// absences, clashes, missing_reports, not_invited, missing_periodic, overdue_recs, late_announced
    pub kind: String,
    /// The member (and group), ward or cell.
    pub subject: String,
    /// The figures or dates behind it.
    pub evidence: String,
    pub count: i64,
    pub href: String,
}

/// The kinds of findings in the order the page lists them, with their label keys.
pub const FINDING_KINDS: [(&str, &str); 8] = [
    ("absences", "finding.absences"),
    ("missing_reports", "finding.missing_reports"),
    ("clashes", "finding.clashes"),
    ("not_invited", "finding.not_invited"),
    ("missing_periodic", "finding.missing_periodic"),
    ("overdue_recs", "finding.overdue_recs"),
    ("late_announced", "finding.late_announced"),
    ("after_merge", "finding.after_merge"),
];

/// The answer carries this many findings of each kind (the page shows 8, the review report
/// names a few and counts the rest): a province's five years have thousands.
pub const FINDINGS_SENT: usize = 50;

/// Sorts the findings by kind (the page's order), most counted first, and keeps the first
/// `FINDINGS_SENT` of each kind, with each kind's total.
pub fn cap_findings(mut findings: Vec<Finding>) -> (Vec<Finding>, Vec<(String, i64)>) {
    let rank = |kind: &str| FINDING_KINDS.iter().position(|k| k.0 == kind).unwrap_or(FINDING_KINDS.len());
    findings.sort_by(|a, b| (rank(&a.kind), b.count, &a.subject).cmp(&(rank(&b.kind), a.count, &b.subject)));
    let mut totals: Vec<(String, i64)> = Vec::new();
    let mut kept = Vec::new();
    for f in findings {
        match totals.last_mut() {
            Some((kind, n)) if *kind == f.kind => *n += 1,
            _ => totals.push((f.kind.clone(), 1)),
        }
        if totals.last().is_some_and(|t| t.1 as usize <= FINDINGS_SENT) {
            kept.push(f);
        }
    }
    (kept, totals)
}

impl Dashboard {
    /// How many findings of a kind there are in all (not only those in the answer).
    pub fn finding_total(&self, kind: &str) -> i64 {
        self.finding_totals
            .iter()
            .find(|t| t.0 == kind)
            .map(|t| t.1)
            .unwrap_or_else(|| self.findings.iter().filter(|f| f.kind == kind).count() as i64)
    }
}

/// The page's choices and the figures under them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The period, months "YYYY-MM", both included.
    pub from: String,
    pub to: String,
    pub ward: Option<i64>,
    pub group: Option<i64>,
    pub wards: Vec<(i64, String)>,
    pub groups: Vec<(i64, String)>,
    pub attendance: Attendance,
    pub reports: Reports,
    pub recs: Recs,
    pub invitations: Invitations,
    #[serde(default)]
    pub ward_reports: WardReports,
    /// Submitted reports by the meeting's overall level 1 (weak) … 4 (good); index 0 = 1.
    pub quality: Vec<i64>,
    /// The first `FINDINGS_SENT` findings of each kind, most counted first.
    pub findings: Vec<Finding>,
    /// How many findings of each kind there are in all (kind, total).
    #[serde(default)]
    pub finding_totals: Vec<(String, i64)>,
    /// When the figures were computed (Vietnam time, "HH:MM:SS").
    pub computed_at: String,
}

/// The panels of present mode, in their order.
pub const PANELS: [&str; 5] = ["attendance", "reports", "recs", "wards", "findings"];

/// The age buckets' label keys, in `Recs::open_ages` order.
pub const AGE_KEYS: [&str; 4] = ["dash.age_30", "dash.age_90", "dash.age_365", "dash.age_more"];

#[cfg(test)]
mod tests {
    use super::*;

    fn f(kind: &str, subject: &str, count: i64) -> Finding {
        Finding { kind: kind.into(), subject: subject.into(), evidence: String::new(), count, href: String::new() }
    }

    #[test]
    fn findings_are_capped_per_kind_most_counted_first_with_their_totals() {
        let mut all: Vec<Finding> = (0..FINDINGS_SENT as i64 + 7).map(|i| f("missing_reports", &format!("P{i:03}"), i % 5)).collect();
        all.push(f("clashes", "Nam", 1));
        all.push(f("absences", "Đạt", 2));
        let (kept, totals) = cap_findings(all);
        assert_eq!(totals, vec![("absences".to_string(), 1), ("missing_reports".to_string(), FINDINGS_SENT as i64 + 7), ("clashes".to_string(), 1)]);
        assert_eq!(kept.len(), FINDINGS_SENT + 2);
        let missing: Vec<&Finding> = kept.iter().filter(|x| x.kind == "missing_reports").collect();
        assert_eq!(missing.len(), FINDINGS_SENT);
        assert!(missing.windows(2).all(|w| w[0].count >= w[1].count));
        let d = Dashboard { findings: kept, finding_totals: totals, ..Default::default() };
        assert_eq!(d.finding_total("missing_reports"), FINDINGS_SENT as i64 + 7);
        assert_eq!(d.finding_total("not_invited"), 0);
    }
}
