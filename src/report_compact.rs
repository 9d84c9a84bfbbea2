//! The report as the speed build (feature `report-json`) hands it to JS: JSON plus an array of
//! numbers, expanded back into the report's exact shape by `expand` (JS, in src/wasm.rs) after
//! `JSON.parse`.
//!
//! A large department's report points at ~150 000 cells, and as plain JSON each location
//! repeats its file and column header (~130 bytes a location, ~20 MB on a 25 MB input): written,
//! decoded and parsed, that cost about as much as the check. Here the file, sheet and header
//! names are listed once (`strings`), every finding's `locations` holds only the locations'
//! values (strings or null), and the rest of each location is 6 numbers, in order of the
//! findings and their locations, in a separate `u32` array that JS reads in place:
//! `file, sheet, row, column, header, role` with `file` an index into `strings`, `sheet` and
//! `header` one more than theirs (0 for none) and `role` 0 (none), 1 (culprit) or 2 (operand).
//! Every other field is written as in the report.
//!
//! `{"strings": [..], "report": {..}}`

use crate::hash::HashMap;
use crate::report::{Finding, Report, Role};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::sync::Arc;

/// Numbers per location.
pub const LOCATION_NUMBERS: usize = 6;

/// The report's compact JSON (see the module docs), as UTF-8 bytes, and its locations' numbers.
pub fn to_json(report: &Report) -> serde_json::Result<(Vec<u8>, Vec<u32>)> {
    let mut names = Names::default();
    let count = report
        .findings
        .iter()
        .map(|f| f.locations.len())
        .sum::<usize>();
    let mut numbers = Vec::with_capacity(count * LOCATION_NUMBERS);
    for l in report.findings.iter().flat_map(|f| &f.locations) {
        let file = names.add(&l.file);
        let sheet = l.sheet.as_ref().map_or(0, |s| names.add(s) + 1);
        let header = l.header.as_ref().map_or(0, |h| names.add(h) + 1);
        let role = match l.role {
            None => 0,
            Some(Role::Culprit) => 1,
            Some(Role::Operand) => 2,
        };
        numbers.extend([file, sheet, l.row, l.column, header, role]);
    }
    let compact = Compact {
        report,
        names: &names.list,
    };
    // Measured first, then written into one allocation of its exact size: grown by doubling it
    // took ~1.5× its size at the last step.
    let mut count = Count(0);
    serde_json::to_writer(&mut count, &compact)?;
    let mut json = Vec::with_capacity(count.0);
    serde_json::to_writer(&mut json, &compact)?;
    Ok((json, numbers))
}

struct Count(usize);

impl std::io::Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The names, in order of first use, each listed once per allocation: the locations share the
/// `Arc`s of the table they point into, so telling them apart by address is cheaper than hashing
/// their text (a name shared by no `Arc` is merely listed twice).
#[derive(Default)]
struct Names<'a> {
    list: Vec<&'a str>,
    index: HashMap<*const u8, u32>,
}

impl<'a> Names<'a> {
    /// The name's index in the list.
    fn add(&mut self, name: &'a Arc<str>) -> u32 {
        let next = self.list.len() as u32;
        let index = *self.index.entry(Arc::as_ptr(name).cast()).or_insert(next);
        if index == next {
            self.list.push(name);
        }
        index
    }
}

struct Compact<'a> {
    report: &'a Report,
    names: &'a [&'a str],
}

impl Serialize for Compact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let mut out = s.serialize_struct("Compact", 2)?;
        out.serialize_field("strings", self.names)?;
        out.serialize_field("report", &CompactReport(r))?;
        out.end()
    }
}

struct CompactReport<'a>(&'a Report);

// Field order as in `Report` and `Finding` (JS keeps it: the page and the tests compare reports
// as JSON text).
impl Serialize for CompactReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut out = s.serialize_struct("Report", 4)?;
        out.serialize_field("tool", &r.tool)?;
        out.serialize_field("inputs", &r.inputs)?;
        out.serialize_field("findings", &Seq(r.findings.iter().map(CompactFinding)))?;
        out.serialize_field("summary", &r.summary)?;
        out.end()
    }
}

struct CompactFinding<'a>(&'a Finding);

impl Serialize for CompactFinding<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut out = s.serialize_struct("Finding", 8)?;
        out.serialize_field("rule", f.rule)?;
        out.serialize_field("severity", &f.severity)?;
        out.serialize_field("title", f.title)?;
        out.serialize_field("message", &f.message)?;
        // The locations' values; the rest of them is in the numbers.
        out.serialize_field(
            "locations",
            &Seq(f.locations.iter().map(|l| l.value.as_deref())),
        )?;
        out.serialize_field("expected", &f.expected)?;
        out.serialize_field("actual", &f.actual)?;
        out.serialize_field("difference", &f.difference)?;
        out.end()
    }
}

/// A sequence serialized from an iterator (serde's `collect_seq` wants `IntoIterator` by value).
struct Seq<I>(I);

impl<I: Iterator<Item = T> + Clone, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    use crate::report::Location;

    /// What `expand` (the JS in src/wasm.rs) does, on a parsed value.
    fn expand(compact: Value, numbers: &[u32]) -> Value {
        let Value::Object(mut top) = compact else {
            panic!("not an object")
        };
        let strings = top["strings"].as_array().unwrap().clone();
        let name = |n: u32| match n {
            0 => Value::Null,
            n => strings[n as usize - 1].clone(),
        };
        let mut numbers = numbers.chunks(LOCATION_NUMBERS);
        let mut report = top.remove("report").unwrap();
        for f in report["findings"].as_array_mut().unwrap() {
            let values = f["locations"].as_array().unwrap().clone();
            let locations = values
                .into_iter()
                .map(|value| {
                    let n = numbers.next().unwrap();
                    let mut l = json!({
                        "file": name(n[0] + 1), "sheet": name(n[1]), "row": n[2], "column": n[3],
                        "header": name(n[4]), "value": value,
                    });
                    match n[5] {
                        0 => {}
                        1 => l["role"] = json!("culprit"),
                        _ => l["role"] = json!("operand"),
                    }
                    l
                })
                .collect();
            f["locations"] = Value::Array(locations);
        }
        assert!(numbers.next().is_none());
        report
    }

    #[test]
    fn expands_to_the_report() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples");
        let index: Value =
            serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
        let inputs: Vec<_> = index["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                let n = n.as_str().unwrap();
                crate::Input::new(n.to_string(), std::fs::read(dir.join(n)).unwrap())
            })
            .collect();
        let mut report = crate::check(&inputs, &crate::Options::default());
        // Roles and sheets of every kind, whatever the samples hold.
        let mut extra = report.findings[0].clone();
        extra.locations = vec![
            Location::file("a.xlsx", Some("表一")).with_role(Role::Culprit),
            Location::file("a.xlsx", None).with_role(Role::Operand),
            Location::file("b.csv", Some("表一")),
        ];
        extra.locations[2].header = Some("列".into());
        extra.locations[2].value = Some("1.00".into());
        report.findings.push(extra);
        assert!(report.findings.iter().any(|f| f.locations.len() > 1));

        let (json, numbers) = to_json(&report).unwrap();
        let compact: Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(
            expand(compact, &numbers),
            serde_json::to_value(&report).unwrap()
        );
    }
}
