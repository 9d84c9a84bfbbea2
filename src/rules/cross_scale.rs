//! GJ-UNIT-SCALE: a table whose amounts are 10 000 times (or 1/10 000 of) their counterparts in
//! the other tables — 元 figures under a 万元 heading, or the reverse. Reported once for the table;
//! the cross-table rules then skip the comparisons with it, which would only repeat the finding.

use super::compare::{Outcome, Term, compare, fmt};
use super::cross::{find_label, side_total, total_line};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::{Role, Severity};
use crate::table::{Table, TableKind};
use rust_decimal::Decimal;

pub static RULE: Rule = Rule {
    id: "GJ-UNIT-SCALE",
    severity: Severity::Error,
    title: "表的金额单位疑似标错（相差一万倍）",
    what: rule_doc!(
        "比较各表之间应当相等的总数（收支总表、收入总表、支出总表的合计，财政拨款与一般公共预算合计，基本支出合计，项目支出合计等）：若某张表与其他表对应的数都恰好相差 10000 倍（或 1/10000），报告这张表的单位有误，且不再重复报告由此引起的跨表不等。"
    ),
    why: rule_doc!(
        "把以元为单位的数填进标为“万元”的表（或反之）是常见错误；各数都整整相差一万倍时，问题在单位，而不是在每个数。"
    ),
    example: rule_doc!(
        "支出总表标“单位：万元”，合计却是 291476600.00，而收支总表、收入总表合计 29147.66 万元：支出总表实为以元填列。"
    ),
    check: Some(check),
};

const TEN_K: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

/// A pair of figures of two tables that must be equal.
struct Edge {
    a: (TableKind, Term),
    b: (TableKind, Term),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ratio {
    Same,
    /// a = b × 10 000
    Up,
    /// a = b ÷ 10 000
    Down,
    Other,
}

fn term_of(t: &Table, line: &crate::table::Line, keys: &[&str]) -> Option<Term> {
    let factor = t.unit.map_or(Decimal::ONE, |u| u.to_wan());
    let mut value = Decimal::ZERO;
    let mut tolerance = Decimal::ZERO;
    for k in keys {
        let term = Term::new(t.amount(line, k)?, factor, t.loc(line, k));
        value += term.value;
        tolerance += term.tolerance;
    }
    let loc = t.loc(line, keys.first()?);
    Some(Term {
        value,
        tolerance,
        loc,
    })
}

/// The key figures: (table, term in 万元 as labelled).
fn figures(d: &Disclosure) -> Vec<(&'static str, TableKind, Term)> {
    let mut out = Vec::new();
    let mut put = |name: &'static str, kind: TableKind, term: Option<Term>| {
        if let Some(t) = term.filter(|t| !t.value.is_zero()) {
            out.push((name, kind, t));
        }
    };
    if let Some(t) = d.table(TableKind::T1) {
        put(
            "income",
            t.kind,
            side_total(t, "in").and_then(|l| term_of(t, l, &["in.total"])),
        );
        put(
            "gpb",
            t.kind,
            find_label(t, "in", |b| b.contains("一般公共预算"))
                .and_then(|l| term_of(t, l, &["in.total"])),
        );
    }
    for kind in [TableKind::T2, TableKind::T3] {
        if let Some(t) = d.table(kind) {
            put(
                "income",
                kind,
                total_line(t).and_then(|l| term_of(t, l, &["total"])),
            );
        }
    }
    if let Some(t) = d.table(TableKind::T3) {
        let project = total_line(t).and_then(|l| {
            term_of(t, l, &["cur.project", "carry.project"]).or_else(|| term_of(t, l, &["project"]))
        });
        put("project", t.kind, project);
    }
    if let Some(t) = d.table(TableKind::T4) {
        put(
            "gpb",
            t.kind,
            find_label(t, "in", |b| b.contains("一般公共预算"))
                .and_then(|l| term_of(t, l, &["in.total"])),
        );
    }
    if let Some(t) = d.table(TableKind::T5) {
        let line = total_line(t);
        put("gpb", t.kind, line.and_then(|l| term_of(t, l, &["total"])));
        put(
            "basic",
            t.kind,
            line.and_then(|l| term_of(t, l, &["cur.basic"]).or_else(|| term_of(t, l, &["basic"]))),
        );
    }
    if let Some(t) = d.table(TableKind::T6) {
        put(
            "basic",
            t.kind,
            total_line(t).and_then(|l| term_of(t, l, &["total"])),
        );
    }
    if let Some(t) = d.table(TableKind::T9) {
        put(
            "project",
            t.kind,
            total_line(t).and_then(|l| term_of(t, l, &["total"])),
        );
    }
    out
}

fn edges(d: &Disclosure) -> Vec<Edge> {
    let figs = figures(d);
    let mut out = Vec::new();
    for (i, (na, ka, ta)) in figs.iter().enumerate() {
        for (nb, kb, tb) in &figs[i + 1..] {
            if na == nb && ka != kb {
                out.push(Edge {
                    a: (*ka, ta.clone()),
                    b: (*kb, tb.clone()),
                });
            }
        }
    }
    out
}

fn scaled(t: &Term, factor: Decimal) -> Term {
    Term {
        value: t.value * factor,
        tolerance: t.tolerance * factor,
        loc: t.loc.clone(),
    }
}

fn close(a: &Term, b: &Term) -> bool {
    !matches!(compare(a, b.value, b.tolerance), Outcome::Broken(_))
}

fn ratio(e: &Edge) -> Ratio {
    let (a, b) = (&e.a.1, &e.b.1);
    if close(a, b) {
        Ratio::Same
    } else if close(&scaled(a, Decimal::ONE / TEN_K), b) {
        Ratio::Up
    } else if close(&scaled(a, TEN_K), b) {
        Ratio::Down
    } else {
        Ratio::Other
    }
}

/// Tables judged to be in the wrong unit: every comparable total is off by exactly 10 000 and
/// none agrees; with a single comparison, the table whose partner agrees with a third table.
fn judge(d: &Disclosure) -> Vec<(TableKind, Vec<(Edge, Ratio)>)> {
    let all: Vec<(Edge, Ratio)> = edges(d)
        .into_iter()
        .map(|e| {
            let r = ratio(&e);
            (e, r)
        })
        .collect();
    let stats = |k: TableKind| {
        let mine = all.iter().filter(|(e, _)| e.a.0 == k || e.b.0 == k);
        let same = mine.clone().filter(|(_, r)| *r == Ratio::Same).count();
        let scaled = mine
            .filter(|(_, r)| matches!(r, Ratio::Up | Ratio::Down))
            .count();
        (same, scaled)
    };
    let mut out = Vec::new();
    for kind in TableKind::ALL {
        let (same, scaled) = stats(kind);
        if scaled == 0 || same > 0 {
            continue;
        }
        if scaled == 1 {
            let (e, _) = all
                .iter()
                .find(|(e, r)| {
                    (e.a.0 == kind || e.b.0 == kind) && *r != Ratio::Same && *r != Ratio::Other
                })
                .expect("counted");
            let partner = if e.a.0 == kind { e.b.0 } else { e.a.0 };
            let (partner_same, _) = stats(partner);
            if partner_same == 0 && partner > kind {
                continue; // two tables alone: report the later one
            }
        }
        let mine = all
            .iter()
            .filter(|(e, r)| {
                (e.a.0 == kind || e.b.0 == kind) && matches!(r, Ratio::Up | Ratio::Down)
            })
            .map(|(e, r)| {
                (
                    Edge {
                        a: e.a.clone(),
                        b: e.b.clone(),
                    },
                    *r,
                )
            })
            .collect();
        out.push((kind, mine));
    }
    out
}

/// Tables GJ-UNIT-SCALE reports (judged once per check: every cross-table rule asks).
pub fn flagged(d: &Disclosure) -> &[TableKind] {
    d.unit_scale_flagged
        .get_or_init(|| judge(d).into_iter().map(|(k, _)| k).collect())
}

fn check(d: &Disclosure, findings: &mut Findings) {
    for (kind, edges) in judge(d) {
        let Some(table) = d.table(kind) else { continue };
        let unit = table.unit.map_or("（未标明）", |u| u.name());
        let mut locations = Vec::new();
        let mut pairs = Vec::new();
        let mut larger = false;
        for (e, r) in &edges {
            let (mine, other, mine_larger) = if e.a.0 == kind {
                (&e.a, &e.b, *r == Ratio::Up)
            } else {
                (&e.b, &e.a, *r == Ratio::Down)
            };
            larger = mine_larger;
            pairs.push(format!(
                "{} {} 对 {} {}",
                kind.name_zh(),
                fmt(mine.1.value),
                other.0.name_zh(),
                fmt(other.1.value)
            ));
            // Only the first location names the culprit; the table's other cells are operands.
            let role = if locations.is_empty() {
                Role::Culprit
            } else {
                Role::Operand
            };
            for loc in [
                mine.1.loc.clone().with_role(role),
                other.1.loc.clone().with_role(Role::Operand),
            ] {
                let same = |l: &crate::report::Location| {
                    l.file == loc.file && l.row == loc.row && l.column == loc.column
                };
                if !locations.iter().any(same) {
                    locations.push(loc);
                }
            }
        }
        let guess = if larger {
            "数字像是以元填列"
        } else {
            "数字像是以万元填列却标为元"
        };
        findings.push(
            &RULE,
            format!(
                "{}（标明单位：{}）的金额与其他表对应数恰好相差一万倍（按万元折算：{}），{}，请核对该表的单位。由此引起的跨表不等不再逐项报告。",
                kind.name_zh(),
                unit,
                pairs.join("；"),
                guess
            ),
            locations,
        );
    }
}
