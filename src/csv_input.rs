//! Text → sheet with the `csv` crate. Sniffs the delimiter (comma, tab, semicolon), accepts ragged
//! records, and numbers rows as a spreadsheet would: blank lines count as rows, and a quoted field
//! holding line breaks stays one row.

use crate::sheet::Sheet;

pub fn read_csv(file: &str, encoding: Option<&'static str>, text: &str) -> Sheet {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut cells: Vec<u8> = Vec::with_capacity(bytes.len());
    // One end per cell: delimiters plus line breaks bound the count (a cheap pass that saves
    // the doubling of a large vector).
    let separators = bytes
        .iter()
        .filter(|&&b| b == delimiter || b == b'\n')
        .count();
    let mut ends: Vec<u32> = Vec::with_capacity(separators + 1);
    let mut rows: Vec<(u32, u32)> = Vec::new();
    // Byte records: the text is valid UTF-8 and fields split only at ASCII delimiters and quotes,
    // so every field is valid UTF-8 too (no second validation, no per-cell allocation).
    let mut record = csv::ByteRecord::new();
    let mut row_number: u32 = 0;
    // Where the previous record's content ended; the run of line breaks after it tells how many
    // blank rows the csv crate skipped before the next record.
    let mut content_end: usize = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // Nothing else can fail on in-memory bytes; should it, the sheet keeps the rows read.
            Err(_) => break,
        }
        let breaks = line_breaks_at(bytes, content_end);
        row_number += if rows.is_empty() {
            1 + breaks
        } else {
            breaks.max(1)
        };
        let after = (reader.position().byte() as usize).min(bytes.len());
        content_end = after;
        while content_end > 0 && matches!(bytes[content_end - 1], b'\r' | b'\n') {
            content_end -= 1;
        }
        // Offsets are 32-bit: a text beyond 4 GiB ends the sheet (inputs are far smaller).
        if u32::try_from(cells.len() + record.as_slice().len()).is_err() {
            break;
        }
        rows.push((row_number, ends.len() as u32));
        let base = cells.len() as u32;
        cells.extend_from_slice(record.as_slice());
        ends.extend((0..record.len()).map(|i| base + record.range(i).map_or(0, |r| r.end) as u32));
    }
    cells.shrink_to_fit();
    Sheet::from_flat(file, encoding, cells, ends, rows)
}

/// Line breaks in the run of CR/LF bytes starting at `from` (CRLF counts once).
fn line_breaks_at(bytes: &[u8], from: usize) -> u32 {
    let mut count = 0;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' => {
                count += 1;
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => count += 1,
            _ => break,
        }
        i += 1;
    }
    count
}

/// The delimiter that splits the first lines most consistently: the one whose most common
/// per-line count (outside quotes) occurs on the most lines. Counting lines rather than
/// characters keeps "1,234.50" in a semicolon file from looking like commas. Ties go to comma,
/// then tab.
fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b'\t', b';'];
    let mut counts: Vec<[usize; 3]> = vec![[0; 3]];
    let mut in_quotes = false;
    for b in text.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => {
                if counts.len() >= 20 {
                    break;
                }
                counts.push([0; 3]);
            }
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts.last_mut().unwrap()[i] += 1;
                }
            }
            _ => {}
        }
    }
    let score = |i: usize| {
        let mut per_count = std::collections::HashMap::new();
        for line in counts.iter().filter(|l| l[i] > 0) {
            *per_count.entry(line[i]).or_insert(0usize) += 1;
        }
        per_count.into_values().max().unwrap_or(0)
    };
    let best = (0..3).fold(0, |best, i| if score(i) > score(best) { i } else { best });
    CANDIDATES[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(sheet: &Sheet) -> Vec<u32> {
        sheet.rows().map(|r| r.number).collect()
    }

    #[test]
    fn rows_count_blank_lines_and_keep_multiline_fields_whole() {
        let text = "标题,,\r\n\r\n项目,\"多\r\n行\",3\r\n合计,\"1,234.50\",x\r\n";
        let sheet = read_csv("a.csv", None, text);
        assert_eq!(numbers(&sheet), vec![1, 3, 4]);
        assert_eq!(sheet.row_by_position(1).unwrap().cell(2), "多\r\n行");
        assert_eq!(sheet.row_by_position(2).unwrap().cell(2), "1,234.50");
    }

    #[test]
    fn leading_blank_lines_and_lf_only() {
        let sheet = read_csv("a.csv", None, "\n\na,b\n\n\n1,2\n");
        assert_eq!(numbers(&sheet), vec![3, 6]);
    }

    #[test]
    fn sniffs_tab_and_semicolon_and_cr_line_ends() {
        let tab = read_csv("a.tsv", None, "a\tb\tc\r1\t2\t3\r");
        assert_eq!(
            tab.row_by_position(1).unwrap().cells().collect::<Vec<_>>(),
            vec!["1", "2", "3"]
        );
        assert_eq!(numbers(&tab), vec![1, 2]);
        let semi = read_csv("a.csv", None, "a;b;c\n1,5;2;3\n");
        assert_eq!(
            semi.row_by_position(1).unwrap().cells().collect::<Vec<_>>(),
            vec!["1,5", "2", "3"]
        );
        // Thousands separators outnumber the semicolons on a line but not on the lines.
        let grouped = "标题\n项目;合计;基本\n甲;1,234,567.00;1,234.00\n乙;1,000.00;0\n";
        let sheet = read_csv("a.csv", None, grouped);
        assert_eq!(
            sheet
                .row_by_position(2)
                .unwrap()
                .cells()
                .collect::<Vec<_>>(),
            vec!["甲", "1,234,567.00", "1,234.00"]
        );
    }

    #[test]
    fn ragged_records_are_kept() {
        let sheet = read_csv("a.csv", None, "a,b,c\n1\n1,2,3,4\n");
        assert_eq!(sheet.row_by_position(1).unwrap().len(), 1);
        assert_eq!(sheet.row_by_position(2).unwrap().len(), 4);
    }
}
