//! GJ-NARR-COUNT: counts the narrative (or a note under a table) states agree with the tables and
//! add up: "部门本级及所属 2 个预算单位" vs the unit rows of 收入总表; "实有人员 582 人，其中：在职
//! 人员 455 人，离退休人员 127 人". (The count of performance targets is GJ-T10-COUNT's.)

use super::narrative_common::nloc;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::narrative::pattern;
use crate::narrative::text::normalize;
use crate::report::{Location, Role, Severity};
use crate::table::TableKind;

pub static RULE: Rule = Rule {
    id: "GJ-NARR-COUNT",
    severity: Severity::Error,
    title: "说明中的单位数、人数与表格或自身不符",
    what: rule_doc!(
        "情况说明或表下说明中“部门本级及所属 N 个预算单位”与收入总表所列单位数（本级 + N）一致；“共 N 个预算单位”与单位数一致；“实有人员 N 人，其中：A 人，B 人”中 N = A + B。"
    ),
    why: rule_doc!(
        "单位数、人数是读者判断预算规模的依据；与表格或自身对不上，说明其中一个数写错。"
    ),
    example: rule_doc!(
        "“实有人员 582 人，其中：在职人员 455 人，离退休人员 127 人”：455 + 127 = 582。"
    ),
    check: Some(check),
};

/// One text to scan: its normalized content and where it is.
struct Source {
    text: String,
    loc: Location,
}

fn sources(d: &Disclosure) -> Vec<Source> {
    let mut out = Vec::new();
    for n in &d.narratives {
        for (line, raw) in n.lines() {
            out.push(Source {
                text: normalize(raw),
                loc: nloc(n, line, raw.trim().to_string()),
            });
        }
    }
    for t in &d.tables {
        for (row, note) in &t.notes {
            let mut loc = t.row_loc(*row);
            loc.value = Some(note.clone());
            loc.role = Some(Role::Operand);
            out.push(Source {
                text: normalize(note),
                loc,
            });
        }
    }
    out
}

/// The unit rows of 收入总表 (codes longer than the department's) and the department row.
fn t2_units(d: &Disclosure) -> Option<(usize, Location)> {
    let t = d.table(TableKind::T2)?;
    t.col("code")?;
    let codes: Vec<(usize, String)> = t
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| t.code(l).map(|c| (i, c)))
        .collect();
    let shortest = codes.iter().map(|(_, c)| c.len()).min()?;
    let units = codes.iter().filter(|(_, c)| c.len() > shortest).count();
    let dept = codes.iter().find(|(_, c)| c.len() == shortest)?.0;
    (units > 0).then(|| (units, t.loc(&t.lines[dept], "name")))
}

fn check(d: &Disclosure, findings: &mut Findings) {
    let units = t2_units(d);
    for s in sources(d) {
        for (_, (own_words, n)) in pattern::unit_counts(&s.text) {
            let Some((count, t2loc)) = &units else { break };
            let Ok(n) = n.parse::<usize>() else {
                continue;
            };
            let own = own_words.starts_with("本级");
            let expected = if own { n + 1 } else { n };
            if expected != *count {
                let f = findings.push(
                    &RULE,
                    format!(
                        "{}第 {} 行说“{}{}个预算单位”（共 {} 个单位），而收入总表列出 {} 个单位。",
                        s.loc.file, s.loc.row, own_words, n, expected, count
                    ),
                    vec![s.loc.clone(), t2loc.clone().with_role(Role::Operand)],
                );
                f.expected = Some(count.to_string());
                f.actual = Some(expected.to_string());
            }
        }
        for (_, (n, rest)) in pattern::people(&s.text) {
            let Ok(total) = n.parse::<u64>() else {
                continue;
            };
            let parts: Vec<u64> = pattern::persons(rest)
                .filter_map(|(_, p)| p.parse().ok())
                .collect();
            if parts.len() < 2 {
                continue;
            }
            let sum: u64 = parts.iter().sum();
            if sum != total {
                let f = findings.push(
                    &RULE,
                    format!(
                        "{}第 {} 行：人员 {} 人，而其中各项之和为 {} 人（{}）。",
                        s.loc.file,
                        s.loc.row,
                        total,
                        sum,
                        parts
                            .iter()
                            .map(u64::to_string)
                            .collect::<Vec<_>>()
                            .join(" + ")
                    ),
                    vec![s.loc.clone()],
                );
                f.expected = Some(sum.to_string());
                f.actual = Some(total.to_string());
                f.difference = Some((total as i64 - sum as i64).to_string());
            }
        }
    }
}
