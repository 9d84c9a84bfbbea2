// End-to-end: a workbook with all ten tables gives the findings of the CSV sample, and the
// workbook reader (a second wasm module) is fetched only when a workbook is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, dropFiles, openApp, readPage, sampleFiles, screenshot, waitForResult } from './helpers.mjs';

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
