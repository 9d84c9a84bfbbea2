//! What each fuzz target asserts, as plain functions: the targets in `fuzz_targets/` call them on
//! libFuzzer's inputs, and tests/robustness.rs on the checked-in crash inputs and on proptest's,
//! so the properties compile and run in every `cargo test` (the fuzz crate itself is not built
//! by it, and once stopped compiling unseen).
// Each fuzz target uses one of these.
#![allow(dead_code)]

use gouji::amount::{fmt_amount, looks_numeric, parse_amount, parse_decimal};
use gouji::{Input, Options, Report};
use std::sync::Arc;

/// The whole entry point: `check` returns a report that serializes, and every finding names a
/// rule of the registry.
pub fn check(inputs: &[Input]) -> Report {
    let report = gouji::check(inputs, &Options::default());
    let ids: Vec<&str> = gouji::rules::all().iter().map(|r| r.id).collect();
    for f in &report.findings {
        assert!(ids.contains(&f.rule), "unknown rule {}", f.rule);
    }
    assert!(!report.to_json().is_empty());
    report
}

/// The amount parser never panics, and what it accepts means what it printed: the value
/// survives a round trip through its canonical text, the decimal count is the digits after the
/// point, and blanks are exactly zero. The plain-decimal reader (`parse_decimal`, for numbers in
/// text) accepts nothing `Decimal::from_str` reads otherwise.
pub fn amount(raw: &str) {
    if let Some(d) = parse_decimal(raw) {
        let general = raw.parse::<rust_decimal::Decimal>().ok();
        let key = |d: rust_decimal::Decimal| (d.mantissa(), d.scale(), d.is_sign_negative());
        assert_eq!(Some(key(d)), general.map(key), "{raw:?}");
    }
    let _ = looks_numeric(raw);
    let Ok(a) = parse_amount(raw) else {
        return;
    };
    let _ = a.tolerance(2);
    if a.blank {
        assert!(a.value.is_zero(), "{raw:?} blank but {}", a.value);
        return;
    }
    assert_eq!(a.value.scale(), a.decimals, "{raw:?}");
    let canonical = a.value.to_string();
    let again = parse_amount(&canonical).unwrap_or_else(|e| panic!("{raw:?} → {canonical:?}: {e}"));
    assert_eq!(again.value, a.value, "{raw:?} → {canonical:?}");
    let shown = fmt_amount(a.value);
    let back = parse_amount(&shown).unwrap_or_else(|e| panic!("{raw:?} → {shown:?}: {e}"));
    assert_eq!(back.value, a.value, "{raw:?} → {shown:?}");
}

/// One text file through the CSV reader and the table recognizer: rows keep increasing
/// spreadsheet numbers, and recognition never panics.
pub fn sheet(text: &str) {
    let sheet = gouji::csv_input::read_csv("t.csv", None, text);
    let numbers: Vec<u32> = sheet.rows().map(|row| row.number).collect();
    assert!(
        numbers.windows(2).all(|w| w[0] < w[1]),
        "row numbers not increasing"
    );
    let _ = gouji::recognize::recognize(Arc::new(sheet));
}
