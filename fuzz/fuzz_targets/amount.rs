//! The amount parser: never panics, and what it accepts means what it printed — the value
//! survives a round trip through its canonical text, the decimal count is the digits after the
//! point, and blanks are exactly zero.
#![no_main]

use gouji::amount::{fmt_amount, looks_numeric, parse_amount};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
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
});
