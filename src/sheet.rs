//! A sheet: the grid of cell texts read from one CSV file or one workbook sheet. Every row keeps
//! the 1-based row number a spreadsheet program would show for it, so findings point at the cell
//! the user sees.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// File name as given (base name).
    pub file: String,
    /// Sheet name for workbooks; None for CSV and text.
    pub sheet: Option<String>,
    pub encoding: Option<&'static str>,
    pub rows: Vec<SheetRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SheetRow {
    /// 1-based row number as a spreadsheet shows it.
    pub number: u32,
    /// Cell texts; cell i is at 1-based column i + 1.
    pub cells: Vec<String>,
}

impl SheetRow {
    pub fn cell(&self, column: u32) -> &str {
        column
            .checked_sub(1)
            .and_then(|i| self.cells.get(i as usize))
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// Non-empty cells with their 1-based column.
    pub fn filled(&self) -> impl Iterator<Item = (u32, &str)> {
        self.cells
            .iter()
            .enumerate()
            .map(|(i, c)| (i as u32 + 1, c.trim()))
            .filter(|(_, c)| !c.is_empty())
    }
}

impl Sheet {
    /// The row with the given 1-based number, if present.
    pub fn row(&self, number: u32) -> Option<&SheetRow> {
        self.rows
            .binary_search_by_key(&number, |r| r.number)
            .ok()
            .map(|i| &self.rows[i])
    }

    pub fn width(&self) -> u32 {
        self.rows
            .iter()
            .map(|r| r.cells.len() as u32)
            .max()
            .unwrap_or(0)
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
}
