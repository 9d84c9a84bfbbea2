//! Classification-code family: every coded table (功能分类 in 收入/支出总表, 一般公共预算支出表,
//! 政府性基金/国有资本经营预算支出表; 经济分类 in 基本支出表) against the year's catalogue
//! (`crate::codes`) and against its own row order.
//!
//! GJ-CODE-MALFORMED  a code cell that is no code of the scheme (error)
//! GJ-CODE-UNKNOWN    well-formed codes missing under a catalogue entry whose children are all listed
//!                    (warning, one per scheme); elsewhere the partial catalogue cannot tell
//! GJ-CODE-NAME       a known code printed with another name (error)
//! GJ-CODE-OLDNAME    a known code printed with its former name in a year after the rename (warning)
//! GJ-CODE-PARENT     a 项 not under its own 款 and 类, a 款 not under its own 类 (error)
//! GJ-CODE-LEAF       rows without children that stop above the leaf level (warning, one per table)

use super::code_hierarchy::parents;
use super::{Findings, Rule};
use crate::codes::{self, Catalogue, Scheme};
use crate::disclosure::Disclosure;
use crate::hash::HashSet;
use crate::report::{Location, Role, Severity};
use crate::table::{Line, Table, TableKind};
use crate::text::halfwidth;

pub static MALFORMED: Rule = Rule {
    id: "GJ-CODE-MALFORMED",
    severity: Severity::Error,
    title: "科目编码格式错误",
    what: rule_doc!(
        "功能分类科目编码应为 3 位（类）、5 位（款）或 7 位（项）数字，经济分类科目编码应为 3 位（类）或 5 位（款）数字；分列填写时类 3 位、款 2 位、项 2 位。"
    ),
    why: rule_doc!(
        "编码位数不对或夹杂非数字字符，说明编码录入或导出有误（如把单位代码、项目编码填进科目列，或数字被表格软件改写），后续按科目核对都会失效。"
    ),
    example: rule_doc!(
        "支出总表某行科目编码为「208010」（6 位）：既不是款（5 位）也不是项（7 位）。"
    ),
    check: Some(check_malformed),
};

pub static UNKNOWN: Rule = Rule {
    id: "GJ-CODE-UNKNOWN",
    severity: Severity::Warning,
    title: "科目编码不在当年科目表中",
    what: rule_doc!(
        "表中出现的功能分类、经济分类科目编码应在预算年度的《政府收支分类科目》中存在。本工具内置的科目表只收录有出处的科目（见 data/codes/ 文件头）；只有某款（类）的全部下级都有出处地收录时，才判断其下未收录的编码，其余编码不作判断（不收录不等于不存在）。"
    ),
    why: rule_doc!("科目每年有增删改；沿用已撤销的科目或编造编码，会使支出无法按科目汇总和比较。"),
    example: rule_doc!(
        "支出总表列有「2080906」，而科目表第 20809 款（退役安置）的项只有 2080901–2080905 和 2080999。"
    ),
    check: Some(check_unknown),
};

pub static NAME: Rule = Rule {
    id: "GJ-CODE-NAME",
    severity: Severity::Error,
    title: "科目名称与编码不符",
    what: rule_doc!(
        "科目编码对应的名称应与当年科目表一致（忽略空格、全角半角和括号写法差异）。已更名科目仍用旧名的不在此列，见 GJ-CODE-OLDNAME。"
    ),
    why: rule_doc!(
        "编码与名称不一致时，读者无法判断金额到底属于哪个科目，往往是选错了编码或抄错了名称。"
    ),
    example: rule_doc!("「2101102 事业单位离退休」：科目表中 2101102 是「事业单位医疗」。"),
    check: Some(check_name),
};

pub static OLDNAME: Rule = Rule {
    id: "GJ-CODE-OLDNAME",
    severity: Severity::Warning,
    title: "科目仍用更名前的旧名称",
    what: rule_doc!(
        "已更名的科目（data/codes/renames.csv，含有出处的新名称启用年份）在更名后年度的表中应使用新名称；更名前年度的表用旧名称是对的，不报。"
    ),
    why: rule_doc!(
        "编码与旧名称指向同一科目，金额归属并无歧义，但沿用旧名说明表格模板或科目表未按当年更新，读者按名称查找、比较时会对不上。"
    ),
    example: rule_doc!(
        "2026 年支出总表「210 医疗卫生与计划生育支出」：该类已更名为「卫生健康支出」。"
    ),
    check: None,
};

pub static PARENT: Rule = Rule {
    id: "GJ-CODE-PARENT",
    severity: Severity::Error,
    title: "科目挂错上级",
    what: rule_doc!(
        "按科目分级列示的表中，每个项应列在它自己的款（编码前 5 位）之下、每个款应列在它自己的类（前 3 位）之下。"
    ),
    why: rule_doc!(
        "上级科目金额由其下级汇总；项挂在别的款下，说明编码或行序错了，分级合计也随之失真。"
    ),
    example: rule_doc!(
        "「2080109 社会保险经办机构」列在「20805 行政事业单位养老支出」之下，而它的款应为 20801。"
    ),
    check: Some(check_parent),
};

pub static LEAF: Rule = Rule {
    id: "GJ-CODE-LEAF",
    severity: Severity::Warning,
    title: "末级科目未细化到项（款）",
    what: rule_doc!(
        "功能分类表中没有下级的行应是项级（7 位）科目，经济分类表中应是款级（5 位）科目。"
    ),
    why: rule_doc!(
        "预算应细化到功能分类的项、经济分类的款；停在类或款，说明明细漏列或未按要求细化。"
    ),
    example: rule_doc!("支出总表「221 住房保障支出」下没有任何款和项。"),
    check: Some(check_leaf),
};

/// The scheme of a table's codes, or None when the table has no classification codes (收入总表 of
/// the national template lists 部门/单位 codes, which are not 科目).
pub fn scheme_of(t: &Table) -> Option<Scheme> {
    let code_col = t.col("code").or_else(|| t.col("code1"))?;
    match t.kind {
        TableKind::T6 => Some(Scheme::Economic),
        TableKind::T3 | TableKind::T5 | TableKind::T8 | TableKind::Gzy => Some(Scheme::Function),
        TableKind::T2 => {
            let h = &t.columns[code_col].header;
            (h.contains("科目") || h.contains("功能")).then_some(Scheme::Function)
        }
        _ => None,
    }
}

enum Parsed {
    None,
    /// The cell that is not a code part.
    Malformed(usize),
    Code(String),
}

/// The code of a line, checking the format of each cell it comes from.
fn parse_code(t: &Table, line: &Line, scheme: Scheme) -> Parsed {
    let clean = |i: usize| -> String {
        halfwidth(t.cell(line, i))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let has_digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if let Some(i) = t.col("code") {
        let s = clean(i);
        if !has_digit(&s) {
            return Parsed::None;
        }
        if !all_digits(&s) || !scheme.lengths().contains(&s.len()) {
            return Parsed::Malformed(i);
        }
        return Parsed::Code(s);
    }
    let widths: &[usize] = match scheme {
        Scheme::Function => &[3, 2, 2],
        Scheme::Economic => &[3, 2],
    };
    let mut code = String::new();
    for (key, &w) in ["code1", "code2", "code3"].iter().zip(widths) {
        let Some(i) = t.col(key) else { break };
        let s = clean(i);
        if s.is_empty() {
            break;
        }
        if !has_digit(&s) {
            return if code.is_empty() {
                Parsed::None
            } else {
                Parsed::Malformed(i)
            };
        }
        if !all_digits(&s) || s.len() != w {
            return Parsed::Malformed(i);
        }
        code.push_str(&s);
    }
    if code.is_empty() {
        Parsed::None
    } else {
        Parsed::Code(code)
    }
}

/// A coded table, its scheme, and its lines with well-formed codes.
type Coded<'a> = (&'a Table, Scheme, Vec<(&'a Line, String)>);

/// Every coded table with its scheme and its well-formed coded lines.
fn coded_tables(d: &Disclosure) -> Vec<Coded<'_>> {
    d.tables
        .iter()
        .filter_map(|t| {
            let scheme = scheme_of(t)?;
            let lines = t
                .lines
                .iter()
                .filter_map(|l| match parse_code(t, l, scheme) {
                    Parsed::Code(c) => Some((l, c)),
                    _ => None,
                })
                .collect();
            Some((t, scheme, lines))
        })
        .collect()
}

fn code_loc(t: &Table, line: &Line) -> Location {
    match t.code_column(line) {
        Some(i) => t.loc_at(line, i),
        None => t.row_loc(line.row),
    }
}

/// "（本工具未收录 2024 年科目表，按 2025 年科目表核对）" when the catalogue is another year's.
fn year_note(year: u32, cat: &Catalogue) -> String {
    if year == cat.year {
        String::new()
    } else {
        format!(
            "（本工具未收录 {year} 年科目表，按 {} 年科目表核对）",
            cat.year
        )
    }
}

fn check_malformed(d: &Disclosure, findings: &mut Findings) {
    for t in &d.tables {
        let Some(scheme) = scheme_of(t) else {
            continue;
        };
        for line in &t.lines {
            if let Parsed::Malformed(i) = parse_code(t, line, scheme) {
                let expected = match scheme {
                    Scheme::Function => {
                        " 3 位（类）、5 位（款）或 7 位（项）数字，分列时类 3 位、款 2 位、项 2 位"
                    }
                    Scheme::Economic => " 3 位（类）或 5 位（款）数字，分列时类 3 位、款 2 位",
                };
                findings.push(
                    &MALFORMED,
                    format!(
                        "{}第 {} 行的{}编码「{}」格式不对：应为{}。",
                        t.kind.name_zh(),
                        line.row,
                        scheme.name_zh(),
                        t.cell(line, i).trim(),
                        expected
                    ),
                    vec![t.loc_at(line, i).with_role(Role::Culprit)],
                );
            }
        }
    }
}

fn check_unknown(d: &Disclosure, findings: &mut Findings) {
    let year = codes::year(d);
    // Per scheme: the unknown codes, the complete entries they were missed under, their cells.
    type Missing = (Scheme, Vec<String>, Vec<String>, Vec<Location>);
    // Indexed by scheme, reported in that order.
    let mut by_scheme: [Option<Missing>; 2] = [None, None];
    for (t, scheme, lines) in coded_tables(d) {
        let cat = codes::catalogue(scheme, year);
        let entry = by_scheme[scheme as usize]
            .get_or_insert_with(|| (scheme, Vec::new(), Vec::new(), Vec::new()));
        for (line, code) in lines {
            if cat.get(&code).is_some() {
                continue;
            }
            // Outside fully listed entries a missing code is a gap in the catalogue, not news.
            let Some(parent) = cat.complete_ancestor(scheme, &code) else {
                continue;
            };
            if !entry.1.contains(&code) {
                entry.1.push(code.clone());
            }
            if !entry.2.iter().any(|p| p == parent) {
                entry.2.push(parent.to_string());
            }
            entry.3.push(code_loc(t, line).with_role(Role::Operand));
        }
    }
    for (scheme, unknown, parents, mut locations) in by_scheme.into_iter().flatten() {
        if unknown.is_empty() {
            continue;
        }
        first_culprit(&mut locations);
        let cat = codes::catalogue(scheme, year);
        let shown: Vec<&str> = unknown.iter().take(12).map(String::as_str).collect();
        let more = if unknown.len() > shown.len() {
            format!(" 等 {} 个", unknown.len())
        } else {
            String::new()
        };
        let parents: Vec<String> = parents
            .iter()
            .map(|p| {
                let name = cat.get(p).map(|e| e.name.as_str()).unwrap_or("");
                format!("{p}「{name}」")
            })
            .collect();
        findings.push(
            &UNKNOWN,
            format!(
                "{}编码 {}{} 不在 {} 年科目表中{}：科目表中 {}的下级科目已全部收录，其中没有这些编码。请对照当年《政府收支分类科目》核对编码。",
                scheme.name_zh(),
                shown.join("、"),
                more,
                cat.year,
                year_note(year, cat),
                parents.join("、")
            ),
            locations,
        );
    }
}

fn check_name(d: &Disclosure, findings: &mut Findings) {
    let year = codes::year(d);
    for (t, scheme, lines) in coded_tables(d) {
        let Some(name_col) = t.col("name") else {
            continue;
        };
        let cat = codes::catalogue(scheme, year);
        for (line, code) in lines {
            let name = t.cell(line, name_col).trim();
            let Some(entry) = cat.get(&code) else {
                continue;
            };
            if name.is_empty() || codes::same_name(name, &entry.name) {
                continue;
            }
            let (rule, message) = match cat.rename(&code, name) {
                // The old name was right for the years before the rename.
                Some(r) if year < r.since => continue,
                Some(r) => (
                    &OLDNAME,
                    format!(
                        "{}第 {} 行「{code} {name}」：该科目已更名为「{}」（所据资料 {} 年已用新名），{year} 年的表应使用新名称。",
                        t.kind.name_zh(),
                        line.row,
                        r.new,
                        r.since
                    ),
                ),
                None => (
                    &NAME,
                    format!(
                        "{}第 {} 行科目编码 {code} 的名称为「{name}」，{} 年科目表中 {code} 是「{}」{}：编码或名称有一处填错。",
                        t.kind.name_zh(),
                        line.row,
                        cat.year,
                        entry.name,
                        year_note(year, cat)
                    ),
                ),
            };
            let f = findings.push(
                rule,
                message,
                vec![
                    t.loc_at(line, name_col).with_role(Role::Culprit),
                    code_loc(t, line).with_role(Role::Operand),
                ],
            );
            f.expected = Some(entry.name.clone());
            f.actual = Some(name.to_string());
        }
    }
}

fn check_parent(d: &Disclosure, findings: &mut Findings) {
    for (t, scheme, lines) in coded_tables(d) {
        let lens = scheme.lengths();
        let present: HashSet<&str> = lines.iter().map(|(_, c)| c.as_str()).collect();
        let level_used: Vec<bool> = lens
            .iter()
            .map(|&n| lines.iter().any(|(_, c)| c.len() == n))
            .collect();
        // The last row seen at each level above the current one.
        let mut last: Vec<Option<(&Line, &str)>> = vec![None; lens.len()];
        for (line, code) in &lines {
            let Some(k) = lens.iter().position(|&n| n == code.len()) else {
                continue;
            };
            // The deepest ancestor level the table uses whose last row is not this code's ancestor.
            let wrong = (0..k)
                .rev()
                .find(|&j| level_used[j] && last[j].is_none_or(|(_, c)| c != &code[..lens[j]]));
            if let Some(j) = wrong {
                let own = &code[..lens[j]];
                let level = scheme.level_name(lens[j]);
                let here = scheme.level_name(code.len());
                let place = match last[j] {
                    Some((pl, pc)) => format!("列在「{}」之下", describe(t, pl, pc)),
                    None => format!("上方没有任何{level}级科目"),
                };
                let missing = if present.contains(own) {
                    String::new()
                } else {
                    format!("，且表中没有 {own} 这一行")
                };
                let mut locations = vec![code_loc(t, line).with_role(Role::Culprit)];
                if let Some((pl, _)) = last[j] {
                    locations.push(code_loc(t, pl).with_role(Role::Operand));
                }
                findings.push(
                    &PARENT,
                    format!(
                        "{}：{}「{}」{place}，而它所属的{level}应为 {own}{missing}。",
                        t.kind.name_zh(),
                        here,
                        describe(t, line, code)
                    ),
                    locations,
                );
            }
            last[k] = Some((line, code.as_str()));
            for slot in last.iter_mut().skip(k + 1) {
                *slot = None;
            }
        }
    }
}

fn describe(t: &Table, line: &Line, code: &str) -> String {
    let name = t.text(line, "name");
    if name.is_empty() {
        code.to_string()
    } else {
        format!("{code} {name}")
    }
}

fn check_leaf(d: &Disclosure, findings: &mut Findings) {
    for (t, scheme, lines) in coded_tables(d) {
        let well_formed: HashSet<u32> = lines.iter().map(|(l, _)| l.row).collect();
        let has_children: HashSet<usize> = parents(t).into_iter().filter_map(|(_, p)| p).collect();
        let mut names = Vec::new();
        let mut locations = Vec::new();
        for (i, line) in t.lines.iter().enumerate() {
            if !well_formed.contains(&line.row) || has_children.contains(&i) {
                continue;
            }
            let Some(code) = t.code(line) else { continue };
            if code.len() < scheme.leaf_len() {
                names.push(format!("「{}」", describe(t, line, &code)));
                locations.push(code_loc(t, line).with_role(Role::Operand));
            }
        }
        if names.is_empty() {
            continue;
        }
        first_culprit(&mut locations);
        let leaf = scheme.level_name(scheme.leaf_len());
        findings.push(
            &LEAF,
            format!(
                "{}中{}下面没有下级科目，末级应细化到{leaf}级（{} 位编码）。",
                t.kind.name_zh(),
                names.join("、"),
                scheme.leaf_len()
            ),
            locations,
        );
    }
}

/// Findings that list several equally suspect cells name the first as the culprit (only a
/// finding's first location may be one) and the rest as operands.
pub fn first_culprit(locations: &mut [Location]) {
    for (i, l) in locations.iter_mut().enumerate() {
        l.role = Some(if i == 0 { Role::Culprit } else { Role::Operand });
    }
}
