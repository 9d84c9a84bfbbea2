//! gouji (勾稽): checks a Chinese government department's published budget tables (部门预算公开)
//! for consistency. One pure function, [`check`], takes the dropped files and returns a
//! [`Report`]; the CLI (`main.rs`) and the WebAssembly boundary (`wasm.rs`) are thin edges over
//! it. See ARCHITECTURE.md for the layers.

pub mod amount;
pub mod bytes16;
#[cfg(feature = "xlsx")]
pub mod cfb_check;
pub mod codes;
pub mod csv_input;
pub mod culprit;
pub mod decode;
pub mod disclosure;
pub mod hash;
pub mod ingest;
pub mod layout;
#[cfg(not(target_arch = "wasm32"))]
pub mod memory;
pub mod narrative;
pub mod order;
pub mod par;
pub mod recognize;
pub mod report;
#[cfg(any(test, all(target_arch = "wasm32", feature = "wasm-check")))]
pub mod report_flat;
pub mod rules;
pub mod sheet;
#[cfg(any(test, all(target_arch = "wasm32", feature = "talc")))]
mod small_alloc;
pub mod synth;
pub mod t10;
pub mod table;
pub mod text;
pub mod timing;
#[cfg(all(target_arch = "wasm32", feature = "wasm-check"))]
pub mod wasm;
#[cfg(all(target_arch = "wasm32", feature = "wasm-xlsx"))]
pub mod wasm_xlsx;
pub mod workbook;
#[cfg(feature = "xlsx")]
mod xls_area;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use report::{Finding, Location, Report, Severity};

/// Whether this build spends code on speed: natively and in the wasm speed build (simd128), not
/// in the page's core module, which is budgeted by the byte (the inputs it checks are small).
pub(crate) const FOR_SPEED: bool =
    cfg!(any(not(target_arch = "wasm32"), target_feature = "simd128"));

// The size-built wasm modules' allocator: talc instead of std's dlmalloc (see Cargo.toml), small
// blocks reused in front of it (small_alloc.rs).
#[cfg(all(target_arch = "wasm32", feature = "talc"))]
#[global_allocator]
static ALLOCATOR: small_alloc::Cached<talc::wasm::WasmDynamicTalc> =
    small_alloc::Cached::new(talc::wasm::new_wasm_dynamic_allocator());

/// One dropped file: its name as given and its bytes, or what a host already made of them.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
    pub prepared: Option<Prepared>,
}

/// A file the host has already read, in builds that leave that to it (the page's core wasm
/// module has no GBK tables and no workbook reader).
#[derive(Debug, Clone)]
pub enum Prepared {
    /// Text the host decoded, with the [`decode::Detected`] encoding it decoded from.
    Text {
        text: String,
        encoding: decode::Detected,
    },
    /// A workbook the host read into sheets (see [`workbook`]).
    Workbook(workbook::Workbook),
    /// A file the host did not read because it is over [`Options::max_file_bytes`]: its size
    /// in bytes, for the GJ-INPUT-TOO-LARGE finding.
    TooLarge(u64),
}

impl Input {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Input {
            name: name.into(),
            bytes: bytes.into(),
            prepared: None,
        }
    }

    pub fn prepared(name: impl Into<String>, prepared: Prepared) -> Self {
        Input {
            name: name.into(),
            bytes: Vec::new(),
            prepared: Some(prepared),
        }
    }
}

/// Knobs of a check. Defaults suit a normal run.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Options {
    /// Budget year; inferred from the documents when absent.
    pub year: Option<u32>,
    /// What each project's indicator weights in 项目支出绩效目标表 add up to (90 or 100);
    /// inferred from the table's majority when absent.
    pub t10_weight_total: Option<u32>,
    /// Files larger than this (bytes) are reported as GJ-INPUT-TOO-LARGE and not read; every
    /// other file is still checked. None: no limit. Memory grows with the input (at peak ≈ 2.9×
    /// natively, ≈ 4× in wasm), so a host with bounded memory (the page's wasm) sets one.
    pub max_file_bytes: Option<u64>,
}

/// Check one department's files and report every inconsistency found.
pub fn check(inputs: &[Input], options: &Options) -> Report {
    check_with_sheets(inputs, options).0
}

/// [`check`], also returning the grid of every recognized table (with its last header row) from
/// the same ingest pass, so the page can show a finding's cells in their table without reading
/// the files twice.
pub fn check_with_sheets(
    inputs: &[Input],
    options: &Options,
) -> (Report, Vec<(std::sync::Arc<sheet::Sheet>, u32)>) {
    let mut findings = rules::Findings::default();
    let ingested = timing::phase("ingest", || ingest::ingest(inputs, options, &mut findings));
    finish(ingested, options, findings)
}

/// [`check`], taking the inputs: their bytes are freed once read into sheets, before the rules
/// run (a large department's files weigh about a third of all a check holds at its peak).
pub fn check_owned(inputs: Vec<Input>, options: &Options) -> Report {
    let mut findings = rules::Findings::default();
    let ingested = timing::phase("ingest", || ingest::ingest(&inputs, options, &mut findings));
    drop(inputs);
    finish(ingested, options, findings).0
}

/// Rules, culprits and order over what `ingest` read.
fn finish(
    mut ingested: ingest::Ingested,
    options: &Options,
    mut findings: rules::Findings,
) -> (Report, Vec<(std::sync::Arc<sheet::Sheet>, u32)>) {
    ingested.disclosure.options = options.clone();
    timing::phase("rules", || rules::run(&ingested.disclosure, &mut findings));
    let mut list = findings.list;
    timing::phase("culprit", || culprit::mark(&mut list, &ingested.disclosure));
    for f in &mut list {
        text::clip_middle(&mut f.message, MESSAGE_HEAD, MESSAGE_TAIL);
    }
    let list = timing::phase("sort", || {
        order::stable_sorted(list, &|a, b| {
            a.severity
                .cmp(&b.severity)
                .then_with(|| first_location_key(a).cmp(&first_location_key(b)))
        })
    });
    let sheets = ingested
        .disclosure
        .tables
        .iter()
        .map(|t| (t.sheet.clone(), t.header_end))
        .collect();
    (Report::new(ingested.inputs, list), sheets)
}

/// A message keeps at most its first MESSAGE_HEAD and last MESSAGE_TAIL characters (no message
/// about a well-formed disclosure is that long; one naming a megabyte cell would be).
const MESSAGE_HEAD: usize = 1_000;
const MESSAGE_TAIL: usize = 200;

/// Where a finding sorts: its first location (borrowed: a sort compares many times).
fn first_location_key(f: &Finding) -> (&str, Option<&str>, u32, u32) {
    f.locations
        .first()
        .map(|l| (&*l.file, l.sheet.as_deref(), l.row, l.column))
        .unwrap_or_default()
}
