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
    pub value: Option<CellText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

/// A location's cell text. The page's wasm keeps a `String` (less code to load).
#[cfg(target_arch = "wasm32")]
pub type CellText = String;

/// A location's cell text, natively held inline when short (most are amounts such as
/// "2947026.20"): a large department's report holds ~150 000 of them, and a heap string each
/// cost 32 bytes more of memory at the check's peak. 16 bytes (a longer text is boxed twice),
/// so a `Location` takes 80 rather than 88.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone)]
pub enum CellText {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<Box<str>>),
}

#[cfg(not(target_arch = "wasm32"))]
const INLINE: usize = 14;

#[cfg(not(target_arch = "wasm32"))]
impl std::ops::Deref for CellText {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            // Copied from a `str` whole, so always valid UTF-8.
            CellText::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            CellText::Heap(text) => text,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl From<&str> for CellText {
    fn from(text: &str) -> Self {
        if text.len() > INLINE {
            return CellText::Heap(Box::new(text.into()));
        }
        let mut bytes = [0; INLINE];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        CellText::Inline {
            len: text.len() as u8,
            bytes,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl From<String> for CellText {
    fn from(text: String) -> Self {
        if text.len() > INLINE {
            CellText::Heap(Box::new(text.into_boxed_str()))
        } else {
            text.as_str().into()
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl PartialEq for CellText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Eq for CellText {}

#[cfg(not(target_arch = "wasm32"))]
impl std::fmt::Debug for CellText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Serialize for CellText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

/// `text` as a location's cell text (a no-op where that is a `String`).
pub fn cell_text(text: impl Into<CellText>) -> CellText {
    text.into()
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn cell_text_is_as_small_as_a_string_and_reads_back() {
        assert_eq!(std::mem::size_of::<Option<CellText>>(), 16);
        assert_eq!(std::mem::size_of::<Location>(), 80);
        for text in [
            "",
            "2947026.20",
            "12345678901.23",
            "一二三四",
            "一二三四五",
            "x".repeat(300).as_str(),
        ] {
            let owned = CellText::from(text.to_string());
            assert_eq!(&*owned, text);
            assert_eq!(owned, CellText::from(text));
            assert_eq!(
                serde_json::to_string(&owned).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
    }
}
