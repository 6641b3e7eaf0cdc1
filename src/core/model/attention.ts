/**
 * Causal self-attention core: softmax(q k^T * scale + mask) v, per head.
 *
 * Two implementations with one meaning:
 * - `attentionComposite`: stock tfjs ops (batched MatMul, softmax); used on backends without the
 *   fused kernel (webgl) and as the reference in tests.
 * - a fused kernel (`TinyFlanAttention`, with its gradient `TinyFlanAttentionGrad`): on wasm and cpu
 *   WebAssembly SIMD (kernels/attention-wasm.ts) where the engine has it, else plain JS loops
 *   (attention-math.ts); WGSL on webgpu (kernels/attention.webgpu.ts). tfjs-wasm runs
 *   batched MatMul on a slow naive loop, and this op is dominated by it; a plain loop over heads that
 *   skips masked keys is several times faster, and on every backend 1 kernel replaces ~15.
 * The fused kernel reads q, k, v straight from the packed c_attn output [B*T, 3C] (q | k | v, heads
 * side by side) and its gradient writes one packed [B*T, 3C] array: no slices, no concat.
 */
import * as tf from '@tensorflow/tfjs';
import { attentionBackward, attentionForward, type AttentionDims } from './attention-math';
import { hasKernel, JS_BACKENDS, registerOn, runOnArrays } from './kernels/common';
import { registerAttentionWebGPU } from './kernels/attention.webgpu';
import { attentionBackwardWasm, attentionForwardWasm } from './kernels/attention-wasm';

export const ATTENTION = 'TinyFlanAttention';
const ATTENTION_GRAD = 'TinyFlanAttentionGrad';

let registered = false;

function registerKernels(): void {
  if (registered) return;
  registered = true;
  registerOn(ATTENTION, JS_BACKENDS, ({ inputs, backend, attrs }) => {
    const { qkv, mask } = inputs as Record<string, tf.TensorInfo>;
    const d = attrs as unknown as AttentionDims;
    const C = d.H * d.hs;
    const shapes = [
      [d.B * d.T, C],
      [d.B, d.H, d.T, d.T],
    ];
    return runOnArrays(backend, [qkv, mask], shapes, ([QKV, M], [y, probs]) => {
      if (!attentionForwardWasm(d, QKV, M, y, probs)) attentionForward({ ...d, ld: 3 * C }, QKV, QKV.subarray(C), QKV.subarray(2 * C), M, probs, y);
    });
  });
  registerOn(ATTENTION_GRAD, JS_BACKENDS, ({ inputs, backend, attrs }) => {
    const { dy, qkv, att } = inputs as Record<string, tf.TensorInfo>;
    const d = attrs as unknown as AttentionDims;
    const C = d.H * d.hs;
    return runOnArrays(backend, [dy, qkv, att], [qkv.shape], ([DY, QKV, P], [g]) => {
      if (!attentionBackwardWasm(d, DY, QKV, P, g))
        attentionBackward({ ...d, ld: 3 * C }, DY, QKV, QKV.subarray(C), QKV.subarray(2 * C), P, g, g.subarray(C), g.subarray(2 * C));
    })[0];
  });
  registerAttentionWebGPU(ATTENTION, ATTENTION_GRAD);
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

/**
 * The fused kernel with its gradient. qkv [B*T, 3C]; mask [B, 1, T, T] → [B*T, C]
 * (a customGrad rather than a registered gradient: the probabilities are a second output that only
 * the backward pass reads, and a registered multi-output gradient would be handed a zero-filled
 * upstream gradient for them on every step).
 */
export function attentionFused(qkv: tf.Tensor2D, mask: tf.Tensor4D, nHead: number): tf.Tensor2D {
  registerKernels();
  const [B, , T] = mask.shape;
  const C = qkv.shape[1] / 3;
  const dims: AttentionDims = { B, T, H: nHead, hs: C / nHead };
  const f = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, att] = tf.engine().runKernel(ATTENTION, { qkv: x, mask }, dims as never) as tf.Tensor[];
    save([x, att]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, atts] = saved;
        return tf.engine().runKernel(ATTENTION_GRAD, { dy, qkv: xs, att: atts }, dims as never) as tf.Tensor;
      },
    };
  }) as never) as (a: tf.Tensor2D) => tf.Tensor2D;
  return f(qkv);
}

/** Attention over the packed c_attn output qkv [B*T, 3C] → [B*T, C], fused where the backend has the kernel. */
export function attention(qkv: tf.Tensor2D, mask: tf.Tensor4D, nHead: number): tf.Tensor2D {
  registerKernels();
  if (hasKernel(ATTENTION)) return attentionFused(qkv, mask, nHead);
  const C = qkv.shape[1] / 3;
  const [q, k, v] = [0, 1, 2].map((j) => tf.slice(qkv, [0, j * C], [-1, C]));
  return attentionComposite(q, k, v, mask, nHead);
}
