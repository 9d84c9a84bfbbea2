//! The two-sided summary tables (T1 收支总表, T4 财政拨款收支总表): income lines on the left,
//! expenditure lines on the right. Each side's lines form a small outline — top items (一、二、…),
//! their sub-items, a 本年合计 line and a 总计 line — and the totals must add up; the two 总计
//! must balance.

use super::compare::Term;
use super::equation;
use super::row_identity::header_name;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::{Line, Table, TableKind};
use crate::text::{key, strip_ordinal};
use rust_decimal::Decimal;

pub static INCOME_TOTAL: Rule = Rule {
    id: "GJ-T1-INCOME-SUM",
    severity: Severity::Error,
    title: "收入合计与收入各项之和不符",
    what: rule_doc!(
        "收支总表、财政拨款收支总表的收入方：每个大项（一、二、…）等于其所列子项之和；本年收入合计等于各大项之和；收入总计等于本年收入合计加其后各项（如上年结转）。每一金额列都要成立。"
    ),
    why: rule_doc!(
        "收入合计是全部收入来源的总和，子项或大项填错会让合计与明细对不上，读者无法判断哪一个数可信。"
    ),
    example: rule_doc!(
        "一、财政拨款收入 29147.66 = 一般公共预算拨款收入 29145.16 + 政府性基金预算拨款收入 0.00 + 国有资本经营预算拨款收入 2.50。"
    ),
    check: Some(check_income),
};

pub static EXPENSE_TOTAL: Rule = Rule {
    id: "GJ-T1-EXPENSE-SUM",
    severity: Severity::Error,
    title: "支出合计与支出各项之和不符",
    what: rule_doc!(
        "收支总表、财政拨款收支总表的支出方：本年支出合计等于各支出功能分类（类）之和；大项等于其子项之和；支出总计等于本年支出合计加结转下年支出。每一金额列都要成立。"
    ),
    why: rule_doc!("支出合计是各功能分类支出的总和；不等说明某类支出或合计填错。"),
    example: rule_doc!(
        "本年支出合计 29147.66 = 一般公共服务支出 0.00 + … + 国有资本经营预算支出 2.50。"
    ),
    check: Some(check_expense),
};

pub static BALANCE: Rule = Rule {
    id: "GJ-T1-BALANCE",
    severity: Severity::Error,
    title: "收入总计不等于支出总计",
    what: rule_doc!("收支总表、财政拨款收支总表中，收入总计等于支出总计（每一金额列）。"),
    why: rule_doc!("部门预算收支平衡，收入总计与支出总计必须相等。"),
    example: rule_doc!("收入总计 29147.66 = 支出总计 29147.66。"),
    check: Some(check_balance),
};

const KINDS: [TableKind; 2] = [TableKind::T1, TableKind::T4];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    /// 一、… (Chinese ordinal) or a line after the subtotal such as 结转下年支出.
    Top,
    /// Unnumbered or Arabic-numbered lines under a top item.
    Sub,
    /// 本年收入合计 / 本年支出合计.
    Subtotal,
    /// 收入总计 / 支出总计.
    GrandTotal,
}

struct Item<'a> {
    line: &'a Line,
    kind: ItemKind,
}

/// Classify the lines of one side ("in" or "out") into an outline.
fn outline<'a>(table: &'a Table, side: &str) -> Vec<Item<'a>> {
    let label_key = format!("{side}.item");
    let mut items = Vec::new();
    let mut seen_subtotal = false;
    let mut container = false; // inside "一、本年收入/本年支出", whose parts carry ordinals too
    for line in &table.lines {
        let label = table.text(line, &label_key);
        if label.is_empty() {
            continue;
        }
        let k = key(label);
        let bare = key(strip_ordinal(label));
        let kind = if crate::text::contains(&k, "总计") {
            ItemKind::GrandTotal
        } else if crate::text::contains(&k, "合计") {
            seen_subtotal = true;
            ItemKind::Subtotal
        } else if seen_subtotal {
            ItemKind::Top
        } else if has_chinese_ordinal(label) {
            if container && !is_carry_label(&bare) {
                ItemKind::Sub
            } else {
                container = bare == "本年收入" || bare == "本年支出";
                ItemKind::Top
            }
        } else if items.iter().any(|i: &Item| i.kind == ItemKind::Top) {
            ItemKind::Sub
        } else {
            ItemKind::Top
        };
        items.push(Item { line, kind });
    }
    items
}

fn has_chinese_ordinal(label: &str) -> bool {
    let t = label.trim_start();
    let ord: String = t
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    !ord.is_empty() && t[ord.len()..].starts_with('、')
}

fn is_carry_label(bare: &str) -> bool {
    crate::text::contains(bare, "结转") || crate::text::contains(bare, "结余")
}

fn amount_keys(table: &Table, side: &str) -> Vec<&'static str> {
    let prefix = format!("{side}.");
    table
        .amount_keys()
        .filter(|k| k.starts_with(&prefix))
        .collect()
}

fn check_side(d: &Disclosure, findings: &mut Findings, side: &str, rule: &'static Rule) {
    for table in d.tables.iter().filter(|t| KINDS.contains(&t.kind)) {
        let items = outline(table, side);
        let label_key = format!("{side}.item");
        for key in amount_keys(table, side) {
            let mut check = |total: &Line, parts: &[&Line], relation: &str| {
                let Some(t) = table.amount(total, key) else {
                    return;
                };
                let mut terms = Vec::new();
                for p in parts {
                    let Some(a) = table.amount(p, key) else {
                        return;
                    };
                    terms.push(Term::new(a, Decimal::ONE, table.loc(p, key)));
                }
                let t = Term::new(t, Decimal::ONE, table.loc(total, key));
                equation::check(findings, rule, t, terms, &|| {
                    let label = table.text(total, &label_key);
                    let subject = format!("{}「{label}」", table.kind.name_zh());
                    (
                        subject,
                        format!("「{}」列 {relation}", header_name(table, key)),
                    )
                });
            };
            // Each top item with sub-items = Σ sub-items.
            for (i, item) in items.iter().enumerate() {
                if item.kind != ItemKind::Top {
                    continue;
                }
                let subs: Vec<&Line> = items[i + 1..]
                    .iter()
                    .take_while(|x| x.kind == ItemKind::Sub)
                    .map(|x| x.line)
                    .collect();
                if !subs.is_empty() {
                    check(item.line, &subs, "大项 = Σ 其子项");
                }
            }
            let tops_before = |end: usize| -> Vec<&Line> {
                items[..end]
                    .iter()
                    .filter(|x| x.kind == ItemKind::Top)
                    .map(|x| x.line)
                    .collect()
            };
            let subtotal = items.iter().position(|x| x.kind == ItemKind::Subtotal);
            if let Some(s) = subtotal {
                check(items[s].line, &tops_before(s), "本年合计 = Σ 各大项");
            }
            if let Some(g) = items.iter().position(|x| x.kind == ItemKind::GrandTotal) {
                let parts: Vec<&Line> = match subtotal {
                    Some(s) if s < g => std::iter::once(items[s].line)
                        .chain(
                            items[s + 1..g]
                                .iter()
                                .filter(|x| x.kind == ItemKind::Top)
                                .map(|x| x.line),
                        )
                        .collect(),
                    _ => tops_before(g),
                };
                check(items[g].line, &parts, "总计 = 本年合计 + 其后各项");
            }
        }
    }
}

fn check_income(d: &Disclosure, findings: &mut Findings) {
    check_side(d, findings, "in", &INCOME_TOTAL);
}

fn check_expense(d: &Disclosure, findings: &mut Findings) {
    check_side(d, findings, "out", &EXPENSE_TOTAL);
}

fn grand_total<'a>(table: &'a Table, side: &str) -> Option<&'a Line> {
    outline(table, side)
        .into_iter()
        .find(|i| i.kind == ItemKind::GrandTotal)
        .map(|i| i.line)
}

fn check_balance(d: &Disclosure, findings: &mut Findings) {
    for table in d.tables.iter().filter(|t| KINDS.contains(&t.kind)) {
        let (Some(inc), Some(exp)) = (grand_total(table, "in"), grand_total(table, "out")) else {
            continue;
        };
        for in_key in amount_keys(table, "in") {
            let out_key = format!("out.{}", &in_key[3..]);
            let (Some(a), Some(b)) = (table.amount(inc, in_key), table.amount(exp, &out_key))
            else {
                continue;
            };
            let total = Term::new(b, Decimal::ONE, table.loc(exp, &out_key));
            let parts = vec![Term::new(a, Decimal::ONE, table.loc(inc, in_key))];
            equation::check(findings, &BALANCE, total, parts, &|| {
                let subject = format!("{}「{}」", table.kind.name_zh(), header_name(table, in_key));
                (subject, "支出总计 = 收入总计".to_string())
            });
        }
    }
}
