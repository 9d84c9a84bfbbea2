//! `docs/rules.md` is generated from the rule registry; this test fails when the checked-in file
//! no longer matches it, and `gouji rules` must list every rule.

use std::path::Path;

#[test]
fn docs_rules_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = gouji::rules::catalogue_markdown();
    assert!(
        checked_in == generated,
        "docs/rules.md is stale: regenerate it with\n    cargo run -q -- rules --markdown > docs/rules.md"
    );
}

#[test]
fn catalogue_lists_every_rule_once() {
    let md = gouji::rules::catalogue_markdown();
    let rules = gouji::rules::all();
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), rules.len(), "duplicate rule id");
    for r in rules {
        assert!(
            md.contains(&format!("\n## {}\n", r.id)),
            "{} not in catalogue",
            r.id
        );
        assert!(
            !r.title.is_empty() && !r.what.is_empty() && !r.why.is_empty() && !r.example.is_empty(),
            "{} lacks docs",
            r.id
        );
    }
}
