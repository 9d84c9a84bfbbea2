// Shared set-up for the browser tests: the static server, a headless Chromium with a fresh
// profile, request/console recording, and the sample files.
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The page to test; GOUJI_WWW may point elsewhere (a scratch copy), by default the page as built
// and served (dist/www/: www/ with its scripts minified, by npm run build:wasm).
export const WWW = process.env.GOUJI_WWW ?? join(ROOT, 'dist', 'www');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "connect-src 'self'; style-src 'self'; img-src 'self' data:";

const SAMPLES = join(WWW, 'samples');

/** The built-in sample set: [{name, bytes: Buffer}] in index.json order. */
export async function sampleFiles() {
  const { files } = JSON.parse(await readFile(join(SAMPLES, 'index.json'), 'utf8'));
  return Promise.all(files.map(async (name) => ({ name, bytes: await readFile(join(SAMPLES, name)) })));
}

/** Expected table id per sample file: NN-*.csv is table T<NN>, the .txt is the narrative. */
export function expectedTable(name) {
  const m = /^(\d\d)-/.exec(name);
  if (m) return `T${Number(m[1])}`;
  if (name.endsWith('.txt')) return 'narrative';
  throw new Error(`unexpected sample ${name}`);
}

/**
 * A headless Chromium with a fresh profile, recording every request (page, workers, service
 * worker), console messages and page errors. Service workers are blocked unless asked for
 * (`serviceWorkers: 'allow'`), so that routing in the tests sees every request.
 */
export async function launch(t, { serviceWorkers = 'block', viewport = { width: 1200, height: 900 } } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'gouji-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    serviceWorkers,
  });
  const requests = [];
  const consoleMessages = [];
  const pageErrors = [];
  context.on('request', (req) => requests.push(req.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => consoleMessages.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  t.after(async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });
  return { page, context, requests, consoleMessages, pageErrors };
}

/** Start the server and a browser on the page; see launch() for what is recorded. */
export async function openApp(t, options = {}) {
  const { server, url } = await startServer({ root: WWW, port: 0 });
  const app = await launch(t, options);
  t.after(() => new Promise((ok) => server.close(ok))); // after the browser closed its connections
  await app.page.goto(url);
  return { ...app, server, url, origin: new URL(url).origin };
}

/** Wait until the page finished a check; fail with the page's error text if it failed. */
export async function waitForResult(page, timeout = 60_000) {
  await page.waitForFunction(() => ['done', 'failed'].includes(document.body.dataset.state), null, { timeout });
  return page.evaluate(() => ({
    state: document.body.dataset.state,
    error: document.getElementById('error').hidden ? null : document.getElementById('error').textContent,
  }));
}

/** Drop files on the drop zone with real DragEvents carrying a DataTransfer of File objects. */
export async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate((items) => {
    const dt = new DataTransfer();
    for (const { name, base64 } of items) {
      // A plain loop: Uint8Array.from with a callback took seconds for a 14 MB set.
      const text = atob(base64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      dt.items.add(new File([bytes], name));
    }
    const zone = document.getElementById('drop-zone');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
    }
  }, payload);
}

/** What the page shows: inputs, counts, findings with their locations. */
export function readPage(page) {
  return page.evaluate(() => ({
    inputs: [...document.querySelectorAll('#inputs tbody tr')].map((tr) => ({
      file: tr.cells[0].textContent,
      table: tr.dataset.table,
      label: tr.cells[1].textContent,
      title: tr.cells[2].textContent,
      encoding: tr.cells[3].textContent,
    })),
    counts: {
      errors: Number(document.getElementById('count-errors').textContent),
      warnings: Number(document.getElementById('count-warnings').textContent),
      infos: Number(document.getElementById('count-infos').textContent),
    },
    findings: [...document.querySelectorAll('#findings li.finding')].map((li) => ({
      severity: li.dataset.severity,
      rule: li.querySelector('.rule').textContent,
      message: li.querySelector('.message').textContent,
      places: [...li.querySelectorAll('.location .place')].map((p) => p.textContent),
    })),
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content,
  }));
}

/**
 * Define window.prepareInPage(glue, [{name, base64}]): the files as the worker hands them to
 * check() (www/prepare.js: GBK decoded by TextDecoder, workbooks read by the xlsx module).
 */
function definePrepare(page) {
  return page.evaluate(() => {
    window.prepareInPage = async (glue, items) => {
      const { prepareFiles } = await import('./prepare.js');
      const files = items.map(({ name, base64 }) => ({ name, bytes: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) }));
      return prepareFiles(files, glue.take_input, async () => {
        const xlsx = await import('./pkg/gouji_xlsx.js');
        await xlsx.default();
        return xlsx;
      });
    };
  });
}

/** The report computed directly with the wasm module in the page, bypassing worker and UI. */
export async function directReport(page, files) {
  const payload = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') }));
  await definePrepare(page);
  return page.evaluate(async (items) => {
    const glue = await import('./pkg/gouji.js');
    await glue.default();
    const input = await prepareInPage(glue, items);
    const report = glue.check(input, undefined);
    return { summary: report.summary, findings: report.findings.length };
  }, payload);
}

/** The whole report, computed directly with the wasm module's `check` (what the CLI prints). */
export async function fullReport(page, files) {
  const payload = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') }));
  await definePrepare(page);
  return page.evaluate(async (items) => {
    const glue = await import('./pkg/gouji.js');
    await glue.default();
    return glue.check(await prepareInPage(glue, items), undefined);
  }, payload);
}

/** Save name.png (what the window shows) and name-full.png (the whole page) in test-artifacts/. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-full.png`), fullPage: true });
  return path;
}
