// The built modules under Node: within the size budget (wasm-budget.json), and the page's
// decoding path (TextDecoder for what the core's take_input names, the xlsx module for
// workbooks) gives the same report for GBK, UTF-16 and UTF-8 copies of one disclosure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatRows, measure } from '../../scripts/wasm-size.mjs';
import { ROOT, WWW } from './helpers.mjs';

const load = async (name) => {
  const glue = await import(pathToFileURL(join(WWW, 'pkg', `${name}.js`)).href);
  await glue.default({ module_or_path: readFileSync(join(WWW, 'pkg', `${name}_bg.wasm`)) });
  return glue;
};
const core = await load('gouji');
const { prepareFiles } = await import(pathToFileURL(join(WWW, 'prepare.js')).href);
let xlsxLoads = 0;
const loadXlsx = () => { xlsxLoads++; return load('gouji_xlsx'); };
const check = async (files) => core.check(await prepareFiles(files, core.take_input, loadXlsx), undefined);

const dir = (d) => readdirSync(join(ROOT, d)).sort()
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(ROOT, d, name))) }));
const withoutEncodings = (r) => ({ ...r, inputs: r.inputs.map((i) => ({ ...i, encoding: null })) });

test('the built modules are within the gzip budget', () => {
  const rows = measure(WWW);
  console.log(formatRows(rows));
  for (const r of rows) assert.ok(r.gzip <= r.budget, `${r.name}: ${r.gzip} bytes gzip > budget ${r.budget}`);
});

test('GBK, UTF-16 and UTF-8 copies give one report; GBK is decoded by the host', async () => {
  const gbk = dir('tests/fixtures/inputs/e2e/gbk');
  const labels = gbk.map((f) => core.take_input(f.name, f.bytes));
  assert.ok(labels.includes('GBK'), `the core asks the host to decode the GBK files: ${labels}`);
  const text = (f) => new TextDecoder('gbk').decode(f.bytes);
  const utf8 = gbk.map((f) => ({ name: f.name, bytes: new TextEncoder().encode(text(f)) }));
  const utf16 = gbk.map((f) => {
    const s = text(f);
    const b = new Uint8Array(2 + s.length * 2);
    b.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i++) { b[2 + 2 * i] = s.charCodeAt(i) & 0xff; b[3 + 2 * i] = s.charCodeAt(i) >> 8; }
    return { name: f.name, bytes: b };
  });
  assert.equal(typeof core.take_input('x.csv', utf16[0].bytes), 'number', 'UTF-16 is read by the core itself');

  const reference = await check(gbk);
  assert.ok(reference.summary.errors > 0, 'the sample\'s mistakes are found');
  assert.ok(reference.inputs.some((i) => i.encoding === 'GBK'), 'GBK is reported as such');
  assert.deepEqual(withoutEncodings(await check(utf8)), withoutEncodings(reference));
  assert.deepEqual(withoutEncodings(await check(utf16)), withoutEncodings(reference));
  assert.equal(xlsxLoads, 0, 'no workbook, no xlsx module');
});

test('a workbook is read by the xlsx module and checked by the core', async () => {
  const report = await check(dir('tests/fixtures/inputs/e2e/xlsx'));
  assert.equal(xlsxLoads, 1);
  assert.equal(report.inputs.filter((i) => i.sheet && i.table).length, 10, 'all ten sheets recognized');
  const csv = await check(dir('tests/fixtures/inputs/e2e/gbk'));
  assert.deepEqual(report.summary, csv.summary);
});

test('malformed arguments to check() are errors that say what is wrong, not traps', () => {
  const rejects = (files, options, pattern) => assert.throws(() => core.check(files, options),
    (err) => typeof err === 'string' && pattern.test(err), `${JSON.stringify(files)} ${JSON.stringify(options)}`);
  rejects('x.csv', undefined, /^输入格式错误：files 应为数组/);
  rejects([{ bytes: new Uint8Array([65]) }], undefined, /^输入格式错误：name 应为字符串/);
  rejects([{ name: 'a.csv', bytes: [65, 66] }], undefined, /^输入格式错误：bytes 应为 Uint8Array/);
  rejects([{ name: 'a.csv', text: 'a', encoding: 'EBCDIC' }], undefined, /^输入格式错误：未知编码 EBCDIC/);
  rejects([{ name: 'a.xlsx', workbook: { format: 'xlsx', sheets: [{ name: 's', rows: [{ number: -1, cells: [] }] }] } }],
    undefined, /^输入格式错误：row.number 应为非负整数/);
  rejects([{ name: 'a.xlsx', workbook: { format: 'xlsx', sheets: [{ name: 's', rows: [{ number: 1, cells: [1] }] }] } }],
    undefined, /^输入格式错误：cell 应为字符串/);
  rejects([], { year: 2025.5 }, /^选项格式错误：year 应为非负整数/);
  // Absent and null fields are their defaults; options may be omitted or partial.
  const empty = core.check([{ name: 'a.csv', bytes: null }], null);
  assert.equal(empty.inputs.length, 1);
  assert.ok(Array.isArray(core.check([], { year: 2025, t10_weight_total: null }).findings));
});
