//! The report as the speed build (feature `report-json`) hands it to JS: JSON in which the
//! locations are compact, expanded back into the report's exact shape by `expand` (JS, in
//! src/wasm.rs) after `JSON.parse`.
//!
//! A large department's report points at ~150 000 cells, and as plain JSON each location
//! repeats its file and column header (~130 bytes a location, ~20 MB on a 25 MB input): written,
//! decoded and parsed, that cost about as much as the check. Here the file, sheet and header
//! names are listed once (`strings`) and every finding's `locations` is one flat array of
//! 7 entries per location: `file, sheet, row, column, header, value, role` with the names as
//! indices into `strings` (null for none) and `role` 0 (none), 1 (culprit) or 2 (operand).
//! Every other field is written as in the report.
//!
//! `{"strings": [..], "report": {..}}`

use crate::hash::HashMap;
use crate::report::{Finding, Location, Report, Role};
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};
use std::sync::Arc;

/// Entries per location in a finding's flat `locations`.
pub const LOCATION_FIELDS: usize = 7;

/// The report's compact JSON (see the module docs), as UTF-8 bytes.
pub fn to_json(report: &Report) -> serde_json::Result<Vec<u8>> {
    let mut names = Names::default();
    for l in report.findings.iter().flat_map(|f| &f.locations) {
        names.add(&l.file);
        if let Some(s) = &l.sheet {
            names.add(s);
        }
        if let Some(h) = &l.header {
            names.add(h);
        }
    }
    let compact = Compact {
        report,
        names: &names,
    };
    // Measured first, then written into one allocation of its exact size: grown by doubling it
    // took ~1.5× its size at the last step.
    let mut count = Count(0);
    serde_json::to_writer(&mut count, &compact)?;
    let mut json = Vec::with_capacity(count.0);
    serde_json::to_writer(&mut json, &compact)?;
    Ok(json)
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
    fn add(&mut self, name: &'a Arc<str>) {
        let next = self.list.len() as u32;
        if *self.index.entry(Arc::as_ptr(name).cast()).or_insert(next) == next {
            self.list.push(name);
        }
    }

    fn get(&self, name: &Arc<str>) -> u32 {
        self.index[&Arc::as_ptr(name).cast()]
    }
}

struct Compact<'a> {
    report: &'a Report,
    names: &'a Names<'a>,
}

impl Serialize for Compact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let mut out = s.serialize_struct("Compact", 2)?;
        out.serialize_field("strings", &self.names.list)?;
        out.serialize_field(
            "report",
            &CompactReport {
                report: r,
                names: self.names,
            },
        )?;
        out.end()
    }
}

struct CompactReport<'a> {
    report: &'a Report,
    names: &'a Names<'a>,
}

// Field order as in `Report` and `Finding` (JS keeps it: the page and the tests compare reports
// as JSON text).
impl Serialize for CompactReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.report;
        let mut out = s.serialize_struct("Report", 4)?;
        out.serialize_field("tool", &r.tool)?;
        out.serialize_field("inputs", &r.inputs)?;
        out.serialize_field(
            "findings",
            &Seq(r.findings.iter().map(|f| CompactFinding {
                finding: f,
                names: self.names,
            })),
        )?;
        out.serialize_field("summary", &r.summary)?;
        out.end()
    }
}

struct CompactFinding<'a> {
    finding: &'a Finding,
    names: &'a Names<'a>,
}

impl Serialize for CompactFinding<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.finding;
        let mut out = s.serialize_struct("Finding", 8)?;
        out.serialize_field("rule", f.rule)?;
        out.serialize_field("severity", &f.severity)?;
        out.serialize_field("title", f.title)?;
        out.serialize_field("message", &f.message)?;
        out.serialize_field(
            "locations",
            &Locations {
                locations: &f.locations,
                names: self.names,
            },
        )?;
        out.serialize_field("expected", &f.expected)?;
        out.serialize_field("actual", &f.actual)?;
        out.serialize_field("difference", &f.difference)?;
        out.end()
    }
}

struct Locations<'a> {
    locations: &'a [Location],
    names: &'a Names<'a>,
}

impl Serialize for Locations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let name = |n: &Option<Arc<str>>| n.as_ref().map(|n| self.names.get(n));
        let mut out = s.serialize_seq(Some(self.locations.len() * LOCATION_FIELDS))?;
        for l in self.locations {
            out.serialize_element(&self.names.get(&l.file))?;
            out.serialize_element(&name(&l.sheet))?;
            out.serialize_element(&l.row)?;
            out.serialize_element(&l.column)?;
            out.serialize_element(&name(&l.header))?;
            out.serialize_element(&l.value)?;
            out.serialize_element(&match l.role {
                None => 0u8,
                Some(Role::Culprit) => 1,
                Some(Role::Operand) => 2,
            })?;
        }
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

    /// What `expand` (the JS in src/wasm.rs) does, on a parsed value.
    fn expand(compact: Value) -> Value {
        let Value::Object(mut top) = compact else {
            panic!("not an object")
        };
        let strings = top["strings"].as_array().unwrap().clone();
        let name = |v: &Value| match v {
            Value::Null => Value::Null,
            i => strings[i.as_u64().unwrap() as usize].clone(),
        };
        let mut report = top.remove("report").unwrap();
        for f in report["findings"].as_array_mut().unwrap() {
            let flat = f["locations"].as_array().unwrap().clone();
            assert_eq!(flat.len() % LOCATION_FIELDS, 0);
            let locations = flat
                .chunks(LOCATION_FIELDS)
                .map(|a| {
                    let mut l = json!({
                        "file": name(&a[0]), "sheet": name(&a[1]), "row": a[2], "column": a[3],
                        "header": name(&a[4]), "value": a[5],
                    });
                    match a[6].as_u64().unwrap() {
                        0 => {}
                        1 => l["role"] = json!("culprit"),
                        _ => l["role"] = json!("operand"),
                    }
                    l
                })
                .collect();
            f["locations"] = Value::Array(locations);
        }
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

        let compact: Value = serde_json::from_slice(&to_json(&report).unwrap()).unwrap();
        assert_eq!(expand(compact), serde_json::to_value(&report).unwrap());
    }
}
