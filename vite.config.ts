/**
 * Vite build for the TinyFLAN lab. `vite dev` and `vite preview` send COOP/COEP, so the page is
 * cross-origin isolated and tfjs-wasm runs its threaded SIMD build (public/sw.js adds the same
 * headers on static hosts; without isolation the wasm backend runs one thread). The tfjs wasm
 * binaries are imported with `?url` in the worker, so Vite emits them as hashed assets, and
 * vite-plugins/threadedWasm.ts keeps the threaded build's worker source intact through minification.
 *
 * Two small plugins harden the built app (issue 17):
 * - csp: the Content-Security-Policy, as a <meta> tag in the built index.html (static hosts) and as
 *   a header from `vite preview` (which also covers the worker and the service worker scripts, whose
 *   policy comes from their own response headers). Build only: the dev server's React refresh
 *   preamble is an inline script.
 * - precache: writes the build's own file list (and a content hash as the cache version) into
 *   dist/sw.js, so one visit caches everything the lab needs offline.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { ISOLATION_HEADERS, threadedWasmPlugin } from './vite-plugins/threadedWasm.ts';

/**
 * Scripts only from this origin, never inline ('unsafe-inline' absent: an injected <script> or
 * onerror= does not run); 'wasm-unsafe-eval' lets tfjs-wasm compile its binaries (it allows
 * WebAssembly compilation only, not eval). blob: in script-src and worker-src is for tfjs-wasm's threaded
 * build alone: it starts its pthread workers from blob: URLs it creates itself (a blob: URL can only be
 * made by code already running on this page, so it opens no way in for injected markup). Styles allow inline style attributes: React and recharts
 * set them, and they cannot run code.
 */
const CSP_DIRECTIVES: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self' 'wasm-unsafe-eval' blob:",
  'worker-src': "'self' blob:",
  'connect-src': "'self'",
  'img-src': "'self' data: blob:",
  'style-src': "'self' 'unsafe-inline'",
  'font-src': "'self'",
  'manifest-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
};
const csp = (extra: Record<string, string> = {}) =>
  Object.entries({ ...CSP_DIRECTIVES, ...extra })
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
/** frame-ancestors works only as a header (a <meta> copy would log an error). */
export const CSP_HEADER = csp({ 'frame-ancestors': "'none'" });
export const CSP_META = csp();

function cspPlugin(): Plugin {
  return {
    name: 'tinyflan-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP_META }, injectTo: 'head-prepend' }],
  };
}

/** The placeholder in public/sw.js that the build replaces with { version, files }. */
const PRECACHE_PLACEHOLDER = '/*__PRECACHE_MANIFEST__*/ null';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

function precachePlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'tinyflan-precache',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After every file (the worker chunk, wasm binaries, public/ copies) is on disk: the list is
    // what was really built, not a hand-kept copy of it.
    closeBundle() {
      const swPath = join(outDir, 'sw.js');
      const sw = readFileSync(swPath, 'utf8');
      if (!sw.includes(PRECACHE_PLACEHOLDER)) throw new Error('public/sw.js lacks the precache placeholder');
      const hash = createHash('sha256');
      const files = listFiles(outDir)
        .map((f) => relative(outDir, f).split(sep).join('/'))
        .filter((f) => !f.endsWith('.map') && f !== 'sw.js')
        .sort()
        .map((f) => {
          hash.update(f).update(readFileSync(join(outDir, f)));
          return f === 'index.html' ? './' : f; // the page is requested as the scope URL
        });
      const manifest = { version: hash.digest('hex').slice(0, 16), files };
      writeFileSync(swPath, sw.replace(PRECACHE_PLACEHOLDER, JSON.stringify(manifest)));
    },
  };
}

export default defineConfig({
  plugins: [react(), cspPlugin(), precachePlugin(), threadedWasmPlugin()],
  // Worker bundles get only worker.plugins: the engine worker is where tfjs-wasm runs.
  worker: { format: 'es', plugins: () => [threadedWasmPlugin()] },
  build: {
    target: 'es2022',
    sourcemap: true,
    // tfjs alone is >1 MB minified and lives in the worker chunk; that is expected.
    chunkSizeWarningLimit: 4000,
    // Never inline a .wasm as a data: URL (the CSP's connect-src does not allow fetching data:); the
    // attention kernel is under the 4 kB default limit.
    assetsInlineLimit: (file) => (file.endsWith('.wasm') ? false : undefined),
  },
  server: { host: '127.0.0.1', port: 5173, headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, headers: { 'Content-Security-Policy': CSP_HEADER, ...ISOLATION_HEADERS } },
});
