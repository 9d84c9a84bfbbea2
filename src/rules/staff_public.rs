//! GJ-T6-STAFF-PUBLIC: in the 基本支出表 the 人员经费 column totals the 类 301 工资福利支出 and
//! 303 对个人和家庭的补助, the 公用经费 column 302 商品和服务支出, 307 债务利息及费用支出 and 310
//! 资本性支出. A 类 the template does not place (399 其他支出, 309, 312, …) counts with its own
//! split. A warning: the template says "normally".

use super::code_hierarchy::parents;
use super::compare::Term;
use super::equation;
use super::row_identity::header_name;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::{Table, TableKind};
use rust_decimal::Decimal;

pub static RULE: Rule = Rule {
    id: "GJ-T6-STAFF-PUBLIC",
    severity: Severity::Warning,
    title: "基本支出表：人员经费、公用经费与经济分类不对应",
    what: rule_doc!(
        "一般公共预算基本支出表“合计”行的人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助 的总计，公用经费 = 302 商品和服务支出 + 307 债务利息及费用支出 + 310 资本性支出 的总计；其他类（如 399 其他支出）按其本行的人员经费、公用经费计入。"
    ),
    why: rule_doc!(
        "按部门预算编制口径，人员经费由工资福利支出和对个人和家庭的补助构成，公用经费由商品和服务支出、资本性支出等构成；不对应通常说明某一类的金额放错了列。"
    ),
    example: rule_doc!(
        "合计行人员经费 7679.30 = 301 7307.92 + 303 371.38；公用经费 1410.18 = 302 1399.18 + 310 11.00。若 303 的金额填在公用经费列，则人员经费、公用经费两列都报警告。"
    ),
    check: Some(check),
};

const STAFF: &[&str] = &["301", "303"];
const PUBLIC: &[&str] = &["302", "307", "310"];

fn check(d: &Disclosure, findings: &mut Findings) {
    for table in d.tables_of(TableKind::T6) {
        if !(table.has("staff") && table.has("public") && table.has("total")) {
            continue;
        }
        let Some(total_line) = table
            .lines
            .iter()
            .find(|l| table.is_total(l) && table.code(l).is_none())
        else {
            continue;
        };
        let classes: Vec<(String, usize)> = parents(table)
            .into_iter()
            .filter(|(_, p)| p.is_none())
            .filter_map(|(i, _)| table.code(&table.lines[i]).map(|c| (c, i)))
            .collect();
        if classes.is_empty() {
            continue;
        }
        check_side(
            findings, table, total_line, &classes, "staff", STAFF, PUBLIC,
        );
        check_side(
            findings, table, total_line, &classes, "public", PUBLIC, STAFF,
        );
    }
}

/// 合计行 `key` = Σ 总计 of the classes of this side + Σ `key` of the classes the template does
/// not place (their own split is taken as given).
fn check_side(
    findings: &mut Findings,
    table: &Table,
    total_line: &crate::table::Line,
    classes: &[(String, usize)],
    key: &str,
    mine: &[&str],
    theirs: &[&str],
) {
    let Some(total) = table.amount(total_line, key) else {
        return;
    };
    let mut parts = Vec::new();
    let (mut placed, mut own) = (Vec::new(), Vec::new());
    for (code, i) in classes {
        let (column, names) = if mine.contains(&code.as_str()) {
            ("total", &mut placed)
        } else if theirs.contains(&code.as_str()) {
            continue;
        } else {
            (key, &mut own)
        };
        let line = &table.lines[*i];
        let Some(a) = table.amount(line, column) else {
            return; // a malformed cell has its own finding
        };
        parts.push(Term::new(a, Decimal::ONE, table.loc(line, column)));
        names.push(code.clone());
    }
    let total = Term::new(total, Decimal::ONE, table.loc(total_line, key));
    equation::check(findings, &RULE, total, parts, &|| {
        let placed = if placed.is_empty() {
            mine.join(" + ")
        } else {
            placed.join(" + ")
        };
        let own = if own.is_empty() {
            String::new()
        } else {
            format!(" + {} 类的「{}」", own.join(" + "), header_name(table, key))
        };
        let relation = format!(
            "合计行「{}」 = {} 类的「{}」{}",
            header_name(table, key),
            placed,
            header_name(table, "total"),
            own
        );
        (format!("{}「合计」行", table.kind.name_zh()), relation)
    });
}
