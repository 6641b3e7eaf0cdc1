/**
 * Fused AdamW: the whole update of one parameter (gradient clip scale, m, v, bias corrections,
 * decoupled weight decay) in one kernel, and the global gradient norm of all parameters in one
 * kernel. Before: ~14 kernels per parameter plus ~3 per parameter for the norm (a tree of adds,
 * because webgpu AddN breaks past 7 inputs).
 *
 * Kernels (registered for cpu and wasm here, for webgpu in adamw.webgpu.ts):
 * - `TinyFlanGradNorm`: inputs g0..g{n-1}; attrs {maxNorm}; outputs [norm, scale], both scalars,
 *   norm = ||g||_2 over all inputs, scale = min(1, maxNorm / (norm + 1e-6)) (torch clip_grad_norm_).
 * - `TinyFlanAdamW`: inputs {scale, p0, m0, v0, g0, p1, ...} (every parameter at once); attrs
 *   {beta1, beta2, eps, decays: one per parameter, bc2, stepSize}; outputs [p0', m0', v0', p1', ...]:
 *     g' = g * scale; m' = b1 m + (1 - b1) g'; v' = b2 v + (1 - b2) g'^2
 *     p' = p * decay - stepSize * m' / (sqrt(v') / bc2 + eps)
 *   with decay = 1 - lr wd (1 for vectors), bc2 = sqrt(1 - b2^t), stepSize = lr / (1 - b1^t): the
 *   same arithmetic, in the same order, as the stock-op version in model/adamw.ts.
 * Neither has a gradient: they run outside the tape.
 */
import * as tf from '@tensorflow/tfjs';
import { JS_BACKENDS, registerOn, runOnArrays } from './common';
import { registerAdamWWebGPU } from './adamw.webgpu';

export const GRAD_NORM = 'TinyFlanGradNorm';
export const ADAMW = 'TinyFlanAdamW';

export interface AdamWAttrs {
  beta1: number;
  beta2: number;
  eps: number;
  /** Multiplier of each p before the step: 1 - lr * weightDecay, or 1 where no decay applies. */
  decays: number[];
  /** sqrt(1 - beta2^t) */
  bc2: number;
  /** lr / (1 - beta1^t) */
  stepSize: number;
}

/**
 * Gradient norms and clip scales of K models whose gradients are the K equal blocks of each array
 * (norms.length = K): K = 1 is the global norm of one model, K > 1 the stacked models' (train/stacked.ts).
 */
export function gradNormsJS(grads: Float32Array[], maxNorm: number, norms: Float32Array, scales: Float32Array): void {
  const K = norms.length;
  for (let k = 0; k < K; k++) {
    let sum = 0;
    for (const g of grads) {
      const n = g.length / K;
      for (let i = k * n; i < (k + 1) * n; i++) sum += g[i] * g[i];
    }
    const norm = Math.fround(Math.sqrt(sum));
    norms[k] = norm;
    scales[k] = Math.min(1, maxNorm / (norm + 1e-6));
  }
}

/** The AdamW update of elements [from, to) of one parameter, its gradient scaled by `scale`. */
export function adamwJS(
  a: Pick<AdamWAttrs, 'beta1' | 'beta2' | 'eps' | 'bc2' | 'stepSize'>,
  decay: number,
  p: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  scale: number,
  p2: Float32Array,
  m2: Float32Array,
  v2: Float32Array,
  from = 0,
  to = p.length,
): void {
  const { beta1, beta2, eps, bc2, stepSize } = a;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let i = from; i < to; i++) {
    const gi = g[i] * scale;
    const mi = beta1 * m[i] + c1 * gi;
    const vi = beta2 * v[i] + c2 * gi * gi;
    m2[i] = mi;
    v2[i] = vi;
    p2[i] = p[i] * decay - (mi / (Math.sqrt(vi) / bc2 + eps)) * stepSize;
  }
}

let registered = false;

export function registerAdamWKernels(): void {
  if (registered) return;
  registered = true;
  registerOn(GRAD_NORM, JS_BACKENDS, ({ inputs, backend, attrs }) => {
    const list = Object.keys(inputs)
      .sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))
      .map((k) => inputs[k] as tf.TensorInfo);
    return runOnArrays(backend, list, [[], []], (gs, [norm, scale]) => gradNormsJS(gs, (attrs as unknown as { maxNorm: number }).maxNorm, norm, scale));
  });
  registerOn(ADAMW, JS_BACKENDS, ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as AdamWAttrs;
    const [scale, groups] = adamwInputs(inputs as Record<string, tf.TensorInfo>, a.decays.length);
    const shapes = groups.flatMap(([p]) => [p.shape, p.shape, p.shape]);
    return runOnArrays(backend, [scale, ...groups.flat()], shapes, ([S, ...ins], outs) => {
      for (let k = 0; k < groups.length; k++) {
        const [P, M, V, G] = ins.slice(4 * k, 4 * k + 4);
        adamwJS(a, a.decays[k], P, M, V, G, S[0], outs[3 * k], outs[3 * k + 1], outs[3 * k + 2]);
      }
    });
  });
  registerAdamWWebGPU(GRAD_NORM, ADAMW);
}

/** The AdamW kernel's inputs: the clip scale, and [p, m, v, g] of each parameter in order. */
export function adamwInputs(inputs: Record<string, tf.TensorInfo>, n: number): [tf.TensorInfo, tf.TensorInfo[][]] {
  const groups = Array.from({ length: n }, (_, k) => ['p', 'm', 'v', 'g'].map((x) => inputs[`${x}${k}`]));
  return [inputs.scale, groups];
}

/** Global L2 norm of all gradients and the clip scale, as two scalars (one kernel). */
export function fusedGradNorm(grads: tf.Tensor[], maxNorm: number): [tf.Scalar, tf.Scalar] {
  registerAdamWKernels();
  const inputs: Record<string, tf.Tensor> = {};
  grads.forEach((g, i) => (inputs[`g${i}`] = g));
  return tf.engine().runKernel(GRAD_NORM, inputs, { maxNorm } as never) as unknown as [tf.Scalar, tf.Scalar];
}

/** One AdamW step of every parameter (one kernel): → [[p', m', v'] per parameter]. */
export function fusedAdamW(params: [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor][], scale: tf.Scalar, attrs: AdamWAttrs): [tf.Tensor, tf.Tensor, tf.Tensor][] {
  registerAdamWKernels();
  const inputs: Record<string, tf.Tensor> = { scale };
  params.forEach(([p, m, v, g], k) => Object.assign(inputs, { [`p${k}`]: p, [`m${k}`]: m, [`v${k}`]: v, [`g${k}`]: g }));
  const outs = tf.engine().runKernel(ADAMW, inputs, attrs as never) as unknown as tf.Tensor[];
  return params.map((_, k) => [outs[3 * k], outs[3 * k + 1], outs[3 * k + 2]]);
}
