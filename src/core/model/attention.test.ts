import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { attentionComposite, attentionFused } from './attention';
import { attentionMaskData } from './ops';
import { attentionTestInputs } from './attention-test-inputs';
import { relErr } from './kernels/check';
import { rngFor } from '../rng';
import { attentionBackward, attentionForward, type AttentionDims } from './attention-math';

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
    const composite = (x: tf.Tensor2D) =>
      attentionComposite(...([0, 1, 2].map((j) => tf.slice(x, [0, j * C], [-1, C])) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]), mask, H);
    const fused = (x: tf.Tensor2D) => attentionFused(x, mask, H);
    const grad = (f: typeof fused) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D), upstream)))(qkv);
    expect(relErr(await fused(qkv).data(), await composite(qkv).data())).toBeLessThan(1e-4);
    expect(relErr(await grad(fused).data(), await grad(composite).data())).toBeLessThan(1e-4);
  });
});

/** The plain definition, in float64: softmax(q k^T / sqrt(hs) + mask) v per head, and its gradients. */
function reference(d: AttentionDims, qkv: Float32Array, mask: Float32Array, dy: Float32Array) {
  const { B, T, H, hs } = d;
  const C = H * hs;
  const scale = 1 / Math.sqrt(hs);
  const y = new Float64Array(B * T * C);
  const probs = new Float64Array(B * H * T * T);
  const g = new Float64Array(B * T * 3 * C);
  const at = (t: number, part: number, h: number, c: number) => (t * 3 + part) * C + h * hs + c;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const P = Array.from({ length: T }, () => new Float64Array(T));
      for (let i = 0; i < T; i++) {
        const s = new Float64Array(T);
        let max = -Infinity;
        for (let j = 0; j < T; j++) {
          let dot = 0;
          for (let c = 0; c < hs; c++) dot += qkv[at(b * T + i, 0, h, c)] * qkv[at(b * T + j, 1, h, c)];
          s[j] = dot * scale + mask[(b * T + i) * T + j];
          max = Math.max(max, s[j]);
        }
        let sum = 0;
        for (let j = 0; j < T; j++) sum += P[i][j] = Math.exp(s[j] - max);
        for (let j = 0; j < T; j++) {
          P[i][j] /= sum;
          probs[((b * H + h) * T + i) * T + j] = P[i][j];
          for (let c = 0; c < hs; c++) y[(b * T + i) * C + h * hs + c] += P[i][j] * qkv[at(b * T + j, 2, h, c)];
        }
      }
      for (let i = 0; i < T; i++) {
        const dp = new Float64Array(T);
        let dot = 0;
        for (let j = 0; j < T; j++) {
          for (let c = 0; c < hs; c++) dp[j] += dy[(b * T + i) * C + h * hs + c] * qkv[at(b * T + j, 2, h, c)];
          dot += P[i][j] * dp[j];
        }
        for (let j = 0; j < T; j++) {
          const ds = P[i][j] * (dp[j] - dot) * scale;
          for (let c = 0; c < hs; c++) {
            g[at(b * T + i, 0, h, c)] += ds * qkv[at(b * T + j, 1, h, c)];
            g[at(b * T + j, 1, h, c)] += ds * qkv[at(b * T + i, 0, h, c)];
            g[at(b * T + j, 2, h, c)] += P[i][j] * dy[(b * T + i) * C + h * hs + c];
          }
        }
      }
    }
  }
  return { y, probs, g };
}

describe('attention-math (the JS kernel) against the plain definition in float64', () => {
  // Odd T and a head size that is not a multiple of 4 exercise the loops' remainders; the second
  // mask has holes inside rows (keys masked between unmasked ones), which the causal-segment mask never has.
  const cases: [string, number, number, number, number, boolean][] = [
    ['tiny-like, packed segments', 3, 64, 4, 16, false],
    ['odd T, hs 6', 2, 13, 3, 6, false],
    ['odd T, mask with holes', 2, 11, 2, 5, true],
  ];
  it.each(cases)('%s: relative error < 1e-6', (_name, B, T, H, hs, holes) => {
    const { C, mask, qkv, dy } = attentionTestInputs(B, T, H, hs, holes, rngFor(3, `attention-math-${T}-${hs}`));
    const d: AttentionDims = { B, T, H, hs, ld: 3 * C };
    const y = new Float32Array(B * T * C).fill(NaN);
    const probs = new Float32Array(B * H * T * T).fill(NaN);
    const g = new Float32Array(B * T * 3 * C).fill(NaN);
    // Twice: the second call reuses the kernel's scratch buffers, and must not see the first call's values.
    for (let rep = 0; rep < 2; rep++) {
      attentionForward(d, qkv, qkv.subarray(C), qkv.subarray(2 * C), mask, probs, y);
      attentionBackward(d, dy, qkv, qkv.subarray(C), qkv.subarray(2 * C), probs, g, g.subarray(C), g.subarray(2 * C));
    }
    const ref = reference(d, qkv, mask, dy);
    expect(relErr(y, ref.y)).toBeLessThan(1e-6);
    expect(relErr(probs, ref.probs)).toBeLessThan(1e-6);
    expect(relErr(g, ref.g)).toBeLessThan(1e-6);
  });
});
