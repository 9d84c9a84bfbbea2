//! Synthetic, consistent department disclosures in the Changchun layout (all ten tables as CSV,
//! plus an optional short narrative), of any size, from a seed. Used to prove that the rules
//! raise no error on consistent sets, as the base of the mutation harness (`tests/mutation.rs`)
//! and for benchmarks (`gouji synth`).
//!
//! Money is generated exactly, in fen (i64), every total is computed exactly, and only then is
//! each figure printed rounded half-up to 0.01 万元, as budget systems do: a printed total may
//! differ from the sum of its printed parts by rounding, never by more.

use crate::Input;
use crate::table::TableKind;
use std::collections::{HashMap, HashSet};

/// Size and shape of a generated department.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Budget units under the department (T2 unit rows), at least 1.
    pub units: usize,
    /// Function-classification 项 codes (leaf rows of T3), capped at the built-in catalogue.
    pub codes: usize,
    /// Second-level projects in T9 (and T10). 0 means a department with basic spending only.
    pub projects: usize,
    /// Performance indicators per project in T10, at least 1.
    pub indicators: usize,
    /// Write the narrative (情况说明.txt) too.
    pub narrative: bool,
    /// Print every table the same plain way. When false, each seed also draws how the export
    /// looks, as real ones vary: thousands separators, how zero is written, title wording, an
    /// 编制单位 line.
    pub plain: bool,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            units: 3,
            codes: 12,
            projects: 8,
            indicators: 5,
            narrative: true,
            plain: false,
        }
    }
}

/// How zero amounts are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Zero {
    #[default]
    Decimal,
    Bare,
    Dash,
    Blank,
}

/// How a set of tables is printed (the figures stay the same).
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// "22,263.09" for amounts of 1000 and more.
    pub thousands: bool,
    pub zero: Zero,
    /// "2026年部门收支总表" instead of "收支总表".
    pub year_title: bool,
    /// A "编制单位：…" line under the title.
    pub compiler_line: bool,
}

impl Style {
    fn draw(seed: u64) -> Style {
        let mut rng = Rng::new(seed ^ 0x5717_1e00);
        Style {
            thousands: rng.chance(40),
            zero: *rng.pick(&[
                Zero::Decimal,
                Zero::Decimal,
                Zero::Bare,
                Zero::Dash,
                Zero::Blank,
            ]),
            year_title: rng.chance(30),
            compiler_line: rng.chance(30),
        }
    }

    /// An amount cell as this style prints it.
    fn amount(&self, cell: &str) -> String {
        let Some((int, frac)) = cell.split_once('.') else {
            return cell.to_string();
        };
        let digits = int.trim_start_matches('-');
        let numeric = frac.len() == 2
            && !digits.is_empty()
            && digits
                .chars()
                .chain(frac.chars())
                .all(|c| c.is_ascii_digit());
        if !numeric {
            return cell.to_string();
        }
        if digits.trim_start_matches('0').is_empty() && frac == "00" {
            return match self.zero {
                Zero::Decimal => cell.to_string(),
                Zero::Bare => "0".into(),
                Zero::Dash => "-".into(),
                Zero::Blank => String::new(),
            };
        }
        if !self.thousands || digits.len() <= 3 {
            return cell.to_string();
        }
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if int.starts_with('-') { "-" } else { "" };
        format!("{sign}{grouped}.{frac}")
    }
}

/// What a data row of a generated table is, so a mutation harness can pick cells by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    /// A grand total or 合计 row.
    Total,
    /// A row that sums the rows under it (类, 款, 一级项目, 类型, department row).
    Parent,
    /// A row whose figures are not sums of other rows.
    Leaf,
}

/// One generated table: its cells, and which of them are derived.
#[derive(Debug, Clone)]
pub struct SynthTable {
    pub kind: TableKind,
    pub file: String,
    /// Every row, titles and headers included, as printed.
    pub rows: Vec<Vec<String>>,
    /// 0-based index of the first data row in `rows`.
    pub data_start: usize,
    /// Role of each data row (aligned with `rows[data_start..]`; notes after the data are Leaf).
    pub roles: Vec<RowRole>,
    /// Amount columns that are sums of other columns of the same row (合计, 小计 …).
    pub total_cols: Vec<usize>,
    /// Columns holding names that some relation ties to other cells (catalogue names, project
    /// names shared by T9 and T10, the 类 lines of T1/T4). Free text is not listed.
    pub name_cols: Vec<usize>,
    /// How amounts are printed in `csv()`.
    pub style: Style,
}

impl SynthTable {
    /// The table as a spreadsheet program saves "CSV UTF-8": BOM, CRLF, quoted when needed.
    pub fn csv(&self) -> Vec<u8> {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut out = String::from("\u{feff}");
        for (r, row) in self.rows.iter().enumerate() {
            for i in 0..width {
                if i > 0 {
                    out.push(',');
                }
                let raw = row.get(i).map_or("", String::as_str);
                let styled;
                let cell = if r >= self.data_start && self.is_amount_col(i) {
                    styled = self.style.amount(raw);
                    styled.as_str()
                } else {
                    raw
                };
                if cell.contains([',', '"', '\n', '\r']) {
                    out.push('"');
                    out.push_str(&cell.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(cell);
                }
            }
            out.push_str("\r\n");
        }
        out.into_bytes()
    }

    /// Columns whose data cells are amounts (T10: only 年度资金总额; T9 prints zeros blank).
    fn is_amount_col(&self, c: usize) -> bool {
        match self.kind {
            TableKind::T10 => c == 2,
            TableKind::T9 => c >= 4,
            TableKind::T1 | TableKind::T4 => !c.is_multiple_of(4),
            TableKind::T7 => true,
            _ => c >= 2,
        }
    }
}

/// A generated department: its ten tables and, optionally, its narrative.
#[derive(Debug, Clone)]
pub struct Synth {
    pub tables: Vec<SynthTable>,
    pub narrative: Option<String>,
}

impl Synth {
    pub fn inputs(&self) -> Vec<Input> {
        let mut inputs: Vec<Input> = self
            .tables
            .iter()
            .map(|t| Input::new(t.file.clone(), t.csv()))
            .collect();
        if let Some(n) = &self.narrative {
            inputs.push(Input::new(NARRATIVE_FILE, n.as_bytes()));
        }
        inputs
    }
}

pub const NARRATIVE_FILE: &str = "情况说明.txt";

/// Generate a consistent department from `spec`, deterministically from `seed`.
pub fn generate(spec: &Spec, seed: u64) -> Vec<Input> {
    build(spec, seed).inputs()
}

/// Like [`generate`], keeping the tables' cells and row roles (for mutation testing).
pub fn build(spec: &Spec, seed: u64) -> Synth {
    let model = Model::new(spec, seed);
    let tables = vec![
        model.t1(),
        model.t2(),
        model.t3(),
        model.t4(),
        model.t5(),
        model.t6(),
        model.t7(),
        model.t8(),
        model.t9(),
        model.t10(),
    ];
    let narrative = spec.narrative.then(|| model.narrative());
    let mut synth = Synth { tables, narrative };
    for t in &mut synth.tables {
        restyle(t, spec, seed, &model.dept_name);
    }
    synth
}

fn restyle(t: &mut SynthTable, spec: &Spec, seed: u64, dept: &str) {
    if spec.plain {
        return;
    }
    let style = Style::draw(seed);
    t.style = style;
    if t.kind == TableKind::T10 {
        return;
    }
    if style.year_title {
        let title = &mut t.rows[0][0];
        *title = format!("2026年部门{title}");
    }
    if style.compiler_line {
        t.rows.insert(1, vec![format!("编制单位：{dept}")]);
        t.data_start += 1;
    }
}

/// A department that is consistent except for one table, printed from figures where one amount
/// is `delta` fen larger (`kind` T7: one 三公 item `delta` below its basic-spending part in T6) with
/// that table's own totals following — as when one table was exported from a stale version of
/// the budget. Every relation within each table still holds; only relations across tables can
/// see it. `pick` chooses the amount; None when the table has no amount to change.
pub fn build_stale(
    spec: &Spec,
    seed: u64,
    kind: TableKind,
    pick: u64,
    delta: i64,
) -> Option<Synth> {
    let mut synth = build(spec, seed);
    let mut b = Model::new(spec, seed);
    let choose = |n: usize| (pick % n.max(1) as u64) as usize;
    match kind {
        TableKind::T1 | TableKind::T3 | TableKind::T4 | TableKind::T5 | TableKind::T8 => {
            let ok = |l: &Leaf| match kind {
                TableKind::T5 => l.is_gpb(),
                TableKind::T8 => l.use_ == Fund,
                _ => true,
            };
            let idx = b.indices(|l| ok(l) && l.cur() > 0);
            let l = &mut b.leaves[*idx.get(choose(idx.len()))?];
            match l.use_ {
                Admin if l.public > 0 => l.public += delta,
                Admin | Staff(_) => l.staff += delta,
                _ => l.project += delta,
            }
        }
        TableKind::T2 => {
            let u = choose(b.unit_income.len());
            let s = (0..6).find(|&s| b.unit_income[u][s] > 0).unwrap_or(0);
            b.unit_income[u][s] += delta;
        }
        TableKind::T6 => {
            let i = choose(b.econ.len());
            let e = b.econ.get_mut(i)?;
            if e.1 > 0 { e.1 += delta } else { e.2 += delta }
        }
        TableKind::T7 => {
            // Below the basic-spending part in T6, the only bound a consistent T7 obeys.
            let parts = ["30212", "31013", "30231", "30217"].map(|c| b.econ_amount(c));
            let with_part: Vec<usize> = (0..4).filter(|&i| parts[i] > 0).collect();
            let i = *with_part.get(choose(with_part.len()))?;
            let g = &mut b.sangong;
            let item = match i {
                0 => &mut g.abroad,
                1 => &mut g.buy,
                2 => &mut g.run,
                _ => &mut g.reception,
            };
            *item = ((parts[i] - delta).max(0), 0);
        }
        TableKind::T9 | TableKind::T10 => {
            let i = choose(b.projects.len());
            let p = b.projects.get_mut(i)?;
            let c = (0..5).find(|&c| p.amounts[c] > 0).unwrap_or(0);
            p.amounts[c] += delta;
        }
        TableKind::Gzy => return None,
    }
    let stale = match kind {
        TableKind::T1 => b.t1(),
        TableKind::T2 => b.t2(),
        TableKind::T3 => b.t3(),
        TableKind::T4 => b.t4(),
        TableKind::T5 => b.t5(),
        TableKind::T6 => b.t6(),
        TableKind::T7 => b.t7(),
        TableKind::T8 => b.t8(),
        TableKind::T9 => b.t9(),
        _ => b.t10(),
    };
    let mut stale = stale;
    restyle(&mut stale, spec, seed, &b.dept_name);
    let slot = synth.tables.iter_mut().find(|t| t.kind == kind)?;
    *slot = stale;
    Some(synth)
}

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64, enough for reproducible test data.

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x6a09_e667_f3bc_c909)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An amount in fen spread over several orders of magnitude between lo and hi (万元).
    pub fn money(&mut self, lo_wan: i64, hi_wan: i64) -> i64 {
        let (lo, hi) = (lo_wan * FEN_PER_WAN, hi_wan * FEN_PER_WAN);
        let lo_digits = digits(lo.max(1));
        let hi_digits = digits(hi.max(1));
        let d = self.range(lo_digits, hi_digits) as u32;
        let a = 10i64.pow(d - 1).max(lo);
        let b = (10i64.pow(d) - 1).min(hi).max(a);
        // Budgets are often whole 百元 or 元; keep some fen noise so rounding is exercised.
        let v = self.range(a, b);
        match self.below(4) {
            0 => v / 10_000 * 10_000,
            1 => v / 100 * 100,
            _ => v,
        }
    }

    /// Split `total` (≥ 0) into `n` non-negative parts that add up exactly; parts are positive
    /// whenever `total ≥ n`.
    pub fn split(&mut self, total: i64, n: usize) -> Vec<i64> {
        if n == 0 {
            return Vec::new();
        }
        let weights: Vec<i64> = (0..n).map(|_| self.range(1, 1000)).collect();
        let wsum: i64 = weights.iter().sum();
        let base = if total >= n as i64 { 1 } else { 0 };
        let rest = total - base * n as i64;
        let mut parts: Vec<i64> = weights
            .iter()
            .map(|w| base + (rest as i128 * *w as i128 / wsum as i128) as i64)
            .collect();
        let given: i64 = parts.iter().sum();
        let k = self.below(n as u64) as usize;
        parts[k] += total - given;
        parts
    }
}

fn digits(v: i64) -> i64 {
    v.to_string().len() as i64
}

pub const FEN_PER_WAN: i64 = 1_000_000;

/// Print fen as 万元 rounded half-up to 0.01 ("1234.56", "-0.50").
pub fn wan(fen: i64) -> String {
    let cents = (fen.abs() + 5_000) / 10_000;
    let sign = if fen < 0 && cents > 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// Like `wan`, but zero prints as an empty cell (the project table's style).
fn wan_or_blank(fen: i64) -> String {
    if fen == 0 { String::new() } else { wan(fen) }
}

/// The printed value in cents of 万元 (what a reader computes with).
fn cents(fen: i64) -> i64 {
    (fen.abs() + 5_000) / 10_000 * fen.signum()
}

// ---------------------------------------------------------------------------------------------
// Catalogues (2026 government revenue and expenditure classification, a small real subset).

/// How a 项 is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Running costs: staff and public (basic spending).
    Admin,
    /// Project spending (general public budget).
    Project,
    /// Staff costs paid in full to one economic code.
    Staff(&'static str),
    /// Government fund (政府性基金) project spending.
    Fund,
    /// State capital (国有资本经营) project spending.
    Soe,
}

use Use::*;

const LEI: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("205", "教育支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("210", "卫生健康支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("221", "住房保障支出"),
    ("223", "国有资本经营预算支出"),
    ("229", "其他支出"),
];

const KUAN: &[(&str, &str)] = &[
    ("20101", "人大事务"),
    ("20103", "政府办公厅（室）及相关机构事务"),
    ("20105", "统计信息事务"),
    ("20106", "财政事务"),
    ("20108", "审计事务"),
    ("20126", "档案事务"),
    ("20129", "群众团体事务"),
    ("20138", "市场监督管理事务"),
    ("20501", "教育管理事务"),
    ("20502", "普通教育"),
    ("20508", "进修及培训"),
    ("20701", "文化和旅游"),
    ("20801", "人力资源和社会保障管理事务"),
    ("20802", "民政管理事务"),
    ("20805", "行政事业单位养老支出"),
    ("20806", "企业改革补助"),
    ("20807", "就业补助"),
    ("20808", "抚恤"),
    ("20899", "其他社会保障和就业支出"),
    ("21001", "卫生健康管理事务"),
    ("21004", "公共卫生"),
    ("21011", "行政事业单位医疗"),
    ("21201", "城乡社区管理事务"),
    ("21205", "城乡社区环境卫生"),
    ("21208", "国有土地使用权出让收入安排的支出"),
    ("21301", "农业农村"),
    ("22102", "住房改革支出"),
    ("22301", "解决历史遗留问题及改革成本支出"),
    ("22960", "彩票公益金安排的支出"),
];

const XIANG: &[(&str, &str, Use)] = &[
    ("2010101", "行政运行", Admin),
    ("2010102", "一般行政管理事务", Project),
    ("2010103", "机关服务", Admin),
    ("2010104", "人大会议", Project),
    ("2010150", "事业运行", Admin),
    ("2010301", "行政运行", Admin),
    ("2010302", "一般行政管理事务", Project),
    ("2010303", "机关服务", Admin),
    ("2010350", "事业运行", Admin),
    ("2010501", "行政运行", Admin),
    ("2010502", "一般行政管理事务", Project),
    ("2010505", "专项统计业务", Project),
    ("2010507", "专项普查活动", Project),
    ("2010550", "事业运行", Admin),
    ("2010601", "行政运行", Admin),
    ("2010602", "一般行政管理事务", Project),
    ("2010650", "事业运行", Admin),
    ("2010801", "行政运行", Admin),
    ("2010802", "一般行政管理事务", Project),
    ("2010804", "审计业务", Project),
    ("2010850", "事业运行", Admin),
    ("2012601", "行政运行", Admin),
    ("2012602", "一般行政管理事务", Project),
    ("2012604", "档案馆", Admin),
    ("2012901", "行政运行", Admin),
    ("2012902", "一般行政管理事务", Project),
    ("2012950", "事业运行", Admin),
    ("2013801", "行政运行", Admin),
    ("2013802", "一般行政管理事务", Project),
    ("2013804", "市场主体管理", Project),
    ("2013850", "事业运行", Admin),
    ("2050101", "行政运行", Admin),
    ("2050102", "一般行政管理事务", Project),
    ("2050201", "学前教育", Project),
    ("2050202", "小学教育", Admin),
    ("2050203", "初中教育", Admin),
    ("2050204", "高中教育", Admin),
    ("2050803", "培训支出", Project),
    ("2070101", "行政运行", Admin),
    ("2070102", "一般行政管理事务", Project),
    ("2070104", "图书馆", Admin),
    ("2070109", "群众文化", Project),
    ("2080101", "行政运行", Admin),
    ("2080102", "一般行政管理事务", Project),
    ("2080109", "社会保险经办机构", Admin),
    ("2080150", "事业运行", Admin),
    ("2080201", "行政运行", Admin),
    ("2080202", "一般行政管理事务", Project),
    ("2080501", "行政单位离退休", Staff("30302")),
    ("2080502", "事业单位离退休", Staff("30302")),
    (
        "2080505",
        "机关事业单位基本养老保险缴费支出",
        Staff("30108"),
    ),
    ("2080506", "机关事业单位职业年金缴费支出", Staff("30109")),
    ("2080601", "企业关闭破产补助", Project),
    ("2080699", "其他企业改革发展补助", Project),
    ("2080701", "就业创业服务补贴", Project),
    ("2080799", "其他就业补助支出", Project),
    ("2080801", "死亡抚恤", Staff("30304")),
    ("2089999", "其他社会保障和就业支出", Project),
    ("2100101", "行政运行", Admin),
    ("2100102", "一般行政管理事务", Project),
    ("2100401", "疾病预防控制机构", Admin),
    ("2100409", "重大公共卫生服务", Project),
    ("2101101", "行政单位医疗", Staff("30110")),
    ("2101102", "事业单位医疗", Staff("30110")),
    ("2120101", "行政运行", Admin),
    ("2120102", "一般行政管理事务", Project),
    ("2120104", "城管执法", Project),
    ("2120501", "城乡社区环境卫生", Project),
    ("2120801", "征地和拆迁补偿支出", Fund),
    ("2120802", "土地开发支出", Fund),
    ("2120803", "城市建设支出", Fund),
    ("2130101", "行政运行", Admin),
    ("2130102", "一般行政管理事务", Project),
    ("2130104", "事业运行", Admin),
    ("2130108", "病虫害控制", Project),
    ("2210201", "住房公积金", Staff("30113")),
    ("2230105", "国有企业退休人员社会化管理补助支出", Soe),
    ("2230107", "国有企业改革成本支出", Soe),
    ("2296002", "用于社会福利的彩票公益金支出", Fund),
    ("2296003", "用于体育事业的彩票公益金支出", Fund),
];

/// Economic classification (部门预算支出经济分类) used by T6.
const ECON_LEI: &[(&str, &str)] = &[
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("310", "资本性支出"),
];

const ECON: &[(&str, &str)] = &[
    ("30101", "基本工资"),
    ("30102", "津贴补贴"),
    ("30103", "奖金"),
    ("30107", "绩效工资"),
    ("30108", "机关事业单位基本养老保险缴费"),
    ("30109", "职业年金缴费"),
    ("30110", "职工基本医疗保险缴费"),
    ("30112", "其他社会保障缴费"),
    ("30113", "住房公积金"),
    ("30199", "其他工资福利支出"),
    ("30201", "办公费"),
    ("30202", "印刷费"),
    ("30205", "水费"),
    ("30206", "电费"),
    ("30207", "邮电费"),
    ("30208", "取暖费"),
    ("30209", "物业管理费"),
    ("30211", "差旅费"),
    ("30212", "因公出国（境）费用"),
    ("30213", "维修（护）费"),
    ("30214", "租赁费"),
    ("30215", "会议费"),
    ("30216", "培训费"),
    ("30217", "公务接待费"),
    ("30226", "劳务费"),
    ("30227", "委托业务费"),
    ("30228", "工会经费"),
    ("30229", "福利费"),
    ("30231", "公务用车运行维护费"),
    ("30239", "其他交通费用"),
    ("30299", "其他商品和服务支出"),
    ("30302", "退休费"),
    ("30304", "抚恤金"),
    ("30305", "生活补助"),
    ("30399", "其他对个人和家庭的补助"),
    ("31002", "办公设备购置"),
    ("31013", "公务用车购置"),
];

/// Where the staff of running-cost codes goes (the free part of 人员经费).
const FREE_STAFF: &[&str] = &[
    "30101", "30102", "30103", "30107", "30112", "30199", "30305", "30399",
];

/// Where 公用经费 goes; the 三公 codes are drawn separately.
const FREE_PUBLIC: &[&str] = &[
    "30201", "30202", "30205", "30206", "30207", "30208", "30209", "30211", "30213", "30214",
    "30215", "30216", "30226", "30227", "30228", "30229", "30239", "30299", "31002",
];

struct Theme {
    dept: &'static str,
    kuan: &'static [&'static str],
    topics: &'static [&'static str],
}

const THEMES: &[Theme] = &[
    Theme {
        dept: "社会保险局",
        kuan: &["20801", "20806", "20807", "20899", "20802"],
        topics: &[
            "社会保险业务经办管理",
            "社会保险基金补助",
            "就业补助资金",
            "档案管理运行",
        ],
    },
    Theme {
        dept: "卫生健康委员会",
        kuan: &["21001", "21004"],
        topics: &["公共卫生服务", "疾病预防控制", "卫生监督执法", "健康教育"],
    },
    Theme {
        dept: "教育局",
        kuan: &["20501", "20502", "20508"],
        topics: &["学前教育发展", "教师培训", "校舍维修改造", "学生资助"],
    },
    Theme {
        dept: "统计局",
        kuan: &["20105"],
        topics: &["专项统计调查", "经济普查", "统计信息化建设", "统计执法检查"],
    },
    Theme {
        dept: "审计局",
        kuan: &["20108"],
        topics: &["审计业务", "审计信息化建设", "聘请中介机构审计"],
    },
    Theme {
        dept: "城市管理局",
        kuan: &["21201", "21205"],
        topics: &[
            "城市环境卫生",
            "城管执法保障",
            "市政设施维护",
            "垃圾分类处理",
        ],
    },
    Theme {
        dept: "农业农村局",
        kuan: &["21301"],
        topics: &["病虫害防治", "农业技术推广", "高标准农田建设", "动物防疫"],
    },
    Theme {
        dept: "文化广电和旅游局",
        kuan: &["20701"],
        topics: &["群众文化活动", "图书馆运行", "文物保护", "旅游宣传推介"],
    },
    Theme {
        dept: "市场监督管理局",
        kuan: &["20138"],
        topics: &["市场主体登记", "食品安全抽检", "特种设备检验", "质量监督"],
    },
];

const COMMON_TOPICS: &[&str] = &[
    "信息系统运行与维护",
    "机关运行保障",
    "宣传与培训",
    "设备购置与维修",
    "绩效评价与审计",
];

const PROJECT_ITEMS: &[&str] = &[
    "专项经费",
    "运行费",
    "设备维护经费",
    "聘用人员经费",
    "培训费",
    "宣传费",
    "购置经费",
    "补助资金",
    "业务经费",
    "服务采购",
];

const PROJECT_TYPES: &[&str] = &[
    "部门特定目标类项目",
    "专项资金(清单)",
    "专项转移支付",
    "其他运转类项目",
    "其他支出",
];

const UNIT_SUFFIXES: &[&str] = &[
    "信息中心",
    "服务中心",
    "档案管理中心",
    "综合执法大队",
    "事务中心",
    "培训中心",
    "监测站",
    "技术服务中心",
];

// ---------------------------------------------------------------------------------------------
// The exact model.

/// The funding columns of a project (T9 order), which are also the income sources they come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    CurGpb,
    CurFund,
    CurSoe,
    CarryGpb,
    CarrySoe,
}

const COLS: [Col; 5] = [
    Col::CurGpb,
    Col::CurFund,
    Col::CurSoe,
    Col::CarryGpb,
    Col::CarrySoe,
];

#[derive(Debug, Clone)]
struct Leaf {
    code: &'static str,
    name: &'static str,
    use_: Use,
    staff: i64,
    public: i64,
    /// Current-year project spending.
    project: i64,
    /// Carried-over project spending.
    carry: i64,
    /// Spending of the units' own money (单位资金: 事业收入), outside every fiscal table.
    unitfund: i64,
}

impl Leaf {
    fn is_gpb(&self) -> bool {
        !matches!(self.use_, Fund | Soe)
    }
    fn basic(&self) -> i64 {
        self.staff + self.public
    }
    fn cur(&self) -> i64 {
        self.basic() + self.project
    }
}

/// Sums of leaves, the figures of a 合计/类/款 row.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    staff: i64,
    public: i64,
    project: i64,
    carry: i64,
    unitfund: i64,
}

impl Sums {
    fn add(&mut self, l: &Leaf) {
        self.staff += l.staff;
        self.public += l.public;
        self.project += l.project;
        self.carry += l.carry;
        self.unitfund += l.unitfund;
    }
    fn basic(&self) -> i64 {
        self.staff + self.public
    }
    fn cur(&self) -> i64 {
        self.basic() + self.project
    }
    fn total(&self) -> i64 {
        self.cur() + self.carry
    }
    /// Current year including the units' own money (cur() is fiscal money only).
    fn all_cur(&self) -> i64 {
        self.cur() + self.unitfund
    }
    fn all_total(&self) -> i64 {
        self.total() + self.unitfund
    }
}

#[derive(Debug, Clone)]
struct Project {
    name: String,
    unit: usize,
    amounts: [i64; 5],
}

impl Project {
    fn total(&self) -> i64 {
        self.amounts.iter().sum()
    }
}

struct Group {
    name: String,
    /// Second-level projects (indices into Model::projects).
    projects: Vec<usize>,
}

struct Type {
    name: &'static str,
    groups: Vec<Group>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Sangong {
    abroad: (i64, i64),
    buy: (i64, i64),
    run: (i64, i64),
    reception: (i64, i64),
}

struct Model {
    rng: Rng,
    dept_name: String,
    dept_code: String,
    units: Vec<(String, String)>,
    /// Leaves sorted by code.
    leaves: Vec<Leaf>,
    /// T6 figures per economic code (code, staff, public), sorted.
    econ: Vec<(&'static str, i64, i64)>,
    projects: Vec<Project>,
    types: Vec<Type>,
    sangong: Sangong,
    /// Per unit, the income by source: cur gpb, fund, soe; carry gpb, soe; cur 事业收入.
    unit_income: Vec<[i64; 6]>,
    indicators: usize,
    weight_total: u32,
}

fn name_of(table: &[(&'static str, &'static str)], code: &str) -> &'static str {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, n)| n)
}

impl Model {
    fn new(spec: &Spec, seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let theme = rng.pick(THEMES);
        let city = *rng.pick(&["长春市", "吉林市", "四平市", "通化市", "白山市"]);
        let dept_name = format!("{city}{}", theme.dept);
        let dept_code = format!("{}", rng.range(101, 699));
        let n_units = spec.units.max(1);
        let mut units = Vec::with_capacity(n_units);
        for i in 0..n_units {
            let name = if i == 0 {
                format!("{dept_name}机关")
            } else {
                let s = UNIT_SUFFIXES[(i - 1) % UNIT_SUFFIXES.len()];
                let round = (i - 1) / UNIT_SUFFIXES.len();
                if round == 0 {
                    format!("{dept_name}{s}")
                } else {
                    format!("{dept_name}第{}{s}", round + 1)
                }
            };
            units.push((format!("{dept_code}{:03}", i + 1), name));
        }

        let has_projects = spec.projects > 0;
        let leaves = choose_leaves(&mut rng, theme, spec.codes.max(1), has_projects);
        let mut model = Model {
            rng,
            dept_name,
            dept_code,
            units,
            leaves,
            econ: Vec::new(),
            projects: Vec::new(),
            types: Vec::new(),
            sangong: Sangong::default(),
            unit_income: Vec::new(),
            indicators: spec.indicators.max(1),
            weight_total: 100,
        };
        model.weight_total = if model.rng.chance(50) { 90 } else { 100 };
        model.basic_amounts();
        model.project_amounts(theme, spec.projects);
        model.economic();
        model.sangong();
        model.income();
        model
    }

    fn basic_amounts(&mut self) {
        let scale = self.units.len() as i64;
        // Some departments have institutions that spend their own income (事业收入) too.
        let own_income = self.rng.chance(35);
        for l in &mut self.leaves {
            match l.use_ {
                Admin => {
                    l.staff = self.rng.money(20, 1500 * scale);
                    l.public = self.rng.money(2, 200 * scale);
                    if own_income && self.rng.chance(60) {
                        l.unitfund = self.rng.money(1, 300 * scale);
                    }
                }
                Staff(_) => l.staff = self.rng.money(1, 300 * scale),
                _ => {}
            }
        }
    }

    /// Draw the projects, then spread each funding column's total over the codes of its source.
    fn project_amounts(&mut self, theme: &Theme, n: usize) {
        if n == 0 {
            return;
        }
        let has = |u: Use, leaves: &[Leaf]| leaves.iter().any(|l| l.use_ == u);
        let fund = has(Fund, &self.leaves);
        let soe = has(Soe, &self.leaves);
        // Columns that must receive money because codes of their source exist.
        let mut required = vec![Col::CurGpb];
        if fund {
            required.push(Col::CurFund);
        }
        if soe {
            required.push(Col::CurSoe);
        }
        let mut names = Names::default();
        let topics: Vec<&str> = theme.topics.iter().chain(COMMON_TOPICS).copied().collect();
        let n_types = (2 + self.rng.below(3) as usize).min(n);
        let mut types: Vec<Type> = PROJECT_TYPES[..n_types]
            .iter()
            .map(|t| Type {
                name: t,
                groups: Vec::new(),
            })
            .collect();
        let mut i = 0;
        while i < n {
            let size = (1 + self.rng.below(5) as usize).min(n - i);
            let topic = topics[self.rng.below(topics.len() as u64) as usize];
            let group_name = unique(&mut names, topic.to_string());
            let mut group = Group {
                name: group_name,
                projects: Vec::new(),
            };
            for _ in 0..size {
                let mut amounts = [0i64; 5];
                let col = if i < required.len() {
                    required[i]
                } else {
                    match self.rng.below(20) {
                        0 if fund => Col::CurFund,
                        1 if soe => Col::CurSoe,
                        2 if soe => Col::CarrySoe,
                        3 | 4 => Col::CarryGpb,
                        _ => Col::CurGpb,
                    }
                };
                let big = self.rng.chance(5);
                amounts[col as usize] = self.rng.money(1, if big { 20000 } else { 800 });
                if col == Col::CurGpb && self.rng.chance(10) {
                    amounts[Col::CarryGpb as usize] = self.rng.money(1, 100);
                }
                let item = self.rng.pick(PROJECT_ITEMS);
                let short = topic.chars().take(4).collect::<String>();
                let name = unique(&mut names, format!("{short}{item}"));
                let unit = self.rng.below(self.units.len() as u64) as usize;
                group.projects.push(self.projects.len());
                self.projects.push(Project {
                    name,
                    unit,
                    amounts,
                });
                i += 1;
            }
            let t = self.rng.below(types.len() as u64) as usize;
            types[t].groups.push(group);
        }
        types.retain(|t| !t.groups.is_empty());
        self.types = types;

        let column_total =
            |c: Col, ps: &[Project]| -> i64 { ps.iter().map(|p| p.amounts[c as usize]).sum() };
        let gpb: Vec<usize> = self.indices(|l| l.use_ == Project);
        let funds: Vec<usize> = self.indices(|l| l.use_ == Fund);
        let soes: Vec<usize> = self.indices(|l| l.use_ == Soe);
        let cur_gpb = column_total(Col::CurGpb, &self.projects);
        self.spread(&gpb, cur_gpb, false);
        let carry_gpb = column_total(Col::CarryGpb, &self.projects);
        self.spread_some(&gpb, carry_gpb);
        let cur_fund = column_total(Col::CurFund, &self.projects);
        self.spread(&funds, cur_fund, false);
        let cur_soe = column_total(Col::CurSoe, &self.projects);
        self.spread(&soes, cur_soe, false);
        let carry_soe = column_total(Col::CarrySoe, &self.projects);
        self.spread_some(&soes, carry_soe);
    }

    fn indices(&self, f: impl Fn(&Leaf) -> bool) -> Vec<usize> {
        (0..self.leaves.len())
            .filter(|&i| f(&self.leaves[i]))
            .collect()
    }

    /// Spread `total` over the leaves (current-year, or carry when `carry`).
    fn spread(&mut self, leaves: &[usize], total: i64, carry: bool) {
        let parts = self.rng.split(total, leaves.len());
        for (&i, p) in leaves.iter().zip(parts) {
            if carry {
                self.leaves[i].carry += p;
            } else {
                self.leaves[i].project += p;
            }
        }
    }

    /// Spread a carry-over over a random non-empty subset of the leaves.
    fn spread_some(&mut self, leaves: &[usize], total: i64) {
        if total == 0 || leaves.is_empty() {
            return;
        }
        let mut some: Vec<usize> = leaves
            .iter()
            .copied()
            .filter(|_| self.rng.chance(40))
            .collect();
        if some.is_empty() {
            some.push(*self.rng.pick(leaves));
        }
        self.spread(&some, total, true);
    }

    /// T6: staff and public spending of the running-cost codes by economic code.
    fn economic(&mut self) {
        let mut staff: Vec<(&'static str, i64)> = Vec::new();
        let mut free_staff = 0;
        let mut free_public = 0;
        for l in &self.leaves {
            match l.use_ {
                Staff(e) => staff.push((e, l.staff)),
                Admin => {
                    free_staff += l.staff;
                    free_public += l.public;
                }
                _ => {}
            }
        }
        let k = 3 + self.rng.below(FREE_STAFF.len() as u64 - 2) as usize;
        let parts = self.rng.split(free_staff, k);
        staff.extend(FREE_STAFF[..k].iter().copied().zip(parts));

        let mut public_codes: Vec<&'static str> = FREE_PUBLIC
            .iter()
            .copied()
            .filter(|_| self.rng.chance(60))
            .collect();
        for c in ["30212", "30217", "30231", "31013"] {
            if self.rng.chance(50) {
                public_codes.push(c);
            }
        }
        if public_codes.is_empty() {
            public_codes.push("30201");
        }
        let parts = self.rng.split(free_public, public_codes.len());
        let public: Vec<(&'static str, i64)> = public_codes.into_iter().zip(parts).collect();

        let mut econ: Vec<(&'static str, i64, i64)> = Vec::new();
        for (code, v) in staff {
            add_econ(&mut econ, code, v, 0);
        }
        for (code, v) in public {
            add_econ(&mut econ, code, 0, v);
        }
        econ.sort_by_key(|e| e.0);
        self.econ = econ;
    }

    fn econ_amount(&self, code: &str) -> i64 {
        self.econ
            .iter()
            .find(|e| e.0 == code)
            .map_or(0, |e| e.1 + e.2)
    }

    /// T7: at least the basic spending on the same items (T6), plus project spending.
    fn sangong(&mut self) {
        let item = |rng: &mut Rng, basic: i64| -> (i64, i64) {
            let extra = if rng.chance(30) { rng.money(1, 20) } else { 0 };
            let carry = if rng.chance(10) { rng.money(1, 5) } else { 0 };
            (basic + extra, carry)
        };
        let mut rng = self.rng.clone();
        self.sangong = Sangong {
            abroad: item(&mut rng, self.econ_amount("30212")),
            buy: item(&mut rng, self.econ_amount("31013")),
            run: item(&mut rng, self.econ_amount("30231")),
            reception: item(&mut rng, self.econ_amount("30217")),
        };
        self.rng = rng;
    }

    /// T2: the department's income by source, split over its units.
    fn income(&mut self) {
        let totals = self.source_totals();
        let n = self.units.len();
        let mut per_unit = vec![[0i64; 6]; n];
        for (s, total) in totals.iter().enumerate() {
            let parts = self.rng.split(*total, n);
            for (u, p) in parts.into_iter().enumerate() {
                per_unit[u][s] = p;
            }
        }
        self.unit_income = per_unit;
    }

    /// Income by source: cur gpb, cur fund, cur soe, carry gpb, carry soe, cur 事业收入.
    fn source_totals(&self) -> [i64; 6] {
        let mut t = [0i64; 6];
        for l in &self.leaves {
            t[5] += l.unitfund;
            match l.use_ {
                Fund => {
                    t[1] += l.cur();
                }
                Soe => {
                    t[2] += l.cur();
                    t[4] += l.carry;
                }
                _ => {
                    t[0] += l.cur();
                    t[3] += l.carry;
                }
            }
        }
        t
    }

    fn all_sums(&self, f: impl Fn(&Leaf) -> bool) -> Sums {
        let mut s = Sums::default();
        for l in self.leaves.iter().filter(|l| f(l)) {
            s.add(l);
        }
        s
    }

    /// The 类 of the leaves passing `f`, with their sums, in code order.
    fn lei_sums(&self, f: impl Fn(&Leaf) -> bool) -> Vec<(&'static str, &'static str, Sums)> {
        let mut out: Vec<(&'static str, &'static str, Sums)> = Vec::new();
        for l in self.leaves.iter().filter(|l| f(l)) {
            let lei = &l.code[..3];
            match out.last_mut() {
                Some((c, _, s)) if *c == lei => s.add(l),
                _ => {
                    let (code, name) = LEI.iter().find(|(c, _)| *c == lei).copied().unwrap();
                    let mut s = Sums::default();
                    s.add(l);
                    out.push((code, name, s));
                }
            }
        }
        out
    }

    /// Rows of a coded function table (合计, 类, 款, 项) over the leaves passing `f`.
    fn coded_rows(
        &self,
        f: impl Fn(&Leaf) -> bool,
        cells: impl Fn(&Sums) -> Vec<String>,
    ) -> (Vec<Vec<String>>, Vec<RowRole>) {
        let leaves: Vec<&Leaf> = self.leaves.iter().filter(|l| f(l)).collect();
        let mut rows = Vec::new();
        let mut roles = Vec::new();
        let mut all = Sums::default();
        leaves.iter().for_each(|l| all.add(l));
        rows.push([vec![String::new(), "合计".into()], cells(&all)].concat());
        roles.push(RowRole::Total);
        let mut i = 0;
        while i < leaves.len() {
            let lei = &leaves[i].code[..3];
            let end = i + leaves[i..]
                .iter()
                .take_while(|l| &l.code[..3] == lei)
                .count();
            let mut s = Sums::default();
            leaves[i..end].iter().for_each(|l| s.add(l));
            rows.push([vec![lei.to_string(), name_of(LEI, lei).into()], cells(&s)].concat());
            roles.push(RowRole::Parent);
            let mut j = i;
            while j < end {
                let kuan = &leaves[j].code[..5];
                let kend = j + leaves[j..end]
                    .iter()
                    .take_while(|l| &l.code[..5] == kuan)
                    .count();
                let mut s = Sums::default();
                leaves[j..kend].iter().for_each(|l| s.add(l));
                rows.push(
                    [
                        vec![kuan.to_string(), name_of(KUAN, kuan).into()],
                        cells(&s),
                    ]
                    .concat(),
                );
                roles.push(RowRole::Parent);
                for l in &leaves[j..kend] {
                    let mut s = Sums::default();
                    s.add(l);
                    rows.push([vec![l.code.to_string(), l.name.into()], cells(&s)].concat());
                    roles.push(RowRole::Leaf);
                }
                j = kend;
            }
            i = end;
        }
        (rows, roles)
    }
}

fn add_econ(econ: &mut Vec<(&'static str, i64, i64)>, code: &'static str, staff: i64, public: i64) {
    match econ.iter_mut().find(|e| e.0 == code) {
        Some(e) => {
            e.1 += staff;
            e.2 += public;
        }
        None => econ.push((code, staff, public)),
    }
}

/// Names given so far, and for each base the next suffix to try: trying 2, 3, … from the start
/// for every repeat made generating many projects quadratic.
#[derive(Default)]
struct Names {
    taken: HashSet<String>,
    next: HashMap<String, u32>,
}

/// `base`, or the first free "base（k）" (k ≥ 2).
fn unique(names: &mut Names, base: String) -> String {
    if names.taken.insert(base.clone()) {
        return base;
    }
    let next = names.next.entry(base.clone()).or_insert(2);
    loop {
        let candidate = format!("{base}（{next}）");
        *next += 1;
        if names.taken.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// Pick `n` 项 codes: a running-cost code of the theme first, the standard staff codes, the
/// theme's codes, then others; at least one project code when there are projects.
fn choose_leaves(rng: &mut Rng, theme: &Theme, n: usize, has_projects: bool) -> Vec<Leaf> {
    let in_theme = |code: &str| theme.kuan.iter().any(|k| code.starts_with(k));
    let mut chosen: Vec<usize> = Vec::new();
    let push = |chosen: &mut Vec<usize>, i: usize| {
        if !chosen.contains(&i) && chosen.len() < n {
            chosen.push(i);
        }
    };
    let admin: Vec<usize> = (0..XIANG.len())
        .filter(|&i| XIANG[i].2 == Admin && in_theme(XIANG[i].0))
        .collect();
    push(&mut chosen, admin[0]);
    let project: Vec<usize> = (0..XIANG.len())
        .filter(|&i| XIANG[i].2 == Project && in_theme(XIANG[i].0))
        .collect();
    if has_projects && !project.is_empty() {
        push(&mut chosen, *rng.pick(&project));
    }
    for code in ["2080505", "2101101", "2210201", "2080506", "2080501"] {
        if let Some(i) = XIANG.iter().position(|x| x.0 == code) {
            push(&mut chosen, i);
        }
    }
    if has_projects {
        // Other sources: government funds and state capital, sometimes.
        for u in [Fund, Soe] {
            if rng.chance(35) {
                let of: Vec<usize> = (0..XIANG.len()).filter(|&i| XIANG[i].2 == u).collect();
                push(&mut chosen, *rng.pick(&of));
            }
        }
    }
    let mut theme_rest: Vec<usize> = (0..XIANG.len()).filter(|&i| in_theme(XIANG[i].0)).collect();
    shuffle(rng, &mut theme_rest);
    for i in theme_rest {
        push(&mut chosen, i);
    }
    let mut rest: Vec<usize> = (0..XIANG.len())
        .filter(|&i| has_projects || !matches!(XIANG[i].2, Project | Fund | Soe))
        .collect();
    shuffle(rng, &mut rest);
    for i in rest {
        push(&mut chosen, i);
    }
    if has_projects && !chosen.iter().any(|&i| XIANG[i].2 == Project) {
        // Too few codes asked for: make room for one project code.
        let p = project
            .first()
            .copied()
            .unwrap_or_else(|| XIANG.iter().position(|x| x.2 == Project).unwrap_or(0));
        if chosen.len() >= n && chosen.len() > 1 {
            chosen.pop();
        }
        chosen.push(p);
    }
    if !has_projects {
        chosen.retain(|&i| !matches!(XIANG[i].2, Project | Fund | Soe));
    }
    let mut leaves: Vec<Leaf> = chosen
        .into_iter()
        .map(|i| Leaf {
            code: XIANG[i].0,
            name: XIANG[i].1,
            use_: XIANG[i].2,
            staff: 0,
            public: 0,
            project: 0,
            carry: 0,
            unitfund: 0,
        })
        .collect();
    leaves.sort_by_key(|l| l.code);
    leaves
}

fn shuffle<T>(rng: &mut Rng, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        v.swap(i, j);
    }
}

// ---------------------------------------------------------------------------------------------
// Tables.

fn s(v: &str) -> String {
    v.to_string()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

const ORDINALS: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六",
];

fn ordinal(i: usize) -> String {
    format!("{}、", ORDINALS.get(i).copied().unwrap_or("十"))
}

impl Model {
    fn table(
        kind: TableKind,
        file: &str,
        head: Vec<Vec<String>>,
        data: Vec<Vec<String>>,
        roles: Vec<RowRole>,
        total_cols: Vec<usize>,
        name_cols: Vec<usize>,
    ) -> SynthTable {
        let data_start = head.len();
        let mut rows = head;
        rows.extend(data);
        let mut roles = roles;
        roles.resize(rows.len() - data_start, RowRole::Leaf);
        SynthTable {
            kind,
            file: file.to_string(),
            rows,
            data_start,
            roles,
            total_cols,
            name_cols,
            style: Style::default(),
        }
    }

    fn fiscal(&self) -> (Sums, Sums, Sums) {
        (
            self.all_sums(Leaf::is_gpb),
            self.all_sums(|l| l.use_ == Fund),
            self.all_sums(|l| l.use_ == Soe),
        )
    }

    /// Income side lines of T1: (label, total, cur, carry, role).
    fn t1_income(&self) -> Vec<(String, i64, i64, i64)> {
        let (g, f, o) = self.fiscal();
        let all = self.all_sums(|_| true);
        let line = |label: &str, x: &Sums| (s(label), x.total(), x.cur(), x.carry);
        let zero = |label: &str| (s(label), 0, 0, 0);
        let own = |label: &str| (s(label), all.unitfund, all.unitfund, 0);
        vec![
            line("一、财政拨款收入", &all),
            line("一般公共预算拨款收入", &g),
            line("政府性基金预算拨款收入", &f),
            line("国有资本经营预算拨款收入", &o),
            zero("二、财政专户管理资金收入"),
            own("三、单位资金收入"),
            own("事业收入"),
            zero("事业单位经营收入"),
            zero("上级补助收入"),
            zero("附属单位上缴收入"),
            zero("其他收入"),
        ]
    }

    fn two_sided(
        &self,
        kind: TableKind,
        file: &str,
        income: Vec<(String, i64, i64, i64)>,
        out: Vec<(String, i64, i64, i64)>,
        subtotals: Option<(&str, &str)>,
        after_out: Vec<(String, i64, i64, i64)>,
    ) -> SynthTable {
        let all = self.all_sums(|_| true);
        let head = vec![
            vec![s(kind.name_zh())],
            vec![s("单位：万元")],
            strs(&["收 入", "", "", "", "支 出"]),
            strs(&[
                "项 目",
                "本年预算",
                "编制预算",
                "上年结 转",
                "项 目",
                "本年预算",
                "编制预算",
                "上年结 转",
            ]),
        ];
        let cells = |l: &(String, i64, i64, i64)| vec![l.0.clone(), wan(l.1), wan(l.2), wan(l.3)];
        let blank = || vec![String::new(); 4];
        let mut data = Vec::new();
        let mut roles = Vec::new();
        let n = income.len().max(out.len());
        for i in 0..n {
            let mut row = income.get(i).map_or_else(blank, cells);
            row.extend(out.get(i).map_or_else(blank, cells));
            data.push(row);
            // Lines that sum others: numbered headings and containers.
            let parent = |l: Option<&(String, i64, i64, i64)>| {
                l.is_some_and(|l| {
                    l.0.starts_with("一、") && !l.0.contains("支出") || l.0.contains("本年")
                })
            };
            roles.push(if parent(income.get(i)) || parent(out.get(i)) {
                RowRole::Parent
            } else {
                RowRole::Leaf
            });
        }
        // 收支总表 covers the units' own money too; 财政拨款收支总表 fiscal money only.
        let totals = if kind == TableKind::T1 {
            (s(""), all.all_total(), all.all_cur(), all.carry)
        } else {
            (s(""), all.total(), all.cur(), all.carry)
        };
        if let Some((i, o)) = subtotals {
            let mut row = cells(&(s(i), totals.1, totals.2, totals.3));
            row.extend(cells(&(s(o), totals.1, totals.2, totals.3)));
            data.push(row);
            roles.push(RowRole::Total);
        }
        for l in &after_out {
            let mut row = blank();
            row.extend(cells(l));
            data.push(row);
            roles.push(RowRole::Leaf);
        }
        let mut row = cells(&(s("收入总计"), totals.1, totals.2, totals.3));
        row.extend(cells(&(s("支出总计"), totals.1, totals.2, totals.3)));
        data.push(row);
        roles.push(RowRole::Total);
        Self::table(kind, file, head, data, roles, vec![1, 5], vec![4])
    }

    fn t1(&self) -> SynthTable {
        let out: Vec<(String, i64, i64, i64)> = self
            .lei_sums(|_| true)
            .into_iter()
            .enumerate()
            .map(|(i, (_, name, s))| {
                (
                    format!("{}{name}", ordinal(i)),
                    s.all_total(),
                    s.all_cur(),
                    s.carry,
                )
            })
            .collect();
        self.two_sided(
            TableKind::T1,
            "01-收支总表.csv",
            self.t1_income(),
            out,
            Some(("本年收入合计", "本年支出合计")),
            vec![(s("结转下年支出"), 0, 0, 0)],
        )
    }

    fn t4(&self) -> SynthTable {
        let (g, f, o) = self.fiscal();
        let all = self.all_sums(|_| true);
        let line = |label: &str, x: &Sums| (s(label), x.total(), x.cur(), x.carry);
        let zero = |label: &str| (s(label), 0, 0, 0);
        let income = vec![
            line("一、本年收入", &all),
            line("一般公共预算拨款", &g),
            line("政府性基金预算拨款", &f),
            line("国有资本经营预算拨款", &o),
            zero("二、上年结转"),
            zero("一般公共预算拨款"),
            zero("政府性基金预算拨款"),
            zero("国有资本经营预算拨款"),
        ];
        let mut out = vec![line("一、本年支出", &all)];
        out.extend(
            self.lei_sums(|_| true)
                .into_iter()
                .enumerate()
                .map(|(i, (_, name, s))| {
                    (format!("{}{name}", ordinal(i)), s.total(), s.cur(), s.carry)
                }),
        );
        out.push(zero("二、结转下年支出"));
        self.two_sided(
            TableKind::T4,
            "04-财政拨款收支总表.csv",
            income,
            out,
            None,
            Vec::new(),
        )
    }

    fn t2(&self) -> SynthTable {
        let head = vec![
            vec![s("收入总表")],
            vec![s("单位：万元")],
            strs(&[
                "部门（单位）代码",
                "部门（单位）名称",
                "合计",
                "编制预算",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "上年结转",
            ]),
            strs(&[
                "",
                "",
                "",
                "小计",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
                "财政专户管理资金",
                "事业收入",
                "事业单位经营收入",
                "上级补助收入",
                "附属单位上缴收入",
                "其他收入",
                "小计",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
                "财政专户管理资金",
                "单位资金",
            ]),
        ];
        let row = |code: &str, name: &str, v: &[i64; 6]| {
            let cur = v[0] + v[1] + v[2] + v[5];
            let carry = v[3] + v[4];
            let mut r = vec![s(code), s(name), wan(cur + carry), wan(cur)];
            r.extend([v[0], v[1], v[2], 0, v[5], 0, 0, 0, 0].map(wan));
            r.push(wan(carry));
            r.extend([v[3], 0, v[4], 0, 0].map(wan));
            r
        };
        let mut dept = [0i64; 6];
        for u in &self.unit_income {
            for (d, x) in dept.iter_mut().zip(u) {
                *d += x;
            }
        }
        let mut data = vec![row(&self.dept_code, &self.dept_name, &dept)];
        let mut roles = vec![RowRole::Parent];
        for ((code, name), v) in self.units.iter().zip(&self.unit_income) {
            data.push(row(code, name, v));
            roles.push(RowRole::Leaf);
        }
        Self::table(
            TableKind::T2,
            "02-收入总表.csv",
            head,
            data,
            roles,
            vec![2, 3, 13],
            Vec::new(),
        )
    }

    fn t3(&self) -> SynthTable {
        let head = vec![
            vec![s("支出总表")],
            vec![s("单位：万元")],
            strs(&[
                "科目编码",
                "功能分类科目名称",
                "合计",
                "当年预算",
                "",
                "",
                "",
                "上年结转结余",
            ]),
            strs(&[
                "",
                "",
                "",
                "小计",
                "基本支出",
                "项目支出",
                "单位资金支出",
                "小计",
                "基本支出",
                "项目支出",
                "单位资金支出",
            ]),
        ];
        let (data, roles) = self.coded_rows(
            |_| true,
            |x| {
                vec![
                    wan(x.all_total()),
                    wan(x.all_cur()),
                    wan(x.basic()),
                    wan(x.project),
                    wan(x.unitfund),
                    wan(x.carry),
                    wan(0),
                    wan(x.carry),
                    wan(0),
                ]
            },
        );
        Self::table(
            TableKind::T3,
            "03-支出总表.csv",
            head,
            data,
            roles,
            vec![2, 3, 7],
            vec![1],
        )
    }

    fn t5(&self) -> SynthTable {
        let head = vec![
            vec![s("一般公共预算支出表")],
            vec![s("单位：万元")],
            strs(&[
                "科目编码",
                "功能分类科目名称",
                "合计",
                "当年预算",
                "",
                "",
                "",
                "",
                "上年结转结余",
            ]),
            strs(&[
                "",
                "",
                "",
                "小计",
                "基本支出",
                "",
                "",
                "项目支出",
                "小计",
                "基本支出",
                "",
                "",
                "项目支出",
            ]),
            strs(&[
                "",
                "",
                "",
                "",
                "小计",
                "人员经费",
                "公用经费",
                "",
                "",
                "小计",
                "人员经费",
                "公用经费",
                "",
            ]),
        ];
        let (data, roles) = self.coded_rows(Leaf::is_gpb, |x| {
            vec![
                wan(x.total()),
                wan(x.cur()),
                wan(x.basic()),
                wan(x.staff),
                wan(x.public),
                wan(x.project),
                wan(x.carry),
                wan(0),
                wan(0),
                wan(0),
                wan(x.carry),
            ]
        });
        Self::table(
            TableKind::T5,
            "05-一般公共预算支出表.csv",
            head,
            data,
            roles,
            vec![2, 3, 4, 8, 9],
            vec![1],
        )
    }

    fn t6(&self) -> SynthTable {
        let head = vec![
            vec![s("一般公共预算基本支出表")],
            vec![s("单位：万元")],
            strs(&[
                "科目编码",
                "部门预算支出经济分类",
                "总计",
                "人员经费",
                "公用经费",
            ]),
        ];
        let staff: i64 = self.econ.iter().map(|e| e.1).sum();
        let public: i64 = self.econ.iter().map(|e| e.2).sum();
        let row = |code: &str, name: &str, st: i64, pu: i64| {
            vec![s(code), s(name), wan(st + pu), wan(st), wan(pu)]
        };
        let mut data = vec![row("", "合计", staff, public)];
        let mut roles = vec![RowRole::Total];
        for (lei, lei_name) in ECON_LEI {
            let items: Vec<_> = self.econ.iter().filter(|e| e.0.starts_with(lei)).collect();
            if items.is_empty() {
                continue;
            }
            let st = items.iter().map(|e| e.1).sum();
            let pu = items.iter().map(|e| e.2).sum();
            data.push(row(lei, lei_name, st, pu));
            roles.push(RowRole::Parent);
            for e in items {
                data.push(row(e.0, name_of(ECON, e.0), e.1, e.2));
                roles.push(RowRole::Leaf);
            }
        }
        Self::table(
            TableKind::T6,
            "06-一般公共预算基本支出表.csv",
            head,
            data,
            roles,
            vec![2],
            vec![1],
        )
    }

    fn t7(&self) -> SynthTable {
        let head = vec![
            vec![s("一般公共预算“三公”经费支出表")],
            vec![s("单位：万元")],
            strs(&[
                "“三公” 经费 合计",
                "因公出国（境）费",
                "",
                "",
                "公务用车购置及运行费",
                "",
                "",
                "",
                "",
                "",
                "",
                "公务接待费",
            ]),
            strs(&[
                "",
                "小计",
                "当年 预算",
                "上年 结转",
                "小计",
                "公务用车购置费",
                "",
                "",
                "公务用车运行费",
                "",
                "",
                "小计",
                "当年 预算",
                "上年 结转",
            ]),
            strs(&[
                "",
                "",
                "",
                "",
                "",
                "小计",
                "当年 预算",
                "上年 结转",
                "小计",
                "当年 预算",
                "上年 结转",
                "",
                "",
                "",
            ]),
        ];
        let g = &self.sangong;
        let sum = |x: (i64, i64)| x.0 + x.1;
        let car = sum(g.buy) + sum(g.run);
        let total = sum(g.abroad) + car + sum(g.reception);
        let row = vec![
            wan(total),
            wan(sum(g.abroad)),
            wan(g.abroad.0),
            wan(g.abroad.1),
            wan(car),
            wan(sum(g.buy)),
            wan(g.buy.0),
            wan(g.buy.1),
            wan(sum(g.run)),
            wan(g.run.0),
            wan(g.run.1),
            wan(sum(g.reception)),
            wan(g.reception.0),
            wan(g.reception.1),
        ];
        Self::table(
            TableKind::T7,
            "07-一般公共预算三公经费支出表.csv",
            head,
            vec![row],
            vec![RowRole::Total],
            vec![0, 1, 4, 5, 8, 11],
            Vec::new(),
        )
    }

    fn t8(&self) -> SynthTable {
        let head = vec![
            vec![s("政府性基金预算支出表")],
            vec![s("单位：万元")],
            strs(&["科目编码", "功能分类科目名称", "本年政府性基金预算支出"]),
            strs(&["", "", "合计", "基本支出", "项目支出"]),
        ];
        let any = self.leaves.iter().any(|l| l.use_ == Fund);
        let (data, roles) = if any {
            self.coded_rows(
                |l| l.use_ == Fund,
                |x| vec![wan(x.cur()), wan(x.basic()), wan(x.project)],
            )
        } else {
            (
                vec![vec![s("注：本部门无政府性基金预算支出，本表无数据。")]],
                vec![RowRole::Leaf],
            )
        };
        Self::table(
            TableKind::T8,
            "08-政府性基金预算支出表.csv",
            head,
            data,
            roles,
            vec![2],
            vec![1],
        )
    }

    fn t9(&self) -> SynthTable {
        let head = vec![
            vec![s("项目支出表")],
            vec![s("单位：万元")],
            strs(&[
                "类型",
                "项目名称",
                "",
                "项目单位",
                "合计",
                "本年财政拨款",
                "",
                "",
                "财政拨款结转",
                "",
                "",
                "财政专户管理资金",
                "单位资金",
            ]),
            strs(&[
                "",
                "一级项目",
                "二级项目",
                "",
                "",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
                "一般公共预算",
                "政府性基金预算",
                "国有资本经营预算",
                "",
                "",
            ]),
        ];
        let amounts = |a: &[i64; 5]| {
            let t: i64 = a.iter().sum();
            vec![
                wan_or_blank(t),
                wan_or_blank(a[Col::CurGpb as usize]),
                wan_or_blank(a[Col::CurFund as usize]),
                wan_or_blank(a[Col::CurSoe as usize]),
                wan_or_blank(a[Col::CarryGpb as usize]),
                String::new(),
                wan_or_blank(a[Col::CarrySoe as usize]),
                String::new(),
                String::new(),
            ]
        };
        let sum_of = |ps: &mut dyn Iterator<Item = usize>| {
            let mut a = [0i64; 5];
            for p in ps {
                for c in COLS {
                    a[c as usize] += self.projects[p].amounts[c as usize];
                }
            }
            a
        };
        let mut data = Vec::new();
        let mut roles = Vec::new();
        if !self.projects.is_empty() {
            let all = sum_of(&mut (0..self.projects.len()));
            data.push([strs(&["合计", "", "", ""]), amounts(&all)].concat());
            roles.push(RowRole::Total);
        }
        for t in &self.types {
            let a = sum_of(&mut t.groups.iter().flat_map(|g| g.projects.iter().copied()));
            data.push([vec![s(t.name), s(""), s(""), s("")], amounts(&a)].concat());
            roles.push(RowRole::Parent);
            for g in &t.groups {
                let a = sum_of(&mut g.projects.iter().copied());
                data.push([vec![s(""), g.name.clone(), s(""), s("")], amounts(&a)].concat());
                roles.push(RowRole::Parent);
                for &p in &g.projects {
                    let pr = &self.projects[p];
                    data.push(
                        [
                            vec![s(""), s(""), pr.name.clone(), self.units[pr.unit].1.clone()],
                            amounts(&pr.amounts),
                        ]
                        .concat(),
                    );
                    roles.push(RowRole::Leaf);
                }
            }
        }
        Self::table(
            TableKind::T9,
            "09-项目支出表.csv",
            head,
            data,
            roles,
            vec![4],
            vec![2],
        )
    }

    fn t10(&self) -> SynthTable {
        let head = vec![
            vec![format!("{} 2026 年项目支出绩效目标表", self.dept_name)],
            strs(&[
                "单位名称",
                "项目名称",
                "年度资金总额(万元)",
                "年度绩效目标",
                "一级指标",
                "二级指标",
                "三级指标",
                "指标解释",
                "指标值",
                "权重",
            ]),
        ];
        let mut order: Vec<usize> = (0..self.projects.len()).collect();
        order.sort_by_key(|&p| self.projects[p].unit);
        let mut rng = Rng::new(self.projects.len() as u64 ^ 0x5eed);
        let mut data = Vec::new();
        let mut last_unit = usize::MAX;
        for p in order {
            let pr = &self.projects[p];
            let unit = if pr.unit != last_unit {
                last_unit = pr.unit;
                format!("{} {}", self.units[pr.unit].0, self.units[pr.unit].1)
            } else {
                String::new()
            };
            let goal = format!("保障{}顺利实施，提升服务质量和群众满意度。", pr.name);
            let weights = weights(&mut rng, self.weight_total, self.indicators);
            for (i, w) in weights.into_iter().enumerate() {
                let (l1, l2, l3, value) = indicator(&mut rng, i, pr.total());
                let first = i == 0;
                data.push(vec![
                    if first { unit.clone() } else { String::new() },
                    if first {
                        pr.name.clone()
                    } else {
                        String::new()
                    },
                    if first {
                        wan(pr.total())
                    } else {
                        String::new()
                    },
                    if first { goal.clone() } else { String::new() },
                    s(l1),
                    s(l2),
                    s(l3),
                    format!("考察{l3}"),
                    value,
                    w.to_string(),
                ]);
            }
        }
        let roles = vec![RowRole::Leaf; data.len()];
        Self::table(
            TableKind::T10,
            "10-项目支出绩效目标表.csv",
            head,
            data,
            roles,
            Vec::new(),
            vec![1],
        )
    }

    fn narrative(&self) -> String {
        let all = self.all_sums(|_| true);
        let (g, f, o) = self.fiscal();
        let pct = |part: i64, base: i64| {
            let (a, b) = (cents(part) as i128, cents(base) as i128);
            if b == 0 {
                return s("0.00%");
            }
            let bp = (a * 10_000 * 2 + b) / (2 * b);
            format!("{}.{:02}%", bp / 100, bp % 100)
        };
        let g7 = &self.sangong;
        let sum = |x: (i64, i64)| x.0 + x.1;
        let sangong = sum(g7.abroad) + sum(g7.buy) + sum(g7.run) + sum(g7.reception);
        let mut t = String::new();
        t.push_str(&format!(
            "{} 2026 年部门预算情况说明\n\n一、收支预算总体情况\n\n",
            self.dept_name
        ));
        t.push_str(&format!(
            "{} 2026 年预算总收入为 {} 万元，其中：当年预算 {} 万元，上年结转 {} 万元。2026 年预算总支出为 {} 万元。\n\n",
            self.dept_name,
            wan(all.all_total()),
            wan(all.all_cur()),
            wan(all.carry),
            wan(all.all_total())
        ));
        t.push_str("二、收入预算情况\n\n");
        let own = if all.unitfund > 0 {
            format!("，事业收入 {} 万元", wan(all.unitfund))
        } else {
            String::new()
        };
        t.push_str(&format!(
            "本年收入中，一般公共预算拨款收入 {} 万元，政府性基金预算拨款收入 {} 万元，国有资本经营预算拨款收入 {} 万元{own}。\n\n",
            wan(g.cur()),
            wan(f.cur()),
            wan(o.cur())
        ));
        t.push_str("三、支出预算情况\n\n");
        let own = if all.unitfund > 0 {
            format!(
                "；单位资金支出 {} 万元，占支出的 {}",
                wan(all.unitfund),
                pct(all.unitfund, all.all_total())
            )
        } else {
            String::new()
        };
        t.push_str(&format!(
            "当年预算：基本支出 {} 万元，占支出的 {}；项目支出 {} 万元，占支出的 {}{own}。\n\n",
            wan(all.basic()),
            pct(all.basic(), all.all_total()),
            wan(all.project),
            pct(all.project, all.all_total())
        ));
        t.push_str("四、“三公”经费预算情况\n\n");
        t.push_str(&format!(
            "2026 年“三公”经费预算 {} 万元，其中：因公出国（境）费 {} 万元，公务用车购置及运行费 {} 万元，公务接待费 {} 万元。\n\n",
            wan(sangong),
            wan(sum(g7.abroad)),
            wan(sum(g7.buy) + sum(g7.run)),
            wan(sum(g7.reception))
        ));
        t.push_str(&format!(
            "五、项目支出情况\n\n2026 年共安排项目 {} 个，预算 {} 万元。\n",
            self.projects.len(),
            wan(self.projects.iter().map(Project::total).sum())
        ));
        if !self.leaves.iter().any(|l| l.use_ == Fund) {
            t.push_str("\n本部门 2026 年无政府性基金预算支出。\n");
        }
        t
    }
}

/// `n` positive integer weights adding up to `total`.
fn weights(rng: &mut Rng, total: u32, n: usize) -> Vec<u32> {
    let n = n.min(total as usize).max(1);
    let mut w = vec![1u32; n];
    for _ in 0..(total as usize - n) {
        let i = rng.below(n as u64) as usize;
        w[i] += 1;
    }
    w
}

/// The i-th indicator of a project: 一级/二级/三级 and its value.
fn indicator(
    rng: &mut Rng,
    i: usize,
    amount: i64,
) -> (&'static str, &'static str, &'static str, String) {
    match i % 5 {
        0 => (
            "产出指标",
            "数量指标",
            *rng.pick(&["服务人次", "完成项目数量", "覆盖单位数量"]),
            format!(">={}{}", rng.range(1, 500), rng.pick(&["人", "个", "次"])),
        ),
        1 => (
            "产出指标",
            "时效指标",
            *rng.pick(&["资金支付及时率", "任务完成及时率"]),
            format!(">={}%", rng.range(80, 100)),
        ),
        2 => (
            "成本指标",
            "经济成本指标",
            "项目总成本",
            format!("<={}万元", wan(amount)),
        ),
        3 => (
            "效益指标",
            "社会效益指标",
            *rng.pick(&["服务质量提升", "群众获得感"]),
            rng.pick(&["提高", "有效提升", "明显改善"]).to_string(),
        ),
        _ => (
            "满意度指标",
            "服务对象满意度指标",
            "服务对象满意度",
            format!(">={}%", rng.range(85, 100)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_up_to_cents_of_wan() {
        assert_eq!(wan(0), "0.00");
        assert_eq!(wan(12_345_678), "12.35");
        assert_eq!(wan(12_344_999), "12.34");
        assert_eq!(wan(-5_000), "-0.01");
        assert_eq!(wan(-4_999), "0.00");
    }

    #[test]
    fn split_is_exact() {
        let mut r = Rng::new(7);
        for total in [0, 1, 5, 999, 123_456_789] {
            for n in 1..6 {
                let p = r.split(total, n);
                assert_eq!(p.iter().sum::<i64>(), total);
                assert!(p.iter().all(|&x| x >= 0));
            }
        }
    }

    #[test]
    fn deterministic_per_seed() {
        let spec = Spec::default();
        let a = generate(&spec, 42);
        let b = generate(&spec, 42);
        let c = generate(&spec, 43);
        assert_eq!(a.len(), 11);
        assert!(a.iter().zip(&b).all(|(x, y)| x.bytes == y.bytes));
        assert!(a.iter().zip(&c).any(|(x, y)| x.bytes != y.bytes));
    }
}
