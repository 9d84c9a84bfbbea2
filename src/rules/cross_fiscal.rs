//! Fiscal appropriations across tables. GJ-X-FISCAL: for each fund, 收支总表's income line =
//! 财政拨款收支总表's income line = the table spending it (一般公共预算 → 一般公共预算支出表 合计,
//! 政府性基金 → 政府性基金预算支出表, 国有资本经营 → 国有资本经营预算支出表). GJ-X-T4-T5: each 类 line of 财政拨款收支总表 =
//! the same 类 in 一般公共预算支出表 (+ 政府性基金 + 国有资本经营预算支出表).

use super::cross::{
    Fig, Scales, cell_name, class_lines, class_row, class_rows, consensus, equal, fig, find_label,
    side_total, skip_pair, total_line, without_flagged,
};
use super::cross_t1_t3::nonzero;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::{Role, Severity};
use crate::table::{Line, Table, TableKind};

pub static FISCAL: Rule = Rule {
    id: "GJ-X-FISCAL",
    severity: Severity::Error,
    title: "财政拨款（一般公共预算、政府性基金、国有资本经营）在各表不一致",
    what: rule_doc!(
        "对每一种财政拨款（一般公共预算、政府性基金、国有资本经营预算）：收支总表的该项拨款收入、财政拨款收支总表收入方的该项拨款及其支出总计中该资金的一列、相应支出表（一般公共预算支出表、政府性基金预算支出表、国有资本经营预算支出表）的合计行，在合计、当年预算、上年结转各列相等。多数一致而某一处不一致时，指出那一处。"
    ),
    why: rule_doc!(
        "同一笔拨款在收支总表、财政拨款收支总表和相应的支出表中各出现一次，几处必须相同。"
    ),
    example: rule_doc!(
        "收支总表「一般公共预算拨款收入」29145.16 = 一般公共预算支出表合计 29145.16，而财政拨款收支总表写成 286636.36：财政拨款收支总表有误。"
    ),
    check: Some(check_fiscal),
};

pub static T4_T5: Rule = Rule {
    id: "GJ-X-T4-T5",
    severity: Severity::Error,
    title: "财政拨款收支总表支出功能分类与分资金表不符",
    what: rule_doc!(
        "财政拨款收支总表支出方每个功能分类（类）等于一般公共预算支出表、政府性基金预算支出表、国有资本经营预算支出表中同名类级科目之和（分列一般公共预算、政府性基金、国有资本经营预算的版式逐列比较）；一般公共预算支出表有金额的类在财政拨款收支总表中缺失也报告。"
    ),
    why: rule_doc!(
        "财政拨款收支总表的支出方按类汇总各项财政拨款支出，必须与分资金来源的支出表一致。"
    ),
    example: rule_doc!(
        "财政拨款收支总表「一、一般公共服务支出」一般公共预算 21,601,733.00 = 一般公共预算支出功能分类预算表 201 合计 21,601,733.00。"
    ),
    check: Some(check_t4_t5),
};

/// Each fiscal fund: words of its income line in 收支总表/财政拨款收支总表, the expenditure column
/// of a 财政拨款收支总表 split by fund, and the table that spends it.
const FUNDS: [(&str, &str, TableKind); 3] = [
    ("一般公共预算", "out.gpb", TableKind::T5),
    ("政府性基金", "out.fund", TableKind::T8),
    ("国有资本经营", "out.soe", TableKind::Gzy),
];

fn check_fiscal(d: &Disclosure, findings: &mut Findings) {
    let flagged = super::cross_scale::flagged(d);
    for (words, out_key, spender) in FUNDS {
        let kinds = [TableKind::T1, TableKind::T4, spender];
        let tables: Vec<&Table> = kinds.iter().filter_map(|&k| d.table(k)).collect();
        if tables.len() < 2 {
            continue;
        }
        let scales = Scales::new(&tables);
        let unit = scales.unit_name(tables[0]);
        let names_fund = |b: &str| b.contains(words);
        for (k12, k5, column) in [
            ("in.total", "total", "合计"),
            ("in.cur", "cur.total", "当年预算"),
            ("in.carry", "carry.total", "上年结转"),
        ] {
            let mut figs: Vec<(TableKind, Fig)> = Vec::new();
            for kind in [TableKind::T1, TableKind::T4] {
                if let Some(t) = d.table(kind)
                    && let Some(line) = find_label(t, "in", names_fund)
                    && let Some(f) = fig(t, line, k12, &scales)
                {
                    figs.push((kind, f));
                }
            }
            if k12 == "in.total"
                && let Some(t) = d.table(TableKind::T4)
                && let Some(line) = side_total(t, "out")
                && let Some(f) = fig(t, line, out_key, &scales)
            {
                figs.push((t.kind, f));
            }
            if let Some(t) = d.table(spender)
                && let Some(line) = total_line(t)
                && let Some(f) = fig(t, line, k5, &scales)
            {
                figs.push((t.kind, f));
            }
            let figs = without_flagged(figs, flagged);
            let subject = format!("{words}拨款「{column}」（{unit}）");
            consensus(findings, &FISCAL, &subject, &figs);
        }
    }
}

fn check_t4_t5(d: &Disclosure, findings: &mut Findings) {
    let Some(t4) = d.table(TableKind::T4) else {
        return;
    };
    let sources: Vec<&Table> = [TableKind::T5, TableKind::T8, TableKind::Gzy]
        .iter()
        .filter_map(|&k| d.table(k))
        .filter(|t| !skip_pair(d, t4.kind, t.kind))
        .collect();
    let Some(t5) = sources.iter().copied().find(|t| t.kind == TableKind::T5) else {
        return;
    };
    let mut all = vec![t4];
    all.extend(&sources);
    let scales = Scales::new(&all);
    let unit = scales.unit_name(t4);
    let split = t4.has("out.gpb");
    let lines = class_lines(t4);
    for (label, line) in &lines {
        let subject = || {
            format!(
                "财政拨款收支总表「{}」（{unit}）",
                t4.text(line, "out.item")
            )
        };
        if split {
            for (k4, kind) in [
                ("out.gpb", TableKind::T5),
                ("out.fund", TableKind::T8),
                ("out.soe", TableKind::Gzy),
            ] {
                let Some(t) = sources.iter().find(|t| t.kind == kind) else {
                    continue;
                };
                let Some(a) = fig(t4, line, k4, &scales) else {
                    continue;
                };
                match class_row(d, t, label).map(|(_, r)| r) {
                    Some(row) => {
                        if let Some(b) = fig(t, row, "total", &scales) {
                            equal(findings, &T4_T5, a.term, vec![b.term], &|| {
                                let relation = format!("{} = {}", a.name.text(), b.name.text());
                                (subject(), relation)
                            });
                        }
                    }
                    None if !a.term.value.is_zero() => missing(findings, t4, line, k4, t),
                    None => {}
                }
            }
            continue;
        }
        let rows: Vec<(&Table, &Line)> = sources
            .iter()
            .filter_map(|t| class_row(d, t, label).map(|(_, r)| r).map(|r| (*t, r)))
            .collect();
        if rows.is_empty() {
            // Without every source table the 类 may belong to one not given.
            if sources.len() == 3 && nonzero(t4, line, &["out.total"]) {
                missing(findings, t4, line, "out.total", t5);
            }
            continue;
        }
        let only_t5 = rows.iter().all(|(t, _)| t.kind == TableKind::T5);
        for (k4, k) in [
            ("out.total", "total"),
            ("out.cur", "cur.total"),
            ("out.carry", "carry.total"),
        ] {
            if k4 != "out.total" && !only_t5 {
                continue;
            }
            let Some(a) = fig(t4, line, k4, &scales) else {
                continue;
            };
            let terms: Option<Vec<_>> = rows
                .iter()
                .map(|(t, r)| fig(t, r, k, &scales).map(|f| f.term))
                .collect();
            let Some(terms) = terms else { continue };
            equal(findings, &T4_T5, a.term, terms, &|| {
                let names: Vec<_> = rows.iter().map(|(t, r)| cell_name(t, r, k)).collect();
                (
                    subject(),
                    format!("{} = {}", a.name.text(), names.join(" + ")),
                )
            });
        }
    }
    if lines.is_empty() {
        return;
    }
    for (code, row) in class_rows(t5) {
        let listed = lines
            .iter()
            .any(|(l, _)| class_row(d, t5, l).is_some_and(|(c, _)| c == code));
        if !listed && nonzero(t5, row, &["total"]) {
            findings.push(
                &T4_T5,
                format!(
                    "一般公共预算支出表「{}」有金额，但财政拨款收支总表支出方没有这一类。",
                    t5.describe(row)
                ),
                vec![t5.loc(row, "total").with_role(Role::Culprit)],
            );
        }
    }
}

fn missing(findings: &mut Findings, t4: &Table, line: &Line, key: &str, t: &Table) {
    findings.push(
        &T4_T5,
        format!(
            "财政拨款收支总表「{}」「{}」有金额，但{}没有同名的类级科目行。",
            t4.text(line, "out.item"),
            super::row_identity::header_name(t4, key),
            t.kind.name_zh()
        ),
        vec![t4.loc(line, key).with_role(Role::Culprit)],
    );
}
