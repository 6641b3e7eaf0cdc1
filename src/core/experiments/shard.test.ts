import { describe, expect, it } from 'vitest';
import { makeSpec } from './presets';
import { createResults, markFailed, mergeResults, mergeRunResult, shardRuns, type RunResult } from './results';

const result = (acc: number): RunResult => ({
  perTemplate: { rte_like: { t0: { acc, acc_norm: acc } } },
  perDataset: { rte_like: { metric: 'acc', nTemplates: 1, mean: acc, median: acc, best: null, bestTemplate: null, spread: 0, min: acc, max: acc } },
  perCluster: { nli: acc },
  lossCurve: [],
  wallTimeSec: 1,
  tokensPerSec: 0,
  backend: 'cpu',
});

describe('shardRuns', () => {
  const runs = createResults(makeSpec('main', { heldOutClusters: ['nli', 'sentiment'], seeds: [1, 2] })).runs.map((e) => e.run);

  it('splits the runs into disjoint shards that cover them all', () => {
    const shards = [0, 1, 2].map((k) => shardRuns(runs, k, 3));
    const ids = shards.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(runs.length);
    expect(ids.length).toBe(runs.length);
    expect(shards.every((s) => s.length > 0)).toBe(true);
  });

  it('keeps the zero- and few-shot runs of one tuned model in the same shard (it is trained once)', () => {
    for (let k = 0; k < 3; k++) {
      const mine = shardRuns(runs, k, 3);
      for (const r of mine.filter((x) => x.tuneId)) {
        expect(runs.filter((x) => x.tuneId === r.tuneId).every((x) => mine.includes(x))).toBe(true);
      }
    }
  });

  it('spreads the tuned models evenly over the shards (they are what costs time)', () => {
    const tunes = [0, 1].map(
      (k) =>
        new Set(
          shardRuns(runs, k, 2)
            .filter((r) => r.tuneId)
            .map((r) => r.tuneId),
        ).size,
    );
    expect(tunes[0] + tunes[1]).toBe(new Set(runs.filter((r) => r.tuneId).map((r) => r.tuneId)).size);
    expect(Math.abs(tunes[0] - tunes[1])).toBeLessThanOrEqual(1);
    expect(tunes[0]).toBeGreaterThan(0);
  });

  it('rejects a shard index outside 0..count-1', () => {
    expect(() => shardRuns(runs, 3, 3)).toThrow(/need 0 <= index < count/);
  });
});

describe('mergeResults', () => {
  const spec = makeSpec('main', { heldOutClusters: ['nli'], seeds: [1] });

  it('takes each finished run from whichever file has it, preferring done over failed', () => {
    const a = createResults(spec);
    const b = createResults(spec);
    const [r0, r1, r2] = a.runs.map((e) => e.run.id);
    const fa = markFailed(mergeRunResult(a, r0, result(0.4)), r1, 'boom');
    const fb = mergeRunResult(b, r1, result(0.6));
    const merged = mergeResults([fa, fb]);
    const byId = new Map(merged.runs.map((e) => [e.run.id, e]));
    expect(byId.get(r0)?.result?.perCluster.nli).toBe(0.4);
    expect(byId.get(r1)?.status).toBe('done');
    expect(byId.get(r1)?.result?.perCluster.nli).toBe(0.6);
    expect(byId.get(r2)?.status).toBe('pending');
  });

  it("with byId, takes finished runs of the first file's experiment from another experiment's file", () => {
    const other = makeSpec('main', { heldOutClusters: ['nli', 'sentiment'], seeds: [1] });
    let b = createResults(other);
    const shared = b.runs.find((e) => e.run.heldOut[0] === 'nli')!.run.id;
    b = mergeRunResult(b, shared, result(0.7));
    const merged = mergeResults([createResults(spec), b], { byId: true });
    expect(merged.spec).toEqual(spec);
    expect(merged.runs.find((e) => e.run.id === shared)?.result?.perCluster.nli).toBe(0.7);
    expect(merged.runs.length).toBe(createResults(spec).runs.length);
  });

  it('joins files that differ only in their seeds into one experiment with every seed', () => {
    let one = createResults(spec);
    let later = createResults(makeSpec('main', { heldOutClusters: ['nli'], seeds: [3, 2] }));
    one = mergeRunResult(one, one.runs[0].run.id, result(0.4));
    later = mergeRunResult(later, later.runs[0].run.id, result(0.6));
    const merged = mergeResults([one, later]);
    expect(merged.spec.seeds).toEqual([1, 2, 3]);
    expect(merged.runs.map((e) => e.run.id)).toEqual(createResults(makeSpec('main', { heldOutClusters: ['nli'], seeds: [1, 2, 3] })).runs.map((e) => e.run.id));
    expect(merged.runs.find((e) => e.run.id === one.runs[0].run.id)?.result?.perCluster.nli).toBe(0.4);
    expect(merged.runs.find((e) => e.run.id === later.runs[0].run.id)?.result?.perCluster.nli).toBe(0.6);
    expect(merged.runs.filter((e) => e.status === 'done')).toHaveLength(2);
  });

  it('refuses files of different experiments', () => {
    expect(() => mergeResults([createResults(spec), createResults(makeSpec('main', { heldOutClusters: ['sentiment'], seeds: [2] }))])).toThrow(
      /different experiment/,
    );
  });
});

describe('renderDatasetMarkdown', () => {
  it('has one row per evaluated dataset and one column per condition, averaged over seeds', async () => {
    const { renderDatasetMarkdown } = await import('./report');
    let r = createResults(makeSpec('main', { heldOutClusters: ['nli'], seeds: [1, 2] }));
    const tuned0 = r.runs.filter((e) => e.run.tune && e.run.eval.k === 0);
    r = mergeRunResult(r, tuned0[0].run.id, result(0.4));
    r = mergeRunResult(r, tuned0[1].run.id, result(0.6));
    const md = renderDatasetMarkdown(r);
    expect(md).toMatch(/\| dataset \| tuned 0-shot \|/);
    expect(md).toMatch(/\| rte_like \| 50\.0 ± /);
  });
});
