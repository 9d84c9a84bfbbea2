//! Shared by the narrative rules: reading each narrative once per rule, the table cell a subject
//! names (by section), narrative locations, and judging a printed figure against an exact value
//! with the figure's own rounding (±½·10^-d).

use super::{Findings, Rule, rounding};
use crate::disclosure::{Disclosure, Narrative};
use crate::narrative::extract::Change;
use crate::narrative::{Doc, NarrUnit, Num, Section, Statement, Subject};
use crate::report::{Location, Role, Severity};
use crate::table::{Line, Table, TableKind};
use crate::text::{key, strip_ordinal};
use rust_decimal::{Decimal, RoundingStrategy};

/// Each narrative, read (once per check, then shared by every narrative rule); the budget year
/// given in the options wins over the inferred one, and amounts printed "元" that the tables or
/// their list show to mean 万元 are marked as slips.
pub fn docs(d: &Disclosure) -> impl Iterator<Item = (&Narrative, &Doc)> {
    let docs = d.narrative_docs.get_or_init(|| {
        d.narratives
            .iter()
            .map(|n| {
                let mut doc = crate::narrative::read(&n.text);
                if d.options.year.is_some() {
                    doc.year = d.options.year;
                }
                mark_slips(d, &mut doc);
                doc
            })
            .collect()
    });
    d.narratives.iter().zip(docs)
}

/// Evidence that "X 元" means X 万元: the cell its subject names holds X 万元, or its list adds up
/// only when it is read as 万元.
fn mark_slips(d: &Disclosure, doc: &mut Doc) {
    if !doc_is_wan(doc) {
        return;
    }
    for i in 0..doc.statements.len() {
        let s = &doc.statements[i];
        let Some(num) = s.amount else { continue };
        if s.unit != Some(NarrUnit::Yuan) {
            continue;
        }
        let by_cell = cell_for_statement(d, doc, i)
            .is_some_and(|c| judge(num, c.value, c.tolerance) != Verdict::Wrong);
        let by_list = doc.lists.iter().any(|l| {
            if l.head != i && !l.parts.contains(&i) {
                return false;
            }
            let adds_up = |as_wan: bool| -> Option<bool> {
                let v = |j: usize| -> Option<(Decimal, Decimal)> {
                    let (a, k) = doc.amount_of(j)?;
                    let st = &doc.statements[k];
                    let yuan = st.unit == Some(NarrUnit::Yuan) && !(as_wan && k == i);
                    let scale = if yuan {
                        Decimal::new(1, 4)
                    } else {
                        Decimal::ONE
                    };
                    Some((a.value * scale, a.tolerance() * scale))
                };
                let (h, th) = v(l.head)?;
                let parts: Option<Vec<_>> = l.parts.iter().map(|&p| v(p)).collect();
                let parts = parts?;
                let sum: Decimal = parts.iter().map(|p| p.0).sum();
                let slack: Decimal = parts.iter().map(|p| p.1).sum::<Decimal>() + th;
                Some((h - sum).abs() <= slack)
            };
            adds_up(true) == Some(true) && adds_up(false) == Some(false)
        });
        doc.statements[i].slip = by_cell || by_list;
    }
}

/// The table cell a statement names, with what its list says: 基本支出/项目支出 under
/// "当年预算" are this year's columns, elsewhere only when nothing was carried over; 人员/公用经费
/// are the general budget's (基本支出表), so not compared in sections about all funds; 当年预算 /
/// 上年结转 in the fiscal section are 财政拨款收支总表's.
pub fn cell_for_statement(d: &Disclosure, doc: &Doc, i: usize) -> Option<Cell> {
    let s = &doc.statements[i];
    let subject = s.subject.as_ref()?;
    let all_funds = matches!(
        s.section,
        Section::Overview | Section::Income | Section::Expense | Section::Fiscal
    );
    let gpb = matches!(s.section, Section::Gpb | Section::GpbBasic);
    match subject {
        Subject::Staff | Subject::Public if all_funds => None,
        Subject::Basic | Subject::Project => {
            let under_cur =
                s.share_of.and_then(|h| doc.statements[h].subject.as_ref()) == Some(&Subject::Cur);
            let carry_key = if *subject == Subject::Basic {
                "carry.basic"
            } else {
                "carry.project"
            };
            let kind = if gpb { TableKind::T5 } else { TableKind::T3 };
            let carried = first_cell(d, kind, &[carry_key], LineSel::Total)
                .is_some_and(|c| !c.value.is_zero());
            if carried && !under_cur {
                return None;
            }
            cell_for(d, subject, s.section)
        }
        Subject::Cur if s.section == Section::Fiscal => {
            first_cell(d, TableKind::T4, &["in.cur"], LineSel::In)
        }
        Subject::Carry if s.section == Section::Fiscal => {
            first_cell(d, TableKind::T4, &["in.carry"], LineSel::In)
        }
        _ => cell_for(d, subject, s.section),
    }
}

/// A narrative line as a location.
pub fn nloc(n: &Narrative, line: u32, value: String) -> Location {
    let mut l = Location::file(&n.file, None);
    l.row = line;
    l.value = Some(crate::report::cell_text(value));
    l.role = Some(Role::Operand);
    l
}

/// Does the narrative write its amounts in 万元 (most of them)?
pub fn doc_is_wan(doc: &Doc) -> bool {
    let count = |u| {
        doc.statements
            .iter()
            .filter(|s| s.amount.is_some() && s.unit == Some(u))
            .count()
    };
    count(NarrUnit::Wan) > count(NarrUnit::Yuan)
}

/// A statement's amount in 万元. An amount printed "元" that is a slip for 万元 is read as 万元:
/// the unit rule reports the slip once, and no other rule repeats it.
pub fn wan(s: &Statement, doc_wan: bool, num: Num) -> Decimal {
    match s.unit {
        Some(NarrUnit::Yuan) if !(doc_wan && s.slip) => num.value / Decimal::from(10_000),
        _ => num.value,
    }
}

/// The factor turning a statement's year-on-year change into 万元: the change carries its own unit
/// ("比上年减少 166271.4 元" under an amount in 元), else the amount's; a slip is read as 万元 like
/// the amount itself.
pub fn change_scale(s: &Statement, c: &Change, doc_wan: bool) -> Decimal {
    match c.unit.or(s.unit) {
        Some(NarrUnit::Yuan) if !(doc_wan && s.slip) => Decimal::new(1, 4),
        _ => Decimal::ONE,
    }
}

/// A table cell, converted to 万元.
#[derive(Debug, Clone)]
pub struct Cell {
    pub value: Decimal,
    pub tolerance: Decimal,
    pub loc: Location,
    /// "支出总表「合计」行「当年预算/基本支出」列".
    pub what: String,
}

fn cell(table: &Table, line: &Line, keys: &[&str]) -> Option<Cell> {
    let k = keys.iter().find(|k| table.has(k))?;
    let a = table.amount(line, k)?;
    let scale = table.unit.map_or(Decimal::ONE, |u| u.to_wan());
    let header = table.columns[table.col(k)?].header.clone();
    Some(Cell {
        value: a.value * scale,
        tolerance: a.tolerance(super::compare::TABLE_DECIMALS) * scale,
        loc: table.loc(line, k).with_role(Role::Operand),
        what: format!(
            "{}{}「{}」列",
            table.kind.name_zh(),
            row_name(table, line, k),
            header
        ),
    })
}

/// "「合计」行", "「208 社会保障和就业支出」行", or nothing for the one-row 三公 table.
fn row_name(table: &Table, line: &Line, key: &str) -> String {
    if table.kind == TableKind::T7 {
        return String::new();
    }
    if table.is_total(line) && table.code(line).is_none() {
        return "「合计」行".into();
    }
    let side = key
        .split_once('.')
        .map(|(s, _)| s)
        .filter(|s| ["in", "out"].contains(s));
    format!("「{}」行", table.describe_side(line, side))
}

/// The 合计 line of a coded table.
fn total_line(t: &Table) -> Option<&Line> {
    t.lines
        .iter()
        .find(|l| t.is_total(l) && t.code(l).is_none())
}

/// The 总计 line of one side of a two-sided table.
fn grand_line<'a>(t: &'a Table, side: &str) -> Option<&'a Line> {
    let k = format!("{side}.item");
    t.lines.iter().find(|l| key(t.text(l, &k)).contains("总计"))
}

fn first_cell(d: &Disclosure, kind: TableKind, keys: &[&str], line: LineSel) -> Option<Cell> {
    d.tables_of(kind).find_map(|t| {
        let l = match line {
            LineSel::Total => total_line(t)?,
            LineSel::In => grand_line(t, "in")?,
            LineSel::Out => grand_line(t, "out")?,
            LineSel::First => t.lines.first()?,
        };
        cell(t, l, keys)
    })
}

#[derive(Clone, Copy)]
enum LineSel {
    Total,
    In,
    Out,
    First,
}

/// A 类 row (3-digit code) of a coded table whose name matches.
fn named_row(d: &Disclosure, kind: TableKind, name: &str, keys: &[&str]) -> Option<Cell> {
    let want = loose(name);
    d.tables_of(kind).find_map(|t| {
        let l = t.lines.iter().find(|l| {
            t.code(l).is_some_and(|c| c.len() == 3) && loose(t.text(l, "name")) == want
        })?;
        cell(t, l, keys)
    })
}

/// The 项 row of the general public budget table a 类/款/项 path names — only when no other
/// fiscal table (政府性基金, 国有资本经营) has the same 项, so the row is the whole fiscal amount.
fn path_row(d: &Disclosure, path: &[String]) -> Option<Cell> {
    let want: Vec<String> = path.iter().map(|p| key(p)).collect();
    let find = |t: &Table| -> Option<usize> {
        let name_of = |code: &str| {
            t.lines
                .iter()
                .find(|l| t.code(l).as_deref() == Some(code))
                .map(|l| key(t.text(l, "name")))
        };
        t.lines.iter().position(|l| {
            let Some(code) = t.code(l).filter(|c| c.len() == 7) else {
                return false;
            };
            key(t.text(l, "name")) == want[2]
                && name_of(&code[..5]).is_some_and(|n| n == want[1])
                && name_of(&code[..3]).is_some_and(|n| n == want[0])
        })
    };
    let other_funds = [TableKind::T8, TableKind::Gzy]
        .iter()
        .any(|&k| d.tables_of(k).any(|t| find(t).is_some()));
    if other_funds {
        return None;
    }
    d.tables_of(TableKind::T5)
        .find_map(|t| cell(t, &t.lines[find(t)?], &["total"]))
}

/// A line of a two-sided table's expenditure side whose label matches.
fn named_out(d: &Disclosure, kind: TableKind, name: &str) -> Option<Cell> {
    let want = loose(name);
    d.tables_of(kind).find_map(|t| {
        let l = t
            .lines
            .iter()
            .find(|l| loose(strip_ordinal(t.text(l, "out.item"))) == want)?;
        cell(t, l, &["out.total"])
    })
}

/// Names compared loosely: "对个人和家庭补助支出" ≈ "对个人和家庭的补助".
fn loose(s: &str) -> String {
    let k = key(s).replace('的', "");
    k.strip_suffix("支出").unwrap_or(&k).to_string()
}

/// The table cell a subject names in a section, if the tables hold it.
pub fn cell_for(d: &Disclosure, subject: &Subject, section: Section) -> Option<Cell> {
    use LineSel::*;
    use TableKind::*;
    let gpb = matches!(section, Section::Gpb | Section::GpbBasic);
    match subject {
        Subject::IncomeTotal => first_cell(d, T1, &["in.total"], In),
        Subject::ExpenseTotal => first_cell(d, T1, &["out.total"], Out),
        Subject::FiscalTotal | Subject::FiscalIncome => first_cell(d, T4, &["in.total"], In),
        Subject::FiscalExpense => first_cell(d, T4, &["out.total"], Out),
        Subject::Cur if gpb => first_cell(d, T5, &["cur.total"], Total),
        Subject::Cur => first_cell(d, T3, &["cur.total"], Total),
        Subject::Carry if gpb => first_cell(d, T5, &["carry.total"], Total),
        Subject::Carry => first_cell(d, T3, &["carry.total"], Total),
        Subject::Basic if gpb => first_cell(d, T6, &["total"], Total)
            .or_else(|| first_cell(d, T5, &["cur.basic", "basic"], Total)),
        Subject::Basic => first_cell(d, T3, &["cur.basic", "basic"], Total),
        Subject::Project if gpb => first_cell(d, T5, &["cur.project", "project"], Total),
        Subject::Project => first_cell(d, T3, &["cur.project", "project"], Total),
        Subject::Staff => first_cell(d, T6, &["staff"], Total),
        Subject::Public => first_cell(d, T6, &["public"], Total),
        Subject::GpbExpense => first_cell(d, T5, &["total"], Total),
        Subject::GpbBasic => first_cell(d, T6, &["total"], Total),
        Subject::Sangong => first_cell(d, T7, &["total"], First),
        Subject::Abroad => first_cell(d, T7, &["abroad"], First),
        Subject::Car => first_cell(d, T7, &["car"], First),
        Subject::CarBuy => first_cell(d, T7, &["car.buy"], First),
        Subject::CarRun => first_cell(d, T7, &["car.run"], First),
        Subject::Reception => first_cell(d, T7, &["reception"], First),
        Subject::Jiguan => first_cell(d, T7, &["jiguan"], First),
        Subject::Path(p) => path_row(d, p),
        Subject::Named(n) => match section {
            Section::Gpb => named_row(d, T5, n, &["total"]),
            Section::GpbBasic => named_row(d, T6, n, &["total"]),
            Section::Fiscal => named_out(d, T4, n),
            _ => named_row(d, T3, n, &["total"]).or_else(|| named_row(d, T6, n, &["total"])),
        },
        _ => None,
    }
}

/// How a printed figure relates to the exact value it should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The exact value rounds to the printed figure.
    Ok,
    /// Not the rounded value, but within the rounding of the figures involved.
    Rounding,
    Wrong,
}

/// Judge `printed` against `exact`, whose own uncertainty (from rounded inputs) is `slack`.
pub fn judge(printed: Num, exact: Decimal, slack: Decimal) -> Verdict {
    let rounded =
        exact.round_dp_with_strategy(printed.decimals, RoundingStrategy::MidpointAwayFromZero);
    if rounded == printed.value || exact == printed.value {
        Verdict::Ok
    } else if (printed.value - exact).abs() <= printed.tolerance() + slack {
        Verdict::Rounding
    } else {
        Verdict::Wrong
    }
}

/// Judge a ratio `100·a/b` printed as `printed`, with a and b known to ± their tolerances.
pub fn judge_ratio(
    printed: Num,
    a: Decimal,
    ta: Decimal,
    b: Decimal,
    tb: Decimal,
) -> Option<(Verdict, Decimal)> {
    let hundred = Decimal::ONE_HUNDRED;
    if b.is_zero() || (b - tb) <= Decimal::ZERO {
        return None;
    }
    let exact = a / b * hundred;
    let lo = (a - ta) / (b + tb) * hundred;
    let hi = (a + ta) / (b - tb) * hundred;
    let slack = (exact - lo).abs().max((hi - exact).abs());
    Some((judge(printed, exact, slack), exact))
}

/// Push a finding for a verdict: nothing when Ok, GJ-ROUNDING info when only rounding differs.
#[allow(clippy::too_many_arguments)]
pub fn emit(
    findings: &mut Findings,
    rule: &'static Rule,
    verdict: Verdict,
    message: String,
    locations: Vec<Location>,
    expected: Decimal,
    actual: Decimal,
) {
    let (rule, severity, message) = match verdict {
        Verdict::Ok => return,
        Verdict::Rounding => (
            &rounding::RULE,
            Severity::Info,
            format!("{message}（差异在四舍五入误差之内）"),
        ),
        Verdict::Wrong => (rule, rule.severity, message),
    };
    let expected = expected.round_dp(4).normalize();
    let f = findings.push_with(rule, severity, message, locations);
    f.expected = Some(expected.to_string());
    f.actual = Some(actual.normalize().to_string());
    f.difference = Some((actual - expected).normalize().to_string());
}
