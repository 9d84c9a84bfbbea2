//! 项目支出绩效目标表 (T10) as projects: the table is exported with merged cells (unit, project,
//! amount, goal, 一级/二级指标 span several rows) left empty below their first row, so values are
//! carried forward; and indicator values ("≥95%", "等于3人", "150-240元", "及时") parsed into
//! (operator, number, unit) or a qualitative value.

use crate::amount::{Amount, parse_decimal};
use crate::disclosure::Disclosure;
use crate::table::{Line, Table, TableKind};
use crate::text::{halfwidth, key, key_chars, key_cow, trim};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// "No line": a level not given yet, a unit not seen yet.
const NONE: u32 = u32::MAX;

/// Column indices of the keys read, looked up once per table rather than per cell.
#[derive(Debug, Clone, Copy)]
struct Cols {
    unit: Option<usize>,
    project: Option<usize>,
    amount: Option<usize>,
    ind1: Option<usize>,
    ind2: Option<usize>,
    ind3: Option<usize>,
    value: Option<usize>,
    weight: Option<usize>,
}

impl Cols {
    fn of(t: &Table) -> Self {
        Cols {
            unit: t.col("unit"),
            project: t.col("project"),
            amount: t.col("amount"),
            ind1: t.col("ind1"),
            ind2: t.col("ind2"),
            ind3: t.col("ind3"),
            value: t.col("ind.value"),
            weight: t.col("ind.weight"),
        }
    }
}

/// A T10 table read into project blocks, once per check (`Disclosure::t10`): seven rules walk the
/// same projects. Lines are indices into `Table::lines`; texts are read from the table on access.
#[derive(Debug, Clone)]
pub struct Read {
    cols: Cols,
    projects: Vec<ProjectRec>,
    indicators: Vec<IndicatorRec>,
    /// The distinct (一级, 二级指标) texts (the first 254), as the lines holding them: rules
    /// judge a pair once, not per indicator.
    levels: Vec<(u32, u32)>,
}

#[derive(Debug, Clone)]
struct ProjectRec {
    line: u32,
    /// The line whose 单位名称 applies (carried forward), or NONE.
    unit_line: u32,
    /// The project's indicators: `Read::indicators[start..end]`.
    start: u32,
    end: u32,
}

/// 16 bytes: a large department has a million indicators.
#[derive(Debug, Clone)]
struct IndicatorRec {
    line: u32,
    /// The lines holding the 一级/二级指标 carried forward, or NONE.
    level1: u32,
    level2: u32,
    reading: Reading,
    /// The 权重 read once (two rules read it; natively and in the speed build): a whole number,
    /// or WEIGHT_EMPTY, or WEIGHT_OTHER (read from the text when asked).
    weight: u8,
    /// The (一级, 二级指标) texts' index in `Read::levels`, or NO_LEVELS (always, in the page's
    /// core module: its inputs are small, its bytes budgeted).
    levels: u8,
}

const NO_LEVELS: u8 = u8::MAX;
const WEIGHT_EMPTY: u8 = u8::MAX;
const WEIGHT_OTHER: u8 = u8::MAX - 1;

const _: () = assert!(std::mem::size_of::<IndicatorRec>() == 16);

impl IndicatorRec {
    fn weight_of(w: &str) -> u8 {
        if w.is_empty() {
            return WEIGHT_EMPTY;
        }
        let whole = whole_number(w).and_then(|n| u8::try_from(n).ok());
        whole.filter(|&n| n < WEIGHT_OTHER).unwrap_or(WEIGHT_OTHER)
    }
}

/// What an indicator value says, parsed once ([`parse_value`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// No value (blank cell).
    Empty,
    /// `parse_value` fails (contains numbers in a shape not understood).
    Unreadable,
    Qualitative,
    Quantity {
        op: Op,
        /// Unit "%" and the number (or a range's larger end) above 100.
        over_hundred_percent: bool,
    },
}

impl Reading {
    /// [`parse_value`] without its copies of the texts (read once per indicator).
    fn of(value: &str) -> Self {
        match crate::FOR_SPEED.then(|| quick_reading(value)).flatten() {
            Some(reading) => reading,
            None => Reading::general(value),
        }
    }

    /// [`Reading::of`] through the general parser.
    fn general(value: &str) -> Self {
        let normal = normalize_value(value);
        let scanned = scan(&normal);
        match scanned {
            Err(_) => Reading::Unreadable,
            Ok(Scanned::Qualitative) => Reading::Qualitative,
            Ok(Scanned::Quantity {
                op,
                number,
                upper,
                unit,
            }) => Reading::Quantity {
                op,
                over_hundred_percent: unit == "%"
                    && upper.unwrap_or(number).max(number) > Decimal::ONE_HUNDRED,
            },
        }
    }
}

/// The usual indicator value (">=95%", "<=16.57万元", "100%") read in one pass over its bytes,
/// as `Reading::general` reads it: an ASCII operator or none, up to 18 digits with at most one
/// point, then a unit with nothing `normalize_value` would change, no range mark, no digit and
/// no operator word after it. None for anything else (left to the general parser).
fn quick_reading(value: &str) -> Option<Reading> {
    let (op, rest) = ascii_operator(value)?;
    let op = op.unwrap_or(Op::Eq);
    let b = value.as_bytes();
    let start = b.len() - rest.len();
    if !b.get(start)?.is_ascii_digit() {
        return None;
    }
    let (mantissa, scale, len) = leading_number(&b[start..])?;
    let unit = &b[start + len..];
    let odd = |c: &u8| MAY_CHANGE[usize::from(*c)] || *c == b'-' || c.is_ascii_digit();
    if unit.first() == Some(&b',') || unit.iter().any(odd) {
        return None;
    }
    if ["以上", "以内", "以下"]
        .iter()
        .any(|w| unit.ends_with(w.as_bytes()))
    {
        return None;
    }
    let over_hundred = u128::from(mantissa) > 100 * 10u128.pow(scale);
    Some(Reading::Quantity {
        op,
        over_hundred_percent: unit == b"%" && over_hundred,
    })
}

/// Read the project blocks of a T10 table, in table order.
fn read(t: &Table) -> Read {
    let cols = Cols::of(t);
    let mut projects: Vec<ProjectRec> = Vec::new();
    let mut indicators = Vec::new();
    let mut unit_line = NONE;
    let mut last_name = "";
    let (mut l1, mut l2) = (NONE, NONE);
    // Their texts, and the pair's index in `levels` (None: to be looked up).
    let (mut t1, mut t2) = ("", "");
    let mut pair: Option<u8> = None;
    let mut levels: Vec<(&str, &str)> = Vec::new();
    let mut level_lines = Vec::new();
    // The sheet columns read (0, which no cell has, for a column the table lacks): each line's
    // row is found once, not once per cell.
    let [unit, project, ind1, ind2, ind3, value, weight] = [
        cols.unit,
        cols.project,
        cols.ind1,
        cols.ind2,
        cols.ind3,
        cols.value,
        cols.weight,
    ]
    .map(|c| c.map_or(0, |c| t.columns[c].index));
    for (i, line) in t.lines.iter().enumerate() {
        if t.is_total(line) {
            continue;
        }
        let i = i as u32;
        // A line without its row reads as blank cells, which change nothing.
        let Some(row) = t.sheet_of(line).row_by_position(line.position as usize) else {
            continue;
        };
        let text = |c: u32| trim(row.cell(c));
        if !text(unit).is_empty() {
            unit_line = i;
        }
        let name = text(project);
        if !name.is_empty() && (projects.is_empty() || last_name != name) {
            if let Some(p) = projects.last_mut() {
                p.end = indicators.len() as u32;
            }
            projects.push(ProjectRec {
                line: i,
                unit_line,
                start: indicators.len() as u32,
                end: 0,
            });
            last_name = name;
            (l1, l2) = (NONE, NONE);
            (t1, t2) = ("", "");
            pair = None;
        }
        if projects.is_empty() {
            continue;
        }
        let (level1, level2) = (text(ind1), text(ind2));
        if !level1.is_empty() {
            (l1, l2) = (i, NONE);
            (t1, t2) = (level1, "");
            pair = None;
        }
        if !level2.is_empty() {
            (l2, t2) = (i, level2);
            pair = None;
        }
        let (value, weight) = (text(value), text(weight));
        let blank = text(ind3).is_empty() && value.is_empty() && weight.is_empty();
        if !blank {
            indicators.push(IndicatorRec {
                line: i,
                level1: l1,
                level2: l2,
                reading: if value.is_empty() {
                    Reading::Empty
                } else {
                    Reading::of(value)
                },
                weight: if crate::FOR_SPEED {
                    IndicatorRec::weight_of(weight)
                } else {
                    WEIGHT_OTHER
                },
                levels: *pair.get_or_insert_with(|| {
                    if !crate::FOR_SPEED {
                        return NO_LEVELS;
                    }
                    let k = levels.iter().position(|&p| p == (t1, t2));
                    k.or_else(|| {
                        (levels.len() < usize::from(NO_LEVELS)).then(|| {
                            levels.push((t1, t2));
                            level_lines.push((l1, l2));
                            levels.len() - 1
                        })
                    })
                    .map_or(NO_LEVELS, |k| k as u8)
                }),
            });
        }
    }
    if let Some(p) = projects.last_mut() {
        p.end = indicators.len() as u32;
    }
    // Held until the report is built: trim the doubling's slack (up to half of each), natively
    // (the page's core wasm module is budgeted by the byte).
    if cfg!(not(target_arch = "wasm32")) {
        projects.shrink_to_fit();
        indicators.shrink_to_fit();
    }
    Read {
        cols,
        projects,
        indicators,
        levels: level_lines,
    }
}

/// The project blocks of the disclosure's T10 table (read on first use).
pub fn projects(d: &Disclosure) -> Option<Projects<'_>> {
    let table = d.table(TableKind::T10)?;
    let read = d.t10.get_or_init(|| read(table));
    Some(Projects { table, read })
}

/// The project blocks of a T10 table.
#[derive(Clone, Copy)]
pub struct Projects<'a> {
    pub table: &'a Table,
    read: &'a Read,
}

impl<'a> Projects<'a> {
    pub fn len(&self) -> usize {
        self.read.projects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.read.projects.is_empty()
    }

    /// A rule's judgement of each distinct (一级, 二级指标) pair, made on first sight.
    pub fn per_level_pair<T: Copy>(&self) -> PerLevelPair<T> {
        if !crate::FOR_SPEED {
            return PerLevelPair(Vec::new());
        }
        PerLevelPair(vec![None; self.read.levels.len()])
    }

    pub fn get(&self, i: usize) -> Project<'a> {
        Project {
            table: self.table,
            read: self.read,
            rec: &self.read.projects[i],
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Project<'a>> + 'a {
        let (table, read) = (self.table, self.read);
        read.projects
            .iter()
            .map(move |rec| Project { table, read, rec })
    }
}

/// One project block: texts borrow the table's cells.
#[derive(Clone, Copy)]
pub struct Project<'a> {
    table: &'a Table,
    read: &'a Read,
    rec: &'a ProjectRec,
}

impl<'a> Project<'a> {
    fn text(&self, line: u32, col: Option<usize>) -> &'a str {
        text_at(self.table, line, col)
    }

    /// The first row of the block (where the project name is).
    pub fn line(&self) -> &'a Line {
        &self.table.lines[self.rec.line as usize]
    }

    pub fn name(&self) -> &'a str {
        self.text(self.rec.line, self.read.cols.project)
    }

    /// The unit (单位名称) with any leading unit code removed.
    pub fn unit(&self) -> &'a str {
        strip_unit_code(self.text(self.rec.unit_line, self.read.cols.unit))
    }

    pub fn amount(&self) -> Option<Amount> {
        let col = self.read.cols.amount?;
        self.table.amount_at(self.line(), col)
    }

    pub fn indicators(&self) -> impl ExactSizeIterator<Item = Indicator<'a>> + 'a {
        let (table, read) = (self.table, self.read);
        read.indicators[self.rec.start as usize..self.rec.end as usize]
            .iter()
            .map(move |rec| Indicator { table, read, rec })
    }

    pub fn has_indicators(&self) -> bool {
        self.rec.end > self.rec.start
    }

    /// Σ of the indicators' weights (`Indicator::weight_value`); None when one is blank or not
    /// a number. Whole weights (nearly all) add as integers.
    #[inline]
    pub fn weight_sum(&self) -> Option<Decimal> {
        let general = || self.indicators().map(|i| weight(i.weight())).sum();
        if !crate::FOR_SPEED {
            return general();
        }
        let mut whole = 0u64;
        for rec in &self.read.indicators[self.rec.start as usize..self.rec.end as usize] {
            match rec.weight {
                WEIGHT_EMPTY => return None,
                WEIGHT_OTHER => return general(),
                n => whole += u64::from(n),
            }
        }
        Some(Decimal::from(whole))
    }
}

/// What a rule made of each distinct (一级, 二级指标) pair `Indicator::levels_id` tells apart
/// (`Projects::per_level_pair`): indicators repeat a few pairs (产出/数量, 成本/经济成本, …).
/// Remembers nothing in the page's core module, where indicators have no such id.
pub struct PerLevelPair<T>(Vec<Option<T>>);

impl<T: Copy> PerLevelPair<T> {
    /// What `judge` makes of `ind`'s pair of levels, judged once per pair.
    pub fn judge(&mut self, ind: &Indicator, judge: impl FnOnce() -> T) -> T {
        let k = ind.levels_id();
        if let Some(known) = k.and_then(|k| self.0[k]) {
            return known;
        }
        let v = judge();
        if let Some(k) = k {
            self.0[k] = Some(v);
        }
        v
    }
}

/// One indicator row of a project (not blank in 三级指标, 指标值 and 权重).
#[derive(Clone, Copy)]
pub struct Indicator<'a> {
    table: &'a Table,
    read: &'a Read,
    rec: &'a IndicatorRec,
}

impl<'a> Indicator<'a> {
    fn text(&self, line: u32, col: Option<usize>) -> &'a str {
        text_at(self.table, line, col)
    }

    pub fn line(&self) -> &'a Line {
        &self.table.lines[self.rec.line as usize]
    }

    /// 一级指标, carried forward from the rows above when its cell is empty.
    pub fn level1(&self) -> &'a str {
        self.text(self.rec.level1, self.read.cols.ind1)
    }

    /// 二级指标, carried forward like `level1`.
    pub fn level2(&self) -> &'a str {
        self.text(self.rec.level2, self.read.cols.ind2)
    }

    pub fn name(&self) -> &'a str {
        self.text(self.rec.line, self.read.cols.ind3)
    }

    pub fn value(&self) -> &'a str {
        self.text(self.rec.line, self.read.cols.value)
    }

    pub fn weight(&self) -> &'a str {
        self.text(self.rec.line, self.read.cols.weight)
    }

    /// The index of (`level1`, `level2`) among the table's distinct pairs (`level_pairs`;
    /// None beyond the first 254).
    pub fn levels_id(&self) -> Option<usize> {
        (crate::FOR_SPEED && self.rec.levels != NO_LEVELS).then_some(usize::from(self.rec.levels))
    }

    /// The 权重 cell is blank.
    #[inline]
    pub fn weight_is_empty(&self) -> bool {
        if !crate::FOR_SPEED {
            return self.weight().is_empty();
        }
        match self.rec.weight {
            WEIGHT_OTHER => self.weight().is_empty(),
            w => w == WEIGHT_EMPTY,
        }
    }

    /// The 权重 as a number ([`weight`]; None when blank or not a number).
    #[inline]
    pub fn weight_value(&self) -> Option<Decimal> {
        if !crate::FOR_SPEED {
            return weight(self.weight());
        }
        match self.rec.weight {
            WEIGHT_EMPTY => None,
            WEIGHT_OTHER => weight(self.weight()),
            n => Some(Decimal::from(n)),
        }
    }

    /// The value as parsed by [`parse_value`] (`Empty` for a blank cell).
    pub fn reading(&self) -> Reading {
        self.rec.reading
    }
}

/// The trimmed text of column `col` on line index `line` ("" for NONE or no column).
fn text_at(t: &Table, line: u32, col: Option<usize>) -> &str {
    match (t.lines.get(line as usize), col) {
        (Some(l), Some(c)) => trim(t.cell(l, c)),
        _ => "",
    }
}

/// "310001 长春市社会保险事业管理局" → "长春市社会保险事业管理局".
fn strip_unit_code(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
}

/// Project-name key for matching across tables: whitespace, full/half width and bracket forms
/// ignored, and a trailing "项目" dropped. Borrows `s` when it is already in that form.
pub fn name_key(s: &str) -> Cow<'_, str> {
    let stem = |k: &str| {
        k.strip_suffix("项目")
            .filter(|r| !r.is_empty())
            .map(str::len)
    };
    match key_cow(s) {
        Cow::Borrowed(k) => Cow::Borrowed(stem(k).map_or(k, |n| &k[..n])),
        Cow::Owned(mut k) => {
            if let Some(n) = stem(&k) {
                k.truncate(n);
            }
            Cow::Owned(k)
        }
    }
}

/// T10 projects matched to the second-level projects of 项目支出表 (T9), once per check
/// (`Disclosure::t10_t9`): GJ-T10-AMOUNT and GJ-T10-MISSING read the same matching.
#[derive(Debug, Clone)]
pub struct Matching {
    /// T9's second-level project lines (indices into its lines), in table order.
    candidates: Vec<u32>,
    /// Per T10 project: (index into `candidates`, whether the names are identical).
    of: Vec<Option<(u32, bool)>>,
}

/// The disclosure's T10 projects matched to its T9 projects (matched on first use).
pub fn matching(d: &Disclosure) -> Option<Matched<'_>> {
    let projects = projects(d)?;
    let t9 = d.table(TableKind::T9)?;
    let m = d.t10_t9.get_or_init(|| match_t9(projects, t9));
    Some(Matched {
        projects,
        t9,
        name_col: t9.col("name2"),
        m,
    })
}

#[derive(Clone, Copy)]
pub struct Matched<'a> {
    pub projects: Projects<'a>,
    pub t9: &'a Table,
    name_col: Option<usize>,
    m: &'a Matching,
}

impl<'a> Matched<'a> {
    /// T9's second-level projects: (line, name), in table order.
    pub fn candidates(&self) -> impl ExactSizeIterator<Item = (&'a Line, &'a str)> + 'a {
        let (t9, col) = (self.t9, self.name_col);
        self.m
            .candidates
            .iter()
            .map(move |&i| (&t9.lines[i as usize], text_at(t9, i, col)))
    }

    /// T9's second-level project lines, in table order (`candidates` without reading names).
    pub fn candidate_lines(&self) -> impl ExactSizeIterator<Item = &'a Line> + 'a {
        let t9 = self.t9;
        self.m
            .candidates
            .iter()
            .map(move |&i| &t9.lines[i as usize])
    }

    /// Per candidate (in `candidate_lines` order): whether some T10 project refers to it.
    pub fn covered(&self) -> Vec<bool> {
        let mut covered = vec![false; self.m.candidates.len()];
        for &(c, _) in self.m.of.iter().flatten() {
            covered[c as usize] = true;
        }
        covered
    }

    /// The T9 line the `i`-th T10 project refers to (`of` without reading names).
    pub fn line_of(&self, i: usize) -> Option<&'a Line> {
        let (c, _) = self.m.of[i]?;
        Some(&self.t9.lines[self.m.candidates[c as usize] as usize])
    }

    /// The T9 project the `i`-th T10 project refers to: (line, name, names identical).
    pub fn of(&self, i: usize) -> Option<(&'a Line, &'a str, bool)> {
        let (c, exact) = self.m.of[i]?;
        let line = self.m.candidates[c as usize];
        Some((
            &self.t9.lines[line as usize],
            text_at(self.t9, line, self.name_col),
            exact,
        ))
    }
}

/// Candidates sharing a key, chained in table order.
struct Chains<'a> {
    first: crate::hash::HashMap<Cow<'a, str>, (u32, u32)>,
    next: Vec<u32>,
}

impl<'a> Chains<'a> {
    fn new(keys: impl ExactSizeIterator<Item = Cow<'a, str>>) -> Self {
        let mut first: crate::hash::HashMap<Cow<str>, (u32, u32)> = crate::hash::HashMap::default();
        first.reserve(keys.len());
        let mut next = vec![NONE; keys.len()];
        for (i, k) in keys.enumerate() {
            let i = i as u32;
            let ends = first.entry(k).or_insert((i, i));
            if ends.1 != i {
                next[ends.1 as usize] = i;
                ends.1 = i;
            }
        }
        Chains { first, next }
    }

    /// The candidates of `key`, in table order: (the first, whether it is the only one, all).
    fn get(&self, key: &str) -> Option<(u32, bool, impl Iterator<Item = u32> + '_)> {
        let &(head, tail) = self.first.get(key)?;
        let all = std::iter::successors(Some(head), |&i| {
            Some(self.next[i as usize]).filter(|&n| n != NONE)
        });
        Some((head, head == tail, all))
    }
}

/// The first of `found` (`Chains::get`) whose organisation (`names[i].1`) is `unit`, else the
/// first.
fn pick<'a>(
    (first, single, found): (u32, bool, impl Iterator<Item = u32>),
    names: &[(&str, &str)],
    unit: impl FnOnce() -> &'a str,
) -> Option<u32> {
    if single {
        return Some(first); // a single candidate needs no comparison
    }
    let unit = key(unit());
    found
        .into_iter()
        .find(|&i| key_chars(names[i as usize].1).eq(unit.chars()))
        .or(Some(first))
}

/// Each T10 project's T9 project: exact name first, then normalized; among several, the first
/// of the same organisation, else the first. Names are looked up, not scanned (scanning every T9
/// project for every T10 project made matching quadratic).
fn match_t9(projects: Projects, t9: &Table) -> Matching {
    let (name_col, unit_col) = (t9.col("name2"), t9.col("unit"));
    let mut candidates = Vec::new();
    let mut names = Vec::new();
    for (i, line) in t9.lines.iter().enumerate() {
        let name = text_at(t9, i as u32, name_col);
        if !t9.is_total(line) && !name.is_empty() {
            candidates.push(i as u32);
            names.push((name, text_at(t9, i as u32, unit_col)));
        }
    }
    let exact = Chains::new(names.iter().map(|&(n, _)| Cow::Borrowed(n)));
    // Normalized names are only needed when some name differs.
    let mut keyed: Option<Chains> = None;
    let of = projects
        .iter()
        .map(|p| {
            if let Some(i) = exact
                .get(p.name())
                .and_then(|f| pick(f, &names, || p.unit()))
            {
                return Some((i, true));
            }
            let keyed =
                keyed.get_or_insert_with(|| Chains::new(names.iter().map(|&(n, _)| name_key(n))));
            let found = keyed.get(&name_key(p.name()))?;
            pick(found, &names, || p.unit()).map(|i| (i, false))
        })
        .collect();
    Matching { candidates, of }
}

/// A weight cell as a number ("30", "30%", "30.0").
pub fn weight(s: &str) -> Option<Decimal> {
    // The usual "26" as given, natively and in the speed build: nothing to trim or map (read
    // twice per indicator, by two rules).
    if crate::FOR_SPEED
        && let Some(w) = whole_number(s)
    {
        return Some(Decimal::from(w));
    }
    let s = trim(s);
    // Half-width forms change nothing in ASCII: skip the copy for the usual "30".
    let t = if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(halfwidth(s))
    };
    let t = trim(t.trim_end_matches('%'));
    whole_number(t)
        .map(Decimal::from)
        .or_else(|| parse_decimal(t))
}

/// A whole number of up to 18 digits ("26"), read directly: what the general parser makes of it.
fn whole_number(t: &str) -> Option<u64> {
    ((1..=18).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    /// "150-240元": number .. upper.
    Range,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::Range => "区间",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Quantity {
        op: Op,
        number: Decimal,
        /// The upper end of a range.
        upper: Option<Decimal>,
        unit: String,
    },
    /// A word such as "及时", "准确", "保障", or an operator on a word ("不低于上年").
    Qualitative(String),
}

/// Operator words, longest first within each group that shares a prefix.
const OPERATORS: &[(&str, Op)] = &[
    (">=", Op::Ge),
    ("≥", Op::Ge),
    ("大于等于", Op::Ge),
    ("大于或等于", Op::Ge),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("至少", Op::Ge),
    ("<=", Op::Le),
    ("≤", Op::Le),
    ("小于等于", Op::Le),
    ("小于或等于", Op::Le),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不多于", Op::Le),
    ("不大于", Op::Le),
    ("控制在", Op::Le),
    (">", Op::Gt),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("超过", Op::Gt),
    ("<", Op::Lt),
    ("小于", Op::Lt),
    ("低于", Op::Lt),
    ("=", Op::Eq),
    ("等于", Op::Eq),
    ("达到", Op::Eq),
];

/// Parse an indicator value. Err(reason) when it contains numbers in a shape not understood.
pub fn parse_value(raw: &str) -> Result<Value, String> {
    let s = normalize_value(raw);
    let why = match scan(&s) {
        Ok(Scanned::Qualitative) => return Ok(Value::Qualitative(s.into_owned())),
        Ok(Scanned::Quantity {
            op,
            number,
            upper,
            unit,
        }) => {
            return Ok(Value::Quantity {
                op,
                number,
                upper,
                unit: unit.to_string(),
            });
        }
        Err(why) => why,
    };
    Err(match why {
        Unread::Empty => "指标值为空".into(),
        Unread::Shape => format!("「{raw}」含数字，但不是「运算符 + 数值 + 计量单位」的形式"),
        Unread::Number => format!("「{raw}」的数值无法识别"),
        Unread::Upper => format!("「{raw}」的区间上限无法识别"),
        Unread::Units => format!("「{raw}」区间两端的计量单位不同"),
        Unread::OpAndRange => format!("「{raw}」既有运算符又是区间"),
        Unread::Trailing => format!("「{raw}」数值后还有无法识别的内容"),
    })
}

/// [`Value`] borrowing the normalized text.
enum Scanned<'a> {
    Quantity {
        op: Op,
        number: Decimal,
        upper: Option<Decimal>,
        unit: &'a str,
    },
    Qualitative,
}

/// Why a value is not understood (worded by [`parse_value`]).
enum Unread {
    Empty,
    Shape,
    Number,
    Upper,
    Units,
    OpAndRange,
    Trailing,
}

/// [`parse_value`] on a normalized value (`normalize_value`). Called from two places: in the
/// page's core module (budgeted by the byte) not inlined into both.
#[cfg_attr(
    all(target_arch = "wasm32", not(target_feature = "simd128")),
    inline(never)
)]
fn scan(s: &str) -> Result<Scanned<'_>, Unread> {
    if s.is_empty() {
        return Err(Unread::Empty);
    }
    let (op, rest) = match crate::FOR_SPEED.then(|| ascii_operator(s)).flatten() {
        Some(found) => found,
        None => OPERATORS
            .iter()
            .find_map(|(w, op)| s.strip_prefix(w).map(|r| (Some(*op), r)))
            .unwrap_or((None, s)),
    };
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        if s.bytes().any(|b| b.is_ascii_digit()) {
            return Err(Unread::Shape);
        }
        return Ok(Scanned::Qualitative);
    }
    let (number, rest) = take_number(rest).ok_or(Unread::Number)?;
    let (unit1, rest) = split_unit(rest);
    let (op, upper, unit, rest) = if let Some(r) = rest.strip_prefix('-') {
        let (upper, r) = take_number(r).ok_or(Unread::Upper)?;
        let (unit2, r) = split_unit(r);
        if !unit1.is_empty() && !unit2.is_empty() && unit1 != unit2 {
            return Err(Unread::Units);
        }
        if op.is_some() {
            return Err(Unread::OpAndRange);
        }
        let unit = if unit2.is_empty() { unit1 } else { unit2 };
        (Op::Range, Some(upper), unit, r)
    } else {
        (op.unwrap_or(Op::Eq), None, unit1, rest)
    };
    // "95%以上" / "16万元以内" put the operator after the unit.
    let (op, unit) = match suffix_op(unit) {
        Some((o, u)) if op == Op::Eq => (o, u),
        _ => (op, unit),
    };
    if !rest.is_empty() || unit.bytes().any(|b| b.is_ascii_digit()) {
        return Err(Unread::Trailing);
    }
    Ok(Scanned::Quantity {
        op,
        number,
        upper,
        unit,
    })
}

/// What `OPERATORS` makes of `s` when it starts with an ASCII character (most values: ">=95%",
/// "<=16万元", "100%"), without walking the list; None when it starts otherwise.
fn ascii_operator(s: &str) -> Option<(Option<Op>, &str)> {
    let b = s.as_bytes();
    let (op, len) = match (b.first()?, b.get(1)) {
        (b'>', Some(b'=')) => (Op::Ge, 2),
        (b'<', Some(b'=')) => (Op::Le, 2),
        (b'>', _) => (Op::Gt, 1),
        (b'<', _) => (Op::Lt, 1),
        (b'=', _) => (Op::Eq, 1),
        (c, _) if c.is_ascii() => return Some((None, s)),
        _ => return None,
    };
    Some((Some(op), &s[len..]))
}

/// Bytes `normalize_value` may change: only ASCII whitespace and '~', and characters led by
/// these bytes (other whitespace, full-width forms, '—', '至'); the rest is looked at as
/// characters.
const MAY_CHANGE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b'\t'..=b'\r' | b' ' | b'~' | 0xC2 | 0xE1..=0xE3 | 0xE8 | 0xEF);
        b += 1;
    }
    t
};

/// `raw` half-width, without whitespace, range marks as '-': borrowed when already so (most
/// values are), a copy per indicator showed in profiles.
fn normalize_value(raw: &str) -> Cow<'_, str> {
    let mapped = |c: char| match crate::text::halfwidth_char(c) {
        '～' | '~' | '—' | '－' | '至' => '-',
        c => c,
    };
    if (crate::FOR_SPEED && !raw.bytes().any(|b| MAY_CHANGE[usize::from(b)]))
        || raw.chars().all(|c| !c.is_whitespace() && mapped(c) == c)
    {
        return Cow::Borrowed(raw);
    }
    let normal = raw.chars().map(mapped).filter(|c| !c.is_whitespace());
    Cow::Owned(normal.collect())
}

fn take_number(s: &str) -> Option<(Decimal, &str)> {
    // Bytes: the characters taken are ASCII, and a character that is not starts with a byte
    // that is not.
    let end = s
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.' || b == b','))
        .unwrap_or(s.len());
    let digits = &s[..end];
    if crate::FOR_SPEED
        && let Some(n) = short_number(digits)
    {
        return Some((n, &s[end..]));
    }
    let n = if digits.contains(',') {
        parse_decimal(&digits.replace(',', ""))
    } else {
        parse_decimal(digits)
    }?;
    Some((n, &s[end..]))
}

/// `parse_decimal` of up to 18 digits and at most one point ("95", "299.43"), its mantissa read
/// in 64 bits; None for anything else (left to it).
fn short_number(digits: &str) -> Option<Decimal> {
    let (mantissa, scale, len) = leading_number(digits.as_bytes())?;
    (len == digits.len()).then(|| {
        let (lo, mid) = (mantissa as u32, (mantissa >> 32) as u32);
        Decimal::from_parts(lo, mid, 0, false, scale)
    })
}

/// The number `b` starts with, digits and at most one point, as (mantissa, scale, its length in
/// bytes): None when it has no digit, more than 18 bytes, or a second point right after it.
fn leading_number(b: &[u8]) -> Option<(u64, u32, usize)> {
    let (mut mantissa, mut scale, mut point, mut len) = (0u64, 0u32, false, 0);
    while let Some(&c) = b.get(len) {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            b'.' => return None,
            _ => break,
        }
        len += 1;
    }
    // A point alone is no number (len - point = the digits' count).
    (len > usize::from(point) && len <= 18).then_some((mantissa, scale, len))
}

/// The unit text after a number, up to a range separator.
fn split_unit(s: &str) -> (&str, &str) {
    // Units are a few bytes: a byte scan, not the general (memchr) search.
    let end = s.bytes().position(|b| b == b'-').unwrap_or(s.len());
    (&s[..end], &s[end..])
}

fn suffix_op(unit: &str) -> Option<(Op, &str)> {
    for (w, op) in [
        ("以上", Op::Ge),
        ("及以上", Op::Ge),
        ("以内", Op::Le),
        ("以下", Op::Le),
        ("及以下", Op::Le),
    ] {
        if let Some(u) = unit.strip_suffix(w) {
            return Some((op, u.strip_suffix('及').unwrap_or(u)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn q(op: Op, n: &str, upper: Option<&str>, unit: &str) -> Result<Value, String> {
        Ok(Value::Quantity {
            op,
            number: Decimal::from_str(n).unwrap(),
            upper: upper.map(|u| Decimal::from_str(u).unwrap()),
            unit: unit.into(),
        })
    }

    #[test]
    fn values() {
        assert_eq!(parse_value(">=95%"), q(Op::Ge, "95", None, "%"));
        assert_eq!(parse_value("≥ 90 %"), q(Op::Ge, "90", None, "%"));
        assert_eq!(parse_value("等于3人"), q(Op::Eq, "3", None, "人"));
        assert_eq!(parse_value("<=16.57万元"), q(Op::Le, "16.57", None, "万元"));
        assert_eq!(
            parse_value("150-240元"),
            q(Op::Range, "150", Some("240"), "元")
        );
        assert_eq!(parse_value("不低于90%"), q(Op::Ge, "90", None, "%"));
        assert_eq!(parse_value("100%"), q(Op::Eq, "100", None, "%"));
        assert_eq!(parse_value("95%以上"), q(Op::Ge, "95", None, "%"));
        assert_eq!(
            parse_value("等于32224.83平方米"),
            q(Op::Eq, "32224.83", None, "平方米")
        );
        assert_eq!(parse_value("及时"), Ok(Value::Qualitative("及时".into())));
        assert_eq!(
            parse_value("不低于上年"),
            Ok(Value::Qualitative("不低于上年".into()))
        );
        assert!(parse_value("第3季度前完成").is_err());
        assert!(parse_value("95%或100%").is_err());
        assert!(parse_value("").is_err());
    }

    #[test]
    fn short_numbers_read_as_the_general_parser() {
        for d in [
            "",
            ".",
            "..",
            "0",
            "007",
            "95",
            "299.43",
            "1.",
            ".5",
            "1.2.3",
            "1,000",
            "123456789012345678",
            "1234567890.12345678",
            "99999999999999999.9",
        ] {
            let short = short_number(d);
            assert!(short.is_none() || short == parse_decimal(d), "{d:?}");
            assert_eq!(
                short.map(|n| n.scale()),
                short.and(parse_decimal(d)).map(|n| n.scale())
            );
        }
        assert!(short_number("299.43").is_some());
        let mut values = vec![
            "",
            ">=95%",
            ">=100.5%",
            "<=16.57万元",
            "100%",
            "101%",
            "150-240元",
            "95%以上",
            "16万元以内",
            "≥90%",
            "> 1",
            ">.5%",
            "5.%",
            "1.2.3人",
            "1,000元",
            "3人2",
            "0.5%",
            "1234567890123456789个",
            "123456789012345678个",
            "=3人",
            "<3",
            ">3天",
            "95 %",
            "95％",
            "100.000%",
            "100.0001%",
            "3～5个",
            "95%.",
            "及时",
            "12",
        ];
        let ops = ["", ">=", "<=", ">", "<", "=", "≤", "大于"];
        let numbers = ["0", "7", "99.99", "100", "100.01", "250", "1.", "00120"];
        let units = ["", "%", "个", "万元", "%以上", "人次", "-5", "—"];
        let combos: Vec<String> = ops
            .iter()
            .flat_map(|o| numbers.iter().map(move |n| format!("{o}{n}")))
            .flat_map(|on| units.iter().map(move |u| format!("{on}{u}")))
            .collect();
        values.extend(combos.iter().map(String::as_str));
        for v in values {
            if let Some(quick) = quick_reading(v) {
                assert_eq!(quick, Reading::general(v), "{v:?}");
            }
        }
        assert!(quick_reading(">=95%").is_some() && quick_reading("<=16.57万元").is_some());
        for v in [
            ">=95%",
            "> 1",
            ">",
            "<=",
            "<3",
            "=5",
            "95%",
            "a",
            "≥9",
            "不低于9",
            "==1",
        ] {
            let listed = OPERATORS
                .iter()
                .find_map(|(w, op)| v.strip_prefix(w).map(|r| (Some(*op), r)))
                .unwrap_or((None, v));
            assert!(
                ascii_operator(v).is_none_or(|found| found == listed),
                "{v:?}"
            );
        }
    }

    #[test]
    fn names() {
        assert_eq!(
            name_key("社保局省（市）属采暖费补贴项目"),
            name_key("社保局省(市)属采暖费补贴")
        );
        assert_eq!(name_key("项目"), "项目");
        for w in ["30", "007", " 30% ", "30.0", "３０", "x", ""] {
            let general = Decimal::from_str(halfwidth(w.trim()).trim_end_matches('%').trim());
            assert_eq!(weight(w), general.ok(), "{w:?}");
        }
        assert_eq!(weight("26").map(|d| d.scale()), Some(0));
        assert_eq!(trim(" a "), "a");
        assert_eq!(trim("项目\u{3000}"), "项目");
        assert_eq!(
            strip_unit_code("310001 长春市社会保险事业管理局"),
            "长春市社会保险事业管理局"
        );
    }
}
