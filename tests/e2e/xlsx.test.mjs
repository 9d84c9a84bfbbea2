// End-to-end: a workbook with all ten tables gives the findings of the CSV sample, and the
// workbook reader (a second wasm module) is fetched only when a workbook is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, WWW, dropFiles, openApp, readPage, sampleFiles, screenshot, waitForResult } from './helpers.mjs';

const XLSX_DIR = join(ROOT, 'tests/fixtures/inputs/e2e/xlsx');
const xlsxSet = await Promise.all((await readdir(XLSX_DIR)).sort()
  .map(async (name) => ({ name, bytes: await readFile(join(XLSX_DIR, name)) })));

// Findings without the file (and sheet) they name: "02-收入总表.csv" and
// "2026年部门预算公开表.xlsx「收入总表」" both become FILE.
const FILE = /[^\s“”（）「」,，]+?\.xlsx「[^」]*」|[^\s“”（）「」,，]+?\.(csv|txt)/g;
// A location as "table:row[:column]" or "narrative:row", whatever the file or sheet was called.
const place = (p) => p.replace(/^(.*?)((:\d+)+)$/, (_, where, at) => (where.startsWith('情况说明') ? 'narrative' : 'table') + at);
const comparable = (findings) => findings
  .map((f) => [f.severity, f.rule, f.message.replace(FILE, 'FILE'),
    f.places.map(place).join(' ')].join(' | '))
  .sort();

const XLSX_MODULE = /\/pkg\/gouji_xlsx(_bg\.wasm|\.js)$/;

async function dropAndRead(t, files, shotName) {
  const app = await openApp(t);
  await dropFiles(app.page, files);
  const result = await waitForResult(app.page);
  const shot = await screenshot(app.page, shotName);
  assert.equal(result.state, 'done', `check failed: ${result.error} (screenshot ${shot})`);
  assert.deepEqual(app.pageErrors, [], 'uncaught errors in the page');
  return { shown: await readPage(app.page), requests: [...app.requests] };
}

test('a workbook gives the CSV sample\'s findings; its reader loads only then', async (t) => {
  const csv = await dropAndRead(t, await sampleFiles(), 'xlsx-csv-reference');
  assert.ok(csv.requests.some((u) => u.endsWith('/pkg/gouji_bg.wasm')), 'the core module was loaded');
  assert.deepEqual(csv.requests.filter((u) => XLSX_MODULE.test(u)), [],
    'the xlsx module must not be fetched for CSV files');

  const book = await dropAndRead(t, xlsxSet, 'xlsx-drop');
  const wasm = book.requests.filter((u) => u.endsWith('/pkg/gouji_xlsx_bg.wasm'));
  assert.equal(wasm.length, 1, `the xlsx module is fetched once for a workbook: ${book.requests}`);
  assert.ok(book.requests.indexOf(wasm[0]) > book.requests.findIndex((u) => u.endsWith('/pkg/gouji_bg.wasm')),
    'the core module loads first, the xlsx module after');

  const sheets = book.shown.inputs.filter((i) => i.file.includes('.xlsx'));
  assert.deepEqual(sheets.map((i) => i.table).sort(), csv.shown.inputs.map((i) => i.table).filter((t) => t !== 'narrative').sort(),
    `all ten sheets are recognized: ${JSON.stringify(book.shown.inputs)}`);
  assert.ok(csv.shown.findings.length > 0, 'the sample has known mistakes');
  assert.deepEqual(comparable(book.shown.findings), comparable(csv.shown.findings));
  assert.deepEqual(book.shown.counts, csv.shown.counts);
});

/** Drop the sample with one workbook that cannot be read: the check completes, that file gets
 * one GJ-INPUT-WORKBOOK saying `why`, and every sample file is still checked. */
async function checkWithOneBrokenWorkbook(page, samples, broken, why) {
  await dropFiles(page, [...samples, broken]);
  const result = await waitForResult(page);
  assert.equal(result.state, 'done', `check failed: ${result.error}`);
  const shown = await readPage(page);
  const workbook = shown.findings.filter((f) => f.rule === 'GJ-INPUT-WORKBOOK');
  assert.equal(workbook.length, 1, JSON.stringify(workbook));
  assert.ok(workbook[0].message.includes(broken.name), workbook[0].message);
  assert.match(workbook[0].message, why);
  assert.ok(shown.counts.errors > 1, 'the sample\'s own findings are there too');
  assert.equal(shown.inputs.filter((i) => i.table).length, samples.length, 'every sample file recognized');
}

test('a workbook calamine would panic on is refused; the other files are still checked', async (t) => {
  // A fuzzer-found .xls (tests/fixtures/crashes, fuzz/split.rs format: one part, its first byte
  // the extension) on which calamine indexed past a short record (a trap of the xlsx module in
  // wasm): src/xls_area.rs now refuses it before calamine opens it.
  const fuzzInput = await readFile(join(ROOT, 'tests/fixtures/crashes/check-xls-sheet-metadata-short-record'));
  const end = fuzzInput.indexOf(Buffer.from([0x1e, 0x1d]));
  const broken = { name: '坏表.xls', bytes: fuzzInput.subarray(1, end < 0 ? fuzzInput.length : end) };
  const samples = await sampleFiles();
  const { page, pageErrors } = await openApp(t);
  await checkWithOneBrokenWorkbook(page, samples, broken, /文件结构损坏/);
  assert.deepEqual(pageErrors, []);
});

test('a workbook the reader traps on is reported; the worker is replaced', async (t) => {
  // No known input traps the reader any more, but an unknown one may (a panic aborts in wasm, and
  // wasm memory ends at 4 GB). The xlsx glue is served wrapped so that read_workbook throws what a
  // trap throws; the page must report that file, check the rest, and start a fresh worker.
  const app = await openApp(t);
  const { page, context, pageErrors } = app;
  const workers = [];
  await context.route('**/worker.js', (route) => {
    workers.push(route.request().url());
    return route.continue();
  });
  await context.route('**/pkg/gouji_xlsx.js', (route) => route.fulfill({
    contentType: 'text/javascript',
    body: "export { default } from './gouji_xlsx.real.js';\n" +
      "export * from './gouji_xlsx.real.js';\n" +
      "export function read_workbook() { throw new WebAssembly.RuntimeError('unreachable'); }\n",
  }));
  await context.route('**/pkg/gouji_xlsx.real.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', path: join(WWW, 'pkg', 'gouji_xlsx.js') }));
  await page.reload();
  const samples = await sampleFiles();
  await checkWithOneBrokenWorkbook(page, samples, { name: '陷阱.xlsx', bytes: xlsxSet[0].bytes }, /读取器无法解析/);
  // The page replaced the trapped worker as soon as its result came: two workers started.
  for (let i = 0; i < 50 && workers.length < 2; i++) await page.waitForTimeout(100);
  assert.equal(workers.length, 2, `the trapped worker replaced: ${workers}`);
  // The next check runs in that fresh worker, with no other restart.
  await page.locator('#sample-button').click();
  await page.waitForFunction((n) => document.getElementById('status').textContent.startsWith(`检查完成：${n} 个文件`), samples.length);
  assert.equal((await waitForResult(page)).state, 'done');
  assert.equal(workers.length, 2, `no restart after a clean check: ${workers}`);
  assert.deepEqual(pageErrors, []);
});
