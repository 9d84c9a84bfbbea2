//! The whole entry point: one fuzz input is split into several named files (`split.rs`), which
//! go through `gouji::check` together (the property: `properties::check`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../properties.rs"]
mod properties;
#[path = "../split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    properties::check(&split::split(data));
});
