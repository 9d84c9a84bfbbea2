//! The report: what a check found, in the JSON shape the CLI and the page share.

use serde::Serialize;
use std::io::Write as _;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// What a location is to its finding: the cell most likely wrong, or one of the cells the broken
/// equation reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Culprit,
    Operand,
}

/// One cell (or narrative line) a finding points at. `row` and `column` are 1-based, as a
/// spreadsheet shows them; `column` is 0 when the location is a whole line or file.
/// File, sheet and header names are shared with the table they come from (a large department's
/// report points at ~100 000 cells of the same few files and columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: Arc<str>,
    pub sheet: Option<Arc<str>>,
    pub row: u32,
    pub column: u32,
    pub header: Option<Arc<str>>,
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

impl Location {
    pub fn file(file: &str, sheet: Option<&str>) -> Self {
        Location {
            file: file.into(),
            sheet: sheet.map(Into::into),
            row: 0,
            column: 0,
            header: None,
            value: None,
            role: None,
        }
    }

    pub fn with_role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub message: String,
    pub locations: Vec<Location>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub difference: Option<String>,
}

/// What the report says about one input (a file, or one sheet of a workbook).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputInfo {
    pub file: String,
    pub sheet: Option<String>,
    /// "T1".."T10", "GZY" (国有资本经营预算支出表), "narrative", or null when unrecognized.
    pub table: Option<String>,
    pub title: Option<String>,
    pub encoding: Option<String>,
    pub unit: Option<String>,
    pub rows: u32,
    /// The regional layout the table was read with (e.g. "changchun", "putuo").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: u32,
    pub warnings: u32,
    pub infos: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub tool: Tool,
    pub inputs: Vec<InputInfo>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

impl Report {
    pub fn new(inputs: Vec<InputInfo>, findings: Vec<Finding>) -> Self {
        let mut summary = Summary::default();
        for f in &findings {
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        Report {
            tool: Tool {
                name: "gouji",
                version: env!("CARGO_PKG_VERSION"),
            },
            inputs,
            findings,
            summary,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// `to_json`, written as it is serialized: a large report is never held whole in memory
    /// (on a 25 MB input the JSON is ~40 MB).
    pub fn write_json(&self, w: impl std::io::Write) -> std::io::Result<()> {
        crate::timing::phase("json", || {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
            serde_json::to_writer_pretty(&mut w, self)?;
            w.flush()
        })
    }

    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}
