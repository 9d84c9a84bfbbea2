//! Table layouts, declared as data. A layout says how one region publishes one standard table:
//! words of its title, and for each semantic column the header path that names it. Recognition
//! (`recognize.rs`) scores every layout against a sheet and keeps the best; adding a region's
//! variant means adding a `Layout` here, not writing parsing code.
//!
//! Header patterns: tokens separated by '/', each token a '|'-separated list of alternatives that
//! must occur (after `text::key` normalization) in successive segments of the column's flattened
//! header path. Path segments a pattern does not mention are allowed before the first matched
//! segment (group headings such as "项目" or "支出预算") and when they are "小计"/"合计" (a
//! merged cell's own subtotal); anywhere else they make the match fail, so "当年/基本" matches
//! "当年预算/基本支出/小计" but not "当年预算/基本支出/人员经费".

use crate::table::TableKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// A money amount.
    Amount,
    /// A label, name or code.
    Text,
}

#[derive(Debug, Clone, Copy)]
pub struct ColSpec {
    pub key: &'static str,
    pub pattern: &'static str,
    pub kind: ColKind,
    /// Recognition fails without it.
    pub required: bool,
}

#[derive(Debug)]
pub struct Layout {
    /// Stable id, "<region>-<table>".
    pub id: &'static str,
    pub region: &'static str,
    pub kind: TableKind,
    /// Any of these (normalized) in the title identifies the table...
    pub titles: &'static [&'static str],
    /// ...unless one of these is in it too.
    pub not_titles: &'static [&'static str],
    pub columns: &'static [ColSpec],
}

const fn req(key: &'static str, pattern: &'static str) -> ColSpec {
    ColSpec {
        key,
        pattern,
        kind: ColKind::Amount,
        required: true,
    }
}

const fn opt(key: &'static str, pattern: &'static str) -> ColSpec {
    ColSpec {
        key,
        pattern,
        kind: ColKind::Amount,
        required: false,
    }
}

const fn text(key: &'static str, pattern: &'static str) -> ColSpec {
    ColSpec {
        key,
        pattern,
        kind: ColKind::Text,
        required: true,
    }
}

const fn text_opt(key: &'static str, pattern: &'static str) -> ColSpec {
    ColSpec {
        key,
        pattern,
        kind: ColKind::Text,
        required: false,
    }
}

/// Function-classification code columns split over 类/款/项 (Shanghai style).
const SPLIT_FUNCTION_CODE: [ColSpec; 3] = [
    text("code1", "编码/类"),
    text("code2", "编码/款"),
    text("code3", "编码/项"),
];

/// A region: the set of tables its disclosures publish (what `GJ-INPUT-MISSING` expects).
#[derive(Debug)]
pub struct Region {
    pub id: &'static str,
    pub tables: &'static [TableKind],
}

pub static REGIONS: &[Region] = &[
    Region {
        id: "changchun",
        tables: &[
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
        ],
    },
    Region {
        id: "shanghai",
        tables: &[
            TableKind::T1,
            TableKind::T2,
            TableKind::T3,
            TableKind::T4,
            TableKind::T5,
            TableKind::T8,
            TableKind::Gzy,
            TableKind::T6,
            TableKind::T7,
        ],
    },
];

pub fn region(id: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.id == id)
}

pub static LAYOUTS: &[Layout] = &[
    // ---- Changchun (national template as published by Jilin province departments) ----
    Layout {
        id: "changchun-T1",
        region: "changchun",
        kind: TableKind::T1,
        titles: &["收支总表"],
        not_titles: &["财政拨款"],
        columns: &[
            text("in.item", "收入/项目"),
            req("in.total", "收入/本年预算"),
            req("in.cur", "收入/编制预算|当年预算"),
            req("in.carry", "收入/上年结转"),
            text("out.item", "支出/项目"),
            req("out.total", "支出/本年预算"),
            req("out.cur", "支出/编制预算|当年预算"),
            req("out.carry", "支出/上年结转"),
        ],
    },
    Layout {
        id: "changchun-T2",
        region: "changchun",
        kind: TableKind::T2,
        titles: &["收入总表"],
        not_titles: &[],
        columns: &[
            text("code", "代码|编码"),
            text("name", "名称"),
            req("total", "合计"),
            req("cur.total", "编制预算|当年预算"),
            opt("cur.gpb", "编制预算|当年预算/一般公共预算"),
            opt("cur.fund", "编制预算|当年预算/政府性基金"),
            opt("cur.soe", "编制预算|当年预算/国有资本经营"),
            opt("cur.zhuanhu", "编制预算|当年预算/财政专户"),
            opt("cur.shiye", "编制预算|当年预算/事业收入"),
            opt("cur.jingying", "编制预算|当年预算/经营收入"),
            opt("cur.shangji", "编制预算|当年预算/上级补助"),
            opt("cur.fushu", "编制预算|当年预算/附属单位"),
            opt("cur.other", "编制预算|当年预算/其他收入"),
            req("carry.total", "上年结转"),
            opt("carry.gpb", "上年结转/一般公共预算"),
            opt("carry.fund", "上年结转/政府性基金"),
            opt("carry.soe", "上年结转/国有资本经营"),
            opt("carry.zhuanhu", "上年结转/财政专户"),
            opt("carry.unitfund", "上年结转/单位资金"),
        ],
    },
    Layout {
        id: "changchun-T3",
        region: "changchun",
        kind: TableKind::T3,
        titles: &["支出总表"],
        not_titles: &[],
        columns: &[
            text("code", "编码"),
            text("name", "名称"),
            req("total", "合计"),
            req("cur.total", "当年预算"),
            req("cur.basic", "当年预算/基本支出"),
            req("cur.project", "当年预算/项目支出"),
            opt("cur.unit", "当年预算/单位资金"),
            req("carry.total", "上年结转"),
            opt("carry.basic", "上年结转/基本支出"),
            opt("carry.project", "上年结转/项目支出"),
            opt("carry.unit", "上年结转/单位资金"),
        ],
    },
    Layout {
        id: "changchun-T4",
        region: "changchun",
        kind: TableKind::T4,
        titles: &["财政拨款收支总表"],
        not_titles: &[],
        columns: &[
            text("in.item", "收入/项目"),
            req("in.total", "收入/本年预算"),
            req("in.cur", "收入/编制预算|当年预算"),
            req("in.carry", "收入/上年结转"),
            text("out.item", "支出/项目"),
            req("out.total", "支出/本年预算"),
            req("out.cur", "支出/编制预算|当年预算"),
            req("out.carry", "支出/上年结转"),
        ],
    },
    Layout {
        id: "changchun-T5",
        region: "changchun",
        kind: TableKind::T5,
        titles: &["一般公共预算支出表"],
        not_titles: &["基本支出", "三公"],
        columns: &[
            text("code", "编码"),
            text("name", "名称"),
            req("total", "合计"),
            req("cur.total", "当年预算"),
            req("cur.basic", "当年预算/基本支出"),
            opt("cur.staff", "当年预算/基本支出/人员经费"),
            opt("cur.public", "当年预算/基本支出/公用经费"),
            req("cur.project", "当年预算/项目支出"),
            req("carry.total", "上年结转"),
            opt("carry.basic", "上年结转/基本支出"),
            opt("carry.staff", "上年结转/基本支出/人员经费"),
            opt("carry.public", "上年结转/基本支出/公用经费"),
            opt("carry.project", "上年结转/项目支出"),
        ],
    },
    Layout {
        id: "changchun-T6",
        region: "changchun",
        kind: TableKind::T6,
        titles: &["基本支出表"],
        not_titles: &[],
        columns: &[
            text("code", "编码"),
            text("name", "经济分类|名称"),
            req("total", "总计|合计"),
            req("staff", "人员经费"),
            req("public", "公用经费"),
        ],
    },
    Layout {
        id: "changchun-T7",
        region: "changchun",
        kind: TableKind::T7,
        titles: &["三公"],
        not_titles: &[],
        columns: &[
            req("total", "三公经费合计|合计"),
            req("abroad", "因公出国"),
            opt("abroad.cur", "因公出国/当年"),
            opt("abroad.carry", "因公出国/上年结转"),
            req("car", "公务用车购置及运行"),
            opt("car.buy", "公务用车购置及运行/购置费"),
            opt("car.buy.cur", "公务用车购置及运行/购置费/当年"),
            opt("car.buy.carry", "公务用车购置及运行/购置费/上年结转"),
            opt("car.run", "公务用车购置及运行/运行费"),
            opt("car.run.cur", "公务用车购置及运行/运行费/当年"),
            opt("car.run.carry", "公务用车购置及运行/运行费/上年结转"),
            req("reception", "公务接待"),
            opt("reception.cur", "公务接待/当年"),
            opt("reception.carry", "公务接待/上年结转"),
        ],
    },
    Layout {
        id: "changchun-T8",
        region: "changchun",
        kind: TableKind::T8,
        titles: &["政府性基金预算支出表"],
        not_titles: &[],
        columns: &[
            text("code", "编码"),
            text("name", "名称"),
            req("total", "合计"),
            req("basic", "基本支出"),
            req("project", "项目支出"),
        ],
    },
    Layout {
        id: "changchun-T9",
        region: "changchun",
        kind: TableKind::T9,
        titles: &["项目支出表"],
        not_titles: &["绩效"],
        columns: &[
            text_opt("type", "类型"),
            text("name1", "项目名称/一级项目"),
            text("name2", "项目名称/二级项目"),
            text_opt("unit", "项目单位|单位名称"),
            req("total", "合计"),
            opt("cur.gpb", "本年财政拨款/一般公共预算"),
            opt("cur.fund", "本年财政拨款/政府性基金"),
            opt("cur.soe", "本年财政拨款/国有资本经营"),
            opt("carry.gpb", "财政拨款结转/一般公共预算"),
            opt("carry.fund", "财政拨款结转/政府性基金"),
            opt("carry.soe", "财政拨款结转/国有资本经营"),
            opt("zhuanhu", "财政专户"),
            opt("unitfund", "单位资金"),
        ],
    },
    Layout {
        id: "changchun-T10",
        region: "changchun",
        kind: TableKind::T10,
        titles: &["绩效目标表"],
        not_titles: &[],
        columns: &[
            text_opt("unit", "单位名称"),
            text("project", "项目名称"),
            req("amount", "资金总额|金额"),
            text_opt("goal", "绩效目标"),
            text("ind1", "一级指标"),
            text("ind2", "二级指标"),
            text("ind3", "三级指标"),
            text_opt("explain", "指标解释"),
            text("ind.value", "指标值"),
            text("ind.weight", "权重"),
        ],
    },
    // ---- Shanghai (普陀区 and districts using the same template) ----
    Layout {
        id: "shanghai-T1",
        region: "shanghai",
        kind: TableKind::T1,
        titles: &["财务收支预算总表", "收支预算总表"],
        not_titles: &["财政拨款"],
        columns: &[
            text("in.item", "本年收入/项目"),
            req("in.total", "本年收入/预算数"),
            text("out.item", "本年支出/项目"),
            req("out.total", "本年支出/预算数"),
            opt("out.basic", "本年支出/预算数/基本支出"),
            opt("out.staff", "本年支出/预算数/基本支出/人员经费"),
            opt("out.public", "本年支出/预算数/基本支出/公用经费"),
            opt("out.project", "本年支出/预算数/项目支出"),
        ],
    },
    Layout {
        id: "shanghai-T2",
        region: "shanghai",
        kind: TableKind::T2,
        titles: &["收入预算总表"],
        not_titles: &[],
        columns: &[
            SPLIT_FUNCTION_CODE[0],
            SPLIT_FUNCTION_CODE[1],
            SPLIT_FUNCTION_CODE[2],
            text("name", "名称"),
            req("total", "收入预算/合计"),
            req("fiscal", "收入预算/财政拨款"),
            opt("shiye", "收入预算/事业收入"),
            opt("jingying", "收入预算/经营收入"),
            opt("other", "收入预算/其他收入"),
        ],
    },
    Layout {
        id: "shanghai-T3",
        region: "shanghai",
        kind: TableKind::T3,
        titles: &["支出预算总表"],
        not_titles: &[],
        columns: &[
            SPLIT_FUNCTION_CODE[0],
            SPLIT_FUNCTION_CODE[1],
            SPLIT_FUNCTION_CODE[2],
            text("name", "名称"),
            req("total", "支出预算/合计"),
            req("basic", "支出预算/基本支出"),
            req("project", "支出预算/项目支出"),
        ],
    },
    Layout {
        id: "shanghai-T4",
        region: "shanghai",
        kind: TableKind::T4,
        titles: &["财政拨款收支预算总表"],
        not_titles: &[],
        columns: &[
            text("in.item", "收入/项目"),
            req("in.total", "收入/预算数"),
            text("out.item", "支出/项目"),
            req("out.total", "支出/合计"),
            opt("out.gpb", "支出/一般公共预算"),
            opt("out.fund", "支出/政府性基金"),
            opt("out.soe", "支出/国有资本经营"),
        ],
    },
    Layout {
        id: "shanghai-T5",
        region: "shanghai",
        kind: TableKind::T5,
        titles: &["一般公共预算支出功能分类预算表"],
        not_titles: &["基本支出"],
        columns: &[
            SPLIT_FUNCTION_CODE[0],
            SPLIT_FUNCTION_CODE[1],
            SPLIT_FUNCTION_CODE[2],
            text("name", "名称"),
            req("total", "一般公共预算支出/合计"),
            req("basic", "一般公共预算支出/基本支出"),
            req("project", "一般公共预算支出/项目支出"),
        ],
    },
    Layout {
        id: "shanghai-T8",
        region: "shanghai",
        kind: TableKind::T8,
        titles: &["政府性基金预算支出功能分类预算表"],
        not_titles: &[],
        columns: &[
            SPLIT_FUNCTION_CODE[0],
            SPLIT_FUNCTION_CODE[1],
            SPLIT_FUNCTION_CODE[2],
            text("name", "名称"),
            req("total", "政府性基金预算支出/合计"),
            req("basic", "政府性基金预算支出/基本支出"),
            req("project", "政府性基金预算支出/项目支出"),
        ],
    },
    Layout {
        id: "shanghai-GZY",
        region: "shanghai",
        kind: TableKind::Gzy,
        titles: &[
            "国有资本经营预算支出功能分类预算表",
            "国有资本经营预算支出表",
        ],
        not_titles: &[],
        columns: &[
            SPLIT_FUNCTION_CODE[0],
            SPLIT_FUNCTION_CODE[1],
            SPLIT_FUNCTION_CODE[2],
            text("name", "名称"),
            req("total", "国有资本经营预算支出/合计"),
            req("basic", "国有资本经营预算支出/基本支出"),
            req("project", "国有资本经营预算支出/项目支出"),
        ],
    },
    Layout {
        id: "shanghai-T6",
        region: "shanghai",
        kind: TableKind::T6,
        titles: &["基本支出部门预算经济分类预算表", "基本支出经济分类预算表"],
        not_titles: &[],
        columns: &[
            text("code1", "编码/类"),
            text("code2", "编码/款"),
            text("name", "名称"),
            req("total", "基本支出/合计"),
            req("staff", "基本支出/人员经费"),
            req("public", "基本支出/公用经费"),
        ],
    },
    Layout {
        id: "shanghai-T7",
        region: "shanghai",
        kind: TableKind::T7,
        titles: &["三公经费和机关运行经费预算表", "三公"],
        not_titles: &[],
        columns: &[
            req("total", "三公经费预算数/合计"),
            req("abroad", "三公经费预算数/因公出国"),
            req("reception", "三公经费预算数/公务接待"),
            req("car", "三公经费预算数/公务用车购置及运行"),
            opt("car.buy", "三公经费预算数/公务用车购置及运行/购置费"),
            opt("car.run", "三公经费预算数/公务用车购置及运行/运行费"),
            opt("jiguan", "机关运行经费"),
        ],
    },
];

/// Does `pattern` name the column whose flattened header path is `path` (segments already
/// key-normalized)? See the module docs for the matching rule.
///
/// Patterns are written in key form (`text::key`; a test checks every layout's), so this runs
/// without allocating: it is called for every layout column against every header path.
pub fn pattern_matches(pattern: &str, path: &[String]) -> bool {
    // Split by bytes ('/' and '|' are ASCII): the general string splitting showed in profiles.
    let mut tokens = pattern.as_bytes().split(|&b| b == b'/');
    let mut token = tokens.next();
    let mut started = false;
    for segment in path {
        let matched = token.is_some_and(|t| {
            t.split(|&b| b == b'|')
                .any(|alt| crate::text::contains_bytes(segment.as_bytes(), alt))
        });
        if matched {
            token = tokens.next();
            started = true;
        } else if started && !is_subtotal(segment) {
            return false;
        }
    }
    token.is_none()
}

fn is_subtotal(segment: &str) -> bool {
    segment == "小计" || segment == "合计"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Vec<String> {
        p.split('/').map(crate::text::key).collect()
    }

    #[test]
    fn patterns_are_written_in_key_form() {
        for layout in LAYOUTS {
            // recognize::score looks for titles in the title's key as they are.
            for title in layout.titles.iter().chain(layout.not_titles) {
                assert_eq!(crate::text::key(title), *title, "{}", layout.id);
            }
            for spec in layout.columns {
                for alt in spec.pattern.split(['/', '|']) {
                    assert_eq!(
                        crate::text::key(alt),
                        alt,
                        "{}: {}",
                        layout.id,
                        spec.pattern
                    );
                }
            }
        }
    }

    #[test]
    fn patterns() {
        assert!(pattern_matches(
            "当年/基本",
            &path("当年预算/基本支出/小计")
        ));
        assert!(pattern_matches("当年/基本", &path("当年预算/基本支出")));
        assert!(!pattern_matches(
            "当年/基本",
            &path("当年预算/基本支出/人员经费")
        ));
        assert!(pattern_matches("合计", &path("合计")));
        assert!(pattern_matches(
            "支出预算/合计",
            &path("项目/支出预算/合计")
        ));
        assert!(pattern_matches(
            "编码/类",
            &path("项目/功能分类科目编码/类")
        ));
        assert!(!pattern_matches(
            "编码/类",
            &path("项目/功能分类科目编码/款")
        ));
        assert!(pattern_matches("当年预算", &path("当年预算/小计")));
        assert!(pattern_matches(
            "编制预算|当年预算/一般公共预算",
            &path("编制预算/一般公共预算")
        ));
    }

    #[test]
    fn every_layout_belongs_to_a_region_that_expects_its_table() {
        for l in LAYOUTS {
            let r = region(l.region).unwrap_or_else(|| panic!("{}: no region {}", l.id, l.region));
            assert!(
                r.tables.contains(&l.kind),
                "{}: region {} does not list {:?}",
                l.id,
                r.id,
                l.kind
            );
        }
    }

    #[test]
    fn layout_ids_are_unique() {
        let mut ids: Vec<_> = LAYOUTS.iter().map(|l| l.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), LAYOUTS.len());
    }
}
