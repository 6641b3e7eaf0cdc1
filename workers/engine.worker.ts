/**
 * The engine worker: trains in its own thread so the page stays responsive. It exposes the engine's API
 * (workers/engineApi.ts) through Comlink, with the page's base models, wasm binaries and IndexedDB
 * tuning saves; nothing else.
 */
import '../src/browser/cspGuard'; // first: before any zod schema is built (CSP: no eval)
import * as Comlink from 'comlink';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { baseCheckpoint } from './baseCheckpoints';
import { createEngineApi } from './engineApi';
import { browserTuneSaves } from '../src/browser/db';

/** Served by Vite as hashed assets; tfjs wants all three names (the threaded one runs only when isolated). */
const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
};

// One wasm thread per core (tfjs's own default, half of them, is 1 thread on a 2-core machine); the
// page can ask for another count (setWasmThreads). Without cross-origin isolation it is 1 regardless.
const wasmThreads = self.navigator.hardwareConcurrency || 1;

Comlink.expose(createEngineApi({ baseCheckpoint, wasmPaths: WASM_PATHS, tuneSaves: browserTuneSaves, wasmThreads }));
