//! Shared ground for the cross-table rules (`cross_*.rs`): finding the lines tables agree on
//! (合计 rows, 类 rows, labelled summary lines), putting amounts of different tables into one
//! unit, and comparing them through `equation` so rounding is judged once.

use super::compare::{Outcome, Term, compare};
use super::equation;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Role;
use crate::table::{Line, Table, TableKind};
use crate::text::{key, strip_ordinal};
use rust_decimal::{Decimal, RoundingStrategy};
use std::borrow::Cow;

/// The unit a comparison between some tables is made in: their own unit when they share it (the
/// message then shows the figures as printed), otherwise 万元.
pub struct Scales {
    common: bool,
}

impl Scales {
    pub fn new(tables: &[&Table]) -> Self {
        let first = tables.first().and_then(|t| t.unit);
        Scales {
            common: tables.iter().all(|t| t.unit == first),
        }
    }

    pub fn of(&self, t: &Table) -> Decimal {
        if self.common {
            Decimal::ONE
        } else {
            t.unit.map_or(Decimal::ONE, |u| u.to_wan())
        }
    }

    pub fn unit_name(&self, t: &Table) -> &'static str {
        match (self.common, t.unit) {
            (true, Some(u)) => u.name(),
            (true, None) => "表内单位",
            (false, _) => "万元",
        }
    }
}

/// One figure of one table, ready to compare: a term (value in the comparison's unit) and what
/// it is in words — put into words only when a finding needs it (most comparisons hold).
#[derive(Clone)]
pub struct Fig<'a> {
    pub term: Term,
    pub name: Name<'a>,
}

#[derive(Clone)]
pub enum Name<'a> {
    /// The figure's cell, named by [`cell_name`].
    Cell(&'a Table, &'a Line, &'a str),
    Text(Cow<'static, str>),
}

impl Name<'_> {
    /// The figure in words: its cell (or first cell) unless given another name.
    pub fn text(&self) -> String {
        match self {
            Name::Cell(t, line, key) => cell_name(t, line, key),
            Name::Text(s) => s.to_string(),
        }
    }
}

impl Fig<'_> {
    pub fn named(self, name: impl Into<Cow<'static, str>>) -> Self {
        Fig {
            name: Name::Text(name.into()),
            ..self
        }
    }
}

/// The amount of `key` on `line` as a figure in the unit of `scales`, named by its cell.
pub fn fig<'a>(t: &'a Table, line: &'a Line, key: &'a str, scales: &Scales) -> Option<Fig<'a>> {
    let amount = t.amount(line, key)?;
    Some(Fig {
        term: Term::new(amount, scales.of(t), t.loc(line, key)),
        name: Name::Cell(t, line, key),
    })
}

/// Σ of several columns of one line as one term (all columns must exist and parse), at the first
/// cell; the terms of all cells are kept.
pub fn term_sum(
    t: &Table,
    line: &Line,
    keys: &[&str],
    scales: &Scales,
) -> Option<(Term, Vec<Term>)> {
    if keys.is_empty() {
        return None;
    }
    let mut terms = Vec::new();
    for k in keys {
        terms.push(Term::new(t.amount(line, k)?, scales.of(t), t.loc(line, k)));
    }
    let first = terms[0].clone();
    let term = Term {
        value: terms.iter().map(|x| x.value).sum(),
        tolerance: terms.iter().map(|x| x.tolerance).sum(),
        loc: first.loc,
    };
    Some((term, terms))
}

/// "收支总表「三、社会保障和就业支出」「本年预算」".
pub fn cell_name(t: &Table, line: &Line, key: &str) -> String {
    let side = key.split('.').next().filter(|s| *s == "in" || *s == "out");
    let row = if t.is_total(line) {
        "合计".to_string()
    } else {
        t.describe_side(line, side)
    };
    format!(
        "{}「{}」「{}」",
        t.kind.name_zh(),
        row,
        super::row_identity::header_name(t, key)
    )
}

/// The 合计/总计 row of a coded table, or for a department-level 收入总表 without one, its
/// department row (the line with the shortest code, listed first).
pub fn total_line(t: &Table) -> Option<&Line> {
    t.lines.iter().find(|l| t.is_total(l)).or_else(|| {
        let shortest = t
            .lines
            .iter()
            .filter_map(|l| t.code(l))
            .map(|c| c.len())
            .min()?;
        t.lines
            .iter()
            .find(|l| t.code(l).is_some_and(|c| c.len() == shortest))
    })
}

/// 类 rows (3-digit function codes) of a coded table, in order.
pub fn class_rows(t: &Table) -> Vec<(String, &Line)> {
    t.lines
        .iter()
        .filter_map(|l| t.code(l).filter(|c| c.len() == 3).map(|c| (c, l)))
        .collect()
}

/// Every coded line by its code (first occurrence).
pub fn coded_rows(t: &Table) -> Vec<(String, &Line)> {
    let mut out: Vec<(String, &Line)> = Vec::new();
    for l in &t.lines {
        if let Some(c) = t.code(l)
            && !out.iter().any(|(x, _)| *x == c)
        {
            out.push((c, l));
        }
    }
    out
}

/// The label of one side ("in"/"out") of a two-sided table, without its ordinal, as a key.
pub fn bare_label(t: &Table, line: &Line, side: &str) -> String {
    key(strip_ordinal(t.text(line, &format!("{side}.item"))))
}

/// The first line of a side whose bare label satisfies `pred`.
pub fn find_label<'a>(t: &'a Table, side: &str, pred: impl Fn(&str) -> bool) -> Option<&'a Line> {
    t.lines.iter().find(|l| {
        let b = bare_label(t, l, side);
        !b.is_empty() && pred(&b)
    })
}

/// The 本年收入合计 (or, without one, 收入总计) line of a side.
pub fn side_total<'a>(t: &'a Table, side: &str) -> Option<&'a Line> {
    find_label(t, side, |b| crate::text::contains(b, "合计"))
        .or_else(|| find_label(t, side, |b| crate::text::contains(b, "总计")))
}

/// Expenditure lines of a two-sided table that stand for a function 类: labelled like a 类
/// ("…支出"), not a total, a carry-over or an economic grouping (基本支出, 项目支出, …).
pub fn class_lines(t: &Table) -> Vec<(String, &Line)> {
    t.lines
        .iter()
        .filter_map(|l| {
            let b = bare_label(t, l, "out");
            let excluded = [
                "合计",
                "总计",
                "结转",
                "结余",
                "本年支出",
                "基本支出",
                "项目支出",
                "经营支出",
                "上缴上级",
                "附属单位",
                "人员经费",
                "公用经费",
            ];
            (b.ends_with("支出") && !excluded.iter().any(|x| b.contains(x))).then_some((b, l))
        })
        .collect()
}

/// Names of a 类 row compared as keys, so "卫生健康支出" meets "四、卫生健康支出".
pub fn name_key(t: &Table, line: &Line) -> String {
    key(strip_ordinal(t.text(line, "name")))
}

/// The 类 row of a coded table that a summary-table label names: the row of the same name, else
/// (names change between years: 医疗卫生与计划生育支出 → 卫生健康支出) the row whose code the
/// function catalogue gives that name, current or former.
pub fn class_row<'a>(d: &Disclosure, t: &'a Table, label: &str) -> Option<(String, &'a Line)> {
    let rows = class_rows(t);
    if let Some(hit) = rows.iter().find(|(_, r)| name_key(t, r) == label) {
        return Some(hit.clone());
    }
    let cat = crate::codes::catalogue(crate::codes::Scheme::Function, crate::codes::year(d));
    let code = cat.class_named(label)?;
    rows.into_iter().find(|(c, _)| c == code)
}

/// Is the difference between two figures nothing but the rounding of the coarser one, i.e. the
/// finer rounds to the coarser exactly (元 with 2 decimals against 万元 with 2 decimals)?
fn conversion_only(a: &Term, b: &Term) -> bool {
    if a.tolerance == b.tolerance || a.tolerance.is_zero() || b.tolerance.is_zero() {
        return false;
    }
    let (fine, coarse) = if a.tolerance < b.tolerance {
        (a, b)
    } else {
        (b, a)
    };
    let dp = coarse.tolerance.normalize().scale().saturating_sub(1);
    fine.value
        .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        == coarse.value
}

/// `a = Σ parts` across tables; returns true when broken beyond rounding. `describe` (subject,
/// relation) is called only when a finding is raised.
pub fn equal(
    findings: &mut Findings,
    rule: &'static Rule,
    a: Term,
    parts: Vec<Term>,
    describe: &dyn Fn() -> (String, String),
) -> bool {
    if let [b] = parts.as_slice()
        && conversion_only(&a, b)
    {
        return false;
    }
    equation::check(findings, rule, a, parts, describe)
}

/// Several figures that must all be equal (e.g. 收支总表, 收入总表 and 支出总表 totals). The
/// figure most others agree with is the reference; each figure that breaks with it is one
/// finding, and when at least two figures agree the odd one is named the likely culprit.
pub fn consensus(findings: &mut Findings, rule: &'static Rule, subject: &str, figs: &[Fig]) {
    if figs.len() < 2 {
        return;
    }
    let agree = |i: usize, j: usize| {
        let (a, b) = (&figs[i].term, &figs[j].term);
        conversion_only(a, b) || !matches!(compare(a, b.value, b.tolerance), Outcome::Broken(_))
    };
    let support = |i: usize| (0..figs.len()).filter(|&j| j != i && agree(i, j)).count();
    let reference = (0..figs.len())
        .max_by_key(|&i| (support(i), usize::MAX - i))
        .unwrap_or(0);
    let agreeing: Vec<usize> = (0..figs.len())
        .filter(|&j| j != reference && agree(reference, j))
        .collect();
    for i in (0..figs.len()).filter(|&i| i != reference) {
        let broken = equal(
            findings,
            rule,
            figs[i].term.clone(),
            vec![figs[reference].term.clone()],
            &|| {
                let relation = format!("{} = {}", figs[i].name.text(), figs[reference].name.text());
                (subject.to_string(), relation)
            },
        );
        if broken && !agreeing.is_empty() {
            let f = findings.list.last_mut().expect("just pushed");
            f.locations[0].role = Some(Role::Culprit);
            f.message.push_str(&format!(
                "{} 与之一致，疑为{}有误。",
                agreeing
                    .iter()
                    .map(|&j| figs[j].name.text())
                    .collect::<Vec<_>>()
                    .join("、"),
                figs[i].name.text()
            ));
            f.locations.extend(
                agreeing
                    .iter()
                    .map(|&j| figs[j].term.loc.clone().with_role(Role::Operand)),
            );
        }
    }
}

/// `part ≤ whole` across tables; raises the rule's finding when the part exceeds the whole
/// beyond rounding. Returns true when it did.
pub fn at_most(
    findings: &mut Findings,
    rule: &'static Rule,
    subject: &str,
    part: &Fig,
    whole: &Fig,
) -> bool {
    let diff = part.term.value - whole.term.value;
    if diff <= part.term.tolerance + whole.term.tolerance
        || conversion_only(&part.term, &whole.term)
    {
        return false;
    }
    let f = findings.push(
        rule,
        format!(
            "{}：{} {} 大于 {} {}，超出 {}；部分不应大于整体。",
            subject,
            part.name.text(),
            super::compare::fmt(part.term.value),
            whole.name.text(),
            super::compare::fmt(whole.term.value),
            super::compare::fmt(diff)
        ),
        vec![
            part.term.loc.clone().with_role(Role::Operand),
            whole.term.loc.clone().with_role(Role::Operand),
        ],
    );
    f.expected = Some(format!("≤ {}", super::compare::fmt(whole.term.value)));
    f.actual = Some(super::compare::fmt(part.term.value));
    f.difference = Some(super::compare::fmt(diff));
    true
}

/// Should a comparison between two tables be skipped because one of them is reported as being in
/// the wrong unit (GJ-UNIT-SCALE)? Its consequences would only repeat that finding.
/// The figures of a consensus, without those of tables GJ-UNIT-SCALE flagged (compared in the
/// wrong unit, they would only repeat its finding) — unless every figure comes from one.
pub fn without_flagged<'a>(figs: Vec<(TableKind, Fig<'a>)>, flagged: &[TableKind]) -> Vec<Fig<'a>> {
    let keep_all = figs.iter().all(|(k, _)| flagged.contains(k));
    figs.into_iter()
        .filter(|(k, _)| keep_all || !flagged.contains(k))
        .map(|(_, f)| f)
        .collect()
}

pub fn skip_pair(d: &Disclosure, a: TableKind, b: TableKind) -> bool {
    let flagged = super::cross_scale::flagged(d);
    flagged.contains(&a) != flagged.contains(&b)
}
