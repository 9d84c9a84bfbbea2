//! GJ-X-T3-T5: 一般公共预算支出表 against 支出总表, code by code. When the general public budget
//! is the department's only source of funds the two are equal; otherwise the general public
//! budget part cannot exceed the whole (T5 ≤ T3).

use super::compare::{Term, fmt};
use super::cross::{Scales, bare_label, coded_rows, skip_pair};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::{Role, Severity};
use crate::table::{Line, Table, TableKind};
use rust_decimal::Decimal;

pub static RULE: Rule = Rule {
    id: "GJ-X-T3-T5",
    severity: Severity::Error,
    title: "一般公共预算支出表与支出总表按科目不符",
    what: rule_doc!(
        "逐个功能科目（及合计行）比较一般公共预算支出表与支出总表的对应列（合计、当年/上年结转、基本支出、项目支出）：部门只有一般公共预算一种资金来源时（收支总表、收入总表无政府性基金、国有资本经营预算、财政专户、单位资金等收入）两表相等，否则一般公共预算支出不大于支出总表。一般公共预算支出表有金额的科目在支出总表中缺失也报告。只报告最明细的一级：下级科目的差额传导到上级时不重复报告。"
    ),
    why: rule_doc!(
        "支出总表包含全部资金来源的支出，一般公共预算支出表是其中一般公共预算的部分；部分不能大于整体，只有一种来源时两者相同。"
    ),
    example: rule_doc!(
        "只有一般公共预算拨款的部门：支出总表 2013801 行政运行 合计 12,029,501.84，一般公共预算支出表同一科目也应为 12,029,501.84。"
    ),
    check: Some(check),
};

const KEYS: &[&str] = &[
    "total",
    "cur.total",
    "cur.basic",
    "cur.project",
    "carry.total",
    "carry.basic",
    "carry.project",
    "basic",
    "project",
];

/// Other sources of funds than the general public budget, by 收支总表 label words.
const OTHER_SOURCE_LABELS: &[&str] = &[
    "政府性基金",
    "国有资本经营",
    "财政专户",
    "单位资金",
    "事业收入",
    "经营收入",
    "上级补助",
    "附属单位",
    "其他收入",
];

/// 收入总表 columns of other sources than the general public budget.
const OTHER_SOURCE_KEYS: &[&str] = &[
    "cur.fund",
    "cur.soe",
    "cur.zhuanhu",
    "cur.shiye",
    "cur.jingying",
    "cur.shangji",
    "cur.fushu",
    "cur.other",
    "carry.fund",
    "carry.soe",
    "carry.zhuanhu",
    "carry.unitfund",
    "shiye",
    "jingying",
    "other",
];

fn any_nonzero(t: &Table, line: &Line, keys: &[&str]) -> bool {
    keys.iter()
        .any(|k| t.amount(line, k).is_some_and(|a| !a.value.is_zero()))
}

/// Is the general public budget the only source of funds? Decided from the income composition
/// of 收支总表 and 收入总表 and from non-empty fund tables; without either income table, no.
pub fn gpb_only(d: &Disclosure) -> bool {
    let t1 = d.table(TableKind::T1);
    let t2 = d.table(TableKind::T2);
    if t1.is_none() && t2.is_none() {
        return false;
    }
    if let Some(t) = t1 {
        let other = t.lines.iter().any(|l| {
            let b = bare_label(t, l, "in");
            OTHER_SOURCE_LABELS.iter().any(|w| b.contains(w))
                && any_nonzero(t, l, &["in.total", "in.cur", "in.carry"])
        });
        if other {
            return false;
        }
    }
    if let Some(t) = t2
        && t.lines.iter().any(|l| any_nonzero(t, l, OTHER_SOURCE_KEYS))
    {
        return false;
    }
    for kind in [TableKind::T8, TableKind::Gzy] {
        if let Some(t) = d.table(kind)
            && t.lines.iter().any(|l| any_nonzero(t, l, &["total"]))
        {
            return false;
        }
    }
    true
}

struct Gap<'a> {
    code: String,
    key: &'static str,
    t5: &'a Line,
    t3: &'a Line,
    diff: Decimal,
}

fn check(d: &Disclosure, findings: &mut Findings) {
    let (Some(t3), Some(t5)) = (d.table(TableKind::T3), d.table(TableKind::T5)) else {
        return;
    };
    if skip_pair(d, t3.kind, t5.kind) {
        return;
    }
    let equal = gpb_only(d);
    let scales = Scales::new(&[t3, t5]);
    let unit = scales.unit_name(t3);
    let rows3 = coded_rows(t3);
    let mut pairs: Vec<(String, &Line, &Line)> = Vec::new();
    if let (Some(a), Some(b)) = (
        t5.lines.iter().find(|l| t5.is_total(l)),
        t3.lines.iter().find(|l| t3.is_total(l)),
    ) {
        pairs.push((String::new(), a, b));
    }
    for (code, l5) in coded_rows(t5) {
        match rows3.iter().find(|(c, _)| *c == code) {
            Some((_, l3)) => pairs.push((code, l5, l3)),
            None if any_nonzero(t5, l5, &["total"]) => {
                findings.push(
                    &RULE,
                    format!(
                        "一般公共预算支出表「{}」有金额，但支出总表没有这一科目。",
                        t5.describe(l5)
                    ),
                    vec![t5.loc(l5, "total").with_role(Role::Culprit)],
                );
            }
            None => {}
        }
    }
    if equal {
        for (code, l3) in &rows3 {
            if !pairs.iter().any(|(c, _, _)| c == code) && any_nonzero(t3, l3, &["total"]) {
                findings.push(
                    &RULE,
                    format!(
                        "部门只有一般公共预算一种资金来源，但支出总表「{}」在一般公共预算支出表中没有。",
                        t3.describe(l3)
                    ),
                    vec![t3.loc(l3, "total").with_role(Role::Culprit)],
                );
            }
        }
    }
    let mut gaps = Vec::new();
    for (code, l5, l3) in &pairs {
        for &key in KEYS {
            let (Some(a5), Some(a3)) = (t5.amount(l5, key), t3.amount(l3, key)) else {
                continue;
            };
            let x = Term::new(a5, scales.of(t5), t5.loc(l5, key));
            let y = Term::new(a3, scales.of(t3), t3.loc(l3, key));
            let diff = x.value - y.value;
            let slack = x.tolerance + y.tolerance;
            if diff > slack || (equal && -diff > slack) {
                gaps.push(Gap {
                    code: code.clone(),
                    key,
                    t5: l5,
                    t3: l3,
                    diff,
                });
            }
        }
    }
    for g in &gaps {
        // A difference a lower-level code already explains is not repeated for its parents.
        let explained = gaps.iter().any(|h| {
            h.key == g.key
                && h.code.len() > g.code.len()
                && h.code.starts_with(&g.code)
                && h.diff == g.diff
        });
        if explained {
            continue;
        }
        let header = super::row_identity::header_name(t5, g.key);
        let (v5, v3) = (
            t5.amount(g.t5, g.key).map(|a| a.value * scales.of(t5)),
            t3.amount(g.t3, g.key).map(|a| a.value * scales.of(t3)),
        );
        let (Some(v5), Some(v3)) = (v5, v3) else {
            continue;
        };
        let relation = if equal {
            "应相等（部门只有一般公共预算一种资金来源）"
        } else {
            "一般公共预算支出不应大于支出总表"
        };
        let f = findings.push(
            &RULE,
            format!(
                "「{}」「{}」列（{unit}）：一般公共预算支出表 {} 与支出总表 {} {}，相差 {}。",
                t5.describe(g.t5),
                header,
                fmt(v5),
                fmt(v3),
                relation,
                fmt(g.diff)
            ),
            vec![
                t5.loc(g.t5, g.key).with_role(Role::Operand),
                t3.loc(g.t3, g.key).with_role(Role::Operand),
            ],
        );
        f.expected = Some(if equal {
            fmt(v3)
        } else {
            format!("≤ {}", fmt(v3))
        });
        f.actual = Some(fmt(v5));
        f.difference = Some(fmt(g.diff));
    }
}
