/*
 * TinyFLAN's service worker: makes the lab usable offline. Built assets (content-hashed, under
 * assets/) and model checkpoints never change under the same URL, so they are served cache-first;
 * everything else (the page, the models manifest) is network-first with the cache as fallback, so
 * a new deployment is picked up as soon as the network is there. Registered only in production.
 */
const CACHE = 'tinyflan-v1';
const scope = new URL(self.registration.scope);
const PRECACHE = ['./', 'manifest.webmanifest', 'favicon.svg', 'models/manifest.json', 'models/nano.safetensors', 'models/micro.safetensors'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // One missing file (a model not generated yet) must not fail the whole install.
      Promise.all(PRECACHE.map((path) => cache.add(new URL(path, scope)).catch(() => undefined))),
    ),
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

async function cacheFirst(request) {
  const hit = await caches.match(request);
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
    const hit = (await caches.match(request)) ?? (request.mode === 'navigate' ? await caches.match(new URL('./', scope)) : undefined);
    if (hit) return hit;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== scope.origin) return;
  event.respondWith(immutable(url) ? cacheFirst(event.request) : networkFirst(event.request));
});
