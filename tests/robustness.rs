//! Bad input never panics or hangs. Every input the fuzzers once broke gouji with
//! (`tests/fixtures/crashes/`, in the split format of `fuzz/split.rs`) runs through `check`;
//! proptest feeds random inputs to each fuzz target's property (`fuzz/properties.rs`); and size
//! limits (wide rows, huge cells, many files) give a result or a named finding (ARCHITECTURE.md's
//! invariants "No panics on input" and "Nothing huge reaches the screen").

mod common;

use gouji::{Input, Options, Report, check};
use proptest::prelude::*;
use std::path::Path;

#[path = "../fuzz/properties.rs"]
mod properties;
#[path = "../fuzz/split.rs"]
mod split;

#[test]
fn minimized_fuzz_crashes_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crashes");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        let inputs = split::split(&data);
        let started = std::time::Instant::now();
        properties::check(&inputs);
        assert!(
            started.elapsed() < PATIENCE,
            "{} took {:?}",
            path.display(),
            started.elapsed()
        );
        n += 1;
    }
    eprintln!("{n} crash inputs checked");
}

fn file() -> impl Strategy<Value = (u8, Vec<u8>)> {
    let cell = prop_oneof![
        Just("合计".to_string()),
        Just("单位：万元".to_string()),
        Just("项目支出".to_string()),
        Just("2080501".to_string()),
        "[0-9,.（）()-]{0,12}",
        "\\PC{0,6}",
    ];
    let row = proptest::collection::vec(cell, 0..6).prop_map(|cells| cells.join(","));
    let text = proptest::collection::vec(row, 0..8).prop_map(|rows| rows.join("\r\n").into_bytes());
    (
        any::<u8>(),
        prop_oneof![text, proptest::collection::vec(any::<u8>(), 0..200)],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random files — CSV-shaped text with table words and amounts, or raw bytes, under any
    /// extension — never panic `check`.
    #[test]
    fn random_files_never_panic(files in proptest::collection::vec(file(), 0..5)) {
        let parts: Vec<(u8, &[u8])> = files.iter().map(|(e, b)| (*e, b.as_slice())).collect();
        properties::check(&split::split(&split::join(&parts)));
    }

    /// The `amount` fuzz target's property on amount-shaped text: what the parser accepts
    /// survives a round trip through its printed forms.
    #[test]
    fn amounts_round_trip(raw in "(?:[-+ 0-9,.eE]|[，。（）()%万元亿零一二三]|\\PC){0,16}") {
        properties::amount(&raw);
    }

    /// The `sheet` fuzz target's property on CSV-shaped text: rows keep increasing numbers and
    /// recognition never panics.
    #[test]
    fn sheets_keep_row_order(text in "(?:[,\"\r\n 0-9.]|合计|项目支出|单位：万元|\\PC){0,120}") {
        properties::sheet(&text);
    }
}

fn sample() -> Vec<Input> {
    common::load_dir(&common::repo("tests/fixtures/inputs/utf8"), |_| true)
}

/// The sample with 支出总表's line `line` (1-based) replaced by `f(old line)`.
fn with_t3_line(line: usize, f: impl Fn(&str) -> String) -> Vec<Input> {
    let mut inputs = sample();
    let t3 = inputs
        .iter_mut()
        .find(|i| i.name.starts_with("03-"))
        .unwrap();
    let text = String::from_utf8(t3.bytes.clone()).unwrap();
    let lines: Vec<String> = text
        .split("\r\n")
        .enumerate()
        .map(|(i, l)| if i + 1 == line { f(l) } else { l.to_string() })
        .collect();
    t3.bytes = lines.join("\r\n").into_bytes();
    inputs
}

fn timed(inputs: &[Input]) -> (Report, std::time::Duration) {
    let started = std::time::Instant::now();
    let report = properties::check(inputs);
    (report, started.elapsed())
}

/// Each limit case must give its result within this: a guard against hangs, not a speed goal
/// (speed lives in `npm run bench`). The quadratic cases it guards against took many minutes; a
/// debug build on a heavily shared machine once needed 85 s for one (the whole file: ~17 s).
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(180);

fn count(report: &Report, rule: &str) -> usize {
    report.findings.iter().filter(|f| f.rule == rule).count()
}

#[test]
fn ten_thousand_column_rows() {
    let base = properties::check(&sample());
    // A data row with 10 000 cells past the header: one RAGGED finding, the rest still checked.
    let (r, t) = timed(&with_t3_line(6, |l| {
        format!("{l}{}", ",1.00".repeat(10_000))
    }));
    assert!(t < PATIENCE, "{t:?}");
    assert_eq!(
        count(&r, "GJ-INPUT-RAGGED"),
        count(&base, "GJ-INPUT-RAGGED") + 1
    );
    assert_eq!(count(&r, "GJ-X-T1-T2"), count(&base, "GJ-X-T1-T2"));
    // A header row 10 000 columns wide.
    let (r, t) = timed(&with_t3_line(4, |l| {
        format!("{l}{}", ",其他".repeat(10_000))
    }));
    assert!(t < PATIENCE, "{t:?}");
    assert_eq!(count(&r, "GJ-X-T1-T2"), count(&base, "GJ-X-T1-T2"));
}

#[test]
fn one_megabyte_cells() {
    // As an amount: one GJ-INPUT-AMOUNT.
    let (r, t) = timed(&with_t3_line(6, |l| {
        l.replacen("28145.78", &"9".repeat(1 << 20), 1)
    }));
    assert!(t < PATIENCE, "{t:?}");
    assert_eq!(count(&r, "GJ-INPUT-AMOUNT"), 1);
    // As a row name and as a title. A message naming that row stays short: its middle is cut.
    let (r, t) = timed(&with_t3_line(6, |l| {
        l.replacen("社会保障和就业支出", &"社".repeat(1 << 19), 1)
    }));
    assert!(t < PATIENCE, "{t:?}");
    let named: Vec<&str> = r
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .filter(|m| m.contains("社社社"))
        .collect();
    assert!(!named.is_empty(), "some finding names the row");
    for m in named {
        assert!(
            m.chars().count() < 1_300,
            "{} characters",
            m.chars().count()
        );
        assert!(m.contains("…（中间略去 "), "{m}");
    }
    let (_, t) = timed(&with_t3_line(1, |l| {
        l.replacen("支出总表", &format!("支出总表{}", "续".repeat(1 << 19)), 1)
    }));
    assert!(t < PATIENCE, "{t:?}");
    // As one line of the narrative, repeating a year 65 536 times (the year count was quadratic).
    let mut inputs = sample();
    let n = inputs
        .iter_mut()
        .find(|i| i.name.ends_with(".txt"))
        .unwrap();
    n.bytes
        .extend("本部门2026年收入预算".repeat(1 << 16).into_bytes());
    let (_, t) = timed(&inputs);
    assert!(t < PATIENCE, "{t:?}");
}

#[test]
fn ten_thousand_files() {
    let mut inputs = sample();
    let base = properties::check(&inputs);
    for i in 0..10_000 {
        inputs.push(Input::new(format!("x{i}.csv"), format!("{i},a,b\r\n")));
    }
    let (r, t) = timed(&inputs);
    assert!(t < PATIENCE, "{t:?}");
    assert_eq!(count(&r, "GJ-INPUT-UNRECOGNIZED"), 10_000);
    assert_eq!(r.findings.len(), base.findings.len() + 10_000);
}

/// A file over `max_file_bytes` is reported and not read; every other file is checked as before.
/// (The limit is lowered here: the test never needs a file of hundreds of MB.)
#[test]
fn files_over_the_size_limit_are_skipped() {
    let base = properties::check(&sample());
    let largest = sample().iter().map(|i| i.bytes.len()).max().unwrap() as u64;
    let options = Options {
        max_file_bytes: Some(largest),
        ..Options::default()
    };
    let mut inputs = sample();
    // Over the limit by one byte; read, it would be another 支出总表 (GJ-INPUT-DUPLICATE).
    let t3 = inputs.iter().find(|i| i.name.starts_with("03-")).unwrap();
    let mut big = t3.bytes.clone();
    big.resize(largest as usize + 1, b'\n');
    inputs.push(Input::new("big.csv", big));
    // A file the host left unread (the page does so for File.size over its limit).
    inputs.push(Input::prepared(
        "huge.xlsx",
        gouji::Prepared::TooLarge(300 << 20),
    ));
    let r = check(&inputs, &options);
    let too_large: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "GJ-INPUT-TOO-LARGE")
        .collect();
    assert_eq!(too_large.len(), 2, "{too_large:?}");
    assert!(too_large[0].message.contains("big.csv"));
    assert!(too_large[1].message.contains("“huge.xlsx”大小为 300.0 MB"));
    // Everything else as without the two files.
    let rest: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule != "GJ-INPUT-TOO-LARGE")
        .map(|f| (f.rule, &f.message))
        .collect();
    let before: Vec<_> = base.findings.iter().map(|f| (f.rule, &f.message)).collect();
    assert_eq!(rest, before);
    assert_eq!(r.inputs.len(), base.inputs.len() + 2);
}

/// Workbooks that claim a huge sheet with a few cells are read sparsely or refused by name,
/// never laid out densely (the first aborted the process, the second took 5 GB).
#[test]
fn workbook_bombs_are_read_sparsely_or_refused() {
    let crash = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crashes");
        split::split(&std::fs::read(path.join(name)).unwrap())
    };
    let workbook_messages = |r: &Report| -> Vec<String> {
        r.findings
            .iter()
            .filter(|f| f.rule == "GJ-INPUT-WORKBOOK")
            .map(|f| f.message.clone())
            .collect()
    };
    // An .xls with a cell at row 62 988, column 1 281: refused before calamine opens it.
    let (r, _) = timed(&crash("check-xls-oom-dense-range"));
    let m = workbook_messages(&r);
    assert!(
        m.len() == 1 && m[0].contains("工作表声明的范围过大"),
        "{m:?}"
    );
    // An .xlsx with cells A1 and XFD1048576: two rows, the last one 16 384 cells wide.
    let (r, _) = timed(&crash("check-xlsx-dense-range-abort"));
    assert_eq!(workbook_messages(&r), Vec::<String>::new());
    assert_eq!(r.inputs.len(), 1);
    // An OpenDocument sheet named .xlsx, a row of 100 cells repeated a million times: not opened.
    let (r, _) = timed(&crash("check-ods-repeated-rows"));
    let m = workbook_messages(&r);
    assert!(
        m.len() == 1 && m[0].contains("Cannot detect file format"),
        "{m:?}"
    );
    // 300 rows with a cell in column XFD: past the empty-cell allowance, the sheet is refused.
    let (r, _) = timed(&crash("check-xlsx-wide-rows"));
    let m = workbook_messages(&r);
    assert!(m.len() == 1 && m[0].contains("工作表的单元格过多"), "{m:?}");
}
