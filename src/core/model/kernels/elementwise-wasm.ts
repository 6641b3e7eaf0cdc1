/**
 * Loader for the WebAssembly SIMD GELU, cross-entropy, 2-D transpose, LayerNorm and column-sum kernels (wasm/elementwise.as, built to
 * wasm/elementwise.wasm by scripts/build-wasm.mjs), used by the cpu/wasm kernels of gelu.ts and
 * cross-entropy.ts; their JS loops stay as the fallback where WebAssembly SIMD is missing or a size is not
 * a multiple of 4. Like attention-wasm.ts: the module has its own memory (inputs copied in, outputs out),
 * and initBackend awaits `loadElementwiseWasm()` before any model runs, so which implementation runs never
 * depends on timing.
 */
import { instantiateKernel, layoutArrays } from './attention-wasm';

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  geluForward(x: number, y: number, n: number): void;
  geluBackward(dy: number, x: number, dx: number, n: number): void;
  xentForward(logits: number, targets: number, out: number, N: number, V: number): void;
  xentBackward(dy: number, logits: number, targets: number, dl: number, N: number, V: number): void;
  transpose2d(src: number, dst: number, R: number, C: number): void;
  layerNormForward(x: number, gain: number, bias: number, y: number, tmp: number, N: number, C: number): void;
  layerNormBackward(dy: number, x: number, gain: number, dx: number, dgain: number, dbias: number, wide: number, tmp: number, N: number, C: number): void;
  columnSum(x: number, out: number, wide: number, N: number, C: number): void;
}

let exports: Exports | null = null;
let loading: Promise<void> | null = null;
let unavailable: string | null = 'not loaded yet';
/** Tests switch the kernels off to exercise the JS fallback. */
let enabled = true;

/** Loads the module once; on failure the JS kernels stay in use and `elementwiseWasmStatus` says why. */
export function loadElementwiseWasm(): Promise<void> {
  loading ??= instantiateKernel<Exports>('elementwise.wasm', new URL('./wasm/elementwise.wasm', import.meta.url)).then((r) => {
    if ('exports' in r) [exports, unavailable] = [r.exports, null];
    else unavailable = r.unavailable;
  });
  return loading;
}

/** 'wasm-simd' when the SIMD kernels run GELU and cross-entropy, else why not. */
export function elementwiseWasmStatus(): string {
  return enabled && !unavailable ? 'wasm-simd' : `js (${enabled ? unavailable : 'SIMD kernels switched off'})`;
}

export function setElementwiseWasmEnabled(on: boolean): void {
  enabled = on;
}

/** The module, if it is loaded and switched on and every size in `sizes` is a multiple of 4 (one SIMD vector). */
function ready(...sizes: number[]): Exports | null {
  return enabled && exports !== null && sizes.every((n) => n % 4 === 0) ? exports : null;
}

/** y = gelu(x); false (nothing written) when the SIMD kernel is not available for this size. */
export function geluForwardWasm(x: Float32Array, y: Float32Array): boolean {
  const e = ready(x.length);
  if (!e) return false;
  const [px, py] = layoutArrays(e, [x.length, y.length]);
  const heap = new Float32Array(e.memory.buffer);
  heap.set(x, px / 4);
  e.geluForward(px, py, x.length);
  y.set(heap.subarray(py / 4, py / 4 + y.length));
  return true;
}

/** dx = dy · gelu'(x); false when unavailable. */
export function geluBackwardWasm(dy: Float32Array, x: Float32Array, dx: Float32Array): boolean {
  const e = ready(x.length);
  if (!e) return false;
  const [pd, px, pg] = layoutArrays(e, [dy.length, x.length, dx.length]);
  const heap = new Float32Array(e.memory.buffer);
  heap.set(dy, pd / 4);
  heap.set(x, px / 4);
  e.geluBackward(pd, px, pg, x.length);
  dx.set(heap.subarray(pg / 4, pg / 4 + dx.length));
  return true;
}

/** Copies targets in as int32 (tfjs hands them over as Int32Array, or floats holding integers). */
function setTargets(e: Exports, at: number, targets: ArrayLike<number>): void {
  new Int32Array(e.memory.buffer, at, targets.length).set(targets);
}

/** out[n] = log softmax(logits[n])[targets[n]] for logits [N, V]; false when unavailable. */
export function targetLogProbWasm(logits: Float32Array, targets: ArrayLike<number>, out: Float32Array, V: number): boolean {
  const e = ready(V);
  if (!e) return false;
  const N = out.length;
  const [pl, pt, po] = layoutArrays(e, [logits.length, N, N]);
  const heap = new Float32Array(e.memory.buffer);
  heap.set(logits, pl / 4);
  setTargets(e, pt, targets);
  e.xentForward(pl, pt, po, N, V);
  out.set(heap.subarray(po / 4, po / 4 + N));
  return true;
}

/** dl = dy · (onehot(targets) - softmax(logits)); false when unavailable. */
export function targetLogProbGradWasm(dy: Float32Array, logits: Float32Array, targets: ArrayLike<number>, dl: Float32Array, V: number): boolean {
  const e = ready(V);
  if (!e) return false;
  const N = dy.length;
  const [pd, pl, pt, pg] = layoutArrays(e, [N, logits.length, N, dl.length]);
  const heap = new Float32Array(e.memory.buffer);
  heap.set(dy, pd / 4);
  heap.set(logits, pl / 4);
  setTargets(e, pt, targets);
  e.xentBackward(pd, pl, pt, pg, N, V);
  dl.set(heap.subarray(pg / 4, pg / 4 + dl.length));
  return true;
}

/** dst [C, R] = src [R, C] transposed; false when unavailable (R or C not a multiple of 4). */
export function transposeWasm(src: Float32Array, dst: Float32Array, R: number, C: number): boolean {
  const e = ready(R, C);
  if (!e) return false;
  const [ps, pd] = layoutArrays(e, [src.length, dst.length]);
  const heap = new Float32Array(e.memory.buffer);
  heap.set(src, ps / 4);
  e.transpose2d(ps, pd, R, C);
  dst.set(heap.subarray(pd / 4, pd / 4 + dst.length));
  return true;
}

/** One LayerNorm (gain and bias [C]) over x [N, C]; false when unavailable (C not a multiple of 4). */
export function layerNormForwardWasm(x: Float32Array, gain: Float32Array, bias: Float32Array, y: Float32Array, C: number): boolean {
  const e = ready(C);
  if (!e || gain.length !== C) return false;
  const N = x.length / C;
  const [px, pg, pb, py, pt] = layoutArrays(e, [x.length, C, C, y.length, 4]);
  const heap = new Float32Array(e.memory.buffer);
  heap.set(x, px / 4);
  heap.set(gain, pg / 4);
  heap.set(bias, pb / 4);
  e.layerNormForward(px, pg, pb, py, pt, N, C);
  y.set(heap.subarray(py / 4, py / 4 + y.length));
  return true;
}

/** Its gradient: dx [N, C], dgain and dbias [C]; false when unavailable. */
export function layerNormBackwardWasm(
  dy: Float32Array,
  x: Float32Array,
  gain: Float32Array,
  dx: Float32Array,
  dgain: Float32Array,
  dbias: Float32Array,
  C: number,
): boolean {
  const e = ready(C);
  if (!e || gain.length !== C) return false;
  const N = x.length / C;
  const [pd, px, pg, pdx, pdg, pdb, pw, pt] = layoutArrays(e, [dy.length, x.length, C, dx.length, C, C, 4 * C, 4]);
  const heap = new Float32Array(e.memory.buffer);
  heap.set(dy, pd / 4);
  heap.set(x, px / 4);
  heap.set(gain, pg / 4);
  e.layerNormBackward(pd, px, pg, pdx, pdg, pdb, pw, pt, N, C);
  dx.set(heap.subarray(pdx / 4, pdx / 4 + dx.length));
  dgain.set(heap.subarray(pdg / 4, pdg / 4 + C));
  dbias.set(heap.subarray(pdb / 4, pdb / 4 + C));
  return true;
}

/** out [C] = column sums of x [N, C]; false when unavailable. */
export function columnSumWasm(x: Float32Array, out: Float32Array, C: number): boolean {
  const e = ready(C);
  if (!e) return false;
  const [px, po, pw] = layoutArrays(e, [x.length, C, 2 * C]);
  const heap = new Float32Array(e.memory.buffer);
  heap.set(x, px / 4);
  e.columnSum(px, po, pw, x.length / C, C);
  out.set(heap.subarray(po / 4, po / 4 + C));
  return true;
}
