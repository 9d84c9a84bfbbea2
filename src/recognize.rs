//! Sheet → table. Finds the title and unit above the header, flattens the 1–4 header rows
//! (merged cells arrive as empty cells) into one path per column, scores every layout of
//! `layout::LAYOUTS` against title and paths, and reads the data rows of the best one.

use crate::amount::{AmountError, is_zero_dash, looks_numeric, parse_amount};
use crate::layout::{ColKind, LAYOUTS, Layout, pattern_matches};
use crate::sheet::{Row, Sheet};
use crate::table::{Amounts, Column, Line, Table, Unit, is_total_row};
use crate::text::key;
use std::sync::Arc;

/// Something about a recognized table the report must mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An amount cell that is not a number.
    BadAmount {
        row: u32,
        column: u32,
        header: String,
        text: String,
        error: AmountError,
    },
    /// A data row with values beyond the last headed column.
    Ragged { row: u32, columns: Vec<u32> },
    /// No "单位：万元/元" anywhere; amounts are taken as 万元.
    /// `text` is (row, column, cell text) of an unreadable unit.
    UnknownUnit { text: Option<(u32, u32, String)> },
    /// A headed column the layout has no place for: its values are not checked.
    UnmappedHeader {
        row: u32,
        column: u32,
        header: String,
    },
}

/// Why a sheet is not one of our tables: what it looked like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrecognized {
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: u32,
}

pub struct Recognized {
    pub table: Table,
    pub problems: Vec<Problem>,
}

const MAX_HEADER_ROWS: usize = 4;
/// Title, unit and organisation lines above the header.
const MAX_META_ROWS: usize = 6;

pub fn recognize(sheet: Arc<Sheet>) -> Result<Recognized, Unrecognized> {
    let rows: Vec<Row> = sheet
        .rows()
        .filter(|r| !r.is_blank())
        .take(MAX_META_ROWS + MAX_HEADER_ROWS)
        .collect();
    let (meta_count, title) = meta_rows(&rows);
    let header_rows = header_rows(&rows[meta_count..]);
    let paths = flatten_header(&header_rows);
    let title_key = title.as_ref().map(|(_, t)| key(t)).unwrap_or_default();

    let best = LAYOUTS
        .iter()
        .filter_map(|layout| score(layout, &title_key, &paths).map(|s| (s, layout)))
        .max_by_key(|(s, _)| *s);
    let Some((_, layout)) = best else {
        return Err(Unrecognized {
            title: title.map(|(_, t)| t),
            headers: paths
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.join("/"))
                .take(8)
                .collect(),
            rows: sheet.row_count() as u32,
        });
    };

    let columns = assign_columns(layout, &paths);
    let header_end = header_rows
        .last()
        .map(|r| r.number)
        .or(title.as_ref().map(|(n, _)| *n))
        .unwrap_or(0);
    let headed_width = header_rows
        .iter()
        .flat_map(|r| r.filled().map(|(c, _)| c))
        .max()
        .unwrap_or(0);
    let mut problems = unmapped_headers(&header_rows, &paths, &columns, &sheet);
    let (unit, unit_problem) = find_unit(&rows[..meta_count + header_rows.len()]);
    if let Some(p) = unit_problem {
        problems.push(p);
    }
    let Body {
        lines,
        amounts,
        notes,
    } = read_body(&sheet, &columns, header_end, headed_width, &mut problems);
    let (title_row, title_text) = title.map_or((None, String::new()), |(n, t)| (Some(n), t));
    Ok(Recognized {
        table: Table {
            kind: layout.kind,
            layout,
            sheet,
            title: title_text,
            title_row,
            unit,
            columns,
            lines,
            notes,
            header_end,
            parts: Vec::new(),
            amounts,
        },
        problems,
    })
}

/// The data lines and notes below `header_end`, read with `columns`; values beyond
/// `headed_width` and malformed amounts become problems.
fn read_body(
    sheet: &Sheet,
    columns: &[Column],
    header_end: u32,
    headed_width: u32,
    problems: &mut Vec<Problem>,
) -> Body {
    let body_rows = sheet
        .rows()
        .rev()
        .take_while(|r| r.number > header_end)
        .count();
    let amount_columns: Vec<&Column> = columns
        .iter()
        .filter(|c| c.kind == ColKind::Amount)
        .collect();
    let mut lines = Vec::with_capacity(body_rows);
    let mut amounts = Amounts::with_capacity(body_rows * amount_columns.len());
    let mut notes = Vec::new();
    let labels: Vec<u32> = columns
        .iter()
        .filter(|c| c.kind != ColKind::Amount)
        .map(|c| c.index)
        .collect();
    for (position, row) in sheet.rows().enumerate() {
        if row.number <= header_end {
            continue;
        }
        // The row's cells run together: blank when they are, and read once for the tests below.
        let text = row.text();
        if crate::text::trim(text).is_empty() {
            continue;
        }
        if is_note(row, text) {
            notes.push((
                row.number,
                row.filled().map(|(_, t)| t).collect::<Vec<_>>().join(" "),
            ));
            continue;
        }
        if row.len() as u32 > headed_width {
            let extra: Vec<u32> = row
                .filled()
                .map(|(c, _)| c)
                .filter(|&c| c > headed_width)
                .collect();
            if !extra.is_empty() {
                problems.push(Problem::Ragged {
                    row: row.number,
                    columns: extra,
                });
            }
        }
        for c in &amount_columns {
            let text = row.cell(c.index);
            let amount = parse_amount(text)
                .map_err(|error| {
                    problems.push(Problem::BadAmount {
                        row: row.number,
                        column: c.index,
                        header: c.header.to_string(),
                        text: text.to_string(),
                        error,
                    })
                })
                .ok();
            amounts.push(amount);
        }
        lines.push(Line {
            row: row.number,
            part: 0,
            position: position as u32,
            index: lines.len() as u32,
            // A total's label ends in 计: a row without one anywhere needs no label read.
            total: (!crate::FOR_SPEED || has_ji(text))
                && is_total_row(labels.iter().map(|&c| row.cell(c))),
        });
    }
    lines.shrink_to_fit();
    amounts.shrink_to_fit();
    Body {
        lines,
        amounts,
        notes,
    }
}

/// What `read_body` reads: the lines, their amounts (see `Table::amounts`) and the note rows.
struct Body {
    lines: Vec<Line>,
    amounts: Amounts,
    notes: Vec<(u32, String)>,
}

/// A continuation page without its own header ("支出总表（续）" followed directly by rows): its
/// rows read with the columns of the table it continues. None when nothing below its title looks
/// like data.
pub fn read_continuation(sheet: Arc<Sheet>, base: &Table) -> Option<Recognized> {
    let rows: Vec<Row> = sheet
        .rows()
        .filter(|r| !r.is_blank())
        .take(MAX_META_ROWS + MAX_HEADER_ROWS)
        .collect();
    let (meta_count, title) = meta_rows(&rows);
    let header_end = meta_count.checked_sub(1).map_or(0, |i| rows[i].number);
    let base_header = base
        .sheet
        .rows()
        .filter(|r| r.number > base.title_row.unwrap_or(0) && r.number <= base.header_end);
    let headed_width = base_header
        .flat_map(|r| r.filled().map(|(c, _)| c))
        .max()
        .unwrap_or(0);
    let mut problems = Vec::new();
    let Body {
        lines,
        amounts,
        notes,
    } = read_body(
        &sheet,
        &base.columns,
        header_end,
        headed_width,
        &mut problems,
    );
    if lines.is_empty() {
        return None;
    }
    let unit = find_unit(&rows[..meta_count]).0.or(base.unit);
    let (title_row, title_text) = title.map_or((None, String::new()), |(n, t)| (Some(n), t));
    Some(Recognized {
        table: Table {
            kind: base.kind,
            layout: base.layout,
            sheet,
            title: title_text,
            title_row,
            unit,
            columns: base.columns.clone(),
            lines,
            notes,
            header_end,
            parts: Vec::new(),
            amounts,
        },
        problems,
    })
}

/// Rows above the header: the title (a row with a single filled cell, or a cell naming a 表) and
/// lines such as "单位：万元", "编制部门：…". Returns how many there are and the title.
fn meta_rows(rows: &[Row]) -> (usize, Option<(u32, String)>) {
    let mut title = None;
    let mut count = 0;
    for row in rows.iter().take(MAX_META_ROWS) {
        let filled: Vec<&str> = row.filled().map(|(_, t)| t).collect();
        let all_meta = filled.iter().all(|t| is_meta_text(t));
        if all_meta {
            count += 1;
            continue;
        }
        if title.is_none() && filled.len() == 1 && !looks_numeric(filled[0]) {
            title = Some((row.number, filled[0].to_string()));
            count += 1;
            continue;
        }
        break;
    }
    (count, title)
}

fn is_meta_text(t: &str) -> bool {
    let k = key(t);
    [
        "单位:",
        "金额单位",
        "编制单位",
        "编制部门",
        "部门:",
        "预算单位:",
        "单位名称:",
    ]
    .iter()
    .any(|p| k.starts_with(p))
}

/// Header rows: from the first row after the meta rows up to (not including) the first row that
/// looks like data — a number in it, a code or 合计 in its first cell, nothing but zero dashes
/// (a department without 三公 spending prints "-" in every cell) — at most four rows.
fn header_rows<'a>(rows: &[Row<'a>]) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for row in rows.iter().take(MAX_HEADER_ROWS) {
        let data_like = row.filled().any(|(_, t)| looks_numeric(t))
            || is_all_dashes(*row)
            || is_lone_total(*row)
            || is_note(*row, row.text());
        if data_like {
            break;
        }
        out.push(*row);
    }
    out
}

fn is_all_dashes(row: Row) -> bool {
    let mut filled = row.filled().peekable();
    filled.peek().is_some() && filled.all(|(_, t)| is_zero_dash(t))
}

/// A 合计/总计 row with nothing else in it: the total line of an empty table, not a heading
/// ("合计" is also a heading word, next to "基本支出" and the like).
fn is_lone_total(row: Row) -> bool {
    let texts: Vec<String> = row.filled().map(|(_, t)| key(t)).collect();
    texts.len() == 1 && (texts[0] == "合计" || texts[0] == "总计")
}

/// One path of normalized header words per column (index 0 = column 1). Empty cells inside a
/// horizontal merge take the word on their left when the heading above them is the same.
fn flatten_header(rows: &[Row]) -> Vec<Vec<String>> {
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut grid: Vec<Vec<String>> = rows
        .iter()
        .map(|r| (0..width).map(|c| key(r.cell(c as u32 + 1))).collect())
        .collect();
    let last = grid.len().saturating_sub(1);
    for r in 0..last {
        for c in 1..width {
            if grid[r][c].is_empty() && !grid[r][c - 1].is_empty() {
                let same_parent = (0..r).all(|p| grid[p][c] == grid[p][c - 1]);
                if same_parent {
                    grid[r][c] = grid[r][c - 1].clone();
                }
            }
        }
    }
    (0..width)
        .map(|c| {
            let mut path: Vec<String> = Vec::new();
            for row in &grid {
                let word = &row[c];
                if !word.is_empty() && path.last() != Some(word) {
                    path.push(word.clone());
                }
            }
            path
        })
        .collect()
}

/// None when a required column is missing; otherwise (title matched, columns matched, specificity).
fn score(layout: &Layout, title_key: &str, paths: &[Vec<String>]) -> Option<(bool, usize, usize)> {
    // Titles are written in key form (a test in layout.rs sees to it).
    let title_hit = layout
        .titles
        .iter()
        .filter(|t| title_key.contains(*t))
        .map(|t| t.chars().count())
        .max();
    let title_ok = title_hit.is_some() && !layout.not_titles.iter().any(|t| title_key.contains(*t));
    // A titled sheet is only ever this layout when the title says so: its columns need no look.
    if !title_ok && !title_key.is_empty() {
        return None;
    }
    let mut matched = 0;
    for spec in layout.columns {
        let found = paths.iter().any(|p| pattern_matches(spec.pattern, p));
        if found {
            matched += 1;
        } else if spec.required {
            return None;
        }
    }
    // A table without a recognizable title must still show most of its columns.
    if !title_ok && (!title_key.is_empty() || matched < 3) {
        return None;
    }
    Some((
        title_ok,
        matched,
        if title_ok { title_hit.unwrap_or(0) } else { 0 },
    ))
}

fn assign_columns(layout: &Layout, paths: &[Vec<String>]) -> Vec<Column> {
    let mut taken = vec![false; paths.len()];
    let mut columns = Vec::new();
    let mut amount_slots = 0..;
    for spec in layout.columns {
        if let Some(i) =
            (0..paths.len()).find(|&i| !taken[i] && pattern_matches(spec.pattern, &paths[i]))
        {
            taken[i] = true;
            columns.push(Column {
                key: spec.key,
                kind: spec.kind,
                index: i as u32 + 1,
                header: paths[i].join("/").into(),
                amount_slot: (spec.kind == ColKind::Amount)
                    .then(|| amount_slots.next().unwrap_or(0)),
            });
        }
    }
    columns
}

/// Columns with a heading of their own (not just the empty cell of a merge) that no column of the
/// layout matched, when data rows have values in them.
fn unmapped_headers(
    header_rows: &[Row],
    paths: &[Vec<String>],
    columns: &[Column],
    sheet: &Sheet,
) -> Vec<Problem> {
    let header_end = header_rows.last().map_or(0, |r| r.number);
    (1..=paths.len() as u32)
        .filter(|c| !columns.iter().any(|col| col.index == *c))
        .filter_map(|c| {
            let own = header_rows
                .iter()
                .rev()
                .find(|r| !r.cell(c).trim().is_empty())?;
            let used = sheet
                .rows()
                .any(|r| r.number > header_end && looks_numeric(r.cell(c)));
            used.then(|| Problem::UnmappedHeader {
                row: own.number,
                column: c,
                header: paths[c as usize - 1].join("/"),
            })
        })
        .collect()
}

fn find_unit(rows: &[Row]) -> (Option<Unit>, Option<Problem>) {
    for row in rows {
        for (column, t) in row.filled() {
            let k = key(t);
            let names_organisation = ["编制单位", "编制部门", "预算单位", "单位名称", "部门(单位)"]
                .iter()
                .any(|p| k.starts_with(p));
            if names_organisation {
                continue;
            }
            if let Some(pos) = k.find("单位:") {
                return match unit_word(&k[pos + "单位:".len()..]) {
                    Some(u) => (Some(u), None),
                    None => (
                        None,
                        Some(Problem::UnknownUnit {
                            text: Some((row.number, column, t.to_string())),
                        }),
                    ),
                };
            }
            if crate::text::contains(&k, "(万元)") {
                return (Some(Unit::WanYuan), None);
            }
            if crate::text::contains(&k, "(元)") {
                return (Some(Unit::Yuan), None);
            }
        }
    }
    (None, Some(Problem::UnknownUnit { text: None }))
}

fn unit_word(s: &str) -> Option<Unit> {
    if s.starts_with("万元") {
        Some(Unit::WanYuan)
    } else if s.starts_with('元') {
        Some(Unit::Yuan)
    } else {
        None
    }
}

/// Does `text` hold 计? (Speed builds only.) Sixteen bytes at a time (`bytes16`): std's search
/// for a char walks a byte at a time natively (~147 instructions a row), and a pattern of several
/// bytes sets up a two-way searcher per call in wasm.
fn has_ji(text: &str) -> bool {
    const JI: [u8; 3] = {
        let ji = "计".as_bytes();
        [ji[0], ji[1], ji[2]]
    };
    crate::bytes16::contains3(text.as_bytes(), JI)
}

/// "说明：…", "注：…", "备注…", "数据来源…", or a numbered note ("2、…") with no other cells.
/// `text` is the row's text (`Row::text`).
fn is_note(row: Row, text: &str) -> bool {
    // Cheap test first (this runs on every data row): a note starts with one of the note words'
    // first characters, or is a single long cell. Natively from the row's text: its first
    // character neither blank nor a quote leads the first filled cell (or follows a filled cell
    // of quotes only: no note either), and a single filled cell holds all of it, trimmed.
    if crate::FOR_SPEED {
        let trimmed = crate::text::trim(text);
        let lead = trimmed
            .chars()
            .map(crate::text::halfwidth_char)
            .find(|c| !c.is_whitespace() && !crate::text::is_quote(*c));
        if !matches!(lead, Some('说' | '注' | '备' | '数' | '资')) {
            let start = trimmed.as_ptr() as usize - text.as_ptr() as usize;
            if trimmed.len() <= 25 || row.cell_end(start) < start + trimmed.len() {
                return false;
            }
        }
    }
    let mut cells = row.filled();
    let Some((_, first)) = cells.next() else {
        return false;
    };
    let lead = first
        .chars()
        .map(crate::text::halfwidth_char)
        .find(|c| !c.is_whitespace() && !crate::text::is_quote(*c));
    let note_lead = matches!(lead, Some('说' | '注' | '备' | '数' | '资'));
    if !note_lead && (cells.next().is_some() || first.chars().nth(25).is_none()) {
        return false;
    }
    let filled: Vec<&str> = row.filled().map(|(_, t)| t).collect();
    let Some(first) = filled.first() else {
        return false;
    };
    let k = key(first);
    let note_word = ["说明", "注:", "注1", "备注", "数据来源", "资料来源"]
        .iter()
        .any(|p| k.starts_with(p));
    note_word || (filled.len() == 1 && k.chars().count() > 25 && !looks_numeric(first))
}

#[cfg(test)]
mod tests {
    use super::is_note;
    use crate::sheet::{Sheet, SheetRow};

    #[test]
    fn notes_are_told_from_data_rows() {
        let long = "本表所列项目均按照年度预算批复执行并已经过部门党组会议审议通过";
        let rows: [(&[&str], bool); 8] = [
            (&["", " 说明：本表无数据", ""], true),
            (&["“”", "说明：本表无数据"], false),
            (&["“ 注：", "见下"], true),
            (&["", "  ", long, " "], true),
            (&["", long, "x"], false),
            (&["2010101", "行政运行", "3240.08"], false),
            (&["产出指标", long], false),
            (&["", "12345678901234567890123456"], false),
        ];
        let sheet = Sheet::from_rows(
            "t.csv",
            None,
            None,
            rows.iter().enumerate().map(|(i, (cells, _))| SheetRow {
                number: i as u32 + 1,
                cells: cells.iter().map(|c| c.to_string()).collect(),
            }),
        );
        for (row, (cells, note)) in sheet.rows().zip(rows) {
            assert_eq!(is_note(row, row.text()), note, "{cells:?}");
        }
    }
}
