//! Culprit grouping on the Changchun sample (www/samples): a wrong cell that breaks two equations
//! is named first, as the culprit, in both findings.

mod common;

use gouji::report::Role;
use gouji::{Input, Options, check};

fn sample() -> Vec<Input> {
    common::load_dir(&common::repo("www/samples"), |p| {
        p.extension().is_some_and(|e| e == "csv" || e == "txt")
    })
}

/// Rules of the findings whose first location is the culprit `file` at (row, column).
fn blamed(report: &gouji::Report, file: &str, row: u32, column: u32) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| {
            f.locations.first().is_some_and(|l| {
                l.role == Some(Role::Culprit)
                    && &*l.file == file
                    && l.row == row
                    && l.column == column
            })
        })
        .map(|f| f.rule)
        .collect()
}

#[test]
fn changchun_culprits() {
    let report = check(&sample(), &Options::default());
    // 收支总表 G10 "2.50" (国有资本经营预算支出 编制预算): row identity, the column sum and the
    // 支出总表 223 row.
    let mut g10 = blamed(&report, "01-收支总表.csv", 10, 7);
    g10.sort();
    assert_eq!(g10, ["GJ-ROW-IDENTITY", "GJ-T1-EXPENSE-SUM", "GJ-X-T1-T3"]);
    // 财政拨款收支总表 B6 "286636.36": row identity, the income sum and the fiscal totals of
    // 收支总表 and 一般公共预算支出表.
    let mut b6 = blamed(&report, "04-财政拨款收支总表.csv", 6, 2);
    b6.sort();
    assert_eq!(b6, ["GJ-ROW-IDENTITY", "GJ-T1-INCOME-SUM", "GJ-X-FISCAL"]);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "GJ-T1-INCOME-SUM")
        .unwrap();
    assert!(
        f.message
            .contains("最可能出错的单元格：财政拨款收支总表 B6（同时使 2 个等式不成立）"),
        "{}",
        f.message
    );
    // Only the first location of a finding is ever the culprit.
    for f in &report.findings {
        assert!(
            f.locations
                .iter()
                .skip(1)
                .all(|l| l.role != Some(Role::Culprit))
        );
    }
}
