// The page: collects files (drop, picker or built-in samples), sends their bytes to the
// checker worker and renders the report. Everything that comes from a file (names, cell
// values, messages) is inserted with textContent, never parsed as HTML.

// goujiReport: builds the report from what the worker sends (its text and numbers).
import './prepare.js';

const $ = (id) => document.getElementById(id);

const SEVERITY_LABEL = { error: '错误', warning: '警告', info: '提示' };

// ---------------------------------------------------------------------------
// The worker. One at a time; replaced after any failure so the page keeps working.

let worker = null;
let nextId = 1;
const pending = new Map(); // id -> {resolve, reject}

// The single-file build (npm run build:single) carries the worker's source in a data block: it
// runs from a Blob URL, since a page opened from disk (file://) may load no other file.
const embeddedWorker = document.getElementById('gouji-worker');
let embeddedWorkerUrl = null;

function newWorker() {
  if (!embeddedWorker) return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'gouji-checker' });
  embeddedWorkerUrl ??= URL.createObjectURL(new Blob([embeddedWorker.textContent], { type: 'text/javascript' }));
  return new Worker(embeddedWorkerUrl, { name: 'gouji-checker' });
}

function startWorker() {
  const w = newWorker();
  w.onmessage = (event) => onWorkerMessage(w, event.data);
  w.onerror = (event) => {
    event.preventDefault();
    const detail = event.message ? `：${event.message}` : '（worker.js 或 pkg/gouji.js 无法加载）';
    failWorker(w, `检查引擎加载失败${detail}`);
  };
  w.onmessageerror = () => failWorker(w, '检查引擎返回了无法读取的数据');
  worker = w;
  return w;
}

function onWorkerMessage(w, msg) {
  if (w !== worker) return;
  if (msg.type === 'ready') {
    $('version').textContent = `勾稽 gouji ${msg.version}`;
    // Only the first worker announces itself: a replacement must not hide what happened.
    if (!busy && !document.body.dataset.state.match(/done|failed|cancelled/)) setStatus('就绪：拖入文件，或点“试用示例”。');
  } else if (msg.type === 'progress') {
    pending.get(msg.id)?.onStage?.(msg.stage);
  } else if (msg.type === 'result') {
    settle(msg.id, (p) => {
      try {
        p.resolve({ report: globalThis.goujiReport(msg.report.text, msg.report.numbers), sheets: msg.sheets });
      } catch (err) {
        p.reject(new Error(`检查引擎返回了无法读取的报告：${err instanceof Error ? err.message : String(err)}`));
      }
    });
    // The workbook reader trapped during this check: the next check gets a fresh worker.
    if (msg.restart) {
      w.terminate();
      startWorker();
    }
  } else if (msg.type === 'error') {
    if (msg.fatal) failWorker(w, msg.message);
    else settle(msg.id, (p) => p.reject(new Error(msg.message)));
  }
}

function settle(id, fn) {
  const p = pending.get(id);
  if (p) {
    pending.delete(id);
    fn(p);
  }
}

// The worker is unusable (load failure, wasm trap): reject what waits on it and drop it.
// The next check starts a fresh worker (not right away: a load failure would just repeat).
function failWorker(w, message) {
  if (w !== worker) return;
  w.terminate();
  worker = null;
  const waiting = [...pending.values()];
  pending.clear();
  if (waiting.length === 0) {
    showError(message);
    if (!busy) setStatus('检查引擎不可用；下次检查时会重新加载。');
  }
  for (const p of waiting) p.reject(new Error(message));
}

function runCheck(files, onStage) {
  if (!worker) startWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onStage });
    // The bytes are transferred, not copied; the caller must not use them afterwards.
    worker.postMessage({ type: 'check', id, files, options: { max_file_bytes: MAX_FILE_BYTES } }, files.map((f) => f.bytes.buffer));
  });
}

// Cancel: the check cannot be interrupted inside the wasm, so the worker is terminated and a
// fresh one started for the next check.
class Cancelled extends Error {}

function cancelWorker() {
  if (!worker || pending.size === 0) return;
  worker.terminate();
  worker = null;
  const waiting = [...pending.values()];
  pending.clear();
  for (const p of waiting) p.reject(new Cancelled('已取消'));
  startWorker();
}

// ---------------------------------------------------------------------------
// Progress while a check runs: bytes read per file, then the check itself (the engine reports
// no fraction, so the bar runs indeterminate) with the seconds it has taken so far.

const MB = (n) => `${(n / 1048576).toFixed(n < 1048576 ? 2 : 1)} MB`;
let progressTimer = null;

// stage: reading (the files), loading (the engine), checking, sending (the result to the page).
function showProgress(stage, fraction, text) {
  $('progress').dataset.stage = stage;
  const bar = $('progress-bar');
  if (fraction === null) bar.removeAttribute('value');
  else bar.value = fraction;
  $('progress-text').textContent = text;
  $('progress').hidden = false;
}

const STAGE_LABEL = { loading: '正在加载检查引擎', checking: '正在检查', sending: '正在整理结果' };

function tickProgress(stage) {
  clearInterval(progressTimer);
  const started = performance.now();
  const tick = () => showProgress(stage, null, `${STAGE_LABEL[stage]}，已用 ${((performance.now() - started) / 1000).toFixed(1)} 秒`);
  tick();
  progressTimer = setInterval(tick, 200);
}

function hideProgress() {
  clearInterval(progressTimer);
  progressTimer = null;
  $('progress').hidden = true;
}

// ---------------------------------------------------------------------------
// Inputs: drop zone, file picker, samples. The page keeps the files it was given (by name), so
// dropping a corrected file replaces the old one and the whole set is checked again.

let busy = false;
let cancelRequested = false;
let files = new Map(); // name -> {name, bytes}
// Several departments from one folder drop: [{name, files, result}], the one shown is `chosen`
// (its files are `files`, so a corrected file dropped afterwards re-checks that department).
let departments = [];
let chosen = 0;

// Files from a folder drop carry the folder that directly holds them: each such folder is one
// department (as the CLI's batch mode groups them), sorted by folder name.
function groupByFolder(loaded) {
  const groups = new Map();
  for (const f of loaded) {
    const name = f.folder ?? '';
    if (!groups.has(name)) groups.set(name, new Map());
    groups.get(name).set(f.name, { name: f.name, bytes: f.bytes, size: f.size });
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, set]) => ({ name: name || '（拖入的文件）', files: set }));
}

// The worker gets copies: the kept bytes must survive the transfer for the next re-check.
const copies = (set) => [...set.values()].map((f) => ({ ...f, bytes: f.bytes.slice() }));
const sizeOf = (set) => [...set.values()].reduce((n, f) => n + f.bytes.length, 0);

// loadFiles(progress) gives the new files, reporting (done, total) bytes as it reads; `replace`
// starts a new set instead of adding to the current one, `drop` names files to leave out of it
// (a pasted narrative replaces the set's narrative whatever its name). A cancelled check leaves the set and the
// report as they were before.
async function checkFiles(loadFiles, what, replace = false, drop = new Set()) {
  if (busy) {
    setStatus('上一次检查还没有结束，请稍候再试，或取消它。');
    return;
  }
  busy = true;
  cancelRequested = false;
  const before = { files, departments, chosen, state: document.body.dataset.state };
  document.body.dataset.state = 'checking';
  hideError();
  $('results').hidden = true; // never show an old report next to a new error
  setStatus(`正在读取${what}…`);
  showProgress('reading', 0, '');
  $('sample-button').disabled = true;
  try {
    const loaded = await loadFiles((done, count, bytes) => showProgress('reading', done / count, `已读取 ${done} / ${count} 个文件（${MB(bytes)}）`));
    if (cancelRequested) throw new Cancelled('已取消');
    const groups = replace ? groupByFolder(loaded) : [];
    if (groups.length > 1) {
      await checkDepartments(groups);
      return;
    }
    if (replace) departments = [];
    files = replace ? new Map() : new Map([...files].filter(([name]) => !drop.has(name)));
    for (const f of loaded) files.set(f.name, { name: f.name, bytes: f.bytes, size: f.size });
    if (files.size === 0) {
      setStatus('没有文件。');
      document.body.dataset.state = 'idle';
      return;
    }
    setStatus(`正在检查 ${files.size} 个文件（${MB(sizeOf(files))}）…`);
    tickProgress('loading');
    const started = performance.now();
    const result = await runCheck(copies(files), (stage) => tickProgress(stage));
    hideProgress();
    if (departments.length > 1) departments[chosen] = { ...departments[chosen], files, result };
    renderResult(result);
    renderDepartments();
    performance.mark('gouji:rendered');
    const ms = Math.round(performance.now() - started);
    setStatus(`检查完成：${files.size} 个文件，用时 ${ms} 毫秒。`);
    document.body.dataset.state = 'done';
  } catch (err) {
    hideProgress();
    if (err instanceof Cancelled) {
      ({ files, departments, chosen } = before);
      renderDepartments();
      const restore = before.state === 'done' && current.report !== null;
      $('results').hidden = !restore;
      setStatus(restore ? '已取消检查；下面仍是上一次的结果。' : '已取消检查。');
      document.body.dataset.state = 'cancelled';
    } else {
      showError(err instanceof Error ? err.message : String(err));
      setStatus('检查没有完成。可以再试一次。');
      document.body.dataset.state = 'failed';
    }
  } finally {
    busy = false;
    $('sample-button').disabled = false;
  }
}

// Each department checked on its own, one after the other in the worker; the first is shown.
async function checkDepartments(groups) {
  const started = performance.now();
  const done = [];
  for (const [i, group] of groups.entries()) {
    setStatus(`正在检查第 ${i + 1} / ${groups.length} 个部门「${group.name}」：${group.files.size} 个文件（${MB(sizeOf(group.files))}）…`);
    tickProgress('loading');
    done.push({ ...group, result: await runCheck(copies(group.files), (stage) => tickProgress(stage)) });
  }
  hideProgress();
  departments = done;
  showDepartment(0);
  performance.mark('gouji:rendered');
  const ms = Math.round(performance.now() - started);
  setStatus(`检查完成：${departments.length} 个部门，用时 ${ms} 毫秒。`);
  document.body.dataset.state = 'done';
}

function showDepartment(index) {
  chosen = index;
  files = departments[index].files;
  renderResult(departments[index].result);
  renderDepartments();
}

// The chooser: one option per department with its error and warning counts.
function renderDepartments() {
  const box = $('departments');
  box.hidden = departments.length < 2;
  if (box.hidden) {
    $('department').replaceChildren();
    return;
  }
  $('department-count').textContent = str(departments.length);
  $('department').replaceChildren(...departments.map((d, i) => {
    const summary = d.result?.report?.summary ?? {};
    return el('option', { value: String(i), selected: i === chosen,
      text: `${d.name}（错误 ${str(summary.errors ?? 0)}，警告 ${str(summary.warnings ?? 0)}）` });
  }));
}

function cancelCheck() {
  if (!busy) return;
  cancelRequested = true;
  cancelWorker();
}

// The largest file the page reads. A check peaks at about 4× its input in wasm memory (102 MB →
// 389 MB, bench/results.md), of at most 4 GB, besides the JS copies of the bytes and of
// the returned table grids, and several files add up. A larger file is never read: it goes to
// the check as {name, size} and is reported as GJ-INPUT-TOO-LARGE.
// `?maxFileMB=` may lower the limit (for tests), never raise it.
const MAX_FILE_MB = 100;
const MAX_FILE_BYTES = Math.floor(1048576 * Math.min(MAX_FILE_MB,
  Number(new URLSearchParams(location.search).get('maxFileMB')) || MAX_FILE_MB));

// READS_AT_ONCE files are read at a time: 10 000 files from disk one after the other took 40 s
// in Chromium, each read mostly waiting. A file's size is looked at only when its turn comes: the
// first look at a picked file's size asks the disk (~0.5 ms each, 4.7 s for 10 000 files, all
// before the page could draw again), so the progress counts files, not bytes.
const READS_AT_ONCE = 8;

async function fromFileList(list, progress = () => {}) {
  const all = [...list];
  const loaded = new Array(all.length);
  const big = [];
  let done = 0;
  let bytes = 0;
  let next = 0;
  const reader = async () => {
    while (next < all.length && !cancelRequested) {
      const i = next++;
      const file = all[i];
      if (file.size > MAX_FILE_BYTES) {
        big.push(file);
        loaded[i] = { name: file.name, bytes: new Uint8Array(0), size: file.size };
      } else {
        loaded[i] = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
        bytes += file.size;
      }
      progress(++done, all.length, bytes);
    }
  };
  await Promise.all(Array.from({ length: READS_AT_ONCE }, reader));
  if (big.length > 0) {
    const named = big.slice(0, 20).map((f) => `“${f.name}”（${MB(f.size)}）`).join('、');
    showError(`${named}${big.length > 20 ? `等 ${big.length} 个文件` : ''}超过网页版单个文件的大小上限 ${MB(MAX_FILE_BYTES)}，` +
      '未读取，不参与校验；其他文件照常检查。更大的文件请用命令行版 gouji check。');
  }
  // Cancelled: nothing (the check does not start anyway; some files were not read).
  return cancelRequested ? [] : loaded;
}

// The files under dropped folders: budget tables and narratives only (a folder also holds
// .DS_Store, PDFs and the like), hidden files skipped. Each file keeps the path of the folder
// that directly holds it ('' for a file dropped beside the folders).
const TABLE_FILE = /\.(csv|txt|xlsx|xls)$/i;

async function fromEntries(entries, progress) {
  const found = [];
  const walk = async (entry, folder) => {
    if (entry.name.startsWith('.')) return;
    if (entry.isFile) {
      if (TABLE_FILE.test(entry.name)) found.push({ folder, file: await new Promise((ok, fail) => entry.file(ok, fail)) });
    } else if (entry.isDirectory) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      const reader = entry.createReader();
      // readEntries answers in batches until it answers with none.
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, path);
      }
    }
  };
  for (const entry of entries) await walk(entry, '');
  const loaded = await fromFileList(found.map((f) => f.file), progress);
  return loaded.map((f, i) => ({ ...f, folder: found[i].folder }));
}

// Pasted narrative text becomes 情况说明.txt (UTF-8) and replaces the narrative of the set.
function pasteNarrative() {
  const text = $('paste-text').value;
  if (!text.trim()) {
    setStatus('请先粘贴情况说明的文字。');
    return;
  }
  const bytes = new TextEncoder().encode(text);
  checkFiles(async () => [{ name: '情况说明.txt', bytes }], '粘贴的情况说明', false, new Set(textFiles));
}

async function fromSamples() {
  const embedded = document.getElementById('gouji-samples');
  if (embedded) {
    return JSON.parse(embedded.textContent).files.map(({ name, base64 }) => ({
      name, bytes: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
    }));
  }
  const base = new URL('samples/', document.baseURI);
  const index = await fetchOk(new URL('index.json', base));
  const { files } = await index.json();
  return Promise.all(files.map(async (name) => {
    const res = await fetchOk(new URL(encodeURIComponent(name), base));
    return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
  }));
}

async function fetchOk(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`无法读取示例文件 ${decodeURIComponent(url.pathname)}（HTTP ${res.status}）`);
  return res;
}

function setupInputs() {
  const zone = $('drop-zone');
  let depth = 0;
  zone.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('over');
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    // With 'gouji:rendered' (the findings are in the page): what `npm run bench` times (bench/page.mjs).
    performance.mark('gouji:drop');
    depth = 0;
    zone.classList.remove('over');
    // Entries must be taken while the event lasts; a folder among them makes the drop a new
    // set: one department per folder that directly holds files, several get a chooser.
    const entries = [...(e.dataTransfer?.items ?? [])]
      .map((item) => (item.kind === 'file' && typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null));
    if (entries.some((entry) => entry?.isDirectory)) {
      checkFiles((progress) => fromEntries(entries.filter(Boolean), progress), '拖入的文件夹', true);
      return;
    }
    const list = e.dataTransfer ? e.dataTransfer.files : [];
    checkFiles((progress) => fromFileList(list, progress), '拖入的文件');
  });
  // A file dropped beside the zone must not make the browser navigate away to it.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (e) => {
      if (!zone.contains(e.target)) e.preventDefault();
    });
  }

  const input = $('file-input');
  input.addEventListener('change', () => {
    performance.mark('gouji:drop'); // files given: as for a drop
    const list = [...input.files];
    input.value = '';
    checkFiles((progress) => fromFileList(list, progress), '选择的文件');
  });

  $('sample-button').addEventListener('click', () => checkFiles(fromSamples, '示例文件', true));
  $('cancel-button').addEventListener('click', cancelCheck);
  $('paste-button').addEventListener('click', pasteNarrative);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && busy) cancelCheck();
  });
  $('clear-files').addEventListener('click', () => {
    if (busy) return;
    files = new Map();
    departments = [];
    renderDepartments();
    $('results').hidden = true;
    document.body.dataset.state = 'idle';
    setStatus('文件已清空：拖入文件，或点“试用示例”。');
  });

  for (const box of $('filters').querySelectorAll('input')) {
    box.addEventListener('change', renderFindings);
  }
  $('search').addEventListener('input', renderFindings);
  $('group-by').addEventListener('change', renderFindings);
  $('department').addEventListener('change', () => {
    const index = Number($('department').value);
    if (!busy && departments[index]) showDepartment(index);
  });
  $('close-table').addEventListener('click', closeTable);
  $('export-json').addEventListener('click', exportJson);
  $('export-csv').addEventListener('click', exportCsv);
  $('print-button').addEventListener('click', () => window.print());
}

// ---------------------------------------------------------------------------
// Rendering. Only createElement / textContent.

// A cell's text as shown, cut at CELL_CHARS characters: a malformed export can hold a megabyte
// in one cell (the report keeps it whole).
const CELL_CHARS = 2000;
const clipped = (text) => (text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS)}…（共 ${text.length} 字）` : text);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-')) node.setAttribute(key, String(value));
    else node[key] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const str = (v) => (v === null || v === undefined ? '' : String(v));

const TABLE_NAMES = {
  T1: '收支总表', T2: '收入总表', T3: '支出总表', T4: '财政拨款收支总表', T5: '一般公共预算支出表',
  T6: '一般公共预算基本支出表', T7: '一般公共预算“三公”经费支出表', T8: '政府性基金预算支出表',
  T9: '项目支出表', T10: '项目支出绩效目标表', GZY: '国有资本经营预算支出表', narrative: '情况说明',
};
let textFiles = new Set(); // the narrative's files: their locations are lines, not cells
const ROUNDING = 'GJ-ROUNDING';
const MISSING = 'GJ-INPUT-MISSING';

// The current result: the report as the CLI prints it, the tables' grids and indexes over them.
let current = { report: null, findings: [], sheets: new Map(), tableOf: new Map() };
let openKey = null; // the sheet shown in the table view
let selected = null; // index of the finding shown in the table view

const sheetKey = (file, sheet) => `${str(file)}\u0000${str(sheet)}`;

function renderResult({ report, sheets }) {
  if (!report || typeof report !== 'object') throw new Error('检查引擎没有返回报告');
  const inputs = Array.isArray(report.inputs) ? report.inputs : [];
  const findings = Array.isArray(report.findings) ? report.findings : [];
  const summary = report.summary ?? {};

  const sheetMap = new Map((Array.isArray(sheets) ? sheets : []).map((s) => [sheetKey(s.file, s.sheet), s]));
  const tableOf = new Map(inputs.map((i) => [sheetKey(i.file, i.sheet), i]));
  current = { report, findings, sheets: sheetMap, tableOf };
  searchTexts = [];

  $('count-errors').textContent = str(summary.errors ?? 0);
  $('count-warnings').textContent = str(summary.warnings ?? 0);
  $('count-infos').textContent = str(summary.infos ?? 0);
  $('all-clear').hidden = findings.some((f) => f.severity === 'error' || f.severity === 'warning');
  renderBreakdown(findings);
  $('breakdown').hidden = findings.length === 0;

  textFiles = new Set(inputs.filter((i) => i.table === 'narrative').map((i) => str(i.file)));
  $('inputs').tBodies[0].replaceChildren();
  appendInputs(inputs, 0);
  const missing = findings.find((f) => f.rule === MISSING);
  $('missing').hidden = !missing;
  $('missing').textContent = missing ? str(missing.message).split('。')[0] : '';

  $('findings-count').textContent = `（${findings.length} 条）`;
  $('no-findings').hidden = findings.length !== 0;
  renderFindings();
  closeTable();

  if (report.tool?.version) $('version').textContent = `勾稽 gouji ${report.tool.version}`;
  $('results').hidden = false;
}

function locationsOf(f) {
  return Array.isArray(f.locations) ? f.locations : [];
}

// The table a finding belongs to (its first location's), for grouping and the summary.
function tableLabelOf(f) {
  const loc = locationsOf(f)[0];
  if (!loc) return '全部文件';
  const input = current.tableOf.get(sheetKey(loc.file, loc.sheet));
  if (input?.table) return tableName(input.table);
  return loc.sheet ? `${str(loc.file)}「${str(loc.sheet)}」` : str(loc.file);
}

function countBy(findings, keyOf) {
  const counts = new Map();
  for (const f of findings) {
    const key = keyOf(f);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Ties in code-unit order (the labels lead with a table or rule id): localeCompare(…, 'zh')
  // loaded ICU's Chinese collation at its first call, 10–38 ms of the page's first result.
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function renderBreakdown(findings) {
  const chip = ([label, n]) => el('li', { class: 'chip' }, el('span', { text: label }), el('span', { class: 'n', text: str(n) }));
  $('summary-tables').replaceChildren(...countBy(findings, tableLabelOf).map(chip));
  $('summary-rules').replaceChildren(...countBy(findings, (f) => `${str(f.rule)} ${str(f.title)}`.trim()).map(chip));
}

// "T5 一般公共预算支出表"; the narrative is just 情况说明.
function tableName(id) {
  if (id === 'narrative') return TABLE_NAMES.narrative;
  return `${id} ${TABLE_NAMES[id] ?? ''}`.trim();
}

// The inputs' rows, INPUTS_PAGE at a time: a table of 10 000 dropped files made into rows at once
// kept the page from drawing for seconds (style and layout of 60 000 cells).
const INPUTS_PAGE = 200;

function appendInputs(inputs, from) {
  const body = $('inputs').tBodies[0];
  const to = Math.min(inputs.length, from + INPUTS_PAGE);
  body.append(...inputs.slice(from, to).map(renderInput));
  if (to < inputs.length) {
    const button = el('button', { type: 'button', class: 'button small',
      text: `再显示 ${Math.min(INPUTS_PAGE, inputs.length - to)} 个（还有 ${inputs.length - to} 个）` });
    const row = el('tr', { class: 'more-inputs' }, el('td', { colSpan: 6 }, button));
    button.addEventListener('click', () => {
      row.remove();
      appendInputs(inputs, to);
    });
    body.append(row);
  }
}

function renderInput(input) {
  const recognized = input.table !== null && input.table !== undefined;
  const tableLabel = recognized ? tableName(input.table) : '未识别';
  const fileText = input.sheet ? `${str(input.file)} [${str(input.sheet)}]` : str(input.file);
  const row = el('tr', { class: recognized ? '' : 'unrecognized', 'data-table': recognized ? input.table : '' },
    el('td', { class: 'file', text: fileText }),
    el('td', { class: 'table-id', text: tableLabel }),
    el('td', { text: str(input.title) }),
    el('td', { text: str(input.encoding) }),
    el('td', { text: str(input.unit) }),
    el('td', { class: 'num', text: str(input.rows) }));
  const key = sheetKey(input.file, input.sheet);
  if (current.sheets.has(key)) {
    row.classList.add('openable');
    row.title = '点击查看此表';
    row.addEventListener('click', () => openTable(key, null));
  }
  return row;
}

// Groups of findings (by table or by rule), each a heading and a list; order within a group is
// the report's. Built from the data, not from elements: a large department's report (tens of
// thousands of findings, some with hundreds of cells) made into elements at once would freeze the
// page for seconds, so a group shows FINDINGS_PAGE findings and a button for the next ones, and the
// filters choose findings before any element is made.
const FINDINGS_PAGE = 200;
const FINDINGS_SHOWN = 500;
// Cells listed per finding before a "显示其余" button (a sum over a table's rows names them all).
const LOCATIONS_SHOWN = 20;
let searchTexts = []; // per finding, the lower-case text the search box matches (made when first searched)

function findingFilter() {
  const shown = new Set([...$('filters').querySelectorAll('input[value]:checked')].map((b) => b.value));
  const rounding = $('show-rounding').checked;
  const words = $('search').value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return (f, index) => shown.has(severityOf(f))
    && (rounding || f.rule !== ROUNDING)
    && (words.length === 0 || words.every((w) => searchText(index).includes(w)));
}

const severityOf = (f) => (['error', 'warning', 'info'].includes(f.severity) ? f.severity : 'info');

// What a finding shows (its element's text when all its cells are listed).
function searchText(index) {
  if (searchTexts[index] === undefined) {
    const f = current.findings[index];
    const parts = [SEVERITY_LABEL[severityOf(f)], f.rule, f.title, f.message, f.expected, f.actual, f.difference];
    for (const loc of locationsOf(f)) {
      parts.push(formatPlace(loc), cellName(loc), loc.role === 'culprit' ? '可能出错处' : '', loc.header, loc.value);
    }
    searchTexts[index] = parts.map(str).join(' ').toLowerCase();
  }
  return searchTexts[index];
}

function renderFindings() {
  const byRule = $('group-by').value === 'rule';
  const keep = findingFilter();
  const groups = new Map(); // key -> {first, indexes}: every group keeps its place, empty ones are hidden
  let visible = 0;
  current.findings.forEach((f, index) => {
    const key = byRule ? str(f.rule) : tableLabelOf(f);
    if (!groups.has(key)) groups.set(key, { first: index, indexes: [] });
    if (keep(f, index)) {
      groups.get(key).indexes.push(index);
      visible++;
    }
  });
  // Hundreds of groups (a drop of thousands of files, each unrecognized file a group of its own)
  // at FINDINGS_PAGE each made 80 000 elements and a 3 s layout: past FINDINGS_SHOWN findings in
  // all, a group shows only its button.
  let budget = FINDINGS_SHOWN;
  const sections = [...groups.entries()].map(([key, { first, indexes }]) => {
    // A finding's title is its rule's.
    const label = byRule ? `${key} ${str(current.findings[first].title)}`.trim() : key;
    const list = el('ol', { class: 'group-list' });
    const shown = Math.min(indexes.length, FINDINGS_PAGE, budget);
    budget -= shown;
    appendFindings(list, indexes, 0, shown);
    return el('section', { class: 'group', 'data-group': key, hidden: indexes.length === 0 },
      el('h3', { class: 'group-title' }, el('span', { text: label }),
        el('span', { class: 'muted group-count', text: `（${indexes.length}）` })),
      list);
  });
  $('findings').replaceChildren(...sections);
  $('none-shown').hidden = visible !== 0 || current.findings.length === 0;
  if (selected !== null) markSelected();
}

// The findings indexes[from..] of a group, `count` of them, then a button for the next page.
function appendFindings(list, indexes, from, count = FINDINGS_PAGE) {
  const to = Math.min(indexes.length, from + count);
  for (let k = from; k < to; k++) list.append(renderFinding(current.findings[indexes[k]], indexes[k]));
  if (to < indexes.length) {
    const next = Math.min(FINDINGS_PAGE, indexes.length - to);
    const text = to === 0 ? `显示 ${next} 条（共 ${indexes.length} 条）` : `再显示 ${next} 条（还有 ${indexes.length - to} 条）`;
    list.append(more('li', 'more-findings', text, () => {
      appendFindings(list, indexes, to);
      if (selected !== null) markSelected();
    }));
  }
}

// An item holding one button that does `then` in the item's place: the next page of a list.
function more(tag, cls, text, then) {
  const button = el('button', { type: 'button', class: 'button small', text });
  const item = el(tag, { class: cls }, button);
  button.addEventListener('click', () => {
    item.remove();
    then();
  });
  return item;
}

function renderFinding(f, index) {
  const severity = severityOf(f);
  const item = el('li', { class: `finding ${severity}`, 'data-severity': severity, 'data-rule': str(f.rule), 'data-index': index },
    el('div', { class: 'finding-head' },
      el('span', { class: `badge ${severity}`, text: SEVERITY_LABEL[severity] }),
      el('code', { class: 'rule', text: str(f.rule) }),
      el('span', { class: 'finding-title', text: str(f.title) })),
    el('p', { class: 'message', text: str(f.message) }));

  const numbers = [['应为', f.expected], ['实为', f.actual], ['差额', f.difference]]
    .filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (numbers.length) {
    item.append(el('dl', { class: 'numbers' },
      ...numbers.flatMap(([label, v]) => [el('dt', { text: label }), el('dd', { text: str(v) })])));
  }

  const locations = locationsOf(f);
  if (locations.length) {
    const list = el('ul', { class: 'locations' }, ...locations.slice(0, LOCATIONS_SHOWN).map((loc) => renderLocation(loc, index)));
    if (locations.length > LOCATIONS_SHOWN) {
      list.append(more('li', 'more-locations', `显示其余 ${locations.length - LOCATIONS_SHOWN} 处`,
        () => list.append(...locations.slice(LOCATIONS_SHOWN).map((loc) => renderLocation(loc, index)))));
    }
    item.append(list);
  }
  if (locations.some((loc) => current.sheets.has(sheetKey(loc.file, loc.sheet)))) {
    const button = el('button', { type: 'button', class: 'button small show-in-table', text: '在表中查看' });
    button.addEventListener('click', () => openFinding(index));
    item.querySelector('.finding-head').append(button);
  }

  if (f.rule) {
    const details = el('details', { class: 'rule-doc' }, el('summary', { text: `规则说明：${str(f.rule)} ${str(f.title)}` }));
    details.addEventListener('toggle', () => {
      if (details.open && !details.dataset.filled) fillRuleDoc(details, f.rule);
    });
    item.append(details);
  }
  return item;
}

// The rule docs (检查什么/为什么/例子) are not in the engine: the build writes them from the rules'
// code to pkg/rules.json (the single-file build inlines them), fetched when a rule's docs are
// first opened.
let ruleDocs = null;

function loadRuleDocs() {
  ruleDocs ??= (async () => {
    const embedded = document.getElementById('gouji-rules');
    let list;
    if (embedded) list = JSON.parse(embedded.textContent);
    else {
      const res = await fetch(new URL('./pkg/rules.json', import.meta.url), { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      list = await res.json();
    }
    return new Map(list.map((r) => [r.id, r]));
  })().catch((err) => {
    ruleDocs = null; // the next opening tries again
    throw err;
  });
  return ruleDocs;
}

async function fillRuleDoc(details, ruleId) {
  details.dataset.filled = 'loading';
  let body;
  try {
    const rule = (await loadRuleDocs()).get(ruleId);
    body = el('dl', { class: 'rule-help' });
    for (const [label, v] of [['检查什么', rule?.what], ['为什么', rule?.why], ['例子', rule?.example]]) {
      if (v) body.append(el('dt', { text: label }), el('dd', { text: str(v) }));
    }
    if (!body.childElementCount) body = el('p', { class: 'muted', text: '这条规则没有说明。' });
    details.dataset.filled = 'yes';
  } catch (err) {
    body = el('p', { class: 'muted', text: `规则说明无法加载（${err.message}），请稍后再展开一次。` });
    delete details.dataset.filled;
  }
  details.querySelector('summary ~ *')?.remove();
  details.append(body);
}

// file[:sheet]:row:column (column 0 or null = the whole row), then header and cell value.
function formatPlace(loc) {
  let place = str(loc.file);
  if (loc.sheet) place += `:${loc.sheet}`;
  if (Number.isInteger(loc.row) && loc.row > 0) {
    place += `:${loc.row}`;
    if (Number.isInteger(loc.column) && loc.column > 0) place += `:${loc.column}`;
  }
  return place;
}

function columnLetters(n) {
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

// The spreadsheet cell name (D15) of a table location; none for the narrative or a whole row.
function cellName(loc) {
  if (!Number.isInteger(loc.row) || !Number.isInteger(loc.column) || loc.column < 1 || loc.row < 1) return null;
  if (textFiles.has(str(loc.file))) return null;
  return `${columnLetters(loc.column)}${loc.row}`;
}

function renderLocation(loc, index) {
  const culprit = loc.role === 'culprit';
  const cell = cellName(loc);
  const item = el('li', { class: culprit ? 'location culprit' : 'location', 'data-role': loc.role },
    el('code', { class: 'place', text: formatPlace(loc) }),
    cell ? el('span', { class: 'cell', text: `(${cell})` }) : null,
    culprit ? el('span', { class: 'culprit-tag', text: '可能出错处' }) : null,
    loc.header ? el('span', { class: 'header', text: str(loc.header) }) : null,
    loc.value !== null && loc.value !== undefined
      ? el('span', { class: 'value', text: loc.value === '' ? '（空）' : clipped(str(loc.value)) })
      : null);
  if (current.sheets.has(sheetKey(loc.file, loc.sheet)) && loc.row > 0) {
    item.classList.add('openable');
    item.title = '在表中查看';
    item.addEventListener('click', () => openFinding(index, loc));
  }
  return item;
}

// ---------------------------------------------------------------------------
// Table view: the grid as the spreadsheet shows it (row numbers, column letters), the chosen
// finding's cells highlighted (culprit and operands apart), every cell with findings clickable.

function openFinding(index, focus = null) {
  const f = current.findings[index];
  const loc = focus ?? locationsOf(f).find((l) => current.sheets.has(sheetKey(l.file, l.sheet)));
  if (!loc) return;
  selected = index;
  openTable(sheetKey(loc.file, loc.sheet), index, focus);
  markSelected();
}

function markSelected() {
  for (const item of $('findings').querySelectorAll('li.finding')) {
    item.classList.toggle('selected', Number(item.dataset.index) === selected);
  }
}

function openTable(key, index, focus = null) {
  const sheet = current.sheets.get(key);
  if (!sheet) return;
  if (index === null) {
    selected = null;
    markSelected();
  }
  // The row to show: the chosen cell's, else the culprit's, else the finding's first in this table.
  const here = index === null ? [] : locationsOf(current.findings[index]).filter((l) => sheetKey(l.file, l.sheet) === key && l.row > 0);
  const row = (focus ?? here.find((l) => l.role === 'culprit') ?? here[0])?.row ?? null;
  const fresh = openKey !== key;
  openKey = key;
  if (fresh || (row !== null && !gridShows(sheet, row))) renderGrid(sheet, row);
  const input = current.tableOf.get(key);
  const name = input?.table ? tableName(input.table) : '';
  $('table-view-title').textContent = `${name}  ${sheet.sheet ? `${sheet.file}「${sheet.sheet}」` : sheet.file}`.trim();
  $('cell-findings').hidden = true;
  $('table-view').hidden = false;
  highlight(key, index, focus, true);
}

// Marks the cells of finding `index` in the shown rows (culprit and operands apart); scrolls to
// the focused cell, the culprit or the first one.
function highlight(key, index, focus, scroll) {
  const grid = $('grid');
  for (const node of grid.querySelectorAll('.hl-culprit, .hl-operand')) node.classList.remove('hl-culprit', 'hl-operand');
  if (index === null) return;
  const targets = [];
  for (const loc of locationsOf(current.findings[index])) {
    if (sheetKey(loc.file, loc.sheet) !== key || !(loc.row > 0)) continue;
    const cls = loc.role === 'culprit' ? 'hl-culprit' : 'hl-operand';
    const nodes = loc.column > 0
      ? grid.querySelectorAll(`td[data-cell="${columnLetters(loc.column)}${loc.row}"]`)
      : grid.querySelectorAll(`tr[data-row="${loc.row}"] td`);
    for (const node of nodes) node.classList.add(cls);
    if (nodes[0]) targets.push({ node: nodes[0], loc });
  }
  const target = targets.find((t) => focus && t.loc === focus)
    ?? targets.find((t) => t.node.classList.contains('hl-culprit')) ?? targets[0];
  if (scroll && target) target.node.scrollIntoView({ block: 'center', inline: 'center' });
}

// A sheet as the worker sends it: row i is numbered rows[2i] and its cells end at
// ends[rows[2i + 1]] up to the next row's first; a row's cells are cut from `text` only when the
// row is shown (cutting every cell of a 600 000-row table at once took ~1 s).
const rowCount = (sheet) => sheet.rows.length >> 1;
const rowNumber = (sheet, i) => sheet.rows[2 * i];
const cellRange = (sheet, i) => [sheet.rows[2 * i + 1], 2 * i + 3 < sheet.rows.length ? sheet.rows[2 * i + 3] : sheet.ends.length];

function gridRow(sheet, i) {
  const { text, ends } = sheet;
  const [first, last] = cellRange(sheet, i);
  const cells = [];
  for (let k = first; k < last; k++) cells.push(text.slice(k > 0 ? ends[k - 1] : 0, ends[k]));
  return { number: rowNumber(sheet, i), cells };
}

function widestRow(sheet) {
  if (sheet.widest === undefined) {
    sheet.widest = 0;
    for (let i = 0; i < rowCount(sheet); i++) {
      const [first, last] = cellRange(sheet, i);
      sheet.widest = Math.max(sheet.widest, last - first);
    }
  }
  return sheet.widest;
}

// A table shows GRID_ROWS of its rows at a time (a project table has tens of thousands, too many
// elements to make at once): the window around the finding's row, the table's header rows above
// it, and buttons for the rows before and after.
const GRID_ROWS = 400;
// A malformed export can hold a row far wider than any table: the grid shows at most
// GRID_COLUMNS columns (10 000 columns in 400 rows were 4 million elements: the page froze).
const GRID_COLUMNS = 200;
let gridWindow = { from: 0, to: 0 }; // the indexes of the sheet's rows shown

// The index of the first row numbered `number` or more (rows are in file order).
function rowIndex(sheet, number) {
  let lo = 0;
  let hi = rowCount(sheet);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rowNumber(sheet, mid) < number) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function gridShows(sheet, number) {
  const i = rowIndex(sheet, number);
  return i >= gridWindow.from && i < gridWindow.to;
}

function renderGrid(sheet, around = null) {
  const from = around === null ? 0 : Math.max(0, rowIndex(sheet, around) - GRID_ROWS / 2);
  showGridRows(sheet, from, from + GRID_ROWS);
}

function showGridRows(sheet, from, to) {
  const count = rowCount(sheet);
  to = Math.min(to, count);
  gridWindow = { from, to };
  const widest = widestRow(sheet);
  const width = Math.min(widest, GRID_COLUMNS);
  const isHeader = (i) => Number.isInteger(sheet.header_end) && rowNumber(sheet, i) <= sheet.header_end;
  const head = el('tr', {}, el('th', { class: 'corner' }),
    ...Array.from({ length: width }, (_, i) => el('th', { class: 'col-letter', text: columnLetters(i + 1) })),
    widest > width ? el('th', { class: 'more-columns', text: `另有 ${widest - width} 列未显示` }) : null);
  // The title and header rows above the window (they come first in the file).
  const body = [];
  for (let i = 0; i < from && isHeader(i); i++) body.push(rowElement(sheet, gridRow(sheet, i), width, true));
  const moreRows = (text, a, b) => el('tr', { class: 'more-rows' }, el('th'),
    el('td', { colSpan: width }, more('span', '', text, () => showGridRows(sheet, a, b))));
  if (from > 0) body.push(moreRows(`显示前面 ${Math.min(GRID_ROWS, from)} 行`, Math.max(0, from - GRID_ROWS), to));
  for (let i = from; i < to; i++) body.push(rowElement(sheet, gridRow(sheet, i), width, isHeader(i)));
  if (to < count) body.push(moreRows(`显示后面 ${Math.min(GRID_ROWS, count - to)} 行（共 ${count} 行）`, from, to + GRID_ROWS));
  $('grid').replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
  highlight(openKey, selected, null, false);
}

// Which findings name each cell of a table ("row column" -> finding indexes), made when the
// table is first shown (a large report names hundreds of thousands of cells).
function cellsOf(sheet) {
  if (!sheet.cells) {
    const key = sheetKey(sheet.file, sheet.sheet);
    sheet.cells = new Map();
    current.findings.forEach((f, index) => {
      for (const loc of locationsOf(f)) {
        if (sheetKey(loc.file, loc.sheet) !== key) continue;
        const cell = `${loc.row} ${loc.column}`;
        const list = sheet.cells.get(cell) ?? [];
        if (list.at(-1) !== index) list.push(index);
        sheet.cells.set(cell, list);
      }
    });
  }
  return sheet.cells;
}

function rowElement(sheet, row, width, header) {
  const cells = cellsOf(sheet);
  const tr = el('tr', { class: header ? 'header-row' : '', 'data-row': row.number },
    el('th', { class: 'row-number', text: str(row.number) }));
  for (let c = 1; c <= width; c++) {
    const text = str(row.cells[c - 1]);
    const td = el('td', { 'data-cell': `${columnLetters(c)}${row.number}`, text: clipped(text) });
    if (/^[-+]?[\d,]+(\.\d+)?%?$/.test(text.trim())) td.classList.add('num');
    const here = cells.get(`${row.number} ${c}`) ?? cells.get(`${row.number} 0`);
    if (here) {
      td.classList.add('has-finding');
      td.tabIndex = 0;
      td.addEventListener('click', () => showCellFindings(td.dataset.cell, here));
      td.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') showCellFindings(td.dataset.cell, here);
      });
    }
    tr.append(td);
  }
  return tr;
}

function showCellFindings(cell, indexes) {
  const box = $('cell-findings');
  box.replaceChildren(el('h3', { text: `${cell} 涉及的问题（${indexes.length} 条）` }),
    el('ul', {}, ...indexes.map((i) => {
      const f = current.findings[i];
      const severity = severityOf(f);
      const link = el('button', { type: 'button', class: 'link', text: str(f.message) });
      link.addEventListener('click', () => openFinding(i));
      return el('li', { class: 'cell-finding', 'data-index': i },
        el('span', { class: `badge ${severity}`, text: SEVERITY_LABEL[severity] }), ' ',
        el('code', { class: 'rule', text: str(f.rule) }), ' ', link);
    })));
  box.hidden = false;
}

function closeTable() {
  openKey = null;
  selected = null;
  $('table-view').hidden = true;
  $('grid').replaceChildren();
  markSelected();
}

// ---------------------------------------------------------------------------
// Export: the report as the CLI prints it (JSON), one CSV line per finding × location.

function download(name, type, parts) {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportJson() {
  if (current.report) download('gouji-report.json', 'application/json', [`${JSON.stringify(current.report, null, 2)}\n`]);
}

const CSV_HEADER = ['严重程度', '规则', '标题', '说明', '应为', '实为', '差额', '文件', '工作表', '行', '列', '单元格', '表头', '值', '角色'];

// Excel would run a cell starting with = + - @ as a formula; numbers such as -1.00 stay numbers.
function csvField(v) {
  let s = str(v);
  if (/^[=@\t\r]/.test(s) || (/^[+-]/.test(s) && !/^[+-][\d,]*\.?\d+%?$/.test(s))) s = `'${s}`;
  return `"${s.replaceAll('"', '""')}"`;
}

function csvLines(findings) {
  const lines = [CSV_HEADER];
  for (const f of findings) {
    const head = [SEVERITY_LABEL[f.severity] ?? f.severity, f.rule, f.title, f.message, f.expected, f.actual, f.difference];
    const locations = locationsOf(f);
    if (locations.length === 0) lines.push([...head, '', '', '', '', '', '', '', '']);
    for (const loc of locations) {
      lines.push([...head, loc.file, loc.sheet, loc.row > 0 ? loc.row : '', loc.column > 0 ? loc.column : '',
        cellName(loc) ?? '', loc.header, loc.value, loc.role === 'culprit' ? '可能出错处' : (loc.role === 'operand' ? '相关' : '')]);
    }
  }
  return lines;
}

function exportCsv() {
  if (!current.report) return;
  const text = csvLines(current.findings).map((line) => line.map(csvField).join(',')).join('\r\n');
  download('gouji-report.csv', 'text/csv;charset=utf-8', ['\uFEFF', `${text}\r\n`]);
}

// ---------------------------------------------------------------------------

function setStatus(text) {
  $('status').textContent = text;
}

function showError(message) {
  const box = $('error');
  box.replaceChildren(el('strong', { text: '出错了：' }), document.createTextNode(message));
  box.hidden = false;
}

function hideError() {
  $('error').hidden = true;
  $('error').replaceChildren();
}

// Served over http(s): a service worker keeps the page usable offline after this first visit.
// (The single-file build needs none, and file:// pages cannot have one.)
if (!embeddedWorker && 'serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch(() => {
    // Without it the page works exactly the same, only not offline.
  });
}

setupInputs();
startWorker();
document.body.dataset.state = 'idle';
