/**
 * Offline after one visit: the service worker precaches the build's own file list (vite.config.ts →
 * dist/sw.js). The test serves dist/ from its own server so it can really stop serving: one visit,
 * wait until the service worker controls the page with everything cached, close the server (and
 * go offline), reload, and run a small experiment to the end — page, worker chunk, wasm binaries
 * and the base model all come from the cache. The server sends no COOP/COEP, like a plain static host:
 * the service worker adds them, so the page is cross-origin isolated from the reload after install on.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { collectErrors, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, waitForSweep } from './lab-helpers';

/** TINYFLAN_DIST: another build directory (a private build while others rebuild dist/). */
const DIST = process.env.TINYFLAN_DIST ?? join(process.cwd(), 'dist');
const PORT = 4179;
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

function builtFiles(dir = DIST): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? builtFiles(path) : [path.slice(DIST.length + 1)];
  });
}

/** A plain static server for dist/ (vite preview cannot be stopped from inside a test). */
function serveDist(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(DIST, path === '/' ? 'index.html' : decodeURIComponent(path)));
    try {
      if (!file.startsWith(DIST)) throw new Error('outside dist');
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(PORT, '127.0.0.1', () => resolve(server)));
}

test('after one visit the lab works offline: reload and run an experiment to the end', async ({ page, context }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const server = await serveDist();
  let serving = true;
  const stop = () => {
    if (!serving) return;
    serving = false;
    server.closeAllConnections();
    server.close();
  };
  try {
    const origin = `http://127.0.0.1:${PORT}`;
    // Each document load records whether it was isolated (sessionStorage outlives the service worker's reload,
    // which can come before the test could ask the first document itself).
    await page.addInitScript(() => {
      const seen = JSON.parse(sessionStorage.getItem('e2e-isolated-loads') ?? '[]') as boolean[];
      sessionStorage.setItem('e2e-isolated-loads', JSON.stringify([...seen, crossOriginIsolated]));
    });
    await page.goto(`${origin}/`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('TinyFLAN');
    // This server sends no COOP/COEP: the first load is not isolated. Installed means precached (addAll
    // of the built list); claim() makes the worker control the page, and src/main.tsx then reloads once
    // so the page comes through the service worker, which adds the isolation headers.
    await expect.poll(() => page.evaluate(() => crossOriginIsolated && navigator.serviceWorker.controller !== null).catch(() => false)).toBe(true);
    const loads = JSON.parse((await page.evaluate(() => sessionStorage.getItem('e2e-isolated-loads'))) ?? '[]') as boolean[];
    expect(loads[0]).toBe(false); // the first load, straight from the server
    expect(loads.at(-1)).toBe(true); // through the service worker
    await expect(page.getByRole('heading', { level: 1 })).toContainText('TinyFLAN');
    const cached = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((k) => k.startsWith('tinyflan-'));
      const requests = (await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))).flat();
      return requests.map((r) => new URL(r.url).pathname);
    });
    const expected = builtFiles()
      .filter((f) => !f.endsWith('.map') && f !== 'sw.js')
      .map((f) => (f === 'index.html' ? '/' : `/${f}`));
    expect(expected).toEqual(expect.arrayContaining(['/', '/models/nano.safetensors']));
    expect(expected.some((f) => /engine\.worker-.*\.js$/.test(f)) && expected.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(cached.sort()).toEqual(expected.sort());

    stop();
    await context.setOffline(true);
    const errors = collectErrors(page);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('TinyFLAN');
    await setUpTinyMain(page, { backend: 'wasm', steps: 5, evalExamples: 4 });
    await page.getByTestId('run-experiment').click();
    await waitForSweep(page);
    await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
    // Offline the page and its worker come from the cache, still isolated: wasm runs one thread per core.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await expect(page.getByTestId('backend-threads')).toHaveText(`· ${cores} thread${cores === 1 ? '' : 's'}`);
    await expect(page.locator('[data-testid="run-item"][data-status="done"]')).toHaveCount(6);
    expect(errors).toEqual([]);
  } finally {
    await context.setOffline(false);
    stop();
  }
});
