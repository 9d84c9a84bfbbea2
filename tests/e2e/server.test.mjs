// The static server behind `npm start` and the browser tests: MIME types, no escape from www/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { startServer, resolveUnder } from '../../scripts/serve.mjs';
import { WWW } from './helpers.mjs';

let server;
let port;

before(async () => {
  ({ server, port } = await startServer({ root: WWW, port: 0 }));
});
after(() => new Promise((ok) => server.close(ok)));

// A raw request: the path is sent exactly as given (fetch would normalize "..").
function get(path, method = 'GET') {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('serves the page with the right MIME types', async () => {
  const cases = {
    '/': 'text/html; charset=utf-8',
    '/index.html': 'text/html; charset=utf-8',
    '/app.js': 'text/javascript; charset=utf-8',
    '/worker.js': 'text/javascript; charset=utf-8',
    '/style.css': 'text/css; charset=utf-8',
    '/samples/index.json': 'application/json; charset=utf-8',
    '/pkg/gouji_bg.wasm': 'application/wasm',
    '/pkg/gouji.js': 'text/javascript; charset=utf-8',
  };
  for (const [path, type] of Object.entries(cases)) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['content-type'], type, path);
    assert.match(res.headers['content-security-policy'], /default-src 'none'/, path);
  }
});

test('serves sample files byte for byte, Chinese names included', async () => {
  const res = await get('/samples/' + encodeURIComponent('06-一般公共预算基本支出表.csv'));
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/octet-stream');
  assert.equal(res.body.subarray(0, 4).toString('hex'), 'd2bbb0e3', 'GBK bytes of 一般, untouched');
  const head = await get('/samples/index.json', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test('refuses to leave www/', async () => {
  for (const path of ['/../package.json', '/samples/../../package.json', '/%2e%2e/package.json',
    '/%2E%2E%2Fpackage.json', '/..%5cpackage.json', '/%00', '/%E0%A4%A']) {
    const res = await get(path);
    assert.equal(res.status, 400, path);
    assert.doesNotMatch(res.body.toString(), /gouji-web/, path);
  }
  assert.equal((await get('/nope.html')).status, 404);
  assert.equal((await get('/', 'POST')).status, 405);
  // A directory without its slash redirects on the same host, never to "//elsewhere".
  const dir = await get('/samples');
  assert.equal(dir.status, 301);
  assert.equal(dir.headers.location, '/samples/');
  const sneaky = await get('//example.com');
  assert.notEqual(sneaky.status, 200);
  assert.ok(!String(sneaky.headers.location ?? '').startsWith('//'));
});

test('resolveUnder keeps paths inside the root', () => {
  assert.equal(resolveUnder('/srv/www', '/a/b.js'), '/srv/www/a/b.js');
  assert.equal(resolveUnder('/srv/www', '/a/../../etc/passwd'), null);
  assert.equal(resolveUnder('/srv/www', '/%2e%2e/etc/passwd'), null);
});

test('falls back to another port when the wanted one is busy', async () => {
  const blocker = createServer();
  await new Promise((ok) => blocker.listen(0, '127.0.0.1', ok));
  const busy = blocker.address().port;
  try {
    const other = await startServer({ root: WWW, port: busy });
    assert.notEqual(other.port, busy);
    await new Promise((ok) => other.server.close(ok));
    await assert.rejects(startServer({ root: WWW, port: busy, fallback: false }), /EADDRINUSE/);
  } finally {
    await new Promise((ok) => blocker.close(ok));
  }
});
