//! One helper for every "total = Σ parts" check: compares as intervals, raises the rule's error
//! when broken beyond rounding, a GJ-ROUNDING info when only rounding differs, nothing when equal.

use super::compare::{Outcome, Term, compare, fmt, sum};
use super::{Findings, Rule, rounding};
use crate::amount::Amount;
use crate::report::{Role, Severity};
use rust_decimal::Decimal;

pub struct Equation<'a> {
    /// "合计 = 当年预算 + 上年结转" — the relation in words.
    pub relation: String,
    /// Where it is, e.g. "208 社会保障和就业支出".
    pub subject: &'a str,
    pub total: Term,
    pub parts: Vec<Term>,
}

/// Does `total = Σ parts` hold exactly (all in one unit)? Then [`check`] would raise nothing, so
/// per-row callers skip building the equation's names and locations — most rows hold, and
/// building them was most of the cost of a check.
pub fn holds(total: Amount, parts: &[Amount]) -> bool {
    parts.iter().map(|a| a.value).sum::<Decimal>() == total.value
}

/// Check `total = Σ parts`; returns true when broken beyond rounding.
pub fn check(findings: &mut Findings, rule: &'static Rule, eq: Equation<'_>) -> bool {
    let (expected, slack) = sum(&eq.parts);
    check_against(findings, rule, eq, expected, slack)
}

/// Check `total = expected` with an explicit slack (for relations that are not plain sums).
pub fn check_against(
    findings: &mut Findings,
    rule: &'static Rule,
    eq: Equation<'_>,
    expected: Decimal,
    slack: Decimal,
) -> bool {
    let outcome = compare(&eq.total, expected, slack);
    let (rule, severity, diff) = match outcome {
        Outcome::Equal => return false,
        Outcome::Rounding(d) => (&rounding::RULE, Severity::Info, d),
        Outcome::Broken(d) => (rule, rule.severity, d),
    };
    let actual = eq.total.value;
    // The equation is ours: move its locations into the finding rather than copying them.
    let mut locations = Vec::with_capacity(1 + eq.parts.len());
    locations.push(eq.total.loc.with_role(Role::Operand));
    locations.extend(eq.parts.into_iter().map(|p| p.loc.with_role(Role::Operand)));
    let mut message = match outcome {
        Outcome::Rounding(_) => format!(
            "{}：{} 不完全相等，{} 与分项之和 {} 相差 {}，在四舍五入误差之内。",
            eq.subject,
            eq.relation,
            fmt(actual),
            fmt(expected),
            fmt(diff)
        ),
        _ => format!(
            "{}：{} 不成立，印出值 {}，按分项计算应为 {}，相差 {}。",
            eq.subject,
            eq.relation,
            fmt(actual),
            fmt(expected),
            fmt(diff)
        ),
    };
    // Kept until the report is written: without the formatter's spare capacity (natively; the
    // page's core wasm module is budgeted by the byte).
    if cfg!(not(target_arch = "wasm32")) {
        message.shrink_to_fit();
    }
    let f = findings.push_with(rule, severity, message, locations);
    f.expected = Some(fmt(expected));
    f.actual = Some(fmt(actual));
    f.difference = Some(fmt(diff));
    matches!(outcome, Outcome::Broken(_))
}
