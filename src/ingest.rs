//! Inputs → disclosure. Decodes each file, reads CSV text or workbook sheets into sheets,
//! recognizes tables and the narrative, and reports every file it could not take (empty, binary,
//! unrecognized, duplicated, malformed cells) as findings — one bad file never stops the others.

use crate::decode::{DecodeError, Decoded, decode};
use crate::disclosure::{Disclosure, Narrative};
use crate::recognize::{Problem, Recognized, Unrecognized, read_continuation, recognize};
use crate::report::{InputInfo, Location};
use crate::rules::{Findings, input as rules};
use crate::sheet::{Sheet, column_letters};
use crate::table::TableKind;
use crate::workbook::Workbook;
use crate::{Input, Options, Prepared};
use std::sync::Arc;

pub struct Ingested {
    pub disclosure: Disclosure,
    pub inputs: Vec<InputInfo>,
}

pub fn ingest(inputs: &[Input], options: &Options, findings: &mut Findings) -> Ingested {
    let mut disclosure = Disclosure::default();
    let mut infos = Vec::new();
    let mut pending = Vec::new();
    // Text files are decoded, parsed and recognized each on its own (in parallel natively);
    // everything they report is then recorded in input order, as if read one after another.
    let reads = crate::par::map(inputs, |input| {
        let name = base_name(&input.name);
        let text = match &input.prepared {
            Some(Prepared::Text { .. }) => true,
            Some(_) => false,
            None => !is_workbook(&name, &input.bytes),
        };
        (text && !over_limit(input, options.max_file_bytes)).then(|| read_text(&name, input))
    });
    for (input, read) in inputs.iter().zip(reads) {
        let name = base_name(&input.name);
        if skip_too_large(&name, input, options.max_file_bytes, &mut infos, findings) {
            continue;
        }
        let mut sink = Sink {
            disclosure: &mut disclosure,
            infos: &mut infos,
            pending: &mut pending,
        };
        let read = match (&input.prepared, read) {
            (_, Some(read)) => read,
            (Some(Prepared::Workbook(book)), None) => {
                read_workbook(&name, book.clone(), &mut sink, findings);
                continue;
            }
            (Some(_), None) => continue, // too large: reported by skip_too_large
            (None, None) => {
                read_workbook(&name, open_workbook(&input.bytes), &mut sink, findings);
                continue;
            }
        };
        let (decoded, sheet, recognized) = match read {
            Ok(read) => read,
            Err(e) => {
                let (rule, msg) = match e {
                    DecodeError::Empty => (&rules::EMPTY, format!("文件“{name}”是空的。")),
                    DecodeError::Binary => (
                        &rules::BINARY,
                        format!("文件“{name}”不是文本（也不是可读的 Excel 工作簿），无法读取。"),
                    ),
                    DecodeError::NoDecoder(enc) => (
                        &rules::BINARY,
                        format!(
                            "文件“{name}”是 {} 编码的文本，本版本不含该编码的解码表，无法读取。",
                            enc.name()
                        ),
                    ),
                };
                findings.push(rule, msg, vec![Location::file(&name, None)]);
                infos.push(info(&name, None, None, Some("-"), None, None, 0));
                continue;
            }
        };
        add_recognized(
            sheet,
            recognized,
            Some(decoded.text),
            &mut disclosure,
            &mut infos,
            &mut pending,
            findings,
        );
    }
    resolve_pending(pending, &mut disclosure, &mut infos, findings);
    merge_continuations(&mut disclosure);
    report_duplicates_and_missing(&disclosure, findings);
    Ingested {
        disclosure,
        inputs: infos,
    }
}

/// A text file decoded, read into a sheet and recognized (or why it could not be decoded).
type TextRead<'a> =
    Result<(Decoded<'a>, Arc<Sheet>, Result<Recognized, Unrecognized>), DecodeError>;

fn read_text<'a>(name: &str, input: &'a Input) -> TextRead<'a> {
    let decoded = match &input.prepared {
        Some(Prepared::Text { text, encoding }) => Decoded {
            text: text.as_str().into(),
            encoding: encoding.name(),
        },
        _ => crate::timing::phase("decode", || decode(&input.bytes))?,
    };
    let sheet = crate::timing::phase("csv", || {
        crate::csv_input::read_csv(name, Some(decoded.encoding), &decoded.text)
    });
    let sheet = Arc::new(sheet);
    let recognized = crate::timing::phase("recognize", || recognize(sheet.clone()));
    Ok((decoded, sheet, recognized))
}

/// A file over the size limit (or one the host already left unread for it) is reported and not
/// read: reading it could exhaust the memory of the host (the page's wasm has at most 4 GB).
fn skip_too_large(
    name: &str,
    input: &Input,
    limit: Option<u64>,
    infos: &mut Vec<InputInfo>,
    findings: &mut Findings,
) -> bool {
    if !over_limit(input, limit) {
        return false;
    }
    let size = input_size(input);
    let limit = limit.map_or(String::new(), |l| format!("（{}）", megabytes(l)));
    findings.push(
        &rules::TOO_LARGE,
        format!(
            "文件“{name}”大小为 {}，超过单个文件的大小上限{limit}，未读取，不参与校验；其他文件照常检查。",
            megabytes(size)
        ),
        vec![Location::file(name, None)],
    );
    infos.push(info(name, None, None, Some("-"), None, None, 0));
    true
}

/// Is the input over the size limit (or left unread by the host for it)? Workbooks never are.
fn over_limit(input: &Input, limit: Option<u64>) -> bool {
    match &input.prepared {
        Some(Prepared::TooLarge(_)) => true,
        Some(Prepared::Workbook(_)) => false,
        _ => limit.is_some_and(|l| input_size(input) > l),
    }
}

fn input_size(input: &Input) -> u64 {
    match &input.prepared {
        Some(Prepared::TooLarge(size)) => *size,
        Some(Prepared::Text { text, .. }) => text.len() as u64,
        Some(Prepared::Workbook(_)) => 0,
        None => input.bytes.len() as u64,
    }
}

/// A size for people: "312.5 MB", "39.1 KB" (1 MB = 1 024 KB = 1 048 576 bytes, as the page
/// shows sizes). Integer arithmetic: float formatting would add ~12 KB gzipped to the page's wasm.
fn megabytes(bytes: u64) -> String {
    let (unit, size) = if bytes < 1 << 20 {
        ("KB", 1u128 << 10)
    } else {
        ("MB", 1 << 20)
    };
    let tenths = (u128::from(bytes) * 10 + size / 2) / size;
    format!("{}.{} {unit}", tenths / 10, tenths % 10)
}

fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_string()
}

fn is_narrative_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".txt") || lower.ends_with(".md") || lower.ends_with(".text")
}

/// A workbook by its magic bytes (zip or OLE) or its extension.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || lower.ends_with(".xlsx")
        || lower.ends_with(".xls")
        || lower.ends_with(".xlsm")
}

#[allow(clippy::too_many_arguments)]
fn info(
    file: &str,
    sheet: Option<&str>,
    table: Option<&str>,
    encoding: Option<&str>,
    title: Option<String>,
    unit: Option<&str>,
    rows: u32,
) -> InputInfo {
    InputInfo {
        file: file.to_string(),
        sheet: sheet.map(str::to_string),
        table: table.map(str::to_string),
        title,
        encoding: encoding.map(str::to_string),
        unit: unit.map(str::to_string),
        rows,
        layout: None,
    }
}

/// Recognize a workbook's sheet as a table and record what was found.
fn add_sheet(
    sheet: Sheet,
    disclosure: &mut Disclosure,
    infos: &mut Vec<InputInfo>,
    pending: &mut Vec<(Arc<Sheet>, Unrecognized)>,
    findings: &mut Findings,
) {
    let sheet = Arc::new(sheet);
    let recognized = recognize(sheet.clone());
    add_recognized(
        sheet, recognized, None, disclosure, infos, pending, findings,
    );
}

/// Record a sheet as the table it was recognized as (or, for text files, the narrative).
#[allow(clippy::too_many_arguments)]
fn add_recognized(
    sheet: Arc<Sheet>,
    recognized: Result<Recognized, Unrecognized>,
    text: Option<std::borrow::Cow<str>>,
    disclosure: &mut Disclosure,
    infos: &mut Vec<InputInfo>,
    pending: &mut Vec<(Arc<Sheet>, Unrecognized)>,
    findings: &mut Findings,
) {
    match recognized {
        Ok(rec) => push_table(rec, disclosure, infos, findings),
        Err(unrec) => {
            // A .txt is the narrative when it reads as prose; a grid of cells (Excel's "Unicode
            // text" export of a table we could not recognize) is reported as unrecognized.
            let narrative = text
                .filter(|t| is_narrative_name(&sheet.file) && has_cjk(t) && !is_tabular(&sheet));
            if let Some(text) = narrative.map(std::borrow::Cow::into_owned) {
                let first = text
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_string);
                infos.push(info(
                    &sheet.file,
                    None,
                    Some("narrative"),
                    sheet.encoding,
                    first,
                    None,
                    text.lines().count() as u32,
                ));
                disclosure.narratives.push(Narrative {
                    file: sheet.file.to_string(),
                    encoding: sheet.encoding.unwrap_or("UTF-8"),
                    text,
                });
                return;
            }
            // A headerless "…（续）" page waits for the table it continues.
            if unrec.title.as_deref().is_some_and(is_continuation) {
                pending.push((sheet, unrec));
                return;
            }
            report_unrecognized(&sheet, unrec, infos, findings);
        }
    }
}

fn push_table(
    rec: Recognized,
    disclosure: &mut Disclosure,
    infos: &mut Vec<InputInfo>,
    findings: &mut Findings,
) {
    let t = &rec.table;
    let sheet = &t.sheet;
    let mut i = info(
        &sheet.file,
        sheet.sheet.as_deref(),
        Some(t.kind.id()),
        sheet.encoding,
        Some(t.title.clone()).filter(|s| !s.is_empty()),
        t.unit.map(|u| u.name()),
        sheet.last_row_number(),
    );
    i.layout = Some(t.layout.id.to_string());
    infos.push(i);
    report_problems(sheet, t.kind.name_zh(), &rec.problems, findings);
    disclosure.tables.push(rec.table);
}

/// Continuation pages without a header: read each with the columns of the table it continues
/// (the first table, not itself a continuation, whose layout's title words are in its title).
fn resolve_pending(
    pending: Vec<(Arc<Sheet>, Unrecognized)>,
    d: &mut Disclosure,
    infos: &mut Vec<InputInfo>,
    findings: &mut Findings,
) {
    for (sheet, unrec) in pending {
        let title = crate::text::key(unrec.title.as_deref().unwrap_or(""));
        let base = d
            .tables
            .iter()
            .filter(|t| !is_continuation(&t.title))
            .filter_map(|t| {
                let l = t.layout;
                let hit = l
                    .titles
                    .iter()
                    .filter(|w| title.contains(&crate::text::key(w)))
                    .map(|w| w.chars().count())
                    .max()?;
                let excluded = l
                    .not_titles
                    .iter()
                    .any(|w| title.contains(&crate::text::key(w)));
                (!excluded).then_some((hit, t))
            })
            .max_by_key(|(hit, _)| *hit)
            .map(|(_, t)| t);
        match base.and_then(|b| read_continuation(sheet.clone(), b)) {
            Some(rec) => push_table(rec, d, infos, findings),
            None => report_unrecognized(&sheet, unrec, infos, findings),
        }
    }
}

fn report_unrecognized(
    sheet: &Sheet,
    unrec: Unrecognized,
    infos: &mut Vec<InputInfo>,
    findings: &mut Findings,
) {
    let rows = sheet.last_row_number();
    let looked_like = match (&unrec.title, unrec.headers.is_empty()) {
        (Some(t), false) => format!("标题为“{t}”，表头为“{}”", unrec.headers.join("”“")),
        (Some(t), true) => format!("标题为“{t}”"),
        (None, false) => format!("表头为“{}”", unrec.headers.join("”“")),
        (None, true) => format!("共 {} 行，没有可辨认的标题或表头", unrec.rows),
    };
    let what = sheet
        .sheet
        .as_ref()
        .map_or(format!("文件“{}”", sheet.file), |s| {
            format!("文件“{}”的工作表“{s}”", sheet.file)
        });
    findings.push(
        &rules::UNRECOGNIZED,
        format!("{what}未能识别为任何一张预算公开表（{looked_like}），不参与校验。"),
        vec![Location::file(&sheet.file, sheet.sheet.as_deref())],
    );
    infos.push(info(
        &sheet.file,
        sheet.sheet.as_deref(),
        None,
        sheet.encoding,
        unrec.title,
        None,
        rows,
    ));
}

/// At least a third of the non-blank rows (and three or more) are grid rows: three or more filled
/// cells, one of them a bare amount. Prose split at its commas has many cells too, but its figures
/// carry their unit ("0.58万元") and it ends sentences with "。".
fn is_tabular(sheet: &Sheet) -> bool {
    let rows: Vec<_> = sheet.rows().filter(|r| !r.is_blank()).collect();
    let bare = |c: &str| {
        let c = c.replace(',', "");
        c == "-" || crate::amount::parse_decimal(&c).is_some()
    };
    let grid_rows = rows
        .iter()
        .filter(|r| {
            r.filled().count() >= 3
                && r.filled().any(|(_, c)| bare(c))
                && !r.filled().any(|(_, c)| c.contains('。'))
        })
        .count();
    grid_rows >= 3 && grid_rows * 3 >= rows.len()
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn cell_location(
    sheet: &Sheet,
    row: u32,
    column: u32,
    header: Option<String>,
    value: Option<String>,
) -> Location {
    Location {
        file: sheet.file.clone(),
        sheet: sheet.sheet.clone(),
        row,
        column,
        header: header.map(Into::into),
        value: value.map(crate::report::cell_text),
        role: None,
    }
}

fn sheet_label(sheet: &Sheet) -> String {
    match &sheet.sheet {
        Some(name) => format!("{}「{name}」", sheet.file),
        None => sheet.file.to_string(),
    }
}

fn report_problems(sheet: &Sheet, table_name: &str, problems: &[Problem], findings: &mut Findings) {
    for p in problems {
        match p {
            Problem::BadAmount {
                row,
                column,
                header,
                text,
                error,
            } => {
                findings.push(
                    &rules::AMOUNT,
                    format!(
                        "{}第 {row} 行「{header}」列（{}{row}）的“{text}”不是有效金额：{error}。",
                        sheet_label(sheet),
                        column_letters(*column)
                    ),
                    vec![cell_location(
                        sheet,
                        *row,
                        *column,
                        Some(header.clone()),
                        Some(text.clone()),
                    )],
                );
            }
            Problem::Ragged { row, columns } => {
                let cells: Vec<String> = columns
                    .iter()
                    .map(|c| format!("{}{row}", column_letters(*c)))
                    .collect();
                let locations = columns
                    .iter()
                    .map(|&c| {
                        let value = sheet.row(*row).map(|r| r.cell(c).to_string());
                        cell_location(sheet, *row, c, None, value)
                    })
                    .collect();
                findings.push(
                    &rules::RAGGED,
                    format!(
                        "{}第 {row} 行在表头最后一列之后还有数值（{}），该行可能整体错位。",
                        sheet_label(sheet),
                        cells.join("、")
                    ),
                    locations,
                );
            }
            Problem::UnmappedHeader {
                row,
                column,
                header,
            } => {
                findings.push(
                    &rules::HEADER,
                    format!(
                        "{}第 {row} 行的表头「{header}」（{}列）无法对应到{}的任何一列，该列数值不参与校验。",
                        sheet_label(sheet),
                        column_letters(*column),
                        table_name
                    ),
                    vec![cell_location(
                        sheet,
                        *row,
                        *column,
                        Some(header.clone()),
                        sheet.row(*row).map(|r| r.cell(*column).to_string()),
                    )],
                );
            }
            Problem::UnknownUnit { text } => {
                let (loc, msg) = match text {
                    Some((row, column, t)) => (
                        cell_location(sheet, *row, *column, None, Some(t.clone())),
                        format!(
                            "{}第 {row} 行（{}{row}）的单位“{t}”无法识别，按万元处理。",
                            sheet_label(sheet),
                            column_letters(*column)
                        ),
                    ),
                    None => (
                        Location::file(&sheet.file, sheet.sheet.as_deref()),
                        format!(
                            "{}中没有找到金额单位（如“单位：万元”），按万元处理。",
                            sheet_label(sheet)
                        ),
                    ),
                };
                findings.push(&rules::UNIT, msg, vec![loc]);
            }
        }
    }
}

fn report_duplicates_and_missing(d: &Disclosure, findings: &mut Findings) {
    for kind in TableKind::ALL {
        let copies: Vec<_> = d.tables_of(kind).collect();
        if copies.len() > 1 {
            let names: Vec<String> = copies.iter().map(|t| sheet_name(&t.sheet)).collect();
            findings.push(
                &rules::DUPLICATE,
                format!(
                    "{}提供了 {} 次（{}），跨表校验只使用第一份。",
                    kind.name_zh(),
                    copies.len(),
                    names.join("、")
                ),
                copies
                    .iter()
                    .map(|t| Location::file(&t.sheet.file, t.sheet.sheet.as_deref()))
                    .collect(),
            );
        }
    }
    if d.tables.is_empty() {
        return;
    }
    let region = crate::layout::region(majority_region(d));
    let expected = region.map_or(&TableKind::ALL[..10], |r| r.tables);
    let missing: Vec<&str> = expected
        .iter()
        .filter(|k| d.table(**k).is_none())
        .map(|k| k.name_zh())
        .collect();
    if !missing.is_empty() {
        findings.push(
            &rules::MISSING,
            format!("缺少：{}。依赖这些表的跨表校验已跳过。", missing.join("、")),
            vec![],
        );
    }
}

/// A title such as "支出总表（续）" or "支出总表续表": a page of a table printed over two files.
fn is_continuation(title: &str) -> bool {
    let k = crate::text::key(title);
    k.contains("(续") || k.ends_with("续表") || k.ends_with('续')
}

/// Append the lines of every continuation sheet to the table it continues: the first table of the
/// same kind, not itself a continuation, with the same columns at the same positions. A
/// continuation with nothing to continue (or laid out differently) stays a table of its own.
fn merge_continuations(d: &mut Disclosure) {
    let mut i = 0;
    while i < d.tables.len() {
        let t = &d.tables[i];
        let base = is_continuation(&t.title)
            .then(|| {
                d.tables.iter().position(|b| {
                    b.kind == t.kind && !is_continuation(&b.title) && same_columns(b, t)
                })
            })
            .flatten();
        let Some(base) = base else {
            i += 1;
            continue;
        };
        let part = d.tables.remove(i);
        let b = &mut d.tables[if base > i { base - 1 } else { base }];
        let offset = b.lines.len();
        // The part's own sheet becomes parts[shift], its parts follow: renumber its lines' part.
        let shift = b.parts.len() as u32 + 1;
        b.parts.push((offset, part.sheet.clone()));
        b.parts.extend(
            part.parts
                .iter()
                .map(|(first, sheet)| (offset + first, sheet.clone())),
        );
        b.lines.extend(part.lines.into_iter().map(|mut l| {
            l.part += shift;
            l.index += offset as u32;
            l
        }));
        b.amounts.append(part.amounts);
        b.notes.extend(part.notes);
    }
}

fn same_columns(a: &crate::table::Table, b: &crate::table::Table) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.key == y.key && x.index == y.index && x.amount_slot == y.amount_slot)
}

fn sheet_name(s: &Sheet) -> String {
    match &s.sheet {
        Some(name) => format!("{}「{name}」", s.file),
        None => s.file.to_string(),
    }
}

/// The region most of the recognized tables were read with (ties go to the first in `REGIONS`).
fn majority_region(d: &Disclosure) -> &'static str {
    crate::layout::REGIONS
        .iter()
        .map(|r| {
            (
                d.tables.iter().filter(|t| t.layout.region == r.id).count(),
                r.id,
            )
        })
        .rev()
        .max_by_key(|(n, _)| *n)
        .map_or("changchun", |(_, id)| id)
}

/// Where a workbook's sheets go.
struct Sink<'a> {
    disclosure: &'a mut Disclosure,
    infos: &'a mut Vec<InputInfo>,
    pending: &'a mut Vec<(Arc<Sheet>, Unrecognized)>,
}

fn read_workbook(name: &str, book: Workbook, sink: &mut Sink, findings: &mut Findings) {
    let infos = &mut *sink.infos;
    if let Some(err) = &book.error {
        findings.push(
            &rules::WORKBOOK,
            format!("工作簿“{name}”无法读取：{err}"),
            vec![Location::file(name, None)],
        );
        infos.push(info(name, None, None, Some("-"), None, None, 0));
        return;
    }
    for result in book.into_sheets(name) {
        match result {
            Ok(sheet) if sheet.row_count() == 0 => {}
            Ok(sheet) => add_sheet(sheet, sink.disclosure, infos, sink.pending, findings),
            Err((sheet, err)) => {
                findings.push(
                    &rules::WORKBOOK,
                    format!("工作簿“{name}”的工作表“{sheet}”无法读取：{err}"),
                    vec![Location::file(name, Some(&sheet))],
                );
            }
        }
    }
}

#[cfg(feature = "xlsx")]
fn open_workbook(bytes: &[u8]) -> Workbook {
    crate::xlsx::read_workbook(bytes)
}

/// The page's core module: workbooks arrive already read (by the xlsx module).
#[cfg(not(feature = "xlsx"))]
fn open_workbook(_: &[u8]) -> Workbook {
    Workbook::failed("xlsx", "本版本未包含工作簿读取功能".to_string())
}
