//! The narrative's own arithmetic. GJ-NARR-SHARE: 占比 = amount ÷ the base the sentence or
//! section implies. GJ-NARR-CHANGE: growth rate = change ÷ (amount ∓ change), and 增/减 words agree.
//! GJ-NARR-PARTS: a listed breakdown adds up to its head (其中 …; 人员 + 公用 = 基本; “三公”).

use super::narrative_common::{
    cell_for, change_scale, doc_is_wan, docs, emit, judge, judge_ratio, nloc, wan,
};
use super::{Findings, Rule};
use crate::disclosure::{Disclosure, Narrative};
use crate::narrative::extract::Direction;
use crate::narrative::{Doc, Num, Section, Subject};
use crate::report::{Location, Severity};
use rust_decimal::Decimal;

pub static SHARE: Rule = Rule {
    id: "GJ-NARR-SHARE",
    severity: Severity::Error,
    title: "情况说明中的占比算错",
    what: rule_doc!(
        "“占总支出 X%”“占当年支出的 X%”“占基本支出总额 X%”以及“其中：…占 X%”中的百分比，等于该金额 ÷ 句子或章节所指的基数（总支出、当年预算、基本支出、列举的上级项目；一般公共预算章节中的“总支出”指一般公共预算支出），按所印小数位四舍五入。基数在表和说明中都没有印出时，由同一章节前文对同一基数所说的占比推算（在该占比的四舍五入范围内）。"
    ),
    why: rule_doc!(
        "占比是读者理解支出结构的依据；按印出的金额算不出印出的占比，说明占比或金额有误。"
    ),
    example: rule_doc!("基本支出 9089.48 万元“占支出的 31.19%”，而 9089.48 ÷ 29147.66 = 31.18%。"),
    check: Some(check_share),
};

pub static CHANGE: Rule = Rule {
    id: "GJ-NARR-CHANGE",
    severity: Severity::Error,
    title: "情况说明中的增减幅度与增减额不符",
    what: rule_doc!(
        "“比上年增加（减少）D 万元，增幅（降幅）G%”中，G = D ÷ (本年数 ∓ D)，按所印小数位四舍五入；“增加”配“增幅”、“减少”配“降幅”。"
    ),
    why: rule_doc!(
        "增减幅度由增减额和本年数唯一确定；算不出来或增减用词相反，说明其中一个数字写错。"
    ),
    example: rule_doc!(
        "公务接待费 8.06 万元，比上年减少 2.54 万元，降幅 23.96%：2.54 ÷ (8.06 + 2.54) = 23.96%。"
    ),
    check: Some(check_change),
};

pub static PARTS: Rule = Rule {
    id: "GJ-NARR-PARTS",
    severity: Severity::Error,
    title: "情况说明中列举的分项之和不等于总数",
    what: rule_doc!(
        "“X 万元，其中：A 万元，B 万元…”、“X 中，A…；B…”列举的分项之和等于 X；人员经费 + 公用经费 = 基本支出；“三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；政府采购 = 货物 + 工程 + 服务。“主要包括”之类的不完全列举只要求分项之和不超过总数。"
    ),
    why: rule_doc!("情况说明自身的数字也必须勾稽；分项与总数不符，至少有一个数字写错。"),
    example: rule_doc!(
        "“三公”经费 12.38 万元 = 因公出国（境）费 0 + 公务用车购置费 0 + 公务用车运行费 4.32 + 公务接待费 8.06。"
    ),
    check: Some(check_parts),
};

/// The base a share names, in a section.
fn base_subject(words: &str, section: Section) -> Option<Subject> {
    if words.contains("一般公共预算") {
        Some(Subject::GpbExpense)
    } else if words.contains("财政拨款") {
        Some(if words.contains("收入") {
            Subject::FiscalIncome
        } else {
            Subject::FiscalExpense
        })
    } else if words.contains("基本支出") {
        Some(Subject::Basic)
    } else if words.contains("项目支出") {
        Some(Subject::Project)
    } else if words.contains("当年") {
        Some(Subject::Cur)
    } else if words.contains("支出") {
        Some(if matches!(section, Section::Gpb | Section::GpbBasic) {
            Subject::GpbExpense
        } else {
            Subject::ExpenseTotal
        })
    } else if words.contains("收入") {
        Some(Subject::IncomeTotal)
    } else {
        None
    }
}

/// A base value: the table cell of a subject when the tables hold it, else the narrative's own
/// latest statement of it.
fn base_value(
    d: &Disclosure,
    n: &Narrative,
    doc: &Doc,
    subject: &Subject,
    section: Section,
    before: usize,
    doc_wan: bool,
) -> Option<(Decimal, Decimal, Location, String)> {
    if let Some(c) = cell_for(d, subject, section) {
        return Some((c.value, c.tolerance, c.loc, c.what));
    }
    let j = doc.latest(subject, before)?;
    let s = &doc.statements[j];
    let num = s.amount?;
    Some((
        wan(s, doc_wan, num),
        num.tolerance() * scale(s, doc_wan),
        nloc(n, s.line, format!("{}{}", s.words, num.value)),
        format!("第 {} 行所述{}", s.line, subject.name_zh()),
    ))
}

/// The factor turning a statement's printed figures into 万元 (1 or 1/10000 for "元").
fn scale(s: &crate::narrative::Statement, doc_wan: bool) -> Decimal {
    wan(
        s,
        doc_wan,
        Num {
            value: Decimal::ONE,
            decimals: 0,
        },
    )
}

/// A base neither the tables nor the narrative state, implied by an earlier share of it in the
/// same section ("基本支出 2476260.58 元，占一般公共预算支出的 84.06%" makes it 2945.8 万元
/// within the share's rounding), so that a later share of the same base can be judged.
fn implied_base(
    n: &Narrative,
    doc: &Doc,
    subject: &Subject,
    section: Section,
    before: usize,
    doc_wan: bool,
) -> Option<(Decimal, Decimal, Location, String)> {
    let hundred = Decimal::ONE_HUNDRED;
    (0..before).rev().find_map(|j| {
        let o = &doc.statements[j];
        let share = o.share.as_ref()?;
        if o.section != section
            || share.base.is_empty()
            || base_subject(&share.base, o.section).as_ref() != Some(subject)
        {
            return None;
        }
        let (num, _) = doc.amount_of(j)?;
        let (a, ta) = (wan(o, doc_wan, num), num.tolerance() * scale(o, doc_wan));
        let h = crate::amount::half_unit(share.num.decimals);
        let (lo_share, hi_share) = (
            (share.num.value - h) / hundred,
            (share.num.value + h) / hundred,
        );
        if lo_share <= Decimal::ZERO || a - ta <= Decimal::ZERO {
            return None;
        }
        let (b_lo, b_hi) = ((a - ta) / hi_share, (a + ta) / lo_share);
        let two = Decimal::TWO;
        // To 0.01 元: enough for any share, and a readable message.
        Some((
            ((b_lo + b_hi) / two).round_dp(6),
            ((b_hi - b_lo) / two)
                .round_dp_with_strategy(6, rust_decimal::RoundingStrategy::AwayFromZero),
            nloc(n, share.line, format!("{}%", share.num.value)),
            format!(
                "按第 {} 行“{}占{}{}%”推算的{}",
                share.line,
                o.words,
                share.base,
                share.num.value,
                subject.name_zh()
            ),
        ))
    })
}

fn check_share(d: &Disclosure, findings: &mut Findings) {
    for (n, doc) in docs(d) {
        let doc_wan = doc_is_wan(doc);
        for (i, s) in doc.statements.iter().enumerate() {
            let Some(share) = &s.share else { continue };
            let Some((num, _)) = doc.amount_of(i) else {
                continue;
            };
            let a = wan(s, doc_wan, num);
            let base = if share.base.is_empty() {
                s.share_of.and_then(|h| {
                    let head = &doc.statements[h];
                    match &head.subject {
                        Some(sub) if !head.detail => {
                            base_value(d, n, doc, sub, head.section, h + 1, doc_wan)
                        }
                        _ => {
                            let (hn, _) = doc.amount_of(h)?;
                            Some((
                                wan(head, doc_wan, hn),
                                hn.tolerance() * scale(head, doc_wan),
                                nloc(n, head.line, format!("{}{}", head.words, hn.value)),
                                format!("第 {} 行所述“{}”", head.line, head.words),
                            ))
                        }
                    }
                })
            } else {
                base_subject(&share.base, s.section).and_then(|sub| {
                    base_value(d, n, doc, &sub, s.section, i, doc_wan)
                        .or_else(|| implied_base(n, doc, &sub, s.section, i, doc_wan))
                })
            };
            let Some((b, tb, bloc, bwhat)) = base else {
                continue;
            };
            let ta = num.tolerance() * scale(s, doc_wan);
            let Some((verdict, exact)) = judge_ratio(share.num, a, ta, b, tb) else {
                continue;
            };
            let name = s.subject.as_ref().map_or(s.words.clone(), |x| x.name_zh());
            emit(
                findings,
                &SHARE,
                verdict,
                format!(
                    "情况说明第 {} 行：{} {} 万元“占{}{}%”，而 {} ÷ {}（{}）= {}%。",
                    share.line,
                    name,
                    a.normalize(),
                    share.base,
                    share.num.value,
                    a.normalize(),
                    b.normalize(),
                    bwhat,
                    exact.round_dp(share.num.decimals.max(2))
                ),
                vec![nloc(n, share.line, format!("{}%", share.num.value)), bloc],
                exact,
                share.num.value,
            );
        }
    }
}

fn signed(num: Num, dir: Direction) -> Decimal {
    match dir {
        Direction::Down => -num.value.abs(),
        _ => num.value,
    }
}

fn check_change(d: &Disclosure, findings: &mut Findings) {
    for (n, doc) in docs(d) {
        let doc_wan = doc_is_wan(doc);
        for (i, s) in doc.statements.iter().enumerate() {
            let name = s.subject.as_ref().map_or(s.words.clone(), |x| x.name_zh());
            if let (Some(c), Some(r)) = (&s.change, &s.rate) {
                let opposite = matches!(
                    (c.direction, r.direction),
                    (Direction::Up, Direction::Down) | (Direction::Down, Direction::Up)
                );
                if opposite || (c.direction == Direction::Up && c.num.value < Decimal::ZERO) {
                    findings.push(
                        &CHANGE,
                        format!(
                            "情况说明第 {} 行：{}“{}”{} 万元，却说“{}” {}%，增减用词相互矛盾。",
                            r.line,
                            name,
                            if c.direction == Direction::Up {
                                "增加"
                            } else {
                                "减少"
                            },
                            c.num.value,
                            if r.direction == Direction::Up {
                                "增幅"
                            } else {
                                "降幅"
                            },
                            r.num.value
                        ),
                        vec![
                            nloc(n, c.line, c.num.value.to_string()),
                            nloc(n, r.line, format!("{}%", r.num.value)),
                        ],
                    );
                    continue;
                }
            }
            let (Some(c), Some(r)) = (&s.change, &s.rate) else {
                continue;
            };
            if c.direction == Direction::Flat {
                continue;
            }
            let Some((num, _)) = doc.amount_of(i) else {
                continue;
            };
            let a = wan(s, doc_wan, num);
            let k = change_scale(s, c, doc_wan);
            let delta = signed(c.num, c.direction).abs() * k;
            let prev = a - signed(c.num, c.direction) * k;
            // G = D ÷ previous; bounds from the rounding of D and of the amount.
            let (td, ta) = (c.num.tolerance() * k, num.tolerance() * scale(s, doc_wan));
            let prev_t = td + ta;
            let Some((verdict, exact)) = judge_ratio(r.num, delta, td, prev, prev_t) else {
                continue;
            };
            emit(
                findings,
                &CHANGE,
                verdict,
                format!(
                    "情况说明第 {} 行：{} {} 万元，比上年{} {} 万元，幅度应为 {} ÷ {} = {}%，说明写 {}%。",
                    r.line,
                    name,
                    a.normalize(),
                    if c.direction == Direction::Up {
                        "增加"
                    } else {
                        "减少"
                    },
                    delta.normalize(),
                    delta.normalize(),
                    prev.normalize(),
                    exact.round_dp(r.num.decimals.max(2)),
                    r.num.value
                ),
                vec![
                    nloc(n, c.line, c.num.value.to_string()),
                    nloc(n, r.line, format!("{}%", r.num.value)),
                ],
                exact,
                r.num.value,
            );
        }
    }
}

struct Term {
    value: Decimal,
    decimals: u32,
    tol: Decimal,
    line: u32,
    text: String,
}

fn term(doc: &Doc, i: usize, doc_wan: bool) -> Option<Term> {
    let s = &doc.statements[i];
    let (num, j) = doc.amount_of(i)?;
    Some(Term {
        value: wan(s, doc_wan, num),
        decimals: num.decimals,
        tol: num.tolerance() * scale(s, doc_wan),
        line: doc.statements[j].line,
        text: format!("{}{}", doc.statements[j].words, num.value),
    })
}

fn check_sum(
    findings: &mut Findings,
    n: &Narrative,
    what: &str,
    head: Term,
    parts: Vec<Term>,
    at_most: bool,
) {
    let sum: Decimal = parts.iter().map(|p| p.value).sum();
    let slack: Decimal = parts.iter().map(|p| p.tol).sum();
    let num = Num {
        value: head.value,
        decimals: head.decimals,
    };
    let verdict = judge(num, sum, slack);
    if at_most && sum <= head.value + head.tol + slack {
        return;
    }
    let mut locations = vec![nloc(n, head.line, head.text.clone())];
    locations.extend(parts.iter().map(|p| nloc(n, p.line, p.text.clone())));
    emit(
        findings,
        &PARTS,
        verdict,
        format!(
            "情况说明第 {} 行：{} {} 万元，而所列分项之和为 {} 万元（{}）。",
            head.line,
            what,
            head.value.normalize(),
            sum.normalize(),
            parts
                .iter()
                .map(|p| p.value.normalize().to_string())
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        locations,
        sum,
        head.value,
    );
}

fn check_parts(d: &Disclosure, findings: &mut Findings) {
    for (n, doc) in docs(d) {
        let doc_wan = doc_is_wan(doc);
        for l in &doc.lists {
            let Some(head) = term(doc, l.head, doc_wan) else {
                continue;
            };
            let parts: Option<Vec<Term>> = l.parts.iter().map(|&p| term(doc, p, doc_wan)).collect();
            let Some(parts) = parts else { continue };
            let hs = &doc.statements[l.head];
            let what = hs
                .subject
                .as_ref()
                .map_or(hs.words.clone(), |s| s.name_zh());
            check_sum(findings, n, &what, head, parts, l.at_most);
        }
        named_relations(doc, n, findings, doc_wan);
    }
}

/// Relations between subjects stated in separate sentences: “三公” = parts, 公务用车 = 购置 + 运行,
/// 基本支出 = 人员经费 + 公用经费 (within one section).
fn named_relations(doc: &Doc, n: &Narrative, findings: &mut Findings, doc_wan: bool) {
    let end = doc.statements.len();
    let find = |s: Subject| doc.latest(&s, end);
    let in_lists = |i: usize| doc.lists.iter().any(|l| l.head == i);
    let t = |i: Option<usize>| i.and_then(|i| term(doc, i, doc_wan));
    let buy_run = (find(Subject::CarBuy), find(Subject::CarRun));
    if let (Some(car), (Some(b), Some(r))) = (find(Subject::Car), buy_run)
        && let (Some(h), Some(b), Some(r)) = (t(Some(car)), t(Some(b)), t(Some(r)))
    {
        check_sum(findings, n, "公务用车购置及运行费", h, vec![b, r], false);
    }
    if let Some(total) = find(Subject::Sangong).filter(|&i| !in_lists(i)) {
        let car: Option<Vec<Term>> = match find(Subject::Car) {
            Some(c) => t(Some(c)).map(|c| vec![c]),
            None => t(buy_run.0).zip(t(buy_run.1)).map(|(b, r)| vec![b, r]),
        };
        if let (Some(h), Some(a), Some(car), Some(r)) = (
            t(Some(total)),
            t(find(Subject::Abroad)),
            car,
            t(find(Subject::Reception)),
        ) {
            let mut parts = vec![a];
            parts.extend(car);
            parts.push(r);
            check_sum(findings, n, "“三公”经费", h, parts, false);
        }
    }
    // 基本支出 = 人员经费 + 公用经费, each section on its own.
    let mut sections: Vec<Section> = doc.statements.iter().map(|s| s.section).collect();
    sections.dedup();
    for sec in sections {
        let in_sec = |sub: &Subject| {
            doc.statements
                .iter()
                .enumerate()
                .rev()
                .find(|(_, s)| {
                    s.section == sec
                        && s.subject.as_ref() == Some(sub)
                        && s.amount.is_some()
                        && !s.detail
                })
                .map(|(i, _)| i)
        };
        let basic = in_sec(&Subject::GpbBasic).or_else(|| in_sec(&Subject::Basic));
        let (Some(b), Some(st), Some(pu)) =
            (basic, in_sec(&Subject::Staff), in_sec(&Subject::Public))
        else {
            continue;
        };
        let covered = doc
            .lists
            .iter()
            .any(|l| l.parts.contains(&st) && l.parts.contains(&pu));
        if covered {
            continue;
        }
        if let (Some(h), Some(a), Some(c)) = (t(Some(b)), t(Some(st)), t(Some(pu))) {
            check_sum(findings, n, "基本支出", h, vec![a, c], false);
        }
    }
}
