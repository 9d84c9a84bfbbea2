// End-to-end: a file over the page's size limit is never read — the page says so in Chinese at
// once, the report names it (GJ-INPUT-TOO-LARGE) and every other file is still checked. The test
// lowers the limit with ?maxFileMB= (which can only lower it), so no huge file is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test('2 000 files picked from disk: read, checked, and shown a page at a time', async (t) => {
  const { page, pageErrors } = await openApp(t);
  const dir = await mkdtemp(join(tmpdir(), 'gouji-many-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // The sample's files over and over under new names: one department of 2 000 files (most of them
  // repeat a table, so each copy of a table and the narrative has findings of its own).
  const paths = [];
  for (let i = 0; i < 2_000; i++) {
    const f = samples[i % samples.length];
    const path = join(dir, `${String(i).padStart(4, '0')}-${f.name}`);
    await writeFile(path, f.bytes);
    paths.push(path);
  }
  await page.waitForFunction(() => document.getElementById('version').textContent.includes('gouji'));
  await page.evaluate(() => {
    window.__gap = 0;
    let last = performance.now();
    const frame = (now) => {
      if (document.body.dataset.state === 'done') window.__gap = Math.max(window.__gap, now - last);
      else last = now;
      if (document.body.dataset.state !== 'done' || now - last < 500) requestAnimationFrame(frame);
      last = now;
    };
    requestAnimationFrame(frame);
  });
  await page.setInputFiles('#file-input', paths);
  const result = await waitForResult(page, 240_000);
  assert.equal(result.state, 'done', result.error);
  assert.match(await page.locator('#status').textContent(), /检查完成：2000 个文件/);
  // The inputs table: 200 rows and a button for the next 200.
  const rows = () => page.locator('#inputs tbody tr:not(.more-inputs)').count();
  assert.equal(await rows(), 200);
  await page.locator('#inputs .more-inputs button').click();
  assert.equal(await rows(), 400);
  // Findings: 500 made into elements in all; every other group offers its findings on a click.
  const shown = await page.locator('#findings li.finding').count();
  const total = Number((await page.locator('#findings-count').textContent()).match(/\d+/)[0]);
  assert.ok(total > 500, `the report has more findings than are shown at first (${total})`);
  assert.equal(shown, 500);
  const index = await page.locator('#findings section.group').evaluateAll((groups) => groups.findIndex(
    (g) => /^显示 \d+ 条（共 \d+ 条）$/.test(g.querySelector('.more-findings button')?.textContent ?? '')));
  assert.ok(index >= 0, 'a group past the first 500 findings offers them on a button');
  const group = page.locator('#findings section.group').nth(index);
  assert.equal(await group.locator('li.finding').count(), 0);
  await group.locator('.more-findings button').click();
  assert.ok(await group.locator('li.finding').count() > 0, 'the group shows its findings when asked');
  // Made into elements at once, 2 000 inputs and their findings (80 000 elements at 10 000 files)
  // kept the page from drawing for seconds after the report came; generous for CI.
  const gap = await page.evaluate(() => window.__gap);
  console.log(`2 000 files: longest frame gap once the report came ${Math.round(gap)} ms`);
  assert.ok(gap < 3_000, `the page drew again ${gap} ms after the report came`);
  assert.deepEqual(pageErrors, []);
});
