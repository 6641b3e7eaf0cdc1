/**
 * `TinyFlanColSum`: column sums of a matrix, {x [N, C]} → [C] — the bias gradient of every linear
 * layer. Registered for cpu and wasm only: tfjs-wasm's Sum over axis 0 first transposes the whole
 * [N, C] input, then reduces; one pass over the rows is several times faster (WebAssembly SIMD with float64
 * sums where it loaded and C is a multiple of 4, else a JS loop). Other backends use
 * tf.sum (one kernel already).
 */
import * as tf from '@tensorflow/tfjs';
import { hasKernel, JS_BACKENDS, registerOn, runOnArrays } from './common';
import { columnSumWasm } from './elementwise-wasm';

export const COL_SUM = 'TinyFlanColSum';

let registered = false;

function registerColSum(): void {
  if (registered) return;
  registered = true;
  registerOn(COL_SUM, JS_BACKENDS, ({ inputs, backend }) => {
    const { x } = inputs as Record<string, tf.TensorInfo>;
    const [N, C] = x.shape;
    return runOnArrays(backend, [x], [[C]], ([X], [out]) => {
      if (columnSumWasm(X, out, C)) return;
      const acc = new Float64Array(C);
      for (let n = 0; n < N; n++) {
        const off = n * C;
        for (let c = 0; c < C; c++) acc[c] += X[off + c];
      }
      out.set(acc);
    })[0];
  });
}

/** Sum over rows. x [N, C] → [C]; no gradient (used inside gradients only). */
export function columnSum(x: tf.Tensor2D): tf.Tensor1D {
  registerColSum();
  return hasKernel(COL_SUM) ? (tf.engine().runKernel(COL_SUM, { x }) as tf.Tensor1D) : tf.sum(x, 0);
}
