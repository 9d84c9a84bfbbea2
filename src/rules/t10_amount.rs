//! 项目支出绩效目标表 against 项目支出表: each project's amount equals the same project's amount
//! in T9 (GJ-T10-AMOUNT), and the table's amounts are in the unit its header says (GJ-T10-UNIT,
//! one finding for the table when the amounts are consistently 10 000 times off).

use super::compare::{Term, fmt};
use super::equation;
use super::{Findings, Rule};
use crate::amount::Amount;
use crate::disclosure::Disclosure;
use crate::hash::HashMap;
use crate::report::{Role, Severity};
use crate::t10::{self, Project};
use crate::table::{Line, Table, TableKind};
use rust_decimal::Decimal;

pub static AMOUNT: Rule = Rule {
    id: "GJ-T10-AMOUNT",
    severity: Severity::Error,
    title: "绩效目标表项目金额与项目支出表不符",
    what: rule_doc!(
        "项目支出绩效目标表中每个项目的资金总额，应等于项目支出表中同一项目（二级项目）的合计金额（换算到同一金额单位后）。项目按名称对应：先完全相同，再忽略空格、全半角括号和末尾的「项目」二字；找不到同名项目的也列出。"
    ),
    why: rule_doc!(
        "绩效目标是针对项目预算设定的，金额对不上说明其中一张表填错，或绩效目标表用的是旧版本的项目预算。"
    ),
    example: rule_doc!(
        "项目支出表「社保局省(市)属采暖费补贴」10872.80 万元，绩效目标表「社保局省（市）属采暖费补贴项目」应为 10872.80 万元。"
    ),
    check: Some(check_amount_and_unit),
};

pub static UNIT: Rule = Rule {
    id: "GJ-T10-UNIT",
    severity: Severity::Error,
    title: "绩效目标表金额单位标错",
    what: rule_doc!(
        "绩效目标表的项目金额普遍是项目支出表同名项目的 10000 倍（或万分之一）时，说明表中金额实际以元（或万元）填列，却标为万元（或元）。整张表只报一次。"
    ),
    why: rule_doc!(
        "单位标错会让读者把预算看大或看小一万倍；逐行报出同一原因的差异只会淹没其他问题。"
    ),
    example: rule_doc!(
        "表头写「年度资金总额(万元)」，而「企业补充养老保险」填 8,000.00，项目支出表为 0.80 万元。"
    ),
    // Raised by GJ-T10-AMOUNT's pass: the unit decision changes how every amount compares.
    check: None,
};

struct Matched<'a> {
    /// The project's index (`t10::Matched::of` names its T9 match when a message needs it).
    index: usize,
    project: Project<'a>,
    t9_line: &'a Line,
    /// The T9 project's 合计, read once: T10's order is not T9's, so each read is a jump
    /// through a large table (and both passes below compare it).
    t9_total: Option<Amount>,
}

/// The factor the T10 amounts are off by, when (nearly) all matched projects agree on 10 000 or
/// 1/10 000: the table's unit label is then wrong.
fn unit_error(t10: &Table, t9: &Table, matched: &[Matched]) -> Option<Decimal> {
    let (u10, u9) = (t10.unit?.to_wan(), t9.unit?.to_wan());
    // Natively, no multiplications for the usual scales of one (both tables in 万元).
    let ones = crate::FOR_SPEED && u10 == Decimal::ONE && u9 == Decimal::ONE;
    let factors = [Decimal::from(10_000), Decimal::new(1, 4)];
    let near = |r: Decimal, f: Decimal| (r / f - Decimal::ONE).abs() < Decimal::new(1, 2);
    // Among the projects with both amounts non-zero, how many are off by each factor.
    let (mut compared, mut off) = (0usize, [0usize; 2]);
    for m in matched {
        let (Some(a10), Some(a9)) = (m.project.amount(), m.t9_total) else {
            continue;
        };
        let (a10, a9) = if ones {
            (a10.value, a9.value)
        } else {
            (a10.value * u10, a9.value * u9)
        };
        if a9.is_zero() || a10.is_zero() {
            continue;
        }
        compared += 1;
        if a10 == a9 {
            continue; // a ratio of 1 is near neither factor: skip the divisions
        }
        let r = a10 / a9;
        for (n, f) in off.iter_mut().zip(factors) {
            *n += usize::from(near(r, f));
        }
    }
    if compared == 0 {
        return None;
    }
    factors
        .into_iter()
        .zip(off)
        .find(|&(_, n)| n * 3 >= compared * 2)
        .map(|(f, _)| f)
}

fn check_amount_and_unit(d: &Disclosure, findings: &mut Findings) {
    let (Some(t10), Some(t9)) = (d.table(TableKind::T10), d.table(TableKind::T9)) else {
        return;
    };
    if !t10.has("amount") || !t9.has("total") {
        return;
    }
    let Some(matching) = t10::matching(d) else {
        return;
    };
    let mut matched = Vec::new();
    let mut unmatched = Vec::new();
    let total_col = t9.col("total");
    for (i, p) in matching.projects.iter().enumerate() {
        match matching.line_of(i) {
            Some(l) => matched.push(Matched {
                index: i,
                project: p,
                t9_line: l,
                t9_total: total_col.and_then(|c| t9.amount_at(l, c)),
            }),
            None => unmatched.push(p),
        }
    }
    let factor = unit_error(t10, t9, &matched);
    let label = t10.unit.map_or("", |u| u.name());
    if let Some(f) = factor {
        let actual_unit = if f > Decimal::ONE { "元" } else { "万元" };
        let examples: Vec<String> = matched
            .iter()
            .take(3)
            .filter_map(|m| {
                Some(format!(
                    "「{}」{} 对应项目支出表 {}",
                    m.project.name(),
                    fmt(m.project.amount()?.value),
                    fmt(m.t9_total?.value)
                ))
            })
            .collect();
        let mut locations: Vec<_> = matched
            .iter()
            .map(|m| t10.loc(m.project.line(), "amount"))
            .collect();
        super::codes::first_culprit(&mut locations);
        findings.push(
            &UNIT,
            format!(
                "项目支出绩效目标表的金额标为{label}，但各项目金额是项目支出表同名项目的 {} 倍，实际应以{actual_unit}填列（如 {}）。按{actual_unit}换算后再逐项核对金额。",
                f.normalize(),
                examples.join("；")
            ),
            locations,
        );
    }
    let scale10 = t10.unit.map_or(Decimal::ONE, |u| u.to_wan()) / factor.unwrap_or(Decimal::ONE);
    let scale9 = t9.unit.map_or(Decimal::ONE, |u| u.to_wan());
    let ones = crate::FOR_SPEED && scale10 == Decimal::ONE && scale9 == Decimal::ONE;
    for m in &matched {
        let (Some(a10), Some(a9)) = (m.project.amount(), m.t9_total) else {
            continue;
        };
        let equal = if ones {
            a10.value == a9.value
        } else {
            a10.value * scale10 == a9.value * scale9
        };
        if equal {
            continue; // equal: the equation raises nothing, skip building it
        }
        let total = Term::new(a10, scale10, t10.loc(m.project.line(), "amount"));
        let parts = vec![Term::new(a9, scale9, t9.loc(m.t9_line, "total"))];
        equation::check(findings, &AMOUNT, total, parts, &|| {
            let how = match matching.of(m.index) {
                Some((_, name, false)) => format!("（按名称「{name}」对应）"),
                _ => String::new(),
            };
            let subject = format!("项目支出绩效目标表「{}」{how}", m.project.name());
            (subject, "资金总额 = 项目支出表同名项目合计（万元）".into())
        });
    }
    // T9 projects by amount (in 万元), for the hint on unmatched projects.
    let mut by_amount: HashMap<Decimal, Vec<&str>> = HashMap::default();
    if !unmatched.is_empty() {
        for (l, n) in matching.candidates() {
            if let Some(b) = t9.amount(l, "total").filter(|b| !b.value.is_zero()) {
                by_amount.entry(b.value * scale9).or_default().push(n);
            }
        }
    }
    for p in unmatched {
        let same_amount: &[&str] = p
            .amount()
            .and_then(|a| by_amount.get(&(a.value * scale10)))
            .map_or(&[], Vec::as_slice);
        let hint = if same_amount.is_empty() {
            String::new()
        } else {
            format!(
                "项目支出表中金额相同的项目：「{}」，可能是同一项目改了名称。",
                same_amount.join("」「")
            )
        };
        findings.push_with(
            &AMOUNT,
            Severity::Warning,
            format!(
                "项目支出绩效目标表的项目「{}」在项目支出表的二级项目中找不到同名项目，无法核对金额。{hint}",
                p.name()
            ),
            vec![t10.loc(p.line(), "project").with_role(Role::Culprit)],
        );
    }
}
