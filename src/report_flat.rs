//! The report as the page's checkers (the core module and gouji_fast) hand it to JS: every string
//! of it concatenated into one text (decoded by JS at once) and everything else a list of numbers,
//! which `goujiReport` (www/prepare.js) reads in place and builds back into the report's exact
//! shape. The text crosses as UTF-16, what JS strings are: decoding it from UTF-8 (mostly
//! Chinese messages) was ~5 % of a large check in Node (`TextDecoder` at ~100 MB/s there),
//! from UTF-16LE it is ~5× faster, and encoding it here costs less than that.
//!
//! Through serde-wasm-bindgen each of the sample's ~1 800 strings crossed on its own (a
//! `TextDecoder` call each) and each field was a call into JS: ~13 % of the sample's check in the
//! core module (opt-level "z"). One JSON text for `JSON.parse` was no faster there (decoding and
//! parsing it cost as much); this is ~7 % faster, and the module 3.3 KB gz smaller.
//!
//! The numbers, in the order of the report's fields (`Report`, `Tool`, `InputInfo`, `Finding`,
//! `Location`, `Summary`): a string is the UTF-16 offset in the text where it ends (it starts
//! where the previous one ended), [`NONE`] for a null or absent one (`layout`: absent when
//! `None`); a list is its length followed by its items; a number is itself; a location's role is
//! 0 (none: absent), 1 (culprit) or 2 (operand). A name (a finding's rule and title, a location's
//! file, sheet and header: the same few again and again) is its index in the list of names so
//! far, or [`NONE`] for none; the index one past the list adds the string that follows to it.

use crate::report::{Finding, InputInfo, Location, Report};

/// A null string or name (or an absent `layout`). No text reaches 2^32 - 1 UTF-16 units.
pub const NONE: u32 = u32::MAX;

/// The report's text (UTF-16) and numbers (see the module docs).
pub fn flatten(report: &Report) -> (Vec<u16>, Vec<u32>) {
    let mut flat = Flat {
        text: Vec::new(),
        numbers: Vec::new(),
        names: 0,
        slots: [(0, 0, 0); SLOTS],
    };
    flat.string(report.tool.name);
    flat.string(report.tool.version);
    flat.numbers.push(report.inputs.len() as u32);
    for input in &report.inputs {
        flat.input(input);
    }
    flat.numbers.push(report.findings.len() as u32);
    for finding in &report.findings {
        flat.finding(finding);
    }
    let s = &report.summary;
    flat.numbers.extend([s.errors, s.warnings, s.infos]);
    (flat.text, flat.numbers)
}

/// Append the UTF-16 of `s`. Most of a report's strings (amounts, codes) and of a sheet's cells
/// are ASCII: in the speed build widened byte by byte, a loop that vectorizes (`encode_utf16`
/// decodes and pushes character by character: ~8 ns a unit in gouji_fast); the core module's
/// small reports are not worth the bytes.
pub fn push_utf16(out: &mut Vec<u16>, s: &str) {
    if crate::FOR_SPEED && s.is_ascii() {
        out.extend(s.bytes().map(u16::from));
    } else {
        out.extend(s.encode_utf16());
    }
}

/// Recently written names by address, in slots by a hash of it: a name found there is written
/// as its index; one not (a new one, or one whose slot another took) is written again. A large
/// department's report names a few hundred columns: at 32 slots a quarter of its text was names
/// written again.
const SLOTS: usize = 1024;

struct Flat {
    text: Vec<u16>,
    numbers: Vec<u32>,
    names: u32,
    /// (address, length, index); no name is at address 0.
    slots: [(usize, usize, u32); SLOTS],
}

impl Flat {
    fn string(&mut self, s: &str) {
        push_utf16(&mut self.text, s);
        self.numbers.push(self.text.len() as u32);
    }

    /// A name: its index in the names, added to them when not known (see the module docs). Names
    /// are told apart by address and length: the locations share the `Arc`s of their table, the
    /// findings their rule's `&'static str`s.
    fn name(&mut self, s: Option<&str>) {
        let Some(s) = s else {
            self.numbers.push(NONE);
            return;
        };
        let key = (s.as_ptr() as usize, s.len());
        let slot = &mut self.slots[(key.0 >> 3 ^ key.1) % SLOTS];
        if (slot.0, slot.1) == key {
            self.numbers.push(slot.2);
            return;
        }
        *slot = (key.0, key.1, self.names);
        self.numbers.push(self.names);
        self.names += 1;
        self.string(s);
    }

    fn optional(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.numbers.push(NONE),
        }
    }

    fn input(&mut self, i: &InputInfo) {
        self.string(&i.file);
        self.optional(i.sheet.as_deref());
        self.optional(i.table.as_deref());
        self.optional(i.title.as_deref());
        self.optional(i.encoding.as_deref());
        self.optional(i.unit.as_deref());
        self.numbers.push(i.rows);
        self.optional(i.layout.as_deref());
    }

    fn finding(&mut self, f: &Finding) {
        self.name(Some(f.rule));
        self.string(f.severity.as_str());
        self.name(Some(f.title));
        self.string(&f.message);
        self.numbers.push(f.locations.len() as u32);
        for l in &f.locations {
            self.location(l);
        }
        self.optional(f.expected.as_deref());
        self.optional(f.actual.as_deref());
        self.optional(f.difference.as_deref());
    }

    fn location(&mut self, l: &Location) {
        self.name(Some(&l.file));
        self.name(l.sheet.as_deref());
        self.numbers.extend([l.row, l.column]);
        self.name(l.header.as_deref());
        self.optional(l.value.as_deref());
        // A number, not a string: most locations have one (a large report's every operand).
        self.numbers.push(l.role.map_or(0, |r| r as u32 + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Role, Severity};
    use serde_json::Value;

    /// What www/prepare.js's `goujiReport` builds from the text and numbers, written again here
    /// as JSON text (serde_json's `Value` would sort the keys).
    struct Reader {
        text: Vec<u16>,
        numbers: Vec<u32>,
        k: usize,
        at: usize,
        names: Vec<String>,
    }

    type Read = fn(&mut Reader) -> String;

    impl Reader {
        fn next(&mut self) -> u32 {
            self.k += 1;
            self.numbers[self.k - 1]
        }
        fn number(&mut self) -> String {
            self.next().to_string()
        }
        fn string(&mut self) -> String {
            let end = self.next();
            if end == NONE {
                return "null".to_string();
            }
            let s = String::from_utf16(&self.text[self.at..end as usize]).unwrap();
            self.at = end as usize;
            serde_json::to_string(&s).unwrap()
        }
        fn name(&mut self) -> String {
            let i = self.next();
            if i == NONE {
                return "null".to_string();
            }
            if i as usize == self.names.len() {
                let s = self.string();
                self.names.push(s);
            }
            self.names[i as usize].clone()
        }
        fn object(&mut self, fields: &[(&str, Read)]) -> String {
            let mut out = Vec::new();
            for &(key, read) in fields {
                let value = read(self);
                // `layout` and `role` are absent when null.
                if !(value == "null" && ["layout", "role"].contains(&key)) {
                    out.push(format!("\"{key}\":{value}"));
                }
            }
            format!("{{{}}}", out.join(","))
        }
        fn list(&mut self, item: Read) -> String {
            let items: Vec<String> = (0..self.next()).map(|_| item(self)).collect();
            format!("[{}]", items.join(","))
        }
        fn input(&mut self) -> String {
            self.object(&[
                ("file", Self::string),
                ("sheet", Self::string),
                ("table", Self::string),
                ("title", Self::string),
                ("encoding", Self::string),
                ("unit", Self::string),
                ("rows", Self::number),
                ("layout", Self::string),
            ])
        }
        fn location(&mut self) -> String {
            self.object(&[
                ("file", Self::name),
                ("sheet", Self::name),
                ("row", Self::number),
                ("column", Self::number),
                ("header", Self::name),
                ("value", Self::string),
                ("role", |r| match r.next() {
                    0 => "null".to_string(),
                    1 => "\"culprit\"".to_string(),
                    _ => "\"operand\"".to_string(),
                }),
            ])
        }
        fn finding(&mut self) -> String {
            self.object(&[
                ("rule", Self::name),
                ("severity", Self::string),
                ("title", Self::name),
                ("message", Self::string),
                ("locations", |r| r.list(Self::location)),
                ("expected", Self::string),
                ("actual", Self::string),
                ("difference", Self::string),
            ])
        }
        fn report(&mut self) -> String {
            self.object(&[
                ("tool", |r| {
                    r.object(&[("name", Self::string), ("version", Self::string)])
                }),
                ("inputs", |r| r.list(Self::input)),
                ("findings", |r| r.list(Self::finding)),
                ("summary", |r| {
                    r.object(&[
                        ("errors", Self::number),
                        ("warnings", Self::number),
                        ("infos", Self::number),
                    ])
                }),
            ])
        }
    }

    /// The report read back from its text and numbers, as JSON text (key order included).
    fn read_back(report: &Report) -> String {
        let (text, numbers) = flatten(report);
        let mut r = Reader {
            text,
            numbers,
            k: 0,
            at: 0,
            names: Vec::new(),
        };
        let json = r.report();
        assert_eq!(r.k, r.numbers.len(), "every number read");
        assert_eq!(r.at, r.text.len(), "all the text read");
        json
    }

    #[test]
    fn reads_back_as_serde_writes_it() {
        let mut located = Location::file("表1 😀.csv", Some("Sheet1"));
        located.row = 12;
        located.column = 3;
        located.header = Some("收入/合计".into());
        located.value = Some(crate::report::cell_text("1,234.50"));
        let findings = vec![Finding {
            rule: "GJ-TEST",
            severity: Severity::Warning,
            title: "标题",
            message: "第一行\n第二行 \"引号\" 𠀀".to_string(),
            locations: vec![
                located.clone().with_role(Role::Culprit),
                located.with_role(Role::Operand),
                Location::file("说明.txt", None),
            ],
            expected: Some(String::new()),
            actual: None,
            difference: Some("-0.01".to_string()),
        }];
        let input = |layout: Option<&str>, sheet: Option<&str>| InputInfo {
            file: "a.csv".to_string(),
            sheet: sheet.map(Into::into),
            table: Some("T1".to_string()),
            title: None,
            encoding: Some("gbk".to_string()),
            unit: None,
            rows: 40,
            layout: layout.map(Into::into),
        };
        let mut report = Report::new(
            vec![input(Some("putuo"), None), input(None, Some("表"))],
            findings,
        );
        assert_eq!(read_back(&report), serde_json::to_string(&report).unwrap());
        report.inputs.clear();
        report.findings.clear();
        assert_eq!(read_back(&report), serde_json::to_string(&report).unwrap());
    }

    /// The bundled sample's report, exactly as serde_json writes it.
    #[test]
    fn reads_back_the_samples_report() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples");
        let index: Value =
            serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
        let inputs: Vec<crate::Input> = index["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|name| {
                let name = name.as_str().unwrap();
                crate::Input::new(name, std::fs::read(dir.join(name)).unwrap())
            })
            .collect();
        let report = crate::check(&inputs, &crate::Options::default());
        assert!(report.findings.len() > 20);
        assert_eq!(read_back(&report), serde_json::to_string(&report).unwrap());
    }
}
