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

/** Served by Vite as hashed assets; initBackend disables threads, but tfjs still wants all three names. */
const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
};

Comlink.expose(createEngineApi({ baseCheckpoint, wasmPaths: WASM_PATHS, tuneSaves: browserTuneSaves }));
