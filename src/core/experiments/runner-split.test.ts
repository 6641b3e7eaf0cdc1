import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSuite } from '../tasks';
import { DEFAULT_WORLD_SEED, evalItems } from './lab';
import { Runner } from './runner';
import { makeRun } from './spec';

const tiny = new Uint8Array(readFileSync(join(__dirname, '../../../public/models/tiny.safetensors')));

/** A scorer that records the prompts it is given and scores every option 0 (no model needed). */
function fakeEngine(prompts: number[]) {
  return async () => ({
    scoreContinuations: async (items: { prompt: number[] }[]) => (prompts.push(items.length), items.map(() => 0)),
    generate: async (p: number[][]) => p.map(() => []),
    close: () => {},
  });
}

describe('Runner evalSplit', () => {
  const run = makeRun({
    kind: 'base-eval',
    seed: 1,
    backend: 'wasm',
    modelSize: 'tiny',
    heldOut: ['nli'],
    tune: null,
    eval: { render: 'instructions', mode: 'zero-shot', k: 0, examplesPerDataset: 4, templatesPerDataset: 2 },
  });
  const nli = getSuite(DEFAULT_WORLD_SEED).datasets.filter((d) => d.cluster === 'nli');
  const inputs = (split: 'test' | 'validation') => nli.flatMap((d) => evalItems(d, run.eval, split, 4, 1).map((i) => i.input));

  it("scores validation items, and only those, with evalSplit 'validation'", async () => {
    const calls: number[] = [];
    const { records, result } = await new Runner({
      baseCheckpoint: async () => tiny,
      backend: 'test',
      evalSplit: 'validation',
      evalEngine: fakeEngine(calls),
    }).execute(run);
    expect(records.map((r) => r.input)).toEqual(inputs('validation'));
    expect(records.map((r) => r.input)).not.toEqual(inputs('test'));
    const options = records.reduce((a, r) => a + (r.kind === 'classification' ? r.options.length : 0), 0);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(options); // no separate template-choice pass
    expect(Object.values(result.perDataset).every((d) => d.bestTemplate === null)).toBe(true);
  });

  it('scores test items by default (plus the template-choice validation pass)', async () => {
    const calls: number[] = [];
    const { records, result } = await new Runner({ baseCheckpoint: async () => tiny, backend: 'test', evalEngine: fakeEngine(calls) }).execute(run);
    expect(records.map((r) => r.input)).toEqual(inputs('test'));
    const options = records.reduce((a, r) => a + (r.kind === 'classification' ? r.options.length : 0), 0);
    expect(calls.reduce((a, b) => a + b, 0)).toBeGreaterThan(options);
    expect(Object.values(result.perDataset).every((d) => d.bestTemplate !== null)).toBe(true);
  });
});
