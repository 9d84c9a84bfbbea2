// End-to-end: the reviewer's views — table view with highlights, grouping/search/rounding toggle,
// exports (JSON, CSV), print, re-dropping a file, and a Putuo (Shanghai layout) set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROOT, dropFiles, fullReport, openApp, readPage, sampleFiles, screenshot, waitForResult,
} from './helpers.mjs';

const samples = await sampleFiles();

function letters(n) {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

async function checkedSamples(t) {
  const app = await openApp(t);
  await dropFiles(app.page, samples);
  const result = await waitForResult(app.page);
  assert.equal(result.state, 'done', `check failed: ${result.error}`);
  const report = await fullReport(app.page, samples);
  return { ...app, report };
}

test('a finding opens its table with the culprit and operand cells highlighted', async (t) => {
  const { page, report, pageErrors } = await checkedSamples(t);
  const narrative = new Set(report.inputs.filter((i) => i.table === 'narrative').map((i) => i.file));
  // A finding whose culprit is a cell of a table, with operand cells in the same table.
  const index = report.findings.findIndex((f) => f.locations.some((l) => l.role === 'culprit' && l.column > 0 && !narrative.has(l.file))
    && f.locations.some((l) => l.role === 'operand' && l.column > 0));
  assert.ok(index >= 0, 'the Changchun sample has an equation finding with a culprit cell');
  const finding = report.findings[index];
  const culprit = finding.locations.find((l) => l.role === 'culprit' && l.column > 0);
  const culpritCell = `${letters(culprit.column)}${culprit.row}`;

  await page.locator(`li.finding[data-index="${index}"] .show-in-table`).click();
  const view = page.locator('#table-view');
  assert.ok(await view.isVisible(), 'the table view opens');
  assert.match(await page.locator('#table-view-title').textContent(), new RegExp(culprit.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  const highlighted = await page.evaluate(() => ({
    culprit: [...document.querySelectorAll('#grid td.hl-culprit')].map((td) => td.dataset.cell),
    operand: [...document.querySelectorAll('#grid td.hl-operand')].map((td) => td.dataset.cell),
    letters: [...document.querySelectorAll('#grid thead th.col-letter')].slice(0, 3).map((th) => th.textContent),
    rows: [...document.querySelectorAll('#grid tbody th.row-number')].slice(0, 2).map((th) => th.textContent),
    a1: document.querySelector('#grid td[data-cell="A1"]')?.textContent,
    headerRows: document.querySelectorAll('#grid tr.header-row').length,
    culpritInHeader: !!document.querySelector('#grid tr.header-row td.hl-culprit'),
  }));
  assert.ok(highlighted.culprit.includes(culpritCell), `${culpritCell} has the culprit class: ${JSON.stringify(highlighted)}`);
  const sameSheet = finding.locations.filter((l) => l.file === culprit.file && l.column > 0);
  for (const l of sameSheet.filter((x) => x.role === 'operand')) {
    const cell = `${letters(l.column)}${l.row}`;
    assert.ok(highlighted.operand.includes(cell) || highlighted.culprit.includes(cell), `${cell} is highlighted as an operand`);
  }
  assert.ok(!highlighted.operand.includes(culpritCell), 'the culprit is not styled as an operand');
  assert.deepEqual(highlighted.letters, ['A', 'B', 'C'], 'column letters as in the spreadsheet');
  assert.deepEqual(highlighted.rows, ['1', '2'], 'row numbers start with the real first row');
  assert.ok(highlighted.headerRows >= 1, 'the title and header rows are marked as such');
  assert.ok(!highlighted.culpritInHeader, 'the culprit is a data cell, below the header rows');
  const table = report.inputs.find((i) => i.file === culprit.file);
  assert.ok(table.title && highlighted.a1.includes(table.title.slice(0, 4)), `A1 holds the real title row: ${highlighted.a1}`);
  // The highlighted cell shows the value the finding quotes.
  const shownValue = await page.locator(`#grid td[data-cell="${culpritCell}"]`).textContent();
  if (culprit.value) assert.equal(shownValue.trim(), culprit.value.trim());
  await screenshot(page, 'table-view');

  // Clicking the highlighted cell lists its findings, this one among them.
  await page.locator(`#grid td[data-cell="${culpritCell}"]`).click();
  const listed = await page.locator('#cell-findings li.cell-finding').evaluateAll((lis) => lis.map((li) => Number(li.dataset.index)));
  assert.ok(listed.includes(index), `the cell's findings include #${index}: ${listed}`);
  assert.deepEqual(pageErrors, []);
});

test('findings group by table or rule, search, and hide rounding infos by default', async (t) => {
  const { page, report } = await checkedSamples(t);
  const visible = () => page.evaluate(() => [...document.querySelectorAll('#findings li.finding')]
    .filter((li) => li.offsetParent !== null).map((li) => ({ rule: li.dataset.rule, severity: li.dataset.severity, text: li.textContent })));
  const rounding = report.findings.filter((f) => f.rule === 'GJ-ROUNDING').length;
  assert.ok(rounding > 0, 'the Changchun sample has rounding infos');
  let shown = await visible();
  assert.equal(shown.filter((f) => f.rule === 'GJ-ROUNDING').length, 0, 'rounding infos hidden by default');
  assert.equal(shown.length, report.findings.length - rounding);
  await page.locator('#show-rounding').check();
  assert.equal((await visible()).length, report.findings.length, 'the toggle shows them');

  // Summary breakdowns add up to all findings.
  const chipTotal = (id) => page.locator(`#${id} .chip .n`).evaluateAll((bs) => bs.reduce((n, b) => n + Number(b.textContent), 0));
  assert.equal(await chipTotal('summary-tables'), report.findings.length);
  assert.equal(await chipTotal('summary-rules'), report.findings.length);
  assert.ok(await page.locator('#all-clear').isHidden(), 'no "未发现问题" when there are errors');

  await page.locator('#group-by').selectOption('rule');
  const groups = await page.locator('#findings > section.group').evaluateAll((ss) => ss.map((s) => s.dataset.group));
  assert.deepEqual(groups.sort(), [...new Set(report.findings.map((f) => f.rule))].sort());

  const word = report.findings.find((f) => f.severity === 'error').rule;
  await page.locator('#search').fill(word);
  shown = await visible();
  assert.ok(shown.length > 0 && shown.every((f) => f.text.includes(word)), 'search keeps only matching findings');
  assert.equal(shown.length, report.findings.filter((f) => JSON.stringify(f).includes(word)).length);
  await page.locator('#search').fill('');
  await page.locator('#filters input[value="error"]').uncheck();
  shown = await visible();
  assert.ok(shown.length > 0 && shown.every((f) => f.severity !== 'error'), 'the severity filter hides errors');
  await screenshot(page, 'grouped-by-rule');
});

test('exports: JSON is the report, CSV has one line per finding and location', async (t) => {
  const { page, report } = await checkedSamples(t);
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  assert.match(jsonDownload.suggestedFilename(), /\.json$/);
  const exported = JSON.parse(await readFile(await jsonDownload.path(), 'utf8'));
  assert.deepEqual(exported, report, 'the JSON export is the report itself');

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  assert.match(csvDownload.suggestedFilename(), /\.csv$/);
  const bytes = await readFile(await csvDownload.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const rows = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.deepEqual(rows[0].slice(0, 4), ['严重程度', '规则', '标题', '说明']);
  const body = rows.slice(1);
  assert.equal(body.length, report.findings.reduce((n, f) => n + Math.max(1, f.locations.length), 0));
  const col = (name) => rows[0].indexOf(name);
  let i = 0;
  for (const f of report.findings) {
    for (const loc of f.locations.length ? f.locations : [null]) {
      const row = body[i++];
      assert.equal(row[col('规则')], f.rule);
      assert.equal(row[col('说明')], f.message);
      if (loc) {
        assert.equal(row[col('文件')], loc.file);
        assert.equal(row[col('行')], loc.row > 0 ? String(loc.row) : '');
      }
    }
  }

  // The printable view: summary and findings, no controls.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('#drop-zone').isHidden());
  assert.ok(await page.locator('#export-json').isHidden());
  assert.ok(await page.locator('#summary').isVisible());
  await screenshot(page, 'print');
});

// RFC 4180 fields, quoted or not.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

test('re-dropping a file with the same name replaces it and checks again', async (t) => {
  const { page } = await checkedSamples(t);
  const target = samples.find((f) => f.name.startsWith('03-'));
  await dropFiles(page, [{ name: target.name, bytes: Buffer.from('不是预算表\n1,2\n') }]);
  const result = await waitForResult(page);
  assert.equal(result.state, 'done', `check failed: ${result.error}`);
  await page.waitForFunction((name) => [...document.querySelectorAll('#inputs tbody tr')]
    .some((tr) => tr.cells[0].textContent === name && tr.dataset.table === ''), target.name);
  const shown = await readPage(page);
  assert.equal(shown.inputs.length, samples.length, 'the set keeps its size: the file was replaced, not added');
  assert.equal(shown.inputs.find((i) => i.file === target.name).table, '', 'the new content was checked');
  assert.ok(await page.locator('#missing').isVisible(), 'the missing table is listed in the file area');
  assert.match(await page.locator('#missing').textContent(), /^缺少：.*支出总表/);
});

const PUTUO = join(ROOT, 'tests/fixtures/samples');
const PUTUO_ROLE = { '01': 'T1', '02': 'T2', '03': 'T3', '04': 'T4', '05': 'T5', '06': 'T8', '07': 'GZY', '08': 'T6', '09': 'T7' };

test('Putuo (Shanghai layout) sets: all nine tables recognized, no errors', async (t) => {
  const app = await openApp(t);
  const { page } = app;
  const sets = (await readdir(PUTUO)).filter((d) => d.startsWith('putuo-2025-')).sort();
  assert.equal(sets.length, 4);
  for (const set of sets) {
    const names = (await readdir(join(PUTUO, set))).sort();
    const files = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(PUTUO, set, name)) })));
    if (await page.locator('#clear-files').isVisible()) await page.locator('#clear-files').click();
    await dropFiles(page, files);
    const result = await waitForResult(page);
    assert.equal(result.state, 'done', `${set}: ${result.error}`);
    const shown = await readPage(page);
    const tables = shown.inputs.filter((i) => i.table !== 'narrative');
    assert.deepEqual(tables.map((i) => [i.file.slice(0, 2), i.table]).sort(),
      Object.entries(PUTUO_ROLE).sort(), `${set}: roles ${JSON.stringify(tables.map((i) => [i.file, i.table]))}`);
    assert.equal(shown.inputs.filter((i) => i.table === 'narrative').length, 1, `${set}: the narrative`);
    assert.equal(shown.counts.errors, 0, `${set}: errors ${JSON.stringify(shown.findings.filter((f) => f.severity === 'error'))}`);
    if (shown.findings.every((f) => f.severity === 'info')) {
      assert.ok(await page.locator('#all-clear').isVisible(), `${set}: 未发现问题 is shown`);
    }
    await screenshot(page, set);
  }
  assert.deepEqual(app.pageErrors, []);
});

test('a narrow window: no sideways page scroll, the table view scrolls inside itself', async (t) => {
  const { page, report } = await checkedSamples(t);
  await page.setViewportSize({ width: 420, height: 800 });
  const index = report.findings.findIndex((f) => f.locations.some((l) => l.role === 'culprit' && l.column > 0));
  await page.locator(`li.finding[data-index="${index}"] .show-in-table`).click();
  assert.ok(await page.locator('#grid td.hl-culprit').first().isVisible());
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await screenshot(page, 'narrow');
});
