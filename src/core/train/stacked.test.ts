import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { initBackend } from '../model/backend';
import { GPT, type Batch } from '../model/gpt';
import { emptyBatch } from '../model/batch';
import type { ModelConfig } from '../model/config';
import { rngFor } from '../rng';
import { train } from './trainer';
import { setStackedMatMulMode, StackedAdamW, StackedGPT, trainStacked } from './stacked';

const config: ModelConfig = { vocabSize: 48, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 };
const B = 2;
const T = 16;
const STEPS = 6;
const SEEDS = [1, 2, 3];
const OPTS = { steps: STEPS, lr: 3e-3, warmupSteps: 3, readEvery: 1, optimizer: { maxGradNorm: 0.5 } };

/** Random packed batches: two segments per row, prompt tokens and padding weighted 0. */
function batches(seed: number, n: number): Batch[] {
  const rng = rngFor(seed, 'stacked-test');
  return Array.from({ length: n }, () => {
    const b = emptyBatch(B, T);
    for (let r = 0; r < B; r++) {
      const cut = 3 + rng.int(T - 6);
      const end = T - rng.int(3);
      for (let t = 0; t < T; t++) {
        const i = r * T + t;
        b.tokens[i] = t < end ? rng.int(config.vocabSize) : 0;
        b.segments[i] = t < cut ? 0 : t < end ? 1 : 2;
        b.positions[i] = t < cut ? t : t < end ? t - cut : 0;
      }
      for (let t = 0; t < T - 1; t++) {
        const i = r * T + t;
        if (b.segments[i] === b.segments[i + 1] && t < end - 1) {
          b.targets[i] = b.tokens[i + 1];
          b.weights[i] = rng.int(4) === 0 ? 0 : 1;
        }
      }
    }
    return b;
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe.each(['cpu', 'wasm'])('stacked training on %s', (backend) => {
  beforeAll(async () => {
    expect((await initBackend(backend as 'cpu')).backend).toBe(backend);
  });

  async function alone() {
    const out = [];
    for (const seed of SEEDS) {
      const data = batches(seed, STEPS);
      let i = 0;
      const model = GPT.create(config, seed);
      const norms: number[] = [];
      const r = await train(model, () => data[i++], { ...OPTS, onStep: (e) => norms.push(e.gradNorm) });
      out.push({ weights: await model.exportWeights(), losses: r.losses.map((l) => l.loss), norms });
      r.optimizer.dispose();
      model.dispose();
    }
    return out;
  }

  async function stacked(unfused: boolean) {
    const data = SEEDS.map((s) => batches(s, STEPS));
    let i = 0;
    const model = StackedGPT.create(config, SEEDS);
    const adamw = new StackedAdamW(model.params, OPTS.optimizer);
    adamw.unfused = unfused;
    const norms: number[][] = [];
    const r = await trainStacked(
      model,
      () => {
        const step = i++;
        return data.map((d) => d[step]);
      },
      { ...OPTS, adamw, onStep: (e) => norms.push(e.gradNorms) },
    );
    const weights = await Promise.all(SEEDS.map((_, k) => model.exportWeights(k)));
    adamw.dispose();
    model.dispose();
    return { weights, losses: r.losses.map((l) => l.map((x) => x.loss)), norms };
  }

  it.each([
    [false, 'auto'],
    [true, 'auto'],
    [false, backend === 'wasm' ? 'batched' : 'per-model'],
  ] as const)(
    'K=3 models (own seeds and data) match training each alone within 1e-5 (stock-op optimizer: %s, matmuls: %s)',
    async (unfused, mode) => {
      const ref = await alone();
      setStackedMatMulMode(mode);
      onTestFinished(() => setStackedMatMulMode('auto'));
      // clipping is active (norms above maxGradNorm) on some steps, and warm-up spans the first 3 steps
      expect(ref.some((r) => r.norms.some((n) => n > OPTS.optimizer.maxGradNorm))).toBe(true);
      const before = tf.memory().numTensors;
      const s = await stacked(unfused);
      expect(tf.memory().numTensors).toBe(before);
      for (let k = 0; k < SEEDS.length; k++) {
        for (let j = 0; j < STEPS; j++) expect(Math.abs(s.losses[k][j] - ref[k].losses[j])).toBeLessThan(1e-5);
        for (let j = 0; j < STEPS; j++) expect(Math.abs(s.norms[j][k] - ref[k].norms[j]) / ref[k].norms[j]).toBeLessThan(1e-4);
        let worst = 0;
        for (const [name, w] of ref[k].weights) {
          const got = s.weights[k].get(name)!;
          expect(got.shape).toEqual(w.shape);
          worst = Math.max(worst, maxAbsDiff(got.data, w.data));
        }
        expect(worst, `model ${k}`).toBeLessThan(1e-5);
        // the models really differ (different seeds and data), so a mix-up would show
        expect(
          maxAbsDiff(s.weights[k].get('transformer.h.0.mlp.c_fc.weight')!.data, ref[(k + 1) % 3].weights.get('transformer.h.0.mlp.c_fc.weight')!.data),
        ).toBeGreaterThan(1e-3);
      }
    },
    300_000,
  );
});
