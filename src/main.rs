//! The `gouji` command line: a thin edge over `gouji::check`.
//!
//! gouji check FILES_OR_DIRS... [--format text|json] [--out DIR] [--year N]
//! gouji rules [--markdown | --json]
//! gouji synth --out DIR [--seed N] [--units N] [--codes N] [--projects N] [--indicators N]
//!             [--no-narrative] [--plain]
//!
//! Exit status: 0 no error-severity finding, 1 at least one, 2 usage or I/O failure.

mod cli;

use cli::batch::{check_all, departments, report_file_name, summary_csv};
use cli::render::{render_batch, render_text};
use gouji::Options;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "用法：
  gouji check <文件或目录>... [--format text|json] [--out 目录] [--year 年份] [--max-file-mb N]
      校验预算公开表。直接给出的文件视为一个部门；目录中每个直接包含文件的文件夹是一个部门，
      多个部门时并行校验并打印汇总表；--out 为每个部门写一份 JSON 报告，并写汇总 summary.csv。
      --max-file-mb：大于 N MB 的文件不读取，报告为 GJ-INPUT-TOO-LARGE（默认不限；
      检查时内存峰值约为输入的 3.3 倍）。
  gouji rules [--markdown | --json]   列出全部校验规则
  gouji synth --out <目录> [--seed N] [--units N] [--codes N] [--projects N] [--indicators N] [--no-narrative] [--plain]
      生成一套自洽的模拟部门预算公开表（全部十张表和情况说明）；--plain 不随机变换导出样式。
退出码：0 无错误，1 发现错误，2 用法或读写失败。";

fn main() -> ExitCode {
    gouji::memory::give_back_large_blocks();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => run_check(&args[1..]),
        Some("synth") => run_synth(&args[1..]),
        Some("rules") => {
            let text = if args.iter().any(|a| a == "--markdown") {
                gouji::rules::catalogue_markdown()
            } else if args.iter().any(|a| a == "--json") {
                format!("{}\n", gouji::rules::catalogue_json())
            } else {
                gouji::rules::all()
                    .iter()
                    .map(|r| format!("{:<24} {:<7} {}\n", r.id, r.severity.as_str(), r.title))
                    .collect()
            };
            match tolerate_closed_pipe(std::io::stdout().lock().write_all(text.as_bytes())) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => io_error(e),
            }
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

/// A reader that stops early (`gouji check … | head`) is not a failure: the rest is not wanted.
fn tolerate_closed_pipe(written: std::io::Result<()>) -> std::io::Result<()> {
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn io_error(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("gouji: 读写失败：{e}");
    ExitCode::from(2)
}

fn run_synth(args: &[String]) -> ExitCode {
    let mut spec = gouji::synth::Spec::default();
    let mut seed = 1u64;
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--no-narrative" => spec.narrative = false,
            "--plain" => spec.plain = true,
            _ => {
                let Some(value) = it.next() else {
                    return usage_error(&format!("{a} 缺少取值"));
                };
                let number = value.parse::<u64>();
                match (a.as_str(), number) {
                    ("--out", _) => out = Some(PathBuf::from(value)),
                    ("--seed", Ok(n)) => seed = n,
                    ("--units", Ok(n)) => spec.units = n as usize,
                    ("--codes", Ok(n)) => spec.codes = n as usize,
                    ("--projects", Ok(n)) => spec.projects = n as usize,
                    ("--indicators", Ok(n)) => spec.indicators = n as usize,
                    _ => return usage_error(&format!("无法理解的选项 {a} {value}")),
                }
            }
        }
    }
    let Some(dir) = out else {
        return usage_error("请用 --out 给出输出目录");
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("gouji: 无法创建 {}：{e}", dir.display());
        return ExitCode::from(2);
    }
    for input in gouji::synth::generate(&spec, seed) {
        let path = dir.join(&input.name);
        if let Err(e) = std::fs::write(&path, &input.bytes) {
            eprintln!("gouji: 无法写入 {}：{e}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn run_check(args: &[String]) -> ExitCode {
    let mut format = "text";
    let mut out_dir: Option<PathBuf> = None;
    let mut options = Options::default();
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        match flag {
            "--format" => match inline.or_else(|| it.next().cloned()).as_deref() {
                Some("text") => format = "text",
                Some("json") => format = "json",
                _ => return usage_error("--format 只能是 text 或 json"),
            },
            "--out" => match inline.or_else(|| it.next().cloned()) {
                Some(d) => out_dir = Some(PathBuf::from(d)),
                None => return usage_error("--out 需要一个目录"),
            },
            "--year" => match inline
                .or_else(|| it.next().cloned())
                .map(|y| y.parse::<u32>())
            {
                Some(Ok(y)) if (2000..=2100).contains(&y) => options.year = Some(y),
                _ => return usage_error("--year 需要一个年份，如 2025"),
            },
            "--max-file-mb" => match inline
                .or_else(|| it.next().cloned())
                .map(|v| v.parse::<f64>())
            {
                Some(Ok(mb)) if mb > 0.0 => {
                    options.max_file_bytes = Some((mb * 1_048_576.0) as u64)
                }
                _ => return usage_error("--max-file-mb 需要一个正数（MB）"),
            },
            s if s.starts_with('-') => return usage_error(&format!("未知选项 {s}")),
            _ => paths.push(PathBuf::from(a)),
        }
    }
    if paths.is_empty() {
        return usage_error("请给出要校验的文件或目录");
    }
    let depts = match departments(&paths) {
        Ok(d) if d.is_empty() => return usage_error("给出的目录中没有文件"),
        Ok(d) => d,
        Err(e) => return io_error(e),
    };
    let reports = match check_all(&depts, &options) {
        Ok(r) => r,
        Err(e) => return io_error(e),
    };
    if let Some(dir) = &out_dir {
        let written = std::fs::create_dir_all(dir).and_then(|_| {
            for (d, r) in depts.iter().zip(&reports) {
                r.write_json(std::fs::File::create(dir.join(report_file_name(&d.name)))?)?;
            }
            std::fs::write(dir.join("summary.csv"), summary_csv(&depts, &reports))
        });
        if let Err(e) = written {
            return io_error(e);
        }
    }
    let mut out = std::io::stdout().lock();
    let written = if let [report] = reports.as_slice() {
        match format {
            "json" => report
                .write_json(&mut out)
                .and_then(|_| out.write_all(b"\n")),
            _ => out.write_all(render_text(report).as_bytes()),
        }
    } else {
        match format {
            "json" => serde_json::to_writer_pretty(&mut out, &reports)
                .map_err(std::io::Error::from)
                .and_then(|_| out.write_all(b"\n")),
            _ => {
                let names: Vec<String> = depts.iter().map(|d| d.name.clone()).collect();
                out.write_all(render_batch(&names, &reports).as_bytes())
            }
        }
    };
    if let Err(e) = tolerate_closed_pipe(written.and_then(|_| out.flush())) {
        return io_error(e);
    }
    if reports.iter().any(|r| r.has_errors()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
