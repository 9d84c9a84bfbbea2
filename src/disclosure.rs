//! The disclosure: every recognized table and the narrative of one department, the unit of
//! checking. Built by `ingest`, read by the rules.

use crate::table::{Table, TableKind};

#[derive(Debug, Clone)]
pub struct Narrative {
    pub file: String,
    pub encoding: &'static str,
    pub text: String,
}

impl Narrative {
    /// Lines with their 1-based line numbers.
    pub fn lines(&self) -> impl Iterator<Item = (u32, &str)> {
        self.text
            .lines()
            .enumerate()
            .map(|(i, l)| (i as u32 + 1, l))
    }
}

#[derive(Debug, Clone, Default)]
pub struct Disclosure {
    pub tables: Vec<Table>,
    pub narratives: Vec<Narrative>,
    /// The options of the check (budget year, T10 weight total…), for rules that need them.
    pub options: crate::Options,
    /// Each narrative as read by `narrative::read`, computed once on first use: eight rules read
    /// the same statements.
    pub narrative_docs: std::sync::OnceLock<Vec<crate::narrative::Doc>>,
    /// The T10 table read into project blocks (`t10::projects`), once: seven rules walk them.
    pub t10: std::sync::OnceLock<crate::t10::Read>,
    /// Those projects matched to T9's (`t10::matching`), for GJ-T10-AMOUNT and GJ-T10-MISSING.
    pub t10_t9: std::sync::OnceLock<crate::t10::Matching>,
    /// The tables GJ-UNIT-SCALE judges to be in the wrong unit (`cross_scale::flagged`), once:
    /// the cross-table rules ask for every comparison.
    pub unit_scale_flagged: std::sync::OnceLock<Vec<crate::table::TableKind>>,
    /// The budget year (`codes::year`), once: every catalogue look-up asks for it.
    pub budget_year: std::sync::OnceLock<u32>,
}

impl Disclosure {
    /// The table of a kind (the first one given, when a table was given twice).
    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    pub fn tables_of(&self, kind: TableKind) -> impl Iterator<Item = &Table> {
        self.tables.iter().filter(move |t| t.kind == kind)
    }

    pub fn narrative(&self) -> Option<&Narrative> {
        self.narratives.first()
    }
}
