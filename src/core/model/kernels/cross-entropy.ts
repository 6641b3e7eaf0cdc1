/**
 * Fused cross-entropy: the log-probability of each row's target under softmax(logits), and its
 * gradient. Before: logSoftmax (max, sub, exp, sum, log, sub), oneHot, cast, mul, sum forward and
 * about as many kernels backward, over the largest activation of the model ([B*T, V]).
 *
 * - `TinyFlanTargetLogProb`: {logits [N, V], targets int32 [N]} → logp [N],
 *     logp[n] = logits[n, t] - max_n - log(sum_v exp(logits[n, v] - max_n))
 * - `TinyFlanTargetLogProbGrad`: {dy [N], logits, targets} → dlogits [N, V],
 *     dlogits[n, v] = dy[n] * ([v == t] - softmax(logits[n])[v])
 * cpu/wasm here: WebAssembly SIMD (elementwise-wasm.ts, float32) where it loaded, else JS with float64
 * accumulators; webgpu in cross-entropy.webgpu.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { JS_BACKENDS, registerOn, runOnArrays } from './common';
import { registerCrossEntropyWebGPU } from './cross-entropy.webgpu';
import { expNeg } from './fast-math';
import { targetLogProbGradWasm, targetLogProbWasm } from './elementwise-wasm';

export const TARGET_LOGP = 'TinyFlanTargetLogProb';
export const TARGET_LOGP_GRAD = 'TinyFlanTargetLogProbGrad';

/** max and log-sum-exp of one row. */
function rowLse(x: Float32Array, off: number, V: number): [number, number] {
  let max = -Infinity;
  for (let v = 0; v < V; v++) if (x[off + v] > max) max = x[off + v];
  let sum = 0;
  for (let v = 0; v < V; v++) sum += expNeg(x[off + v] - max);
  return [max, Math.log(sum)];
}

function forwardJS(logits: Float32Array, targets: Float32Array, out: Float32Array, V: number): void {
  for (let n = 0; n < out.length; n++) {
    const [max, lse] = rowLse(logits, n * V, V);
    out[n] = logits[n * V + targets[n]] - max - lse;
  }
}

function backwardJS(dy: Float32Array, logits: Float32Array, targets: Float32Array, dl: Float32Array, V: number): void {
  for (let n = 0; n < dy.length; n++) {
    const off = n * V;
    let max = -Infinity;
    for (let v = 0; v < V; v++) if (logits[off + v] > max) max = logits[off + v];
    // One exp per element: keep exp(x - max) in the output, then scale by -dy / sum.
    let sum = 0;
    for (let v = 0; v < V; v++) {
      const e = expNeg(logits[off + v] - max);
      dl[off + v] = e;
      sum += e;
    }
    const k = -dy[n] / sum;
    for (let v = 0; v < V; v++) dl[off + v] *= k;
    dl[off + targets[n]] += dy[n];
  }
}

let registered = false;

export function registerCrossEntropyKernels(): void {
  if (registered) return;
  registered = true;
  registerOn(TARGET_LOGP, JS_BACKENDS, ({ inputs, backend }) => {
    const { logits, targets } = inputs as Record<string, tf.TensorInfo>;
    return runOnArrays(backend, [logits, targets], [[logits.shape[0]]], ([L, T], [out]) => {
      if (!targetLogProbWasm(L, T, out, logits.shape[1])) forwardJS(L, T, out, logits.shape[1]);
    })[0];
  });
  registerOn(TARGET_LOGP_GRAD, JS_BACKENDS, ({ inputs, backend }) => {
    const { dy, logits, targets } = inputs as Record<string, tf.TensorInfo>;
    return runOnArrays(backend, [dy, logits, targets], [logits.shape], ([DY, L, T], [dl]) => {
      if (!targetLogProbGradWasm(DY, L, T, dl, logits.shape[1])) backwardJS(DY, L, T, dl, logits.shape[1]);
    })[0];
  });
  registerCrossEntropyWebGPU(TARGET_LOGP, TARGET_LOGP_GRAD);
  if (!tf.getGradient(TARGET_LOGP)) {
    tf.registerGradient({
      kernelName: TARGET_LOGP,
      inputsToSave: ['logits', 'targets'],
      gradFunc: (dy, saved) => {
        const [logits, targets] = saved;
        return {
          logits: () => tf.engine().runKernel(TARGET_LOGP_GRAD, { dy: dy as tf.Tensor, logits, targets }) as tf.Tensor,
          targets: () => tf.zerosLike(targets), // integer ids: never differentiated (pruned from the tape)
        };
      },
    });
  }
}

/** log softmax(logits)[n, targets[n]] as one kernel (gradient: one kernel). [N, V], [N] int32 → [N] */
export function targetLogProbsFused(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  registerCrossEntropyKernels();
  return tf.engine().runKernel(TARGET_LOGP, { logits, targets }) as tf.Tensor1D;
}
