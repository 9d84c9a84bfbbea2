//! Real disclosures of departments the rules were not tuned on (`tests/fixtures/external/<set>/`,
//! each with a SOURCE.md). The error and warning findings on each set — (rule, file, row) of
//! the first location — must be exactly those in the reviewed `<set>.expected.txt` beside it:
//! a new false alarm or a lost true finding fails. `UPDATE_FIXTURES=1` rewrites the files; review
//! every changed line (is it a real mistake of the document?) before committing.

mod common;

use gouji::{Input, Options, Severity, check};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/external")
}

/// The set's published files: everything but the provenance note.
fn load(dir: &Path) -> Vec<Input> {
    common::load_dir(dir, |p| common::name(p) != "SOURCE.md")
}

fn findings(dir: &Path) -> String {
    let report = check(&load(dir), &Options::default());
    let mut lines: Vec<String> = report
        .findings
        .iter()
        .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning))
        .map(|f| {
            let (file, row) = f.locations.first().map_or(("", 0), |l| (&*l.file, l.row));
            format!("{} {} {}", f.rule, file, row)
        })
        .collect();
    lines.sort();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn external_sets_raise_exactly_the_reviewed_findings() {
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut sets: Vec<PathBuf> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sets.sort();
    assert!(sets.len() >= 10, "expected the external sets");
    let mut failures = Vec::new();
    for dir in sets {
        assert!(
            dir.join("SOURCE.md").is_file(),
            "{}: no SOURCE.md",
            dir.display()
        );
        let got = findings(&dir);
        let expected_file = dir.with_extension("expected.txt");
        if update {
            std::fs::write(&expected_file, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_file).unwrap_or_default();
        if expected != got {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
