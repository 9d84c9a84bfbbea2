//! 项目支出绩效目标表, within the table: every indicator has a value and a weight
//! (GJ-T10-INDICATOR), each project's weights add up to the document's constant (GJ-T10-WEIGHTS),
//! 一级/二级指标 come from the standard framework (GJ-T10-LEVELS), values parse
//! (GJ-T10-VALUE), 成本指标 are upper bounds (GJ-T10-COST) and percentages stay ≤ 100 %
//! (GJ-T10-PERCENT).

use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::{Role, Severity};
use crate::t10::{self, Indicator, Op, Reading, parse_value};
use crate::text::key_cow;
use rust_decimal::Decimal;
use std::borrow::Cow;

pub static INDICATOR: Rule = Rule {
    id: "GJ-T10-INDICATOR",
    severity: Severity::Error,
    title: "绩效指标缺少指标值或权重",
    what: rule_doc!("项目支出绩效目标表中每一条三级指标都应填写指标值和权重。"),
    why: rule_doc!(
        "没有指标值的目标无法考核，没有权重的指标无法计分；漏填通常是合并单元格或复制时丢了内容。"
    ),
    example: rule_doc!(
        "「长春市社会保险事业管理局聘用人员经费」的「自主聘用人员配备数量」指标值、权重均为空。"
    ),
    check: Some(check_indicators),
};

pub static WEIGHTS: Rule = Rule {
    id: "GJ-T10-WEIGHTS",
    severity: Severity::Error,
    title: "项目指标权重之和不等于统一分值",
    what: rule_doc!(
        "每个项目的指标权重之和应等于全表统一的分值：90（另 10 分留给预算执行率）或 100。分值取自选项，未指定时按多数项目的权重合计推断。缺权重的项目由 GJ-T10-INDICATOR 报告，不在此重复。"
    ),
    why: rule_doc!("权重合计不一致，说明某条指标的权重填错或漏了指标，项目之间的评分也无法比较。"),
    example: rule_doc!(
        "多数项目权重合计 90，「档案中心档案存储管理服务」为 13+14+13+20+20+10 = 90，而某项目合计 95。"
    ),
    check: Some(check_weights),
};

pub static LEVELS: Rule = Rule {
    id: "GJ-T10-LEVELS",
    severity: Severity::Error,
    title: "绩效指标层级不规范",
    what: rule_doc!(
        "一级指标只能是产出、效益、成本、满意度指标；二级指标须属于其一级指标：产出（数量、质量、时效）、效益（经济效益、社会效益、生态效益、可持续影响）、成本（经济成本、社会成本、生态环境成本）、满意度（服务对象满意度）。"
    ),
    why: rule_doc!(
        "绩效指标体系按财政部共性框架设置，层级错配会使指标无法归类汇总，也往往是错行所致。"
    ),
    example: rule_doc!("一级指标「产出指标」下的二级指标写成「社会效益指标」。"),
    check: Some(check_levels),
};

pub static VALUE: Rule = Rule {
    id: "GJ-T10-VALUE",
    severity: Severity::Warning,
    title: "指标值无法识别",
    what: rule_doc!(
        "定量指标值应写成「运算符 + 数值 + 计量单位」（如 ≥95%、等于3人、≤16.57万元、150-240元），定性指标写成词语（如 及时、准确）。含数字却不成这种形式的指标值列出供核对。"
    ),
    why: rule_doc!("指标值格式混乱，考核时无法判断是否达成；常见于把说明文字填进指标值列。"),
    example: rule_doc!("指标值「第3季度前完成」含数字，但没有可比较的数值和单位。"),
    check: Some(check_values),
};

pub static COST: Rule = Rule {
    id: "GJ-T10-COST",
    severity: Severity::Warning,
    title: "成本指标不是上限",
    what: rule_doc!(
        "成本指标（一级指标为成本指标）的指标值通常应是上限（≤、<），写成 ≥、> 的列出供核对。"
    ),
    why: rule_doc!(
        "成本指标约束的是花费不超过多少；写成「不低于」意味着鼓励多花钱，多半是运算符写反了。"
    ),
    example: rule_doc!("成本指标「单人采暖补贴标准」指标值「>=1215元」。"),
    check: Some(check_cost),
};

pub static PERCENT: Rule = Rule {
    id: "GJ-T10-PERCENT",
    severity: Severity::Warning,
    title: "百分比指标超过 100%",
    what: rule_doc!("以 % 计量的指标值（完成率、满意度、及时率等）不应超过 100%。"),
    why: rule_doc!("比率超过 100% 通常是数值或单位填错。"),
    example: rule_doc!("「服务对象满意度」指标值「>=120%」。"),
    check: Some(check_percent),
};

fn check_indicators(d: &Disclosure, findings: &mut Findings) {
    let Some(projects) = t10::projects(d) else {
        return;
    };
    let t = projects.table;
    for p in projects.iter() {
        for ind in p.indicators() {
            let mut missing = Vec::new();
            let mut locations = Vec::new();
            if matches!(ind.reading(), Reading::Empty) {
                missing.push("指标值");
                locations.push(t.loc(ind.line(), "ind.value").with_role(Role::Culprit));
            }
            if ind.weight_is_empty() {
                missing.push("权重");
                locations.push(t.loc(ind.line(), "ind.weight").with_role(Role::Culprit));
            } else if ind.weight_value().is_none() {
                missing.push("有效的权重数值");
                locations.push(t.loc(ind.line(), "ind.weight").with_role(Role::Culprit));
            }
            if missing.is_empty() {
                continue;
            }
            super::codes::first_culprit(&mut locations);
            findings.push(
                &INDICATOR,
                format!(
                    "项目支出绩效目标表「{}」的指标「{}」（第 {} 行）缺少{}。",
                    p.name(),
                    indicator_name(&ind),
                    ind.line().row,
                    missing.join("和")
                ),
                locations,
            );
        }
    }
}

fn indicator_name(ind: &Indicator) -> String {
    if ind.name().is_empty() {
        format!("{}/{}", ind.level1(), ind.level2())
    } else {
        ind.name().to_string()
    }
}

fn check_weights(d: &Disclosure, findings: &mut Findings) {
    let Some(projects) = t10::projects(d) else {
        return;
    };
    let t = projects.table;
    let sums: Vec<(usize, Decimal)> = projects
        .iter()
        .enumerate()
        .filter(|(_, p)| p.has_indicators())
        .filter_map(|(i, p)| p.weight_sum().map(|s| (i, s)))
        .collect();
    let (target, how) = match d.options.t10_weight_total {
        Some(v) => (Decimal::from(v), "按选项设定".to_string()),
        None => {
            let mut votes: crate::hash::HashMap<Decimal, usize> = crate::hash::HashMap::default();
            for (_, s) in &sums {
                *votes.entry(s.normalize()).or_default() += 1;
            }
            // Ties go to the standard values, 90 before 100.
            let Some((v, n)) = votes
                .into_iter()
                .max_by_key(|(v, n)| (*n, *v == Decimal::from(90), *v == Decimal::from(100), -*v))
            else {
                return;
            };
            (v, format!("全表 {} 个项目中 {n} 个为此数", sums.len()))
        }
    };
    for (i, s) in sums {
        if s == target {
            continue;
        }
        let p = projects.get(i);
        let parts: Vec<String> = p.indicators().map(|i| i.weight().to_string()).collect();
        let locations = p
            .indicators()
            .map(|i| t.loc(i.line(), "ind.weight").with_role(Role::Operand))
            .collect();
        let f = findings.push(
            &WEIGHTS,
            format!(
                "项目支出绩效目标表「{}」的指标权重合计 {} = {}，不等于统一分值 {}（{how}）。",
                p.name(),
                parts.join(" + "),
                s.normalize(),
                target.normalize()
            ),
            locations,
        );
        f.expected = Some(target.normalize().to_string());
        f.actual = Some(s.normalize().to_string());
        f.difference = Some((s - target).normalize().to_string());
    }
}

/// 一级指标 (key without "指标") → its allowed 二级 (same form).
const FRAMEWORK: &[(&str, &[&str])] = &[
    ("产出", &["数量", "质量", "时效"]),
    ("效益", &["经济效益", "社会效益", "生态效益", "可持续影响"]),
    ("成本", &["经济成本", "社会成本", "生态环境成本"]),
    ("满意度", &["服务对象满意度"]),
];

/// A level's key without "指标" (borrowing the cell when it is already in key form).
fn level_key(s: &str) -> Cow<'_, str> {
    match key_cow(s) {
        Cow::Borrowed(k) => Cow::Borrowed(k.strip_suffix("指标").unwrap_or(k)),
        Cow::Owned(k) => Cow::Owned(k.strip_suffix("指标").unwrap_or(&k).to_string()),
    }
}

/// Where a (一级, 二级) pair breaks the framework.
#[derive(Clone, Copy)]
enum Verdict {
    Fits,
    /// The 一级 is none of the four.
    Level1,
    /// The 二级 is not one of these of its 一级.
    Level2(&'static [&'static str]),
}

fn verdict(level1: &str, level2: &str) -> Verdict {
    if level1.is_empty() && level2.is_empty() {
        return Verdict::Fits; // no levels given: nothing to judge
    }
    let l1 = level_key(level1);
    let Some((_, allowed)) = FRAMEWORK.iter().find(|(n, _)| *n == l1) else {
        return Verdict::Level1;
    };
    if !level2.is_empty() && !allowed.contains(&&*level_key(level2)) {
        return Verdict::Level2(allowed);
    }
    Verdict::Fits
}

fn check_levels(d: &Disclosure, findings: &mut Findings) {
    let Some(projects) = t10::projects(d) else {
        return;
    };
    let t = projects.table;
    let mut judged = projects.per_level_pair();
    for p in projects.iter() {
        for ind in p.indicators() {
            match judged.judge(&ind, || verdict(ind.level1(), ind.level2())) {
                Verdict::Fits => {}
                Verdict::Level1 => {
                    let level1 = ind.level1();
                    findings.push(
                        &LEVELS,
                        format!(
                            "项目支出绩效目标表「{}」第 {} 行的一级指标「{}」不是产出、效益、成本、满意度指标之一。",
                            p.name(),
                            ind.line().row,
                            level1
                        ),
                        vec![t.loc(ind.line(), "ind1").with_role(Role::Culprit)],
                    );
                }
                Verdict::Level2(allowed) => {
                    let (level1, level2) = (ind.level1(), ind.level2());
                    findings.push(
                        &LEVELS,
                        format!(
                            "项目支出绩效目标表「{}」第 {} 行的二级指标「{}」不属于一级指标「{}」（应为 {} 之一）。",
                            p.name(),
                            ind.line().row,
                            level2,
                            level1,
                            allowed
                                .iter()
                                .map(|a| format!("{a}指标"))
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                        vec![t.loc(ind.line(), "ind2").with_role(Role::Culprit)],
                    );
                }
            }
        }
    }
}

fn check_values(d: &Disclosure, findings: &mut Findings) {
    let Some(projects) = t10::projects(d) else {
        return;
    };
    let t = projects.table;
    for p in projects.iter() {
        for ind in p.indicators() {
            if !matches!(ind.reading(), Reading::Unreadable) {
                continue; // an empty value is GJ-T10-INDICATOR's
            }
            if let Err(why) = parse_value(ind.value()) {
                findings.push(
                    &VALUE,
                    format!(
                        "项目支出绩效目标表「{}」的指标「{}」：{why}。",
                        p.name(),
                        indicator_name(&ind)
                    ),
                    vec![t.loc(ind.line(), "ind.value").with_role(Role::Culprit)],
                );
            }
        }
    }
}

fn check_cost(d: &Disclosure, findings: &mut Findings) {
    let Some(projects) = t10::projects(d) else {
        return;
    };
    let t = projects.table;
    let mut is_cost = projects.per_level_pair();
    for p in projects.iter() {
        for ind in p.indicators() {
            let Reading::Quantity {
                op: op @ (Op::Ge | Op::Gt),
                ..
            } = ind.reading()
            else {
                continue;
            };
            if !is_cost.judge(&ind, || level_key(ind.level1()) == "成本") {
                continue;
            }
            findings.push(
                &COST,
                format!(
                    "项目支出绩效目标表「{}」的成本指标「{}」指标值「{}」是下限（{}），成本指标通常应为上限（≤）。",
                    p.name(),
                    indicator_name(&ind),
                    ind.value(),
                    op.symbol()
                ),
                vec![t.loc(ind.line(), "ind.value").with_role(Role::Culprit)],
            );
        }
    }
}

fn check_percent(d: &Disclosure, findings: &mut Findings) {
    let Some(projects) = t10::projects(d) else {
        return;
    };
    let t = projects.table;
    for p in projects.iter() {
        for ind in p.indicators() {
            if let Reading::Quantity {
                over_hundred_percent: true,
                ..
            } = ind.reading()
            {
                findings.push(
                    &PERCENT,
                    format!(
                        "项目支出绩效目标表「{}」的指标「{}」指标值「{}」超过 100%。",
                        p.name(),
                        indicator_name(&ind),
                        ind.value()
                    ),
                    vec![t.loc(ind.line(), "ind.value").with_role(Role::Culprit)],
                );
            }
        }
    }
}
