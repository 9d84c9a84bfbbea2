//! GJ-ROUNDING: a sum that differs from its parts only within the rounding of the printed
//! figures. Raised by the sum rules instead of an error; never a warning or error itself.

use super::Rule;
use crate::report::Severity;

pub static RULE: Rule = Rule {
    id: "GJ-ROUNDING",
    severity: Severity::Info,
    title: "尾差（四舍五入差异）",
    what: rule_doc!(
        "合计与各分项之和相差不超过各数四舍五入误差之和（例如 0.01 万元）时，记为提示而非错误。"
    ),
    why: rule_doc!(
        "表中每个数都是精确值四舍五入到 0.01 后印出的，合计是精确合计的四舍五入值，因此与分项印出值之和可以相差几分，这是正当的尾差。"
    ),
    example: rule_doc!("合计 1.00 = 0.33 + 0.33 + 0.33（相差 0.01，属尾差）。"),
    check: None,
};
