//! One helper for every "total = Σ parts" check: compares as intervals, raises the rule's error
//! when broken beyond rounding, a GJ-ROUNDING info when only rounding differs, nothing when equal.

use super::compare::{Outcome, Term, compare, fmt, sum};
use super::{Findings, Rule, rounding};
use crate::amount::Amount;
use crate::report::{Role, Severity};
use rust_decimal::Decimal;

/// Does `total = Σ parts` hold exactly (all in one unit)? Then [`check`] would raise nothing, so
/// per-row callers skip building the equation's terms — most rows hold.
pub fn holds(total: Amount, parts: &[Amount]) -> bool {
    parts.iter().map(|a| a.value).sum::<Decimal>() == total.value
}

/// [`holds`] on inline amounts (`Table::mantissa_at`: mantissa, scale) in integers, scales
/// aligned by powers of ten: a tenth of the work of adding decimals. None when undecided that
/// way (a part not inline, or a scale beyond 6, where adding decimals could round and so answer
/// differently): then ask [`holds`].
pub fn holds_inline(
    total: Option<(i64, u32)>,
    parts: impl Iterator<Item = Option<(i64, u32)>>,
) -> Option<bool> {
    // Inline mantissas are under 2^49, so even scaled by 10^6 sums cannot overflow: no checked
    // (and in wasm, bulky) 128-bit arithmetic.
    const POW10: [i128; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    let small = |a: Option<(i64, u32)>| a.filter(|&(_, s)| s <= 6).map(|(m, s)| (m, s as usize));
    let (total, mut scale) = small(total)?;
    let mut total = i128::from(total);
    let mut sum = 0i128;
    for part in parts {
        let (m, s) = small(part)?;
        let mut m = i128::from(m);
        // Blank cells are "0" at scale 0 beside "12.34" at 2: bring both to the finer scale.
        // (Scales are mostly equal: no multiplication then, a call in wasm for 128 bits.)
        if s > scale {
            let p = POW10[s - scale];
            (sum, total, scale) = (sum * p, total * p, s);
        } else if s < scale {
            m *= POW10[scale - s];
        }
        sum += m;
    }
    Some(sum == total)
}

/// Check `total = Σ parts`; returns true when broken beyond rounding. `describe` gives the
/// subject ("208 社会保障和就业支出") and the relation in words ("合计 = 当年预算 + 上年结转"),
/// and is called only when a finding is raised: most equations hold, and naming rows, columns
/// and cells was most of the cost of a check.
pub fn check(
    findings: &mut Findings,
    rule: &'static Rule,
    total: Term,
    parts: Vec<Term>,
    describe: &dyn Fn() -> (String, String),
) -> bool {
    let (expected, slack) = sum(&parts);
    let outcome = compare(&total, expected, slack);
    let (rule, severity, diff) = match outcome {
        Outcome::Equal => return false,
        Outcome::Rounding(d) => (&rounding::RULE, Severity::Info, d),
        Outcome::Broken(d) => (rule, rule.severity, d),
    };
    let actual = total.value;
    // The terms are ours: move their locations into the finding rather than copying them.
    let mut locations = Vec::with_capacity(1 + parts.len());
    locations.push(total.loc.with_role(Role::Operand));
    locations.extend(parts.into_iter().map(|p| p.loc.with_role(Role::Operand)));
    let (subject, relation) = describe();
    // Each figure formatted once, for the message and the finding's fields.
    let (actual, expected, diff) = (fmt(actual), fmt(expected), fmt(diff));
    // Joined into a string of exactly their length: kept until the report is written, without
    // the spare capacity format! leaves.
    let pieces: [&str; 10] = match outcome {
        Outcome::Rounding(_) => [
            &subject,
            "：",
            &relation,
            " 不完全相等，",
            &actual,
            " 与分项之和 ",
            &expected,
            " 相差 ",
            &diff,
            "，在四舍五入误差之内。",
        ],
        _ => [
            &subject,
            "：",
            &relation,
            " 不成立，印出值 ",
            &actual,
            "，按分项计算应为 ",
            &expected,
            "，相差 ",
            &diff,
            "。",
        ],
    };
    let message = pieces.concat();
    let f = findings.push_with(rule, severity, message, locations);
    f.expected = Some(expected);
    f.actual = Some(actual);
    f.difference = Some(diff);
    matches!(outcome, Outcome::Broken(_))
}

#[cfg(test)]
mod tests {
    use super::holds_inline;

    #[test]
    fn inline_sums_align_scales_and_leave_the_rest_undecided() {
        let parts = |p: &[(i64, u32)]| p.iter().map(|&p| Some(p)).collect::<Vec<_>>();
        // 12.30 = 12.3 + 0 (a blank "0" at scale 0).
        let holds = |t, p: &[(i64, u32)]| holds_inline(Some(t), parts(p).into_iter());
        assert_eq!(holds((1230, 2), &[(123, 1), (0, 0)]), Some(true));
        assert_eq!(holds((123, 1), &[(1229, 2), (0, 0)]), Some(false));
        assert_eq!(holds((1, 0), &[(1, 7)]), None);
        assert_eq!(
            holds_inline(Some((1, 0)), [Some((1, 0)), None].into_iter()),
            None
        );
        assert_eq!(holds_inline(None, [Some((1, 0))].into_iter()), None);
    }
}
