//! How many cells calamine's .xls reader would lay out for a workbook, measured before it opens
//! it. calamine 0.38 parses every sheet when it opens an .xls: it reserves room for the area a
//! DIMENSIONS record claims, then builds a dense grid over the sheet's value cells and another
//! over its formulas (`xls.rs`, `parse_workbook`). A 42 KB file claiming a cell at row 62 988,
//! column 1 281 took 5 GB. This walks the same BIFF records ([type u16][length u16][data]) the
//! same way and adds those areas up; it reads no values.

use crate::cfb_check::u32_at;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
/// A formula's string result: calamine places it at the last formula's cell, (0, 0) at first.
const STRING: u16 = 0x0207;
const MUL_RK: u16 = 0x00BD;
/// Number, Label, RString, BoolErr, Rk, LabelSst: each starts with its row and column.
const CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// The cells calamine would allocate for the workbook in `bytes` (an OLE container), or None when
/// its workbook stream cannot be located the way calamine would (see `cfb_check`), or calamine
/// would panic on it.
pub fn dense_cells(bytes: &[u8]) -> Option<u64> {
    let stream = crate::cfb_check::workbook_stream(bytes)?;
    let mut total = 0u64;
    // Sheets share no records in a sound file; overlapping ones (a bomb of many sheets pointing
    // into one stream) would make both calamine and this walk quadratic.
    let mut walked = 0usize;
    for (typ, data) in records(&stream) {
        match typ {
            // calamine reads a sheet's position and two flag bytes unchecked.
            BOUND_SHEET if data.len() < 6 => return None,
            BOUND_SHEET => {
                let pos = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                let sheet = stream.get(pos..).unwrap_or_default();
                let (cells, len) = sheet_cells(sheet);
                walked += len;
                if walked > 2 * stream.len() {
                    return None;
                }
                total = total.saturating_add(cells);
            }
            EOF => break,
            _ => {}
        }
    }
    Some(total)
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]) as u32)
}

/// (type, data) of each record, until one runs past the end.
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)? as u16;
        let end = 4 + u16_at(rest, 2)? as usize;
        let data = rest.get(4..end)?;
        rest = &rest[end..];
        Some((typ, data))
    })
}

/// The bounding box of the positions added to it.
#[derive(Default)]
struct Extent(Option<(u32, u32, u32, u32)>);

impl Extent {
    fn add(&mut self, (row, col): (u32, u32)) {
        let (r0, r1, c0, c1) = self.0.unwrap_or((row, row, col, col));
        self.0 = Some((r0.min(row), r1.max(row), c0.min(col), c1.max(col)));
    }

    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64
        })
    }
}

/// (cells calamine allocates for the sheet whose records start `sheet`, bytes walked).
fn sheet_cells(sheet: &[u8]) -> (u64, usize) {
    let (mut values, mut formulas) = (Extent::default(), Extent::default());
    let mut reserved = 0u64;
    let mut formula_at = (0, 0);
    let (mut seen_bof, mut depth) = (false, 0usize);
    let mut walked = 0;
    for (typ, data) in records(sheet) {
        walked += 4 + data.len();
        // Nested substreams (embedded charts) are skipped, as calamine does.
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = || Some((u16_at(data, 0)?, u16_at(data, 2)?));
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => reserved = reserved.max(dimensions(data)),
            FORMULA => {
                if let Some(p) = at() {
                    formula_at = p;
                    values.add(p);
                    formulas.add(p);
                }
            }
            STRING => values.add(formula_at),
            // Its cells run from the first column (after the row) to the last (its last field).
            MUL_RK if data.len() >= 6 => {
                let (row, first) = at().unwrap_or_default();
                values.add((row, first));
                values.add((row, u16_at(data, data.len() - 2).unwrap_or(first)));
            }
            t if CELLS.contains(&t) => {
                if let Some(p) = at() {
                    values.add(p);
                }
            }
            _ => {}
        }
    }
    (reserved + values.area() + formulas.area(), walked)
}

/// The cells calamine reserves for a DIMENSIONS record (`parse_dimensions`, then rows × columns
/// in wrapping u32 arithmetic as in its release build).
fn dimensions(data: &[u8]) -> u64 {
    let (rf, rl, cf, cl) = match data.len() {
        10 => (
            u16_at(data, 0).unwrap_or(0),
            u16_at(data, 2).unwrap_or(0),
            u16_at(data, 4).unwrap_or(0),
            u16_at(data, 6).unwrap_or(0),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8).unwrap_or(0),
            u16_at(data, 10).unwrap_or(0),
        ),
        _ => return 0,
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = end_r.wrapping_sub(rf).wrapping_add(1) as u64;
    let cols = end_c.wrapping_sub(cf).wrapping_add(1) as u64;
    rows * cols
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    #[test]
    fn a_real_workbook_is_small_and_a_claimed_far_cell_is_not() {
        let real = dense_cells(&fixture(
            "tests/fixtures/inputs/xls/2026年部门预算公开表.xls",
        ));
        assert!(
            real.is_some_and(|n| (1_000..100_000).contains(&n)),
            "{real:?}"
        );
        // The fuzzer's .xls (after its one extension byte): a cell at row 62 988, column 1 281.
        let bomb = fixture("tests/fixtures/crashes/check-xls-oom-dense-range");
        let mut bomb = bomb[1..].to_vec();
        bomb.resize(bomb.len().next_multiple_of(512), 0);
        assert!(
            dense_cells(&bomb).is_some_and(|n| n > 62_988 * 1_281),
            "{:?}",
            dense_cells(&bomb)
        );
    }

    #[test]
    fn dimensions_as_calamine_reads_them() {
        let le = |v: &[u32]| {
            v.iter()
                .flat_map(|x| (*x as u16).to_le_bytes())
                .collect::<Vec<u8>>()
        };
        // BIFF5 rows 0..10, columns 0..4 (last ones exclusive).
        assert_eq!(dimensions(&[le(&[0, 10, 0, 4]), vec![0, 0]].concat()), 40);
        // An empty sheet: one cell.
        assert_eq!(dimensions(&[le(&[0, 0, 0, 0]), vec![0, 0]].concat()), 1);
        // BIFF8: 32-bit rows; a first column past 255 counts from column 0.
        let mut b8 = Vec::new();
        b8.extend(0u32.to_le_bytes());
        b8.extend(1_000_000u32.to_le_bytes());
        b8.extend(le(&[300, 301]));
        b8.extend([0, 0]);
        assert_eq!(dimensions(&b8), 1_000_000 * 301);
    }
}
