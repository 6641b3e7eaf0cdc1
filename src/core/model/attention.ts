/**
 * Causal self-attention core: softmax(q k^T * scale + mask) v, per head.
 *
 * Two implementations with one meaning:
 * - `attentionComposite`: stock tfjs ops (batched MatMul, softmax); used on webgpu and webgl.
 * - a fused kernel registered for the wasm and cpu backends (`TinyFlanAttention`, with its gradient
 *   `TinyFlanAttentionGrad`). tfjs-wasm runs batched MatMul on a slow naive loop, and this op is
 *   dominated by it; a plain loop over heads that skips masked keys is several times faster and
 *   launches 1 kernel instead of ~15.
 * Inputs are [B*T, C] (heads side by side, as the c_attn projection produces them); output the same.
 */
import * as tf from '@tensorflow/tfjs';
import { attentionBackward, attentionForward, type AttentionDims } from './attention-math';

const FWD = 'TinyFlanAttention';
const BWD = 'TinyFlanAttentionGrad';

type KernelBackend = {
  typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array;
  makeOutput?: (shape: number[], dtype: 'float32') => tf.TensorInfo;
  data?: { get(id: object): { values: Float32Array } };
  makeTensorInfo?: (shape: number[], dtype: 'float32', values: Float32Array) => tf.TensorInfo;
};

/**
 * Runs `compute` on plain arrays: inputs and freshly zeroed outputs. On wasm the arrays are views on
 * the module's heap, taken only after every output is allocated (an allocation can grow the heap
 * and detach earlier views).
 */
function runOnArrays(backend: KernelBackend, inputs: tf.TensorInfo[], outShapes: number[][], compute: (ins: Float32Array[], outs: Float32Array[]) => void): tf.TensorInfo[] {
  if (backend.makeOutput && backend.typedArrayFromHeap) {
    const infos = outShapes.map((shape) => backend.makeOutput!(shape, 'float32'));
    const ins = inputs.map((t) => backend.typedArrayFromHeap!(t));
    const outs = infos.map((t) => backend.typedArrayFromHeap!(t).fill(0));
    compute(ins, outs);
    return infos;
  }
  const outs = outShapes.map((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)));
  compute(
    inputs.map((t) => backend.data!.get(t.dataId).values),
    outs,
  );
  return outs.map((values, i) => backend.makeTensorInfo!(outShapes[i], 'float32', values));
}

let registered = false;
const FUSED_BACKENDS = ['wasm', 'cpu'];

function registerKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({
      kernelName: FWD,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as KernelBackend;
        const { q, k, v, mask } = inputs as Record<string, tf.TensorInfo>;
        const dims = attrs as unknown as AttentionDims;
        const shapes = [[dims.B * dims.T, dims.H * dims.hs], [dims.B, dims.H, dims.T, dims.T]];
        return runOnArrays(b, [q, k, v, mask], shapes, ([Q, K, V, M], [y, probs]) => attentionForward(dims, Q, K, V, M, probs, y));
      },
    });
    tf.registerKernel({
      kernelName: BWD,
      backendName,
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as KernelBackend;
        const { dy, q, k, v, att } = inputs as Record<string, tf.TensorInfo>;
        const dims = attrs as unknown as AttentionDims;
        const shape = [dims.B * dims.T, dims.H * dims.hs];
        return runOnArrays(b, [dy, q, k, v, att], [shape, shape, shape], ([DY, Q, K, V, P], [dq, dk, dv]) =>
          attentionBackward(dims, DY, Q, K, V, P, dq, dk, dv),
        );
      },
    });
  }
}

/** Stock-op attention. q, k, v [B*T, C]; mask [B, 1, T, T] → [B*T, C] */
export function attentionComposite(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, mask: tf.Tensor4D, nHead: number): tf.Tensor2D {
  const [B, , T] = mask.shape;
  const C = q.shape[1];
  const hs = C / nHead;
  const heads = (t: tf.Tensor2D) => tf.transpose(tf.reshape(t, [B, T, nHead, hs]), [0, 2, 1, 3]); // [B, H, T, hs]
  const att = tf.softmax(tf.add(tf.mul(tf.matMul(heads(q), heads(k), false, true), 1 / Math.sqrt(hs)), mask)); // [B, H, T, T]
  return tf.reshape(tf.transpose(tf.matMul(att, heads(v)), [0, 2, 1, 3]), [B * T, C]);
}

/** The fused kernel with its gradient (wasm and cpu only). */
export function attentionFused(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, mask: tf.Tensor4D, nHead: number): tf.Tensor2D {
  registerKernels();
  const [B, , T] = mask.shape;
  const C = q.shape[1];
  const dims: AttentionDims = { B, T, H: nHead, hs: C / nHead };
  const f = tf.customGrad(((qi: tf.Tensor, ki: tf.Tensor, vi: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, att] = tf.engine().runKernel(FWD, { q: qi, k: ki, v: vi, mask }, dims as never) as tf.Tensor[];
    save([qi, ki, vi, att]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [qs, ks, vs, atts] = saved;
        return tf.engine().runKernel(BWD, { dy, q: qs, k: ks, v: vs, att: atts }, dims as never) as tf.Tensor[];
      },
    };
  }) as never) as (a: tf.Tensor2D, b: tf.Tensor2D, c: tf.Tensor2D) => tf.Tensor2D;
  return f(q, k, v);
}

/** Picks the fastest correct implementation for the current backend. */
export function attention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, mask: tf.Tensor4D, nHead: number): tf.Tensor2D {
  return FUSED_BACKENDS.includes(tf.getBackend()) ? attentionFused(q, k, v, mask, nHead) : attentionComposite(q, k, v, mask, nHead);
}
