import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../model/backend';
import { GPT } from '../model/gpt';
import { generateGreedy, scoreContinuations } from '../model/infer';
import { trainBpe } from '../tokenizer/bpe';
import { tune } from '../train/tune';
import { evaluate, type RenderedItem } from '../eval/evaluate';
import { continuationIds, promptIds } from './lab';

beforeAll(async () => {
  await initBackend('wasm');
});

it('rank classification picks the option a model was overfit to, through the real model', async () => {
  const pairs = [
    { input: 'Is a fox small?\n\nOPTIONS:\n- yes\n- no', target: 'yes' },
    { input: 'Is a bear small?\n\nOPTIONS:\n- yes\n- no', target: 'no' },
    { input: 'Is a mouse small?\n\nOPTIONS:\n- yes\n- no', target: 'yes' },
    { input: 'Is a whale small?\n\nOPTIONS:\n- yes\n- no', target: 'no' },
  ];
  const tok = trainBpe(
    pairs.map((p) => `${p.input} ${p.target}`),
    300,
  );
  const model = GPT.create({ vocabSize: tok.vocabSize, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 32 }, 3);
  const r = await tune({ model, tokenizer: tok, examples: pairs, seed: 1, steps: 150, lr: 1e-2, batchSize: 4 });
  r.optimizer.dispose();
  const items: RenderedItem[] = pairs.map((p) => ({ ...p, options: ['yes', 'no'], dataset: 'toy', templateId: 't0' }));
  // The wrong-answer variant: same prompts, gold flipped. A model that learned the pairs must fail all of them.
  const flipped = items.map((i) => ({ ...i, target: i.target === 'yes' ? 'no' : 'yes' }));
  const scorer = {
    scoreContinuations: (xs: { prompt: number[]; continuation: number[] }[]) => scoreContinuations(model, xs),
    generate: (ps: number[][], n: number) => generateGreedy(model, ps, n),
  };
  const opts = { codec: tok, promptIds: (s: string) => promptIds(tok, s), continuationIds: (s: string) => continuationIds(tok, s) };
  const right = await evaluate(scorer, items, opts);
  const wrong = await evaluate(scorer, flipped, opts);
  expect(right.perTemplate.toy.t0.acc).toBe(1);
  expect(wrong.perTemplate.toy.t0.acc).toBe(0);
  model.dispose();
});
