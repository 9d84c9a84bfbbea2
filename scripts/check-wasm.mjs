// Smoke-test a built www/pkg: the (optimized) modules must instantiate through the wasm-bindgen
// glue; the core answers version() and check() on the bundled samples, the speed build
// (gouji_fast) answers the same, the xlsx module reads a
// workbook; rules.json holds the rule docs, which the core module must not carry. Then prints raw
// and gzipped sizes and fails when one exceeds wasm-budget.json.
// Usage: node scripts/check-wasm.mjs [pkg-dir]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatRows, measure } from './wasm-size.mjs';

const pkg = resolve(process.argv[2] ?? 'www/pkg');
const www = dirname(pkg);
const load = async (name) => {
  const glue = await import(pathToFileURL(join(pkg, `${name}.js`)).href);
  await glue.default({ module_or_path: readFileSync(join(pkg, `${name}_bg.wasm`)) });
  return glue;
};
const core = await load('gouji');
const { prepareFiles } = await import(pathToFileURL(join(www, 'prepare.js')).href);

const fail = (msg) => { console.error(`[gouji] wasm check failed: ${msg}`); process.exit(1); };
const version = core.version();
if (typeof version !== 'string' || !version) fail(`version() returned ${version}`);
const rules = JSON.parse(readFileSync(join(pkg, 'rules.json'), 'utf8'));
if (!Array.isArray(rules) || !rules.length || !rules.every((r) => r.id && r.title && r.what && r.why && r.example)) {
  fail('rules.json is not the documented catalogue');
}
// The page fetches the docs when shown: a doc text in the module is a `what:` left without rule_doc!.
const wasmBytes = readFileSync(join(pkg, 'gouji_bg.wasm'));
const inWasm = rules.filter((r) => [r.what, r.why, r.example].some((t) => wasmBytes.includes(Buffer.from(t))));
if (inWasm.length) fail(`rule docs compiled into gouji_bg.wasm (wrap them in rule_doc!): ${inWasm.map((r) => r.id).join(', ')}`);

const samples = join(www, 'samples');
const names = JSON.parse(readFileSync(join(samples, 'index.json'), 'utf8')).files;
const files = names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(samples, name))) }));
const report = core.check(await prepareFiles(files, core.take_input, () => load('gouji_xlsx')), undefined);
const s = report?.summary;
if (!s || !['errors', 'warnings', 'infos'].every((k) => Number.isInteger(s[k]))) fail('check() returned no summary');
if (!Array.isArray(report.inputs) || report.inputs.length !== files.length) {
  fail(`check() listed ${report.inputs?.length} inputs for ${files.length} files`);
}
// The speed build (checks large drops) answers exactly as the core.
const fastGlue = await load('gouji_fast');
const fast = fastGlue.check(await prepareFiles(files, fastGlue.take_input, () => load('gouji_xlsx')), undefined);
if (JSON.stringify(fast) !== JSON.stringify(report)) fail('gouji_fast and gouji differ on the samples');
const book = (await load('gouji_xlsx')).read_workbook(new Uint8Array([0x50, 0x4b, 3, 4, 0]));
if (typeof book?.error !== 'string') fail(`read_workbook() on garbage returned ${JSON.stringify(book)}`);

console.log(`[gouji] wasm loads: gouji ${version}, ${rules.length} rules; samples: ` +
  `${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos`);
const rows = measure(www);
console.log(formatRows(rows));
const over = rows.filter((r) => r.gzip > r.budget);
if (over.length) fail(`over the gzip budget in wasm-budget.json: ${over.map((r) => r.name).join(', ')}`);
