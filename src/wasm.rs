//! The WebAssembly boundary: JS objects in, JS objects out, nothing else. The page's worker calls
//! `check([{name, bytes}], options)` and gets the same report the CLI prints as JSON;
//! `check_with_sheets` adds the tables' cell grids (and last header rows) for the page's table view.
//!
//! This module (feature `wasm-check`) has neither GBK tables nor a workbook reader: for each file
//! the worker asks [`sniff_input`] whether it must first decode it (`TextDecoder`) or read it
//! with the xlsx module (`wasm_xlsx.rs`), and passes `{name, text, encoding}` or
//! `{name, workbook}` instead of `{name, bytes}`.

use crate::decode::{DecodeError, Detected, sniff};
use crate::workbook::Workbook;
use crate::{Input, Options, Prepared, check as check_inputs};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
struct JsInput {
    name: String,
    /// A Uint8Array on the JS side.
    #[serde(default, with = "serde_bytes")]
    bytes: Vec<u8>,
    /// Text the host decoded, and the encoding name `sniff_input` gave for it.
    text: Option<String>,
    encoding: Option<String>,
    /// What the xlsx module's `read_workbook` returned for the file.
    workbook: Option<Workbook>,
}

impl JsInput {
    fn into_input(self) -> Result<Input, JsValue> {
        let prepared = match (self.text, self.workbook) {
            (Some(text), _) => {
                let name = self.encoding.unwrap_or_default();
                let encoding = Detected::from_name(&name)
                    .ok_or_else(|| JsValue::from_str(&format!("输入格式错误：未知编码 {name}")))?;
                Prepared::Text { text, encoding }
            }
            (None, Some(book)) => Prepared::Workbook(book),
            (None, None) => return Ok(Input::new(self.name, self.bytes)),
        };
        Ok(Input::prepared(self.name, prepared))
    }
}

/// What the host must do with a file before `check`: "workbook" (read it with the xlsx module),
/// a `TextDecoder` label such as "GBK" (decode it), or undefined (pass the bytes as they are).
#[wasm_bindgen]
pub fn sniff_input(name: &str, bytes: &[u8]) -> Option<String> {
    if crate::ingest::is_workbook(name, bytes) {
        return Some("workbook".to_string());
    }
    match sniff(bytes) {
        Ok(d) if d.needs_tables() => Some(d.name().to_string()),
        Ok(_) | Err(DecodeError::Empty | DecodeError::Binary | DecodeError::NoDecoder(_)) => None,
    }
}

fn serializer() -> serde_wasm_bindgen::Serializer {
    serde_wasm_bindgen::Serializer::json_compatible()
}

fn read_args(files: JsValue, options: JsValue) -> Result<(Vec<Input>, Options), JsValue> {
    let files: Vec<JsInput> = serde_wasm_bindgen::from_value(files)
        .map_err(|e| JsValue::from_str(&format!("输入格式错误：{e}")))?;
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsValue::from_str(&format!("选项格式错误：{e}")))?
    };
    let inputs = files
        .into_iter()
        .map(JsInput::into_input)
        .collect::<Result<_, _>>()?;
    Ok((inputs, options))
}

/// Check the given files; returns the report object.
#[wasm_bindgen]
pub fn check(files: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let (inputs, options) = read_args(files, options)?;
    check_inputs(&inputs, &options)
        .serialize(&serializer())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

#[derive(Serialize)]
struct JsRow<'a> {
    number: u32,
    cells: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsSheet<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    /// The last header row: rows up to it are the title and column headers.
    header_end: u32,
    rows: Vec<JsRow<'a>>,
}

#[derive(Serialize)]
struct WithSheets<'a> {
    report: &'a crate::Report,
    sheets: Vec<JsSheet<'a>>,
}

/// Check the given files; returns `{report, sheets}`: the same report as `check` plus the cell
/// grid of every recognized table, for the page's table view.
#[wasm_bindgen]
pub fn check_with_sheets(files: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let (inputs, options) = read_args(files, options)?;
    let (report, sheets) = crate::check_with_sheets(&inputs, &options);
    let out = WithSheets {
        report: &report,
        sheets: sheets
            .iter()
            .map(|(s, header_end)| JsSheet {
                file: &s.file,
                sheet: s.sheet.as_deref(),
                header_end: *header_end,
                rows: s
                    .rows()
                    .map(|r| JsRow {
                        number: r.number,
                        cells: r.cells().collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    out.serialize(&serializer())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

#[derive(Serialize)]
struct RuleDoc {
    id: &'static str,
    severity: &'static str,
    title: &'static str,
    what: &'static str,
    why: &'static str,
    example: &'static str,
}

/// The rule catalogue, for the page's rule docs.
#[wasm_bindgen]
pub fn rules() -> Result<JsValue, JsValue> {
    let docs: Vec<RuleDoc> = crate::rules::all()
        .into_iter()
        .map(|r| RuleDoc {
            id: r.id,
            severity: r.severity.as_str(),
            title: r.title,
            what: r.what,
            why: r.why,
            example: r.example,
        })
        .collect();
    docs.serialize(&serializer())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
