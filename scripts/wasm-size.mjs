// Sizes of what the page loads, against the checked-in budget (wasm-budget.json): each wasm
// module, and everything the page fetches before its first check (page, scripts, core module).
// Gzip level 9, as a static server would serve them. Used by check-wasm.mjs and the node tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BUDGET = JSON.parse(readFileSync(join(ROOT, 'wasm-budget.json'), 'utf8'));

function size(path) {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** [{name, raw, gzip, budget}] for each budgeted module and the first load; www = the page dir. */
export function measure(www) {
  const rows = Object.entries(BUDGET.modules).map(([name, budget]) => ({
    name, ...size(join(www, 'pkg', name)), budget,
  }));
  const first = BUDGET.first_load.files.map((f) => size(join(www, f)));
  rows.push({
    name: `first load (${BUDGET.first_load.files.length} files)`,
    raw: first.reduce((a, s) => a + s.raw, 0),
    gzip: first.reduce((a, s) => a + s.gzip, 0),
    budget: BUDGET.first_load.gzip,
  });
  return rows;
}

export function formatRows(rows) {
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);
  return rows.map((r) => `${r.name.padEnd(28)} ${kib(r.raw)} raw ${kib(r.gzip)} gzip ` +
    `(budget ${kib(r.budget)})${r.gzip > r.budget ? '  OVER BUDGET' : ''}`).join('\n');
}
