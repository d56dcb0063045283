//! The review report's draft as the page edits it.

use serde::{Deserialize, Serialize};

/// One editable part of the report: where it goes and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub key: String,
    /// The heading it stands under in the document (the page shows it too).
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftReport {
    /// Months "YYYY-MM", both included.
    pub from: String,
    pub to: String,
    /// The summary line under "BÁO CÁO".
    pub summary: String,
    pub parts: Vec<Part>,
    /// The figures the document's tables hold, as lines for the page.
    pub figures: Vec<String>,
}

/// The editable parts in the document's order (the tables go after I.2.2 and I.2.4).
pub const PARTS: [&str; 10] = ["intro", "direction", "guidance", "attendance", "periodic", "recommendations", "strengths", "shortcomings", "tasks", "closing"];
