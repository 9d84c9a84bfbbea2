//! GJ-X-T1-T3: each expenditure 类 line of 收支总表 equals the same 类 row of 支出总表 in every
//! column they share; a non-zero 类 on one side and missing on the other is a finding too.

use super::cross::{Scales, class_lines, class_row, class_rows, equal, skip_pair, term_sum};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::{Role, Severity};
use crate::table::{Line, Table, TableKind};

pub static RULE: Rule = Rule {
    id: "GJ-X-T1-T3",
    severity: Severity::Error,
    title: "收支总表支出功能分类与支出总表不符",
    what: rule_doc!(
        "收支总表支出方每个功能分类（类）的金额等于支出总表同名类级科目行的对应列（合计、当年预算、上年结转，或基本支出、项目支出）；收支总表列有金额的类在支出总表中找不到，或支出总表有金额的类在收支总表中没有，也报告。"
    ),
    why: rule_doc!("收支总表的支出方是支出总表按类的汇总，两表同一类的金额必须相同。"),
    example: rule_doc!(
        "收支总表「三、社会保障和就业支出」本年预算 28145.78 = 支出总表 208 社会保障和就业支出 合计 28145.78。"
    ),
    check: Some(check),
};

/// (T1 keys summed, T3 keys summed): the columns the two tables share.
pub const COLUMNS: &[(&[&str], &[&str])] = &[
    (&["out.total"], &["total"]),
    (&["out.cur"], &["cur.total"]),
    (&["out.carry"], &["carry.total"]),
    (&["out.staff", "out.public"], &["basic"]),
    (&["out.project"], &["project"]),
];

/// Is any of the line's compared amounts non-zero?
pub fn nonzero(t: &Table, line: &Line, keys: &[&str]) -> bool {
    keys.iter()
        .any(|k| t.amount(line, k).is_some_and(|a| !a.value.is_zero()))
}

fn check(d: &Disclosure, findings: &mut Findings) {
    let (Some(t1), Some(t3)) = (d.table(TableKind::T1), d.table(TableKind::T3)) else {
        return;
    };
    if skip_pair(d, t1.kind, t3.kind) {
        return;
    }
    let scales = Scales::new(&[t1, t3]);
    let unit = scales.unit_name(t1);
    let rows = class_rows(t3);
    let mut matched = Vec::new();
    for (label, line) in class_lines(t1) {
        let Some((code, row)) = class_row(d, t3, &label) else {
            if nonzero(t1, line, &["out.total", "out.cur", "out.carry"]) {
                findings.push(
                    &RULE,
                    format!(
                        "收支总表支出方「{}」列有金额，但支出总表没有这一类级科目行。",
                        t1.text(line, "out.item")
                    ),
                    vec![t1.loc(line, "out.total").with_role(Role::Culprit)],
                );
            }
            continue;
        };
        matched.push(code.clone());
        compare_line(findings, t1, line, t3, row, &scales, unit);
    }
    for (code, row) in &rows {
        if !matched.contains(code) && nonzero(t3, row, &["total"]) && !class_lines(t1).is_empty() {
            findings.push(
                &RULE,
                format!(
                    "支出总表「{}」有金额，但收支总表支出方没有这一类。",
                    t3.describe(row)
                ),
                vec![t3.loc(row, "total").with_role(Role::Culprit)],
            );
        }
    }
}

fn compare_line(
    findings: &mut Findings,
    t1: &Table,
    line: &Line,
    t3: &Table,
    row: &Line,
    scales: &Scales,
    unit: &str,
) {
    for (k1, k3) in COLUMNS {
        let a = term_sum(t1, line, k1, scales);
        let b = term_sum(t3, row, k3, scales);
        let (Some((_, a_parts)), Some((b, _))) = (a, b) else {
            continue;
        };
        // The T3 cell is the total the T1 cells must add up to.
        equal(findings, &RULE, b, a_parts, &|| {
            let subject = format!("收支总表「{}」（{unit}）", t1.text(line, "out.item"));
            let relation = format!(
                "支出总表「{}」「{}」 = 收支总表「{}」",
                t3.describe(row),
                super::row_identity::header_name(t3, k3[0]),
                k1.iter()
                    .map(|k| super::row_identity::header_name(t1, k))
                    .collect::<Vec<_>>()
                    .join(" + ")
            );
            (subject, relation)
        });
    }
}
