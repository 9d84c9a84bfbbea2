// The wasm side of `npm run bench`: loads www/pkg (the page's module and glue) in Node and times
// check() on in-memory files, after instantiation. Prints one JSON line.
//   node bench/wasm.mjs full DIR [REPS]      every file of DIR as one department; median of REPS
//   node bench/wasm.mjs sample DIR [RUNS]    the files listed in DIR/index.json; median of RUNS
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, dirArg, repsArg] = process.argv.slice(2);
if (!['full', 'sample'].includes(mode) || !dirArg) {
  console.error('usage: node bench/wasm.mjs full|sample DIR [REPS]');
  process.exit(2);
}
const pkg = resolve(process.env.GOUJI_PKG ?? 'www/pkg');
const dir = resolve(dirArg);
const names = mode === 'sample'
  ? JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).files
  : readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile()).sort();
const files = names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
const bytes = files.reduce((n, f) => n + f.bytes.length, 0);

// The module the page's worker checks these files with: gouji_fast (built for speed) from
// FAST_BYTES on, as worker.js does, when it was built; GOUJI_MODULE=gouji|gouji_fast forces one.
const FAST_BYTES = 1 << 20;
const module = process.env.GOUJI_MODULE
  ?? (bytes >= FAST_BYTES && existsSync(join(pkg, 'gouji_fast.js')) ? 'gouji_fast' : 'gouji');
const glue = await import(pathToFileURL(join(pkg, `${module}.js`)).href);
const exports = glue.initSync({ module: readFileSync(join(pkg, `${module}_bg.wasm`)) });
// As the page's worker does: GBK decoded by TextDecoder, workbooks read by the xlsx module.
const { prepareFiles } = await import(pathToFileURL(join(pkg, '..', 'prepare.js')).href);
const loadXlsx = async () => {
  const xlsx = await import(pathToFileURL(join(pkg, 'gouji_xlsx.js')).href);
  xlsx.initSync({ module: readFileSync(join(pkg, 'gouji_xlsx_bg.wasm')) });
  return xlsx;
};

const reps = Math.max(1, Number(repsArg ?? (mode === 'sample' ? 200 : 3)));
const times = [];
let report;
// The sample is small enough that the first runs warm up the engine's tiers; they are not counted.
const warmup = mode === 'sample' ? 20 : 0;
for (let i = 0; i < warmup + reps; i++) {
  const start = process.hrtime.bigint();
  // sniff_input: the API before take_input (GOUJI_PKG of an older build, with its prepare.js).
  report = glue.check(await prepareFiles(files, glue.take_input ?? glue.sniff_input, loadXlsx), undefined);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (i >= warmup) times.push(ms);
}
// The first counted run of a full check is the instance's first: what a page user waits for, as
// V8 compiles lazily in its baseline tier and a running function does not switch to optimized code.
const first = times[0];
times.sort((a, b) => a - b);
console.log(JSON.stringify({
  mode,
  module,
  bytes,
  files: files.length,
  ms: times[Math.floor(times.length / 2)],
  min_ms: times[0],
  first_ms: first,
  reps,
  answer: report.findings.length,
  summary: report.summary,
  // Peak resident set of the Node process (KiB → bytes) and the wasm linear memory at the end
  // (it only grows, so this is its peak).
  max_rss: process.resourceUsage().maxRSS * 1024,
  wasm_memory: exports.memory.buffer.byteLength,
}));
