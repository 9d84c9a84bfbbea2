// End-to-end: the other ways in — a department's folder dropped (entries read through
// webkitGetAsEntry, subfolders and batches included) and the narrative pasted as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropFiles, expectedTable, openApp, readPage, sampleFiles, screenshot, waitForResult } from './helpers.mjs';

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

test('a dropped folder is one department: its tables (subfolders too) replace the set', async (t) => {
  const { app, expected } = await sampleReport(t);
  const { page, pageErrors } = app;
  // Something else first: the folder must replace it, not add to it.
  await dropFiles(page, [{ name: 'other.csv', bytes: Buffer.from('a,b\n1,2\n') }]);
  assert.equal((await waitForResult(page)).state, 'done');

  const folder = [
    ...samples.map((f, i) => ({ path: i < 5 ? f.name : `附件/${f.name}`, bytes: f.bytes })),
    { path: '.DS_Store', bytes: Buffer.from('junk') },
    { path: '附件/公开说明.pdf', bytes: Buffer.from('%PDF-1.4') },
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
