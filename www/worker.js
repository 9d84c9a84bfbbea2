// Module worker: owns the WebAssembly checker so the page never blocks.
// Messages in:  {type: 'check', id, files: [{name, bytes: Uint8Array}], options}
// Messages out: {type: 'ready', version}
//               {type: 'progress', id, stage: 'checking' | 'sending'}  (the check runs / its result follows)
//               {type: 'result', id, report: {text, numbers}, sheets, restart}  (restart: replace this worker)
//               {type: 'error', id, message, fatal}
// After a wasm trap (a Rust panic) the instance may be inconsistent, so the error is marked
// fatal and the page replaces this worker with a fresh one.
import init, { check_with_sheets as checkWithSheets, take_input as takeInput, version } from './pkg/gouji.js';
import { prepareFiles } from './prepare.js';

// The report goes to the page as the engine left it, its text (UTF-16) and numbers
// (src/report_flat.rs), and the page builds it (www/prepare.js's goujiReport): posting the built
// report cost, at 102 MB (608 000 locations), ~0.8 s of structured cloning here and ~0.9 s (and
// GC) on the page's thread. Both are views of the module's memory: copied, then transferred.
globalThis.goujiReport = (text, numbers) => ({ text: text.slice(), numbers: numbers.slice() });

// The workbook reader is a second module, fetched only when a workbook is dropped.
let xlsx = null;
const loadXlsx = () => (xlsx ??= import('./pkg/gouji_xlsx.js').then(async (m) => {
  await m.default();
  return m;
}).catch((err) => {
  xlsx = null; // let the next workbook try again
  throw err;
}));

// A large drop is checked by the same checker built for speed (pkg/gouji_fast*, opt-level 3 and
// wasm SIMD: several times faster than the size-optimized core, ~100 KB gz larger), fetched only
// then so the first load stays small. Without it (offline before it was ever fetched, or an engine
// without wasm SIMD) the core checks.
const FAST_BYTES = 1 << 20;
// A module whose one function returns i8x16.popcnt(i8x16.splat(0)): valid only where the engine
// has wasm SIMD (every current browser). Elsewhere gouji_fast would not compile: not fetched.
const SIMD = WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123,
  3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]));
let fast = null;
const loadFast = () => (fast ??= import('./pkg/gouji_fast.js').then(async (m) => {
  await m.default();
  return m;
}).catch((err) => {
  fast = null;
  throw err;
}));

const ready = init().then(() => {
  self.postMessage({ type: 'ready', version: version() });
});

ready.catch((err) => {
  self.postMessage({ type: 'error', id: null, message: `检查引擎加载失败：${describe(err)}`, fatal: true });
});

self.onmessage = async (event) => {
  const msg = event.data;
  if (!msg || msg.type !== 'check') return;
  try {
    await ready;
  } catch {
    return; // already reported above
  }
  self.postMessage({ type: 'progress', id: msg.id, stage: 'checking' });
  try {
    const size = msg.files.reduce((n, f) => n + (f.bytes?.length ?? 0), 0);
    const fast = size >= FAST_BYTES && SIMD ? await loadFast().catch(() => null) : null;
    // The module that checks takes the files: each is copied into its memory once.
    const engine = fast ?? { check_with_sheets: checkWithSheets, take_input: takeInput };
    // A trap in the workbook reader: its file is reported, and afterwards the page replaces this
    // worker (the trapped instance cannot be loaded afresh here).
    let restart = false;
    const files = await prepareFiles(msg.files, engine.take_input, loadXlsx, () => { restart = true; });
    const { report, sheets } = engine.check_with_sheets(files, msg.options ?? undefined);
    self.postMessage({ type: 'progress', id: msg.id, stage: 'sending' });
    const buffers = [report.text.buffer, report.numbers.buffer, ...sheets.flatMap((s) => [s.ends.buffer, s.rows.buffer])];
    self.postMessage({ type: 'result', id: msg.id, report, sheets, restart }, buffers);
  } catch (err) {
    const trap = err instanceof WebAssembly.RuntimeError;
    self.postMessage({
      type: 'error',
      id: msg.id,
      message: trap
        ? `检查引擎崩溃（${describe(err)}）。这是勾稽的程序错误，欢迎连同文件一起反馈；可以继续检查其他文件。`
        : `检查失败：${describe(err)}`,
      fatal: true,
    });
  }
};

function describe(err) {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
