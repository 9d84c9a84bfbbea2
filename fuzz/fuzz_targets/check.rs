//! The whole entry point: one fuzz input is split into several named files, which go through
//! `gouji::check` together. The report must serialize, and every finding must name a rule of
//! the registry.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    let inputs = split::split(data);
    let report = gouji::check(&inputs, &gouji::Options::default());
    let ids: Vec<&str> = gouji::rules::all().iter().map(|r| r.id).collect();
    for f in &report.findings {
        assert!(ids.contains(&f.rule), "unknown rule {}", f.rule);
    }
    assert!(!report.to_json().is_empty());
});
