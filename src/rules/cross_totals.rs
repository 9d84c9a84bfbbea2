//! GJ-X-TOTAL: the department's totals agree across the summary tables — 收支总表 本年收入合计
//! and 本年支出合计, 收入总表 合计, 支出总表 合计 — in every column they share.

use super::cross::{
    Fig, Name, Scales, consensus, fig, side_total, term_sum, total_line, without_flagged,
};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::{Table, TableKind};

pub static RULE: Rule = Rule {
    id: "GJ-X-TOTAL",
    severity: Severity::Error,
    title: "收支总表、收入总表、支出总表的合计不一致",
    what: rule_doc!(
        "收支总表的本年收入合计、本年支出合计，收入总表的合计行（或部门行），支出总表的合计行，在对应的列（合计、当年/编制预算、上年结转，及基本支出、项目支出）上相等。多数表一致而某一张不一致时，指出那一张。"
    ),
    why: rule_doc!(
        "三张表描述的是同一笔部门预算：收入总表分来源、支出总表分功能科目列示，收支总表汇总两者；合计不等说明某张表漏列、多列或抄错。"
    ),
    example: rule_doc!(
        "收支总表本年收入合计 29147.66 = 收入总表部门行合计 29147.66 = 支出总表合计 29147.66。"
    ),
    check: Some(check),
};

/// (T1 keys summed, T2 key, T3 keys summed, words).
const FAMILIES: &[(&[&str], &str, &[&str], &str)] = &[
    (&["total"], "total", &["total"], "合计"),
    (&["cur"], "cur.total", &["cur.total"], "当年预算"),
    (&["carry"], "carry.total", &["carry.total"], "上年结转"),
];

fn check(d: &Disclosure, findings: &mut Findings) {
    let flagged = super::cross_scale::flagged(d);
    let tables: Vec<&Table> = [TableKind::T1, TableKind::T2, TableKind::T3]
        .iter()
        .filter_map(|&k| d.table(k))
        .collect();
    if tables.len() < 2 {
        return;
    }
    let scales = Scales::new(&tables);
    let unit = tables.first().map_or("", |t| scales.unit_name(t));
    let t1 = d.table(TableKind::T1);
    let mut families: Vec<(Vec<(TableKind, Fig)>, &str)> = Vec::new();
    for (t1_keys, t2_key, t3_keys, words) in FAMILIES {
        let mut figs = Vec::new();
        if let Some(t) = t1 {
            for side in ["in", "out"] {
                let keys: Vec<String> = t1_keys.iter().map(|k| format!("{side}.{k}")).collect();
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                if let Some(line) = side_total(t, side)
                    && let Some((term, _)) = term_sum(t, line, &keys, &scales)
                {
                    let name = format!("收支总表「{}」", t.text(line, &format!("{side}.item")));
                    let name = Name::Text(name.into());
                    figs.push((t.kind, Fig { term, name }));
                }
            }
        }
        if let Some(t) = d.table(TableKind::T2)
            && let Some(line) = total_line(t)
            && let Some(f) = fig(t, line, t2_key, &scales)
        {
            figs.push((t.kind, f.named("收入总表合计")));
        }
        if let Some(t) = d.table(TableKind::T3)
            && let Some(line) = total_line(t)
            && let Some((term, _)) = term_sum(t, line, t3_keys, &scales)
        {
            let name = Name::Text("支出总表合计".into());
            figs.push((t.kind, Fig { term, name }));
        }
        families.push((figs, words));
    }
    // Shanghai-style 收支总表 split the expenditure total into basic and project spending.
    if let (Some(t), Some(t3)) = (t1, d.table(TableKind::T3))
        && let (Some(line), Some(l3)) = (side_total(t, "out"), total_line(t3))
    {
        for (keys, key3, words) in [
            (&["out.staff", "out.public"][..], "basic", "基本支出"),
            (&["out.project"][..], "project", "项目支出"),
        ] {
            let a = term_sum(t, line, keys, &scales);
            let b = fig(t3, l3, key3, &scales);
            if let (Some((term, _)), Some(b)) = (a, b) {
                let a = Fig {
                    term,
                    name: Name::Text("收支总表「支出总计」".into()),
                };
                families.push((vec![(t.kind, a), (t3.kind, b.named("支出总表合计"))], words));
            }
        }
    }
    for (figs, words) in families {
        let figs = without_flagged(figs, flagged);
        let subject = format!("部门合计「{words}」列（{unit}）");
        consensus(findings, &RULE, &subject, &figs);
    }
}
