//! The page's second WebAssembly module (feature `wasm-xlsx`): only the workbook reader, loaded
//! when a workbook is dropped. Its output goes to the core module's `check` as `{name, workbook}`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Workbook bytes → `{format, error?, sheets: [{name, error?, rows: [{number, cells}]}]}`.
#[wasm_bindgen]
pub fn read_workbook(bytes: &[u8]) -> Result<JsValue, JsValue> {
    crate::xlsx::read_workbook(bytes)
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}
