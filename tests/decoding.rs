//! The page's decoding path gives the report the native one does: the wasm core has no GBK
//! tables, so the browser decodes what `decode::sniff` detected and passes text
//! (`Prepared::Text`); a GBK, a UTF-8 and a UTF-16 copy of one disclosure report the same.

use gouji::decode::{Detected, sniff};
use gouji::{Input, Options, Prepared, Report, check};
use std::fs;
use std::path::Path;

fn gbk_set() -> Vec<Input> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs/e2e/gbk");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| Input::new(n.clone(), fs::read(dir.join(&n)).unwrap()))
        .collect()
}

/// The report as JSON without the per-file encoding names, which legitimately differ.
fn comparable(report: &Report) -> serde_json::Value {
    let mut v = serde_json::to_value(report).unwrap();
    for input in v["inputs"].as_array_mut().unwrap() {
        input["encoding"] = serde_json::Value::Null;
    }
    v
}

fn text(input: &Input) -> String {
    gouji::decode::decode(&input.bytes)
        .unwrap()
        .text
        .into_owned()
}

#[test]
fn gbk_utf8_utf16_and_host_decoded_text_give_one_report() {
    let gbk = gbk_set();
    assert!(
        gbk.iter().any(|i| sniff(&i.bytes) == Ok(Detected::Gbk)),
        "the fixture set has GBK files"
    );
    let utf8: Vec<_> = gbk
        .iter()
        .map(|i| Input::new(i.name.clone(), text(i).into_bytes()))
        .collect();
    let utf16: Vec<_> = gbk
        .iter()
        .map(|i| {
            let mut b = vec![0xFF, 0xFE];
            b.extend(text(i).encode_utf16().flat_map(u16::to_le_bytes));
            Input::new(i.name.clone(), b)
        })
        .collect();
    // What the page's worker sends: text decoded by the host, with the sniffed encoding.
    let host: Vec<_> = gbk
        .iter()
        .map(|i| match sniff(&i.bytes).unwrap() {
            d if d.needs_tables() => Input::prepared(
                i.name.clone(),
                Prepared::Text {
                    text: text(i),
                    encoding: d,
                },
            ),
            _ => i.clone(),
        })
        .collect();
    let options = Options::default();
    let reference = check(&gbk, &options);
    assert!(
        reference.summary.errors > 0,
        "the sample's mistakes are found"
    );
    assert_eq!(
        reference
            .inputs
            .iter()
            .filter(|i| i.encoding.as_deref() == Some("GBK"))
            .count(),
        gbk.iter()
            .filter(|i| sniff(&i.bytes) == Ok(Detected::Gbk))
            .count()
    );
    for (name, set) in [
        ("UTF-8", &utf8),
        ("UTF-16LE", &utf16),
        ("host-decoded", &host),
    ] {
        assert_eq!(
            comparable(&check(set, &options)),
            comparable(&reference),
            "{name} copy reports differently"
        );
    }
    // The host-decoded path keeps the encoding name the native path reports.
    let encodings =
        |r: &Report| -> Vec<_> { r.inputs.iter().map(|i| i.encoding.clone()).collect() };
    assert_eq!(encodings(&check(&host, &options)), encodings(&reference));
}
