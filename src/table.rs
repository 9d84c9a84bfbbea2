//! The recognized table: which of the standard tables a sheet is, its unit, its header flattened
//! into named columns, and its data lines with parsed amounts. Rules read tables only through this
//! model, never through raw sheets, so every input format and regional layout meets them the same.

use crate::amount::Amount;
use crate::layout::{ColKind, Layout};
use crate::report::Location;
use crate::sheet::Sheet;
use rust_decimal::Decimal;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    T1,
    T2,
    T3,
    T4,
    T5,
    T6,
    T7,
    T8,
    T9,
    T10,
    /// 国有资本经营预算支出表 (Shanghai-style layouts publish it as its own table).
    Gzy,
}

impl TableKind {
    pub const ALL: [TableKind; 11] = [
        TableKind::T1,
        TableKind::T2,
        TableKind::T3,
        TableKind::T4,
        TableKind::T5,
        TableKind::T6,
        TableKind::T7,
        TableKind::T8,
        TableKind::T9,
        TableKind::T10,
        TableKind::Gzy,
    ];

    pub fn id(self) -> &'static str {
        match self {
            TableKind::T1 => "T1",
            TableKind::T2 => "T2",
            TableKind::T3 => "T3",
            TableKind::T4 => "T4",
            TableKind::T5 => "T5",
            TableKind::T6 => "T6",
            TableKind::T7 => "T7",
            TableKind::T8 => "T8",
            TableKind::T9 => "T9",
            TableKind::T10 => "T10",
            TableKind::Gzy => "GZY",
        }
    }

    /// The table's standard Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            TableKind::T1 => "收支总表",
            TableKind::T2 => "收入总表",
            TableKind::T3 => "支出总表",
            TableKind::T4 => "财政拨款收支总表",
            TableKind::T5 => "一般公共预算支出表",
            TableKind::T6 => "一般公共预算基本支出表",
            TableKind::T7 => "一般公共预算“三公”经费支出表",
            TableKind::T8 => "政府性基金预算支出表",
            TableKind::T9 => "项目支出表",
            TableKind::T10 => "项目支出绩效目标表",
            TableKind::Gzy => "国有资本经营预算支出表",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Yuan,
    WanYuan,
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
        }
    }

    /// Factor that converts an amount in this unit to 万元, the unit all cross-table comparisons use.
    pub fn to_wan(self) -> Decimal {
        match self {
            Unit::Yuan => Decimal::new(1, 4),
            Unit::WanYuan => Decimal::ONE,
        }
    }
}

/// One named column of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Semantic key from the layout ("total", "cur.basic", "code", "name", …).
    pub key: &'static str,
    pub kind: ColKind,
    /// 1-based sheet column.
    pub index: u32,
    /// The flattened header path, e.g. "当年预算/基本支出/人员经费" (shared with locations).
    pub header: Arc<str>,
    /// For amount columns, the index of its amount in `Line::amounts`.
    pub amount_slot: Option<u32>,
}

/// One data row. Its texts stay in the sheet it was read from (see [`Table::cell`]) and its
/// amounts in the table (see [`Table::amount_at`]): a line is a few numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based sheet row.
    pub row: u32,
    /// The sheet it was read from: 0 = the table's own, k = `Table::parts[k - 1]`.
    pub part: u32,
    /// Position of the row in that sheet (`Sheet::row_by_position`).
    pub position: u32,
    /// Position of the line in `Table::lines`.
    pub index: u32,
    /// A 合计/总计 row (computed once when read: many rules skip or use total rows).
    pub total: bool,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub kind: TableKind,
    pub layout: &'static Layout,
    pub sheet: Arc<Sheet>,
    pub title: String,
    pub title_row: Option<u32>,
    pub unit: Option<Unit>,
    pub columns: Vec<Column>,
    pub lines: Vec<Line>,
    /// Note rows under (or in) the table: (row, text).
    pub notes: Vec<(u32, String)>,
    /// The last header row; data starts below it.
    pub header_end: u32,
    /// Continuation sheets ("…（续）") merged into this table: (index of the first line that came
    /// from the sheet, the sheet). Lines before the first part come from `sheet`.
    pub parts: Vec<(usize, Arc<Sheet>)>,
    /// Parsed amounts, line by line, one per amount column (`Column::amount_slot`): None for cells
    /// that failed to parse (those get their own finding when the table is built).
    pub amounts: Amounts,
}

/// `Option<Amount>`s in 8 bytes each (an `Option<Amount>` takes 24): a large department's tables
/// hold millions of amount cells. An amount whose digits do not fit is kept aside, whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Amounts {
    /// 0: None. Low bit set: bit 1 `blank`, bits 2–7 the value's scale, bits 8–13 `decimals`,
    /// bits 14–63 the mantissa (signed). Otherwise `(index in spilled + 1) << 1`.
    packed: Vec<u64>,
    spilled: Vec<Amount>,
}

const MANTISSA_SHIFT: u32 = 14;

impl Amounts {
    pub fn with_capacity(n: usize) -> Self {
        Amounts {
            packed: Vec::with_capacity(n),
            spilled: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    pub fn push(&mut self, amount: Option<Amount>) {
        let word = match amount {
            None => 0,
            Some(a) => match Self::pack(a) {
                Some(word) => word,
                None => {
                    self.spilled.push(a);
                    (self.spilled.len() as u64) << 1
                }
            },
        };
        self.packed.push(word);
    }

    /// The inline form, when the mantissa fits in 50 bits and scale and decimals in 6 (a
    /// negative zero keeps its sign only aside).
    fn pack(a: Amount) -> Option<u64> {
        let mantissa = i64::try_from(a.value.mantissa()).ok()?;
        let limit = 1i64 << (63 - MANTISSA_SHIFT);
        let fits = (-limit..limit).contains(&mantissa)
            && a.decimals < 64
            && !(mantissa == 0 && a.value.is_sign_negative());
        fits.then(|| {
            ((mantissa as u64) << MANTISSA_SHIFT)
                | (u64::from(a.decimals) << 8)
                | (u64::from(a.value.scale()) << 2)
                | (u64::from(a.blank) << 1)
                | 1
        })
    }

    /// The amount at `i` (None beyond the end and for cells that failed to parse).
    pub fn get(&self, i: usize) -> Option<Amount> {
        let word = *self.packed.get(i)?;
        if word & 1 == 0 {
            let k = (word >> 1).checked_sub(1)?;
            return self.spilled.get(k as usize).copied();
        }
        let mantissa = (word as i64) >> MANTISSA_SHIFT;
        Some(Amount {
            value: Decimal::from_i128_with_scale(i128::from(mantissa), ((word >> 2) & 63) as u32),
            decimals: ((word >> 8) & 63) as u32,
            blank: word & 2 != 0,
        })
    }

    /// The amount at `i` as its mantissa and scale, when kept inline (nearly all): per-row sums
    /// can then add integers. None also for cells that failed to parse.
    pub fn mantissa(&self, i: usize) -> Option<(i64, u32)> {
        let word = *self.packed.get(i)?;
        (word & 1 == 1).then_some(((word as i64) >> MANTISSA_SHIFT, ((word >> 2) & 63) as u32))
    }

    /// Append another table's amounts (a continuation page's).
    pub fn append(&mut self, other: Amounts) {
        let base = self.spilled.len() as u64;
        self.packed.extend(other.packed.into_iter().map(|w| {
            if w & 1 == 0 && w != 0 {
                w + (base << 1)
            } else {
                w
            }
        }));
        self.spilled.extend(other.spilled);
    }

    pub fn shrink_to_fit(&mut self) {
        self.packed.shrink_to_fit();
        self.spilled.shrink_to_fit();
    }
}

impl Table {
    pub fn col(&self, key: &str) -> Option<usize> {
        // Lengths first: most keys differ in length, and a string comparison was a call.
        self.columns
            .iter()
            .position(|c| c.key.len() == key.len() && c.key == key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.col(key).is_some()
    }

    pub fn file(&self) -> &str {
        &self.sheet.file
    }

    /// The amount in `key` on `line`, when the column exists and the cell parsed.
    pub fn amount(&self, line: &Line, key: &str) -> Option<Amount> {
        self.col(key).and_then(|i| self.amount_at(line, i))
    }

    /// The amount of column `i` on `line` (None for text columns and unparsed cells).
    pub fn amount_at(&self, line: &Line, i: usize) -> Option<Amount> {
        self.amounts.get(self.amount_index(line, i)?)
    }

    /// [`Amounts::mantissa`] of column `i` on `line`.
    pub fn mantissa_at(&self, line: &Line, i: usize) -> Option<(i64, u32)> {
        self.amounts.mantissa(self.amount_index(line, i)?)
    }

    fn amount_index(&self, line: &Line, i: usize) -> Option<usize> {
        let slot = self.columns.get(i)?.amount_slot? as usize;
        Some(line.index as usize * self.amount_width() + slot)
    }

    /// Every amount cell of a line, in amount-column order (None where it failed to parse).
    pub fn line_amounts(&self, line: &Line) -> impl Iterator<Item = Option<Amount>> + '_ {
        let width = self.amount_width();
        let start = line.index as usize * width;
        let end = (start + width).min(self.amounts.len());
        (start..end).map(|i| self.amounts.get(i))
    }

    /// Amounts per line (every line has one per amount column): line `l`'s amount of a column
    /// is `amounts[l.index * width + column.amount_slot]`, for loops that hoist the look-up.
    pub fn amount_width(&self) -> usize {
        self.amounts
            .len()
            .checked_div(self.lines.len())
            .unwrap_or(0)
    }

    /// The text in `key` on `line`, trimmed ("" when the column does not exist).
    pub fn text(&self, line: &Line, key: &str) -> &str {
        self.col(key)
            .map_or("", |i| crate::text::trim(self.cell(line, i)))
    }

    /// The cell text of column `i` on `line`, as given.
    pub fn cell(&self, line: &Line, i: usize) -> &str {
        let Some(column) = self.columns.get(i) else {
            return "";
        };
        self.sheet_of(line)
            .row_by_position(line.position as usize)
            .map_or("", |r| r.cell(column.index))
    }

    /// The classification code of a line, assembled from the code column or from split
    /// 类/款/项 columns; digits only.
    pub fn code(&self, line: &Line) -> Option<String> {
        self.code_in(line, self.code_columns())
    }

    /// The code column, or else the split 类/款/项 columns (those the table has).
    fn code_columns(&self) -> CodeColumns {
        match self.col("code") {
            Some(i) => CodeColumns::One(i),
            None => CodeColumns::Split(["code1", "code2", "code3"].map(|k| self.col(k))),
        }
    }

    /// [`Table::code`] with the code columns already looked up.
    fn code_in(&self, line: &Line, columns: CodeColumns) -> Option<String> {
        let split = match columns {
            CodeColumns::One(i) => return code_digits(self.cell(line, i).trim()),
            CodeColumns::Split(split) => split,
        };
        let mut code = String::new();
        for i in split.into_iter().flatten() {
            let part = self.cell(line, i).trim();
            if part.is_empty() {
                break;
            }
            code.push_str(&code_digits(part)?);
        }
        (!code.is_empty()).then_some(code)
    }

    /// Where the code of a line is shown (the last filled code column).
    pub fn code_column(&self, line: &Line) -> Option<usize> {
        match self.code_columns() {
            CodeColumns::One(i) => Some(i),
            CodeColumns::Split(split) => split
                .into_iter()
                .flatten()
                .take_while(|&i| !self.cell(line, i).trim().is_empty())
                .last(),
        }
    }

    /// The sheet a line was read from: the table's own, or a continuation sheet's.
    pub fn sheet_of(&self, line: &Line) -> &Sheet {
        match line.part.checked_sub(1) {
            Some(k) => self.parts.get(k as usize).map_or(&self.sheet, |(_, s)| s),
            None => &self.sheet,
        }
    }

    /// Location of the value in column `key` on `line`.
    pub fn loc(&self, line: &Line, key: &str) -> Location {
        match self.col(key) {
            Some(i) => self.loc_at(line, i),
            None => {
                let sheet = self.sheet_of(line);
                let mut l = Location::file(&sheet.file, sheet.sheet.as_deref());
                l.row = line.row;
                l
            }
        }
    }

    pub fn loc_at(&self, line: &Line, i: usize) -> Location {
        let c = &self.columns[i];
        let sheet = self.sheet_of(line);
        Location {
            file: sheet.file.clone(),
            sheet: sheet.sheet.clone(),
            row: line.row,
            column: c.index,
            header: Some(c.header.clone()),
            value: Some(self.cell(line, i).into()),
            role: None,
        }
    }

    pub fn row_loc(&self, row: u32) -> Location {
        let mut l = Location::file(&self.sheet.file, self.sheet.sheet.as_deref());
        l.row = row;
        l
    }

    /// A short human name for a line: its code and name, or its item label.
    pub fn describe(&self, line: &Line) -> String {
        self.describe_side(line, None)
    }

    /// Like `describe`, preferring the label of one side ("in"/"out") of a two-sided table.
    pub fn describe_side(&self, line: &Line, side: Option<&str>) -> String {
        let side_key = side.map(|s| format!("{s}.item"));
        let label = side_key
            .as_deref()
            .into_iter()
            .chain(LABEL_KEYS)
            .map(|k| self.text(line, k))
            .find(|t| !t.is_empty())
            .unwrap_or("");
        line_name(self.code(line), label, line.row)
    }

    /// Names lines as [`Table::describe_side`] does, for a rule that names many lines: natively
    /// and in the wasm speed build (`crate::FOR_SPEED`) with the label and code columns looked up
    /// once (the look-ups by key were most of the
    /// cost of naming a line); in the page's core wasm module, budgeted by the byte, a call of
    /// `describe_side` each.
    pub fn describer<'a>(&'a self, side: Option<&'a str>) -> Describer<'a> {
        #[cfg(any(not(target_arch = "wasm32"), target_feature = "simd128"))]
        {
            let mut labels = [0; LABEL_KEYS.len() + 1];
            let mut n = 0;
            let mut prefer = |key: &str| {
                if let Some(i) = self.col(key) {
                    labels[n] = i;
                    n += 1;
                }
            };
            if let Some(side) = side {
                prefer(&format!("{side}.item"));
            }
            LABEL_KEYS.into_iter().for_each(prefer);
            Describer {
                table: self,
                labels: (labels, n),
                code: self.code_columns(),
            }
        }
        #[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
        Describer { table: self, side }
    }

    /// Amount column keys of this table, in column order.
    pub fn amount_keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns
            .iter()
            .filter(|c| c.kind == ColKind::Amount)
            .map(|c| c.key)
    }

    /// Is `line` a total row (合计/总计 in its label columns)?
    pub fn is_total(&self, line: &Line) -> bool {
        line.total
    }
}

/// The columns a line's label is read from, in the order they are preferred (after a two-sided
/// table's own side, when one is asked for).
const LABEL_KEYS: [&str; 7] = [
    "name", "item", "in.item", "out.item", "name2", "name1", "type",
];

/// Where a table keeps its classification codes.
#[derive(Clone, Copy)]
enum CodeColumns {
    /// One column holds the whole code.
    One(usize),
    /// Split 类/款/项 columns, those the table has.
    Split([Option<usize>; 3]),
}

/// See [`Table::describer`].
pub struct Describer<'a> {
    table: &'a Table,
    /// The label columns, in the order they are preferred.
    #[cfg(any(not(target_arch = "wasm32"), target_feature = "simd128"))]
    labels: ([usize; LABEL_KEYS.len() + 1], usize),
    #[cfg(any(not(target_arch = "wasm32"), target_feature = "simd128"))]
    code: CodeColumns,
    #[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
    side: Option<&'a str>,
}

impl Describer<'_> {
    /// [`Table::describe_side`] of `line`, the same text.
    #[cfg(any(not(target_arch = "wasm32"), target_feature = "simd128"))]
    pub fn describe(&self, line: &Line) -> String {
        let t = self.table;
        let (labels, n) = &self.labels;
        let label = labels[..*n]
            .iter()
            .map(|&i| crate::text::trim(t.cell(line, i)))
            .find(|t| !t.is_empty())
            .unwrap_or("");
        line_name(t.code_in(line, self.code), label, line.row)
    }

    #[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
    pub fn describe(&self, line: &Line) -> String {
        self.table.describe_side(line, self.side)
    }
}

/// A line's name from its code and label: both when it has both, else what it has, else its row.
fn line_name(code: Option<String>, label: &str, row: u32) -> String {
    match code {
        Some(code) if !label.is_empty() => format!("{code} {label}"),
        Some(code) => code,
        None if !label.is_empty() => label.to_string(),
        None => format!("第{row}行"),
    }
}

/// `s` half-width when that is nothing but ASCII digits, else None. Most codes are ASCII digits
/// already: those are copied without a pass through `halfwidth`.
fn code_digits(s: &str) -> Option<String> {
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.to_owned());
    }
    s.chars()
        .map(|c| Some(crate::text::halfwidth_char(c)).filter(char::is_ascii_digit))
        .collect()
}

/// Is a row with these label-column texts a total row (合计/总计 in one of them)?
pub fn is_total_row<'a>(mut labels: impl Iterator<Item = &'a str>) -> bool {
    labels.any(|text| {
        // Most labels end in an ideograph or an ASCII letter or digit, which nothing trims: then
        // only an ending 计 can make a total.
        match text.as_bytes() {
            [] => return false,
            [.., last] if last.is_ascii_alphanumeric() => return false,
            [.., 0xE4..=0xE9, _, _] if !text.ends_with('计') => return false,
            _ => {}
        }
        // Both words end in 计, and normalizing only drops spaces and quotes: skip it (an
        // allocation per cell) unless the cell ends so.
        let end = text.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '＂' | '＇')
        });
        end.ends_with('计') && {
            let k = crate::text::key(text);
            k == "合计" || k == "总计"
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::amount::parse_amount;
    use std::str::FromStr;

    #[test]
    fn code_digits_is_halfwidth_digits() {
        for s in [
            "208",
            "２０８",
            "2０8",
            "20 8",
            "208a",
            "合计",
            "\u{3000}",
            "-1",
            "二〇",
        ] {
            let h = crate::text::halfwidth(s);
            let want = (!h.is_empty() && h.chars().all(|c| c.is_ascii_digit())).then_some(h);
            assert_eq!(code_digits(s), want, "{s}");
        }
    }

    #[test]
    fn total_rows() {
        let total = |t: &str| is_total_row([t].into_iter());
        for t in [
            "合计",
            " 合 计 ",
            "“合计”",
            "总计\u{3000}",
            "合计'",
            "总 计\n",
        ] {
            assert!(total(t), "{t:?}");
        }
        for t in [
            "",
            "小计",
            "合计数",
            "项目",
            "合计1",
            "abc",
            "计",
            " ",
            "“”",
        ] {
            assert!(!total(t), "{t:?}");
        }
    }

    #[test]
    fn amounts_read_back_exactly_inline_and_aside() {
        let huge = Amount {
            value: Decimal::from_str("79228162514264337593543950335").unwrap(),
            decimals: 0,
            blank: false,
        };
        let negative_zero = Amount {
            value: -Decimal::from_str("0.00").unwrap(),
            decimals: 2,
            blank: false,
        };
        let given: Vec<Option<Amount>> = ["12,345.67", "-0.5", "", "-", "0.000", "1e3"]
            .iter()
            .map(|t| parse_amount(t).ok())
            .chain([Some(huge), Some(negative_zero), None])
            .collect();
        let mut amounts = Amounts::default();
        given.iter().for_each(|&a| amounts.push(a));
        let mut both = amounts.clone();
        both.append(amounts.clone());
        let back: Vec<Option<Amount>> = (0..both.len()).map(|i| both.get(i)).collect();
        let twice: Vec<Option<Amount>> = given.iter().chain(&given).copied().collect();
        assert_eq!(back, twice);
        // Same digits, scale and sign, not only an equal value.
        let shown =
            |a: &Option<Amount>| a.map(|a| (a.value.to_string(), a.value.is_sign_negative()));
        assert_eq!(
            back.iter().map(shown).collect::<Vec<_>>(),
            twice.iter().map(shown).collect::<Vec<_>>()
        );
        assert_eq!(both.get(both.len()), None);
        // The mantissa and scale of what is inline, nothing for what is aside or unparsed.
        let mantissas: Vec<_> = (0..amounts.len()).map(|i| amounts.mantissa(i)).collect();
        let inline = |m: i64, s: u32| Some((m, s));
        let expected = [
            inline(1234567, 2),
            inline(-5, 1),
            inline(0, 0),
            inline(0, 0),
        ];
        assert_eq!(mantissas[..4], expected);
        assert_eq!(mantissas[6..], [None, None, None]);
    }
}
