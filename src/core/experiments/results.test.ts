import { describe, expect, it } from 'vitest';
import { makeSpec } from './presets';
import {
  createResults,
  downsampleCurve,
  isComplete,
  markFailed,
  markRunning,
  mergeRunResult,
  parseResults,
  pendingRuns,
  resumeResults,
  serializeResults,
  type RunResult,
} from './results';

function fakeResult(perCluster: RunResult['perCluster'], spread = 0.1): RunResult {
  return {
    perTemplate: { rte: { t0: { acc: 0.5, acc_norm: 0.5 } } },
    perDataset: {
      rte: { metric: 'acc', nTemplates: 2, mean: 0.5, median: 0.5, best: null, bestTemplate: null, spread, min: 0.5 - spread, max: 0.5 },
    },
    perCluster,
    lossCurve: [
      { step: 0, loss: 3 },
      { step: 10, loss: 2 },
    ],
    wallTimeSec: 12.5,
    tokensPerSec: 1000,
    backend: 'cpu',
  };
}

const spec = makeSpec('templates', { seeds: [1, 2], templateCounts: [1, 10] });

describe('results file', () => {
  it('round-trips through JSON', () => {
    let results = createResults(spec);
    expect(results.runs).toHaveLength(4);
    expect(results.runs.every((e) => e.status === 'pending')).toBe(true);
    results = mergeRunResult(results, results.runs[0].run.id, fakeResult({ nli: 0.4 }));
    expect(parseResults(serializeResults(results))).toEqual(results);
    expect(parseResults(JSON.parse(serializeResults(results)))).toEqual(results);
  });

  it('rejects other files and other versions with clear messages', () => {
    const good = JSON.parse(serializeResults(createResults(spec)));
    expect(() => parseResults('{not json')).toThrow(/not valid JSON/);
    expect(() => parseResults({ ...good, schema: 'something-else' })).toThrow(/not a TinyFLAN results file/);
    expect(() => parseResults(null)).toThrow(/not a TinyFLAN results file/);
    expect(() => parseResults({ ...good, version: 2 })).toThrow(/unsupported TinyFLAN results version 2.*version 1/);
    expect(() => parseResults({ ...good, version: undefined })).toThrow(/version undefined/);
  });

  it('rejects malformed content', () => {
    const base = createResults(spec);
    const good = JSON.parse(serializeResults(mergeRunResult(base, base.runs[0].run.id, fakeResult({ nli: 0.4 }))));
    const broken = (mutate: (r: any) => void) => {
      const copy = structuredClone(good);
      mutate(copy);
      return () => parseResults(copy);
    };
    expect(broken((r) => (r.runs[1].status = 'done'))).toThrow(/result exactly when/);
    expect(broken((r) => delete r.runs[0].result)).toThrow(/malformed/);
    expect(broken((r) => (r.runs[0].run.heldOut = ['astrology']))).toThrow(/malformed/);
    expect(broken((r) => (r.runs[0].status = 'finished'))).toThrow(/malformed/);
    expect(broken((r) => (r.runs[1] = r.runs[0]))).toThrow(/duplicate run id/);
    expect(broken((r) => (r.runs[0].result.lossCurve = Array.from({ length: 201 }, (_, i) => ({ step: i, loss: 1 }))))).toThrow(/malformed/);
    expect(broken((r) => (r.runs[0].result.wallTimeSec = -1))).toThrow(/malformed/);
    expect(broken((r) => (r.spec.preset = 'bogus'))).toThrow(/malformed/);
    expect(broken((r) => (r.runs[0].run.eval.k = 3))).toThrow(/zero-shot needs k = 0/);
    expect(broken((r) => (r.runs[0].run.tune = null))).toThrow(/base-eval run has no tune/);
  });
});

describe('merging and resuming', () => {
  it('tracks run states and what is left to do', () => {
    let results = createResults(spec);
    const [a, b, c] = results.runs.map((e) => e.run.id);
    results = markRunning(results, a);
    results = mergeRunResult(results, a, fakeResult({ nli: 0.4 }));
    results = markFailed(results, b, 'out of memory');
    results = markRunning(results, c);
    expect(results.runs.map((e) => e.status)).toEqual(['done', 'failed', 'running', 'pending']);
    expect(results.runs[1].error).toBe('out of memory');
    expect(pendingRuns(results).map((r) => r.id)).toEqual(results.runs.slice(1).map((e) => e.run.id));
    expect(isComplete(results)).toBe(false);
    expect(() => mergeRunResult(results, 'no-such-run', fakeResult({}))).toThrow(/not part of these results/);
  });

  it('does not mutate its input', () => {
    const results = createResults(spec);
    const snapshot = serializeResults(results);
    mergeRunResult(results, results.runs[0].run.id, fakeResult({ nli: 0.4 }));
    expect(serializeResults(results)).toBe(snapshot);
  });

  it('validates and downsamples a merged result', () => {
    const results = createResults(spec);
    const id = results.runs[0].run.id;
    const long = { ...fakeResult({ nli: 0.4 }), lossCurve: Array.from({ length: 1000 }, (_, i) => ({ step: i, loss: 1 / (i + 1) })) };
    const merged = mergeRunResult(results, id, long);
    expect(merged.runs[0].result!.lossCurve).toHaveLength(200);
    expect(() => mergeRunResult(results, id, { ...fakeResult({}), tokensPerSec: Number.NaN })).toThrow();
  });

  it('resumes: keeps finished runs by id, re-queues the rest, follows a changed spec', () => {
    let first = createResults(spec);
    const ids = first.runs.map((e) => e.run.id);
    first = mergeRunResult(first, ids[0], fakeResult({ nli: 0.4 }));
    first = markRunning(first, ids[1]); // interrupted mid-run
    first = markFailed(first, ids[2], 'boom');

    const resumed = resumeResults(spec, parseResults(serializeResults(first)));
    expect(resumed.runs.map((e) => e.status)).toEqual(['done', 'pending', 'pending', 'pending']);
    expect(resumed.runs[0].result).toEqual(first.runs[0].result);
    expect(pendingRuns(resumed)).toHaveLength(3);

    // A wider spec keeps what is still part of it and adds the new runs.
    const wider = makeSpec('templates', { seeds: [1, 2, 3], templateCounts: [1, 10] });
    const widened = resumeResults(wider, first);
    expect(widened.runs).toHaveLength(6);
    expect(widened.runs.filter((e) => e.status === 'done').map((e) => e.run.id)).toEqual([ids[0]]);
    // A spec with other settings shares no runs.
    const other = resumeResults(makeSpec('templates', { seeds: [1, 2], templateCounts: [1, 10], steps: 99 }), first);
    expect(other.runs.every((e) => e.status === 'pending')).toBe(true);
    expect(resumeResults(spec)).toEqual(createResults(spec));
  });
});

describe('downsampleCurve', () => {
  it('keeps short curves and the ends of long ones', () => {
    const short = [
      { step: 0, loss: 2 },
      { step: 1, loss: Number.NaN },
    ];
    expect(downsampleCurve(short)).toEqual([
      { step: 0, loss: 2 },
      { step: 1, loss: null },
    ]);
    const long = Array.from({ length: 1001 }, (_, i) => ({ step: i * 10, loss: i }));
    const down = downsampleCurve(long, 5);
    // indices round(i · 1000 / 4) = 0, 250, 500, 750, 1000
    expect(down.map((p) => p.step)).toEqual([0, 2500, 5000, 7500, 10000]);
    expect(downsampleCurve(long)).toHaveLength(200);
  });
});
