//! Classification catalogues (支出功能分类 and 部门预算支出经济分类), compiled in from
//! `data/codes/*.csv` and parsed once, and the budget year they are chosen by.
//!
//! The catalogues are deliberately partial (see the files' source notes): a code absent from them
//! is "not known", never "wrong" — unless an entry above it is marked as listing all its children.

use crate::disclosure::Disclosure;
use crate::hash::HashMap;
use crate::text::key;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// 支出功能分类: 类 3 digits, 款 5, 项 7.
    Function,
    /// 部门预算支出经济分类: 类 3 digits, 款 5.
    Economic,
}

impl Scheme {
    pub fn name_zh(self) -> &'static str {
        match self {
            Scheme::Function => "支出功能分类科目",
            Scheme::Economic => "部门预算支出经济分类科目",
        }
    }

    /// Valid code lengths, shortest (类) first; the last is the leaf level.
    pub fn lengths(self) -> &'static [usize] {
        match self {
            Scheme::Function => &[3, 5, 7],
            Scheme::Economic => &[3, 5],
        }
    }

    pub fn leaf_len(self) -> usize {
        *self.lengths().last().unwrap_or(&3)
    }

    /// Name of the level a code of `len` digits is at.
    pub fn level_name(self, len: usize) -> &'static str {
        match len {
            3 => "类",
            5 => "款",
            7 => "项",
            _ => "?",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    /// The source lists every child of this entry, so a child code missing here does not exist.
    pub complete: bool,
}

/// A former name of a code.
#[derive(Debug, Clone)]
pub struct Rename {
    pub old: String,
    pub new: String,
    /// The earliest year a cited source prints the new name; tables of earlier years may use the old.
    pub since: u32,
}

#[derive(Debug, Default)]
pub struct Catalogue {
    pub year: u32,
    entries: HashMap<String, Entry>,
    renames: HashMap<String, Vec<Rename>>,
    /// The codes 200–299 that have an entry or a rename, in order, with the key of the entry's
    /// name and the keys of its former names (for [`Catalogue::class_named`]).
    classes: Vec<ClassNames>,
}

#[derive(Debug)]
struct ClassNames {
    code: String,
    name: Option<String>,
    former: Vec<String>,
}

impl Catalogue {
    pub fn get(&self, code: &str) -> Option<&Entry> {
        self.entries.get(code)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The current name when `name` is a known former name of `code`.
    pub fn renamed_to(&self, code: &str, name: &str) -> Option<&str> {
        self.rename(code, name).map(|r| r.new.as_str())
    }

    /// The rename when `name` is a known former name of `code`.
    pub fn rename(&self, code: &str, name: &str) -> Option<&Rename> {
        let k = key(name);
        self.renames.get(code)?.iter().find(|r| key(&r.old) == k)
    }

    /// The first code of 200–299 whose name, in key form, is `label`, or of which `label` is a
    /// known former name: the function 类 a summary-table label names.
    pub fn class_named(&self, label: &str) -> Option<&str> {
        let former = key(label);
        self.classes
            .iter()
            .find(|c| c.name.as_deref() == Some(label) || c.former.contains(&former))
            .map(|c| c.code.as_str())
    }

    /// The nearest entry above `code` whose children are all listed: only under it can a missing
    /// code be told apart from a gap in the catalogue.
    pub fn complete_ancestor<'a>(&self, scheme: Scheme, code: &'a str) -> Option<&'a str> {
        scheme
            .lengths()
            .iter()
            .rev()
            .filter(|&&n| n < code.len())
            .map(|&n| &code[..n])
            .find(|a| self.entries.get(*a).is_some_and(|e| e.complete))
    }
}

/// Do two names denote the same item (whitespace, full/half width and bracket forms ignored)?
pub fn same_name(a: &str, b: &str) -> bool {
    key(a) == key(b)
}

/// A data file compiled in without its comment lines and with only the columns `keep` (a bit per
/// column) filled: the comments and the other columns (level, parent, source) are for the
/// repository's readers, and would be ~7 KB gzipped of the page's wasm. `data_lines` skips
/// comment lines anyway, and `parse` reads only the kept columns.
macro_rules! data_file {
    ($path:literal, $keep:expr) => {{
        const RAW: &str = include_str!($path);
        const BYTES: [u8; without_comments::<0>(RAW, $keep).1] =
            without_comments::<{ without_comments::<0>(RAW, $keep).1 }>(RAW, $keep).0;
        match std::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("whole lines removed from UTF-8 leave UTF-8"),
        }
    }};
}

/// `text` without its comment lines (first non-blank character `#`) and with the columns not in
/// `keep` emptied (their commas stay, so columns keep their positions), in the first `N` bytes,
/// and its length (call with `N` = 0 to learn it). Only ASCII commas end a field, so what is left
/// is UTF-8.
const fn without_comments<const N: usize>(text: &str, keep: u32) -> ([u8; N], usize) {
    let b = text.as_bytes();
    let mut out = [0u8; N];
    let (mut start, mut len) = (0, 0);
    while start < b.len() {
        let mut end = start;
        while end < b.len() && b[end] != b'\n' {
            end += 1;
        }
        if end < b.len() {
            end += 1;
        }
        let mut first = start;
        while first < end && matches!(b[first], b' ' | b'\t' | b'\r') {
            first += 1;
        }
        if first == end || b[first] != b'#' {
            let (mut i, mut column) = (start, 0);
            while i < end {
                if b[i] == b',' {
                    column += 1;
                }
                let kept = column < 32 && keep & (1 << column) != 0;
                if kept || matches!(b[i], b',' | b'\n' | b'\r') {
                    if len < N {
                        out[len] = b[i];
                    }
                    len += 1;
                }
                i += 1;
            }
        }
        start = end;
    }
    (out, len)
}

/// The columns `parse` reads: a catalogue's code, name and children; a rename's code, old name,
/// new name and year.
const ENTRY_COLUMNS: u32 = 0b10_0011;
const RENAME_COLUMNS: u32 = 0b1111;

/// The shipped catalogues: (year, 支出功能分类 file, 经济分类 file), oldest first.
const FILES: &[(u32, &str, &str)] = &[
    (
        2025,
        data_file!("../data/codes/2025-function.csv", ENTRY_COLUMNS),
        data_file!("../data/codes/2025-economic.csv", ENTRY_COLUMNS),
    ),
    (
        2026,
        data_file!("../data/codes/2026-function.csv", ENTRY_COLUMNS),
        data_file!("../data/codes/2026-economic.csv", ENTRY_COLUMNS),
    ),
];
const RENAMES: &str = data_file!("../data/codes/renames.csv", RENAME_COLUMNS);

/// The catalogue for `scheme` in `year`, and the year whose catalogue it really is: the newest
/// shipped year not after `year`, else the oldest shipped one.
pub fn catalogue(scheme: Scheme, year: u32) -> &'static Catalogue {
    static FUNCTION: [OnceLock<Catalogue>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];
    static ECONOMIC: [OnceLock<Catalogue>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];
    let i = FILES.iter().rposition(|f| f.0 <= year).unwrap_or(0);
    let (y, function, economic) = FILES[i];
    match scheme {
        Scheme::Function => FUNCTION[i].get_or_init(|| parse(y, function, Some(RENAMES))),
        Scheme::Economic => ECONOMIC[i].get_or_init(|| parse(y, economic, None)),
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split(',').map(str::trim).collect())
}

fn parse(year: u32, entries: &str, renames: Option<&str>) -> Catalogue {
    let mut cat = Catalogue {
        year,
        ..Catalogue::default()
    };
    for f in data_lines(entries) {
        if let [code, name, ..] = f[..] {
            cat.entries.insert(
                code.to_string(),
                Entry {
                    name: name.to_string(),
                    complete: f.get(5) == Some(&"all"),
                },
            );
        }
    }
    for f in renames.into_iter().flat_map(data_lines) {
        if let [code, old, new, since, ..] = f[..] {
            cat.renames
                .entry(code.to_string())
                .or_default()
                .push(Rename {
                    old: old.to_string(),
                    new: new.to_string(),
                    since: since.parse().unwrap_or(0),
                });
        }
    }
    cat.classes = (200..300)
        .map(|c| c.to_string())
        .filter_map(|code| {
            let name = cat.get(&code).map(|e| key(&e.name));
            let former: Vec<String> = cat
                .renames
                .get(&code)
                .into_iter()
                .flatten()
                .map(|r| key(&r.old))
                .collect();
            (name.is_some() || !former.is_empty()).then_some(ClassNames { code, name, former })
        })
        .collect();
    cat
}

/// The budget year of a disclosure: `Options.year` when given, else the year most table titles
/// name ("2026年…"), else the first year the narrative names, else the newest catalogue year.
/// Worked out once per disclosure.
pub fn year(d: &Disclosure) -> u32 {
    *d.budget_year.get_or_init(|| find_year(d))
}

fn find_year(d: &Disclosure) -> u32 {
    if let Some(y) = d.options.year {
        return y;
    }
    let mut votes: HashMap<u32, usize> = HashMap::default();
    for t in &d.tables {
        if let Some(y) = year_in(&t.title) {
            *votes.entry(y).or_default() += 1;
        }
    }
    if let Some((y, _)) = votes.into_iter().max_by_key(|&(y, n)| (n, y)) {
        return y;
    }
    d.narratives
        .iter()
        .find_map(|n| year_in(&n.text))
        .unwrap_or(FILES[FILES.len() - 1].0)
}

/// The first "20xx 年" in a text (spaces allowed before 年).
pub fn year_in(text: &str) -> Option<u32> {
    // By bytes: ASCII digits are never part of a multi-byte character.
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let digits = &b[i..i + 4];
        let starts = i == 0 || !b[i - 1].is_ascii_digit();
        if !(starts && digits.starts_with(b"20") && digits.iter().all(u8::is_ascii_digit)) {
            return None;
        }
        let rest = text[i + 4..].trim_start();
        rest.starts_with('年')
            .then(|| text[i..i + 4].parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_in_files_are_the_data_files_without_comments() {
        let raw = [
            include_str!("../data/codes/2025-function.csv"),
            include_str!("../data/codes/2025-economic.csv"),
            include_str!("../data/codes/2026-function.csv"),
            include_str!("../data/codes/2026-economic.csv"),
            include_str!("../data/codes/renames.csv"),
        ];
        let compiled = [FILES[0].1, FILES[0].2, FILES[1].1, FILES[1].2, RENAMES];
        let keep = [
            ENTRY_COLUMNS,
            ENTRY_COLUMNS,
            ENTRY_COLUMNS,
            ENTRY_COLUMNS,
            RENAME_COLUMNS,
        ];
        for ((raw, compiled), keep) in raw.iter().zip(compiled).zip(keep) {
            let comment = |l: &str| l.trim_start().starts_with('#');
            assert!(raw.lines().any(comment) && !compiled.lines().any(comment));
            // The same lines, the same fields where kept, empty ones elsewhere.
            let kept = |f: Vec<&str>| -> Vec<String> {
                let n = f.len();
                (0..n)
                    .map(|i| {
                        if keep & (1 << i) != 0 {
                            f[i].to_string()
                        } else {
                            String::new()
                        }
                    })
                    .collect()
            };
            assert!(data_lines(raw).map(kept).eq(data_lines(compiled).map(kept)));
        }
        let raw = data_lines(include_str!("../data/codes/2026-function.csv")).count();
        assert_eq!(data_lines(FILES[1].1).count(), raw);
        assert_eq!(
            without_comments::<8>(" # a\nx,y\n\t#b\nz", !0).0,
            *b"x,y\nz\0\0\0"
        );
        assert_eq!(
            without_comments::<12>("a,b,c\n#x\nd,éé,f", 0b101).0,
            *b"a,,c\nd,,f\0\0\0"
        );
    }

    #[test]
    fn catalogues_parse() {
        let f = catalogue(Scheme::Function, 2026);
        let f25 = catalogue(Scheme::Function, 2025);
        let e25 = catalogue(Scheme::Economic, 2025);
        assert_eq!(f.get("2080109").unwrap().name, "社会保险经办机构");
        assert!(f.get("2080108").is_none());
        assert_eq!(
            f.renamed_to("210", "医疗卫生与计划生育支出"),
            Some("卫生健康支出")
        );
        assert_eq!(
            f.rename("210", "医疗卫生与计划生育支出").unwrap().since,
            2020
        );
        assert_eq!(
            f.complete_ancestor(Scheme::Function, "2080906"),
            Some("20809")
        );
        assert_eq!(f.complete_ancestor(Scheme::Function, "2080108"), None);
        assert_eq!(f.complete_ancestor(Scheme::Function, "20809"), None);
        assert!(f.renames.values().flatten().all(|r| r.since >= 2000));
        let e = catalogue(Scheme::Economic, 2026);
        assert_eq!(e.get("30217").unwrap().name, "公务接待费");
        // Every entry's parent (its prefix one level up) is in the catalogue too.
        for (cat, scheme) in [
            (f, Scheme::Function),
            (e, Scheme::Economic),
            (f25, Scheme::Function),
            (e25, Scheme::Economic),
        ] {
            for code in cat.entries.keys() {
                let lens = scheme.lengths();
                assert!(lens.contains(&code.len()), "{code}");
                let pos = lens.iter().position(|&l| l == code.len()).unwrap();
                if pos > 0 {
                    assert!(cat.get(&code[..lens[pos - 1]]).is_some(), "{code}");
                }
            }
        }
    }

    #[test]
    fn catalogue_by_year() {
        // The newest shipped year not after the budget's, else the oldest.
        for (asked, got) in [(2019, 2025), (2025, 2025), (2026, 2026), (2030, 2026)] {
            assert_eq!(catalogue(Scheme::Function, asked).year, got, "{asked}");
            assert_eq!(catalogue(Scheme::Economic, asked).year, got, "{asked}");
        }
        // Entries known only from 2026 documents are not asserted for 2025.
        assert!(catalogue(Scheme::Function, 2025).get("2080109").is_none());
        assert!(catalogue(Scheme::Function, 2026).get("2080109").is_some());
        // Two years agree on every code both list, unless renames.csv records the change.
        for scheme in [Scheme::Function, Scheme::Economic] {
            let (old, new) = (catalogue(scheme, 2025), catalogue(scheme, 2026));
            for (code, e) in &old.entries {
                let Some(n) = new.get(code) else { continue };
                let renamed = new.rename(code, &e.name).is_some_and(|r| r.since > 2025);
                assert!(same_name(&e.name, &n.name) || renamed, "{code}");
                assert!(!e.complete || n.complete, "{code}");
            }
        }
    }

    #[test]
    fn years() {
        assert_eq!(
            year_in("长春市社会保险局 2026 年项目支出绩效目标表"),
            Some(2026)
        );
        assert_eq!(year_in("2025年部门收入预算总表"), Some(2025));
        assert_eq!(year_in("第三部分 名词解释"), None);
        assert_eq!(year_in("120261年"), None);
    }
}
