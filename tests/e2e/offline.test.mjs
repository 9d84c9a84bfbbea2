// End-to-end: after one visit the served page works offline — the service worker answers from
// its cache once the network is off and the server is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, readPage, screenshot, waitForResult } from './helpers.mjs';

test('after the first visit the page and its samples work offline', async (t) => {
  const app = await openApp(t, { serviceWorkers: 'allow' });
  const { page, context, server, pageErrors } = app;
  // The first visit installs the worker, which caches the page, engine and samples.
  await page.waitForFunction(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  }, null, { timeout: 30_000 });
  await page.getByRole('button', { name: '试用示例' }).click();
  assert.equal((await waitForResult(page)).state, 'done');
  const online = await readPage(page);
  const caches = await page.evaluate(() => caches.keys());
  assert.ok(caches.some((k) => /^gouji-v\d+$/.test(k)), `a versioned cache: ${caches}`);

  // No network, and no server either: whatever loads now comes from the cache.
  await context.setOffline(true);
  server.close();
  server.closeAllConnections();
  const response = await page.reload();
  assert.ok(response.fromServiceWorker(), 'the page came from the service worker');
  await page.getByRole('button', { name: '试用示例' }).click();
  const result = await waitForResult(page);
  await screenshot(page, 'offline');
  assert.equal(result.state, 'done', `offline check failed: ${result.error}`);
  const offline = await readPage(page);
  assert.ok(online.findings.length > 0);
  assert.deepEqual(offline.counts, online.counts);
  assert.deepEqual(offline.findings, online.findings);
  assert.deepEqual(pageErrors, []);
});
