// The page: collects files (drop, picker or built-in samples), sends their bytes to the
// checker worker and renders the report. Everything that comes from a file (names, cell
// values, messages) is inserted with textContent, never parsed as HTML.

const $ = (id) => document.getElementById(id);

const SEVERITY_LABEL = { error: '错误', warning: '警告', info: '提示' };
const TABLE_LABEL = { narrative: '情况说明' };

// ---------------------------------------------------------------------------
// The worker. One at a time; replaced after any failure so the page keeps working.

let worker = null;
let rulesById = new Map();
let nextId = 1;
const pending = new Map(); // id -> {resolve, reject}

function startWorker() {
  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'gouji-checker' });
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
    rulesById = new Map((Array.isArray(msg.rules) ? msg.rules : []).map((r) => [r.id, r]));
    $('version').textContent = `勾稽 gouji ${msg.version}`;
    if (!busy) setStatus('就绪：拖入文件，或点“试用示例”。');
  } else if (msg.type === 'result') {
    settle(msg.id, (p) => p.resolve(msg.report));
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

function runCheck(files) {
  if (!worker) startWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // The bytes are transferred, not copied; the caller must not use them afterwards.
    worker.postMessage({ type: 'check', id, files, options: undefined }, files.map((f) => f.bytes.buffer));
  });
}

// ---------------------------------------------------------------------------
// Inputs: drop zone, file picker, samples.

let busy = false;

async function checkFiles(loadFiles, what) {
  if (busy) {
    setStatus('上一次检查还没有结束，请稍候再试。');
    return;
  }
  busy = true;
  document.body.dataset.state = 'checking';
  hideError();
  $('results').hidden = true; // never show an old report next to a new error
  setStatus(`正在读取${what}…`);
  $('sample-button').disabled = true;
  try {
    const files = await loadFiles();
    if (files.length === 0) {
      setStatus('没有文件。');
      document.body.dataset.state = 'idle';
      return;
    }
    setStatus(`正在检查 ${files.length} 个文件…`);
    const started = performance.now();
    const report = await runCheck(files);
    renderReport(report);
    const ms = Math.round(performance.now() - started);
    setStatus(`检查完成：${files.length} 个文件，用时 ${ms} 毫秒。`);
    document.body.dataset.state = 'done';
  } catch (err) {
    showError(err instanceof Error ? err.message : String(err));
    setStatus('检查没有完成。可以再试一次。');
    document.body.dataset.state = 'failed';
  } finally {
    busy = false;
    $('sample-button').disabled = false;
  }
}

async function fromFileList(list) {
  return Promise.all([...list].map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

async function fromSamples() {
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
    depth = 0;
    zone.classList.remove('over');
    const list = e.dataTransfer ? e.dataTransfer.files : [];
    checkFiles(() => fromFileList(list), '拖入的文件');
  });
  // A file dropped beside the zone must not make the browser navigate away to it.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (e) => {
      if (!zone.contains(e.target)) e.preventDefault();
    });
  }

  const input = $('file-input');
  input.addEventListener('change', () => {
    const list = [...input.files];
    input.value = '';
    checkFiles(() => fromFileList(list), '选择的文件');
  });

  $('sample-button').addEventListener('click', () => checkFiles(fromSamples, '示例文件'));

  for (const box of $('filters').querySelectorAll('input')) {
    box.addEventListener('change', applyFilters);
  }
}

// ---------------------------------------------------------------------------
// Rendering. Only createElement / textContent.

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

let textFiles = new Set(); // the narrative's files: their locations are lines, not cells

function renderReport(report) {
  if (!report || typeof report !== 'object') throw new Error('检查引擎没有返回报告');
  const inputs = Array.isArray(report.inputs) ? report.inputs : [];
  const findings = Array.isArray(report.findings) ? report.findings : [];
  const summary = report.summary ?? {};

  $('count-errors').textContent = str(summary.errors ?? 0);
  $('count-warnings').textContent = str(summary.warnings ?? 0);
  $('count-infos').textContent = str(summary.infos ?? 0);

  textFiles = new Set(inputs.filter((i) => i.table === 'narrative').map((i) => str(i.file)));
  const tbody = $('inputs').tBodies[0];
  tbody.replaceChildren(...inputs.map(renderInput));

  $('findings').replaceChildren(...findings.map(renderFinding));
  $('findings-count').textContent = `（${findings.length} 条）`;
  $('no-findings').hidden = findings.length !== 0;
  applyFilters();

  if (report.tool?.version) $('version').textContent = `勾稽 gouji ${report.tool.version}`;
  $('results').hidden = false;
}

function renderInput(input) {
  const recognized = input.table !== null && input.table !== undefined;
  const tableLabel = recognized ? (TABLE_LABEL[input.table] ?? input.table) : '未识别';
  const fileText = input.sheet ? `${str(input.file)} [${str(input.sheet)}]` : str(input.file);
  return el('tr', { class: recognized ? '' : 'unrecognized', 'data-table': recognized ? input.table : '' },
    el('td', { class: 'file', text: fileText }),
    el('td', { class: 'table-id', text: tableLabel }),
    el('td', { text: str(input.title) }),
    el('td', { text: str(input.encoding) }),
    el('td', { text: str(input.unit) }),
    el('td', { class: 'num', text: str(input.rows) }));
}

function renderFinding(f) {
  const severity = ['error', 'warning', 'info'].includes(f.severity) ? f.severity : 'info';
  const rule = rulesById.get(f.rule);
  const item = el('li', { class: `finding ${severity}`, 'data-severity': severity, 'data-rule': str(f.rule) },
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

  const locations = Array.isArray(f.locations) ? f.locations : [];
  if (locations.length) {
    item.append(el('ul', { class: 'locations' }, ...locations.map(renderLocation)));
  }

  if (rule && (rule.what || rule.why || rule.example)) {
    const body = el('dl', { class: 'rule-help' });
    for (const [label, v] of [['检查什么', rule.what], ['为什么', rule.why], ['例子', rule.example]]) {
      if (v) body.append(el('dt', { text: label }), el('dd', { text: str(v) }));
    }
    item.append(el('details', {}, el('summary', { text: '规则说明' }), body));
  }
  return item;
}

// file[:sheet]:row:column (column 0 or null = the whole row), then header and cell value.
function formatPlace(loc) {
  let place = str(loc.file);
  if (loc.sheet) place += `:${loc.sheet}`;
  if (Number.isInteger(loc.row)) {
    place += `:${loc.row}`;
    if (Number.isInteger(loc.column) && loc.column > 0) place += `:${loc.column}`;
  }
  return place;
}

// The spreadsheet cell name (D15) of a table location; none for the narrative or a whole row.
function cellName(loc) {
  if (!Number.isInteger(loc.row) || !Number.isInteger(loc.column) || loc.column < 1) return null;
  if (textFiles.has(str(loc.file))) return null;
  let n = loc.column;
  let letters = '';
  while (n > 0) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return `${letters}${loc.row}`;
}

function renderLocation(loc) {
  const culprit = loc.role === 'culprit';
  const cell = cellName(loc);
  return el('li', { class: culprit ? 'location culprit' : 'location', 'data-role': loc.role },
    el('code', { class: 'place', text: formatPlace(loc) }),
    cell ? el('span', { class: 'cell', text: `(${cell})` }) : null,
    culprit ? el('span', { class: 'culprit-tag', text: '可能出错处' }) : null,
    loc.header ? el('span', { class: 'header', text: str(loc.header) }) : null,
    loc.value !== null && loc.value !== undefined
      ? el('span', { class: 'value', text: loc.value === '' ? '（空）' : str(loc.value) })
      : null);
}

function applyFilters() {
  const shown = new Set([...$('filters').querySelectorAll('input:checked')].map((b) => b.value));
  for (const item of $('findings').children) item.hidden = !shown.has(item.dataset.severity);
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

setupInputs();
startWorker();
document.body.dataset.state = 'idle';
