//! The rule registry. Every check the product makes is a `Rule`: a stable id, a severity, a
//! one-line title, and docs (检查什么 / 为什么 / 示例). Rules live one per file (or per small family)
//! in this directory; `ALL` lists them, and `docs/rules.md` is generated from it
//! (`gouji rules --markdown`), and the page's copy, `www/pkg/rules.json`, too (`gouji rules --json`,
//! run by scripts/build-wasm.sh).

/// A rule's docs text (检查什么 / 为什么 / 示例): compiled in with the `rule-docs` feature (default);
/// the page's core wasm module goes without (it is ~12 KB gzipped of its first load) and fetches
/// `pkg/rules.json` when the page first shows a rule's docs.
macro_rules! rule_doc {
    ($text:literal) => {
        if cfg!(feature = "rule-docs") {
            $text
        } else {
            ""
        }
    };
}

pub mod code_hierarchy;
pub mod codes;
pub mod compare;
pub mod cross;
pub mod cross_basic;
pub mod cross_fiscal;
pub mod cross_project;
pub mod cross_sangong;
pub mod cross_scale;
pub mod cross_t1_t2;
pub mod cross_t1_t3;
pub mod cross_t3_t5;
pub mod cross_totals;
pub mod empty_note;
pub mod equation;
pub mod input;
pub mod narrative_amount;
pub mod narrative_arith;
pub mod narrative_common;
pub mod narrative_consistency;
pub mod narrative_count;
pub mod project_levels;
pub mod rounding;
pub mod row_identity;
pub mod staff_public;
pub mod t10_amount;
pub mod t10_count;
pub mod t10_coverage;
pub mod t10_indicators;
pub mod total_row;
pub mod two_sided;

use crate::disclosure::Disclosure;
use crate::report::{Finding, Location, Severity};

pub type CheckFn = fn(&Disclosure, &mut Findings);

pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    /// 检查什么
    pub what: &'static str,
    /// 为什么
    pub why: &'static str,
    /// 示例
    pub example: &'static str,
    /// None for rules whose findings the input layer raises while reading files.
    pub check: Option<CheckFn>,
}

/// Every rule, in catalogue order.
pub fn all() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = Vec::new();
    rules.extend(input::RULES);
    rules.extend([
        &row_identity::RULE,
        &code_hierarchy::RULE,
        &codes::MALFORMED,
        &codes::UNKNOWN,
        &codes::NAME,
        &codes::OLDNAME,
        &codes::PARENT,
        &codes::LEAF,
        &total_row::RULE,
        &two_sided::INCOME_TOTAL,
        &two_sided::EXPENSE_TOTAL,
        &two_sided::BALANCE,
        &project_levels::LEVELS,
        &project_levels::TOTAL,
        &staff_public::RULE,
        &empty_note::RULE,
        &t10_amount::AMOUNT,
        &t10_amount::UNIT,
        &t10_coverage::RULE,
        &t10_count::RULE,
        &t10_indicators::INDICATOR,
        &t10_indicators::WEIGHTS,
        &t10_indicators::LEVELS,
        &t10_indicators::VALUE,
        &t10_indicators::COST,
        &t10_indicators::PERCENT,
        &cross_scale::RULE,
        &cross_totals::RULE,
        &cross_t1_t2::RULE,
        &cross_t1_t3::RULE,
        &cross_fiscal::FISCAL,
        &cross_fiscal::T4_T5,
        &cross_t3_t5::RULE,
        &cross_basic::T5_T6,
        &cross_basic::JIGUAN,
        &cross_sangong::RULE,
        &cross_project::T9_T3,
        &cross_project::T9_FUND,
        &narrative_amount::AMOUNT,
        &narrative_amount::UNIT,
        &narrative_arith::SHARE,
        &narrative_arith::CHANGE,
        &narrative_arith::PARTS,
        &narrative_consistency::REPEAT,
        &narrative_consistency::PREV,
        &narrative_consistency::YEAR,
        &narrative_count::RULE,
        &rounding::RULE,
    ]);
    rules
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    all().into_iter().find(|r| r.id == id)
}

/// Collects findings; a rule pushes through it so the rule's id, title and severity are filled in
/// one place.
#[derive(Default)]
pub struct Findings {
    pub list: Vec<Finding>,
}

impl Findings {
    pub fn push(
        &mut self,
        rule: &'static Rule,
        message: String,
        locations: Vec<Location>,
    ) -> &mut Finding {
        self.push_with(rule, rule.severity, message, locations)
    }

    pub fn push_with(
        &mut self,
        rule: &'static Rule,
        severity: Severity,
        message: String,
        locations: Vec<Location>,
    ) -> &mut Finding {
        self.list.push(Finding {
            rule: rule.id,
            severity,
            title: rule.title,
            message,
            locations,
            expected: None,
            actual: None,
            difference: None,
        });
        self.list.last_mut().expect("just pushed")
    }
}

/// The rules whose work grows with the department's projects (项目支出表, 绩效目标表), longest
/// first as measured on the synthetic department (`GOUJI_TIMINGS=1`): they start first and the
/// short rules fill the threads' ends (one started last had kept a thread busy alone for
/// 0.1–0.2 s of a 102 MB check). GJ-T10-MISSING before GJ-T10-COST: whichever starts first also
/// reads the T10 projects the others share.
#[cfg(not(target_arch = "wasm32"))]
const LONGEST_FIRST: [&str; 9] = [
    "GJ-T9-LEVELS",
    "GJ-T10-MISSING",
    "GJ-T10-COST",
    "GJ-T10-AMOUNT",
    "GJ-ROW-IDENTITY",
    "GJ-T10-WEIGHTS",
    "GJ-T10-INDICATOR",
    "GJ-T10-LEVELS",
    "GJ-T9-TOTAL",
];

/// Run every table and cross-table rule on a disclosure. Rules only read the disclosure, so they
/// run in parallel natively; their findings are appended in catalogue order, as if run in turn.
pub fn run(disclosure: &Disclosure, findings: &mut Findings) {
    let checks: Vec<(&str, CheckFn)> = all()
        .into_iter()
        .filter_map(|r| Some((r.id, r.check?)))
        .collect();
    let run_one = |&(id, check): &(&str, CheckFn)| {
        let mut own = Findings::default();
        crate::timing::phase(id, || check(disclosure, &mut own));
        own.list
    };
    #[cfg(not(target_arch = "wasm32"))]
    let lists = {
        let first: Vec<usize> = LONGEST_FIRST
            .iter()
            .filter_map(|id| checks.iter().position(|&(c, _)| c == *id))
            .collect();
        crate::par::map_longest_first(&checks, &first, run_one)
    };
    #[cfg(target_arch = "wasm32")]
    let lists = crate::par::map(&checks, run_one);
    // Reserved exactly natively: a doubling list of a large department's findings costs
    // megabytes (the page's core wasm module, budgeted by the byte, goes without).
    if cfg!(not(target_arch = "wasm32")) {
        findings
            .list
            .reserve_exact(lists.iter().map(Vec::len).sum());
    }
    findings.list.extend(lists.into_iter().flatten());
}

#[derive(serde::Serialize)]
struct RuleDoc {
    id: &'static str,
    severity: &'static str,
    title: &'static str,
    what: &'static str,
    why: &'static str,
    example: &'static str,
}

/// The catalogue as JSON, `[{id, severity, title, what, why, example}]`, for the page's rule docs.
pub fn catalogue_json() -> String {
    let docs: Vec<RuleDoc> = all()
        .into_iter()
        .map(|r| RuleDoc {
            id: r.id,
            severity: r.severity.as_str(),
            title: r.title,
            what: r.what,
            why: r.why,
            example: r.example,
        })
        .collect();
    serde_json::to_string(&docs).expect("plain strings serialize")
}

/// Render the catalogue as Markdown (docs/rules.md).
pub fn catalogue_markdown() -> String {
    let mut out = String::from(
        "# 规则目录 (rule catalogue)\n\n<!-- Generated by `cargo run -- rules --markdown`; do not edit by hand. -->\n\n",
    );
    out.push_str("| id | 级别 | 标题 |\n|---|---|---|\n");
    for r in all() {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} |\n",
            r.id,
            r.id.to_lowercase(),
            r.severity.label_zh(),
            r.title
        ));
    }
    for r in all() {
        out.push_str(&format!(
            "\n## {}\n\n**{}** · 级别：{} (`{}`)\n\n**检查什么：** {}\n\n**为什么：** {}\n\n**示例：** {}\n",
            r.id,
            r.title,
            r.severity.label_zh(),
            r.severity.as_str(),
            r.what,
            r.why,
            r.example
        ));
    }
    out
}
