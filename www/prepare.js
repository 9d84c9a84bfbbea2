// Dropped files -> what a checker module's check() takes. The checkers carry neither GBK
// tables nor a workbook reader: for each file the module that will check it says (take_input)
// whether the file is a workbook (read it with the xlsx module, fetched on first need), GBK/GB18030
// text (decode it with the browser's TextDecoder) or anything else, which it keeps (copied into
// its memory once, read there by the check; Rust reads UTF-8/UTF-16 itself) and answers with a
// number that stands for it. A file the page left unread for its size ({name, size}) goes on as
// it is. Shared by worker.js and the Node tests.

/**
 * @param files [{name, bytes: Uint8Array}], or [{name, size}] for a file too large to read
 * @param takeInput the checking module's take_input(name, bytes)
 * @param loadXlsx () => Promise of the initialized xlsx module (called only for workbooks)
 * @param onReaderTrap () => void, called when the xlsx module trapped on a file
 */
export async function prepareFiles(files, takeInput, loadXlsx, onReaderTrap = () => {}) {
  const out = [];
  for (const { name, bytes, size } of files) {
    if (size !== undefined) {
      out.push({ name, size });
      continue;
    }
    const need = takeInput(name, bytes);
    if (typeof need === 'number') {
      out.push({ name, taken: need });
    } else if (need === 'workbook') {
      const xlsx = await loadXlsx();
      out.push({ name, workbook: readWorkbook(xlsx, bytes, onReaderTrap) });
    } else if (need) {
      out.push({ name, text: new TextDecoder(need).decode(bytes), encoding: need });
    } else {
      out.push({ name, bytes });
    }
  }
  return out;
}

// The workbook reader (calamine) still panics on some malformed files, and in wasm a panic is a
// trap: that file gets the finding the native reader gives it (src/xlsx.rs: GJ-INPUT-WORKBOOK,
// 文件结构损坏), the other files are still checked, and `onReaderTrap` hears of it (the trapped
// instance is not to be trusted after this check).
function readWorkbook(xlsx, bytes, onReaderTrap) {
  try {
    return xlsx.read_workbook(bytes);
  } catch (err) {
    if (!(err instanceof WebAssembly.RuntimeError)) throw err;
    onReaderTrap();
    const format = bytes[0] === 0x50 && bytes[1] === 0x4b ? 'xlsx' : 'xls';
    return { format, error: '文件结构损坏，读取器无法解析', sheets: [] };
  }
}

// The checkers' report crossing (src/report_flat.rs): every string of the report in one text
// (`units`, its UTF-16), everything else numbers (`n`), both read in place from the module's memory. A string is the UTF-16
// offset where it ends in `text` (0xffffffff: null), a name (rule, title, file, sheet, header) its
// index in `names` (one past its end: the string that follows is a new name), a list its length and
// then its items, a location's role 0 (none), 1 (culprit) or 2 (operand). Keys in the order serde
// writes them (reports are compared as JSON text); `layout` and `role` only when present. A
// global, so that the module's glue finds it without importing this file.
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });
// A sheet's text (src/wasm.rs js_sheet), from its UTF-16 in the module's memory.
globalThis.goujiText = (units) => utf16.decode(units);
globalThis.goujiReport = (units, n) => {
  const text = utf16.decode(units);
  let k = 0;
  let at = 0;
  const names = [];
  const str = () => {
    const end = n[k++];
    if (end === 0xffffffff) return null;
    const s = text.slice(at, end);
    at = end;
    return s;
  };
  const name = () => {
    const i = n[k++];
    if (i === 0xffffffff) return null;
    if (i === names.length) names.push(str());
    return names[i];
  };
  const list = (item) => {
    const out = new Array(n[k++]);
    for (let i = 0; i < out.length; i++) out[i] = item();
    return out;
  };
  const input = () => {
    const i = { file: str(), sheet: str(), table: str(), title: str(), encoding: str(), unit: str(), rows: n[k++] };
    const layout = str();
    if (layout !== null) i.layout = layout;
    return i;
  };
  const location = () => {
    const file = name(), sheet = name(), row = n[k++], column = n[k++], header = name(), value = str();
    const role = n[k++];
    // One literal per shape: `role` added afterwards cost every location a map transition and a
    // property array (a fifth of a large report's heap).
    return role ? { file, sheet, row, column, header, value, role: role > 1 ? 'operand' : 'culprit' }
      : { file, sheet, row, column, header, value };
  };
  const finding = () => ({
    rule: name(), severity: str(), title: name(), message: str(), locations: list(location),
    expected: str(), actual: str(), difference: str(),
  });
  return {
    tool: { name: str(), version: str() },
    inputs: list(input),
    findings: list(finding),
    summary: { errors: n[k++], warnings: n[k++], infos: n[k++] },
  };
};
