import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../model/backend';
import { GPT } from '../model/gpt';
import { saveModel, loadModel } from '../model/io';
import { trainBpe } from '../tokenizer/bpe';
import { tune } from './tune';

beforeAll(async () => {
  await initBackend('wasm');
});

it('keeps tensors and bytes flat across 10 consecutive tuning runs in one engine', async () => {
  const tok = trainBpe(['Anna Berg lives in Lumo.', 'Is a fox small? yes'], 300);
  const base = GPT.create({ vocabSize: tok.vocabSize, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 16 }, 1);
  const bytes = await saveModel(base, tok, { step: 0 });
  base.dispose();
  const examples = [{ input: 'Where does Anna Berg live?', target: 'Lumo' }, { input: 'Is a fox small?', target: 'yes' }];
  const counts: { tensors: number; bytes: number }[] = [];
  for (let i = 0; i < 10; i++) {
    const { model } = loadModel(bytes);
    const r = await tune({ model, tokenizer: tok, examples, seed: i, steps: 3, lr: 1e-3, batchSize: 2 });
    r.optimizer.dispose();
    model.dispose();
    const m = tf.memory();
    counts.push({ tensors: m.numTensors, bytes: m.numBytes });
  }
  expect(new Set(counts.map((c) => c.tensors)).size).toBe(1);
  expect(new Set(counts.map((c) => c.bytes)).size).toBe(1);
});
