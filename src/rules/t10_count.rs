//! GJ-T10-COUNT: a count of published performance targets stated in the narrative ("17 个项目支出
//! 绩效目标") equals the number of projects in 项目支出绩效目标表. (The general narrative checker
//! lives elsewhere; this rule reads only that one sentence.)

use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::{Location, Role, Severity};
use crate::t10;

pub static RULE: Rule = Rule {
    id: "GJ-T10-COUNT",
    severity: Severity::Error,
    title: "情况说明中的绩效目标个数与绩效目标表不符",
    what: rule_doc!(
        "情况说明写明公开了多少个项目支出绩效目标（如「17 个项目支出绩效目标」）时，这个数应等于项目支出绩效目标表中的项目个数。"
    ),
    why: rule_doc!(
        "说明与表格口径不一致，要么有项目的绩效目标没有随表公开，要么说明沿用了旧数字。"
    ),
    example: rule_doc!(
        "情况说明称「2026 年部门 17 个项目支出绩效目标和指标向社会公开」，而绩效目标表只有 12 个项目。"
    ),
    check: Some(check),
};

/// "17 个项目支出绩效目标", "17个项目的绩效目标": the stated count, if any.
pub fn stated_count(line: &str) -> Option<u32> {
    // The sentence needs 个 and 绩(效目标): most lines lack them, skip copying those.
    if !line.contains('个') || !line.contains('绩') {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let text: String = chars.iter().filter(|c| !c.is_whitespace()).collect();
    let pos = text.find("个项目")?;
    let after = &text[pos..];
    let window: String = after.chars().take(12).collect();
    if !crate::text::contains(&window, "绩效目标") {
        return None;
    }
    let before: String = text[..pos]
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    before.chars().rev().collect::<String>().parse().ok()
}

fn check(d: &Disclosure, findings: &mut Findings) {
    let Some(projects) = t10::projects(d) else {
        return;
    };
    let (t, count) = (projects.table, projects.len() as u32);
    for n in &d.narratives {
        for (no, line) in n.lines() {
            let Some(stated) = stated_count(line) else {
                continue;
            };
            if stated == count {
                continue;
            }
            let mut loc = Location::file(&n.file, None);
            loc.row = no;
            loc.value = Some(crate::report::cell_text(line.trim().to_string()));
            let f = findings.push(
                &RULE,
                format!(
                    "情况说明第 {no} 行称公开 {stated} 个项目支出绩效目标，而项目支出绩效目标表中有 {count} 个项目。"
                ),
                vec![loc.with_role(Role::Culprit), t.row_loc(t.header_end).with_role(Role::Operand)],
            );
            f.expected = Some(count.to_string());
            f.actual = Some(stated.to_string());
            f.difference = Some((i64::from(stated) - i64::from(count)).to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::stated_count;

    #[test]
    fn counts() {
        assert_eq!(
            stated_count("2026 年部门 17 个项目支出绩效目标和指标向社会公开。"),
            Some(17)
        );
        assert_eq!(stated_count("共 5 个项目的绩效目标"), Some(5));
        assert_eq!(stated_count("涉及项目共有 2 个"), None);
        assert_eq!(stated_count("17 个项目，资金 20 万元"), None);
    }
}
