// Assemble dist/gouji.html from www/: one file that runs from file:// with nothing else.
//   node scripts/build-single.mjs <no-modules glue gouji.js> <out.html> <no-modules glue gouji_xlsx.js>
// - style.css and app.js are inlined; the CSP allows exactly them by hash (file:// has no 'self').
// - The worker is a classic script kept in a data block (<script type="text/plain">): the
//   no-modules glue, the wasm as base64 (both modules: the workbook reader is inlined too),
//   prepare.js, then worker.js's body. app.js starts it from a Blob URL.
// - The samples are a JSON data block, so 试用示例 works without fetching anything; so are the
//   rule docs (pkg/rules.json).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = join(ROOT, 'www');
const [gluePath, outPath = 'dist/gouji.html', xlsxGluePath] = process.argv.slice(2);
if (!gluePath || !xlsxGluePath) {
  throw new Error('usage: node scripts/build-single.mjs <no-modules gouji.js> <out.html> <no-modules gouji_xlsx.js>');
}

const fail = (msg) => {
  console.error(`[gouji] build:single failed: ${msg}`);
  process.exit(1);
};
const read = (...p) => readFileSync(join(WWW, ...p), 'utf8');

const glue = readFileSync(gluePath, 'utf8');
const webGlue = read('pkg', 'gouji.js');
const wasm = readFileSync(join(WWW, 'pkg', 'gouji_bg.wasm'));
const xlsxGlue = readFileSync(xlsxGluePath, 'utf8');
const xlsxWasm = readFileSync(join(WWW, 'pkg', 'gouji_xlsx_bg.wasm'));

// The optimized module comes from www/pkg, the glue from this run: the glue must provide exactly
// the (hash-named) imports the served glue provides, or the module would not link.
const importNames = (js) => [...new Set([...js.matchAll(/\b(__wbg_\w+_[0-9a-f]{16}):/g)].map((m) => m[1]))].sort().join(',');
if (!importNames(glue) || importNames(glue) !== importNames(webGlue)
    || importNames(xlsxGlue) !== importNames(read('pkg', 'gouji_xlsx.js'))) {
  fail('www/pkg and target/ disagree on the imports: run `npm run build:wasm` first');
}

// worker.js imports the engine on its first line that imports ./pkg/gouji.js, prepare.js on the
// next, and the xlsx module with import(); here they come from the classic glues, prepare.js's
// text and the inlined modules instead.
const worker = read('worker.js');
const importLine = /^import init, \{ check_with_sheets as checkWithSheets, take_input as takeInput, version \} from '\.\/pkg\/gouji\.js';$/m;
const prepareLine = /^import \{ prepareFiles \} from '\.\/prepare\.js';$/m;
const xlsxImport = "import('./pkg/gouji_xlsx.js')";
if (!importLine.test(worker) || !prepareLine.test(worker) || !worker.includes(xlsxImport)) {
  fail('worker.js no longer imports the engine the way this script expects');
}
const bytes = (name) => `Uint8Array.from(atob(${name}), (c) => c.charCodeAt(0))`;
const prelude = [
  glue,
  xlsxGlue,
  `const WASM_BASE64 = '${wasm.toString('base64')}';`,
  `const XLSX_BASE64 = '${xlsxWasm.toString('base64')}';`,
  'const { check_with_sheets: checkWithSheets, take_input: takeInput, version } = wasm_bindgen;',
  `const init = () => wasm_bindgen({ module_or_path: ${bytes('WASM_BASE64')} });`,
].join('\n');
const xlsxModule = `Promise.resolve({ default: () => gouji_xlsx({ module_or_path: ${bytes('XLSX_BASE64')} }), ` +
  'read_workbook: (b) => gouji_xlsx.read_workbook(b) })';
const workerSource = worker.replace(importLine, () => prelude)
  .replace(prepareLine, () => read('prepare.js').replace(/^export /m, ''))
  .replace(xlsxImport, () => xlsxModule);

const samplesIndex = JSON.parse(read('samples', 'index.json'));
const samples = samplesIndex.files.map((name) => ({
  name, base64: readFileSync(join(WWW, 'samples', name)).toString('base64'),
}));

const css = read('style.css');
// app.js imports prepare.js for the report builder it defines; inlined like the worker's.
const appImport = /^import '\.\/prepare\.js';$/m;
if (!appImport.test(read('app.js'))) fail('app.js no longer imports prepare.js the way this script expects');
const app = read('app.js').replace(appImport, () => read('prepare.js').replace(/^export /m, ''));
// Raw text inside <script>/<style> ends at the first </script or </style; JSON is escaped below.
for (const [what, text] of [['style.css', css], ['app.js', app], ['worker', workerSource]]) {
  if (/<\/(script|style)|<!--/i.test(text)) fail(`${what} contains </script, </style or <!--, which cannot be inlined`);
}
const json = JSON.stringify({ files: samples }).replaceAll('<', '\\u003c');
// The rule docs the served page fetches from pkg/rules.json (written by build-wasm.sh).
const rulesJson = JSON.stringify(JSON.parse(read('pkg', 'rules.json'))).replaceAll('<', '\\u003c');

const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const csp = `default-src 'none'; script-src ${sha(app)} 'wasm-unsafe-eval'; worker-src blob:; ` +
  `style-src ${sha(css)}; img-src data:`;

let html = read('index.html');
const others = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
  .filter((ref) => !['style.css', 'app.js'].includes(ref) && !ref.startsWith('data:'));
if (others.length) fail(`index.html refers to files that are not inlined: ${others.join(', ')}`);
const replaceOnce = (pattern, replacement, what) => {
  if (!pattern.test(html)) fail(`index.html: ${what} not found`);
  html = html.replace(pattern, () => replacement);
};
replaceOnce(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`, 'the CSP meta');
replaceOnce(/<link rel="stylesheet" href="style.css">/, `<style>${css}</style>`, 'the stylesheet link');
replaceOnce(/<script type="module" src="app.js"><\/script>/, [
  `<script type="text/plain" id="gouji-worker">${workerSource}</script>`,
  `<script type="application/json" id="gouji-samples">${json}</script>`,
  `<script type="application/json" id="gouji-rules">${rulesJson}</script>`,
  `<script type="module">${app}</script>`,
].join('\n  '), 'the app.js script');

const out = resolve(ROOT, outPath);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`[gouji] ${out}: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, one file (wasm ${(wasm.length / 1024).toFixed(0)} KiB as base64)`);
