//! Text → sheet with `csv-core` (the parser under the `csv` crate). Sniffs the delimiter (comma,
//! tab, semicolon), accepts ragged records, and numbers rows as a spreadsheet would: blank lines
//! count as rows, and a quoted field holding line breaks stays one row.
//!
//! csv-core is driven directly so fields are unescaped into a megabyte buffer appended to the
//! sheet's flat text (no record objects, no second copy of a file) and one parser per delimiter is built once per thread and reset between
//! files (building its DFA cost more than parsing a small file). Reset, not cloned: csv-core
//! 0.1.13's `Clone` for its DFA copies only the transition table, and a cloned parser loops.

use crate::bytes16;
use crate::sheet::Sheet;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};
use std::cell::RefCell;

pub fn read_csv(file: &str, encoding: Option<&'static str>, text: &str) -> Sheet {
    let delimiter = sniff_delimiter(text);
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(sheet) = halves::read(file, encoding, text, delimiter) {
        return sheet;
    }
    // Most exports quote nothing: split at delimiters and line breaks, without the parser.
    if crate::FOR_SPEED
        && !bytes16::contains_byte(text.as_bytes(), b'"')
        && let Some(sheet) = read_plain(file, encoding, text, delimiter)
    {
        return sheet;
    }
    let slot = CANDIDATES.iter().position(|&c| c == delimiter).unwrap_or(0);
    let mut reader = PARSERS
        .with(|p| p.borrow_mut()[slot].take())
        .unwrap_or_else(|| ReaderBuilder::new().delimiter(delimiter).build());
    reader.reset();
    let sheet = read_with(&mut reader, file, encoding, text, delimiter);
    PARSERS.with(|p| p.borrow_mut()[slot] = Some(reader));
    sheet
}

thread_local! {
    /// One parser per delimiter of `CANDIDATES`, kept between files.
    static PARSERS: RefCell<[Option<Reader>; 3]> = const { RefCell::new([None, None, None]) };
}

fn read_with(
    reader: &mut Reader,
    file: &str,
    encoding: Option<&'static str>,
    text: &str,
    delimiter: u8,
) -> Sheet {
    let bytes = text.as_bytes();
    // The sheet's text, reserved at the input's size (unescaped fields never take more bytes).
    // Records are unescaped into a buffer of about a megabyte, appended whenever it fills, so a
    // large file's cells are never held twice (a buffer of the whole, then the text made of it).
    let mut out = String::with_capacity(bytes.len());
    // No larger than the input needs: zeroing a megabyte per small file was half a sample check.
    let mut chunk = vec![0u8; bytes.len().min(CHUNK) + (1 << 12)];
    let mut chunk_len = 0usize;
    // Index in `ends` of the chunk's first cell.
    let mut chunk_first = 0usize;
    // One end per cell: delimiters plus line breaks bound the count (a cheap pass that saves
    // the doubling of a large vector).
    let mut ends: Vec<u32> = Vec::with_capacity(cell_bound(bytes, delimiter));
    let mut record_ends = vec![0usize; 64];
    let mut rows: Rows = Vec::new();
    let mut read = 0usize;
    let mut row_number: u32 = 0;
    // Where the previous record's content ended; the run of line breaks after it tells how many
    // blank rows the parser skipped before the next record.
    let mut content_end: usize = 0;
    loop {
        let mut written = 0usize;
        let mut fields = 0usize;
        let ended = loop {
            let out = &mut chunk[chunk_len..];
            match read_record(
                reader,
                bytes,
                &mut read,
                out,
                &mut written,
                &mut record_ends,
                &mut fields,
            ) {
                Step::OutputFull => chunk.resize(chunk.len() * 2, 0),
                step => break step == Step::End,
            }
        };
        if ended {
            break;
        }
        advance_row(
            bytes,
            read,
            rows.is_empty(),
            &mut row_number,
            &mut content_end,
        );
        // Offsets are 32-bit: a text beyond 4 GiB ends the sheet (inputs are far smaller).
        let start = out.len() + chunk_len;
        if u32::try_from(start + written).is_err() {
            break;
        }
        rows.push((row_number, ends.len() as u32));
        ends.extend(
            record_ends[..fields]
                .iter()
                .map(|&end| (start + end) as u32),
        );
        chunk_len += written;
        if chunk_len >= CHUNK {
            append(&mut out, &mut ends[chunk_first..], &chunk[..chunk_len]);
            (chunk_len, chunk_first) = (0, ends.len());
        }
    }
    append(&mut out, &mut ends[chunk_first..], &chunk[..chunk_len]);
    out.shrink_to_fit();
    Sheet::from_flat(file, encoding, out, ends, rows)
}

/// Natively, a large file is parsed as two halves in parallel (the largest table's parse was a
/// large check's critical path on two cores), unescaped straight into one buffer of the text's
/// size: the halves' cells are then moved together, never held twice.
#[cfg(not(target_arch = "wasm32"))]
mod halves {
    use super::{
        ReaderBuilder, Sheet, Step, advance_row, bytes16, cell_bound, line_breaks_at, read_record,
        split_plain,
    };

    /// Smaller files are parsed whole (the split would not pay for its second parser).
    const FROM: usize = 4 << 20;

    /// The sheet of `text` read as two halves, or None when it is small, or cannot be split where
    /// a record surely ends (see [`split_point`]), or a half does not fit what was reserved.
    pub fn read(
        file: &str,
        encoding: Option<&'static str>,
        text: &str,
        delimiter: u8,
    ) -> Option<Sheet> {
        read_from(file, encoding, text, delimiter, FROM)
    }

    /// [`read`] for texts of at least `from` bytes.
    pub(super) fn read_from(
        file: &str,
        encoding: Option<&'static str>,
        text: &str,
        delimiter: u8,
        from: usize,
    ) -> Option<Sheet> {
        // An ASCII delimiter splits only between characters (the UTF-8 argument below).
        if !delimiter.is_ascii() {
            return None;
        }
        let bytes = text.as_bytes();
        let at = split_point(bytes, from)?;
        // Cells of each half (LF line ends: the split is at one).
        let head_cells = cell_bound(&bytes[..at], delimiter);
        let mut out = vec![0u8; bytes.len()];
        let mut ends = vec![0u32; head_cells + cell_bound(&bytes[at..], delimiter)];
        let (head_out, tail_out) = out.split_at_mut(at);
        let (head_ends, tail_ends) = ends.split_at_mut(head_cells);
        let (head, tail) = crate::par::join(
            || parse(&bytes[..at], delimiter, head_out, head_ends),
            || parse(&bytes[at..], delimiter, tail_out, tail_ends),
        );
        let (head, tail) = (head?, tail?);
        // The tail's cells, ends and rows follow the head's.
        out.copy_within(at..at + tail.written, head.written);
        out.truncate(head.written + tail.written);
        out.shrink_to_fit();
        ends.copy_within(head_cells..head_cells + tail.cells, head.cells);
        ends.truncate(head.cells + tail.cells);
        let shift = head.written as u32;
        ends[head.cells..].iter_mut().for_each(|e| *e += shift);
        let mut rows = head.rows;
        rows.reserve_exact(tail.rows.len());
        rows.extend(
            tail.rows
                .iter()
                .map(|&(number, first)| (number + head.lines, first + head.cells as u32)),
        );
        rows.shrink_to_fit();
        // SAFETY: `out` is UTF-8 without a second check (~20 M instructions a 25 MB synth). The
        // halves of `text` (UTF-8) meet after a line break, so are UTF-8. Each half's output,
        // `[..written]`, is its cells back to back: `parse_plain` copies `bytes[from..to]` with
        // `from` and `to` the half's ends or next to an ASCII delimiter or line break (whole
        // characters; what `copy_over` writes past a cell the next one overwrites), csv-core
        // its bytes less ASCII ones only (delimiters, line breaks, quotes): dropping ASCII bytes
        // from UTF-8 leaves UTF-8. The tail's output is moved to follow the head's, and `out` cut
        // where it ends.
        let text = unsafe { String::from_utf8_unchecked(out) };
        Some(Sheet::from_flat(file, encoding, text, ends, rows))
    }

    /// Just after the first line break past the middle of a large text, when no quote comes
    /// before it: every line break there ends a record, so the halves parse as the whole would,
    /// and the head's lines are its rows.
    fn split_point(bytes: &[u8], from: usize) -> Option<usize> {
        if bytes.len() < from || u32::try_from(bytes.len()).is_err() {
            return None;
        }
        let middle = bytes.len() / 2;
        let at = middle + bytes[middle..].iter().position(|&b| b == b'\n')? + 1;
        (at < bytes.len() && !bytes16::contains_byte(&bytes[..at], b'"')).then_some(at)
    }

    /// A half as parsed: bytes of cells and cell ends written, rows (number within the half,
    /// index of the first cell), and the lines it spans (blank ones included).
    pub(super) struct Half {
        pub(super) written: usize,
        pub(super) cells: usize,
        pub(super) rows: Vec<(u32, u32)>,
        pub(super) lines: u32,
    }

    /// Parse `bytes` (whole records) into `out` and `ends`, numbering rows as `read_with` does.
    fn parse(bytes: &[u8], delimiter: u8, out: &mut [u8], ends: &mut [u32]) -> Option<Half> {
        if !bytes16::contains_byte(bytes, b'"') {
            return parse_plain(bytes, delimiter, out, ends);
        }
        let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
        let mut record_ends = vec![0usize; 64];
        let mut rows: Vec<(u32, u32)> = Vec::new();
        let (mut read, mut written, mut cells) = (0usize, 0usize, 0usize);
        let mut row_number: u32 = 0;
        let mut content_end: usize = 0;
        loop {
            let start = written;
            let mut fields = 0usize;
            let ended = match read_record(
                &mut reader,
                bytes,
                &mut read,
                out,
                &mut written,
                &mut record_ends,
                &mut fields,
            ) {
                // Unescaped cells never outgrow their text: not expected, read whole then.
                Step::OutputFull => return None,
                step => step == Step::End,
            };
            if ended {
                break;
            }
            advance_row(
                bytes,
                read,
                rows.is_empty(),
                &mut row_number,
                &mut content_end,
            );
            rows.push((row_number, cells as u32));
            let slots = ends.get_mut(cells..cells + fields)?;
            for (slot, &end) in slots.iter_mut().zip(&record_ends[..fields]) {
                *slot = (start + end) as u32;
            }
            cells += fields;
        }
        let lines = if rows.is_empty() {
            line_breaks_at(bytes, 0)
        } else {
            row_number + line_breaks_at(bytes, content_end) - 1
        };
        Some(Half {
            written,
            cells,
            rows,
            lines,
        })
    }

    /// [`parse`] of a text without quotes ([`split_plain`]), into `out` and `ends`.
    pub(super) fn parse_plain(
        bytes: &[u8],
        delimiter: u8,
        out: &mut [u8],
        ends: &mut [u32],
    ) -> Option<Half> {
        let mut written = 0usize;
        let (rows, cells, lines) = split_plain(bytes, delimiter, |from, to, cell| {
            bytes16::copy_over(out, written, bytes, from, to)?;
            written += to - from;
            *ends.get_mut(cell)? = written as u32;
            Some(())
        })?;
        Some(Half {
            written,
            cells,
            rows,
            lines,
        })
    }
}

/// The cells of a text without quotes, where csv-core's reading is simple: each line is a
/// record (CR, LF or CRLF end it; blank lines are skipped), its cells split at the delimiter,
/// taken as they are. `cell(from, to, index)` takes each cell's byte range, in order. Only the
/// delimiters and line breaks are visited, found sixteen bytes at a time (`bytes16`; tested
/// against csv-core). Returns the rows (number, index of the first cell), the count of cells and
/// the lines the text spans (blank ones included).
fn split_plain(
    bytes: &[u8],
    delimiter: u8,
    mut cell: impl FnMut(usize, usize, usize) -> Option<()>,
) -> Option<(Rows, usize, u32)> {
    let mut rows: Vec<(u32, u32)> = Vec::new();
    let mut cells = 0usize;
    // The 1-based line being read: every line break counts (CRLF once); lines are rows.
    let mut line: u32 = 1;
    // Inside a record (a delimiter seen on this line), and where the current cell starts.
    let (mut in_record, mut start) = (false, 0usize);
    for (at, mut special) in bytes16::masks(bytes, delimiter, b'\n', b'\r') {
        while special != 0 {
            let i = at + special.trailing_zeros() as usize;
            special &= special - 1;
            let b = bytes[i];
            if b == delimiter {
                if !in_record {
                    rows.push((line, cells as u32));
                    in_record = true;
                }
                cell(start, i, cells)?;
                cells += 1;
            } else {
                if in_record || start < i {
                    if !in_record {
                        rows.push((line, cells as u32));
                    }
                    cell(start, i, cells)?;
                    cells += 1;
                    in_record = false;
                }
                if !(b == b'\n' && i > 0 && bytes[i - 1] == b'\r') {
                    line += 1;
                }
            }
            start = i + 1;
        }
    }
    // A last record without a line break.
    if in_record || start < bytes.len() {
        if !in_record {
            rows.push((line, cells as u32));
        }
        cell(start, bytes.len(), cells)?;
        cells += 1;
    }
    Some((rows, cells, line - 1))
}

/// The sheet of a text without quotes ([`split_plain`]), or None when its offsets would not fit
/// 32 bits. Cells are copied back to back a block at a time (`bytes16::copy_over`; they never
/// outgrow the text).
fn read_plain(
    file: &str,
    encoding: Option<&'static str>,
    text: &str,
    delimiter: u8,
) -> Option<Sheet> {
    u32::try_from(text.len()).ok()?;
    let bytes = text.as_bytes();
    let mut out = vec![0u8; bytes.len()];
    let mut written = 0usize;
    let mut ends = Vec::with_capacity(cell_bound(bytes, delimiter));
    let (mut rows, _, _) = split_plain(bytes, delimiter, |from, to, _| {
        // Next to ASCII bytes or the text's ends: whole characters (a cheap check per cell
        // instead of validating the whole text again).
        (text.is_char_boundary(from) && text.is_char_boundary(to)).then_some(())?;
        bytes16::copy_over(&mut out, written, bytes, from, to)?;
        written += to - from;
        ends.push(written as u32);
        Some(())
    })?;
    out.truncate(written);
    out.shrink_to_fit();
    rows.shrink_to_fit();
    // SAFETY: `out` is the cells `text[from..to]` back to back (`copy_over` writes each where the
    // previous one ends; what it writes past a cell the next one overwrites or the truncation
    // cuts), each whole characters of `text` (checked above): UTF-8.
    let out = unsafe { String::from_utf8_unchecked(out) };
    Some(Sheet::from_flat(file, encoding, out, ends, rows))
}

/// The cells of a text with LF line ends: at most its delimiters plus line breaks, plus one for
/// a last record without a line break (a count of a text with CR line ends is too small).
fn cell_bound(bytes: &[u8], delimiter: u8) -> usize {
    if crate::FOR_SPEED {
        let masks = bytes16::masks(bytes, delimiter, b'\n', b'\n');
        return masks
            .map(|(_, mask)| mask.count_ones() as usize)
            .sum::<usize>()
            + 1;
    }
    bytes
        .chunks(1 << 16)
        .map(|chunk| {
            // Counted in u32 lanes, which the compiler vectorizes (the filter-count did not).
            let n: u32 = chunk
                .iter()
                .map(|&b| u32::from(b == delimiter) + u32::from(b == b'\n'))
                .sum();
            n as usize
        })
        .sum::<usize>()
        + 1
}

/// About how many bytes of unescaped cells are validated and appended at once (a few large
/// calls: validating record by record cost more).
const CHUNK: usize = 1 << 20;

/// Append unescaped cells to the sheet's text; `ends` are theirs, counted as if appended as
/// they are. They are UTF-8 (the input is, and the parser only drops ASCII quotes); checked
/// anyway: a cell that is not is replaced and the ends moved, never lost.
fn append(out: &mut String, ends: &mut [u32], cells: &[u8]) {
    if let Some(text) = crate::decode::utf8(cells) {
        out.push_str(text);
        return;
    }
    let base = out.len();
    let mut from = 0;
    for end in ends.iter_mut() {
        let to = (*end as usize)
            .saturating_sub(base)
            .clamp(from, cells.len());
        out.push_str(&String::from_utf8_lossy(&cells[from..to]));
        *end = out.len() as u32;
        from = to;
    }
}

const CANDIDATES: [u8; 3] = [b',', b'\t', b';'];

/// Rows as `Sheet::from_flat` takes them: (row number, index of the row's first cell).
type Rows = Vec<(u32, u32)>;

/// Where reading one record stopped.
#[derive(PartialEq)]
enum Step {
    Record,
    End,
    /// `out` is full: the caller grows it and reads on, or gives up.
    OutputFull,
}

/// Read the next record of `bytes` (from `*read`) into `out` (from `*written`) and its field
/// ends into `record_ends` (from `*fields`, grown as needed).
fn read_record(
    reader: &mut Reader,
    bytes: &[u8],
    read: &mut usize,
    out: &mut [u8],
    written: &mut usize,
    record_ends: &mut Vec<usize>,
    fields: &mut usize,
) -> Step {
    loop {
        let (result, nin, nout, nend) = reader.read_record(
            &bytes[*read..],
            &mut out[*written..],
            &mut record_ends[*fields..],
        );
        *read += nin;
        *written += nout;
        *fields += nend;
        match result {
            // An empty input tells the parser the text has ended.
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputEndsFull => record_ends.resize(record_ends.len() * 2, 0),
            ReadRecordResult::OutputFull => return Step::OutputFull,
            ReadRecordResult::Record => return Step::Record,
            ReadRecordResult::End => return Step::End,
        }
    }
}

/// After a record read up to `read`: advance `row` to the spreadsheet row it started on (the line
/// breaks since the previous record's content; the first record also counts the lines above it)
/// and move `content_end` to where its own content ends.
fn advance_row(bytes: &[u8], read: usize, first: bool, row: &mut u32, content_end: &mut usize) {
    let breaks = line_breaks_at(bytes, *content_end);
    *row += if first { 1 + breaks } else { breaks.max(1) };
    let mut end = read.min(bytes.len());
    while end > 0 && matches!(bytes[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    *content_end = end;
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
        let mut per_count = crate::hash::HashMap::default();
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
    fn a_reused_parser_reads_the_next_file_from_its_start() {
        // Stops mid-record: the parser must not carry that state into the next file.
        let first = read_csv("a.csv", None, "a,\"open quote\nb,c");
        assert_eq!(first.row_count(), 1);
        let second = read_csv("b.csv", None, "\n\nx,y\n\n1,2\n");
        assert_eq!(numbers(&second), vec![3, 5]);
        assert_eq!(
            second.row(3).unwrap().cells().collect::<Vec<_>>(),
            vec!["x", "y"]
        );
    }

    #[test]
    fn cells_that_are_not_utf8_are_kept() {
        let (mut out, mut ends) = (String::from("x"), vec![4, 6]);
        append(&mut out, &mut ends, b"a\xffbcd");
        assert_eq!((out.as_str(), ends), ("xa\u{FFFD}bcd", vec![6, 8]));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn halves_read_as_the_whole_does() {
        let whole = |text: &str| {
            let mut reader = ReaderBuilder::new().delimiter(b',').build();
            read_with(&mut reader, "a.csv", None, text, b',')
        };
        let lines = [
            "标题,,\r\n",
            "\r\n",
            "项目,合计,x\r\n",
            "甲,1.00,\n",
            "\n",
            "\n",
            "乙,2.00,y,z\r\n",
            "\r",
            "丙\n",
        ];
        // Every split point over texts of several lengths, with a quoted field at the end
        // (after the split: allowed) and without a final line break.
        let mut split = 0;
        for n in 1..lines.len() * 3 {
            let mut text: String = lines.iter().cycle().take(n).copied().collect();
            text.push_str("丁,\"多\n行\",3");
            for from in [1, text.len() / 3, text.len() / 2] {
                if let Some(halves) = halves::read_from("a.csv", None, &text, b',', from) {
                    assert_eq!(halves, whole(&text), "{text:?}");
                    split += 1;
                }
            }
        }
        assert!(split > 40, "{split}");
        // A quote before the middle: read whole.
        let quoted = format!("\"a\"\n{}", "b,c\n".repeat(10));
        assert!(halves::read_from("a.csv", None, &quoted, b',', 1).is_none());
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn plain_text_reads_as_csv_core_does(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "中", " ", ",", ";", "\t", "\r", "\n", "\r\n", "12.5"]),
                0..150,
            ),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
        ) {
            let text: String = parts.concat();
            let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
            let whole = read_with(&mut reader, "a.csv", None, &text, delimiter);
            let mut out = vec![0u8; text.len()];
            let mut ends = vec![0u32; text.len() + 1];
            let half = halves::parse_plain(text.as_bytes(), delimiter, &mut out, &mut ends).unwrap();
            out.truncate(half.written);
            ends.truncate(half.cells);
            let plain = Sheet::from_flat("a.csv", None, String::from_utf8(out).unwrap(), ends, half.rows);
            proptest::prop_assert_eq!(&plain, &whole);
            let read = read_plain("a.csv", None, &text, delimiter).unwrap();
            proptest::prop_assert_eq!(read, whole);
        }

        /// The two-halves read (which trusts its output to be UTF-8 without checking it) gives
        /// the whole read's sheet, or declines; quotes and multi-byte text included.
        #[test]
        fn halves_read_as_the_whole_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "中", "计", " ", ",", ";", "\t", "\r", "\n", "\r\n", "\"", "12.5"]),
                0..200,
            ),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
        ) {
            let text: String = parts.concat();
            let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
            let whole = read_with(&mut reader, "a.csv", None, &text, delimiter);
            if let Some(halved) = halves::read_from("a.csv", None, &text, delimiter, 1) {
                proptest::prop_assert_eq!(halved, whole);
            }
        }
    }

    #[test]
    fn ragged_records_are_kept() {
        let sheet = read_csv("a.csv", None, "a,b,c\n1\n1,2,3,4\n");
        assert_eq!(sheet.row_by_position(1).unwrap().len(), 1);
        assert_eq!(sheet.row_by_position(2).unwrap().len(), 4);
    }
}
