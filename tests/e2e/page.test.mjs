// End-to-end: the real page in headless Chromium, the real wasm in its worker, the Changchun samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CSP, WWW, directReport, dropFiles, expectedTable, openApp, readPage, sampleFiles, screenshot, waitForResult,
} from './helpers.mjs';

const samples = await sampleFiles();
const sampleNames = samples.map((f) => f.name);

// Everything the page must show for the Changchun sample set, whichever way the files came in.
async function assertSampleReport(app, shotName) {
  const { page, origin, requests, consoleMessages, pageErrors } = app;
  const result = await waitForResult(page);
  const shot = await screenshot(page, shotName);
  assert.equal(result.state, 'done', `check failed: ${result.error} (screenshot ${shot})`);

  // Rounding infos are listed only when asked for (hidden findings are not made into elements).
  await page.locator('#show-rounding').check();
  const shown = await readPage(page);
  assert.equal(shown.csp, CSP, 'the CSP <meta> is the agreed policy');

  // All ten tables and the narrative, each recognized as what it is.
  assert.deepEqual(
    shown.inputs.map((i) => [i.file, i.table]).sort(),
    sampleNames.map((n) => [n, expectedTable(n)]).sort(),
  );
  const gbk = shown.inputs.find((i) => i.file.startsWith('06-'));
  assert.match(gbk.encoding, /GB/i, '06 is GBK-encoded and must be reported as such');

  // Findings are rendered with a location naming a sample file and a row.
  assert.ok(shown.findings.length > 0, 'the Changchun disclosure has known mistakes: expected findings');
  const places = shown.findings.flatMap((f) => f.places);
  const fileRow = new RegExp(`^(${sampleNames.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(:[^:]+)?:\\d+(:\\d+)?$`);
  assert.ok(places.some((p) => fileRow.test(p)), `no location of the form file:row[:column] in ${JSON.stringify(places.slice(0, 5))}`);
  for (const f of shown.findings) {
    assert.match(f.rule, /\S/, 'every finding names its rule');
    assert.match(f.message, /\S/, 'every finding has a message');
  }

  // The counts shown are the report's (computed again without the worker and the UI) ...
  const report = await directReport(page, samples);
  assert.deepEqual(shown.counts, report.summary);
  assert.equal(shown.findings.length, report.findings);
  // ... and agree with the findings listed.
  const bySeverity = (s) => shown.findings.filter((f) => f.severity === s).length;
  assert.deepEqual(shown.counts, { errors: bySeverity('error'), warnings: bySeverity('warning'), infos: bySeverity('info') });

  // Nothing but the local origin was contacted (page and worker requests alike), and the
  // recording did see the worker load the wasm, so an empty recording cannot pass.
  const foreign = requests.filter((u) => new URL(u).origin !== origin && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests outside the local origin');
  assert.ok(requests.some((u) => u.endsWith('/pkg/gouji_bg.wasm')), `the wasm request was not recorded: ${requests}`);

  const cspViolations = consoleMessages.filter((m) => /Content Security Policy|Refused to/i.test(m));
  assert.deepEqual(cspViolations, [], 'CSP violations');
  assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  return { shown, requests };
}

test('dropping the ten tables and the narrative shows the report', async (t) => {
  const app = await openApp(t);
  await dropFiles(app.page, samples);
  await assertSampleReport(app, 'drop');

  // The rule docs are not part of the first load: pkg/rules.json is fetched when one is opened.
  const docsRequests = () => app.requests.filter((u) => u.endsWith('/pkg/rules.json')).length;
  assert.equal(docsRequests(), 0, 'the rule docs were fetched before any was opened');
  const first = app.page.locator('#findings li.finding').first();
  const rule = await first.locator('.rule').textContent();
  await first.locator('details.rule-doc summary').click();
  const help = first.locator('details.rule-doc dl.rule-help');
  await help.waitFor();
  const doc = JSON.parse(await readFile(join(WWW, 'pkg', 'rules.json'), 'utf8')).find((r) => r.id === rule);
  assert.ok(doc?.what && doc.why && doc.example, `pkg/rules.json documents ${rule}`);
  assert.deepEqual(await help.locator('dt').allTextContents(), ['检查什么', '为什么', '例子']);
  assert.deepEqual(await help.locator('dd').allTextContents(), [doc.what, doc.why, doc.example]);
  assert.equal(docsRequests(), 1);
});

test('试用示例 checks the built-in samples', async (t) => {
  const app = await openApp(t);
  await app.page.getByRole('button', { name: '试用示例' }).click();
  const { requests } = await assertSampleReport(app, 'samples');
  assert.ok(requests.some((u) => u.endsWith('/samples/index.json')), 'the samples came from samples/index.json');
  assert.ok(requests.some((u) => decodeURIComponent(u).endsWith('/samples/情况说明.txt')), 'the narrative was fetched');
});

test('a broken engine shows an error and the page recovers', async (t) => {
  const app = await openApp(t);
  const { page, context } = app;
  // Serve a corrupt module: the worker's init() fails, the page must say so visibly.
  await context.route('**/pkg/gouji_bg.wasm', (route) =>
    route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm at all') }));
  await page.reload();
  await dropFiles(page, samples.slice(0, 2));
  let result = await waitForResult(page);
  await screenshot(page, 'broken-engine');
  assert.equal(result.state, 'failed');
  assert.match(result.error ?? '', /检查引擎/, 'a visible error message about the engine');
  assert.ok(await page.locator('#error').isVisible());

  // The module is fine again: the next check gets a fresh worker and works.
  await context.unroute('**/pkg/gouji_bg.wasm');
  await page.getByRole('button', { name: '试用示例' }).click();
  result = await waitForResult(page);
  assert.equal(result.state, 'done', `no recovery: ${result.error}`);
  assert.ok(await page.locator('#error').isHidden(), 'the old error is cleared');
  assert.equal((await readPage(page)).inputs.length, samples.length);
});

test('file names and cell text are shown as text, never as HTML', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const name = '<img src=x onerror="window.__pwned=1">.csv';
  await dropFiles(page, [{ name, bytes: Buffer.from('<b>不是预算表</b>,<script>window.__pwned=2</script>\n1,2\n') }]);
  const result = await waitForResult(page);
  assert.equal(result.state, 'done', `check failed: ${result.error}`);
  const shown = await readPage(page);
  assert.equal(shown.inputs.length, 1);
  assert.equal(shown.inputs[0].file, name, 'the file name is shown verbatim');
  assert.equal(shown.inputs[0].table, '', 'an unrelated file is not recognized as a table');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('#results img, #results script, #results b').count(), 0);
});

test('the file picker checks the chosen files', async (t) => {
  const app = await openApp(t);
  const chosen = samples.filter((f) => /^0[36]-/.test(f.name));
  await app.page.setInputFiles('#file-input', chosen.map((f) => ({ name: f.name, mimeType: 'text/csv', buffer: f.bytes })));
  const result = await waitForResult(app.page);
  assert.equal(result.state, 'done', `check failed: ${result.error}`);
  const shown = await readPage(app.page);
  assert.deepEqual(shown.inputs.map((i) => [i.file, i.table]), chosen.map((f) => [f.name, expectedTable(f.name)]));
});
