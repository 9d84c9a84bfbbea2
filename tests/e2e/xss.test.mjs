// End-to-end: hostile file names and cell contents reach every view — inputs, findings, the
// table view, a cell's findings — as literal text; nothing executes, and after the page has
// loaded nothing is requested at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropFiles, openApp, sampleFiles, screenshot, waitForResult } from './helpers.mjs';

const samples = await sampleFiles();
const IMG = '<img src=x onerror=window.__pwned=2>';
const SCRIPT = '<script>window.__pwned=3</script>';
const NAME = '<img src=x onerror=window.__pwned=1>收入总表.csv';

// The sample 收入总表 with two unit names replaced by markup, under a hostile name.
function hostileSet() {
  const t2 = samples.find((f) => f.name.startsWith('02-'));
  const text = t2.bytes.toString('utf8')
    .replace(',长春市社会保险事业管理局,', `,${IMG},`)
    .replace(',长春市社会保险档案管理中心（长春市退休人员托管服务中心）,', `,${SCRIPT},`);
  assert.ok(text.includes(IMG) && text.includes(SCRIPT), 'the markup went into the table');
  return [...samples.filter((f) => f !== t2), { name: NAME, bytes: Buffer.from(text) }];
}

test('markup in file names and cells is shown literally everywhere, runs nowhere; no request after load', async (t) => {
  const { page, origin, requests, pageErrors } = await openApp(t);
  await page.waitForFunction(() => /gouji \d/.test(document.getElementById('version').textContent));
  const loaded = requests.length;
  await page.evaluate(() => {
    window.__pwned = undefined;
    // Any element the page itself would create from the files' markup.
    window.__created = 0;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'IMG' || n.nodeName === 'SCRIPT') window.__created++;
    }).observe(document, { childList: true, subtree: true });
  });

  await dropFiles(page, hostileSet());
  const result = await waitForResult(page);
  assert.equal(result.state, 'done', `check failed: ${result.error}`);

  // The inputs list: the name verbatim, and the table recognized from its content.
  const row = page.locator('#inputs tbody tr', { hasText: 'onerror' });
  assert.equal(await row.locator('td.file').textContent(), NAME);
  assert.equal(await row.getAttribute('data-table'), 'T2');

  // The table view of that file: the cells hold the markup as text.
  await row.click();
  assert.ok(await page.locator('#table-view').isVisible());
  const cells = await page.evaluate(() => [...document.querySelectorAll('#grid td')].map((td) => td.textContent));
  assert.ok(cells.includes(IMG), 'the <img> cell is shown as text');
  assert.ok(cells.includes(SCRIPT), 'the <script> cell is shown as text');
  assert.match(await page.locator('#table-view-title').textContent(), /onerror/, 'the title names the file verbatim');

  // Findings in that table: open one in the table view, then list a highlighted cell's findings.
  const finding = page.locator('li.finding', { hasText: 'onerror' }).first();
  assert.ok(await finding.count() > 0, 'some finding names the hostile file');
  await finding.locator('.show-in-table').click();
  await page.locator('#grid td.has-finding').first().click();
  assert.ok(await page.locator('#cell-findings').isVisible());
  await page.locator('#search').fill('onerror');
  await screenshot(page, 'xss');

  await page.waitForTimeout(300); // an onerror would fire by now
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no markup executed');
  assert.equal(await page.evaluate(() => window.__created), 0, 'no <img> or <script> element was created');
  assert.equal(await page.locator('main img, main script').count(), 0);
  assert.deepEqual(pageErrors, []);

  // Loading asked only the local server; checking and browsing asked nothing at all.
  assert.ok(loaded > 0);
  assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin && !u.startsWith('data:')), [], 'requests outside the local origin');
  assert.deepEqual(requests.slice(loaded), [], 'requests after the page had loaded');
});
