//! Reports rendered for a person at a terminal.

use gouji::report::{Report, Role};
use gouji::sheet::column_letters;

/// One department's report: recognized files, then each finding with its cells.
pub fn render_text(report: &Report) -> String {
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
                .as_deref()
                .map(|v| format!(" = {v}"))
                .unwrap_or_default();
            let mark = if l.role == Some(Role::Culprit) {
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

/// The batch summary: one line per department with its counts, then the totals.
pub fn render_batch(names: &[String], reports: &[Report]) -> String {
    let width = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!(
        "{:<width$}  {:>6}  {:>6}  {:>6}\n",
        "部门", "错误", "警告", "提示"
    );
    let (mut e, mut w, mut i) = (0, 0, 0);
    for (name, r) in names.iter().zip(reports) {
        let pad = width - name.chars().count() + name.len();
        out.push_str(&format!(
            "{name:<pad$}  {:>8}  {:>8}  {:>8}\n",
            r.summary.errors, r.summary.warnings, r.summary.infos
        ));
        e += r.summary.errors;
        w += r.summary.warnings;
        i += r.summary.infos;
    }
    out.push_str(&format!(
        "\n共 {} 个部门：{} 个有错误；错误 {e}，警告 {w}，提示 {i}。\n",
        reports.len(),
        reports.iter().filter(|r| r.has_errors()).count()
    ));
    out
}
