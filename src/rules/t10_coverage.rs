//! GJ-T10-MISSING: every second-level project of 项目支出表 normally has performance targets in
//! 项目支出绩效目标表; one warning names those without.

use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::t10;

pub static RULE: Rule = Rule {
    id: "GJ-T10-MISSING",
    severity: Severity::Warning,
    title: "项目支出表中的项目没有绩效目标",
    what: rule_doc!(
        "项目支出表的每个二级项目，通常都应在项目支出绩效目标表中有绩效目标（项目名称按完全相同、再按忽略空格、全半角括号和末尾「项目」的方式对应）。没有的项目一次列出。"
    ),
    why: rule_doc!(
        "预算绩效管理要求项目支出全面设定绩效目标；缺目标的项目要么漏报，要么两表项目名称不一致。"
    ),
    example: rule_doc!("项目支出表的「中央企业退休人员管理补助资金」在绩效目标表中没有对应项目。"),
    check: Some(check),
};

fn check(d: &Disclosure, findings: &mut Findings) {
    let Some(matching) = t10::matching(d) else {
        return;
    };
    let t9 = matching.t9;
    // By candidate: neither names nor lines read (T10's order is not T9's, so each read would
    // be a jump through a large table) but for the few missing ones.
    let covered = matching.covered();
    let candidates = matching.candidate_lines();
    let total = candidates.len();
    let missing: Vec<_> = candidates
        .zip(covered)
        .filter_map(|(l, covered)| (!covered).then_some(l))
        .collect();
    if missing.is_empty() {
        return;
    }
    let names: Vec<String> = missing
        .iter()
        .map(|l| format!("「{}」", t9.text(l, "name2")))
        .collect();
    let mut locations: Vec<_> = missing.iter().map(|l| t9.loc(l, "name2")).collect();
    super::codes::first_culprit(&mut locations);
    findings.push(
        &RULE,
        format!(
            "项目支出表的 {} 个二级项目中有 {} 个在项目支出绩效目标表中没有绩效目标：{}。",
            total,
            missing.len(),
            names.join("、")
        ),
        locations,
    );
}
