// End-to-end: the single-file build (npm run build:single) opened from disk, with the network
// switched off, finds what the served page finds, and nothing but file:, blob: and data: is asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, dropFiles, launch, openApp, readPage, sampleFiles, screenshot, waitForResult,
} from './helpers.mjs';

const samples = await sampleFiles();

async function buildSingle(t) {
  const dir = await mkdtemp(join(tmpdir(), 'gouji-single-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const out = join(dir, 'gouji.html');
  execFileSync('bash', ['scripts/build-single.sh', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

async function openSingle(t, file) {
  const app = await launch(t);
  await app.context.setOffline(true);
  await app.page.goto(pathToFileURL(file).href);
  return app;
}

// What a reviewer sees, without the parts that name the page's origin.
const essentials = (shown) => ({ inputs: shown.inputs, counts: shown.counts, findings: shown.findings });

test('the single HTML file works from file:// with no network and finds what the served page finds', async (t) => {
  const file = await buildSingle(t);
  const html = await readFile(file, 'utf8');
  assert.doesNotMatch(html, /(src|href)="(?!data:)[^"]+"/, 'no reference to another file');
  const remote = html.split('\n').filter((line) => /https?:\/\//.test(line) && !/^\s*\/\//.test(line));
  assert.deepEqual(remote, [], 'no remote address in the file, except in code comments');

  const served = await openApp(t);
  await dropFiles(served.page, samples);
  assert.equal((await waitForResult(served.page)).state, 'done');
  const expected = essentials(await readPage(served.page));

  const single = await openSingle(t, file);
  const { page, requests, consoleMessages, pageErrors } = single;
  await dropFiles(page, samples);
  const result = await waitForResult(page);
  const shot = await screenshot(page, 'single-file');
  assert.equal(result.state, 'done', `check failed: ${result.error} (screenshot ${shot})`);
  const shown = await readPage(page);
  assert.ok(expected.findings.length > 0, 'the served page found the Changchun mistakes');
  assert.deepEqual(essentials(shown), expected, 'the same inputs, counts and findings as the served page');

  // The table view works too (it needs the sheets from the worker).
  await page.locator('li.finding .show-in-table').first().click();
  assert.ok(await page.locator('#grid td.hl-culprit, #grid td.hl-operand').count() > 0, 'highlighted cells');

  // 试用示例 uses the samples inlined in the file.
  await page.getByRole('button', { name: '试用示例' }).click();
  assert.equal((await waitForResult(page)).state, 'done');
  assert.deepEqual((await readPage(page)).counts, expected.counts);

  assert.match(shown.csp, /^default-src 'none';/);
  assert.doesNotMatch(shown.csp, /https?:|'self'|\*/, 'the CSP allows no origin at all');
  const schemes = requests.map((u) => new URL(u).protocol);
  assert.ok(schemes.includes('file:'), `the page load was recorded: ${requests}`);
  assert.deepEqual(requests.filter((u) => !/^(file|blob|data):/.test(u)), [], 'requests that left the file');
  assert.deepEqual(consoleMessages.filter((m) => /Content Security Policy|Refused to/i.test(m)), [], 'CSP violations');
  assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
});
