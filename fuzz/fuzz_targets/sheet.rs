//! One text file through the CSV reader and the table recognizer: rows keep increasing
//! spreadsheet numbers, and recognition never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let sheet = gouji::csv_input::read_csv("t.csv", None, &text);
    let numbers: Vec<u32> = sheet.rows().map(|row| row.number).collect();
    assert!(
        numbers.windows(2).all(|w| w[0] < w[1]),
        "row numbers not increasing"
    );
    let _ = gouji::recognize::recognize(Arc::new(sheet));
});
