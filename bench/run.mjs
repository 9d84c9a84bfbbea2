// npm run bench: one run that writes a synthetic department at four sizes with `gouji synth` and
// measures, on the same files, the csv crate parsing them (the floor), gouji's native full check,
// gouji's wasm full check under Node, and frictionless (the incumbent generic validator); then the
// bundled sample checked in wasm, and the same sample dropped on the page in Chromium (drop →
// findings rendered, bench/page.mjs), and the batch CLI over --departments small departments
// (default 1 000, one folder each), and the gzipped sizes of what the page loads. Prints a
// Markdown report and writes it to bench/results.md; the targets table and the headline numbers
// also replace the block between the bench markers in README.md (with --out elsewhere, only FILE).
//
//   node bench/run.mjs [--projects N] [--codes N] [--units N] [--indicators N] [--reps N]
//                      [--frictionless smallest|all|none] [--build yes|no] [--out FILE]
//                      [--departments N]
//
// --projects is the largest size (default 200 000, ≈ 100 MB); the sizes are 1/8, 1/4, 1/2 and 1
// of it. frictionless is slow, so by default it runs on the smallest size only (its MB/s is flat).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { measure as pageSizes } from '../scripts/wasm-size.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);

const opts = { projects: 200000, codes: 300, units: 40, indicators: 3, reps: 3, frictionless: 'smallest', build: 'yes', out: 'bench/results.md', departments: 1000 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts) || argv[i + 1] === undefined) {
    console.error(`unknown option ${argv[i]}; see the top of bench/run.mjs`);
    process.exit(2);
  }
  opts[key] = typeof opts[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
}

const log = (msg) => process.stderr.write(`\x1b[1m[bench]\x1b[0m ${msg}\n`);
const run = (cmd, args, env = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } }).toString();
const MB = 1e6;

// ---- build ----------------------------------------------------------------------------------
// --build no measures the binaries and www/pkg as they are.
const build = opts.build !== 'no';
if (build) {
  log('cargo build --release --bin gouji --example bench');
  run('cargo', ['build', '--release', '--quiet', '--bin', 'gouji', '--example', 'bench']);
}
const GOUJI = 'target/release/gouji';
const NATIVE = 'target/release/examples/bench';

const newest = (dir) => readdirSync(dir, { recursive: true })
  .map((n) => statSync(join(dir, n))).filter((s) => s.isFile()).reduce((m, s) => Math.max(m, s.mtimeMs), 0);
const wasmFile = 'www/pkg/gouji_bg.wasm';
const sourcesTime = Math.max(newest('src'), statSync('Cargo.toml').mtimeMs, statSync('Cargo.lock').mtimeMs);
if (!existsSync(wasmFile) || (build && statSync(wasmFile).mtimeMs < sourcesTime)) {
  log('www/pkg is missing or older than src/: npm run build:wasm');
  execFileSync('bash', ['scripts/build-wasm.sh'], { stdio: ['ignore', 'inherit', 'inherit'] });
}
// The page bench and the sizes read dist/www, the page as served.
if (build) {
  log('node scripts/build-page.mjs');
  run('node', ['scripts/build-page.mjs']);
}

const VENV = '.tools/frictionless';
const FRICTIONLESS_VERSION = '5.18.1';
const PYTHON = join(VENV, 'bin/python');
if (opts.frictionless !== 'none') {
  const have = existsSync(PYTHON)
    ? spawnSync(PYTHON, ['-c', 'import frictionless; print(frictionless.__version__)']).stdout?.toString().trim()
    : '';
  if (have !== FRICTIONLESS_VERSION) {
    log(`installing frictionless ${FRICTIONLESS_VERSION} into ${VENV}`);
    run('python3', ['-m', 'venv', VENV]);
    run(join(VENV, 'bin/pip'), ['install', '--quiet', `frictionless==${FRICTIONLESS_VERSION}`]);
  }
}

// ---- data -----------------------------------------------------------------------------------
const SEED = 1;
const sizes = [8, 4, 2, 1].map((d) => Math.round(opts.projects / d));
function dataset(projects) {
  const dir = `target/bench-data/p${projects}-c${opts.codes}-u${opts.units}-i${opts.indicators}-s${SEED}`;
  if (!existsSync(dir)) {
    log(`gouji synth --projects ${projects} --codes ${opts.codes} --units ${opts.units} --seed ${SEED}`);
    const tmp = `${dir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    run(GOUJI, ['synth', '--out', tmp, '--projects', String(projects), '--codes', String(opts.codes),
      '--units', String(opts.units), '--indicators', String(opts.indicators), '--seed', String(SEED)]);
    renameSync(tmp, dir);
  }
  return dir;
}

// ---- measuring ------------------------------------------------------------------------------
// Run a command that prints one JSON line under /usr/bin/time -v; add its peak RSS when the
// command does not report its own.
function measure(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { maxBuffer: 1 << 26 });
  const stderr = r.stderr.toString();
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${stderr}`);
  const json = JSON.parse(r.stdout.toString().trim().split('\n').pop());
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0) * 1024;
  return { ...json, max_rss: json.max_rss ?? rss };
}

const results = [];
for (const projects of sizes) {
  const dir = dataset(projects);
  log(`measuring ${dir}`);
  const row = { projects, dir };
  row.csv = measure(NATIVE, ['csv', dir, String(opts.reps)]);
  row.native = measure(NATIVE, ['check', dir, String(opts.reps)]);
  // Peak memory of one check: across runs glibc keeps the freed input buffers of earlier runs.
  row.native.max_rss = measure(NATIVE, ['check', dir, '1']).max_rss;
  row.wasm = measure('node', ['bench/wasm.mjs', 'full', dir, String(opts.reps)]);
  const fl = opts.frictionless === 'all' || (opts.frictionless === 'smallest' && projects === sizes[0]);
  if (fl) {
    log(`frictionless on ${dir} (slow)`);
    row.frictionless = measure(PYTHON, ['bench/frictionless_validate.py', dir]);
  }
  results.push(row);
}
log('wasm: the bundled sample, median of 200 runs');
const sample = measure('node', ['bench/wasm.mjs', 'sample', 'www/samples', '200']);
log('page: the sample dropped on the page in Chromium, 15 page loads each warm and cold');
const page = JSON.parse(run('node', ['bench/page.mjs', '15']).trim().split('\n').pop());
const largest = results[results.length - 1].dir;
log(`page: ${largest} picked from disk in Chromium, 3 page loads`);
const pageLarge = JSON.parse(run('node', ['bench/page.mjs', '3', largest]).trim().split('\n').pop());

// ---- batch ----------------------------------------------------------------------------------
// `gouji check TREE --out DIR` over many small departments (one folder each, every one a different
// seed), as a finance bureau checks all its departments: wall time for the whole tree, reports and
// summary.csv written.
const BATCH_PROJECTS = 60;
function batchTree(n) {
  const dir = `target/bench-data/batch-${n}x${BATCH_PROJECTS}`;
  if (!existsSync(dir)) {
    log(`gouji synth × ${n} departments (${BATCH_PROJECTS} projects each)`);
    const tmp = `${dir}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    for (let i = 1; i <= n; i++) {
      run(GOUJI, ['synth', '--out', join(tmp, `dept-${String(i).padStart(4, '0')}`), '--projects', String(BATCH_PROJECTS),
        '--codes', '40', '--units', '3', '--indicators', '3', '--seed', String(i)]);
    }
    renameSync(tmp, dir);
  }
  return dir;
}
let batch = null;
if (opts.departments > 0) {
  const tree = batchTree(opts.departments);
  const out = `target/bench-data/batch-out`;
  rmSync(out, { recursive: true, force: true });
  log(`batch: gouji check ${tree} --out ${out}`);
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', GOUJI, 'check', tree, '--out', out], { maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`batch check failed:\n${r.stderr}`);
  const stderr = r.stderr.toString();
  const num = (re) => Number(re.exec(stderr)?.[1] ?? 0);
  const bytes = readdirSync(tree, { recursive: true }).map((n) => statSync(join(tree, n)))
    .filter((s) => s.isFile()).reduce((n, s) => n + s.size, 0);
  batch = {
    departments: opts.departments, bytes, ms,
    cpu_s: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    max_rss: num(/Maximum resident set size \(kbytes\): (\d+)/) * 1024,
    reports: readdirSync(out).filter((n) => n.endsWith('.json')).length,
    summary: readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n').length - 1,
  };
}

// ---- report ---------------------------------------------------------------------------------
const f = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const mbps = (m) => m.bytes / MB / (m.ms / 1000);
const mb = (b) => f(b / MB, 1);
const big = results[results.length - 1];
const flRow = results.find((r) => r.frictionless);
const lines = [];
const p = (s = '') => lines.push(s);

const cpu = cpus();
const rustc = run('rustc', ['--version']).trim();
p('# gouji benchmarks');
p();
p(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` ` +
  `(\`node bench/run.mjs${argv.length ? ' ' + argv.join(' ') : ''}\`).`);
p(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${f(totalmem() / 2 ** 30)} GiB RAM, ` +
  `load average ${loadavg()[0].toFixed(1)} at the end (shared machine: expect noise of ±20 %); ` +
  `${rustc}; Node ${process.version}; frictionless ${flRow?.frictionless.version ?? '—'}.`);
p(`Input: \`gouji synth --projects ${big.projects} --codes ${opts.codes} --units ${opts.units} --indicators ${opts.indicators} --seed ${SEED}\`: ` +
  `a consistent department, ${big.native.files} files (ten tables as CSV and the narrative), ${mb(big.native.bytes)} MB. ` +
  `Times exclude reading the files and instantiating wasm; median of ${opts.reps} runs.`);
p();
p(`## Throughput (${mb(big.native.bytes)} MB)`);
p();
p('| what | ms | MB/s | peak memory | peak / input |');
p('| --- | ---: | ---: | ---: | ---: |');
const line = (name, m, note = '') => p(`| ${name} | ${f(m.ms)} | ${f(mbps(m), 1)} | ${mb(m.max_rss)} MB${note} | ${f(m.max_rss / m.bytes, 2)}× |`);
line('csv crate, parse only (the floor)', big.csv);
line('gouji native, full check', big.native);
line('gouji wasm in Node, full check', big.wasm, ` (wasm memory ${mb(big.wasm.wasm_memory)} MB)`);
if (flRow) {
  const m = flRow.frictionless;
  p(`| frictionless validate (${mb(m.bytes)} MB of CSV, ${f(flRow.projects)} projects) | ${f(m.ms)} | ${f(mbps(m), 2)} | ${mb(m.max_rss)} MB | ${f(m.max_rss / m.bytes, 2)}× |`);
}
p();
p('## Ratios');
p();
p(`- gouji native / csv floor: ${f(mbps(big.native) / mbps(big.csv) * 100)} % of the parse-only speed`);
p(`- gouji wasm / gouji native: ${f(mbps(big.wasm) / mbps(big.native) * 100)} %`);
p(`- gouji wasm, an instance's first check (what the page's user waits for; V8 runs it largely in its ` +
  `baseline compiler): ${f(big.wasm.first_ms)} ms, ${f(big.wasm.bytes / MB / (big.wasm.first_ms / 1000), 1)} MB/s, ` +
  `${f(big.wasm.first_ms / big.wasm.ms, 2)}× the median`);
if (flRow) {
  p(`- gouji native vs frictionless (same ${mb(flRow.frictionless.bytes)} MB of CSV, ${f(flRow.projects)} projects): ` +
    `${f(mbps(flRow.native) / mbps(flRow.frictionless))}× faster; wasm: ${f(mbps(flRow.wasm) / mbps(flRow.frictionless))}× faster ` +
    `(frictionless read ${f(flRow.frictionless.rows)} rows and reported ${f(flRow.frictionless.errors)} generic errors — ` +
    'title rows and multi-row headers are not a single-header CSV to it)');
}
p();
const built = pageSizes('dist/www');
const firstLoad = built[built.length - 1];
const ok = (b) => (b ? 'met' : '**missed**');
const targets = ['| target | measured | |', '| --- | ---: | --- |',
  `| native ≥ 150 MB/s | ${f(mbps(big.native), 1)} MB/s | ${ok(mbps(big.native) >= 150)} |`,
  `| wasm ≥ 80 MB/s | ${f(mbps(big.wasm), 1)} MB/s | ${ok(mbps(big.wasm) >= 80)} |`];
if (flRow) {
  const x = mbps(flRow.native) / mbps(flRow.frictionless);
  targets.push(`| ≥ 100× frictionless | ${f(x)}× | ${ok(x >= 100)} |`);
}
targets.push(
  `| peak memory ≤ 3× input (native) | ${f(big.native.max_rss / big.native.bytes, 2)}× | ${ok(big.native.max_rss <= 3 * big.native.bytes)} |`,
  `| sample < 5 ms in wasm | ${f(sample.ms, 2)} ms | ${ok(sample.ms < 5)} |`,
  `| first load ≤ 200 KB gzipped | ${f(firstLoad.gzip)} B | ${ok(firstLoad.gzip <= 200000)} |`);
p('## Targets');
p();
targets.forEach((t) => p(t));
p();
p(`Sample: the bundled sample (\`www/samples\`, ${sample.files} files, ${f(sample.bytes / 1024, 1)} KB) checked in wasm ` +
  `after instantiation: median ${f(sample.ms, 2)} ms, fastest ${f(sample.min_ms, 2)} ms of ${sample.reps} runs ` +
  `(${sample.summary.errors} errors, ${sample.summary.warnings} warnings, ${sample.summary.infos} infos).`);
p();
p(`Page: the same sample dropped on the page (\`bench/page.mjs\`: dist/www/ served locally, headless Chromium ` +
  `${page.chromium}, real drop events), from the drop event to the findings rendered (${page.findings} findings listed; the rounding infos stay hidden until asked for), ` +
  `median of ${page.runs} page loads: ${f(page.warm.ms)} ms with the engine already loaded (fastest ${f(page.warm.min_ms)} ms); ` +
  `${f(page.cold.ms)} ms when dropped as soon as the page loaded, so it also waits for the engine to download and ` +
  `instantiate (fastest ${f(page.cold.min_ms)} ms).`);
p();
p(`Page, the ${mb(pageLarge.bytes)} MB department above picked from disk with the file chooser (engine loaded): ` +
  `${f(pageLarge.ms)} ms from the files given to the findings rendered (median of ${pageLarge.runs}; fastest ${f(pageLarge.min_ms)} ms), ` +
  `reading, checking (gouji_fast) and rendering included; the page's longest frame gap once the report ` +
  `arrived: ${f(pageLarge.gap_ms)} ms.`);
p();
p('## Cost growth');
p();
p('Time per MB stays flat when the cost is linear in the input.');
p();
p('| projects | MB | csv floor ms | native ms | native ms/MB | wasm ms | wasm ms/MB | native peak / input |');
p('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const size = r.native.bytes / MB;
  p(`| ${f(r.projects)} | ${f(size, 1)} | ${f(r.csv.ms)} | ${f(r.native.ms)} | ${f(r.native.ms / size, 2)} | ` +
    `${f(r.wasm.ms)} | ${f(r.wasm.ms / size, 2)} | ${f(r.native.max_rss / r.native.bytes, 2)}× |`);
}
p();
p('Every size is consistent by construction; the checks found ' +
  results.map((r) => `${r.native.answer} (native) / ${r.wasm.answer} (wasm)`).join(', ') + ' findings.');

if (batch) {
  p();
  p('## Batch CLI');
  p();
  p(`\`gouji check TREE --out DIR\` over ${f(batch.departments)} departments (one folder each, \`gouji synth --projects ` +
    `${BATCH_PROJECTS} --codes 40 --units 3\`, a different seed each; ${mb(batch.bytes)} MB in all), checked in parallel ` +
    `(rayon, ${cpu.length} cores), one JSON report per department and summary.csv written: ` +
    `**${f(batch.ms / 1000, 1)} s** wall (${f(batch.departments / (batch.ms / 1000))} departments/s), ` +
    `${f(batch.cpu_s, 1)} s of CPU, peak memory ${mb(batch.max_rss)} MB; ${f(batch.reports)} reports, ` +
    `${f(batch.summary)} summary rows.`);
}

p();
p('## Sizes');
p();
p('What the page loads, as built into dist/www, gzip -9 (`scripts/wasm-size.mjs`, budgets in wasm-budget.json): ' +
  'the first load is everything fetched before the first check; gouji_fast is fetched for a drop of 1 MiB or more, ' +
  'gouji_xlsx when a workbook is dropped.');
p();
p('| what | raw bytes | gzipped | budget |');
p('| --- | ---: | ---: | ---: |');
for (const r of built) p(`| ${r.name} | ${f(r.raw)} | ${f(r.gzip)} | ${f(r.budget)} |`);

const md = lines.join('\n') + '\n';
process.stdout.write(md);
mkdirSync('bench', { recursive: true });
writeFileSync(opts.out, md);
log(`wrote ${opts.out}`);
if (opts.out === 'bench/results.md') {
  writeReadmeSummary();
  log('updated the bench block in README.md');
}

/** The README's numbers are this run's: its targets table and headline lines, between markers. */
function writeReadmeSummary() {
  const head = run('git', ['rev-parse', '--short', 'HEAD']).trim();
  const dirty = run('git', ['status', '--porcelain', '--untracked-files=no']).split('\n')
    .some((l) => l && !/ (bench\/results\.md|README\.md)$/.test(l));
  const wasmFirst = big.wasm.bytes / MB / (big.wasm.first_ms / 1000);
  const perMb = (k) => results.map((r) => r[k].ms / (r.native.bytes / MB));
  const span = (xs) => `${f(Math.min(...xs), 1)}–${f(Math.max(...xs), 1)}`;
  const block = [
    '<!-- bench:start — written by `npm run bench` (bench/run.mjs); do not edit by hand -->',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at \`${head}\`${dirty ? ' (with uncommitted changes)' : ''}, ` +
      `load average ${loadavg()[0].toFixed(1)} on ${cpu.length} shared cores, on a ${mb(big.native.bytes)} MB department ` +
      `(${f(big.projects)} projects); the full report is [bench/results.md](bench/results.md).`,
    '',
    ...targets,
    '',
    `- csv crate, parse only (the floor): ${f(mbps(big.csv), 1)} MB/s; gouji native is ${f(mbps(big.native) / mbps(big.csv) * 100)} % of it.`,
    `- wasm, an instance's first check (what the page's user waits for): ${f(big.wasm.first_ms)} ms (${f(wasmFirst, 1)} MB/s).`,
    `- The page, the sample dropped → findings rendered: ${f(page.warm.ms)} ms warm, ${f(page.cold.ms)} ms cold; ` +
      `the ${mb(pageLarge.bytes)} MB department picked from disk: ${f(pageLarge.ms)} ms (longest frame gap once the report arrived ${f(pageLarge.gap_ms)} ms).`,
    `- Cost per MB over ${mb(results[0].native.bytes)}–${mb(big.native.bytes)} MB: native ${span(perMb('native'))} ms/MB, wasm ${span(perMb('wasm'))} ms/MB.`,
    ...(batch ? [`- Batch CLI: ${f(batch.departments)} departments (${mb(batch.bytes)} MB) in ${f(batch.ms / 1000, 1)} s, peak ${mb(batch.max_rss)} MB.`] : []),
    `- Sizes (gzipped): ${built.map((r) => `${r.name} ${f(r.gzip)} B (budget ${f(r.budget)})`).join('; ')}.`,
    '<!-- bench:end -->',
  ].join('\n');
  const readme = readFileSync('README.md', 'utf8');
  const at = /<!-- bench:start[^]*?<!-- bench:end -->/;
  if (!at.test(readme)) throw new Error('README.md has no bench block (<!-- bench:start … bench:end -->)');
  writeFileSync('README.md', readme.replace(at, () => block));
}
