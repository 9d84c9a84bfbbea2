//! Workbook bytes → sheets (calamine). Every sheet is a candidate table; rows and columns keep
//! the numbers Excel shows. Merged cells arrive as an anchor cell plus empty cells, exactly like
//! CSV exports, so recognition treats both the same.

use crate::sheet::{Sheet, SheetRow};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;

/// Ok(list of per-sheet results) or Err(why the workbook cannot be opened).
#[allow(clippy::type_complexity)]
pub fn read_workbook(
    file: &str,
    bytes: &[u8],
) -> Result<Vec<Result<Sheet, (String, String)>>, String> {
    let mut workbook =
        open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| e.to_string())?;
    let names = workbook.sheet_names().to_vec();
    // Shown in the report's `inputs` where text files show their encoding.
    let format = if bytes.starts_with(b"PK") {
        "xlsx"
    } else {
        "xls"
    };
    let mut out = Vec::new();
    for name in names {
        match workbook.worksheet_range(&name) {
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
                out.push(Ok(Sheet {
                    file: file.to_string(),
                    sheet: Some(name),
                    encoding: Some(format),
                    rows,
                }));
            }
            Err(e) => out.push(Err((name, e.to_string()))),
        }
    }
    Ok(out)
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
        assert!(read_workbook("x.xlsx", b"PK\x03\x04garbage").is_err());
    }
}
