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
    // calamine still panics on some malformed files; natively that panic becomes this file's
    // finding (in wasm, where panics abort, the worker reports the trap).
    std::panic::catch_unwind(|| read(bytes, format))
        .unwrap_or_else(|_| Workbook::failed(format, "文件结构损坏，读取器无法解析".to_string()))
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
    if format == "xls" && !crate::cfb_check::chains_are_sound(bytes) {
        return Workbook::failed(format, "文件结构损坏（扇区链断裂或循环）".to_string());
    }
    let mut workbook = match open_workbook_auto_from_rs(Cursor::new(whole_sectors(bytes, format))) {
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
