//! GJ-T9-LEVELS / GJ-T9-TOTAL: the 项目支出表 is a tree without codes — 类型 → 一级项目 → 二级项目,
//! the level of a row given by the deepest name column it fills. Each row equals the sum of the
//! rows one level below it, and the 合计 row equals the sum of the top-level rows, in every amount
//! column.

use super::compare::{Term, describe_sum_of};
use super::equation;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::{Describer, Line, Table, TableKind};
use rust_decimal::Decimal;

pub static LEVELS: Rule = Rule {
    id: "GJ-T9-LEVELS",
    severity: Severity::Error,
    title: "项目支出表：上级项目不等于下级项目之和",
    what: rule_doc!(
        "项目支出表中，每个项目类型行等于其下各一级项目之和，每个一级项目行等于其下各二级项目之和，每一金额列（合计及各资金来源列）都要成立。行的层级由其填写的名称列决定（类型 / 一级项目 / 二级项目）。"
    ),
    why: rule_doc!(
        "上级项目的金额由所属下级项目汇总而来；不等说明某个项目金额填错、漏列了下级项目，或项目挂错了上级。"
    ),
    example: rule_doc!(
        "一级项目“社会保险业务经办管理”728.60 = 二级项目 498.00 + 165.00 + 35.60 + 30.00；若某二级项目写成 36.50，则一级项目行报错。"
    ),
    check: Some(check_levels),
};

pub static TOTAL: Rule = Rule {
    id: "GJ-T9-TOTAL",
    severity: Severity::Error,
    title: "项目支出表：合计行不等于各项目类型之和",
    what: rule_doc!(
        "项目支出表“合计”行的每一金额列等于各项目类型行（无类型列时为各一级项目行）之和。"
    ),
    why: rule_doc!(
        "合计行是全部项目支出的总数，会与支出总表的项目支出相核对；与各类型之和不等，说明合计或某一类型填错，或漏列了一类项目。"
    ),
    example: rule_doc!(
        "合计 22263.09，而各类型之和 12136.40 + 2.50 + 257.78 + 7661.50 = 20058.18，相差 2204.91，报错。"
    ),
    check: Some(check_total),
};

const NAME_KEYS: [&str; 3] = ["type", "name1", "name2"];

/// The table's rows as a tree: a row's level is the deepest name column it fills (0 类型,
/// 1 一级, 2 二级), its parent the nearest row above it with a lower level; the 合计 row and
/// rows without a name have none. Flat: the children of `parents[k]` are
/// `kids[ends[k - 1]..ends[k]]` (a list per parent cost an allocation per project).
struct Tree {
    /// The rows without a parent, in table order.
    roots: Vec<usize>,
    /// The rows with children, in table order.
    parents: Vec<usize>,
    ends: Vec<usize>,
    kids: Vec<usize>,
}

impl Tree {
    fn new(table: &Table) -> Tree {
        const NONE: usize = usize::MAX;
        let name_cols = NAME_KEYS.map(|k| table.col(k));
        let n = table.lines.len();
        let mut roots = Vec::new();
        // Each row's parent, and each row's child count.
        let mut parent = vec![NONE; n];
        let mut count = vec![0usize; n];
        // The open ancestors: (level, row index).
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for (i, line) in table.lines.iter().enumerate() {
            if table.is_total(line) {
                continue;
            }
            // Not blank: one character looked at in a filled cell, where trimming scans both ends.
            let filled = |c: &Option<usize>| {
                c.is_some_and(|c| !table.cell(line, c).chars().all(char::is_whitespace))
            };
            let Some(lv) = name_cols.iter().rposition(filled) else {
                continue;
            };
            while stack.last().is_some_and(|&(l, _)| l >= lv) {
                stack.pop();
            }
            match stack.last() {
                Some(&(_, p)) => {
                    parent[i] = p;
                    count[p] += 1;
                }
                None => roots.push(i),
            }
            stack.push((lv, i));
        }
        // A parent's first child is the next named row below it, so parents in row order are
        // also in the order their first children come.
        let (mut parents, mut ends) = (Vec::new(), Vec::new());
        let mut end = 0;
        for (p, c) in count.iter_mut().enumerate().filter(|(_, c)| **c > 0) {
            parents.push(p);
            // From here on: where the parent's next child goes.
            (*c, end) = (end, end + *c);
            ends.push(end);
        }
        let mut kids = vec![0; end];
        for (i, &p) in parent.iter().enumerate().filter(|(_, p)| **p != NONE) {
            kids[count[p]] = i;
            count[p] += 1;
        }
        Tree {
            roots,
            parents,
            ends,
            kids,
        }
    }

    /// (parent, its children) in table order.
    fn families(&self) -> impl Iterator<Item = (usize, &[usize])> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.parents
            .iter()
            .zip(starts.zip(&self.ends))
            .map(|(&p, (start, &end))| (p, &self.kids[start..end]))
    }
}

/// An amount column: its index, and where its amounts are in `Table::amounts`.
struct AmountCol {
    col: usize,
    slot: usize,
}

/// The amount columns that hold amounts.
fn amount_cols(table: &Table) -> Vec<AmountCol> {
    table
        .amount_keys()
        .filter_map(|key| {
            let col = table.col(key)?;
            let slot = table.columns[col].amount_slot? as usize;
            Some(AmountCol { col, slot })
        })
        .collect()
}

fn check_levels(d: &Disclosure, findings: &mut Findings) {
    for table in d.tables_of(TableKind::T9) {
        let tree = Tree::new(table);
        let cols = amount_cols(table);
        let width = table.amount_width();
        let describer = table.describer(None);
        let mut unequal = Vec::new();
        for (parent, kids) in tree.families() {
            let line = &table.lines[parent];
            unequal.clear();
            unequal.extend(
                cols.iter()
                    .filter(|c| !sum_holds(table, line, kids, c, width)),
            );
            if unequal.is_empty() {
                continue; // most rows add up
            }
            // Named once for all its columns.
            let names = (
                format!("{}「{}」", table.kind.name_zh(), describer.describe(line)),
                describe_kids(&describer, table, kids),
            );
            // Not exactly equal (`sum_holds`), and every cell parsed.
            check_unequal(findings, &LEVELS, table, line, kids, &unequal, &names);
        }
    }
}

/// "a + b + c + d + …（共 n 项）": the rows summed, named.
fn describe_kids(describer: &Describer, table: &Table, kids: &[usize]) -> String {
    describe_sum_of(kids.len(), 4, |i| describer.describe(&table.lines[kids[i]]))
}

/// Does the `c` amount of `line` equal the sum of its `kids`' exactly? Also true when a cell
/// is missing or malformed (those have their own findings): nothing to check then.
fn sum_holds(table: &Table, line: &Line, kids: &[usize], c: &AmountCol, width: usize) -> bool {
    let at = |line: &Line| table.amounts.mantissa(line.index as usize * width + c.slot);
    let kids_at = kids.iter().map(|&k| at(&table.lines[k]));
    if let Some(holds) = equation::holds_inline(at(line), kids_at) {
        return holds;
    }
    let Some(total) = table.amount_at(line, c.col) else {
        return true;
    };
    let mut sum = Decimal::ZERO;
    for &k in kids {
        match table.amount_at(&table.lines[k], c.col) {
            Some(a) => sum += a.value,
            None => return true,
        }
    }
    sum == total.value
}

fn check_total(d: &Disclosure, findings: &mut Findings) {
    for table in d.tables_of(TableKind::T9) {
        let Some(total_line) = table.lines.iter().find(|l| table.is_total(l)) else {
            continue;
        };
        let roots = Tree::new(table).roots;
        if roots.is_empty() {
            continue;
        }
        let describer = table.describer(None);
        let names = (
            format!("{}「合计」行", table.kind.name_zh()),
            describe_kids(&describer, table, &roots),
        );
        let width = table.amount_width();
        let cols = amount_cols(table);
        let unequal: Vec<_> = cols
            .iter()
            .filter(|c| !sum_holds(table, total_line, &roots, c, width))
            .collect();
        if unequal.is_empty() {
            continue; // the usual case: nothing to read the parts again for
        }
        check_unequal(
            findings, &TOTAL, table, total_line, &roots, &unequal, &names,
        );
    }
}

/// The equation `line = Σ parts` in each of the columns `cols`, known not to hold exactly:
/// raises the rule's error, or the rounding info, per column. Nothing in a column where a cell
/// is missing or malformed (those have their own findings). The parts are read row by row for
/// all the columns at once: a type's parts are spread over the whole table, and reading them
/// once per column read the table that many times.
fn check_unequal(
    findings: &mut Findings,
    rule: &'static Rule,
    table: &Table,
    line: &Line,
    parts: &[usize],
    cols: &[&AmountCol],
    // The equation's subject and its parts named ("a + b + …").
    (subject, kids_named): &(String, String),
) {
    // Per column: the total's term and the parts' (None once a cell fails to parse).
    let mut terms: Vec<Option<(Term, Vec<Term>)>> = cols
        .iter()
        .map(|c| {
            let total = table.amount_at(line, c.col)?;
            let total = Term::unscaled(total, table.loc_at(line, c.col));
            Some((total, Vec::with_capacity(parts.len())))
        })
        .collect();
    for part in parts.iter().map(|&k| &table.lines[k]) {
        for (c, slot) in cols.iter().zip(&mut terms) {
            let Some((_, terms)) = slot else { continue };
            let Some(a) = table.amount_at(part, c.col) else {
                *slot = None; // a malformed cell has its own finding
                continue;
            };
            terms.push(Term::unscaled(a, table.loc_at(part, c.col)));
        }
    }
    for (c, slot) in cols.iter().zip(terms) {
        let Some((total, terms)) = slot else { continue };
        equation::check(findings, rule, total, terms, &|| {
            let header = &table.columns[c.col].header;
            let relation = ["「", header, "」列 = ", kids_named].concat();
            (subject.clone(), relation)
        });
    }
}
