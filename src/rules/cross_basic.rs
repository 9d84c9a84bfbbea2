//! Basic expenditure across tables. GJ-X-T5-T6: 一般公共预算支出表 合计行 当年基本支出 / 人员经费 /
//! 公用经费 = 一般公共预算基本支出表 总计 / 人员经费 / 公用经费. GJ-X-JIGUAN: the 机关运行经费 of
//! the 三公 table ≈ the 公用经费 of the basic-expenditure table (a warning: they may differ by
//! definition, but normally agree to the printed rounding).

use super::cross::{Fig, Scales, equal, fig, skip_pair, total_line};
use super::{Findings, Rule};
use crate::disclosure::Disclosure;
use crate::report::Severity;
use crate::table::{Line, Table, TableKind};

pub static T5_T6: Rule = Rule {
    id: "GJ-X-T5-T6",
    severity: Severity::Error,
    title: "一般公共预算基本支出与基本支出表不符",
    what: rule_doc!(
        "一般公共预算支出表合计行的当年基本支出、人员经费、公用经费，分别等于一般公共预算基本支出表的总计、人员经费、公用经费（只列基本支出的版式比较基本支出与总计）。基本支出含上年结转时，与当年加结转之和相等也视为一致。"
    ),
    why: rule_doc!(
        "一般公共预算基本支出表按经济分类展开一般公共预算支出表中的基本支出，两表的总数必须相同。"
    ),
    example: rule_doc!(
        "一般公共预算支出表 当年基本支出 9089.48、人员经费 7679.30、公用经费 1410.18 = 基本支出表 总计 9089.48、人员经费 7679.30、公用经费 1410.18。"
    ),
    check: Some(check_t5_t6),
};

pub static JIGUAN: Rule = Rule {
    id: "GJ-X-JIGUAN",
    severity: Severity::Warning,
    title: "机关运行经费与基本支出表公用经费不一致",
    what: rule_doc!(
        "“三公”经费和机关运行经费预算表的机关运行经费，与一般公共预算基本支出表的公用经费合计相比较（按万元折算，在较粗一方的四舍五入之内视为一致）。"
    ),
    why: rule_doc!(
        "机关运行经费是行政单位一般公共预算基本支出中的公用经费，通常与基本支出表的公用经费一致；不一致时应核对口径或数字。"
    ),
    example: rule_doc!(
        "机关运行经费 171.01 万元，基本支出表公用经费 1,710,062.00 元 = 171.0062 万元，四舍五入后一致。"
    ),
    check: Some(check_jiguan),
};

/// The 合计 line of the basic-expenditure table.
fn t6_total(t: &Table) -> Option<&Line> {
    t.lines.iter().find(|l| t.is_total(l))
}

fn check_t5_t6(d: &Disclosure, findings: &mut Findings) {
    let (Some(t5), Some(t6)) = (d.table(TableKind::T5), d.table(TableKind::T6)) else {
        return;
    };
    if skip_pair(d, t5.kind, t6.kind) {
        return;
    }
    let (Some(l5), Some(l6)) = (total_line(t5), t6_total(t6)) else {
        return;
    };
    let scales = Scales::new(&[t5, t6]);
    let unit = scales.unit_name(t5);
    for (k5, carry, k6) in [
        ("cur.basic", "carry.basic", "total"),
        ("basic", "", "total"),
        ("cur.staff", "carry.staff", "staff"),
        ("cur.public", "carry.public", "public"),
    ] {
        if k5 == "basic" && t5.has("cur.basic") {
            continue;
        }
        let (Some(a), Some(b)) = (fig(t6, l6, k6, &scales), fig(t5, l5, k5, &scales)) else {
            continue;
        };
        // Some templates include the carried-over basic spending in the basic table.
        if let Some(c) = fig(t5, l5, carry, &scales)
            && !c.term.value.is_zero()
            && (a.term.value - b.term.value - c.term.value).abs()
                <= a.term.tolerance + b.term.tolerance + c.term.tolerance
        {
            continue;
        }
        equal(findings, &T5_T6, a.term, vec![b.term], &|| {
            let relation = format!("{} = {}", a.name.text(), b.name.text());
            (format!("基本支出（{unit}）"), relation)
        });
    }
}

fn check_jiguan(d: &Disclosure, findings: &mut Findings) {
    let (Some(t7), Some(t6)) = (d.table(TableKind::T7), d.table(TableKind::T6)) else {
        return;
    };
    if skip_pair(d, t7.kind, t6.kind) {
        return;
    }
    let scales = Scales::new(&[t7, t6]);
    let Some(l7) = t7.lines.iter().find(|l| {
        // 0 or blank: a unit without 机关运行经费 (e.g. a public institution).
        t7.amount(l, "jiguan").is_some_and(|a| !a.value.is_zero())
    }) else {
        return;
    };
    let Some(l6) = t6_total(t6) else { return };
    let (Some(a), Some(b)): (Option<Fig>, Option<Fig>) = (
        fig(t7, l7, "jiguan", &scales).map(|f| f.named("机关运行经费")),
        fig(t6, l6, "public", &scales),
    ) else {
        return;
    };
    equal(findings, &JIGUAN, a.term, vec![b.term], &|| {
        let relation = format!("{} ≈ {}", a.name.text(), b.name.text());
        (
            format!("机关运行经费（{}）", scales.unit_name(t7)),
            relation,
        )
    });
}
