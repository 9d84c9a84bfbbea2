//! Comparing printed amounts as intervals. A value printed with d decimals stands for anything
//! within ½·10^-d of it; a sum is consistent when the intervals of total and parts overlap
//! (XBRL Calculations 1.1). All arithmetic is exact (rust_decimal).

use crate::amount::{Amount, fmt_amount};
use crate::report::Location;
use rust_decimal::Decimal;

/// Tables print 0.01: a cell written "11" still stands for 11.00.
pub const TABLE_DECIMALS: u32 = 2;

/// An amount with the cell it came from, already converted to 万元 when comparing across tables.
#[derive(Debug, Clone)]
pub struct Term {
    pub value: Decimal,
    pub tolerance: Decimal,
    pub loc: Location,
}

impl Term {
    pub fn new(amount: Amount, scale: Decimal, loc: Location) -> Self {
        Term {
            value: amount.value * scale,
            tolerance: amount.tolerance(TABLE_DECIMALS) * scale,
            loc,
        }
    }

    /// `new(amount, Decimal::ONE, loc)` without its two multiplications (per cell of a table's
    /// own-unit sums).
    pub fn unscaled(amount: Amount, loc: Location) -> Self {
        Term {
            value: amount.value,
            tolerance: amount.tolerance(TABLE_DECIMALS),
            loc,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Equal,
    /// Differs, but within the rounding of the printed figures.
    Rounding(Decimal),
    /// Differs beyond rounding: actual − expected.
    Broken(Decimal),
}

/// Compare `actual` with the exact `expected` whose own rounding slack is `slack`.
pub fn compare(actual: &Term, expected: Decimal, slack: Decimal) -> Outcome {
    let diff = actual.value - expected;
    if diff.is_zero() {
        Outcome::Equal
    } else if diff.abs() <= actual.tolerance + slack {
        Outcome::Rounding(diff)
    } else {
        Outcome::Broken(diff)
    }
}

/// Σ parts with their summed rounding slack.
pub fn sum(parts: &[Term]) -> (Decimal, Decimal) {
    parts
        .iter()
        .fold((Decimal::ZERO, Decimal::ZERO), |(v, t), p| {
            (v + p.value, t + p.tolerance)
        })
}

pub fn fmt(v: Decimal) -> String {
    fmt_amount(v)
}

/// "a + b + c" for messages, with at most `max` terms shown.
pub fn describe_sum(names: &[String], max: usize) -> String {
    describe_sum_of(names.len(), max, |i| names[i].clone())
}

/// `describe_sum` of `count` terms named by `name`, naming only the terms shown.
pub fn describe_sum_of(count: usize, max: usize, name: impl Fn(usize) -> String) -> String {
    let shown: Vec<String> = (0..count.min(max)).map(name).collect();
    if count <= max {
        shown.join(" + ")
    } else {
        format!("{} + …（共 {} 项）", shown.join(" + "), count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::parse_amount;
    use std::str::FromStr;

    fn term(s: &str) -> Term {
        Term::new(
            parse_amount(s).unwrap(),
            Decimal::ONE,
            Location::file("t", None),
        )
    }

    #[test]
    fn rounding_versus_broken() {
        let parts = [term("0.33"), term("0.33"), term("0.33")];
        let (v, slack) = sum(&parts);
        assert_eq!(
            compare(&term("1.00"), v, slack),
            Outcome::Rounding(Decimal::from_str("0.01").unwrap())
        );
        assert_eq!(compare(&term("0.99"), v, slack), Outcome::Equal);
        assert!(matches!(
            compare(&term("1.02"), v, slack),
            Outcome::Broken(_)
        ));
    }
}
