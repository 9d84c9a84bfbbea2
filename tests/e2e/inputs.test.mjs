// End-to-end: the other ways in — a department's folder dropped (entries read through
// webkitGetAsEntry, subfolders and batches included) and the narrative pasted as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, dropFiles, expectedTable, openApp, readPage, sampleFiles, screenshot, waitForResult } from './helpers.mjs';

const samples = await sampleFiles();

async function sampleReport(t) {
  const app = await openApp(t);
  await dropFiles(app.page, samples);
  assert.equal((await waitForResult(app.page)).state, 'done');
  return { app, expected: await readPage(app.page) };
}

// A drop whose DataTransfer holds one folder entry, built in the page with the shape of the
// File and Directory Entries API (readEntries answers in batches of 3, then with none). A
// synthetic DragEvent cannot carry real folder entries, so the event gets this DataTransfer.
function dropFolder(page, folder) {
  const payload = folder.map((f) => ({ path: f.path, base64: Buffer.from(f.bytes).toString('base64') }));
  return page.evaluate((items) => {
    const dir = (name) => ({ name, isFile: false, isDirectory: true, children: [] });
    const root = dir('部门预算');
    for (const { path, base64 } of items) {
      const parts = path.split('/');
      let node = root;
      for (const part of parts.slice(0, -1)) {
        let sub = node.children.find((c) => c.name === part);
        if (!sub) node.children.push((sub = dir(part)));
        node = sub;
      }
      const file = new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], parts.at(-1));
      node.children.push({ name: file.name, isFile: true, isDirectory: false, file: (ok) => setTimeout(() => ok(file)) });
    }
    const withReaders = (node) => {
      if (node.isDirectory) {
        node.children.forEach(withReaders);
        node.createReader = () => {
          let at = 0;
          return { readEntries: (ok) => setTimeout(() => ok(node.children.slice(at, (at += 3)))) };
        };
      }
      return node;
    };
    const dataTransfer = { items: [{ kind: 'file', webkitGetAsEntry: () => withReaders(root) }], files: [], types: ['Files'] };
    const zone = document.getElementById('drop-zone');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const event = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
      zone.dispatchEvent(event);
    }
  }, payload);
}

test('a dropped folder with one department (in a subfolder) replaces the set with its tables', async (t) => {
  const { app, expected } = await sampleReport(t);
  const { page, pageErrors } = app;
  // Something else first: the folder must replace it, not add to it.
  await dropFiles(page, [{ name: 'other.csv', bytes: Buffer.from('a,b\n1,2\n') }]);
  assert.equal((await waitForResult(page)).state, 'done');

  // The department's folder sits below the dropped one, which holds no table (only junk).
  const folder = [
    ...samples.map((f) => ({ path: `2026/附件/${f.name}`, bytes: f.bytes })),
    { path: '.DS_Store', bytes: Buffer.from('junk') },
    { path: '公开说明.pdf', bytes: Buffer.from('%PDF-1.4') },
  ];
  await dropFolder(page, folder);
  const result = await waitForResult(page);
  await screenshot(page, 'folder-drop');
  assert.equal(result.state, 'done', `check failed: ${result.error}`);
  const shown = await readPage(page);
  assert.deepEqual(shown.inputs.map((i) => [i.file, i.table]).sort(), samples.map((f) => [f.name, expectedTable(f.name)]).sort(),
    'exactly the folder\'s tables and narrative, nothing from before, no junk');
  assert.deepEqual(shown.counts, expected.counts);
  assert.deepEqual(shown.findings, expected.findings);
  assert.equal(await page.locator('#departments').isHidden(), true, 'one department: no chooser');
  assert.deepEqual(pageErrors, []);
});

const PUTUO = join(ROOT, 'tests/fixtures/samples/putuo-2025-zhengfuban-bumen');
const putuo = await Promise.all((await readdir(PUTUO)).sort()
  .map(async (name) => ({ name, bytes: await readFile(join(PUTUO, name)) })));

test('a dropped folder holding two departments: each checked on its own, a chooser switches', async (t) => {
  const { page, pageErrors } = await openApp(t);
  const folder = [
    ...samples.map((f) => ({ path: `长春社保局/${f.name}`, bytes: f.bytes })),
    ...putuo.map((f) => ({ path: `上海/普陀区政府办/${f.name}`, bytes: f.bytes })),
    { path: '长春社保局/.DS_Store', bytes: Buffer.from('junk') },
  ];
  await dropFolder(page, folder);
  const result = await waitForResult(page);
  await screenshot(page, 'folder-departments');
  assert.equal(result.state, 'done', `check failed: ${result.error}`);

  const options = await page.locator('#department option').evaluateAll((os) => os.map((o) => o.textContent));
  assert.equal(options.length, 2, `two departments listed: ${options}`);
  const counts = (text) => Number(/错误 (\d+)/.exec(text)[1]);
  const changchun = options.findIndex((o) => o.startsWith('部门预算/长春社保局（'));
  const shanghai = options.findIndex((o) => o.startsWith('部门预算/上海/普陀区政府办（'));
  assert.ok(changchun >= 0 && shanghai >= 0, `folder names shown: ${options}`);
  assert.ok(counts(options[changchun]) > 0, 'Changchun has errors');
  assert.equal(counts(options[shanghai]), 0, 'Putuo has no errors');

  const tables = async () => (await readPage(page)).inputs.map((i) => i.table).filter((id) => id !== 'narrative').sort();
  const ids = (...list) => list.sort();
  const show = async (index) => {
    await page.locator('#department').selectOption(String(index));
    await page.waitForFunction((i) => document.getElementById('department').value === String(i), index);
  };
  await show(shanghai);
  assert.deepEqual(await tables(), ids('T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'GZY'));
  let shown = await readPage(page);
  assert.equal(shown.counts.errors, 0);
  assert.equal(shown.counts.errors, counts(options[shanghai]));
  await show(changchun);
  assert.deepEqual(await tables(), ids(...Array.from({ length: 10 }, (_, i) => `T${i + 1}`)));
  shown = await readPage(page);
  assert.equal(shown.counts.errors, counts(options[changchun]));

  // The same report as the sample alone: the departments were not mixed.
  const alone = await openApp(t);
  await dropFiles(alone.page, samples);
  assert.equal((await waitForResult(alone.page)).state, 'done');
  const expected = await readPage(alone.page);
  assert.deepEqual(shown.counts, expected.counts);
  assert.deepEqual(shown.findings, expected.findings);

  // The table view and the export work on the chosen department.
  await page.locator('#inputs tbody tr[data-table="T1"]').click();
  assert.equal(await page.locator('#table-view').isVisible(), true);
  const download = page.waitForEvent('download');
  await page.locator('#export-json').click();
  const report = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  assert.equal(report.summary.errors, counts(options[changchun]));
  assert.ok(report.inputs.every((i) => samples.some((f) => f.name === i.file)), 'only Changchun\'s files exported');
  assert.deepEqual(pageErrors, []);
});

test('pasted narrative text is checked as 情况说明.txt and replaces the set\'s narrative', async (t) => {
  const { app, expected } = await sampleReport(t);
  const { page, pageErrors } = app;
  const narrative = samples.find((f) => f.name.endsWith('.txt'));
  const tables = samples.filter((f) => f !== narrative);

  // Start again with the tables and a narrative under another name, then paste the real text.
  await page.getByRole('button', { name: '清空文件' }).click();
  await dropFiles(page, [...tables, { name: '旧说明.txt', bytes: Buffer.from('本部门2026年收入预算合计1元。') }]);
  assert.equal((await waitForResult(page)).state, 'done');
  await page.locator('#paste-box summary').click();
  await page.locator('#paste-text').fill(narrative.bytes.toString('utf8'));
  await page.getByRole('button', { name: '作为情况说明检查' }).click();
  const result = await waitForResult(page);
  await screenshot(page, 'paste-narrative');
  assert.equal(result.state, 'done', `check failed: ${result.error}`);
  const shown = await readPage(page);
  const pasted = shown.inputs.find((i) => i.file === '情况说明.txt');
  assert.equal(pasted?.table, 'narrative', 'the pasted text is the narrative');
  assert.ok(!shown.inputs.some((i) => i.file === '旧说明.txt'), 'the old narrative is replaced');
  assert.deepEqual(shown.counts, expected.counts, 'the same report as with the narrative file');
  assert.deepEqual(shown.findings, expected.findings);
  assert.deepEqual(pageErrors, []);
});
