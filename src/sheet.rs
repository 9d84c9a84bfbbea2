//! A sheet: the grid of cell texts read from one CSV file or one workbook sheet. Every row keeps
//! the 1-based row number a spreadsheet program would show for it, so findings point at the cell
//! the user sees.
//!
//! Storage is flat — every cell's text in one string, one end offset per cell, one entry per row —
//! because a department can hold millions of cells and a `String` per cell cost more memory and
//! time than the whole check.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sheet {
    /// File name as given (base name); shared with the findings' locations.
    pub file: Arc<str>,
    /// Sheet name for workbooks; None for CSV and text.
    pub sheet: Option<Arc<str>>,
    pub encoding: Option<&'static str>,
    /// Every cell's text, concatenated in row order.
    text: String,
    /// End offset in `text` of each cell; a cell starts where the previous one ends.
    ends: Vec<u32>,
    rows: Vec<RowEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowEntry {
    number: u32,
    /// Index in `ends` of the row's first cell.
    first: u32,
}

/// One row as owned texts: how workbooks cross the wasm boundary and how tests build sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    /// 1-based row number as a spreadsheet shows it.
    pub number: u32,
    /// Cell texts; cell i is at 1-based column i + 1.
    pub cells: Vec<String>,
}

/// A row of a sheet, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// 1-based row number as a spreadsheet shows it.
    pub number: u32,
    sheet: &'a Sheet,
    /// Range of the row's cells in `sheet.ends`.
    first: usize,
    last: usize,
}

impl<'a> Row<'a> {
    /// The text at a 1-based column ("" beyond the row's end).
    pub fn cell(&self, column: u32) -> &'a str {
        match column.checked_sub(1) {
            Some(i) if (i as usize) < self.len() => self.sheet.cell_text(self.first + i as usize),
            _ => "",
        }
    }

    /// Number of cells (the position of the last one given, empty ones included).
    pub fn len(&self) -> usize {
        self.last - self.first
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cell texts from column 1.
    pub fn cells(&self) -> impl ExactSizeIterator<Item = &'a str> + use<'a> {
        let sheet = self.sheet;
        (self.first..self.last).map(move |k| sheet.cell_text(k))
    }

    pub fn is_blank(&self) -> bool {
        if crate::FOR_SPEED {
            // The same, trimmed once.
            return self.text().trim().is_empty();
        }
        self.cells().all(|c| crate::text::trim(c).is_empty())
    }

    /// The row's cells run together: a sheet holds a row's cells back to back (a cell starts
    /// where the previous one ends).
    pub fn text(&self) -> &'a str {
        match self.last.checked_sub(1) {
            Some(last) if self.first <= last => {
                let start = self.first.checked_sub(1).map_or(0, |k| self.sheet.ends[k]);
                &self.sheet.text[start as usize..self.sheet.ends[last] as usize]
            }
            _ => "",
        }
    }

    /// Where in `text()` the cell holding its byte `offset` ends (0 beyond the text).
    pub fn cell_end(&self, offset: usize) -> usize {
        let start = self.first.checked_sub(1).map_or(0, |k| self.sheet.ends[k]) as usize;
        let ends = &self.sheet.ends[self.first..self.last];
        let k = ends.partition_point(|&e| e as usize <= start + offset);
        ends.get(k).map_or(0, |&e| e as usize - start)
    }

    /// Non-empty cells with their 1-based column.
    pub fn filled(&self) -> impl Iterator<Item = (u32, &'a str)> + use<'a> {
        self.cells()
            .enumerate()
            .map(|(i, c)| (i as u32 + 1, crate::text::trim(c)))
            .filter(|(_, c)| !c.is_empty())
    }
}

impl Sheet {
    pub fn new(file: &str, sheet: Option<String>, encoding: Option<&'static str>) -> Sheet {
        Sheet {
            file: file.into(),
            sheet: sheet.map(Into::into),
            encoding,
            ..Sheet::default()
        }
    }

    /// A sheet of owned rows (workbooks, tests).
    pub fn from_rows(
        file: &str,
        sheet: Option<String>,
        encoding: Option<&'static str>,
        rows: impl IntoIterator<Item = SheetRow>,
    ) -> Sheet {
        let mut out = Sheet::new(file, sheet, encoding);
        for row in rows {
            out.push_row(row.number, row.cells.iter().map(String::as_str));
        }
        out
    }

    /// Append a row. Row numbers must increase; the text store is limited to 4 GiB (offsets are
    /// 32-bit), beyond which cells are stored empty rather than wrapping around.
    pub fn push_row<'c>(&mut self, number: u32, cells: impl IntoIterator<Item = &'c str>) {
        self.rows.push(RowEntry {
            number,
            first: self.ends.len() as u32,
        });
        for cell in cells {
            self.push_cell(cell);
        }
    }

    /// Append a cell to the last row (see [`Sheet::push_row`]).
    pub fn push_cell(&mut self, cell: &str) {
        if u32::try_from(self.text.len() + cell.len()).is_ok() {
            self.text.push_str(cell);
        }
        self.ends.push(self.text.len() as u32);
    }

    /// A sheet from flat parts built by a reader: `text` holds every cell, `ends` each cell's end
    /// offset, `rows` each row's (number, index in `ends` of its first cell). Offsets that do not
    /// fit the text (a reader bug) are clamped cell by cell, never panicking.
    pub fn from_flat(
        file: &str,
        encoding: Option<&'static str>,
        text: String,
        ends: Vec<u32>,
        rows: Vec<(u32, u32)>,
    ) -> Sheet {
        // One pass over the ends (a large sheet has millions).
        let mut previous = 0;
        let consistent = ends.iter().all(|&e| {
            let rises = previous <= e;
            previous = e;
            rises && text.is_char_boundary(e as usize)
        }) && ends.last().is_none_or(|&e| e as usize == text.len())
            && rows.iter().all(|&(_, first)| first as usize <= ends.len());
        let rows: Vec<RowEntry> = rows
            .into_iter()
            .map(|(number, first)| RowEntry { number, first })
            .collect();
        if consistent {
            return Sheet {
                file: file.into(),
                sheet: None,
                encoding,
                text,
                ends,
                rows,
            };
        }
        let bytes = text.into_bytes();
        let mut sheet = Sheet::new(file, None, encoding);
        let mut start = 0usize;
        for (i, r) in rows.iter().enumerate() {
            let last = rows.get(i + 1).map_or(ends.len(), |n| n.first as usize);
            sheet.start_row(r.number);
            for &end in ends.get(r.first as usize..last).unwrap_or(&[]) {
                let end = (end as usize).clamp(start, bytes.len());
                sheet.push_cell(&String::from_utf8_lossy(&bytes[start.min(end)..end]));
                start = end;
            }
        }
        sheet
    }

    /// Every cell's text, each cell's end offset in it and each row's (number, index in the ends
    /// of its first cell): how the page's wasm hands a grid to JS as it is.
    #[cfg(all(target_arch = "wasm32", feature = "wasm-check"))]
    pub fn flat(&self) -> (&str, &[u32], impl Iterator<Item = (u32, u32)> + '_) {
        let rows = self.rows.iter().map(|r| (r.number, r.first));
        (&self.text, &self.ends, rows)
    }

    /// Start a row whose cells follow with [`Sheet::push_cell`].
    pub fn start_row(&mut self, number: u32) {
        self.push_row(number, []);
    }

    #[inline]
    fn cell_text(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        let end = self.ends[k] as usize;
        // Every sheet's ends rise, stay within its text and fall on character boundaries
        // (`push_cell` keeps them so, `from_flat` checks them): the range needs no checks.
        debug_assert!(start <= end && self.text.is_char_boundary(start));
        debug_assert!(self.text.is_char_boundary(end));
        // SAFETY: as just said, `start..end` is a range of whole characters of `text`.
        unsafe { self.text.get_unchecked(start..end) }
    }

    fn row_at(&self, i: usize) -> Row<'_> {
        let first = self.rows[i].first as usize;
        let last = self
            .rows
            .get(i + 1)
            .map_or(self.ends.len(), |r| r.first as usize);
        Row {
            number: self.rows[i].number,
            sheet: self,
            first,
            last,
        }
    }

    /// Rows in order.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = Row<'_>> + ExactSizeIterator {
        (0..self.rows.len()).map(|i| self.row_at(i))
    }

    /// The row at a 0-based position (as [`Sheet::rows`] yields them).
    pub fn row_by_position(&self, position: usize) -> Option<Row<'_>> {
        (position < self.rows.len()).then(|| self.row_at(position))
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// Number of the last row (0 when the sheet is empty).
    pub fn last_row_number(&self) -> u32 {
        self.rows.last().map_or(0, |r| r.number)
    }

    /// The row with the given 1-based number, if present.
    pub fn row(&self, number: u32) -> Option<Row<'_>> {
        self.rows
            .binary_search_by_key(&number, |r| r.number)
            .ok()
            .map(|i| self.row_at(i))
    }

    pub fn width(&self) -> u32 {
        self.rows().map(|r| r.len() as u32).max().unwrap_or(0)
    }
}

/// Spreadsheet column letters: 1 → "A", 27 → "AA".
pub fn column_letters(mut column: u32) -> String {
    let mut out = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        out.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(4), "D");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn a_rows_text_is_its_cells_run_together() {
        let sheet = Sheet::from_flat(
            "a",
            None,
            "ab一c \u{3000}".to_string(),
            vec![2, 5, 6, 7, 10],
            vec![(1, 0), (2, 2), (3, 2), (4, 3)],
        );
        for row in sheet.rows() {
            assert_eq!(row.text(), row.cells().collect::<String>());
            assert_eq!(
                row.is_blank(),
                row.cells().all(|c| crate::text::trim(c).is_empty())
            );
        }
        let texts: Vec<_> = sheet.rows().map(|r| r.text()).collect();
        assert_eq!(texts, vec!["ab一", "", "c", " \u{3000}"]);
        let blank: Vec<_> = sheet.rows().map(|r| r.is_blank()).collect();
        assert_eq!(blank, vec![false, true, false, true]);
    }

    #[test]
    fn from_flat_keeps_cells_and_survives_bad_parts() {
        let sheet = Sheet::from_flat(
            "a",
            None,
            "ab一c".to_string(),
            vec![2, 5, 6],
            vec![(1, 0), (3, 2)],
        );
        assert_eq!(
            sheet.row(1).unwrap().cells().collect::<Vec<_>>(),
            vec!["ab", "一"]
        );
        assert_eq!(sheet.row(3).unwrap().cell(1), "c");
        // An end inside a character: the cells are cut there and the halves replaced.
        let split = Sheet::from_flat("a", None, "a一b".to_string(), vec![2, 5], vec![(1, 0)]);
        assert_eq!(
            split.row(1).unwrap().cells().collect::<Vec<_>>(),
            vec!["a\u{FFFD}", "\u{FFFD}\u{FFFD}b"]
        );
        let inconsistent = Sheet::from_flat(
            "a",
            None,
            "ab".to_string(),
            vec![5, 1],
            vec![(1, 0), (2, 9)],
        );
        assert_eq!(inconsistent.row_count(), 2);
    }

    #[test]
    fn flat_storage_reads_back_rows_and_cells() {
        let rows = vec![
            SheetRow {
                number: 1,
                cells: vec!["标题".into()],
            },
            SheetRow {
                number: 3,
                cells: vec![],
            },
            SheetRow {
                number: 4,
                cells: vec!["a".into(), "".into(), " 多\n行 ".into()],
            },
        ];
        let sheet = Sheet::from_rows("a.csv", None, None, rows.clone());
        let back: Vec<(u32, Vec<&str>)> = sheet
            .rows()
            .map(|r| (r.number, r.cells().collect()))
            .collect();
        let given: Vec<(u32, Vec<&str>)> = rows
            .iter()
            .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(back, given);
        assert_eq!(sheet.row_count(), 3);
        assert_eq!(sheet.last_row_number(), 4);
        assert_eq!(sheet.width(), 3);
        let r = sheet.row(4).unwrap();
        assert_eq!(
            (r.cell(1), r.cell(2), r.cell(3), r.cell(4), r.cell(0)),
            ("a", "", " 多\n行 ", "", "")
        );
        assert_eq!(
            r.filled().collect::<Vec<_>>(),
            vec![(1, "a"), (3, "多\n行")]
        );
        assert!(sheet.row(3).unwrap().is_blank());
        assert!(sheet.row(2).is_none());
        assert_eq!(sheet.row_by_position(2).unwrap().number, 4);
        assert_eq!(sheet.rows().next_back().unwrap().number, 4);
    }
}
