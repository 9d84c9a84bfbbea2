//! The narrative (情况说明) read as data: a small explicit extractor, not a model. Paragraphs are
//! normalized (`text`), split into sentences and clauses, and every clause that states an amount,
//! a share, a year-on-year change or a growth rate becomes a `Statement` with the subject it names
//! (`subject`) and the section it sits in (from headings such as "二、2026 年收入预算情况").
//! Sentences the extractor does not recognize yield nothing; they are never errors.

pub mod extract;
pub mod pattern;
pub mod subject;
pub mod text;

pub use extract::{Doc, Statement, read};
pub use subject::{Section, Subject};

use rust_decimal::Decimal;

/// A printed number with the count of decimals it was printed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    pub value: Decimal,
    pub decimals: u32,
}

impl Num {
    pub fn parse(s: &str) -> Option<Num> {
        let value = crate::amount::parse_decimal(s)?;
        let decimals = s.split_once('.').map_or(0, |(_, f)| f.len() as u32);
        Some(Num { value, decimals })
    }

    /// Half a unit of the last printed decimal: what the printed figure may hide.
    /// A printed zero is exact.
    pub fn tolerance(&self) -> Decimal {
        if self.value.is_zero() {
            return Decimal::ZERO;
        }
        crate::amount::half_unit(self.decimals)
    }
}

/// The unit an amount was printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NarrUnit {
    Yuan,
    /// "万元" or a bare "万".
    Wan,
}
