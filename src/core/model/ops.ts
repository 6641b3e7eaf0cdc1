/**
 * The few tensor ops the model is made of, with gradients that exist and are fast on every backend.
 *
 * Why custom gradients: tfjs-wasm runs MatMul on its fast (XNNPACK) path only when neither operand is
 * transposed and the batch is 1, but the stock MatMul gradient uses transposed products. On wasm we
 * transpose explicitly first (kernels/transpose.ts); other backends handle transposed products natively.
 * tf.gather has no gradient on wasm (UnsortedSegmentSum is missing): on cpu/wasm the lookup and its
 * gradient are kernels of their own (kernels/embedding.ts), elsewhere the gradient is a one-hot product.
 */
import * as tf from '@tensorflow/tfjs';
import { hasKernel } from './kernels/common';
import { LAYER_NORM, layerNormFused, registerLayerNormKernels } from './kernels/layernorm';
import { LINEAR, linearFused, registerLinearKernel } from './kernels/linear';
import { GELU, geluFused, registerGeluKernels } from './kernels/gelu';
import { transpose2d } from './kernels/transpose';
import { embeddingFused, hasEmbeddingKernels } from './kernels/embedding';

function explicitTransposes(): boolean {
  return tf.getBackend() === 'wasm';
}

/**
 * What a product costs on tfjs-wasm beyond its arithmetic, per float moved (measured here, tiny's
 * [4096, 1024] gradients): our transpose kernel ~6 ns; XNNPACK's repacking of the right operand, which it
 * does on every call with a new right operand, ~12 ns. So a large activation is better transposed and
 * put on the left than repacked on the right: each product below picks the cheaper of its two forms.
 */
const TRANSPOSE_COST = 6;
const PACK_COST = 12;

/**
 * a @ b^T, choosing the form that is fast on the current backend. [N, K] x [M, K] → [N, M]
 * On wasm either a @ (b^T) (moves M×K, packs K×M) or (b @ a^T)^T (moves N×K + N×M, packs K×N).
 */
export function matMulBT(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (!explicitTransposes()) return tf.matMul(a, b, false, true);
  const [N, K] = a.shape;
  const M = b.shape[0];
  const direct = TRANSPOSE_COST * M * K + PACK_COST * K * M;
  const flipped = TRANSPOSE_COST * (N * K + N * M) + PACK_COST * K * N;
  return direct <= flipped ? tf.matMul(a, transpose2d(b)) : transpose2d(tf.matMul(b, transpose2d(a)));
}

/** a^T @ b. [K, N] x [K, M] → [N, M]; on wasm (a^T) @ b (moves K×N, packs K×M) or (b^T @ a)^T (moves K×M + N×M, packs K×N). */
export function matMulAT(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (!explicitTransposes()) return tf.matMul(a, b, true, false);
  const [K, N] = a.shape;
  const M = b.shape[1];
  const direct = TRANSPOSE_COST * K * N + PACK_COST * K * M;
  const flipped = TRANSPOSE_COST * (K * M + N * M) + PACK_COST * K * N;
  return direct <= flipped ? tf.matMul(transpose2d(a), b) : transpose2d(tf.matMul(transpose2d(b), a));
}

/** x @ table^T, the output head tied to the embedding, with fast gradients. x [N, C], table [V, C] → [N, V] */
export const tiedHead = tf.customGrad(((x: tf.Tensor, table: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, table]);
  return {
    value: matMulBT(x as tf.Tensor2D, table as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ts] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      return [tf.matMul(dy2, ts), matMulAT(dy2, xs)]; // dx = dy @ table, dtable = dy^T @ x
    },
  };
}) as never) as (x: tf.Tensor2D, table: tf.Tensor2D) => tf.Tensor2D;

/**
 * x @ W + b with a backend-friendly gradient. x [N, in], W [in, out], b [out] → [N, out]
 * With `residual`, returns residual + x @ W + b. One registered kernel (kernels/linear.ts) where the
 * backend has it, else the customGrad below.
 */
export function linear(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, residual?: tf.Tensor2D): tf.Tensor2D {
  registerLinearKernel({ matMulBT, matMulAT });
  if (hasKernel(LINEAR)) return linearFused(x, w, b, residual);
  const y = linearComposite(x, w, b);
  return residual ? tf.add(residual, y) : y;
}

/** x @ W + b from stock ops with the same gradient (backends without the kernel; reference in tests). */
export const linearComposite = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      return [matMulBT(dy2, ws), matMulAT(xs, dy2), tf.sum(dy2, 0)];
    },
  };
}) as never) as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/** One-hot rows as float32. (tfjs-wasm 4.22's OneHot writes int bits into float32 outputs, so cast.) */
export function oneHotFloat(ids: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(ids, depth), 'float32') as tf.Tensor2D;
}

/** Rows of `table` picked by `ids`. ids [N] int32, table [V, C] → [N, C] */
export function embedding(ids: tf.Tensor1D, table: tf.Tensor2D): tf.Tensor2D {
  return hasEmbeddingKernels() ? embeddingFused(ids, table) : embeddingComposite(ids, table);
}

/** tf.gather with the gradient one-hot(ids)^T @ dy (backends without the kernels; the reference in tests). */
export function embeddingComposite(ids: tf.Tensor1D, table: tf.Tensor2D): tf.Tensor2D {
  const rows = table.shape[0];
  const f = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    save([ids]); // kept for the backward pass even if the caller's tidy disposes ids
    return {
      value: tf.gather(t, ids),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => matMulAT(oneHotFloat(saved[0] as tf.Tensor1D, rows), dy as tf.Tensor2D),
    };
  }) as never) as (t: tf.Tensor2D) => tf.Tensor2D;
  return f(table);
}

/** LayerNorm over the last axis, eps 1e-5, biased variance (as torch.nn.LayerNorm). x [N, C] */
export function layerNorm(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor2D {
  registerLayerNormKernels();
  return hasKernel(LAYER_NORM) ? layerNormFused(x, gain, bias) : layerNormComposite(x, gain, bias);
}

/** LayerNorm from stock ops (backends without the fused kernel; the reference in tests). */
export function layerNormComposite(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gain), bias);
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation (GPT-2; torch F.gelu(x, approximate='tanh')); fused where the backend has the kernel. */
export function gelu<T extends tf.Tensor>(x: T): T {
  registerGeluKernels();
  return hasKernel(GELU) ? geluFused(x) : geluComposite(x);
}

/** GELU from stock ops (backends without the fused kernel; the reference in tests). */
export function geluComposite<T extends tf.Tensor>(x: T): T {
  const cube = tf.mul(tf.mul(x, x), x); // tf.pow is several times slower than two products on wasm
  const inner = tf.mul(tf.add(x, tf.mul(cube, 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/**
 * Additive attention mask from segment ids: 0 where key j is visible to query i (j <= i, same segment),
 * -1e9 elsewhere. Built on the host: it is small, and packed examples must never see each other.
 * segments [B, T] → mask data [B, 1, T, T]
 */
export function attentionMaskData(segments: Int32Array, B: number, T: number): Float32Array {
  const mask = new Float32Array(B * T * T).fill(-1e9);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      const si = segments[b * T + i];
      const row = (b * T + i) * T;
      for (let j = 0; j <= i; j++) if (segments[b * T + j] === si) mask[row + j] = 0;
    }
  }
  return mask;
}
