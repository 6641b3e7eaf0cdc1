/**
 * Fused LayerNorm over the last axis (eps 1e-5, biased variance, as torch.nn.LayerNorm), with its
 * gradient as a second fused kernel. Before: moments, sub, rsqrt, mul, add... ~9 kernels forward and
 * ~20 backward per LayerNorm; now 1 + 1.
 *
 * - `TinyFlanLayerNorm`: {x [N, C], gain [C], bias [C]} → y [N, C]
 * - `TinyFlanLayerNormGrad`: {dy, x, gain} → [dx, dgain, dbias]. The row statistics are recomputed
 *   from x (one cheap pass) rather than saved, so the forward kernel keeps a single output.
 *   With xhat = (x - mean) * rstd and g = dy * gain:
 *     dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),  dgain = sum_rows(dy * xhat),  dbias = sum_rows(dy)
 * cpu/wasm here: WebAssembly SIMD (elementwise-wasm.ts; float32 rows, float64 column sums) for one LayerNorm
 * where it loaded and C is a multiple of 4, else JS with float64 accumulators (and always for K stacked
 * LayerNorms); webgpu in layernorm.webgpu.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { JS_BACKENDS, registerOn, runOnArrays } from './common';
import { registerLayerNormWebGPU } from './layernorm.webgpu';
import { layerNormBackwardWasm, layerNormForwardWasm } from './elementwise-wasm';

export const LAYER_NORM = 'TinyFlanLayerNorm';
export const LAYER_NORM_GRAD = 'TinyFlanLayerNormGrad';
export const LN_EPS = 1e-5;

function rowStats(x: Float32Array, off: number, C: number): [number, number] {
  let mean = 0;
  for (let c = 0; c < C; c++) mean += x[off + c];
  mean /= C;
  let v = 0;
  for (let c = 0; c < C; c++) {
    const d = x[off + c] - mean;
    v += d * d;
  }
  return [mean, 1 / Math.sqrt(v / C + LN_EPS)];
}

/**
 * x [K*N, C] in K blocks of rows, block k normalised with gain/bias row k ([K, C]); K = 1 is the plain
 * LayerNorm, K > 1 the stacked models' (src/core/train/stacked.ts): one arithmetic for both.
 */
export function layerNormForwardJS(x: Float32Array, gain: Float32Array, bias: Float32Array, y: Float32Array, C: number, K = 1): void {
  const perModel = x.length / K;
  for (let k = 0; k < K; k++) {
    const gk = k * C;
    for (let off = k * perModel; off < (k + 1) * perModel; off += C) {
      const [mean, rstd] = rowStats(x, off, C);
      for (let c = 0; c < C; c++) y[off + c] = (x[off + c] - mean) * rstd * gain[gk + c] + bias[gk + c];
    }
  }
}

/** The gradient of layerNormForwardJS: dx [K*N, C], dgain and dbias [K, C] (float64 accumulators per block). */
export function layerNormBackwardJS(
  dy: Float32Array,
  x: Float32Array,
  gain: Float32Array,
  dx: Float32Array,
  dgain: Float32Array,
  dbias: Float32Array,
  C: number,
  K = 1,
): void {
  const perModel = x.length / K;
  for (let k = 0; k < K; k++) {
    const dg = new Float64Array(C);
    const db = new Float64Array(C);
    const gk = k * C;
    for (let off = k * perModel; off < (k + 1) * perModel; off += C) {
      const [mean, rstd] = rowStats(x, off, C);
      let a = 0;
      let b = 0;
      for (let c = 0; c < C; c++) {
        const xhat = (x[off + c] - mean) * rstd;
        const g = dy[off + c] * gain[gk + c];
        a += g;
        b += g * xhat;
        dg[c] += dy[off + c] * xhat;
        db[c] += dy[off + c];
      }
      a /= C;
      b /= C;
      for (let c = 0; c < C; c++) {
        const xhat = (x[off + c] - mean) * rstd;
        dx[off + c] = rstd * (dy[off + c] * gain[gk + c] - a - xhat * b);
      }
    }
    dgain.set(dg, gk);
    dbias.set(db, gk);
  }
}

let registered = false;

export function registerLayerNormKernels(): void {
  if (registered) return;
  registered = true;
  registerOn(LAYER_NORM, JS_BACKENDS, ({ inputs, backend }) => {
    const { x, gain, bias } = inputs as Record<string, tf.TensorInfo>;
    const C = x.shape[x.shape.length - 1];
    return runOnArrays(backend, [x, gain, bias], [x.shape], ([X, G, B], [y]) => {
      if (!layerNormForwardWasm(X, G, B, y, C)) layerNormForwardJS(X, G, B, y, C);
    })[0];
  });
  registerOn(LAYER_NORM_GRAD, JS_BACKENDS, ({ inputs, backend }) => {
    const { dy, x, gain } = inputs as Record<string, tf.TensorInfo>;
    const C = x.shape[x.shape.length - 1];
    return runOnArrays(backend, [dy, x, gain], [x.shape, gain.shape, gain.shape], ([DY, X, G], [dx, dg, db]) => {
      if (!layerNormBackwardWasm(DY, X, G, dx, dg, db, C)) layerNormBackwardJS(DY, X, G, dx, dg, db, C);
    });
  });
  registerLayerNormWebGPU(LAYER_NORM, LAYER_NORM_GRAD);
  if (!tf.getGradient(LAYER_NORM))
    tf.registerGradient({
      kernelName: LAYER_NORM,
      inputsToSave: ['x', 'gain'],
      gradFunc: (dy, saved) => {
        const [x, gain] = saved;
        const [dx, dgain, dbias] = tf.engine().runKernel(LAYER_NORM_GRAD, { dy: dy as tf.Tensor, x, gain }) as tf.Tensor[];
        return { x: () => dx, gain: () => dgain, bias: () => dbias };
      },
    });
}

/** LayerNorm as one kernel (gradient: one kernel). x [N, C], gain [C], bias [C] → [N, C] */
export function layerNormFused(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor2D {
  registerLayerNormKernels();
  return tf.engine().runKernel(LAYER_NORM, { x, gain, bias }) as tf.Tensor2D;
}
