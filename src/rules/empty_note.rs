//! GJ-EMPTY-NOTE: a 政府性基金 or 国有资本经营 expenditure table without a single non-zero amount
//! must say why it is empty — in the table ("本表无数据", "注：本单位无…，故本表为空表") or in the
//! narrative ("本年度无政府性基金预算支出"). Publishing rules require the empty table and its note.

use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::{Location, Severity};
use crate::table::{Table, TableKind};

pub static RULE: Rule = Rule {
    id: "GJ-EMPTY-NOTE",
    severity: Severity::Warning,
    title: "空表未作说明",
    what: rule_doc!(
        "政府性基金预算支出表、国有资本经营预算支出表没有任何非零金额时，表内（如“本表无数据”“注：本单位无政府性基金预算财政拨款安排的预算，故本表为空表”）或情况说明中（如“本年度无政府性基金预算支出”）应说明原因。"
    ),
    why: rule_doc!(
        "预算公开要求没有数据的表也要公开，并注明为空表及原因；不加说明，读者无法分辨是没有该项支出还是漏填。"
    ),
    example: rule_doc!(
        "政府性基金预算支出表只有表头，情况说明写“本年度无政府性基金预算支出”：通过；表内、情况说明都未提及：警告。"
    ),
    check: Some(check),
};

/// Words that, in a note of an empty table, say it is empty on purpose.
const TABLE_NOTE_WORDS: &[&str] = &["无", "空表", "没有", "未安排", "不涉及"];

/// Words that, in a narrative sentence naming the fund, say there is none.
const NARRATIVE_WORDS: &[&str] = &[
    "空表",
    "为空",
    "无数据",
    "没有",
    "未安排",
    "不涉及",
    "为0",
    "为零",
    "0万元",
    "0元",
    "0.00万元",
    "0.00元",
];

/// Words that, first under a heading naming the fund, say there is none ("本部门无此项支出").
const HEADING_BODY_WORDS: &[&str] = &["无此", "无该", "无相关", "无预算", "无支出"];

fn subject(kind: TableKind) -> Option<&'static str> {
    match kind {
        TableKind::T8 => Some("政府性基金"),
        TableKind::Gzy => Some("国有资本经营"),
        _ => None,
    }
}

fn check(d: &Disclosure, findings: &mut Findings) {
    for table in &d.tables {
        let Some(fund) = subject(table.kind) else {
            continue;
        };
        if !is_empty(table) || table_says_empty(table) || narrative_says_none(d, fund) {
            continue;
        }
        let mut loc = Location::file(table.file(), table.sheet.sheet.as_deref());
        loc.row = table.title_row.unwrap_or(table.header_end.max(1));
        findings.push(
            &RULE,
            format!(
                "{}没有任何金额，但表内和情况说明中都没有说明本单位无{}预算支出（如“本表无数据”）。",
                table.kind.name_zh(),
                fund
            ),
            vec![loc],
        );
    }
}

/// No amount cell holds a non-zero value (malformed cells count as content).
fn is_empty(table: &Table) -> bool {
    table.lines.iter().all(|line| {
        table
            .line_amounts(line)
            .all(|a| a.is_some_and(|a| a.value.is_zero()))
    })
}

fn table_says_empty(table: &Table) -> bool {
    let texts = table
        .notes
        .iter()
        .map(|(_, t)| t.as_str())
        .chain(table.lines.iter().flat_map(|l| {
            table
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind == crate::layout::ColKind::Text)
                .map(move |(i, _)| table.cell(l, i))
        }))
        .chain([table.title.as_str()]);
    texts.map(crate::text::key).any(|t| {
        crate::text::contains(&t, "无数据")
            || crate::text::contains(&t, "空表")
            || is_note_of_absence(&t)
    })
}

fn is_note_of_absence(text: &str) -> bool {
    let note = text.starts_with("注") || text.starts_with("说明") || text.starts_with("备注");
    note && TABLE_NOTE_WORDS.iter().any(|w| text.contains(w))
}

/// The narrative says there is none: a sentence naming the fund ("本年度无政府性基金预算支出",
/// "政府性基金预算支出为0"), or the first sentence under a heading naming it ("八、政府性基金预算
/// 支出情况" followed by "本部门无此项支出。").
fn narrative_says_none(d: &Disclosure, fund: &str) -> bool {
    // Keys drop spaces and quotes and map full-width forms, never an ideograph: a line can name
    // the fund only when it holds the fund's first character, and only those lines are keyed.
    let first = fund.chars().next().unwrap_or(' ');
    d.narratives.iter().any(|n| {
        let lines: Vec<&str> = n.text.lines().filter(|l| !blank_key(l)).collect();
        lines.iter().enumerate().any(|(i, raw)| {
            if !raw.contains(first) {
                return false;
            }
            let line = crate::text::key(raw);
            if !line.contains(fund) {
                return false;
            }
            let named = sentences(&line)
                .filter(|s| s.contains(fund))
                .any(|s| says_none(s, fund));
            let heading = !line.contains('。') && line.chars().count() <= 30;
            named
                || (heading
                    && lines
                        .get(i + 1)
                        .map(|r| crate::text::key(r))
                        .is_some_and(|next| {
                            sentences(&next).next().is_some_and(|s| {
                                says_none(s, fund)
                                    || HEADING_BODY_WORDS.iter().any(|w| s.contains(w))
                            })
                        }))
        })
    })
}

/// `key(l)` is empty: every character is whitespace or a quote once half-width.
fn blank_key(l: &str) -> bool {
    l.chars()
        .map(crate::text::halfwidth_char)
        .all(|c| c.is_whitespace() || crate::text::is_quote(c))
}

fn sentences(line: &str) -> impl Iterator<Item = &str> {
    line.split(['。', '；', ';'])
}

fn says_none(sentence: &str, fund: &str) -> bool {
    sentence.contains(&format!("无{fund}"))
        || NARRATIVE_WORDS.iter().any(|w| mentions_word(sentence, w))
}

/// `word` occurs in `s`; a word starting with a digit must not continue a number ("10万元").
fn mentions_word(s: &str, word: &str) -> bool {
    let digit_start = word.starts_with(|c: char| c.is_ascii_digit());
    s.match_indices(word).any(|(i, _)| {
        !digit_start
            || !s[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::Narrative;

    fn says(text: &str) -> bool {
        let d = Disclosure {
            narratives: vec![Narrative {
                file: "情况说明.txt".into(),
                encoding: "UTF-8",
                text: text.into(),
            }],
            ..Disclosure::default()
        };
        narrative_says_none(&d, "政府性基金")
    }

    #[test]
    fn narrative_statements_of_absence() {
        assert!(says("长春市社会保险事业管理局本年度无政府性基金预算支出。"));
        assert!(says(
            "政府性基金拨款支出预算0万元，比2024年预算执行数持平。"
        ));
        assert!(says(
            "八、政府性基金预算支出情况\n\n本部门2026年无此项支出。"
        ));
        assert!(!says("政府性基金拨款支出预算10万元。"));
        assert!(!says(
            "包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。"
        ));
        assert!(!says(
            "八、政府性基金预算支出情况\n本部门政府性基金预算支出 12.00 万元。"
        ));
    }
}
