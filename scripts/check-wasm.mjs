// Smoke-test a built www/pkg: the (optimized) module must instantiate through the
// wasm-bindgen glue and answer version(), rules() and check() on the bundled samples.
// Prints the raw and gzipped size of the module. Usage: node scripts/check-wasm.mjs [pkg-dir]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkg = resolve(process.argv[2] ?? 'www/pkg');
const wasmBytes = readFileSync(join(pkg, 'gouji_bg.wasm'));
const glue = await import(pathToFileURL(join(pkg, 'gouji.js')).href);

await glue.default({ module_or_path: wasmBytes });

const fail = (msg) => { console.error(`[gouji] wasm check failed: ${msg}`); process.exit(1); };
const version = glue.version();
if (typeof version !== 'string' || !version) fail(`version() returned ${version}`);
const rules = glue.rules();
if (!Array.isArray(rules)) fail('rules() did not return an array');

const samples = resolve(pkg, '..', 'samples');
const names = JSON.parse(readFileSync(join(samples, 'index.json'), 'utf8')).files;
const files = names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(samples, name))) }));
const report = glue.check(files, undefined);
const s = report?.summary;
if (!s || !['errors', 'warnings', 'infos'].every((k) => Number.isInteger(s[k]))) fail('check() returned no summary');
if (!Array.isArray(report.inputs) || report.inputs.length !== files.length) {
  fail(`check() listed ${report.inputs?.length} inputs for ${files.length} files`);
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const gz = gzipSync(wasmBytes, { level: 9 }).length;
console.log(`[gouji] wasm loads: gouji ${version}, ${rules.length} rules; samples: ` +
  `${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos`);
console.log(`[gouji] ${join(pkg, 'gouji_bg.wasm')}: ${kib(wasmBytes.length)} raw, ` +
  `${kib(gz)} gzip -9 (${wasmBytes.length} / ${gz} bytes)`);
