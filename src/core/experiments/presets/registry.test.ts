/** Every preset name has its file in the registry, with a schema, runs, a table, a figure and a finding that work. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createResults, mergeRunResult, type RunResult } from '../results';
import { PRESETS, PRESET_NAMES, PresetSpecSchema, expandRuns, figureOf, makeSpec, presetOf, presetTable } from './index';

const result = (run: { heldOut: string[] }, s: number): RunResult =>
  ({
    perTemplate: {},
    perDataset: {},
    perCluster: Object.fromEntries(run.heldOut.map((c) => [c, s])),
    lossCurve: [],
    wallTimeSec: 1,
    tokensPerSec: 1,
    backend: 'cpu',
  }) as RunResult;

describe('preset registry', () => {
  it('lists exactly the preset files, one per name', () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['index.ts', 'common.ts', 'per-cluster.ts', 'finding-layout.ts'].includes(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...PRESET_NAMES].sort());
    expect(Object.keys(PRESETS).sort()).toEqual([...PRESET_NAMES].sort());
  });

  for (const name of PRESET_NAMES) {
    it(`${name}: schema, expand, table and figure`, () => {
      const def = presetOf(name);
      expect(def).toBe(PRESETS[name]);
      expect(def.title.length).toBeGreaterThan(0);
      // The schema alone gives the defaults, and the union picks the same.
      const spec = def.schema.parse({ preset: name });
      expect(PresetSpecSchema.parse({ preset: name })).toEqual(spec);
      expect(makeSpec(name)).toEqual(spec);
      const oneSeed = makeSpec(name, { seeds: [1] } as never);
      const runs = expandRuns(oneSeed);
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.every((r) => r.seed === 1)).toBe(true);
      let results = createResults(oneSeed);
      results.runs.forEach((e, i) => (results = mergeRunResult(results, e.run.id, result(e.run, 0.3 + 0.01 * i))));
      expect(presetTable(results)).toMatch(/^\| .+ \|\n\| --- /);
      const fig = figureOf(results);
      expect(fig.series.length).toBeGreaterThan(0);
      for (const s of fig.series) expect(s.values).toHaveLength(fig.categories.length);
      // The form knows which field holds the held-out clusters.
      expect(Array.isArray((spec as Record<string, unknown>)[def.heldOut.field])).toBe(true);
      expect((spec as Record<string, unknown>)[def.sizes]).toBeDefined();
      // The finding compares runs the preset makes: every row's side picks some of them.
      const finding = def.finding(spec);
      expect(finding.question.length).toBeGreaterThan(0);
      for (const row of finding.rows) expect(expandRuns(spec).some((r) => row.side(r) !== null)).toBe(true);
    });
  }
});
