//! Culprit grouping: one wrong cell usually breaks every equation it takes part in (its row
//! identity and its column sum, say). After the rules have run, a cell that appears in two or
//! more broken equations — and, in each of them, in more broken equations than any other cell of
//! that equation — is the likely culprit: it is marked `role: culprit`, moved first, and each of
//! those findings names it, so the report reads as one mistake with its consequences.

use crate::disclosure::Disclosure;
use crate::report::{Finding, Location, Role, Severity};
use crate::sheet::column_letters;

/// A cell, independent of the finding that mentions it.
type CellKey<'a> = (&'a str, Option<&'a str>, u32, u32);

fn cell_key(l: &Location) -> CellKey<'_> {
    (&l.file, l.sheet.as_deref(), l.row, l.column)
}

/// An error that reports a broken equation: every location is an operand cell.
fn is_broken_equation(f: &Finding) -> bool {
    f.severity == Severity::Error
        && !f.locations.is_empty()
        && f.locations
            .iter()
            .all(|l| l.role == Some(Role::Operand) && l.column > 0)
}

/// Mark culprits in `findings`; `disclosure` names the tables for the pointer message.
pub fn mark(findings: &mut [Finding], disclosure: &Disclosure) {
    // (finding, its culprit's position in its locations, in how many equations that cell is).
    let mut marks: Vec<(usize, usize, usize)> = Vec::new();
    {
        // Number the cells, and list each broken equation's distinct cells.
        let mut ids: crate::hash::HashMap<CellKey, usize> = crate::hash::HashMap::default();
        let mut equations: Vec<(usize, Vec<usize>)> = Vec::new();
        for (i, f) in findings.iter().enumerate() {
            if !is_broken_equation(f) {
                continue;
            }
            let mut cells: Vec<usize> = f
                .locations
                .iter()
                .map(|l| {
                    let next = ids.len();
                    *ids.entry(cell_key(l)).or_insert(next)
                })
                .collect();
            crate::order::sort(&mut cells, &|a, b| a.cmp(&b));
            cells.dedup();
            equations.push((i, cells));
        }
        let mut count = vec![0usize; ids.len()];
        for (_, cells) in &equations {
            for &c in cells {
                count[c] += 1;
            }
        }
        // The cell of each equation that is in more broken equations than any other cell there.
        let winner: Vec<Option<usize>> = equations
            .iter()
            .map(|(_, cells)| {
                let top = cells.iter().map(|&c| count[c]).max()?;
                let mut at_top = cells.iter().filter(|&&c| count[c] == top);
                let first = *at_top.next()?;
                at_top.next().is_none().then_some(first)
            })
            .collect();
        // A cell is the culprit of every equation it is in when it wins each of them (and is in
        // two or more).
        let mut wins_all = vec![true; ids.len()];
        for ((_, cells), w) in equations.iter().zip(&winner) {
            for &c in cells {
                if *w != Some(c) {
                    wins_all[c] = false;
                }
            }
        }
        for ((i, _), w) in equations.iter().zip(&winner) {
            let Some(c) = *w else { continue };
            if count[c] < 2 || !wins_all[c] {
                continue;
            }
            let f = &findings[*i];
            if let Some(pos) = f
                .locations
                .iter()
                .position(|l| ids.get(&cell_key(l)) == Some(&c))
            {
                marks.push((*i, pos, count[c]));
            }
        }
    }
    for (i, pos, n) in marks {
        let f = &mut findings[i];
        let mut loc = f.locations.remove(pos);
        loc.role = Some(Role::Culprit);
        f.message.push_str(&format!(
            "最可能出错的单元格：{} {}{}（同时使 {} 个等式不成立）。",
            table_name(disclosure, &loc),
            column_letters(loc.column),
            loc.row,
            n
        ));
        f.locations.insert(0, loc);
    }
}

/// The standard name of the table a location lies in, or its file name.
fn table_name(disclosure: &Disclosure, loc: &Location) -> String {
    disclosure
        .tables
        .iter()
        .find(|t| t.sheet.file == loc.file && t.sheet.sheet == loc.sheet)
        .map_or_else(|| loc.file.to_string(), |t| t.kind.name_zh().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, column: u32) -> Location {
        let mut l = Location::file("t.csv", None).with_role(Role::Operand);
        l.row = row;
        l.column = column;
        l
    }

    fn equation(cells: &[(u32, u32)]) -> Finding {
        Finding {
            rule: "GJ-TEST",
            severity: Severity::Error,
            title: "t",
            message: "m。".into(),
            locations: cells.iter().map(|&(r, c)| cell(r, c)).collect(),
            expected: None,
            actual: None,
            difference: None,
        }
    }

    fn culprit(f: &Finding) -> Option<(u32, u32)> {
        f.locations
            .first()
            .filter(|l| l.role == Some(Role::Culprit))
            .map(|l| (l.row, l.column))
    }

    #[test]
    fn the_shared_cell_of_two_broken_equations_is_named_first() {
        // Row identity F10 = G10 + H10 and column sum G16 = G5..G10 both broken by G10.
        let mut fs = vec![
            equation(&[(10, 6), (10, 7), (10, 8)]),
            equation(&[(16, 7), (5, 7), (9, 7), (10, 7)]),
            equation(&[(3, 3), (4, 3)]),
        ];
        mark(&mut fs, &Disclosure::default());
        assert_eq!(culprit(&fs[0]), Some((10, 7)));
        assert_eq!(culprit(&fs[1]), Some((10, 7)));
        assert_eq!(culprit(&fs[2]), None);
        assert!(
            fs[0]
                .message
                .ends_with("最可能出错的单元格：t.csv G10（同时使 2 个等式不成立）。")
        );
        assert_eq!(fs[0].locations.len(), 3);
    }

    #[test]
    fn ties_and_non_errors_name_no_culprit() {
        // Two cells shared by the same two equations: ambiguous.
        let mut fs = vec![
            equation(&[(1, 1), (1, 2), (1, 3)]),
            equation(&[(1, 1), (1, 2), (2, 2)]),
        ];
        mark(&mut fs, &Disclosure::default());
        assert!(fs.iter().all(|f| culprit(f).is_none()));
        // A rounding note does not count as a broken equation.
        let mut info = equation(&[(10, 7), (11, 7)]);
        info.severity = Severity::Info;
        let mut fs = vec![equation(&[(10, 6), (10, 7)]), info];
        mark(&mut fs, &Disclosure::default());
        assert!(fs.iter().all(|f| culprit(f).is_none()));
    }

    #[test]
    fn a_cell_that_loses_somewhere_is_no_culprit() {
        // (1,1) is in 2 equations, but in the third one (2,2) is in 3: (1,1) is not the culprit
        // there, so it is named nowhere; (2,2) is.
        let mut fs = vec![
            equation(&[(1, 1), (5, 5)]),
            equation(&[(1, 1), (2, 2)]),
            equation(&[(2, 2), (6, 6)]),
            equation(&[(2, 2), (7, 7)]),
        ];
        mark(&mut fs, &Disclosure::default());
        assert_eq!(culprit(&fs[0]), None);
        assert_eq!(culprit(&fs[1]), Some((2, 2)));
        assert_eq!(culprit(&fs[2]), Some((2, 2)));
        assert_eq!(culprit(&fs[3]), Some((2, 2)));
    }
}
