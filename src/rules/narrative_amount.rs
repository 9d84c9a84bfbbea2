//! GJ-NARR-AMOUNT: an amount the narrative states equals the table cell its subject names.
//! GJ-NARR-UNIT: an amount printed "元" in a narrative that writes 万元.

use super::narrative_common::{
    Verdict, cell_for_statement, doc_is_wan, docs, emit, judge, nloc, wan,
};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;

pub static AMOUNT: Rule = Rule {
    id: "GJ-NARR-AMOUNT",
    severity: Severity::Error,
    title: "情况说明中的金额与表中数字不符",
    what: rule_doc!(
        "情况说明每一句“某某 X 万元”（总收入、总支出、当年预算、上年结转、基本支出、人员经费、公用经费、一般公共预算支出、支出功能分类各类、“三公”经费各项、机关运行经费等）与该主语所指的表格单元格（按所在章节选表：支出预算情况→支出总表，一般公共预算支出情况→一般公共预算支出表，基本支出情况→基本支出表）相等，按说明所印小数位四舍五入。"
    ),
    why: rule_doc!(
        "情况说明是公众最常读的部分，其中的数字必须与公开的表格一致；不一致时读者无从判断哪一个是真的。"
    ),
    example: rule_doc!(
        "“2026 年一般公共预算基本支出 8,180.77 万元”，而一般公共预算基本支出表合计为 9089.48 万元。"
    ),
    check: Some(check_amount),
};

pub static UNIT: Rule = Rule {
    id: "GJ-NARR-UNIT",
    severity: Severity::Error,
    title: "情况说明中的金额单位写错（元/万元）",
    what: rule_doc!("情况说明以万元表述金额时，某一金额写成了“元”。"),
    why: rule_doc!("单位写错使金额差一万倍；通常是漏写“万”字。"),
    example: rule_doc!(
        "“其中：当年预算 28887.38 元，上年结转结余 257.78 万元”——当年预算应为 28887.38 万元。"
    ),
    check: Some(check_unit),
};

fn check_amount(d: &Disclosure, findings: &mut Findings) {
    for (n, doc) in docs(d) {
        let doc_wan = doc_is_wan(doc);
        for (i, s) in doc.statements.iter().enumerate() {
            let (Some(subject), Some(num)) = (&s.subject, s.amount) else {
                continue;
            };
            if s.detail || s.slip {
                continue;
            }
            let Some(cell) = cell_for_statement(d, doc, i) else {
                continue;
            };
            let value = wan(s, doc_wan, num);
            let verdict = judge(
                crate::narrative::Num {
                    value,
                    decimals: num.decimals,
                },
                cell.value,
                cell.tolerance,
            );
            emit(
                findings,
                &AMOUNT,
                verdict,
                format!(
                    "情况说明第 {} 行：“{}”为 {} 万元，而{}为 {} 万元。",
                    s.line,
                    subject.name_zh(),
                    value.normalize(),
                    cell.what,
                    cell.value.normalize()
                ),
                vec![
                    nloc(n, s.line, format!("{}{}", s.words, num.value)),
                    cell.loc,
                ],
                cell.value,
                value,
            );
        }
    }
}

fn check_unit(d: &Disclosure, findings: &mut Findings) {
    for (n, doc) in docs(d) {
        for (i, s) in doc.statements.iter().enumerate() {
            let Some(num) = s.amount else { continue };
            if !s.slip {
                continue;
            }
            let mut locations = vec![nloc(n, s.line, format!("{}{}元", s.words, num.value))];
            let mut extra = "，按万元读才与所在列举的合计相符".to_string();
            if let Some(cell) = cell_for_statement(d, doc, i)
                && judge(num, cell.value, cell.tolerance) != Verdict::Wrong
            {
                extra = format!("，{}正是 {} 万元", cell.what, cell.value.normalize());
                locations.push(cell.loc);
            }
            let f = findings.push(
                &UNIT,
                format!(
                    "情况说明第 {} 行：“{}”写作 {} 元，全文以万元表述{}，应为 {} 万元。",
                    s.line, s.words, num.value, extra, num.value
                ),
                locations,
            );
            f.expected = Some(format!("{} 万元", num.value));
            f.actual = Some(format!("{} 元", num.value));
        }
    }
}
