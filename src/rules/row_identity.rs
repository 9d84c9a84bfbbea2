//! GJ-ROW-IDENTITY: within one row, a total column equals the sum of its part columns
//! (合计 = 当年 + 结转, 当年 = 基本 + 项目, 基本 = 人员 + 公用, …). The identities are declared
//! per table kind below and apply to every layout that has the columns.

use super::compare::Term;
use super::equation;
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::TableKind::{self, *};
use rust_decimal::Decimal;

pub static RULE: Rule = Rule {
    id: "GJ-ROW-IDENTITY",
    severity: Severity::Error,
    title: "行内勾稽：合计列与分项列不符",
    what: rule_doc!(
        "每一行中，合计列等于其分项列之和：本年预算 = 编制预算 + 上年结转；合计 = 当年预算 + 上年结转；当年预算 = 基本支出 + 项目支出（+ 单位资金）；基本支出 = 人员经费 + 公用经费；小计 = 各资金来源之和；“三公”合计 = 出国 + 公务用车 + 接待，等等。"
    ),
    why: rule_doc!("表头的合计列由分项列加总而来，行内不平说明某个单元格填错、漏填或错列。"),
    example: rule_doc!(
        "支出总表 208 行：合计 28145.78，当年预算 27887.99，上年结转 257.78，27887.99 + 257.78 = 28145.77（尾差）；若上年结转写成 0.00 则报错。"
    ),
    check: Some(check),
};

/// (tables, total column, part columns). Applies where the table has the total column and at
/// least one part column.
pub const IDENTITIES: &[(&[TableKind], &str, &[&str])] = &[
    (&[T1, T4], "in.total", &["in.cur", "in.carry"]),
    (&[T1, T4], "out.total", &["out.cur", "out.carry"]),
    (
        &[T1],
        "out.total",
        &["out.staff", "out.public", "out.project"],
    ),
    (&[T4], "out.total", &["out.gpb", "out.fund", "out.soe"]),
    (&[T2, T3, T5], "total", &["cur.total", "carry.total"]),
    (
        &[T2],
        "cur.total",
        &[
            "cur.gpb",
            "cur.fund",
            "cur.soe",
            "cur.zhuanhu",
            "cur.shiye",
            "cur.jingying",
            "cur.shangji",
            "cur.fushu",
            "cur.other",
        ],
    ),
    (
        &[T2],
        "carry.total",
        &[
            "carry.gpb",
            "carry.fund",
            "carry.soe",
            "carry.zhuanhu",
            "carry.unitfund",
        ],
    ),
    (&[T2], "total", &["fiscal", "shiye", "jingying", "other"]),
    (
        &[T3, T5],
        "cur.total",
        &["cur.basic", "cur.project", "cur.unit"],
    ),
    (
        &[T3, T5],
        "carry.total",
        &["carry.basic", "carry.project", "carry.unit"],
    ),
    (&[T5], "cur.basic", &["cur.staff", "cur.public"]),
    (&[T5], "carry.basic", &["carry.staff", "carry.public"]),
    (&[T3, T5, T8, Gzy], "total", &["basic", "project"]),
    (&[T6], "total", &["staff", "public"]),
    (&[T7], "total", &["abroad", "car", "reception"]),
    (&[T7], "car", &["car.buy", "car.run"]),
    (&[T7], "abroad", &["abroad.cur", "abroad.carry"]),
    (&[T7], "car.buy", &["car.buy.cur", "car.buy.carry"]),
    (&[T7], "car.run", &["car.run.cur", "car.run.carry"]),
    (&[T7], "reception", &["reception.cur", "reception.carry"]),
    (
        &[T9],
        "total",
        &[
            "cur.gpb",
            "cur.fund",
            "cur.soe",
            "carry.gpb",
            "carry.fund",
            "carry.soe",
            "zhuanhu",
            "unitfund",
        ],
    ),
];

fn check(d: &Disclosure, findings: &mut Findings) {
    for table in &d.tables {
        for (kinds, total_key, part_keys) in IDENTITIES {
            if !kinds.contains(&table.kind) {
                continue;
            }
            let Some(total_col) = table.col(total_key) else {
                continue;
            };
            // Columns looked up once per table, not per line.
            let parts: Vec<(&str, usize)> = part_keys
                .iter()
                .filter_map(|k| table.col(k).map(|i| (*k, i)))
                .collect();
            if parts.is_empty() {
                continue;
            }
            let side_label = side_label_key(total_key);
            let side_col = side_label.map(|k| table.col(k));
            let side = side_label.map(|k| &k[..k.len() - ".item".len()]);
            // Rows are named with the label columns looked up once per table, and the relation
            // worded once (natively and in the speed build: a large department raises thousands
            // of rounding infos here, each naming its row).
            let describer = table.describer(side);
            let word_relation = || {
                let headers: Vec<String> =
                    parts.iter().map(|(k, _)| header_name(table, k)).collect();
                format!(
                    "{} = {}",
                    header_name(table, total_key),
                    headers.join(" + ")
                )
            };
            let relation = std::cell::OnceCell::new();
            // `Table::mantissa_at` with the line's amounts' width found once per table, not
            // per cell (a division).
            let width = if crate::FOR_SPEED {
                table.amount_width()
            } else {
                0
            };
            for line in &table.lines {
                if side_col.is_some_and(|c| c.is_none_or(|c| table.cell(line, c).trim().is_empty()))
                {
                    continue;
                }
                // Most rows hold: in integers when their cells allow.
                let base = line.index as usize * width;
                let at = |i: usize| {
                    if !crate::FOR_SPEED {
                        return table.mantissa_at(line, i); // fewer bytes in the page's core
                    }
                    let slot = table.columns[i].amount_slot?;
                    table.amounts.mantissa(base + slot as usize)
                };
                let parts_at = parts.iter().map(|&(_, i)| at(i));
                if equation::holds_inline(at(total_col), parts_at) == Some(true) {
                    continue;
                }
                let Some(total) = table.amount_at(line, total_col) else {
                    continue;
                };
                // Σ parts, None when a part did not parse (its own finding says so).
                let sum = parts.iter().try_fold(Decimal::ZERO, |s, &(_, i)| {
                    table.amount_at(line, i).map(|a| s + a.value)
                });
                match sum {
                    None => continue,
                    Some(sum) if sum == total.value => continue, // holds: nothing to build
                    Some(_) => {}
                }
                let terms = parts
                    .iter()
                    .map(|&(_, i)| {
                        let a = table.amount_at(line, i).expect("summed above");
                        Term::new(a, Decimal::ONE, table.loc_at(line, i))
                    })
                    .collect();
                let total = Term::new(total, Decimal::ONE, table.loc_at(line, total_col));
                equation::check(findings, &RULE, total, terms, &|| {
                    let relation = if crate::FOR_SPEED {
                        relation.get_or_init(word_relation).clone()
                    } else {
                        word_relation()
                    };
                    let row = describer.describe(line);
                    (format!("{}「{row}」", table.kind.name_zh()), relation)
                });
            }
        }
    }
}

/// For two-sided tables, the label column of the side a key belongs to.
fn side_label_key(key: &str) -> Option<&'static str> {
    if key.starts_with("in.") {
        Some("in.item")
    } else if key.starts_with("out.") {
        Some("out.item")
    } else {
        None
    }
}

/// The header words of a column, for messages ("当年预算/基本支出").
pub fn header_name(table: &crate::table::Table, key: &str) -> String {
    table
        .col(key)
        .map(|i| table.columns[i].header.to_string())
        .unwrap_or_else(|| key.to_string())
}
