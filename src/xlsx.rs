//! Workbook bytes → sheets (calamine). Every sheet is a candidate table; rows and columns keep
//! the numbers Excel shows. Merged cells arrive as an anchor cell plus empty cells, exactly like
//! CSV exports, so recognition treats both the same.
//!
//! Memory stays bounded by what the file really holds: calamine's `worksheet_range` builds a dense
//! grid over a sheet's extent (a 2 KB .xlsx with cells A1 and XFD1048576 asked for 17 G cells and
//! aborted the process), so .xlsx/.xlsb sheets are streamed cell by cell into sparse rows, and an
//! .xls, which calamine parses densely when it opens it, is measured first (`xls_area`).

use crate::sheet::SheetRow;
use crate::workbook::{Workbook, WorkbookSheet};
use calamine::{Cell, Data, DataRef, Reader, Sheets, XlsxError, open_workbook_from_rs};
use std::io::Cursor;

/// Cells a workbook's sheets may list: one full BIFF8 sheet (65 536 rows × 256 columns), 1.8× the
/// 9.5 M cells of the 200 000-project synthetic department.
const MAX_CELLS: usize = 1 << 24;
/// Empty cells held before each row's last filled one (24 bytes each: ~100 MB). Real tables have
/// a few per row; a bomb puts one cell per row in column XFD (16 383 each).
const MAX_EMPTY: usize = 1 << 22;
/// Cells calamine may lay out densely for an .xls (~62 bytes each natively: ≤ 260 MB); a full
/// 65 536-row sheet up to column BL fits.
const MAX_XLS_AREA: u64 = 1 << 22;

/// The workbook's sheets as cell grids (or why it, or one of its sheets, cannot be read).
pub fn read_workbook(bytes: &[u8]) -> Workbook {
    // Shown in the report's `inputs` where text files show their encoding.
    let format = if bytes.starts_with(b"PK") {
        "xlsx"
    } else {
        "xls"
    };
    // calamine still panics on some malformed files; natively that panic becomes this file's
    // finding (in wasm, where panics abort, the worker reports the trap).
    std::panic::catch_unwind(|| read(bytes, format))
        .unwrap_or_else(|_| Workbook::failed(format, broken()))
}

fn broken() -> String {
    "文件结构损坏，读取器无法解析".to_string()
}

/// An .xls (OLE compound file) is whole sectors long. A truncated one is zero-padded to whole
/// sectors (512 bytes, or 4096 when the header says so): calamine asserts on a partial sector.
fn whole_sectors(bytes: &[u8], format: &str) -> Vec<u8> {
    let mut padded = bytes.to_vec();
    if format == "xls" {
        let sector = if bytes.get(30) == Some(&0x0C) {
            4096
        } else {
            512
        };
        padded.resize(bytes.len().next_multiple_of(sector), 0);
    }
    padded
}

fn read(bytes: &[u8], format: &str) -> Workbook {
    let padded = whole_sectors(bytes, format);
    if format == "xls" {
        if !crate::cfb_check::chains_are_sound(bytes) {
            return Workbook::failed(format, "文件结构损坏（扇区链断裂或循环）".to_string());
        }
        match crate::xls_area::dense_cells(&padded) {
            None => return Workbook::failed(format, broken()),
            Some(n) if n > MAX_XLS_AREA => {
                let why = format!(
                    "工作表声明的范围过大（共 {n} 格，上限 {MAX_XLS_AREA} 格），文件可能已损坏或被恶意构造，未读取"
                );
                return Workbook::failed(format, why);
            }
            Some(_) => {}
        }
    }
    let mut workbook = match open(padded) {
        Ok(w) => w,
        Err(e) => return Workbook::failed(format, e.to_string()),
    };
    let names = workbook.sheet_names().to_vec();
    let mut budget = Budget {
        cells: MAX_CELLS,
        empty: MAX_EMPTY,
    };
    let mut sheets = Vec::new();
    for name in names {
        let before = budget;
        // Each format's own reader: dispatching through `Sheets` would also build the dense
        // readers of .xlsx/.xlsb into the page's xlsx module.
        let text = |e: calamine::Error| e.to_string();
        let rows = match &mut workbook {
            Sheets::Xlsx(x) => match x.worksheet_cells_reader(&name) {
                Ok(mut cells) => sparse_rows(|| cells.next_cell(), &mut budget),
                // As `worksheet_range`: a chart sheet reads as an empty sheet.
                Err(XlsxError::NotAWorksheet(_)) => Ok(Vec::new()),
                Err(e) => Err(text(e.into())),
            },
            Sheets::Xlsb(x) => match x.worksheet_cells_reader(&name) {
                Ok(mut cells) => sparse_rows(|| cells.next_cell(), &mut budget),
                Err(e) => Err(text(e.into())),
            },
            // An .xls (measured above) comes as a dense range.
            Sheets::Xls(x) => x
                .worksheet_range(&name)
                .map(|r| dense_rows(&r))
                .map_err(|e| text(e.into())),
            // Never opened (`open`).
            Sheets::Ods(_) => Ok(Vec::new()),
        };
        let (rows, error) = match rows {
            Ok(rows) => (rows, None),
            Err(e) => {
                budget = before;
                (Vec::new(), Some(e))
            }
        };
        sheets.push(WorkbookSheet { name, error, rows });
    }
    Workbook {
        format: format.to_string(),
        error: None,
        sheets,
    }
}

/// The workbook as calamine's `open_workbook_auto_from_rs` opens it, but never as OpenDocument:
/// calamine lays out every .ods sheet densely when it opens one (up to 100 M cells: an 850-byte
/// .ods named .xlsx, one row of 100 cells repeated a million times, aborted the process), and
/// gouji reads Excel workbooks.
fn open(bytes: Vec<u8>) -> Result<Sheets<Cursor<Vec<u8>>>, calamine::Error> {
    let rs = Cursor::new(bytes);
    if let Ok(w) = open_workbook_from_rs(rs.clone()) {
        return Ok(Sheets::Xls(w));
    }
    if let Ok(w) = open_workbook_from_rs(rs.clone()) {
        return Ok(Sheets::Xlsx(w));
    }
    if let Ok(w) = open_workbook_from_rs(rs) {
        return Ok(Sheets::Xlsb(w));
    }
    Err(calamine::Error::Msg("Cannot detect file format"))
}

/// What is left of the workbook's cell allowance (`MAX_CELLS`, `MAX_EMPTY`).
#[derive(Clone, Copy)]
struct Budget {
    cells: usize,
    empty: usize,
}

fn too_many() -> String {
    format!(
        "工作表的单元格过多（超过 {MAX_CELLS} 个，或行内空单元格超过 {MAX_EMPTY} 个），文件可能已损坏或被恶意构造，未读取"
    )
}

/// A sheet's cells, streamed, as the rows `dense_rows` makes of calamine's dense range: empty
/// cells take no place, a repeated position keeps its last value, rows keep Excel's numbers,
/// trailing empty cells are trimmed and empty rows dropped.
fn sparse_rows<'a, E>(
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
    budget: &mut Budget,
) -> Result<Vec<SheetRow>, String>
where
    calamine::Error: From<E>,
{
    let mut rows: Vec<SheetRow> = Vec::new();
    while let Some(cell) = next().map_err(|e| calamine::Error::from(e).to_string())? {
        // Every listed cell counts, a style-only one too: it costs time if not memory.
        budget.cells = budget.cells.checked_sub(1).ok_or_else(too_many)?;
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        let text = cell_text(Data::from(cell.get_value().clone()));
        let number = row.saturating_add(1);
        // Writers list rows in order: the row is the last one, or a new one after it.
        let at = match rows.last() {
            Some(last) if last.number == number => rows.len() - 1,
            Some(last) if last.number > number => {
                match rows.binary_search_by_key(&number, |r| r.number) {
                    Ok(at) => at,
                    Err(_) if text.is_empty() => continue,
                    Err(at) => {
                        rows.insert(
                            at,
                            SheetRow {
                                number,
                                cells: Vec::new(),
                            },
                        );
                        at
                    }
                }
            }
            _ if text.is_empty() => continue,
            _ => {
                rows.push(SheetRow {
                    number,
                    cells: Vec::new(),
                });
                rows.len() - 1
            }
        };
        let texts = &mut rows[at].cells;
        let col = col as usize;
        if col < texts.len() {
            texts[col] = text;
        } else if !text.is_empty() {
            let gap = col - texts.len();
            budget.empty = budget.empty.checked_sub(gap).ok_or_else(too_many)?;
            texts.resize(col, String::new());
            texts.push(text);
        }
    }
    // A repeated cell may have emptied a row's end.
    for row in &mut rows {
        trim(&mut row.cells);
    }
    rows.retain(|r| !r.cells.is_empty());
    Ok(rows)
}

/// The rows of a dense range (the .xls reader).
fn dense_rows(range: &calamine::Range<Data>) -> Vec<SheetRow> {
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut texts: Vec<String> = vec![String::new(); col0 as usize];
        texts.extend(cells.iter().cloned().map(cell_text));
        push_row(&mut rows, row0 + i as u32, texts);
    }
    rows
}

fn trim(texts: &mut Vec<String>) {
    while texts.last().is_some_and(|t| t.is_empty()) {
        texts.pop();
    }
}

/// Row `row` (0-based) without its trailing empty cells, unless nothing is left of it.
fn push_row(rows: &mut Vec<SheetRow>, row: u32, mut texts: Vec<String>) {
    trim(&mut texts);
    if !texts.is_empty() {
        rows.push(SheetRow {
            number: row.saturating_add(1),
            cells: texts,
        });
    }
}

fn cell_text(cell: Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s,
        Data::Float(f) => float_text(f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s,
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
    use calamine::open_workbook_auto_from_rs;

    #[test]
    fn floats_render_as_displayed() {
        assert_eq!(float_text(29147.660000000003), "29147.66");
        assert_eq!(float_text(2.5), "2.5");
        assert_eq!(float_text(100.0), "100");
        assert_eq!(float_text(-0.0), "0");
    }

    /// Streamed sheets read exactly as calamine's dense ranges did: a real export, and generated
    /// workbooks (tests/fixtures/workbooks/README.md) with cells out of order, repeated positions,
    /// merged cells, dates, booleans, formulas, gaps and a chart sheet.
    #[test]
    fn streamed_rows_equal_dense_rows() {
        for path in [
            "inputs/e2e/xlsx/2026年部门预算公开表.xlsx",
            "workbooks/reordered.xlsx",
            "workbooks/repeated.xlsx",
        ] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
            let bytes = std::fs::read(dir.join(path)).unwrap();
            let book = read_workbook(&bytes);
            let mut dense = open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
            assert!(book.sheets.iter().any(|s| s.rows.len() > 5), "{path}");
            for sheet in &book.sheets {
                assert_eq!(sheet.error, None);
                let range = dense.worksheet_range(&sheet.name).unwrap();
                assert_eq!(sheet.rows, dense_rows(&range), "{path} {}", sheet.name);
            }
        }
    }

    #[test]
    fn a_short_sheet_record_is_refused_before_calamine_panics() {
        // The fuzzer's .xls (after its extension byte): calamine read a sheet's position past the
        // end of a short BoundSheet record, a panic (in wasm a trap of the whole module).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crashes");
        let bytes = std::fs::read(dir.join("check-xls-sheet-metadata-short-record")).unwrap();
        let bytes = whole_sectors(&bytes[1..], "xls");
        assert_eq!(crate::xls_area::dense_cells(&bytes), None);
        assert_eq!(read(&bytes, "xls").error, Some(broken()));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read_workbook(b"PK\x03\x04garbage").error.is_some());
    }

    #[test]
    fn a_truncated_xls_is_an_error_not_a_panic() {
        // An OLE header whose DIFAT points at sector 0, which the file ends 3 bytes into (a
        // partial sector made calamine's CFB reader assert; found by `cargo fuzz run check`).
        let mut bytes = vec![0u8; 512 + 3];
        bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        bytes[24..26].copy_from_slice(&0x3Eu16.to_le_bytes()); // minor version
        bytes[26..28].copy_from_slice(&3u16.to_le_bytes()); // major version 3
        bytes[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little-endian
        bytes[30..32].copy_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
        bytes[32..34].copy_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
        bytes[68..72].copy_from_slice(&0u32.to_le_bytes()); // first DIFAT sector: 0
        bytes[76..512].fill(0xFF); // header DIFAT entries: free
        // `read`, not `read_workbook`: the padding itself must prevent the panic.
        assert!(read(&bytes, "xls").error.is_some());
    }
}
