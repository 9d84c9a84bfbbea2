//! GJ-X-T1-T2: each income item of 收支总表 equals the matching source columns of 收入总表's
//! department row (or 合计 row) — 一般公共预算拨款收入 = 一般公共预算, 单位资金收入 = 事业收入 +
//! … + 其他收入, and so on, for the current-year and the carry-over columns.

use super::cross::{Scales, bare_label, equal, fig, skip_pair, total_line};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::TableKind;
use crate::text::contains;

pub static RULE: Rule = Rule {
    id: "GJ-X-T1-T2",
    severity: Severity::Error,
    title: "收支总表收入项目与收入总表不符",
    what: rule_doc!(
        "收支总表收入方的每个项目（财政拨款收入及其一般公共预算、政府性基金、国有资本经营预算拨款，财政专户管理资金，单位资金及事业收入、经营收入、其他收入等）等于收入总表部门行（或合计行）对应来源列之和，编制预算（当年）与上年结转分别比较。"
    ),
    why: rule_doc!(
        "收入总表按来源列示部门收入，收支总表的收入方是它的汇总；两表对不上说明某一来源填错、错列或整行错位。"
    ),
    example: rule_doc!(
        "收支总表「一般公共预算拨款收入」上年结转 257.78 应等于收入总表部门行「上年结转/一般公共预算」257.78。"
    ),
    check: Some(check),
};

/// (label test, T2 current-year keys, T2 carry-over keys, T2 keys for layouts with one column).
type Source = (
    fn(&str) -> bool,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

const SOURCES: &[Source] = &[
    (
        |b| contains(b, "财政拨款"),
        &["cur.gpb", "cur.fund", "cur.soe"],
        &["carry.gpb", "carry.fund", "carry.soe"],
        &["fiscal"],
    ),
    (
        |b| contains(b, "一般公共预算"),
        &["cur.gpb"],
        &["carry.gpb"],
        &[],
    ),
    (
        |b| contains(b, "政府性基金"),
        &["cur.fund"],
        &["carry.fund"],
        &[],
    ),
    (
        |b| contains(b, "国有资本经营"),
        &["cur.soe"],
        &["carry.soe"],
        &[],
    ),
    (
        |b| contains(b, "财政专户"),
        &["cur.zhuanhu"],
        &["carry.zhuanhu"],
        &[],
    ),
    (
        |b| contains(b, "单位资金"),
        &[
            "cur.shiye",
            "cur.jingying",
            "cur.shangji",
            "cur.fushu",
            "cur.other",
        ],
        &["carry.unitfund"],
        &[],
    ),
    (
        |b| contains(b, "经营收入"),
        &["cur.jingying"],
        &[],
        &["jingying"],
    ),
    (|b| contains(b, "事业收入"), &["cur.shiye"], &[], &["shiye"]),
    (|b| contains(b, "上级补助"), &["cur.shangji"], &[], &[]),
    (|b| contains(b, "附属单位"), &["cur.fushu"], &[], &[]),
    (|b| contains(b, "其他收入"), &["cur.other"], &[], &["other"]),
];

fn check(d: &Disclosure, findings: &mut Findings) {
    let (Some(t1), Some(t2)) = (d.table(TableKind::T1), d.table(TableKind::T2)) else {
        return;
    };
    if skip_pair(d, t1.kind, t2.kind) {
        return;
    }
    let Some(row) = total_line(t2) else { return };
    let scales = Scales::new(&[t1, t2]);
    let unit = scales.unit_name(t1);
    for line in &t1.lines {
        let label = bare_label(t1, line, "in");
        if label.is_empty() || contains(&label, "合计") || contains(&label, "总计") {
            continue;
        }
        let Some((_, cur, carry, single)) = SOURCES.iter().find(|s| (s.0)(&label)) else {
            continue;
        };
        // Layouts with 当年/结转 columns compare each; one-column layouts compare the total.
        let pairs: [(&str, &[&str]); 3] =
            [("in.cur", cur), ("in.carry", carry), ("in.total", single)];
        for (k1, keys2) in pairs {
            if keys2.is_empty() || !t1.has(k1) || !keys2.iter().all(|k| t2.has(k)) {
                continue;
            }
            let Some(a) = fig(t1, line, k1, &scales) else {
                continue;
            };
            let parts: Option<Vec<_>> = keys2
                .iter()
                .map(|k| fig(t2, row, k, &scales).map(|f| f.term))
                .collect();
            let Some(parts) = parts else { continue };
            equal(findings, &RULE, a.term, parts, &|| {
                let names: Vec<String> = keys2
                    .iter()
                    .map(|k| super::row_identity::header_name(t2, k))
                    .collect();
                let subject = format!("收支总表「{}」（{unit}）", t1.text(line, "in.item"));
                let row_name = if t2.is_total(row) {
                    "合计".to_string()
                } else {
                    t2.describe(row)
                };
                let relation = format!(
                    "「{}」 = 收入总表「{}」行 {}",
                    super::row_identity::header_name(t1, k1),
                    row_name,
                    names.join(" + ")
                );
                (subject, relation)
            });
        }
    }
}
