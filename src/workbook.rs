//! A workbook read into sheets of cell texts: what the xlsx reader produces and ingest consumes.
//! Serializable, so the page's separate xlsx wasm module can hand it to the core module, which
//! has no workbook reader of its own.

use crate::sheet::{Sheet, SheetRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workbook {
    /// "xlsx" or "xls", shown in the report where text files show their encoding.
    pub format: String,
    /// Why the workbook could not be opened at all (then `sheets` is empty).
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub sheets: Vec<WorkbookSheet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkbookSheet {
    pub name: String,
    /// Why this sheet could not be read (then `rows` is empty).
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub rows: Vec<SheetRow>,
}

impl Workbook {
    pub fn failed(format: &str, error: String) -> Workbook {
        Workbook {
            format: format.to_string(),
            error: Some(error),
            sheets: Vec::new(),
        }
    }

    /// Per sheet: the sheet of file `file`, or (sheet name, why it could not be read).
    pub fn into_sheets(self, file: &str) -> impl Iterator<Item = Result<Sheet, (String, String)>> {
        let format = if self.format == "xls" { "xls" } else { "xlsx" };
        let file = file.to_string();
        self.sheets.into_iter().map(move |s| match s.error {
            Some(err) => Err((s.name, err)),
            None => Ok(Sheet::from_rows(&file, Some(s.name), Some(format), s.rows)),
        })
    }
}
