// Service worker: after the first visit the page, its engine and the samples come from a cache
// when the network is gone. Network first, so a served update is used as soon as it is reachable
// (and refreshes the cache); the cache only answers when the server cannot.
// VERSION names the cache; bump it when the list of files changes. Older caches are deleted.
// The workbook reader (pkg/gouji_xlsx*) is not fetched ahead: it is cached once a workbook needs it;
// so is the speed build (pkg/gouji_fast*) once a large drop needs it (offline before, the core checks).
// The rule docs (pkg/rules.json) are, so that they open offline too (the page itself fetches them
// only when a rule's docs are opened).
const VERSION = 'gouji-v3';
const FILES = ['./', 'index.html', 'style.css', 'app.js', 'worker.js', 'prepare.js', 'pkg/gouji.js', 'pkg/gouji_bg.wasm', 'pkg/rules.json', 'samples/index.json'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(VERSION);
    await cache.addAll(FILES);
    const index = await (await cache.match('samples/index.json')).json();
    await cache.addAll(index.files.map((name) => `samples/${encodeURIComponent(name)}`));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('gouji-') && key !== VERSION) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(VERSION);
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    } catch (err) {
      const cached = await cache.match(request, { ignoreSearch: true })
        ?? (request.mode === 'navigate' ? await cache.match('./') : undefined);
      if (cached) return cached;
      throw err;
    }
  })());
});
