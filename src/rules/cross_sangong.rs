//! GJ-X-T7-T6: the 三公 table covers basic and project spending, the basic-expenditure table only
//! basic spending, so each 三公 economic code in the basic table is at most its 三公 item:
//! 30217 ≤ 公务接待, 30231 ≤ 公务用车运行, 30212 ≤ 因公出国（境）, 31013 ≤ 公务用车购置 — each
//! against the item's 当年预算 column where the 三公 table has one (basic spending is this year's).

use super::cross::{Scales, at_most, fig, skip_pair, total_line};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::TableKind;

pub static RULE: Rule = Rule {
    id: "GJ-X-T7-T6",
    severity: Severity::Error,
    title: "基本支出中的“三公”科目超过“三公”经费表",
    what: rule_doc!(
        "一般公共预算基本支出表中 30217 公务接待费、30231 公务用车运行维护费、30212 因公出国（境）费用、31013 公务用车购置，分别不大于“三公”经费表的公务接待费、公务用车运行费、因公出国（境）费、公务用车购置费（表中分当年预算与上年结转时，与当年预算比较；按万元折算，在较粗一方的四舍五入之内）。是部分不大于整体，不是相等。"
    ),
    why: rule_doc!(
        "“三公”经费表包含基本支出和项目支出中的三公经费，基本支出表只含基本支出部分；基本支出中的某项三公经费大于三公经费表的同项，说明其中一处填错。"
    ),
    example: rule_doc!("基本支出表 30217 公务接待费 8.06 ≤ “三公”经费表 公务接待费 8.06。"),
    check: Some(check),
};

/// (economic code, 三公 table column).
const ITEMS: &[(&str, &str)] = &[
    ("30217", "reception"),
    ("30231", "car.run"),
    ("30212", "abroad"),
    ("31013", "car.buy"),
];

fn check(d: &Disclosure, findings: &mut Findings) {
    let (Some(t6), Some(t7)) = (d.table(TableKind::T6), d.table(TableKind::T7)) else {
        return;
    };
    if skip_pair(d, t6.kind, t7.kind) {
        return;
    }
    // The 三公 table has one data row.
    let Some(l7) = t7
        .lines
        .iter()
        .find(|l| t7.amount(l, "total").is_some())
        .or_else(|| total_line(t7))
    else {
        return;
    };
    let scales = Scales::new(&[t6, t7]);
    let unit = scales.unit_name(t6);
    for (code, item) in ITEMS {
        // The basic table is this year's money: compare with the item's 当年预算 column when the
        // 三公 table splits 当年/结转 (Changchun), else with the item itself (Shanghai).
        let current = format!("{item}.cur");
        let key = if t7.has(&current) {
            current.as_str()
        } else {
            item
        };
        let Some(l6) = t6
            .lines
            .iter()
            .find(|l| t6.code(l).as_deref() == Some(code))
        else {
            continue;
        };
        let (Some(part), Some(whole)) = (
            fig(t6, l6, "total", &scales),
            fig(t7, l7, key, &scales).map(|f| {
                let header = super::row_identity::header_name(t7, key);
                f.named(format!("“三公”经费表「{header}」"))
            }),
        ) else {
            continue;
        };
        let subject = format!("“三公”经费（{unit}）");
        at_most(findings, &RULE, &subject, &part, &whole);
    }
}
