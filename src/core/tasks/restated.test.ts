import { describe, expect, it } from 'vitest';
import { expectBalanced, expectDeterministic, expectDisjointSplits, expectSolverAgrees } from './dataset-properties';
import { RESTATED_SPECS } from './datasets/restated';
import { INSTRUCTION_PHRASES, generateCorpus, getSuite, render } from './index';
import { WORLD_VERSION } from './version';

const v3 = getSuite(1, { worldVersion: 3 });
const v2 = getSuite(1, { worldVersion: 2 });

describe('world v3 suite', () => {
  it('replaces exactly the restated verification datasets; v1 and v2 share one suite, the default is the current version', () => {
    expect(getSuite(1, { worldVersion: 1 })).toBe(v2);
    expect(getSuite(1)).toBe(WORLD_VERSION === 3 ? v3 : v2);
    expect(v3.datasets.map((d) => d.name)).toEqual(v2.datasets.map((d) => d.name));
    const restated = new Set(RESTATED_SPECS.map((s) => s.name));
    for (const d of v3.datasets) {
      const ex = d.examples('validation', 5, 1);
      if (restated.has(d.name))
        expect(
          ex.every((e) => e.options!.length === 2 && e.options![0].startsWith('yes, ') && e.options![1].startsWith('no, ')),
          d.name,
        ).toBe(true);
      else expect(ex, d.name).toEqual(v2.dataset(d.name)!.examples('validation', 5, 1));
    }
    expect(
      v2
        .dataset('rte_like')!
        .examples('validation', 5, 1)
        .every((e) => e.options!.join('/') === 'yes/no'),
    ).toBe(true);
  });
});

describe.each(RESTATED_SPECS.map((s) => [s.name, s] as const))('%s (v3)', (name, spec) => {
  const d = v3.dataset(name)!;
  const train = d.examples('train', 400);

  it('is deterministic per seed and differs across seeds', () => expectDeterministic(spec, v3.world, d));
  it('has answers confirmed by an independent solver', () => expectSolverAgrees(d, v3.world, train));
  it('has disjoint splits', () => expectDisjointSplits(d));
  it('answers from the options, balances the yes/no label, and restates two different claims', () => {
    expectBalanced(d, train);
    const yes = train.filter((e) => e.meta!.label === 'yes');
    expect(yes.length / train.length).toBeGreaterThan(0.4);
    expect(yes.length / train.length).toBeLessThan(0.6);
    for (const e of train) {
      expect(e.answer).toBe(e.options![e.meta!.label === 'yes' ? 0 : 1]);
      expect(e.options![0].slice('yes, '.length)).not.toBe(e.options![1].slice('no, '.length));
    }
  });
  it('renders every template with both options listed', () => {
    const ex = train[0];
    for (const t of d.templates) {
      const r = render(ex, t);
      expect(r.input, t.id).not.toMatch(/[{}]/);
      if (!t.inverted) for (const o of ex.options!) expect(r.input, t.id).toContain(o);
    }
  });
});

describe('world v3 corpus', () => {
  const world = v3.world;
  const docs3 = generateCorpus(world, { seed: 1, targetChars: 400_000, version: 3 });
  it('answers the verification questions with a restatement, and never uses instruction wording', () => {
    const text = docs3.join('\n\n');
    expect(text).toMatch(/(Yes|yes|No|no), [A-Z][a-z]+ [A-Z][a-z]+ lives in /);
    const lower = text.toLowerCase();
    for (const p of INSTRUCTION_PHRASES) expect(lower.includes(p), p).toBe(false);
  });
  it('differs from v2 only through the natural-task documents', () => {
    const docs2 = generateCorpus(world, { seed: 1, targetChars: 400_000, version: 2 });
    expect(docs3).not.toEqual(docs2);
    expect(docs3.length).toBeGreaterThan(0.9 * docs2.length);
  });
});
