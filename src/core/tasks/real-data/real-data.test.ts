import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectBalanced, expectDeterministic, expectDisjointSplits, expectSolverAgrees } from '../dataset-properties';
import { getSuite, listDatasets, render, renderBaseline, validateTemplate } from '../index';
import { REAL_DATA_SPECS, loadRealDataPack, loadRealDataTemplates } from './index';

const pack = loadRealDataPack();
const real = getSuite(1, { realData: true });
const base = getSuite(1);
const realDatasets = real.datasets.filter((d) => REAL_DATA_SPECS.some((s) => s.name === d.name));

describe('real-data pack', () => {
  it('loads (zod-validated) and ships at most 200 KB', () => {
    expect(statSync(fileURLToPath(new URL('./pack.json', import.meta.url))).size).toBeLessThanOrEqual(200 * 1024);
    expect(pack.sources.map((s) => s.license)).toEqual(pack.sources.map(() => 'MIT'));
  });

  it('has noise-filtered capitals: non-empty, single word, no duplicate countries or capitals', () => {
    for (const c of pack.capitals) {
      expect(c.capital.trim().length, c.country).toBeGreaterThan(0);
      expect(c.capital, c.country).not.toMatch(/\s/);
      expect(c.capital.toLowerCase()).not.toBe(c.country.toLowerCase());
    }
    expect(new Set(pack.capitals.map((c) => c.country.toLowerCase())).size).toBe(pack.capitals.length);
    expect(new Set(pack.capitals.map((c) => c.capital.toLowerCase())).size).toBe(pack.capitals.length);
  });

  it('has unambiguous country names, number words and elements', () => {
    for (const l of ['en', 'fr', 'de', 'es'] as const) {
      expect(new Set(pack.countryNames.map((c) => c[l].toLowerCase())).size, l).toBe(pack.countryNames.length);
      expect(new Set(pack.numbers[l]).size, l).toBe(21);
    }
    expect(pack.numbers.en[7]).toBe('seven');
    expect(new Set(pack.elements.map((e) => e.symbol)).size).toBe(pack.elements.length);
    expect(pack.elements.find((e) => e.number === 8)).toMatchObject({ symbol: 'O', name: 'Oxygen' });
  });

  it('has balanced afinn labels (no side above 60%), single words, |score| ≥ 2, no duplicates', () => {
    const pos = pack.afinn.filter((w) => w.score > 0).length;
    expect(Math.max(pos, pack.afinn.length - pos) / pack.afinn.length).toBeLessThanOrEqual(0.6);
    for (const w of pack.afinn) {
      expect(w.word).toMatch(/^[a-z]+$/);
      expect(Math.abs(w.score)).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(pack.afinn.map((w) => w.word)).size).toBe(pack.afinn.length);
  });
});

describe('realData toggle', () => {
  it('leaves the default suite unchanged', () => {
    expect(getSuite(1, {})).toBe(base);
    expect(getSuite(1, { realData: false })).toBe(base);
    expect(base.datasets.some((d) => d.name.startsWith('real_'))).toBe(false);
    expect(listDatasets(1).map((d) => d.name)).toEqual(base.datasets.map((d) => d.name));
  });

  it('adds the real-data datasets after the built-in ones, cached per variant, sharing the world', () => {
    expect(getSuite(1, { realData: true })).toBe(real);
    expect(real.world).toBe(base.world);
    expect(real.datasets.map((d) => d.name)).toEqual([...base.datasets.map((d) => d.name), ...REAL_DATA_SPECS.map((s) => s.name)]);
    expect(realDatasets.length).toBe(REAL_DATA_SPECS.length);
    for (const d of realDatasets) expect(real.clusters.find((c) => c.name === d.cluster)!.datasets).toContain(d);
    // Same examples for a built-in dataset in both variants.
    expect(real.dataset('sst2_like')!.examples('train', 20)).toEqual(base.dataset('sst2_like')!.examples('train', 20));
  });

  it('uses template ids that do not clash with the built-in ones', () => {
    const builtIn = new Set(base.datasets.flatMap((d) => d.templates.map((t) => t.id)));
    for (const t of loadRealDataTemplates()) expect(builtIn.has(t.id), t.id).toBe(false);
  });
});

describe.each(realDatasets.map((d) => [d.name, d] as const))('%s', (_name, d) => {
  const train = d.examples('train', 400);

  it('is deterministic per seed and differs across seeds', () =>
    expectDeterministic(
      REAL_DATA_SPECS.find((s) => s.name === d.name)!,
      real.world,
      d,
    ));

  it('has labels confirmed by an independent solver', () => expectSolverAgrees(d, real.world, train));

  it('balances classes (no answer above 60%) and answers come from the options', () => expectBalanced(d, train));

  it('has disjoint train/validation/test splits with enough items', () => expectDisjointSplits(d));

  it('has 10 templates (≤3 inverted) that all render with no leftover braces', () => {
    expect(d.templates.length).toBe(10);
    expect(d.templates.filter((t) => t.inverted).length).toBeLessThanOrEqual(3);
    for (const t of d.templates) {
      expect(validateTemplate(t, d), t.id).toEqual([]);
      for (const ex of train.slice(0, 4)) {
        const r = render(ex, t);
        expect(r.input + r.target).not.toMatch(/[{}]/);
        expect(r.target.trim().length).toBeGreaterThan(0);
        if (d.kind === 'classification' && !t.inverted) expect(r.options).toEqual(ex.options);
      }
    }
    const b = renderBaseline(train[0], d.baseline, d.name);
    expect(b.input).not.toMatch(/[{}]/);
    expect(b.target).toBe(train[0].answer);
  });
});
