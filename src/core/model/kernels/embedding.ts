/**
 * The embedding lookup as two kernels for cpu and wasm, so that neither the lookup nor its gradient
 * goes through tfjs-wasm's slow paths (tiny, 32 × 128, measured here):
 * - `TinyFlanEmbedding`: {table [rows, C], ids [N] int32} → [N, C], row copies. tfjs-wasm's GatherV2
 *   took ~20 ms per lookup (4096 rows of 64 floats) where copying them takes well under 1 ms.
 * - `TinyFlanEmbeddingGrad`: {ids, dy [N, C]} (attr rows) → [rows, C], row ids[n] += dy[n]. tfjs-wasm
 *   has no gradient for tf.gather (UnsortedSegmentSum is missing), so ops.ts used one-hot(ids)^T @ dy:
 *   for the token table 2 × 4096 × 1024 × 64 FLOPs (~100 ms) to add 4096 rows.
 * An id outside the table is an error (as tf.gather's). webgpu keeps tf.gather and the one-hot product.
 */
import * as tf from '@tensorflow/tfjs';
import { hasKernel, JS_BACKENDS, registerOn, runOnArrays } from './common';

export const EMBEDDING = 'TinyFlanEmbedding';
export const EMBEDDING_GRAD = 'TinyFlanEmbeddingGrad';

function checkedRow(id: number, rows: number, kernel: string): number {
  if (!(id >= 0 && id < rows)) throw new Error(`${kernel}: id ${id} outside a table of ${rows} rows`);
  return id;
}

let registered = false;

function registerEmbeddingKernels(): void {
  if (registered) return;
  registered = true;
  registerOn(EMBEDDING, JS_BACKENDS, ({ inputs, backend }) => {
    const { table, ids } = inputs as Record<string, tf.TensorInfo>;
    const [rows, C] = table.shape;
    const N = ids.shape[0];
    return runOnArrays(backend, [table, ids], [[N, C]], ([W, I], [out]) => {
      for (let n = 0; n < N; n++) {
        const o = checkedRow(I[n], rows, EMBEDDING) * C;
        out.set(W.subarray(o, o + C), n * C);
      }
    })[0];
  });
  registerOn(EMBEDDING_GRAD, JS_BACKENDS, ({ inputs, backend, attrs }) => {
    const { ids, dy } = inputs as Record<string, tf.TensorInfo>;
    const rows = (attrs as { rows: number }).rows;
    const [N, C] = dy.shape;
    return runOnArrays(backend, [ids, dy], [[rows, C]], ([I, DY], [out]) => {
      for (let n = 0; n < N; n++) {
        const o = checkedRow(I[n], rows, EMBEDDING_GRAD) * C;
        const d = n * C;
        for (let c = 0; c < C; c++) out[o + c] += DY[d + c];
      }
    })[0];
  });
  if (!tf.getGradient(EMBEDDING)) {
    tf.registerGradient({
      kernelName: EMBEDDING,
      inputsToSave: ['table', 'ids'],
      gradFunc: (dy, saved) => {
        const [table, ids] = saved;
        return {
          table: () => tf.engine().runKernel(EMBEDDING_GRAD, { ids, dy: dy as tf.Tensor }, { rows: table.shape[0] }) as tf.Tensor,
          ids: () => tf.zerosLike(ids),
        };
      },
    });
  }
}

/** Whether the current backend has the two kernels (else ops.ts uses tf.gather and a one-hot product). */
export function hasEmbeddingKernels(): boolean {
  registerEmbeddingKernels();
  return hasKernel(EMBEDDING) && hasKernel(EMBEDDING_GRAD);
}

/** Rows of `table` picked by `ids` as one kernel, with the row-adding gradient. table [rows, C], ids [N] → [N, C] */
export function embeddingFused(ids: tf.Tensor1D, table: tf.Tensor2D): tf.Tensor2D {
  registerEmbeddingKernels();
  return tf.engine().runKernel(EMBEDDING, { table, ids }) as tf.Tensor2D;
}
