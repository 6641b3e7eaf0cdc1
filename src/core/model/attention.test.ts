import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { attentionComposite, attentionFused } from './attention';
import { attentionMaskData } from './ops';
import { rngFor } from '../rng';

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(den, 1e-12);
}

describe.each(['cpu', 'wasm'])('fused attention on %s', (backend) => {
  beforeAll(async () => {
    expect((await initBackend(backend as 'cpu')).backend).toBe(backend);
  });

  it('matches the composite ops forward and backward (relative error < 1e-4)', async () => {
    const [B, T, H, hs] = [2, 8, 2, 4];
    const C = H * hs;
    const rng = rngFor(1, 'attention-test');
    const rand = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
    // Two packed segments in row 0, one segment + padding in row 1.
    const segments = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1, -2, -3]);
    const mask = tf.tensor4d(attentionMaskData(segments, B, T), [B, 1, T, T]);
    const [q, k, v] = [0, 1, 2].map(() => tf.tensor2d(rand(B * T * C), [B * T, C]));
    const upstream = tf.tensor2d(rand(B * T * C), [B * T, C]);
    const run = (f: typeof attentionFused) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D, mask, H), upstream)))([q, k, v]);
    const yFused = await attentionFused(q, k, v, mask, H).data();
    const yComposite = await attentionComposite(q, k, v, mask, H).data();
    expect(relErr(yFused, yComposite)).toBeLessThan(1e-4);
    const gFused = run(attentionFused);
    const gComposite = run(attentionComposite);
    for (let i = 0; i < 3; i++) expect(relErr(await gFused[i].data(), await gComposite[i].data()), `grad ${i}`).toBeLessThan(1e-4);
  });
});
