/**
 * `TinyFlanLinear`: x @ W + b as one registered kernel with a registered gradient.
 * Before: a tf.customGrad scope (itself counted as a kernel by tf.profile) around MatMul and a
 * separate bias Add. The kernel delegates to the backend's own `_FusedMatMul` (matmul with the bias
 * added in the same pass: XNNPACK on wasm, the tiled matmul shader on webgpu), giving it the rank-3
 * views that kernel expects (as tf.fused.matMul does). No new arithmetic: only fewer launches.
 * The gradient keeps the transposition choices of ops.ts (fast untransposed products on wasm).
 * {x [N, in], w [in, out], b [out], r? [N, out]} → [N, out]
 * The optional `r` is a residual added to the result (x_next = x + proj(y) in a block): its gradient
 * is dy itself, so fusing it removes the Add and the two Reshapes of Add's gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { registerOn, withShape } from './common';
import { columnSum } from './colsum';

export const LINEAR = 'TinyFlanLinear';
const BACKENDS = ['cpu', 'wasm', 'webgpu'];

let registered = false;

/**
 * Registers the kernel and its gradient. The gradient's products are passed in (from ops.ts) so
 * that this file does not import ops.ts back.
 */
export function registerLinearKernel(grads: {
  matMulBT: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
  matMulAT: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
}): void {
  if (registered) return;
  registered = true;
  for (const backendName of BACKENDS) {
    registerOn(LINEAR, [backendName], ({ inputs, backend }) => {
      const { x, w, b, r } = inputs as Record<string, tf.TensorInfo>;
      const fused = tf.getKernel('_FusedMatMul', backendName);
      if (!fused) throw new Error(`${LINEAR}: backend ${backendName} has no _FusedMatMul`);
      const [N, K] = x.shape;
      const M = w.shape[1];
      const out = fused.kernelFunc({
        inputs: { a: withShape(x, [1, N, K]), b: withShape(w, [1, K, M]), bias: b } as never,
        backend: backend as never,
        attrs: { transposeA: false, transposeB: false, activation: 'linear' } as never,
      }) as tf.TensorInfo;
      if (!r) return withShape(out, [N, M]);
      const add = tf.getKernel('Add', backendName)!;
      const sum = add.kernelFunc({ inputs: { a: withShape(out, [N, M]), b: r } as never, backend: backend as never, attrs: {} }) as tf.TensorInfo;
      (backend as unknown as { disposeData(id: object): void }).disposeData(out.dataId);
      return sum;
    });
  }
  if (!tf.getGradient(LINEAR)) {
    tf.registerGradient({
      kernelName: LINEAR,
      inputsToSave: ['x', 'w'],
      gradFunc: (dy, saved) => {
        const [x, w] = saved as [tf.Tensor2D, tf.Tensor2D];
        const d = dy as tf.Tensor2D;
        return { x: () => grads.matMulBT(d, w), w: () => grads.matMulAT(x, d), b: () => columnSum(d), r: () => d };
      },
    });
  }
}

export function linearFused(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, residual?: tf.Tensor2D): tf.Tensor2D {
  return tf.engine().runKernel(LINEAR, residual ? { x, w, b, r: residual } : { x, w, b }) as tf.Tensor2D;
}
