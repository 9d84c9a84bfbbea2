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
    for n in &d.narratives {
        // A line without 位 or 中 holds neither 单位 nor 其中 once normalized (which only drops
        // spaces and quotes and maps full-width forms): not worth normalizing.
        for (line, raw) in n.lines().filter(|(_, raw)| raw.contains(['位', '中'])) {
            scan(findings, &units, &normalize(raw), || {
                nloc(n, line, raw.trim().to_string())
            });
        }
    }
    for t in &d.tables {
        for (row, note) in &t.notes {
            scan(findings, &units, &normalize(note), || {
                let mut loc = t.row_loc(*row);
                loc.value = Some(crate::report::cell_text(note.clone()));
                loc.role = Some(Role::Operand);
                loc
            });
        }
    }
}

/// The counts one normalized text states; `loc` (where the text is) is built only for a finding.
fn scan(
    findings: &mut Findings,
    units: &Option<(usize, Location)>,
    text: &str,
    loc: impl Fn() -> Location,
) {
    // Every match holds one of these words (`(?:个|家)(?:预算)?单位`, `人[，,]?其中`): most
    // lines hold none.
    // Each list's words share `common`: one scan rules most lines out.
    let has = |common: &str, words: &[&str]| {
        crate::text::contains(text, common) && words.iter().any(|w| crate::text::contains(text, w))
    };
    let unit_counts = has("单位", &["个单位", "家单位", "个预算单位", "家预算单位"])
        .then(|| pattern::unit_counts(text));
    for (_, (own_words, n)) in unit_counts.into_iter().flatten() {
        let Some((count, t2loc)) = units else { break };
        let Ok(n) = n.parse::<usize>() else {
            continue;
        };
        let own = own_words.starts_with("本级");
        let expected = if own { n + 1 } else { n };
        if expected != *count {
            let loc = loc();
            let f = findings.push(
                &RULE,
                format!(
                    "{}第 {} 行说“{}{}个预算单位”（共 {} 个单位），而收入总表列出 {} 个单位。",
                    loc.file, loc.row, own_words, n, expected, count
                ),
                vec![loc, t2loc.clone().with_role(Role::Operand)],
            );
            f.expected = Some(count.to_string());
            f.actual = Some(expected.to_string());
        }
    }
    let people = has("其中", &["人其中", "人，其中", "人,其中"]).then(|| pattern::people(text));
    for (_, (n, rest)) in people.into_iter().flatten() {
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
            let loc = loc();
            let f = findings.push(
                &RULE,
                format!(
                    "{}第 {} 行：人员 {} 人，而其中各项之和为 {} 人（{}）。",
                    loc.file,
                    loc.row,
                    total,
                    sum,
                    parts
                        .iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join(" + ")
                ),
                vec![loc],
            );
            f.expected = Some(sum.to_string());
            f.actual = Some(total.to_string());
            f.difference = Some((total as i64 - sum as i64).to_string());
        }
    }
}
