// End-to-end: a file over the page's size limit is never read — the page says so in Chinese at
// once, the report names it (GJ-INPUT-TOO-LARGE) and every other file is still checked. The test
// lowers the limit with ?maxFileMB= (which can only lower it), so no huge file is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropFiles, expectedTable, openApp, readPage, sampleFiles, waitForResult } from './helpers.mjs';

const samples = await sampleFiles();

test('a file over the size limit is reported and skipped; the rest is checked', async (t) => {
  const { page, url, requests, pageErrors } = await openApp(t);
  await page.goto(`${url}?maxFileMB=0.02`); // 20 KB; every sample file is smaller
  // A workbook by name: were it read, the page would fetch the xlsx module for it.
  const big = { name: '大表.xlsx', bytes: Buffer.alloc(40_000, 7) };
  assert.ok(samples.every((f) => f.bytes.length < 0.02 * 1048576));
  await dropFiles(page, [...samples, big]);
  const result = await waitForResult(page);
  assert.equal(result.state, 'done');
  assert.match(result.error, /“大表\.xlsx”（0\.04 MB）超过网页版单个文件的大小上限 0\.02 MB，未读取/);
  const shown = await readPage(page);
  const tooLarge = shown.findings.filter((f) => f.rule === 'GJ-INPUT-TOO-LARGE');
  assert.equal(tooLarge.length, 1);
  assert.match(tooLarge[0].message, /“大表\.xlsx”大小为 39\.1 KB，超过单个文件的大小上限（20\.5 KB）/);
  assert.deepEqual(
    shown.inputs.filter((i) => i.file !== big.name).map((i) => [i.file, i.table]).sort(),
    samples.map((f) => [f.name, expectedTable(f.name)]).sort(),
    'every sample file still recognized',
  );
  assert.ok(!requests.some((u) => u.includes('gouji_xlsx')), 'the workbook module was not loaded');
  assert.deepEqual(pageErrors, []);
});

test('a 10 000-column row and a 1 MB cell: checked, and the table opens without freezing', async (t) => {
  const { page, pageErrors } = await openApp(t);
  const wide = Array.from({ length: 10_000 }, (_, i) => String(i)).join(',');
  const files = samples.map((f) => (f.name.startsWith('01-')
    ? { name: f.name, bytes: Buffer.concat([f.bytes, Buffer.from(`\r\n${wide}\r\n大单元格,${'x'.repeat(1 << 20)}\r\n`)]) }
    : f));
  await dropFiles(page, files);
  const result = await waitForResult(page);
  assert.equal(result.state, 'done');
  // The findings list cuts a cell's text too, and the engine a message's middle.
  const longest = (selector) => page.locator(selector).evaluateAll((nodes) => Math.max(0, ...nodes.map((n) => n.textContent.length)));
  assert.ok(await longest('#findings .value') > 1_000, 'a finding shows the megabyte cell');
  assert.ok(await longest('#findings .value') < 2_100, 'cut to 2 000 characters');
  assert.ok(await longest('#findings .message') < 1_300, 'no message of a megabyte');
  const opened = await page.evaluate(() => {
    const row = [...document.querySelectorAll('#inputs tbody tr.openable')].find((r) => r.cells[0].textContent.startsWith('01-'));
    const started = performance.now();
    row.click();
    const cells = [...document.querySelectorAll('#grid tbody tr')].map((tr) => tr.querySelectorAll('td').length);
    return {
      ms: performance.now() - started,
      widest: Math.max(...cells),
      more: document.querySelector('#grid .more-columns')?.textContent,
      longest: Math.max(...[...document.querySelectorAll('#grid td')].map((td) => td.textContent.length)),
    };
  });
  // The grid shows 200 columns and says how many more there are; a cell shows 2 000 characters.
  assert.equal(opened.widest, 200, JSON.stringify(opened));
  assert.equal(opened.more, '另有 9800 列未显示');
  assert.ok(opened.longest < 2_100, `a cell's text is cut: ${opened.longest} characters shown`);
  // 10 000 columns in each row took 1.2 s to open before (200 000 elements); generous for CI.
  assert.ok(opened.ms < 1_000, `the table opened in ${opened.ms} ms`);
  assert.deepEqual(pageErrors, []);
});
