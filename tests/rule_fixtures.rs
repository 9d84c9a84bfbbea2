//! One fixture pair per rule, in the manner of ruff: `tests/fixtures/rules/<RULE-ID>/triggers/`
//! holds a minimal set of files that must raise the rule, `passes/` a set that must not. The
//! findings of that rule on `triggers/` are compared with `triggers.expected.json` (a snapshot);
//! rerun with `UPDATE_FIXTURES=1` to rewrite snapshots after an intended change, and review the
//! diff. Every rule of the registry must have its fixture directory. An optional
//! `<RULE-ID>/options.json` gives the `Options` both sets are checked with (e.g. a size limit).

mod common;

use gouji::{Input, Options, Severity, check};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn load(dir: &Path) -> Vec<Input> {
    common::load_dir(dir, |_| true)
}

fn options(rule_dir: &Path) -> Options {
    std::fs::read_to_string(rule_dir.join("options.json"))
        .map(|json| serde_json::from_str(&json).unwrap())
        .unwrap_or_default()
}

fn findings_json(dir: &Path, rule: &str, options: &Options) -> (usize, String) {
    let report = check(&load(dir), options);
    let mine: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
    (
        mine.len(),
        serde_json::to_string_pretty(&mine).unwrap() + "\n",
    )
}

#[test]
fn every_rule_has_fixtures_that_trigger_and_pass() {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut failures = Vec::new();
    for rule in gouji::rules::all() {
        let dir = root().join(rule.id);
        let (triggers, passes) = (dir.join("triggers"), dir.join("passes"));
        if !triggers.is_dir() || !passes.is_dir() {
            failures.push(format!(
                "{}: missing {}/{{triggers,passes}}/",
                rule.id,
                dir.display()
            ));
            continue;
        }
        let options = options(&dir);
        let (n, json) = findings_json(&triggers, rule.id, &options);
        if n == 0 {
            failures.push(format!(
                "{}: triggers/ raised no finding of the rule",
                rule.id
            ));
        }
        let snapshot = dir.join("triggers.expected.json");
        if update {
            std::fs::write(&snapshot, &json).unwrap();
        } else {
            match std::fs::read_to_string(&snapshot) {
                Ok(expected) if expected == json => {}
                Ok(_) => failures.push(format!(
                    "{}: findings differ from {} (UPDATE_FIXTURES=1 to bless):\n{json}",
                    rule.id,
                    snapshot.display()
                )),
                Err(_) => failures.push(format!("{}: no snapshot {}", rule.id, snapshot.display())),
            }
        }
        let report = check(&load(&passes), &options);
        let bad: Vec<_> = report
            .findings
            .iter()
            .filter(|f| {
                f.rule == rule.id
                    && (f.severity != Severity::Info || rule.severity == Severity::Info)
            })
            .collect();
        if !bad.is_empty() {
            failures.push(format!("{}: passes/ raised {:?}", rule.id, bad));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
