//! Workbook bytes → sheets (calamine). Every sheet is a candidate table; rows and columns keep
//! the numbers Excel shows. Merged cells arrive as an anchor cell plus empty cells, exactly like
//! CSV exports, so recognition treats both the same.

use crate::sheet::SheetRow;
use crate::workbook::{Workbook, WorkbookSheet};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;

/// The workbook's sheets as cell grids (or why it, or one of its sheets, cannot be read).
pub fn read_workbook(bytes: &[u8]) -> Workbook {
    // Shown in the report's `inputs` where text files show their encoding.
    let format = if bytes.starts_with(b"PK") {
        "xlsx"
    } else {
        "xls"
    };
    let mut workbook = match open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())) {
        Ok(w) => w,
        Err(e) => return Workbook::failed(format, e.to_string()),
    };
    let names = workbook.sheet_names().to_vec();
    let mut sheets = Vec::new();
    for name in names {
        let (rows, error) = match workbook.worksheet_range(&name) {
            Ok(range) => {
                let (row0, col0) = range.start().unwrap_or((0, 0));
                let rows = range
                    .rows()
                    .enumerate()
                    .map(|(i, cells)| {
                        let mut texts: Vec<String> = vec![String::new(); col0 as usize];
                        texts.extend(cells.iter().map(cell_text));
                        while texts.last().is_some_and(|t| t.is_empty()) {
                            texts.pop();
                        }
                        SheetRow {
                            number: row0 + i as u32 + 1,
                            cells: texts,
                        }
                    })
                    .filter(|r| !r.cells.is_empty())
                    .collect();
                (rows, None)
            }
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        sheets.push(WorkbookSheet { name, error, rows });
    }
    Workbook {
        format: format.to_string(),
        error: None,
        sheets,
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => float_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A spreadsheet float as the decimal Excel displays: formula results such as
/// 29147.660000000003 are rounded to 6 decimals (far below the printed 0.01), then trailing zeros
/// trimmed.
fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    let s = format!("{f:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_render_as_displayed() {
        assert_eq!(float_text(29147.660000000003), "29147.66");
        assert_eq!(float_text(2.5), "2.5");
        assert_eq!(float_text(100.0), "100");
        assert_eq!(float_text(-0.0), "0");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read_workbook(b"PK\x03\x04garbage").error.is_some());
    }
}
