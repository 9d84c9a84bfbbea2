//! One text file through the CSV reader and the table recognizer (the property:
//! `properties::sheet`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../properties.rs"]
mod properties;

fuzz_target!(|data: &[u8]| {
    properties::sheet(&String::from_utf8_lossy(data));
});
