//! GJ-TOTAL-ROW: the 合计 row of a coded table equals the sum of its top-level (类) rows, in every
//! amount column.

use super::code_hierarchy::parents;
use super::compare::Term;
use super::equation;
use super::row_identity::header_name;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use rust_decimal::Decimal;

pub static RULE: Rule = Rule {
    id: "GJ-TOTAL-ROW",
    severity: Severity::Error,
    title: "合计行不等于各类之和",
    what: rule_doc!(
        "按科目编码分级的表中，“合计”行的每一金额列等于各顶级科目（类，或部门行）之和。"
    ),
    why: rule_doc!(
        "合计行是全表的总数，其他表会引用它；合计与各类之和不等，说明合计或某一类填错，或漏列了一类。"
    ),
    example: rule_doc!(
        "支出总表 合计 29147.66 = 208 28145.78 + 210 258.69 + 221 740.70 + 223 2.50。"
    ),
    check: Some(check),
};

fn check(d: &Disclosure, findings: &mut Findings) {
    for table in &d.tables {
        if !(table.has("code") || table.has("code1")) {
            continue;
        }
        let roots: Vec<usize> = parents(table)
            .into_iter()
            .filter(|(_, p)| p.is_none())
            .map(|(i, _)| i)
            .collect();
        let Some(total_line) = table
            .lines
            .iter()
            .find(|l| table.is_total(l) && table.code(l).is_none())
        else {
            continue;
        };
        for key in table.amount_keys() {
            let Some(total) = table.amount(total_line, key) else {
                continue;
            };
            let mut parts = Vec::new();
            for &r in &roots {
                let line = &table.lines[r];
                match table.amount(line, key) {
                    Some(a) => parts.push(Term::new(a, Decimal::ONE, table.loc(line, key))),
                    None => continue,
                }
            }
            if roots.is_empty() && total.value.is_zero() {
                continue;
            }
            let total = Term::new(total, Decimal::ONE, table.loc(total_line, key));
            equation::check(findings, &RULE, total, parts, &|| {
                let codes: Vec<String> = roots
                    .iter()
                    .filter_map(|&r| table.code(&table.lines[r]))
                    .collect();
                let relation = format!(
                    "「{}」列 合计 = {}",
                    header_name(table, key),
                    super::compare::describe_sum(&codes, 6)
                );
                (format!("{}「合计」行", table.kind.name_zh()), relation)
            });
        }
    }
}
