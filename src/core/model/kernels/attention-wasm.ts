/**
 * Loader for the WebAssembly SIMD attention kernel (wasm/attention.as, built to wasm/attention.wasm by
 * scripts/build-wasm.mjs). The causal attention op is the hottest code on the cpu and wasm backends
 * that tfjs does not run itself; in float32 SIMD it runs several times faster than the JS loops of
 * attention-math.ts, which stay as the fallback where WebAssembly SIMD is missing (or hs is not a
 * multiple of 4).
 *
 * The module has its own memory: inputs are copied in and outputs out (a few MB per call, far below
 * the O(T^2 hs) arithmetic), so it works the same on the cpu backend (JS arrays) and on tfjs-wasm
 * (views on tfjs's heap), threaded or not.
 * Loading is asynchronous and kernels are synchronous, so initBackend awaits `loadAttentionWasm()`
 * before any model runs: which implementation runs never depends on timing.
 */
import type { AttentionDims } from '../attention-math';

/** The smallest module using a SIMD instruction (i8x16.popcnt): validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  scratchBytes(T: number, hs: number): number;
  forward(qkv: number, mask: number, probs: number, y: number, scratch: number, B: number, T: number, H: number, hs: number): void;
  backward(dy: number, qkv: number, probs: number, g: number, scratch: number, B: number, T: number, H: number, hs: number): void;
}

let exports: Exports | null = null;
let loading: Promise<void> | null = null;
/** Why the SIMD kernel is not in use (null while it is). */
let unavailable: string | null = 'not loaded yet';
/** Tests switch the kernel off to exercise the JS fallback. */
let enabled = true;

/** A kernel module's bytes: fetched in the page and worker, read from disk in Node. */
async function wasmBytes(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === 'file:') {
    // Node (CLI, tests): no fetch for file URLs. The module name is a variable so bundlers leave it alone.
    const fs = 'node:fs/promises';
    const { readFile } = (await import(/* @vite-ignore */ fs)) as typeof import('node:fs/promises');
    return readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/**
 * Compiles and instantiates one kernel module (no imports), or says why it cannot run here. `url` must be
 * written as `new URL('./wasm/<name>.wasm', import.meta.url)` at the call site: Vite ships that as an asset.
 */
export async function instantiateKernel<T>(name: string, url: URL): Promise<{ exports: T } | { unavailable: string }> {
  if (!wasmSimdSupported()) return { unavailable: 'this engine has no WebAssembly SIMD' };
  try {
    const instance = await WebAssembly.instantiate(await WebAssembly.compile((await wasmBytes(url)) as BufferSource), {});
    return { exports: instance.exports as unknown as T };
  } catch (e) {
    return { unavailable: `${name} did not load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Lays out arrays of `sizes` floats (or int32s) one after another from the heap base, 16-byte aligned; grows the memory to fit. */
export function layoutArrays(e: { memory: WebAssembly.Memory; heapBase(): number }, sizes: number[]): number[] {
  const offsets: number[] = [];
  let at = (e.heapBase() + 15) & ~15;
  for (const n of sizes) {
    offsets.push(at);
    at += (n * 4 + 15) & ~15;
  }
  const missing = at - e.memory.buffer.byteLength;
  if (missing > 0) e.memory.grow(Math.ceil(missing / 65536));
  return offsets;
}

/** Loads the SIMD kernel once; on failure (no SIMD, blocked fetch) the JS kernel stays in use and `attentionWasmStatus` says why. */
export function loadAttentionWasm(): Promise<void> {
  // Vite recognises this pattern and ships the file as a hashed asset; in Node it is a file URL.
  loading ??= instantiateKernel<Exports>('attention.wasm', new URL('./wasm/attention.wasm', import.meta.url)).then((r) => {
    if ('exports' in r) [exports, unavailable] = [r.exports, null];
    else unavailable = r.unavailable;
  });
  return loading;
}

/** 'wasm-simd' when the SIMD kernel runs attention, else why not (the JS kernel runs). */
export function attentionWasmStatus(): string {
  return enabled && !unavailable ? 'wasm-simd' : `js (${enabled ? unavailable : 'SIMD kernel switched off'})`;
}

export function setAttentionWasmEnabled(on: boolean): void {
  enabled = on;
}

/** `sizes` (in floats) and then the scratch bytes, laid out in the module's memory. */
function layout(e: Exports, sizes: number[], scratch: number): number[] {
  return layoutArrays(e, [...sizes, Math.ceil(scratch / 4)]);
}

const usable = (d: AttentionDims) => enabled && exports !== null && d.hs % 4 === 0;

/**
 * Forward on packed qkv [B*T, 3C] and mask [B, 1, T, T] into y [B*T, C] and probs [B, H, T, T];
 * false (nothing written) when the SIMD kernel is not available for these dims.
 */
export function attentionForwardWasm(d: AttentionDims, qkv: Float32Array, mask: Float32Array, y: Float32Array, probs: Float32Array): boolean {
  if (!usable(d)) return false;
  const e = exports!;
  const [pq, pm, pp, py, ps] = layout(e, [qkv.length, mask.length, probs.length, y.length], e.scratchBytes(d.T, d.hs));
  const heap = new Float32Array(e.memory.buffer);
  heap.set(qkv, pq / 4);
  heap.set(mask, pm / 4);
  e.forward(pq, pm, pp, py, ps, d.B, d.T, d.H, d.hs);
  probs.set(heap.subarray(pp / 4, pp / 4 + probs.length));
  y.set(heap.subarray(py / 4, py / 4 + y.length));
  return true;
}

/** Gradient wrt the packed qkv (g [B*T, 3C]) from dy [B*T, C] and the saved probabilities; false when unavailable. */
export function attentionBackwardWasm(d: AttentionDims, dy: Float32Array, qkv: Float32Array, probs: Float32Array, g: Float32Array): boolean {
  if (!usable(d)) return false;
  const e = exports!;
  const [pd, pq, pp, pg, ps] = layout(e, [dy.length, qkv.length, probs.length, g.length], e.scratchBytes(d.T, d.hs));
  const heap = new Float32Array(e.memory.buffer);
  heap.set(dy, pd / 4);
  heap.set(qkv, pq / 4);
  heap.set(probs, pp / 4);
  e.backward(pd, pq, pp, pg, ps, d.B, d.T, d.H, d.hs);
  g.set(heap.subarray(pg / 4, pg / 4 + g.length));
  return true;
}
