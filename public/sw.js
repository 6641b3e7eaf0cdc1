/*
 * TinyFLAN's service worker: makes the lab usable offline after one visit. The build (the precache
 * plugin in vite.config.ts) replaces the placeholder below with the build's own file list — the page,
 * its JS/CSS, the engine worker chunk, the wasm binaries, the shipped models — and a content hash;
 * installing caches all of it, so the first visit is enough. A new build has a new hash, hence a new
 * cache, and the old one is dropped on activation.
 * Built assets (content-hashed, under assets/) and models are served cache-first; everything else
 * (the page, the models manifest) network-first with the cache as fallback, so a new deployment is
 * picked up as soon as the network is there. Registered only in production.
 * Every response it serves carries COOP/COEP (withIsolation): on a static host that cannot send them,
 * that makes the page cross-origin isolated from its second load on, so tfjs-wasm can run threads.
 * src/main.tsx reloads once after the first install for that (the first load had no worker yet).
 */
const MANIFEST = /*__PRECACHE_MANIFEST__*/ null;
// Unbuilt (public/ served as is): the few files that exist without a build, best effort.
const FALLBACK = { version: 'unbuilt', files: ['./', 'manifest.webmanifest', 'favicon.svg', 'models/manifest.json'] };
const { version, files } = MANIFEST ?? FALLBACK;
const CACHE = `tinyflan-${version}`;
const scope = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => {
      const urls = files.map((path) => new URL(path, scope).href);
      // A built list is complete by construction: all or nothing, so "installed" means "offline-ready".
      if (MANIFEST) return cache.addAll(urls);
      return Promise.all(urls.map((url) => cache.add(url).catch(() => undefined)));
    }),
  );
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

function immutable(url) {
  return url.pathname.includes('/assets/') || url.pathname.endsWith('.safetensors') || url.pathname.endsWith('.wasm');
}

/** The headers vite dev/preview send (vite-plugins/threadedWasm.ts ISOLATION_HEADERS), added where absent. */
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

function withIsolation(response) {
  // Opaque and redirect responses cannot be rebuilt; they pass as they are (none is same-origin here).
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  if (Object.keys(ISOLATION).every((h) => response.headers.has(h))) return response;
  const headers = new Headers(response.headers);
  for (const [h, v] of Object.entries(ISOLATION)) if (!headers.has(h)) headers.set(h, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function cacheFirst(request) {
  const hit = await caches.match(request, { cacheName: CACHE });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (e) {
    // A navigation with a query (a share link) falls back to the page itself.
    const hit = (await caches.match(request, { cacheName: CACHE, ignoreSearch: request.mode === 'navigate' })) ?? (request.mode === 'navigate' ? await caches.match(new URL('./', scope).href, { cacheName: CACHE }) : undefined);
    if (hit) return hit;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== scope.origin) return;
  event.respondWith((immutable(url) ? cacheFirst(event.request) : networkFirst(event.request)).then(withIsolation));
});
