//! The narrative against itself. GJ-NARR-REPEAT: one change stated twice is printed the same.
//! GJ-NARR-PREV: last year's totals implied by different sections agree. GJ-NARR-YEAR: headings
//! and statements name the budget year where the budget year is meant.

use super::narrative_common::{change_scale, doc_is_wan, docs, nloc, wan};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::narrative::extract::{Change, Direction};
use crate::narrative::{Doc, Subject};
use crate::report::Severity;
use rust_decimal::Decimal;

pub static REPEAT: Rule = Rule {
    id: "GJ-NARR-REPEAT",
    severity: Severity::Error,
    title: "情况说明中同一数字前后表述不一",
    what: rule_doc!(
        "同一事项（同一主语、同一本年金额）在情况说明中出现两次时，其比上年增减额必须完全相同。"
    ),
    why: rule_doc!("同一个数四舍五入到同样的小数位只能有一个写法；前后不一说明至少一处抄错。"),
    example: rule_doc!(
        "支出预算情况写基本支出“比上年增加 908.72 万元”，一般公共预算支出情况写“比上年增加 908.71 万元”。"
    ),
    check: Some(check_repeat),
};

pub static PREV: Rule = Rule {
    id: "GJ-NARR-PREV",
    severity: Severity::Error,
    title: "情况说明隐含的上年总数前后矛盾",
    what: rule_doc!(
        "由“本年数 ± 增减额”推出的上年总收入、总支出（及各支出分类增减额之和推出的上年总支出）必须一致；收支平衡，上年总收入等于上年总支出。同一比较口径（上年预算 / 上年预算执行数）才比较。财政拨款收支总预算本年与总收入相同时，其推出的上年数与上年总收入不一致记为警告。"
    ),
    why: rule_doc!("上年数只有一个；不同章节推出不同的上年数，说明某个增减额写错。"),
    example: rule_doc!(
        "收入预算“比上年减少 1296.20 万元”（上年 30443.86），财政拨款收支总预算 29147.66“比上年减少 1083.22 万元”（上年 30230.88）。"
    ),
    check: Some(check_prev),
};

pub static YEAR: Rule = Rule {
    id: "GJ-NARR-YEAR",
    severity: Severity::Error,
    title: "情况说明中的年度写错",
    what: rule_doc!(
        "章节标题（“二、2026 年收入预算情况”）和陈述本年金额的句子（“2026 年预算总收入为 …”）所写年度应为预算年度；预算年度取标题中最常出现的年度。"
    ),
    why: rule_doc!("年度写错会让读者以为说的是另一年的预算。"),
    example: rule_doc!("2026 年部门预算中的标题“二、2025 年收入预算情况”。"),
    check: Some(check_year),
};

fn signed(c: &Change) -> Decimal {
    match c.direction {
        Direction::Down => -c.num.value.abs(),
        _ => c.num.value,
    }
}

/// Comparison bases that mean the same: "上年", "去年", "2025年预算", "2025" all name last
/// year's budget; "…预算执行数" is another base.
fn base_class(base: &str, year: Option<u32>) -> String {
    let exec = base.contains("执行");
    let last = ["上年", "去年"].iter().any(|w| base.contains(w))
        || year.is_some_and(|y| base.contains(&(y - 1).to_string()))
        || base.is_empty();
    match (last, exec) {
        (true, true) => "上年执行".into(),
        (true, false) => "上年".into(),
        _ => base.to_string(),
    }
}

fn check_repeat(d: &Disclosure, findings: &mut Findings) {
    for (n, doc) in docs(d) {
        let year = doc.budget_year();
        let mut seen: Vec<usize> = Vec::new();
        for (i, s) in doc.statements.iter().enumerate() {
            let (Some(subject), Some(c)) = (&s.subject, &s.change) else {
                continue;
            };
            let Some((num, _)) = doc.amount_of(i) else {
                continue;
            };
            if c.direction == Direction::Flat {
                continue;
            }
            let earlier = seen.iter().copied().find(|&j| {
                let o = &doc.statements[j];
                let oc = o.change.as_ref().expect("seen have changes");
                o.subject.as_ref() == Some(subject)
                    && doc.amount_of(j).is_some_and(|(a, _)| a.value == num.value)
                    && base_class(&oc.base, year) == base_class(&c.base, year)
            });
            if let Some(j) = earlier {
                let oc = doc.statements[j]
                    .change
                    .as_ref()
                    .expect("seen have changes");
                let differs = if oc.num.decimals == c.num.decimals {
                    signed(oc) != signed(c)
                } else {
                    (signed(oc) - signed(c)).abs() > oc.num.tolerance() + c.num.tolerance()
                };
                if differs {
                    let f = findings.push(
                        &REPEAT,
                        format!(
                            "情况说明第 {} 行与第 {} 行说的是同一项（{} {} 万元），比上年增减额却分别写作 {} 和 {} 万元。",
                            oc.line,
                            c.line,
                            subject.name_zh(),
                            num.value,
                            signed(oc),
                            signed(c)
                        ),
                        vec![
                            nloc(n, oc.line, oc.num.value.to_string()),
                            nloc(n, c.line, c.num.value.to_string()),
                        ],
                    );
                    f.expected = Some(signed(oc).to_string());
                    f.actual = Some(signed(c).to_string());
                    f.difference = Some((signed(c) - signed(oc)).to_string());
                }
            } else {
                seen.push(i);
            }
        }
    }
}

struct Implied {
    class: &'static str,
    base: String,
    current: Decimal,
    prev: Decimal,
    tol: Decimal,
    line: u32,
    how: String,
}

fn implied(doc: &Doc) -> Vec<Implied> {
    let year = doc.budget_year();
    let doc_wan = doc_is_wan(doc);
    let mut out = Vec::new();
    for (i, s) in doc.statements.iter().enumerate() {
        let (Some(class), Some(c)) = (s.subject.as_ref().and_then(Subject::total_class), &s.change)
        else {
            continue;
        };
        let Some((num, _)) = doc.amount_of(i) else {
            continue;
        };
        let cur = wan(s, doc_wan, num);
        let k = change_scale(s, c, doc_wan);
        out.push(Implied {
            class,
            base: base_class(&c.base, year),
            current: cur,
            prev: cur - signed(c) * k,
            tol: num.tolerance() + c.num.tolerance() * k,
            line: c.line,
            how: format!(
                "{} {} 万元 − ({})",
                s.subject.as_ref().expect("classed").name_zh(),
                cur.normalize(),
                signed(c) * k
            ),
        });
    }
    // A total whose listed parts all state their change implies last year's total too.
    for l in &doc.lists {
        let h = &doc.statements[l.head];
        let Some(class) = h.subject.as_ref().and_then(Subject::total_class) else {
            continue;
        };
        let changes: Option<Vec<&Change>> = l
            .parts
            .iter()
            .map(|&p| doc.statements[p].change.as_ref())
            .collect();
        let (Some(changes), Some((num, _))) = (changes, doc.amount_of(l.head)) else {
            continue;
        };
        let Some(first) = changes.first() else {
            continue;
        };
        let bases: Vec<String> = changes.iter().map(|c| base_class(&c.base, year)).collect();
        if bases.iter().any(|b| *b != bases[0]) {
            continue;
        }
        let cur = wan(h, doc_wan, num);
        let delta: Decimal = l
            .parts
            .iter()
            .zip(&changes)
            .map(|(&p, c)| signed(c) * change_scale(&doc.statements[p], c, doc_wan))
            .sum();
        out.push(Implied {
            class,
            base: bases[0].clone(),
            current: cur,
            prev: cur - delta,
            tol: num.tolerance() + changes.iter().map(|c| c.num.tolerance()).sum::<Decimal>(),
            line: first.line,
            how: format!(
                "{} {} 万元 − 各分项增减额之和 ({})",
                h.subject.as_ref().expect("classed").name_zh(),
                cur.normalize(),
                delta
            ),
        });
    }
    out
}

fn check_prev(d: &Disclosure, findings: &mut Findings) {
    for (n, doc) in docs(d) {
        let all = implied(doc);
        let mut reported: Vec<(u32, u32)> = Vec::new();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a.base != b.base || a.line == b.line {
                    continue;
                }
                let severity = if a.class == b.class {
                    Severity::Error
                } else if a.current == b.current {
                    Severity::Warning
                } else {
                    continue;
                };
                // Across classes, one warning per statement is enough.
                let pair = if severity == Severity::Warning {
                    let fiscal = if a.class == "fiscal" { a.line } else { b.line };
                    (fiscal, 0)
                } else {
                    (a.line, b.line)
                };
                if (a.prev - b.prev).abs() <= a.tol + b.tol || reported.contains(&pair) {
                    continue;
                }
                reported.push(pair);
                let f = findings.push_with(
                    &PREV,
                    severity,
                    format!(
                        "情况说明第 {} 行推出上年数为 {} 万元（{}），第 {} 行推出上年数为 {} 万元（{}），两者不一致。",
                        a.line,
                        a.prev.normalize(),
                        a.how,
                        b.line,
                        b.prev.normalize(),
                        b.how
                    ),
                    vec![
                        nloc(n, a.line, a.prev.normalize().to_string()),
                        nloc(n, b.line, b.prev.normalize().to_string()),
                    ],
                );
                f.expected = Some(a.prev.normalize().to_string());
                f.actual = Some(b.prev.normalize().to_string());
                f.difference = Some((b.prev - a.prev).normalize().to_string());
            }
        }
    }
}

fn check_year(d: &Disclosure, findings: &mut Findings) {
    for (n, doc) in docs(d) {
        let Some(year) = doc.budget_year() else {
            continue;
        };
        // Last year's 决算 or 执行 beside this year's budget is meant to name last year.
        let last_years_outturn = |y: u32, text: &str| {
            y + 1 == year && ["决算", "执行", "实际"].iter().any(|w| text.contains(w))
        };
        for h in &doc.headings {
            let about_budget = h.text.contains("预算") || h.text.contains("情况");
            for &y in &h.years {
                if y != year && about_budget && !last_years_outturn(y, &h.text) {
                    findings.push(
                        &YEAR,
                        format!(
                            "情况说明第 {} 行的标题“{}”写的是 {} 年，而本说明是 {} 年预算。",
                            h.line, h.text, y, year
                        ),
                        vec![nloc(n, h.line, h.text.clone())],
                    );
                }
            }
        }
        for s in &doc.statements {
            if let (Some(_), Some((y, line))) = (&s.subject, s.year)
                && y != year
                && !s.detail
                && !last_years_outturn(y, &s.words)
                && !doc
                    .heading_before(line)
                    .is_some_and(|h| h.years.contains(&y) && last_years_outturn(y, &h.text))
            {
                findings.push(
                    &YEAR,
                    format!(
                        "情况说明第 {} 行：“{}”写的是 {} 年，而本说明是 {} 年预算。",
                        line, s.words, y, year
                    ),
                    vec![nloc(n, line, s.words.clone())],
                );
            }
        }
    }
}
