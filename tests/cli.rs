//! The CLI as a user runs it: exit codes, text and JSON output, batch mode over department
//! folders, and the per-department reports of --out.

use std::path::{Path, PathBuf};
use std::process::Command;

fn gouji() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gouji"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn changchun() -> PathBuf {
    root().join("www/samples")
}

fn putuo(name: &str) -> PathBuf {
    root().join("tests/fixtures/samples").join(name)
}

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("gouji-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn json_report_on_the_sample_and_exit_1_on_errors() {
    let out = gouji()
        .args(["check", "--format", "json"])
        .arg(changchun())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["tool"]["name"], "gouji");
    let tables: Vec<&str> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["table"].as_str())
        .collect();
    for t in [
        "T1",
        "T2",
        "T3",
        "T4",
        "T5",
        "T6",
        "T7",
        "T8",
        "T9",
        "T10",
        "narrative",
    ] {
        assert!(tables.contains(&t), "{t} not recognized: {tables:?}");
    }
    assert!(report["summary"]["errors"].as_u64().unwrap() > 0);
}

#[test]
fn text_output_names_cells_and_exit_0_without_errors() {
    let out = gouji()
        .arg("check")
        .arg(putuo("putuo-2025-zhengfuban-bumen"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("识别的文件"), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
    let out = gouji().arg("check").arg(changchun()).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("03-支出总表.csv:13:6 (F13)"), "{text}");
}

#[test]
fn usage_and_io_failures_exit_2() {
    assert_eq!(gouji().output().unwrap().status.code(), Some(2));
    assert_eq!(
        gouji().args(["check"]).output().unwrap().status.code(),
        Some(2)
    );
    assert_eq!(
        gouji()
            .args(["check", "--format", "xml", "."])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        gouji()
            .args(["check", "/no/such/file.csv"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

/// `gouji check … | head`: the reader closes the pipe early. The JSON report (118 KB) is larger
/// than a pipe's buffer, so a write fails with a broken pipe: that ends the output, not the
/// process by a panic.
#[test]
fn a_reader_closing_the_pipe_early_is_not_a_crash() {
    use std::io::Read;
    use std::process::Stdio;
    for format in ["json", "text"] {
        let mut child = gouji()
            .args(["check", "--format", format])
            .arg(changchun())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is dropped here, while the report is still being written.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
    }
}

#[test]
fn batch_over_department_folders_writes_reports_and_summary() {
    let tree = tempdir("tree");
    for (dept, src) in [
        ("a-changchun", changchun()),
        ("b-putuo", putuo("putuo-2025-shangwuwei-danwei")),
    ] {
        let d = tree.join("depts").join(dept);
        std::fs::create_dir_all(&d).unwrap();
        for e in std::fs::read_dir(src).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() && p.extension().is_some_and(|x| x == "csv" || x == "txt") {
                std::fs::copy(&p, d.join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    let out_dir = tree.join("out");
    let out = gouji()
        .arg("check")
        .arg(tree.join("depts"))
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("共 2 个部门：1 个有错误"), "{text}");
    let summary = std::fs::read_to_string(out_dir.join("summary.csv")).unwrap();
    assert!(summary.starts_with('\u{feff}'));
    assert_eq!(summary.lines().count(), 3, "{summary}");
    let reports: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .collect();
    assert_eq!(reports.len(), 2);
    std::fs::remove_dir_all(&tree).unwrap();
}

#[test]
fn year_flag_chooses_the_catalogue_year() {
    // 卫生健康支出 was 医疗卫生与计划生育支出 before 2020: the old name is a finding in a table of
    // the newest year (the default for an undated table), and right in a 2019 table.
    let file = root().join("tests/fixtures/rules/GJ-CODE-OLDNAME/triggers/t3.csv");
    let run = |extra: &[&str]| {
        let out = gouji()
            .args(["check", "--format", "json"])
            .args(extra)
            .arg(&file)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (_, undated) = run(&[]);
    assert!(undated.contains("GJ-CODE-OLDNAME"), "{undated}");
    let (_, y2026) = run(&["--year", "2026"]);
    assert!(y2026.contains("GJ-CODE-OLDNAME"), "{y2026}");
    let (code, y2019) = run(&["--year=2019"]);
    assert_eq!(code, Some(0));
    assert!(!y2019.contains("GJ-CODE-OLDNAME"), "{y2019}");
    for bad in [
        &["--year", "abc"][..],
        &["--year"][..],
        &["--year", "26"][..],
    ] {
        assert_eq!(run(bad).0, Some(2), "{bad:?}");
    }
}

#[test]
fn max_file_mb_reports_larger_files_and_checks_the_rest() {
    // 0.01 MB = 10 485 bytes: of the sample, only the two files above it are left unread.
    let big: Vec<String> = std::fs::read_dir(changchun())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "json"))
        .filter(|p| std::fs::metadata(p).unwrap().len() > 10_485)
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(!big.is_empty());
    let out = gouji()
        .args(["check", "--format", "json", "--max-file-mb", "0.01"])
        .arg(changchun())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut skipped: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "GJ-INPUT-TOO-LARGE")
        .map(|f| f["locations"][0]["file"].as_str().unwrap().to_string())
        .collect();
    skipped.sort();
    let mut expected = big.clone();
    expected.sort();
    assert_eq!(skipped, expected);
    let tables = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["table"].is_string())
        .count();
    assert_eq!(
        tables,
        11 - big.len(),
        "the other files are read and recognized"
    );
    assert_eq!(
        gouji()
            .args(["check", "--max-file-mb", "x"])
            .arg(changchun())
            .status()
            .unwrap()
            .code(),
        Some(2)
    );
}
