import { describe, expect, it } from 'vitest';
import { expectBalanced, expectDeterministic, expectDisjointSplits, expectSolverAgrees } from './dataset-properties';
import { DATASET_SPECS } from './datasets/index';
import { CLUSTERS, getSuite, render, renderBaseline, renderWithoutInstructions, validateTemplate } from './index';

const suite = getSuite(1);

describe('suite shape', () => {
  it("has FLAN's 12 clusters, ≥3 datasets each and ≥40 in all", () => {
    expect(suite.clusters.map((c) => c.name)).toEqual([...CLUSTERS]);
    for (const c of suite.clusters) expect(c.datasets.length, c.name).toBeGreaterThanOrEqual(3);
    expect(suite.datasets.length).toBeGreaterThanOrEqual(40);
    expect(new Set(suite.datasets.map((d) => d.name)).size).toBe(suite.datasets.length);
  });

  it('gives every dataset 10 templates, at most 3 inverted, and ≥20 datasets with inverted ones', () => {
    for (const d of suite.datasets) {
      expect(d.templates.length, d.name).toBe(10);
      expect(d.templates.filter((t) => t.inverted).length, d.name).toBeLessThanOrEqual(3);
    }
    expect(suite.datasets.filter((d) => d.templates.some((t) => t.inverted)).length).toBeGreaterThanOrEqual(20);
    // Input formats are shared across datasets on purpose; distinct (dataset, template) instructions number 10 per dataset.
    expect(new Set(suite.datasets.flatMap((d) => d.templates.map((t) => t.id))).size).toBeGreaterThanOrEqual(400);
    expect(new Set(suite.datasets.flatMap((d) => d.templates.map((t) => t.input))).size).toBeGreaterThanOrEqual(350);
  });
});

describe.each(suite.datasets.map((d) => [d.name, d] as const))('%s', (_name, d) => {
  const train = d.examples('train', 400);

  it('is deterministic per seed and differs across seeds', () =>
    expectDeterministic(
      DATASET_SPECS.find((s) => s.name === d.name)!,
      suite.world,
      d,
    ));

  it('has labels confirmed by an independent solver', () => expectSolverAgrees(d, suite.world, train));

  it('keeps inputs short and fields filled', () => {
    for (const ex of train.slice(0, 100)) {
      for (const f of d.fields) expect(ex.fields[f], f).toBeTruthy();
      const words = Object.values(ex.fields).join(' ').split(/\s+/).length;
      expect(words).toBeLessThanOrEqual(60);
    }
  });

  it('balances classes (no answer above 60%) and answers come from the options', () => expectBalanced(d, train));

  it('has disjoint train/validation/test splits with enough items', () => expectDisjointSplits(d));

  it('renders every template with no leftover braces; inverted targets are non-empty', () => {
    for (const t of d.templates) {
      expect(validateTemplate(t, d), t.id).toEqual([]);
      for (const ex of train.slice(0, 4)) {
        const r = render(ex, t);
        expect(r.input + r.target).not.toMatch(/[{}]/);
        expect(r.target.trim().length).toBeGreaterThan(0);
        if (d.kind === 'classification' && !t.inverted) expect(r.options).toEqual(ex.options);
        if (t.inverted) expect(r.options).toBeUndefined();
      }
    }
  });

  it('renders the baseline and the ablation formats', () => {
    const ex = train[0];
    const b = renderBaseline(ex, d.baseline, d.name);
    expect(b.input).not.toMatch(/[{}]/);
    expect(b.target).toBe(ex.answer);
    expect(renderWithoutInstructions(ex, d, 'dataset_name').input.startsWith(`${d.name}:`)).toBe(true);
    expect(renderWithoutInstructions(ex, d, 'no_template').input).toContain(ex.fields[d.fields[0]]);
  });
});

describe('split sizes (world seed 1)', () => {
  it('gives every dataset at least 60 test and 40 validation examples', async () => {
    const { getSuite: suiteOf } = await import('./suite');
    for (const d of suiteOf(1).datasets) {
      expect(d.examples('test', 300).length, d.name).toBeGreaterThanOrEqual(60);
      expect(d.examples('validation', 200).length, d.name).toBeGreaterThanOrEqual(40);
    }
  });
  it('has no person name that is also a Lumi word', async () => {
    const { getSuite: suiteOf } = await import('./suite');
    const w = suiteOf(1).world;
    for (const p of w.people) expect(w.toy.fromToy.has(p.first.toLowerCase()), p.first).toBe(false);
  });
});

describe('example cache', () => {
  it('gives identical examples again after 28 other seeds have pushed them out of the bounded cache', async () => {
    const { getSuite: fresh } = await import('./suite');
    const d = fresh(1).datasets[0];
    const first = d.examples('test', 20, 101);
    for (let seed = 102; seed < 130; seed++) d.examples('test', 20, seed);
    // Recomputed after eviction, identical.
    expect(d.examples('test', 20, 101)).toEqual(first);
  });
});
