import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { attentionComposite, attentionFused } from './attention';
import { attentionMaskData } from './ops';
import { relErr } from './kernels/check';
import { rngFor } from '../rng';

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
    const qkv = tf.tensor2d(rand(B * T * 3 * C), [B * T, 3 * C]);
    const upstream = tf.tensor2d(rand(B * T * C), [B * T, C]);
    const composite = (x: tf.Tensor2D) => attentionComposite(...([0, 1, 2].map((j) => tf.slice(x, [0, j * C], [-1, C])) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]), mask, H);
    const fused = (x: tf.Tensor2D) => attentionFused(x, mask, H);
    const grad = (f: typeof fused) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D), upstream)))(qkv);
    expect(relErr(await fused(qkv).data(), await composite(qkv).data())).toBeLessThan(1e-4);
    expect(relErr(await grad(fused).data(), await grad(composite).data())).toBeLessThan(1e-4);
  });
});
