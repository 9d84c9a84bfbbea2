//! Property: any rendering of a table — any supported encoding, delimiter, line end, quoting,
//! amount format and layout variant — reads into the same model as its plain rendering, with
//! every data line at the row a spreadsheet would show.

use gouji::Input;
use gouji::disclosure::Disclosure;
use gouji::rules::Findings;
use gouji::table::Unit;
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
struct Row {
    code: String,
    name: String,
    /// 合计, 基本支出, 项目支出 in cents.
    amounts: [i64; 3],
}

#[derive(Debug, Clone)]
struct Rendering {
    encoding: usize,
    delimiter: u8,
    eol: &'static str,
    quote_all: bool,
    /// Per amount cell: how to print it (see `print_amount`).
    styles: Vec<u8>,
    title: usize,
    org_line: bool,
    unit_line: usize,
    two_header_rows: bool,
    leading_empty_column: bool,
    trailing_blank_rows: usize,
    note: bool,
}

const ENCODINGS: [&str; 6] = [
    "UTF-8",
    "UTF-8-BOM",
    "GBK",
    "GB18030",
    "UTF-16LE",
    "UTF-16BE",
];
const TITLES: [&str; 4] = [
    "政府性基金预算支出表",
    "表八 政府性基金预算支出表",
    "2026年部门政府性基金预算支出表",
    "２０２６年政府性基金预算支出表",
];
const UNITS: [&str; 3] = ["单位：万元", "金额单位：万元", "单位:万元"];

/// Names use characters every supported encoding can write, plus the separators, quotes, spaces
/// and line breaks a CSV writer must quote.
fn name() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec![
            '城', '乡', '社', '区', '支', '出', '住', '房', '改', '革', '其', '他', ',', ';', '"',
            '\t', '\n', ' ', '（', '）', 'A',
        ]),
        1..12,
    )
    .prop_map(|cs| {
        let s: String = cs.into_iter().collect();
        // A name starts with a word, as table labels do (a lone "说明…" would be a note).
        format!("项{}", s.trim_end())
    })
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec(
        (
            "[1-9][0-9]{2,6}",
            name(),
            (-99_999_999i64..999_999_999, 0i64..99_999_999),
        ),
        1..8,
    )
    .prop_map(|rs| {
        rs.into_iter()
            .map(|(code, name, (basic, project))| Row {
                code,
                name,
                amounts: [basic + project, basic, project],
            })
            .collect()
    })
}

fn rendering(cells: usize) -> impl Strategy<Value = Rendering> {
    (
        (
            0..ENCODINGS.len(),
            prop::sample::select(vec![b',', b'\t', b';']),
            prop::sample::select(vec!["\r\n", "\n", "\r"]),
            any::<bool>(),
            proptest::collection::vec(0u8..8, cells),
        ),
        (
            0..TITLES.len(),
            any::<bool>(),
            0..UNITS.len(),
            any::<bool>(),
            any::<bool>(),
            0usize..3,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (encoding, delimiter, eol, quote_all, styles),
                (
                    title,
                    org_line,
                    unit_line,
                    two_header_rows,
                    leading_empty_column,
                    trailing_blank_rows,
                    note,
                ),
            )| Rendering {
                encoding,
                delimiter,
                eol,
                quote_all,
                styles,
                title,
                org_line,
                unit_line,
                two_header_rows,
                leading_empty_column,
                trailing_blank_rows,
                note,
            },
        )
}

fn plain() -> Rendering {
    Rendering {
        encoding: 0,
        delimiter: b',',
        eol: "\r\n",
        quote_all: false,
        styles: Vec::new(),
        title: 0,
        org_line: false,
        unit_line: 0,
        two_header_rows: false,
        leading_empty_column: false,
        trailing_blank_rows: 0,
        note: false,
    }
}

/// One amount in one of the printed forms of the issue: plain, thousands separators, full-width
/// digits, parenthesized negatives, trailing spaces, and "", "-", "—", "0" for zero.
fn print_amount(cents: i64, style: u8) -> String {
    let v = Decimal::new(cents, 2);
    let abs = v.abs();
    let grouped = || {
        let s = format!("{abs:.2}");
        let (int, frac) = s.split_once('.').unwrap();
        let mut g = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                g.push(',');
            }
            g.push(c);
        }
        format!("{g}.{frac}")
    };
    if cents == 0 {
        return ["", "-", "—", "0", "0.00", "0.00 ", "－", "0"][style as usize % 8].to_string();
    }
    let sign = if cents < 0 { "-" } else { "" };
    match style {
        0 | 1 => format!("{v:.2}"),
        2 => format!("{sign}{}", grouped()),
        3 => format!("{v:.2}")
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
                _ => c,
            })
            .collect(),
        4 if cents < 0 => format!("（{abs:.2}）"),
        5 => format!("{v:.2}  "),
        6 if cents < 0 => format!("({})", grouped()),
        _ => format!("{v:.2}"),
    }
}

/// The file's bytes, and the sheet row each data row must land on.
fn render(rows: &[Row], r: &Rendering) -> (Vec<u8>, Vec<u32>) {
    let mut grid: Vec<Vec<String>> = Vec::new();
    let s = |x: &str| x.to_string();
    grid.push(vec![s(TITLES[r.title])]);
    if r.org_line {
        grid.push(vec![s("编制单位：长春市某局")]);
    }
    grid.push(vec![s(UNITS[r.unit_line])]);
    if r.two_header_rows {
        grid.push(vec![
            s("科目编码"),
            s("功能分类科目名称"),
            s("本年政府性基金预算支出"),
            s(""),
            s(""),
        ]);
        grid.push(vec![s(""), s(""), s("合 计"), s("基本支出"), s("项目支出")]);
    } else {
        grid.push(vec![
            s("科目编码"),
            s("功能分类 科目名称"),
            s("合计"),
            s("基本支出"),
            s("项目支出"),
        ]);
    }
    let mut data_rows = Vec::new();
    let mut style = r.styles.iter().copied().cycle();
    for row in rows {
        data_rows.push(grid.len() as u32 + 1);
        let mut cells = vec![row.code.clone(), row.name.clone()];
        cells.extend(
            row.amounts
                .iter()
                .map(|&a| print_amount(a, style.next().unwrap_or(0))),
        );
        grid.push(cells);
    }
    if r.note {
        grid.push(vec![s("注：本表无国有资本经营预算。")]);
    }
    for _ in 0..r.trailing_blank_rows {
        grid.push(vec![s(""), s(""), s("")]);
    }
    if r.leading_empty_column {
        for row in &mut grid {
            row.insert(0, String::new());
        }
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(r.delimiter)
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(if r.quote_all {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .from_writer(Vec::new());
    for row in &grid {
        w.write_record(row).unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    // Record ends are the only line breaks outside quotes; rewrite them to the chosen line end.
    let text = rewrite_record_ends(&text, r.eol);
    (encode(&text, ENCODINGS[r.encoding]), data_rows)
}

fn rewrite_record_ends(text: &str, eol: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.push(c);
            }
            '\n' if !quoted => out.push_str(eol),
            _ => out.push(c),
        }
    }
    out
}

fn encode(text: &str, encoding: &str) -> Vec<u8> {
    match encoding {
        "UTF-8" => text.as_bytes().to_vec(),
        "UTF-8-BOM" => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        "GBK" => encoding_rs::GBK.encode(text).0.into_owned(),
        // A character outside GBK, in the title, makes the file need GB18030's four-byte forms.
        "GB18030" => encoding_rs::GB18030
            .encode(&text.replacen("支出表", "支出表㐀", 1))
            .0
            .into_owned(),
        "UTF-16LE" => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        _ => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    }
}

/// The model, the inputs' info, and the rules of the findings (sorted).
fn read(bytes: Vec<u8>) -> (Disclosure, Vec<gouji::report::InputInfo>, Vec<&'static str>) {
    let mut findings = Findings::default();
    let ingested = gouji::ingest::ingest(
        &[Input::new("t.csv", bytes)],
        &Default::default(),
        &mut findings,
    );
    gouji::rules::run(&ingested.disclosure, &mut findings);
    let mut rules: Vec<_> = findings.list.iter().map(|f| f.rule).collect();
    rules.sort();
    (ingested.disclosure, ingested.inputs, rules)
}

/// Kind, unit, column keys and every line's values (code and name as text, amounts as numbers).
fn model(d: &Disclosure) -> Vec<String> {
    d.tables
        .iter()
        .flat_map(|t| {
            let head = format!(
                "{} {:?} {:?}",
                t.kind.id(),
                t.unit,
                t.columns.iter().map(|c| c.key).collect::<Vec<_>>()
            );
            std::iter::once(head).chain(t.lines.iter().map(|l| {
                let values: Vec<String> = (0..t.columns.len())
                    .map(|i| match t.amount_at(l, i) {
                        Some(a) => a.value.normalize().to_string(),
                        None => t.cell(l, i).trim().to_string(),
                    })
                    .collect();
                values.join(" | ")
            }))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_rendering_reads_into_the_same_model(
        (rows, r) in rows().prop_flat_map(|rows| {
            let n = rows.len() * 3;
            (Just(rows), rendering(n))
        })
    ) {
        let (plain_d, _, plain_findings) = read(render(&rows, &plain()).0);
        prop_assert_eq!(plain_d.tables.len(), 1);
        prop_assert_eq!(plain_d.tables[0].unit, Some(Unit::WanYuan));
        prop_assert!(!plain_findings.iter().any(|r| r.starts_with("GJ-INPUT-") && *r != "GJ-INPUT-MISSING"));

        let (bytes, data_rows) = render(&rows, &r);
        let (d, infos, findings) = read(bytes);
        prop_assert_eq!(model(&d), model(&plain_d));
        prop_assert_eq!(findings, plain_findings);
        prop_assert_eq!(infos[0].encoding.as_deref(), Some(ENCODINGS[r.encoding]));
        let lines: Vec<u32> = d.tables[0].lines.iter().map(|l| l.row).collect();
        prop_assert_eq!(lines, data_rows);
    }
}
