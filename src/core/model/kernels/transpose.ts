/**
 * `TinyFlanTranspose`: a 2-D transpose, {x [R, C]} → [C, R], for cpu and wasm. tfjs-wasm runs MatMul
 * fast only untransposed (ops.ts), so every transposed product there pays an explicit transpose, and
 * tfjs-wasm's own Transpose costs ~15 ns per float on this machine (a [4096, 1024] gradient: 62 ms).
 * This one runs the WebAssembly SIMD kernel (elementwise-wasm.ts) where it loaded and the sizes are
 * multiples of 4, else a cache-tiled JS loop; both only move values, so the result is exact.
 * Its gradient is the transpose of dy.
 */
import * as tf from '@tensorflow/tfjs';
import { hasKernel, JS_BACKENDS, registerOn, runOnArrays } from './common';
import { transposeWasm } from './elementwise-wasm';

export const TRANSPOSE = 'TinyFlanTranspose';
const TILE = 32;

let registered = false;

/** dst [C, R] = src [R, C], in TILE × TILE blocks (a plain row-by-row loop is ~3× slower: strided writes). */
export function transposeJS(src: Float32Array, dst: Float32Array, R: number, C: number): void {
  for (let r0 = 0; r0 < R; r0 += TILE) {
    const r1 = Math.min(R, r0 + TILE);
    for (let c0 = 0; c0 < C; c0 += TILE) {
      const c1 = Math.min(C, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        const o = r * C;
        for (let c = c0; c < c1; c++) dst[c * R + r] = src[o + c];
      }
    }
  }
}

function registerTranspose(): void {
  if (registered) return;
  registered = true;
  registerOn(TRANSPOSE, JS_BACKENDS, ({ inputs, backend }) => {
    const { x } = inputs as Record<string, tf.TensorInfo>;
    const [R, C] = x.shape;
    return runOnArrays(backend, [x], [[C, R]], ([X], [out]) => {
      if (!transposeWasm(X, out, R, C)) transposeJS(X, out, R, C);
    })[0];
  });
  if (!tf.getGradient(TRANSPOSE)) {
    tf.registerGradient({
      kernelName: TRANSPOSE,
      gradFunc: (dy) => ({ x: () => transpose2d(dy as tf.Tensor2D) }),
    });
  }
}

/** x^T for a float32 matrix: the kernel above on cpu/wasm, tf.transpose elsewhere. */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  registerTranspose();
  return hasKernel(TRANSPOSE) && x.dtype === 'float32' ? (tf.engine().runKernel(TRANSPOSE, { x }) as tf.Tensor2D) : tf.transpose(x);
}
