import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { GPT } from './gpt';
import { type ModelConfig, countParams, presetConfig, MODEL_SIZE_NAMES } from './config';
import { instructionSequence, packBatch } from './batch';
import { loadModel, saveModel } from './io';
import { generateGreedy, scoreContinuations } from './infer';
import { train } from '../train/trainer';
import { AdamW } from './adamw';
import { trainBpe, BOS, EOS } from '../tokenizer/bpe';
import { CheckpointError } from '../checkpoint/safetensors';

const micro: ModelConfig = { vocabSize: 48, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 };

function toyBatch(B = 4, T = 16) {
  const seqs = Array.from({ length: 2 * B }, (_, i) => instructionSequence([5 + (i % 7), 6 + (i % 3), 7], [10 + i, 11], T));
  return packBatch(seqs, B, T).batch;
}

async function logitsOf(model: GPT, tokens: number[]): Promise<Float32Array> {
  const T = model.config.blockSize;
  const padded = new Int32Array(T);
  padded.set(tokens);
  const t = tf.tidy(() => {
    const positions = tf.tensor1d(
      Int32Array.from({ length: T }, (_, i) => i),
      'int32',
    );
    const mask = GPT.batchTensors({
      B: 1,
      T,
      tokens: padded,
      positions: new Int32Array(T),
      segments: new Int32Array(T),
      targets: new Int32Array(T),
      weights: new Float32Array(T),
    }).mask;
    return model.forward(tf.tensor1d(padded, 'int32'), positions, mask);
  });
  const d = (await t.data()) as Float32Array;
  t.dispose();
  return d;
}

async function lossValue(model: GPT, batch: ReturnType<typeof toyBatch>): Promise<number> {
  const l = model.loss(batch);
  const v = (await l.data())[0];
  l.dispose();
  return v;
}

it('presets ascend from ~20K to ≥5M parameters with ≥2 layers', () => {
  const sizes = MODEL_SIZE_NAMES.map((p) => countParams(presetConfig(p)));
  expect(sizes[0]).toBeGreaterThan(15_000);
  expect(sizes[0]).toBeLessThan(40_000);
  expect(sizes[sizes.length - 1]).toBeGreaterThanOrEqual(5_000_000);
  for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1]);
  for (const p of MODEL_SIZE_NAMES) expect(presetConfig(p).nLayer).toBeGreaterThanOrEqual(2);
});

describe.each(['cpu', 'wasm'])('model on %s', (backend) => {
  beforeAll(async () => {
    const info = await initBackend(backend as 'cpu' | 'wasm');
    expect(info.backend).toBe(backend);
  });

  it('gives logits of shape [B*T, V]', () => {
    const model = GPT.create(micro, 1);
    const batch = toyBatch();
    const out = tf.tidy(() => {
      const { tokens, positions, mask } = GPT.batchTensors(batch);
      return model.forward(tokens, positions, mask).shape;
    });
    expect(out).toEqual([4 * 16, 48]);
    model.dispose();
  });

  it('is causal: a future token does not change earlier logits', async () => {
    const model = GPT.create(micro, 2);
    const a = await logitsOf(model, [1, 5, 6, 7, 8, 9, 10, 11]);
    const b = await logitsOf(model, [1, 5, 6, 7, 30, 31, 32, 33]);
    const V = micro.vocabSize;
    expect(Array.from(a.slice(0, 4 * V))).toEqual(Array.from(b.slice(0, 4 * V)));
    expect(Array.from(a.slice(4 * V, 5 * V))).not.toEqual(Array.from(b.slice(4 * V, 5 * V)));
    model.dispose();
  });

  it('keeps packed examples apart', async () => {
    const model = GPT.create(micro, 3);
    const one = instructionSequence([5, 6], [9], 16);
    const other = instructionSequence([20, 21, 22], [23], 16);
    const alone = await scoreContinuations(model, [{ prompt: [BOS, 5, 6], continuation: [9, EOS] }]);
    const together = await scoreContinuations(model, [
      { prompt: [BOS, 20, 21, 22], continuation: [23, EOS] },
      { prompt: [BOS, 5, 6], continuation: [9, EOS] },
    ]);
    expect(one.tokens.length + other.tokens.length).toBeLessThanOrEqual(16); // both share one row
    expect(together[1]).toBeCloseTo(alone[0], 4);
    model.dispose();
  });

  it('has gradients that match finite differences', async () => {
    const model = GPT.create(micro, 4);
    const batch = toyBatch();
    const vars = [...model.params.values()];
    const { grads } = tf.variableGrads(() => model.loss(batch), vars);
    for (const name of [
      'transformer.wte.weight',
      'transformer.wpe.weight',
      'transformer.h.0.attn.c_attn.weight',
      'transformer.h.1.mlp.c_fc.bias',
      'transformer.h.0.ln_1.weight',
    ]) {
      const p = model.params.get(name)!;
      const g = grads[p.name];
      const gData = (await g.data()) as Float32Array;
      const norm = Math.sqrt(gData.reduce((s, x) => s + x * x, 0));
      expect(norm).toBeGreaterThan(0);
      // Directional derivative along the gradient equals |g|; estimate it with central differences,
      // Richardson-extrapolated (4 D(h/2) - D(h)) / 3 so the O(h^2) curvature term cancels.
      const orig = (await p.data()) as Float32Array;
      const central = async (h: number) => {
        const at = async (sign: number) => {
          p.assign(
            tf.tensor(
              Float32Array.from(orig, (x, i) => x + (sign * h * gData[i]) / norm),
              p.shape,
            ),
          );
          return lossValue(model, batch);
        };
        const d = ((await at(1)) - (await at(-1))) / (2 * h);
        p.assign(tf.tensor(orig, p.shape));
        return d;
      };
      // Step so the loss moves by ~1e-2: well above float32 round-off, small enough to stay local.
      const h = Math.min(1, Math.max(1e-2, 1e-2 / norm));
      const numeric = (4 * (await central(h)) - (await central(2 * h))) / 3;
      expect(Math.abs(numeric - norm) / norm, name).toBeLessThan(1e-3);
    }
    tf.dispose(grads);
    model.dispose();
  });

  it('overfits a tiny batch, reproducibly, without leaking tensors', async () => {
    const batch = toyBatch();
    const run = async () => {
      const model = GPT.create(micro, 5);
      const before = tf.memory().numTensors;
      const r = await train(model, () => batch, { steps: 120, lr: 3e-2, readEvery: 10 });
      const after = tf.memory().numTensors;
      r.optimizer.dispose();
      model.dispose();
      return { losses: r.losses.map((l) => l.loss), grew: after - before };
    };
    const a = await run();
    const b = await run();
    expect(a.losses[a.losses.length - 1]).toBeLessThan(0.1);
    expect(a.losses).toEqual(b.losses);
    // Only the optimizer's moments (2 per parameter) remain after training.
    expect(a.grew).toBe(2 * (2 + micro.nLayer * 12 + 2));
  });

  it('keeps the tensor count constant across steps', async () => {
    const model = GPT.create(micro, 6);
    const adamw = new AdamW(model.params);
    const batch = toyBatch();
    await train(model, () => batch, { steps: 3, lr: 1e-3, adamw });
    const n = tf.memory().numTensors;
    await train(model, () => batch, { steps: 7, lr: 1e-3, adamw });
    expect(tf.memory().numTensors).toBe(n);
    adamw.dispose();
    model.dispose();
  });

  it('stops with a clear error when the loss is not finite', async () => {
    const model = GPT.create(micro, 7);
    const batch = toyBatch();
    const p = model.params.get('transformer.ln_f.weight')!;
    p.assign(tf.fill(p.shape, NaN));
    await expect(train(model, () => batch, { steps: 5, lr: 1e-3, readEvery: 1 })).rejects.toThrow(/loss became NaN at step 1/);
    model.dispose();
  });

  it('round-trips a checkpoint to bitwise-identical logits, and rejects corrupt ones', async () => {
    const tokenizer = trainBpe(['a small red fox'], 270);
    const model = GPT.create({ ...micro, vocabSize: 270 }, 8);
    const bytes = await saveModel(model, tokenizer, { step: 3, info: { seed: 8 } });
    const { model: back, checkpoint } = loadModel(bytes);
    expect(checkpoint.step).toBe(3);
    expect(checkpoint.tokenizer.merges).toEqual(tokenizer.merges);
    const tokens = [1, ...tokenizer.encode('a red fox')];
    expect(Array.from(await logitsOf(back, tokens))).toEqual(Array.from(await logitsOf(model, tokens)));
    expect(() => loadModel(bytes.slice(0, bytes.length - 10))).toThrow(CheckpointError);
    expect(() => loadModel(bytes.slice(0, 5))).toThrow(/truncated/);
    const garbage = bytes.slice();
    garbage.fill(0x7b, 8, 40);
    expect(() => loadModel(garbage)).toThrow(CheckpointError);
    const wrongVersion = new TextDecoder().decode(bytes).includes('"version":"1"');
    expect(wrongVersion).toBe(true);
    const patched = bytes.slice();
    const at = new TextDecoder('latin1').decode(patched).indexOf('"version":"1"');
    patched[at + 11] = '9'.charCodeAt(0);
    expect(() => loadModel(patched)).toThrow(/version 9 is not supported/);
    back.dispose();
    model.dispose();
  });

  it('generates greedily and scores the trained continuation highest', async () => {
    const model = GPT.create(micro, 9);
    const seqs = [instructionSequence([5, 6], [20, 21], 16), instructionSequence([7, 8], [30, 31], 16)];
    const { batch } = packBatch(seqs, 2, 16);
    const r = await train(model, () => batch, { steps: 150, lr: 3e-2, readEvery: 50 });
    r.optimizer.dispose();
    const gen = await generateGreedy(
      model,
      [
        [BOS, 5, 6],
        [BOS, 7, 8],
      ],
      5,
      4,
    );
    expect(gen).toEqual([
      [20, 21],
      [30, 31],
    ]);
    const scores = await scoreContinuations(model, [
      { prompt: [BOS, 5, 6], continuation: [20, 21, EOS] },
      { prompt: [BOS, 5, 6], continuation: [30, 31, EOS] },
    ]);
    expect(scores[0]).toBeGreaterThan(scores[1]);
    model.dispose();
  });
});
