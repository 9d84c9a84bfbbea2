//! Project spending across tables. GJ-X-T9-T3: 项目支出表 合计 = 支出总表 项目支出 (当年 + 结转).
//! GJ-X-T9-FUND: the funding columns of 项目支出表's 合计 row = the project spending of the
//! matching fund table (一般公共预算 当年/结转 → 一般公共预算支出表, 政府性基金 → 政府性基金预算
//! 支出表, 国有资本经营 → 国有资本经营预算支出表).

use super::compare::fmt;
use super::cross::{Scales, cell_name, equal, fig, skip_pair, term_sum, total_line};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::{Table, TableKind};
use rust_decimal::Decimal;

pub static T9_T3: Rule = Rule {
    id: "GJ-X-T9-T3",
    severity: Severity::Error,
    title: "项目支出表合计与支出总表项目支出不符",
    what: rule_doc!(
        "项目支出表合计行的合计，等于支出总表合计行的项目支出（当年预算项目支出 + 上年结转项目支出）。"
    ),
    why: rule_doc!("项目支出表逐个列出支出总表中的项目支出，两者总额必须相同。"),
    example: rule_doc!(
        "项目支出表合计 22,263.09，而支出总表项目支出 19797.90 + 260.28 = 20058.18：不符（项目支出表各类型之和为 20058.18，合计行有误）。"
    ),
    check: Some(check_t9_t3),
};

pub static T9_FUND: Rule = Rule {
    id: "GJ-X-T9-FUND",
    severity: Severity::Error,
    title: "项目支出表资金来源与分资金支出表不符",
    what: rule_doc!(
        "项目支出表合计行的资金来源列等于对应支出表合计行的项目支出：本年一般公共预算 = 一般公共预算支出表当年项目支出，一般公共预算结转 = 其上年结转项目支出；政府性基金（本年 + 结转）= 政府性基金预算支出表项目支出；国有资本经营预算（本年 + 结转）= 国有资本经营预算支出表项目支出（表未提供则不比较）。"
    ),
    why: rule_doc!(
        "项目支出表按资金来源拆分项目支出，每一来源的项目支出在对应的分资金支出表中也有列示，二者必须一致。"
    ),
    example: rule_doc!(
        "项目支出表合计行 本年财政拨款/一般公共预算 17,570.78，而一般公共预算支出表当年项目支出 19797.90：不符。"
    ),
    check: Some(check_t9_fund),
};

/// Σ of the 类型 rows of 项目支出表 in a column, when every one parsed.
fn type_sum(t: &Table, key: &str) -> Option<Decimal> {
    t.lines
        .iter()
        .filter(|l| !t.text(l, "type").is_empty() && !t.is_total(l))
        .map(|l| t.amount(l, key).map(|a| a.value))
        .sum()
}

fn check_t9_t3(d: &Disclosure, findings: &mut Findings) {
    let (Some(t9), Some(t3)) = (d.table(TableKind::T9), d.table(TableKind::T3)) else {
        return;
    };
    if skip_pair(d, t9.kind, t3.kind) {
        return;
    }
    let (Some(l9), Some(l3)) = (t9.lines.iter().find(|l| t9.is_total(l)), total_line(t3)) else {
        return;
    };
    let scales = Scales::new(&[t9, t3]);
    let unit = scales.unit_name(t9);
    let Some(a) = fig(t9, l9, "total", &scales) else {
        return;
    };
    let parts = term_sum(t3, l3, &["cur.project", "carry.project"], &scales)
        .or_else(|| term_sum(t3, l3, &["project"], &scales));
    let Some((b, terms)) = parts else { return };
    let describe = || {
        let relation = "项目支出表合计 = 支出总表项目支出（当年 + 结转）";
        (format!("项目支出（{unit}）"), relation.to_string())
    };
    if equal(findings, &T9_T3, a.term, terms, &describe)
        && let Some(s) = type_sum(t9, "total")
        && (s * scales.of(t9) - b.value).abs() <= b.tolerance
    {
        let f = findings.list.last_mut().expect("just pushed");
        f.message.push_str(&format!(
            "项目支出表各类型之和 {} 与支出总表一致，疑为项目支出表合计行有误。",
            fmt(s * scales.of(t9))
        ));
        f.locations[0].role = Some(crate::report::Role::Culprit);
    }
}

fn check_t9_fund(d: &Disclosure, findings: &mut Findings) {
    let Some(t9) = d.table(TableKind::T9) else {
        return;
    };
    let Some(l9) = t9.lines.iter().find(|l| t9.is_total(l)) else {
        return;
    };
    for (keys9, kind, keys) in [
        (&["cur.gpb"][..], TableKind::T5, &["cur.project"][..]),
        (&["carry.gpb"][..], TableKind::T5, &["carry.project"][..]),
        (
            &["cur.fund", "carry.fund"][..],
            TableKind::T8,
            &["project"][..],
        ),
        (
            &["cur.soe", "carry.soe"][..],
            TableKind::Gzy,
            &["project"][..],
        ),
    ] {
        let Some(t) = d.table(kind) else { continue };
        if skip_pair(d, t9.kind, kind) {
            continue;
        }
        let scales = Scales::new(&[t9, t]);
        let Some((a, a_terms)) = term_sum(t9, l9, keys9, &scales) else {
            continue;
        };
        // An empty fund table (no 合计 figure) stands for zero.
        let b = total_line(t).and_then(|l| term_sum(t, l, keys, &scales).map(|s| (s.0, l)));
        let Some((b, l)) = b else {
            if !a.value.is_zero()
                && t.lines
                    .iter()
                    .all(|l| t.amount(l, "total").is_none_or(|x| x.value.is_zero()))
            {
                findings.push(
                    &T9_FUND,
                    format!(
                        "项目支出表合计行「{}」为 {}，但{}没有项目支出。",
                        super::row_identity::header_name(t9, keys9[0]),
                        fmt(a.value),
                        kind.name_zh()
                    ),
                    vec![a.loc.clone()],
                );
            }
            continue;
        };
        let describe = || {
            let subject = format!("项目支出资金来源（{}）", scales.unit_name(t9));
            let relation = format!(
                "项目支出表合计行「{}」 = {}",
                keys9
                    .iter()
                    .map(|k| super::row_identity::header_name(t9, k))
                    .collect::<Vec<_>>()
                    .join(" + "),
                cell_name(t, l, keys[0])
            );
            (subject, relation)
        };
        // T9 cells are the parts, the fund table's project total the whole.
        let expected = b.value;
        if equal(findings, &T9_FUND, b, a_terms, &describe) {
            let sums: Option<Decimal> = keys9.iter().map(|k| type_sum(t9, k)).sum();
            if let Some(s) = sums.map(|s| s * scales.of(t9))
                && (s - expected).abs() <= a.tolerance
            {
                let f = findings.list.last_mut().expect("just pushed");
                f.message.push_str(&format!(
                    "项目支出表各类型之和 {} 与之一致，疑为项目支出表合计行有误。",
                    fmt(s)
                ));
                // The 合计-row cells are the likely culprits: name the first of them first.
                f.locations.swap(0, 1);
                f.locations[0].role = Some(crate::report::Role::Culprit);
            }
        }
    }
}
