//! Sentences → statements. A sentence is split into clauses at "，;:、"; in each clause the
//! year-on-year change ("比上年减少 1356.8 万元"), the share ("占总支出 96.56%"), the growth rate
//! ("降幅 4.60%") and the amounts ("28145.78 万元") are found with fixed patterns (`pattern`), and the
//! words before an amount name its subject. A clause with a subject but no amount ("收入预算比上年
//! 减少 …") refers to the latest amount stated for that subject. "其中"/"X 中，"/"X:" and
//! "主要包括" open a list whose parts should add up to its head.

use super::pattern;
use super::subject::{Section, Subject, classify};
use super::text::{Para, paragraphs};
use super::{NarrUnit, Num};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Flat,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// As printed (unsigned unless the text printed a sign).
    pub num: Num,
    pub unit: Option<NarrUnit>,
    pub direction: Direction,
    /// What it is compared with, normalized: "上年", "2025年预算", "2024年预算执行数".
    pub base: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub num: Num,
    /// The words between "占" and the figure ("总支出", "当年支出的", "" for a bare "占 99.11%").
    pub base: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    pub num: Num,
    /// Up for 增幅/增长, Down for 降幅/下降.
    pub direction: Direction,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub section: Section,
    pub subject: Option<Subject>,
    /// The subject words as written, for messages.
    pub words: String,
    pub amount: Option<Num>,
    pub unit: Option<NarrUnit>,
    /// The line of the amount (or of the clause, for a reference statement).
    pub line: u32,
    /// A statement with no amount of its own, referring to the latest one of its subject.
    pub reference: bool,
    /// A detail item of a "主要包括" list under another subject (its words name a part of the
    /// head, e.g. 公务接待费 inside 机关运行经费), not the table quantity of the same name.
    pub detail: bool,
    pub change: Option<Change>,
    pub share: Option<Share>,
    pub rate: Option<Rate>,
    /// The statement a bare "占 X%" is a share of (the head of its list), when known.
    pub share_of: Option<usize>,
    /// An amount printed "元" that means 万元 (set by the rules, which see the tables).
    pub slip: bool,
    /// Year printed in the subject words ("2025 年预算总收入").
    pub year: Option<(u32, u32)>,
}

/// A list: `head` should equal Σ `parts` (or be at least it, when `at_most`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub head: usize,
    pub parts: Vec<usize>,
    /// "主要包括": the parts may leave items out, so only Σ parts > head is wrong.
    pub at_most: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: u32,
    pub text: String,
    pub section: Section,
    /// Years printed in the heading, with their lines.
    pub years: Vec<u32>,
}

#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub paras: Vec<Para>,
    pub headings: Vec<Heading>,
    pub statements: Vec<Statement>,
    pub lists: Vec<List>,
    /// The budget year when known from outside (options); else inferred.
    pub year: Option<u32>,
    /// The index of the first statement of each sentence.
    pub sentence_starts: Vec<usize>,
    /// Statements about an earlier year ("2021 年度“三公”经费合计支出 20.12 万元，其中：公务接待
    /// 12.39 万元"): a later clause "公务接待较上年减少 …" does not refer to them.
    pub past: Vec<bool>,
}

impl Doc {
    /// The latest statement of `subject` with an amount, before statement `before`.
    pub fn latest(&self, subject: &Subject, before: usize) -> Option<usize> {
        (0..before).rev().find(|&i| {
            let s = &self.statements[i];
            s.subject.as_ref() == Some(subject)
                && s.amount.is_some()
                && !s.detail
                && !self.past.get(i).copied().unwrap_or(false)
        })
    }

    /// The year a statement is about: printed in its words, else in its sentence, else the one
    /// year of its heading.
    pub fn context_year(&self, i: usize) -> Option<u32> {
        let s = &self.statements[i];
        if let Some((y, _)) = s.year {
            return Some(y);
        }
        let k = self.sentence_starts.partition_point(|&st| st <= i);
        let start = self
            .sentence_starts
            .get(k.wrapping_sub(1))
            .copied()
            .unwrap_or(0);
        let end = self
            .sentence_starts
            .get(k)
            .copied()
            .unwrap_or(self.statements.len());
        if let Some(y) = (start..end).find_map(|j| self.statements[j].year.map(|y| y.0)) {
            return Some(y);
        }
        let h = self.heading_before(s.line)?;
        (h.years.len() == 1).then(|| h.years[0])
    }

    /// The last heading above a line.
    pub fn heading_before(&self, line: u32) -> Option<&Heading> {
        self.headings.iter().rev().find(|h| h.line < line)
    }

    /// The amount a statement stands for: its own, or for a reference the latest one stated.
    pub fn amount_of(&self, i: usize) -> Option<(Num, usize)> {
        let s = &self.statements[i];
        match s.amount {
            Some(a) => Some((a, i)),
            None => {
                let j = self.latest(s.subject.as_ref()?, i)?;
                Some((self.statements[j].amount?, j))
            }
        }
    }

    /// The budget year: the year most often printed in the headings, else in the text.
    pub fn budget_year(&self) -> Option<u32> {
        if self.year.is_some() {
            return self.year;
        }
        let mut years: Vec<u32> = self
            .headings
            .iter()
            .flat_map(|h| h.years.iter().copied())
            .collect();
        if years.is_empty() {
            years = self.paras.iter().flat_map(|p| years_in(&p.text)).collect();
        }
        mode(&years)
    }
}

/// The most frequent value, the larger on a tie. Counted in a map: a narrative can print a year
/// tens of thousands of times, and a pairwise count would take minutes.
fn mode(v: &[u32]) -> Option<u32> {
    let mut counts: crate::hash::HashMap<u32, usize> = Default::default();
    for &y in v {
        *counts.entry(y).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

pub fn years_in(s: &str) -> Vec<u32> {
    pattern::years(s).map(|(_, y)| y).collect()
}

/// The first "20xx年" in `s`.
fn first_year(s: &str) -> Option<u32> {
    pattern::years(s).next().map(|(_, y)| y)
}

fn blank(s: &mut String, range: std::ops::Range<usize>) {
    s.replace_range(range.clone(), &" ".repeat(range.len()));
}

fn unit_of(u: &str) -> Option<NarrUnit> {
    match u {
        "元" => Some(NarrUnit::Yuan),
        "万元" | "万" => Some(NarrUnit::Wan),
        _ => None,
    }
}

fn base_key(base: &str) -> String {
    base.trim_end_matches(['数', '的']).to_string()
}

/// Read a narrative.
pub fn read(raw: &str) -> Doc {
    let mut doc = Doc {
        paras: paragraphs(raw),
        ..Doc::default()
    };
    let mut section = Section::Other;
    for pi in 0..doc.paras.len() {
        let para = doc.paras[pi].clone();
        if para.heading {
            section = Section::of_heading(&para.text);
            doc.headings.push(Heading {
                line: para.first_line(),
                text: para.text.clone(),
                section,
                years: years_in(&para.text),
            });
            continue;
        }
        read_para(&mut doc, &para, section);
    }
    let year = doc.budget_year();
    doc.past = (0..doc.statements.len())
        .map(|i| year.zip(doc.context_year(i)).is_some_and(|(b, y)| y < b))
        .collect();
    doc
}

/// One clause: its text with byte offset into the paragraph, and the separator after it.
struct Clause<'a> {
    text: &'a str,
    start: usize,
    sep: char,
}

/// Does a "(" at byte `i` open a breakdown of the amount just before it ("…费 500.00 万元(购置费
/// 100.00 万元，运行维护费 400.00 万元)")? Other brackets ("因公出国(境)") are words.
fn opens_group(text: &str, i: usize) -> bool {
    let before = &text[..i];
    (before.ends_with('元') || before.ends_with('万')) && text[i..].starts_with('(')
}

/// Sentences at "。", except inside a breakdown group, whose own "。" does not end the sentence.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut start, mut group) = (0, false);
    // Characters by their lead bytes, not decoded (decoding each showed in the page's profile):
    // "(" and ")" are ASCII, "。" is E3 80 82.
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(&byte) = b.get(i) {
        match byte {
            b'(' if opens_group(text, i) => group = true,
            b')' => group = false,
            0xE3 if !group && b[i + 1..].starts_with(&[0x80, 0x82]) => {
                let end = i + '。'.len_utf8();
                out.push((start, &text[start..end]));
                start = end;
            }
            _ => {}
        }
        i += char_len(byte);
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// The length of the UTF-8 character whose first byte is `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

fn clauses(sentence: &str, offset: usize) -> Vec<Clause<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut group = false;
    // By lead bytes, as `sentences`: "，" is EF BC 8C, "；" EF BC 9B, "、" E3 80 81.
    let b = sentence.as_bytes();
    let mut i = 0;
    while let Some(&byte) = b.get(i) {
        let at = i;
        i += char_len(byte);
        let next = &b[at + 1..];
        let sep = match byte {
            b'(' if opens_group(sentence, at) => {
                group = true;
                '('
            }
            b')' if group => {
                group = false;
                ')'
            }
            b',' | b';' | b':' => char::from(byte),
            0xEF if next.starts_with(&[0xBC, 0x8C]) => '，',
            0xEF if next.starts_with(&[0xBC, 0x9B]) => '；',
            0xE3 if next.starts_with(&[0x80, 0x81]) => '、',
            _ => continue,
        };
        out.push(Clause {
            text: &sentence[start..at],
            start: offset + start,
            sep,
        });
        start = i;
    }
    out.push(Clause {
        text: &sentence[start..],
        start: offset + start,
        sep: '。',
    });
    out
}

/// Longest clause read for amounts (≈ 1 300 Chinese characters).
const MAX_CLAUSE_BYTES: usize = 4096;

fn read_para(doc: &mut Doc, para: &Para, section: Section) {
    let mut last_in_para: Option<usize> = None;
    for (s_off, sentence) in sentences(&para.text) {
        doc.sentence_starts.push(doc.statements.len());
        let sentence = sentence.trim_end_matches('。');
        let mut current: Option<usize> = None;
        let mut list: Option<List> = None;
        let mut pending_head: Option<usize> = None; // a container without an amount here
        // The enclosing list while a breakdown group "(…)" is read as a list of its own.
        let mut outer: Option<(Option<List>, Option<usize>, Option<usize>)> = None;
        for clause in clauses(sentence, s_off) {
            let t = clause.text.trim_end_matches('。');
            // "…，二、2023 年公务用车…": an enumeration inside the sentence starts a new item.
            if clause.sep == '、' && is_ordinal(t) {
                close_list(doc, list.take());
                (current, pending_head) = (None, None);
                continue;
            }
            // A real clause runs a few dozen characters between commas; a run of kilobytes
            // without punctuation is pasted data, and the patterns' searches for the end of
            // a base are quadratic in a clause's length.
            if !t.is_empty() && t.len() <= MAX_CLAUSE_BYTES {
                read_clause(
                    doc,
                    para,
                    section,
                    &clause,
                    t,
                    &mut current,
                    &mut list,
                    &mut pending_head,
                    &mut last_in_para,
                );
            }
            if clause.sep == '(' {
                outer = Some((list.take(), pending_head, current));
                pending_head = current;
                list = current.map(|head| List {
                    head,
                    parts: Vec::new(),
                    at_most: false,
                });
            } else if clause.sep == ')' {
                close_list(doc, list.take());
                if let Some((l, p, c)) = outer.take() {
                    (list, pending_head, current) = (l, p, c);
                }
            }
        }
        close_list(doc, list.take());
        if let Some((l, _, _)) = outer.take() {
            close_list(doc, l);
        }
    }
}

/// "三" in "，三、…": a Chinese ordinal of an enumeration.
fn is_ordinal(t: &str) -> bool {
    !t.is_empty() && t.chars().count() <= 2 && t.chars().all(|c| "一二三四五六七八九十".contains(c))
}

#[allow(clippy::too_many_arguments)]
fn read_clause(
    doc: &mut Doc,
    para: &Para,
    section: Section,
    clause: &Clause<'_>,
    clause_text: &str,
    current_out: &mut Option<usize>,
    list_out: &mut Option<List>,
    pending_head_out: &mut Option<usize>,
    last_in_para_out: &mut Option<usize>,
) {
    let (mut current, mut list, mut pending_head, mut last_in_para) = (
        *current_out,
        list_out.take(),
        *pending_head_out,
        *last_in_para_out,
    );
    let mut t = clause_text;
    'clause: {
        {
            // "主要包括工资福利支出 …" / "其中各级 …": a list opener fused with its first part.
            if let Some(p) = ["主要包括", "主要包含", "其中"]
                .iter()
                .find(|p| t.starts_with(**p) && t.len() > p.len())
            {
                close_list(doc, list.take());
                pending_head = current.or(last_in_para);
                list = pending_head.map(|head| List {
                    head,
                    parts: Vec::new(),
                    at_most: p.starts_with("主要"),
                });
                t = &t[p.len()..];
            }
            let clause_start = clause.start + (clause.text.len() - t.len());
            let has_digit = t.bytes().any(|b| b.is_ascii_digit());
            // List openers: "其中", "X中", "X:", "主要包括", "包括".
            if !has_digit {
                let opener = t == "其中"
                    || t.ends_with("包括")
                    || t.ends_with("包含")
                    || (t.ends_with('中') && t.chars().count() <= 12)
                    || (clause.sep == ':' && classify(t).is_some());
                if opener {
                    close_list(doc, list.take());
                    let at_most = crate::text::contains(t, "主要");
                    let bare_opener = ["其中", "包括", "主要包括", "包含", "主要包含"].contains(&t);
                    let head = if bare_opener {
                        current.or(last_in_para)
                    } else {
                        classify(t.trim_end_matches(['中', '包', '括', '含']))
                            .and_then(|s| doc.latest(&s, doc.statements.len()))
                    };
                    pending_head = head;
                    list = head.map(|head| List {
                        head,
                        parts: Vec::new(),
                        at_most,
                    });
                    break 'clause;
                }
            }
            let mut rest = t.to_string();
            let (mut change, mut share, mut rate) = (None, None, None);
            // The matchers try every position: first a character each one needs (most clauses
            // have none of them).
            let change_at = rest.contains(['比', '较', '与']);
            if let Some(c) = change_at.then(|| pattern::change(&rest)).flatten() {
                let line = para.line_at(clause_start + c.range.start);
                let base = c.base;
                let dir = c.dir.unwrap_or("持平");
                let unit = c.unit.unwrap_or("");
                let num = c.value.and_then(Num::parse);
                let direction = match dir {
                    "增加" | "增长" | "上升" => Direction::Up,
                    "减少" | "下降" => Direction::Down,
                    _ => Direction::Flat,
                };
                if unit == "%" {
                    rate = num.map(|num| Rate {
                        num,
                        direction,
                        line,
                    });
                } else if let Some(num) = num.or((direction == Direction::Flat).then_some(Num {
                    value: rust_decimal::Decimal::ZERO,
                    decimals: 2,
                })) {
                    change = Some(Change {
                        num,
                        unit: unit_of(unit),
                        direction,
                        base: base_key(base),
                        line,
                    });
                }
                let r = c.range;
                blank(&mut rest, r);
            }
            let share_at = rest.contains('占') && rest.contains('%');
            if let Some((r, base, v)) = share_at.then(|| pattern::share(&rest)).flatten() {
                if let Some(num) = Num::parse(v) {
                    share = Some(Share {
                        num,
                        base: base.to_string(),
                        line: para.line_at(clause_start + r.start),
                    });
                }
                blank(&mut rest, r);
            }
            let rate_at = rest.contains('%');
            if let Some((r, dir, v)) = rate_at.then(|| pattern::rate(&rest)).flatten() {
                let direction = if dir.starts_with('增') {
                    Direction::Up
                } else {
                    Direction::Down
                };
                if let Some(num) = Num::parse(v) {
                    rate = Some(Rate {
                        num,
                        direction,
                        line: para.line_at(clause_start + r.start),
                    });
                }
                blank(&mut rest, r);
            }
            // Amounts, each named by the words since the previous one.
            let mut new = Vec::new();
            let mut prev_end = 0;
            for (m, (v, unit)) in pattern::amounts(&rest) {
                let words = rest[prev_end..m.start]
                    .trim()
                    .trim_start_matches(['和', '及'])
                    .trim()
                    .to_string();
                prev_end = m.end;
                let Some(num) = Num::parse(v) else {
                    continue;
                };
                new.push(Statement {
                    section,
                    subject: classify(&words),
                    year: first_year(&words).map(|y| (y, para.line_at(clause_start))),
                    words,
                    amount: Some(num),
                    unit: unit_of(unit),
                    line: para.line_at(clause_start + m.start),
                    reference: false,
                    detail: false,
                    change: None,
                    share: None,
                    rate: None,
                    share_of: None,
                    slip: false,
                });
            }
            let has_info = change.is_some() || share.is_some() || rate.is_some();
            if new.is_empty() && has_info {
                // A clause with its own subject refers to that subject's latest amount.
                let words = rest.split("  ").next().unwrap_or("").trim().to_string();
                if let Some(subject) = classify(&words).filter(|_| !words.is_empty()) {
                    new.push(Statement {
                        section,
                        subject: Some(subject),
                        year: first_year(&words).map(|y| (y, para.line_at(clause_start))),
                        words,
                        amount: None,
                        unit: None,
                        line: para.line_at(clause_start),
                        reference: true,
                        detail: false,
                        change: None,
                        share: None,
                        rate: None,
                        share_of: None,
                        slip: false,
                    });
                }
            }
            for mut st in new {
                // "收入 X，其中：财政拨款收入 A；财政拨款支出预算 B": the other side of the
                // budget ends the list of parts.
                let other_side = list.as_ref().is_some_and(|l| {
                    let head = side(&doc.statements[l.head].words);
                    head.is_some() && side(&st.words).is_some_and(|s| Some(s) != head)
                });
                if other_side {
                    close_list(doc, list.take());
                    pending_head = None;
                }
                if let Some(l) = &list {
                    st.share_of = Some(l.head);
                    let head_subject = doc.statements[l.head].subject.clone();
                    if l.at_most && head_subject != st.subject {
                        st.detail = true;
                        if !matches!(st.subject, Some(Subject::Named(_))) {
                            st.subject = None;
                        }
                    }
                }
                let i = doc.statements.len();
                doc.statements.push(st);
                if let Some(l) = list.as_mut() {
                    if !doc.statements[i].reference
                        && doc.statements[i].subject != Some(Subject::Sum)
                    {
                        l.parts.push(i);
                    }
                } else if pending_head.is_none() {
                    pending_head = Some(i);
                }
                current = Some(i);
                last_in_para = Some(i);
            }
            if let Some(i) = current {
                let st = &mut doc.statements[i];
                if st.change.is_none() {
                    st.change = change;
                }
                if st.share.is_none() {
                    st.share = share;
                }
                if st.rate.is_none() {
                    st.rate = rate;
                }
            }
        }
    }
    (
        *current_out,
        *list_out,
        *pending_head_out,
        *last_in_para_out,
    ) = (current, list, pending_head, last_in_para);
}

/// Which side of the budget words name: income (true) or expenditure (false).
fn side(words: &str) -> Option<bool> {
    match (
        crate::text::contains(words, "收入"),
        crate::text::contains(words, "支出"),
    ) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

fn close_list(doc: &mut Doc, list: Option<List>) {
    if let Some(l) = list
        && l.parts.len() >= 2
    {
        doc.lists.push(l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_lists_and_references() {
        let doc = read(
            "三、2026 年支出预算情况\n社会保障和就业支出 28145.78 万元，占总支出 96.56%，比上年减少 1356.8 万元，降幅 4.60%。\n基本支出中，人员经费 7679.30 万元，占 84.49%；公用经费 1410.18 万元，占 15.51%。\n收入预算比上年减少 1296.20 万元。\n",
        );
        let s = &doc.statements;
        assert_eq!(
            s[0].subject,
            Some(Subject::Named("社会保障和就业支出".into()))
        );
        assert_eq!(s[0].section, Section::Expense);
        assert_eq!(s[0].line, 2);
        assert_eq!(s[0].share.as_ref().unwrap().num.value.to_string(), "96.56");
        let c = s[0].change.as_ref().unwrap();
        assert_eq!(
            (c.num.value.to_string(), c.direction),
            ("1356.8".into(), Direction::Down)
        );
        assert_eq!(s[0].rate.as_ref().unwrap().direction, Direction::Down);
        assert_eq!(s[1].subject, Some(Subject::Staff));
        assert_eq!(s[1].line, 3);
        assert!(s[3].reference);
        assert_eq!(s[3].subject, Some(Subject::IncomeTotal));
        assert_eq!(doc.budget_year(), Some(2026));
    }

    #[test]
    fn breakdown_groups_ordinals_and_sides_bound_lists() {
        // A "(…)" after an amount is that amount's breakdown, not more parts of the outer list.
        let doc = read(
            "“三公”经费 29 万元，其中：因公出国(境)费 0 万元；公务用车购置及运行费 28 万元(公务用车购置费 0 万元，公务用车运行维护费 28 万元)，公务接待费 1 万元。\n",
        );
        let sizes: Vec<(usize, usize)> =
            doc.lists.iter().map(|l| (l.head, l.parts.len())).collect();
        assert_eq!(sizes, vec![(2, 2), (0, 3)]);
        // "，三、…" inside a sentence starts a new item.
        let doc = read(
            "一、甲支出 150 万元，其中乙支出 150 万元，丙支出 0 万元，三、丁支出 200 万元。\n",
        );
        assert_eq!(doc.lists.len(), 1);
        assert_eq!(doc.lists[0].parts.len(), 2);
        // An expenditure figure does not continue a list of income parts.
        let doc =
            read("收入预算 10 万元，其中：财政拨款收入 10 万元；财政拨款支出预算 10 万元。\n");
        assert!(doc.lists.iter().all(|l| l.parts.len() < 2));
    }

    #[test]
    fn fused_openers_and_units() {
        let doc = read(
            "人员经费 7679.30 万元。主要包括工资福利支出 7307.92 万元和对个人和家庭补助支出 371.38 万元。当年预算 5 元。\n",
        );
        assert_eq!(doc.lists.len(), 1);
        assert!(doc.lists[0].at_most);
        assert_eq!(doc.lists[0].parts.len(), 2);
        assert!(doc.statements[1].detail);
        assert_eq!(doc.statements[3].unit, Some(NarrUnit::Yuan));
    }
}
