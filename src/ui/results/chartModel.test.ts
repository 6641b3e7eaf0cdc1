import { describe, expect, it } from 'vitest';
import { createResults, mergeRunResult, type RunResult } from '../../core/experiments/results';
import { makeSpec } from '../../core/experiments/presets';
import { chartModel, formatCell } from './chartModel';
import { resultsCsv } from './exporters';

function fakeResult(score: number): RunResult {
  return {
    perTemplate: {},
    perDataset: {},
    perCluster: { nli: score, closed_book_qa: score, commonsense: score },
    lossCurve: [],
    wallTimeSec: 1,
    tokensPerSec: 1,
    backend: 'wasm',
  };
}

describe('chartModel', () => {
  it('main: one series per condition, mean ± CI over seeds, paper values per cluster', () => {
    let r = createResults(makeSpec('main', { heldOutClusters: ['nli'], seeds: [1, 2] }));
    r.runs.forEach((e, i) => (r = mergeRunResult(r, e.run.id, fakeResult(e.run.seed === 1 ? 0.4 : 0.6 + i * 0))));
    const m = chartModel(r);
    expect(m.categories).toEqual(['nli']);
    const tuned = m.series.find((s) => s.name === 'tuned 0-shot')!;
    expect(tuned.values[0]!.mean).toBeCloseTo(50);
    expect(tuned.values[0]!.n).toBe(2);
    expect(formatCell(tuned.values[0])).toMatch(/^50\.0 ± /);
    expect(m.paper[0].values[0]).toBe(42.9);
  });
  it('clusters: x is the number of tuning clusters, base at 0', () => {
    let r = createResults(makeSpec('clusters', { seeds: [1], counts: [1, 2] }));
    for (const e of r.runs) r = mergeRunResult(r, e.run.id, fakeResult(0.1 * (e.run.tune?.clusters.length ?? 0) + 0.3));
    const m = chartModel(r);
    expect(m.categories).toEqual(['0', '1', '2']);
    expect(m.series[0].values.map((c) => c?.mean.toFixed(0))).toEqual(['30', '40', '50']);
    expect(resultsCsv(r).split('\n')[0]).toContain('held_out_score');
  });
});
