//! One text file through the CSV reader and the table recognizer: rows keep increasing
//! spreadsheet numbers, and recognition never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let sheet = gouji::csv_input::read_csv("t.csv", None, &text);
    assert!(
        sheet.rows.windows(2).all(|w| w[0].number < w[1].number),
        "row numbers not increasing"
    );
    let _ = gouji::recognize::recognize(Arc::new(sheet));
});
