/**
 * How many threads tfjs-wasm runs, and making it run them (issue 16, part 3).
 *
 * More than one thread needs tfjs-wasm's threaded SIMD build, hence SharedArrayBuffer, which a browser
 * offers only on a cross-origin-isolated page (COOP/COEP). Node's tfjs-wasm has no threaded build.
 *
 * tfjs-wasm 4.x caps its XNNPACK pool at navigator.hardwareConcurrency / 2, read once when its wasm
 * module starts (backend.cc: "many x86-64 processors have 2 threads per core"), even after
 * setThreadsCount: on a 2-vCPU machine that is always 1 thread. startWithThreads lets the module see
 * 2 × threads logical cores while it starts, so the cap is the count asked for.
 */
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** Whether this context can run tfjs-wasm's threaded build (a cross-origin-isolated page or worker). */
export function wasmThreadsAllowed(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** The threads the wasm backend will run: what was requested (default 1), where threads are allowed. */
export function wasmThreadCount(requested: number | undefined): number {
  const n = Math.floor(requested ?? 1);
  return n > 1 && wasmThreadsAllowed() ? n : 1;
}

/** Before the wasm backend first starts: one thread → the plain SIMD build; more → the threaded one. */
export function configureWasmThreads(threads: number): void {
  if (threads > 1) setThreadsCount(threads);
  else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // no pthread pool, no SharedArrayBuffer needed
}

/**
 * Runs `start` (tf.setBackend('wasm')) while navigator.hardwareConcurrency reads 2 × threads, so
 * tfjs-wasm's half-the-cores cap does not cut the pool below `threads`; restores it afterwards.
 */
export async function startWithThreads<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (threads <= 1 || !nav) return start();
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => 2 * threads });
  try {
    return await start();
  } finally {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency; // the prototype's getter again
  }
}
