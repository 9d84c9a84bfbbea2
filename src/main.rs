//! The `gouji` command line: a thin edge over `gouji::check`.
//!
//! gouji check FILES_OR_DIRS... [--format text|json]
//! gouji rules [--markdown]
//!
//! Exit status: 0 no error-severity finding, 1 at least one, 2 usage or I/O failure.

use gouji::report::Report;
use gouji::sheet::column_letters;
use gouji::{Input, Options, check};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "用法：
  gouji check <文件或目录>... [--format text|json]   校验一个部门的预算公开表
  gouji rules [--markdown]                           列出全部校验规则
退出码：0 无错误，1 发现错误，2 用法或读写失败。";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => run_check(&args[1..]),
        Some("rules") => {
            if args.iter().any(|a| a == "--markdown") {
                print!("{}", gouji::rules::catalogue_markdown());
            } else {
                for r in gouji::rules::all() {
                    println!("{:<24} {:<7} {}", r.id, r.severity.as_str(), r.title);
                }
            }
            ExitCode::SUCCESS
        }
        Some("--version" | "-V") => {
            println!("gouji {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error("缺少子命令"),
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("gouji: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn run_check(args: &[String]) -> ExitCode {
    let mut format = "text";
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => match it.next().map(String::as_str) {
                Some(f @ ("text" | "json")) => format = f,
                _ => return usage_error("--format 只能是 text 或 json"),
            },
            s if s.starts_with("--format=") => match &s["--format=".len()..] {
                "text" => format = "text",
                "json" => format = "json",
                _ => return usage_error("--format 只能是 text 或 json"),
            },
            s if s.starts_with('-') => return usage_error(&format!("未知选项 {s}")),
            s => paths.push(PathBuf::from(s)),
        }
    }
    if paths.is_empty() {
        return usage_error("请给出要校验的文件或目录");
    }
    let mut files = Vec::new();
    for p in &paths {
        if let Err(e) = collect(p, &mut files) {
            eprintln!("gouji: 无法读取 {}：{e}", p.display());
            return ExitCode::from(2);
        }
    }
    let mut inputs = Vec::new();
    for f in files {
        match std::fs::read(&f) {
            Ok(bytes) => inputs.push(Input::new(
                f.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                bytes,
            )),
            Err(e) => {
                eprintln!("gouji: 无法读取 {}：{e}", f.display());
                return ExitCode::from(2);
            }
        }
    }
    let report = check(&inputs, &Options::default());
    if format == "json" {
        println!("{}", report.to_json());
    } else {
        print!("{}", render_text(&report));
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Files under `path` (itself when a file), sorted, skipping hidden entries.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        entries.sort();
        for e in entries {
            collect(&e, out)?;
        }
    } else {
        std::fs::metadata(path)?;
        out.push(path.to_path_buf());
    }
    Ok(())
}

fn render_text(report: &Report) -> String {
    let mut out = String::new();
    out.push_str("识别的文件：\n");
    for i in &report.inputs {
        let sheet = i
            .sheet
            .as_ref()
            .map(|s| format!("「{s}」"))
            .unwrap_or_default();
        let what = match (&i.table, &i.title) {
            (Some(t), Some(title)) => format!("{t} {title}"),
            (Some(t), None) => t.clone(),
            (None, _) => "未识别".to_string(),
        };
        out.push_str(&format!(
            "  {}{sheet}  {what}  [{}{}，{} 行]\n",
            i.file,
            i.encoding.as_deref().unwrap_or("-"),
            i.unit
                .as_ref()
                .map(|u| format!("，单位 {u}"))
                .unwrap_or_default(),
            i.rows
        ));
    }
    out.push('\n');
    for f in &report.findings {
        out.push_str(&format!(
            "[{}] {} {}\n    {}\n",
            f.severity.label_zh(),
            f.rule,
            f.title,
            f.message
        ));
        if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
            out.push_str(&format!(
                "    应为 {e}，实为 {a}{}\n",
                f.difference
                    .as_ref()
                    .map(|d| format!("，差额 {d}"))
                    .unwrap_or_default()
            ));
        }
        for l in f.locations.iter().take(8) {
            let sheet = l
                .sheet
                .as_ref()
                .map(|s| format!(":{s}"))
                .unwrap_or_default();
            let cell = if l.column > 0 {
                format!(" ({}{})", column_letters(l.column), l.row)
            } else {
                String::new()
            };
            let header = l
                .header
                .as_ref()
                .map(|h| format!(" 「{h}」"))
                .unwrap_or_default();
            let value = l
                .value
                .as_ref()
                .map(|v| format!(" = {v}"))
                .unwrap_or_default();
            let mark = if l.role == Some(gouji::report::Role::Culprit) {
                " ← 最可能出错"
            } else {
                ""
            };
            out.push_str(&format!(
                "    {}{sheet}:{}:{}{cell}{header}{value}{mark}\n",
                l.file, l.row, l.column
            ));
        }
        if f.locations.len() > 8 {
            out.push_str(&format!("    …另有 {} 处\n", f.locations.len() - 8));
        }
    }
    out.push_str(&format!(
        "\n共 {} 个错误，{} 个警告，{} 个提示。\n",
        report.summary.errors, report.summary.warnings, report.summary.infos
    ));
    out
}
