//! 项目支出绩效目标表 (T10) as projects: the table is exported with merged cells (unit, project,
//! amount, goal, 一级/二级指标 span several rows) left empty below their first row, so values are
//! carried forward; and indicator values ("≥95%", "等于3人", "150-240元", "及时") parsed into
//! (operator, number, unit) or a qualitative value.

use crate::amount::Amount;
use crate::table::{Line, Table};
use crate::text::{halfwidth, key};
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone)]
pub struct Indicator<'a> {
    pub line: &'a Line,
    /// 一级/二级 carried forward from the rows above when their cell is empty.
    pub level1: &'a str,
    pub level2: &'a str,
    pub name: &'a str,
    pub value: &'a str,
    pub weight: &'a str,
}

#[derive(Debug, Clone)]
pub struct Project<'a> {
    /// The unit (单位名称) with any leading unit code removed.
    pub unit: &'a str,
    pub name: &'a str,
    /// The first row of the block (where the project name is).
    pub line: &'a Line,
    pub amount: Option<Amount>,
    pub indicators: Vec<Indicator<'a>>,
}

/// The project blocks of a T10 table, in table order. Texts borrow the table's cells: several
/// rules call this, and copying every cell each time was a large part of a check.
pub fn projects(t: &Table) -> Vec<Project<'_>> {
    let mut out: Vec<Project> = Vec::new();
    let mut unit = "";
    let (mut l1, mut l2) = ("", "");
    for line in &t.lines {
        if t.is_total(line) {
            continue;
        }
        let u = t.text(line, "unit");
        if !u.is_empty() {
            unit = strip_unit_code(u);
        }
        let name = t.text(line, "project");
        let new_block = !name.is_empty() && out.last().is_none_or(|p| p.name != name);
        if new_block {
            out.push(Project {
                unit,
                name,
                line,
                amount: t.amount(line, "amount"),
                indicators: Vec::new(),
            });
            l1 = "";
            l2 = "";
        }
        let Some(project) = out.last_mut() else {
            continue;
        };
        let (a, b) = (t.text(line, "ind1"), t.text(line, "ind2"));
        if !a.is_empty() {
            l1 = a;
            l2 = "";
        }
        if !b.is_empty() {
            l2 = b;
        }
        let ind = Indicator {
            line,
            level1: l1,
            level2: l2,
            name: t.text(line, "ind3"),
            value: t.text(line, "ind.value"),
            weight: t.text(line, "ind.weight"),
        };
        let blank = ind.name.is_empty() && ind.value.is_empty() && ind.weight.is_empty();
        if !blank {
            project.indicators.push(ind);
        }
    }
    out
}

/// "310001 长春市社会保险事业管理局" → "长春市社会保险事业管理局".
fn strip_unit_code(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
}

/// Project-name key for matching across tables: whitespace, full/half width and bracket forms
/// ignored, and a trailing "项目" dropped.
pub fn name_key(s: &str) -> String {
    let k = key(s);
    k.strip_suffix("项目")
        .filter(|r| !r.is_empty())
        .map_or(k.clone(), str::to_string)
}

/// A weight cell as a number ("30", "30%", "30.0").
pub fn weight(s: &str) -> Option<Decimal> {
    let t = halfwidth(s.trim());
    let t = t.trim_end_matches('%').trim();
    Decimal::from_str(t).ok()
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
    let s: String = halfwidth(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '～' | '~' | '—' | '－' | '至' => '-',
            _ => c,
        })
        .collect();
    if s.is_empty() {
        return Err("指标值为空".into());
    }
    let (op, rest) = OPERATORS
        .iter()
        .find_map(|(w, op)| s.strip_prefix(w).map(|r| (Some(*op), r)))
        .unwrap_or((None, s.as_str()));
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        if s.chars().any(|c| c.is_ascii_digit()) {
            return Err(format!(
                "「{raw}」含数字，但不是「运算符 + 数值 + 计量单位」的形式"
            ));
        }
        return Ok(Value::Qualitative(s));
    }
    let (number, rest) = take_number(rest).ok_or_else(|| format!("「{raw}」的数值无法识别"))?;
    let (unit1, rest) = split_unit(rest);
    let (op, upper, unit, rest) = if let Some(r) = rest.strip_prefix('-') {
        let (upper, r) = take_number(r).ok_or_else(|| format!("「{raw}」的区间上限无法识别"))?;
        let (unit2, r) = split_unit(r);
        if !unit1.is_empty() && !unit2.is_empty() && unit1 != unit2 {
            return Err(format!("「{raw}」区间两端的计量单位不同"));
        }
        if op.is_some() {
            return Err(format!("「{raw}」既有运算符又是区间"));
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
    if !rest.is_empty() || unit.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("「{raw}」数值后还有无法识别的内容"));
    }
    Ok(Value::Quantity {
        op,
        number,
        upper,
        unit: unit.to_string(),
    })
}

fn take_number(s: &str) -> Option<(Decimal, &str)> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    let n = Decimal::from_str(&s[..end].replace(',', "")).ok()?;
    Some((n, &s[end..]))
}

/// The unit text after a number, up to a range separator.
fn split_unit(s: &str) -> (&str, &str) {
    let end = s.find('-').unwrap_or(s.len());
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
    fn names() {
        assert_eq!(
            name_key("社保局省（市）属采暖费补贴项目"),
            name_key("社保局省(市)属采暖费补贴")
        );
        assert_eq!(name_key("项目"), "项目");
        assert_eq!(
            strip_unit_code("310001 长春市社会保险事业管理局"),
            "长春市社会保险事业管理局"
        );
    }
}
