/**
 * Keeps tfjs-wasm's threaded SIMD build working in a production bundle (issue 16, part 3).
 *
 * The threaded build starts its pthread workers from SOURCE TEXT: tfjs-backend-wasm puts
 * `wasmFactoryThreadedSimd.toString()` into a blob: URL, and every worker importScripts() it. In a
 * minified bundle that function is no longer Emscripten's self-contained factory: the minifier renames
 * and hoists what it refers to into the surrounding chunk, so the worker's copy references names that
 * do not exist there and the pool never starts. This plugin replaces the toString() with the
 * factory's original file, verbatim, as a string literal (minifiers never touch string contents).
 * It fails the build if tfjs's code changed shape, rather than shipping a threaded build that breaks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** The expression in tfjs-backend-wasm/dist/backend_wasm.js (4.x) that builds the worker's source. */
const FACTORY_SOURCE_EXPRESSION = /`var WasmBackendModuleThreadedSimd = `\s*\+\s*wasmFactoryThreadedSimd\.toString\(\)/;
const BACKEND_MODULE = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;

function factorySource(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return readFileSync(pkg.replace(/package\.json$/, 'wasm-out/tfjs-backend-wasm-threaded-simd.js'), 'utf8');
}

export function threadedWasmPlugin(): Plugin {
  return {
    name: 'tinyflan-threaded-wasm-source',
    apply: 'build',
    transform(code, id) {
      if (!BACKEND_MODULE.test(id.split('?')[0])) return null;
      if (!FACTORY_SOURCE_EXPRESSION.test(code)) {
        throw new Error(`${id}: the threaded wasm factory's toString() is not where tinyflan-threaded-wasm-source expects it (tfjs changed?)`);
      }
      // The original file declares `var WasmBackendModuleThreadedSimd = ...` itself, as the worker expects.
      return { code: code.replace(FACTORY_SOURCE_EXPRESSION, () => JSON.stringify(factorySource())), map: null };
    },
  };
}

/**
 * Cross-origin isolation (SharedArrayBuffer, hence wasm threads): the page and everything it loads are
 * same-origin, so require-corp costs nothing. Sent by `vite dev`/`vite preview`; public/sw.js adds the
 * same two headers on static hosts that cannot send them.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
