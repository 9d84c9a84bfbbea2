// A small static file server for the page (dist/www/ as built from www/ by scripts/build-page.mjs;
// no dependencies). Used by `npm start` and the e2e tests.
//   node scripts/serve.mjs [root]      PORT=8080 by default; the next free port if that is busy.
// Serves only files under root, only GET/HEAD, on 127.0.0.1, with the page's CSP as a header too
// (so the module worker, which does not inherit the page's <meta> policy, runs under it as well).
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "connect-src 'self'; style-src 'self'; img-src 'self' data:";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  // Sample budget tables are served as bytes: one of them is GBK, so no charset may be claimed.
  '.csv': 'application/octet-stream',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xls': 'application/vnd.ms-excel',
};

/** Map a request path to a file under root, or null when it would escape root. */
export function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed %-escape
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return null;
  const file = resolve(root, '.' + decoded);
  return file === root || file.startsWith(root + sep) ? file : null;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CSP });
  res.end(text);
}

export function createStaticServer(rootDir) {
  const root = resolve(rootDir);
  return createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    const path = req.url.split('?')[0].split('#')[0];
    let file = path.startsWith('/') ? resolveUnder(root, path) : null;
    if (!file) return send(res, 400, 'bad path\n');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!path.endsWith('/')) {
          // A relative-safe location: one leading slash, never "//host".
          res.writeHead(301, { Location: '/' + path.replace(/^\/+/, '') + '/' });
          return res.end();
        }
        file = join(file, 'index.html');
        info = await stat(file);
      }
      if (!info.isFile()) return send(res, 404, 'not found\n');
      res.writeHead(200, {
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      send(res, 404, 'not found\n');
    }
  });
}

/**
 * Listen on 127.0.0.1. port 0 picks a free port; otherwise, when `fallback` is set and the port
 * is busy, try the next ones, then any free port. Resolves to { server, port, url }.
 */
export async function startServer({ root, port = 0, fallback = true, host = '127.0.0.1' }) {
  const server = createStaticServer(root);
  const candidates = port === 0 ? [0] : fallback ? [...Array(10).keys()].map((i) => port + i).concat(0) : [port];
  for (const p of candidates) {
    try {
      await new Promise((ok, fail) => {
        server.once('error', fail);
        server.listen(p, host, () => { server.off('error', fail); ok(); });
      });
      const actual = server.address().port;
      return { server, port: actual, url: `http://${host}:${actual}/` };
    } catch (err) {
      if (err.code !== 'EADDRINUSE' || p === candidates.at(-1)) throw err;
    }
  }
  throw new Error('unreachable');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? join(fileURLToPath(new URL('..', import.meta.url)), 'dist', 'www');
  const wanted = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    console.error(`bad PORT: ${process.env.PORT}`);
    process.exit(2);
  }
  const { port, url } = await startServer({ root, port: wanted });
  if (port !== wanted && wanted !== 0) console.log(`[gouji] port ${wanted} is busy, using ${port}`);
  console.log(`[gouji] serving ${resolve(root)}`);
  console.log(`[gouji] open ${url}  (Ctrl-C to stop)`);
}
