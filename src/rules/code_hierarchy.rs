//! GJ-CODE-HIER: in tables keyed by classification code (功能分类 类/款/项, 经济分类 类/款, T2's
//! department/unit codes), every row equals the sum of the rows one level below it, in every
//! amount column.

use super::compare::Term;
use super::equation;
use super::row_identity::header_name;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::hash::HashMap;
use crate::report::Severity;
use crate::table::{Line, Table};
use rust_decimal::Decimal;

pub static RULE: Rule = Rule {
    id: "GJ-CODE-HIER",
    severity: Severity::Error,
    title: "科目层级：上级科目不等于下级科目之和",
    what: rule_doc!(
        "按科目编码分级的表（支出总表、一般公共预算支出表、政府性基金预算支出表、基本支出表、收入总表的部门与单位行等）中，类 = Σ 其下各款，款 = Σ 其下各项，每一金额列都要成立。"
    ),
    why: rule_doc!(
        "上级科目的金额由下级科目汇总而来；不等说明某个科目金额填错、漏列了下级科目，或科目挂错了上级。"
    ),
    example: rule_doc!(
        "208 社会保障和就业支出 合计 28145.78 = 20801 8178.78 + 20805 1161.22 + 20806 11047.59 + 20807 7744.36 + 20826 13.70 + 20899 0.13。"
    ),
    check: Some(check),
};

/// Parent of each coded line: the longest other code in the table that is a proper prefix of it.
pub fn parents(table: &Table) -> Vec<(usize, Option<usize>)> {
    let coded: Vec<(usize, String)> = table
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| table.code(l).map(|c| (i, c)))
        .collect();
    let by_code: HashMap<&str, usize> = coded.iter().map(|(i, c)| (c.as_str(), *i)).collect();
    coded
        .iter()
        .map(|(i, code)| {
            let parent = (1..code.len())
                .rev()
                .find_map(|n| by_code.get(&code[..n]).copied());
            (*i, parent)
        })
        .collect()
}

fn check(d: &Disclosure, findings: &mut Findings) {
    for table in &d.tables {
        if !(table.has("code") || table.has("code1")) {
            continue;
        }
        let mut children: HashMap<usize, Vec<usize>> = HashMap::default();
        for (child, parent) in parents(table) {
            if let Some(p) = parent {
                children.entry(p).or_default().push(child);
            }
        }
        let mut parents: Vec<usize> = children.keys().copied().collect();
        crate::order::sort(&mut parents, &|a, b| a.cmp(&b));
        // Each amount column with its index, looked up once per table rather than per cell.
        let keys: Vec<(&str, usize)> = table
            .amount_keys()
            .filter_map(|k| table.col(k).map(|i| (k, i)))
            .collect();
        for parent in parents {
            let kids = &children[&parent];
            let line = &table.lines[parent];
            let kid_lines: Vec<&Line> = kids.iter().map(|&k| &table.lines[k]).collect();
            for &key in &keys {
                check_sum(findings, table, line, &kid_lines, key);
            }
        }
    }
}

fn check_sum(
    findings: &mut Findings,
    table: &Table,
    line: &Line,
    kids: &[&Line],
    (key, col): (&str, usize),
) {
    let Some(total) = table.amount_at(line, col) else {
        return;
    };
    let Some(amounts) = kids
        .iter()
        .map(|kid| table.amount_at(kid, col))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    // Most parents hold: then nothing is raised, so their names and cells are not built.
    if equation::holds(total, &amounts) {
        return;
    }
    let parts = kids
        .iter()
        .zip(amounts)
        .map(|(kid, a)| Term::new(a, Decimal::ONE, table.loc(kid, key)))
        .collect();
    let total = Term::new(total, Decimal::ONE, table.loc(line, key));
    equation::check(findings, &RULE, total, parts, &|| {
        let codes: Vec<String> = kids.iter().filter_map(|k| table.code(k)).collect();
        let relation = format!(
            "「{}」列 {} = {}",
            header_name(table, key),
            table.code(line).unwrap_or_default(),
            super::compare::describe_sum(&codes, 6)
        );
        let subject = format!("{}「{}」", table.kind.name_zh(), table.describe(line));
        (subject, relation)
    });
}
