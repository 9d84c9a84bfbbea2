//! The WebAssembly boundary: JS objects in, JS objects out, nothing else. The page's worker calls
//! `check([{name, bytes}], options)` and gets the same report the CLI prints as JSON;
//! `check_with_sheets` adds the tables' cell grids (and last header rows) for the page's table view.
//!
//! This module (feature `wasm-check`) has neither GBK tables nor a workbook reader: for each file
//! the worker asks [`take_input`] whether it must first decode it (`TextDecoder`) or read it
//! with the xlsx module (`wasm_xlsx.rs`), and passes `{name, text, encoding}` or
//! `{name, workbook}`; any other file the module keeps, and the worker passes `{name, taken}`.

use crate::decode::{DecodeError, Detected, sniff};
use crate::sheet::SheetRow;
use crate::workbook::{Workbook, WorkbookSheet};
use crate::{Input, Options, Prepared, check as check_inputs};
use js_sys::{Array, Reflect, Uint8Array, Uint32Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

// The arguments are read with js_sys, not serde: serde's deserializers bring their error messages
// and, with them, the float formatting code (~12 KB gzipped of the page's first load).

/// `obj[key]`; undefined when `obj` is not an object.
fn field(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn string(v: JsValue, what: &str) -> Result<String, String> {
    v.as_string().ok_or_else(|| format!("{what} 应为字符串"))
}

fn optional_string(v: JsValue, what: &str) -> Result<Option<String>, String> {
    if absent(&v) {
        Ok(None)
    } else {
        string(v, what).map(Some)
    }
}

fn optional_u32(v: JsValue, what: &str) -> Result<Option<u32>, String> {
    if absent(&v) {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => {
            Ok(Some(n as u32))
        }
        _ => Err(format!("{what} 应为非负整数")),
    }
}

/// A byte count (a file's size, a size limit): a whole JS number up to 2^53.
fn optional_bytes(v: JsValue, what: &str) -> Result<Option<u64>, String> {
    if absent(&v) {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(&n) => {
            Ok(Some(n as u64))
        }
        _ => Err(format!("{what} 应为非负整数")),
    }
}

/// The elements of an array (none when absent).
fn array(v: JsValue, what: &str) -> Result<Vec<JsValue>, String> {
    if absent(&v) {
        Ok(Vec::new())
    } else if Array::is_array(&v) {
        Ok(Array::from(&v).to_vec())
    } else {
        Err(format!("{what} 应为数组"))
    }
}

/// What the xlsx module's `read_workbook` returned:
/// `{format, error?, sheets: [{name, error?, rows: [{number, cells}]}]}`.
fn workbook(v: &JsValue) -> Result<Workbook, String> {
    // Loops, not `collect::<Result<…>>`: each of those was its own ~1 KB of wasm.
    let mut sheets = Vec::new();
    for s in array(field(v, "sheets"), "workbook.sheets")? {
        let mut rows = Vec::new();
        for r in array(field(&s, "rows"), "sheet.rows")? {
            let number =
                optional_u32(field(&r, "number"), "row.number")?.ok_or("row.number 缺失")?;
            let mut cells = Vec::new();
            for c in array(field(&r, "cells"), "row.cells")? {
                cells.push(string(c, "cell")?);
            }
            rows.push(SheetRow { number, cells });
        }
        sheets.push(WorkbookSheet {
            name: string(field(&s, "name"), "sheet.name")?,
            error: optional_string(field(&s, "error"), "sheet.error")?,
            rows,
        });
    }
    Ok(Workbook {
        format: string(field(v, "format"), "workbook.format")?,
        error: optional_string(field(v, "error"), "workbook.error")?,
        sheets,
    })
}

/// One of `check`'s files: `{name, bytes}`, `{name, taken}` (what `take_input` answered),
/// `{name, text, encoding}` (text the host decoded, and the encoding `take_input` named),
/// `{name, workbook}` (what `read_workbook` returned) or `{name, size}` (a file the page left
/// unread because it is over the size limit).
fn input(v: &JsValue) -> Result<Input, String> {
    if let Some(k) = optional_u32(field(v, "taken"), "taken")? {
        return TAKEN
            .with_borrow_mut(|taken| taken.get_mut(k as usize).and_then(Option::take))
            .ok_or_else(|| format!("taken {k} 不是待检查的文件"));
    }
    let name = string(field(v, "name"), "name")?;
    if let Some(size) = optional_bytes(field(v, "size"), "size")? {
        return Ok(Input::prepared(name, Prepared::TooLarge(size)));
    }
    let text = optional_string(field(v, "text"), "text")?;
    let book = field(v, "workbook");
    let prepared = if let Some(text) = text {
        let label = optional_string(field(v, "encoding"), "encoding")?.unwrap_or_default();
        let encoding = Detected::from_name(&label).ok_or_else(|| format!("未知编码 {label}"))?;
        Prepared::Text { text, encoding }
    } else if !absent(&book) {
        Prepared::Workbook(workbook(&book)?)
    } else {
        let bytes = field(v, "bytes");
        if absent(&bytes) {
            return Ok(Input::new(name, Vec::new()));
        }
        let bytes = bytes
            .dyn_into::<Uint8Array>()
            .map_err(|_| "bytes 应为 Uint8Array".to_string())?;
        return Ok(Input::new(name, bytes.to_vec()));
    };
    Ok(Input::prepared(name, prepared))
}

/// What the host must do with a file before `check`, from its sniffed encoding: "workbook" (read
/// it with the xlsx module), a `TextDecoder` label such as "GBK" (decode it), or nothing (the
/// module reads it itself).
fn need(name: &str, bytes: &[u8], sniffed: &Result<Detected, DecodeError>) -> Option<&'static str> {
    if crate::ingest::is_workbook(name, bytes) {
        return Some("workbook");
    }
    match sniffed {
        Ok(d) if d.needs_tables() => Some(d.name()),
        Ok(_) | Err(DecodeError::Empty | DecodeError::Binary | DecodeError::NoDecoder(_)) => None,
    }
}

thread_local! {
    /// The files `take_input` kept for the next `check`, by the number it answered.
    static TAKEN: std::cell::RefCell<Vec<Option<Input>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// What the host must do with a file before `check` ([`need`]): "workbook", a `TextDecoder`
/// label, or, when the module reads the file itself, a number: the module keeps the file, and the
/// host passes `{name, taken: number}` to `check` instead of its bytes. The bytes are copied into
/// the module once (`check` copied them again) and, when they are UTF-8 without a mark, validated
/// once (not again when read).
#[wasm_bindgen]
pub fn take_input(name: String, bytes: Vec<u8>) -> JsValue {
    let sniffed = sniff(&bytes);
    if let Some(need) = need(&name, &bytes, &sniffed) {
        return JsValue::from_str(need);
    }
    // The core module (small drops) validates them again when read: not worth this branch's bytes.
    let input = if crate::FOR_SPEED && matches!(sniffed, Ok(Detected::Utf8)) {
        // SAFETY: `sniff` names UTF-8 (without a mark) only bytes it validated as UTF-8.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        Input::prepared(
            name,
            Prepared::Text {
                text,
                encoding: Detected::Utf8,
            },
        )
    } else {
        Input::new(name, bytes)
    };
    TAKEN.with_borrow_mut(|taken| {
        taken.push(Some(input));
        JsValue::from(taken.len() as u32 - 1)
    })
}

// `goujiReport(text, numbers)` (www/prepare.js, which every host of this module loads to prepare
// the files: the worker, the single-file page, the Node tests and benchmarks) builds the report
// from `crate::report_flat`'s text (UTF-16) and numbers, both read in place (nothing runs in the
// module meanwhile). A global, not a JS snippet: the single-file page's classic-script glue
// (`--target no-modules`) cannot import one.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = goujiReport)]
    fn build(text: &[u16], numbers: &[u32]) -> Result<JsValue, JsValue>;
    /// `goujiText(units)`: the string of these UTF-16 units (`TextDecoder`, also in prepare.js).
    #[wasm_bindgen(js_name = goujiText)]
    fn utf16_string(units: &[u16]) -> JsValue;
}

/// The report as a JS value: its strings cross as one text, the rest as numbers
/// (`crate::report_flat`) — not one call into JS per field and per string, as through
/// serde-wasm-bindgen.
fn to_js(report: &crate::report::Report) -> Result<JsValue, JsValue> {
    const _: () = assert!(
        crate::report_flat::NONE == 0xffff_ffff,
        "goujiReport reads 0xffffffff"
    );
    let (text, numbers) = crate::report_flat::flatten(report);
    build(&text, &numbers)
}

fn read_args(files: JsValue, options: JsValue) -> Result<(Vec<Input>, Options), JsValue> {
    let inputs = (|| {
        let mut inputs = Vec::new();
        for file in array(files, "files")? {
            inputs.push(input(&file)?);
        }
        Ok::<_, String>(inputs)
    })()
    .map_err(|e| JsValue::from_str(&format!("输入格式错误：{e}")));
    // What was taken and not passed (a drop whose preparation failed) is not kept for later.
    TAKEN.with_borrow_mut(Vec::clear);
    let inputs = inputs?;
    let options = (|| {
        Ok::<_, String>(Options {
            year: optional_u32(field(&options, "year"), "year")?,
            t10_weight_total: optional_u32(
                field(&options, "t10_weight_total"),
                "t10_weight_total",
            )?,
            max_file_bytes: optional_bytes(field(&options, "max_file_bytes"), "max_file_bytes")?,
        })
    })()
    .map_err(|e| JsValue::from_str(&format!("选项格式错误：{e}")))?;
    Ok((inputs, options))
}

/// Grow the heap in one step to about what checking `inputs` will need (the speed build): the
/// allocator (dlmalloc) otherwise grows the wasm memory by what it lacks, a few pages at a time,
/// and each `memory.grow` costs V8 about 0.4 ms (Node 20: 1 500 one-page grows 0.6 s, one grow of
/// 1 500 pages 4 ms) — ~250 ms of CPU in a 25 MB department's first check. The reservation is
/// freed at once and serves the check's allocations. Only what the memory lacks is reserved (a
/// later check reuses the memory an earlier one grew); one the memory cannot hold is skipped.
#[cfg(feature = "heap-reserve")]
fn reserve_heap(inputs: &[Input]) {
    let bytes: usize = inputs
        .iter()
        .map(|i| match &i.prepared {
            Some(Prepared::Text { text, .. }) => text.len(),
            _ => i.bytes.len(),
        })
        .sum();
    // A check's memory, inputs included, ends at ~3.7× the input on a 25 MB synthetic department.
    let memory = core::arch::wasm32::memory_size::<0>() * 65536;
    let lacking = (bytes / 2 * 7).saturating_sub(memory);
    let mut heap = Vec::<u8>::new();
    if lacking > 0 && heap.try_reserve_exact(lacking).is_ok() {
        std::hint::black_box(&mut heap);
    }
}

#[cfg(not(feature = "heap-reserve"))]
fn reserve_heap(_: &[Input]) {}

/// Check the given files; returns the report object.
#[wasm_bindgen]
pub fn check(files: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let (inputs, options) = read_args(files, options)?;
    reserve_heap(&inputs);
    to_js(&check_inputs(&inputs, &options))
}

/// The length in UTF-16 units of UTF-8 text: one unit per character, two for those of 4 bytes
/// (the bytes that start a character, and once more those that start a 4-byte one).
fn utf16_len(utf8: &[u8]) -> u32 {
    utf8.iter()
        .map(|&b| u32::from(b & 0xC0 != 0x80) + u32::from(b >= 0xF0))
        .sum()
}

/// One table's grid for the page, compact: `{file, sheet, header_end, text, ends, rows}` with
/// every cell's text concatenated in `text`, `ends` (Uint32Array) the UTF-16 offset in `text` where
/// each cell ends (a cell starts where the previous one ends) and `rows` (Uint32Array) pairs of
/// (row number, index in `ends` of the row's first cell): the sheet's own flat store, its byte
/// offsets counted again in UTF-16 units. A large department has millions of cells: one JS string
/// per cell cost more than the check, here and in the worker's postMessage. The page builds a
/// table's rows only when the table is opened. The text crosses as UTF-16, encoded cell by cell
/// (which counts the ends): `TextDecoder` read its UTF-8 (mostly Chinese) at ~100 MB/s in Node.
fn js_sheet(sheet: &crate::sheet::Sheet, header_end: u32) -> Result<JsValue, JsValue> {
    let (text, byte_ends, rows) = sheet.flat();
    let mut units = Vec::with_capacity(utf16_len(text.as_bytes()) as usize);
    let mut ends = Vec::with_capacity(byte_ends.len());
    let mut at = 0;
    for &end in byte_ends {
        crate::report_flat::push_utf16(&mut units, &text[at..end as usize]);
        ends.push(units.len() as u32);
        at = end as usize;
    }
    let mut pairs = Vec::new();
    for (number, first) in rows {
        pairs.push(number);
        pairs.push(first);
    }
    let out = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&out, &JsValue::from_str(key), value);
    set("file", &JsValue::from_str(&sheet.file))?;
    let name = sheet
        .sheet
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    set("sheet", &name)?;
    // The last header row: rows up to it are the title and column headers.
    set("header_end", &JsValue::from(header_end))?;
    set("text", &utf16_string(&units))?;
    set("ends", &Uint32Array::from(&ends[..]))?;
    set("rows", &Uint32Array::from(&pairs[..]))?;
    Ok(out.into())
}

/// Check the given files; returns `{report, sheets}`: the same report as `check` plus the cell
/// grid of every recognized table ([`js_sheet`]), for the page's table view.
#[wasm_bindgen]
pub fn check_with_sheets(files: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let (inputs, options) = read_args(files, options)?;
    reserve_heap(&inputs);
    let (report, sheets) = crate::check_with_sheets(&inputs, &options);
    let report = to_js(&report)?;
    let list = Array::new();
    for (sheet, header_end) in &sheets {
        list.push(&js_sheet(sheet, *header_end)?);
    }
    let out = js_sys::Object::new();
    Reflect::set(&out, &JsValue::from_str("report"), &report)?;
    Reflect::set(&out, &JsValue::from_str("sheets"), &list)?;
    Ok(out.into())
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
