// The page side of `npm run bench`: serves dist/www/ as `npm start` does, opens it in headless Chromium
// (/usr/bin/chromium through playwright-core, as the e2e tests do) and drops the bundled sample's
// files on the drop zone with real DragEvents. Times, from app.js's performance marks, the drop
// event ('gouji:drop') to the findings rendered in the page ('gouji:rendered'): reading the files,
// the worker's check and the rendering. Each run is a fresh page load; prints one JSON line.
//   node bench/page.mjs [RUNS]
//   node bench/page.mjs RUNS DIR   instead: DIR's files picked with the file chooser (from disk, as a
//         user picks a large department), the engine loaded first; also the longest gap between
//         two frames of the page from the report's arrival (the worker's 'sending') to 2 s after it.
//   warm: the engine is loaded (the page says 就绪) before the drop — the usual case;
//   cold: the drop comes right after the page loaded, so it also waits for the wasm to download
//         and instantiate (from the local server: no network time).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const WWW = join(ROOT, 'dist', 'www');
const runs = Math.max(1, Number(process.argv[2] ?? 15));
const pickDir = process.argv[3] ? resolve(process.argv[3]) : null;

const names = JSON.parse(readFileSync(join(WWW, 'samples', 'index.json'), 'utf8')).files;
const files = names.map((name) => ({ name, base64: readFileSync(join(WWW, 'samples', name)).toString('base64') }));
const bytes = files.reduce((n, f) => n + Buffer.from(f.base64, 'base64').length, 0);

const { server, url } = await startServer({ root: WWW, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

// One fresh page: drop the sample (after the engine is ready when `warm`), wait for the findings.
async function once(warm) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await page.goto(url);
    if (warm) await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('就绪'));
    await page.evaluate((items) => {
      const dt = new DataTransfer();
      for (const { name, base64 } of items) dt.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
      const zone = document.getElementById('drop-zone');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    }, files);
    await page.waitForFunction(() => ['done', 'failed'].includes(document.body.dataset.state), null, { timeout: 60_000 });
    return await page.evaluate(() => {
      if (document.body.dataset.state !== 'done') throw new Error(document.getElementById('error').textContent);
      const [drop] = performance.getEntriesByName('gouji:drop');
      const [rendered] = performance.getEntriesByName('gouji:rendered');
      return { ms: rendered.startTime - drop.startTime, findings: document.querySelectorAll('#findings li.finding').length };
    });
  } finally {
    await context.close();
  }
}

// One fresh page, the engine loaded: DIR's files picked from disk; drop → rendered, and the frame gap.
async function picked() {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('就绪'));
    await page.evaluate(() => {
      window.__gap = 0;
      let last = performance.now();
      let since = null; // when the report began to arrive
      const frame = (now) => {
        if (since === null && document.getElementById('progress').dataset.stage === 'sending') since = last;
        if (since !== null) window.__gap = Math.max(window.__gap, now - last);
        last = now;
        if (since === null || now - since < 2_000) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    await page.setInputFiles('#file-input', readdirSync(pickDir).map((name) => join(pickDir, name)));
    await page.waitForFunction(() => ['done', 'failed'].includes(document.body.dataset.state), null, { timeout: 600_000 });
    await page.waitForTimeout(2_000);
    return await page.evaluate(() => {
      if (document.body.dataset.state !== 'done') throw new Error(document.getElementById('error').textContent);
      const [drop] = performance.getEntriesByName('gouji:drop');
      const [rendered] = performance.getEntriesByName('gouji:rendered');
      return { ms: rendered.startTime - drop.startTime, gap_ms: window.__gap };
    });
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (pickDir) {
  const bytes = readdirSync(pickDir).reduce((n, name) => n + readFileSync(join(pickDir, name)).length, 0);
  const result = { dir: pickDir, bytes, runs, chromium: browser.version() };
  try {
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await picked());
    result.ms = median(all.map((r) => r.ms));
    result.min_ms = Math.min(...all.map((r) => r.ms));
    result.gap_ms = median(all.map((r) => r.gap_ms));
  } finally {
    await browser.close();
    server.close();
  }
  console.log(JSON.stringify(result));
  process.exit(0);
}
const result = { files: files.length, bytes, runs, chromium: browser.version() };
try {
  for (const warm of [true, false]) {
    await once(warm); // not counted: lets the browser and the server settle
    const times = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) ({ ms: times[i], findings } = await once(warm));
    result[warm ? 'warm' : 'cold'] = { ms: median(times), min_ms: Math.min(...times), max_ms: Math.max(...times) };
    result.findings = findings;
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(result));
