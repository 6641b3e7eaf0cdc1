/**
 * Results files (issue 17): every score range-checked, a mean within [min, max], runs that belong to the
 * file's spec (ids derived from it), and a checksum that catches an edit the schema cannot see.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeSpec } from './presets';
import { createResults, mergeRunResult, parseResults, serializeResults, type Results, type RunResult } from './results';

function result(score: number): RunResult {
  return {
    perTemplate: { rte_like: { t0: { acc: score, acc_norm: score } } },
    perDataset: { rte_like: { metric: 'acc', nTemplates: 1, mean: score, median: score, best: score, bestTemplate: 't0', spread: 0, min: score, max: score } },
    perCluster: { nli: score },
    lossCurve: [{ step: 0, loss: 3 }],
    wallTimeSec: 2,
    tokensPerSec: 50,
    backend: 'cpu',
  };
}

const spec = makeSpec('templates', { seeds: [1, 2], templateCounts: [1] });
const done: Results = createResults(spec).runs.reduce((r, e, i) => mergeRunResult(r, e.run.id, result(0.25 + i / 10)), createResults(spec));
const file = () => JSON.parse(serializeResults(done));
const errorOf = (data: unknown): string => {
  try {
    parseResults(data);
    return 'accepted';
  } catch (e) {
    expect(e).not.toBeInstanceOf(TypeError);
    return (e as Error).message;
  }
};

describe('scores', () => {
  it('impossible scores are refused, naming the value and where it is', () => {
    const forged = (mutate: (r: any) => void) => {
      const f = file();
      delete f.checksum; // as a hand-made file without one; the schema alone must catch these
      mutate(f.runs[0].result);
      return errorOf(f);
    };
    expect(forged((r) => (r.perCluster.nli = -1e300))).toMatch(/score -1e\+300 is outside 0..1[\s\S]*perCluster.nli/);
    expect(forged((r) => (r.perCluster.nli = 1e21))).toMatch(/score 1e\+21 is outside/);
    expect(forged((r) => (r.perDataset.rte_like.max = 101))).toMatch(/score 101 is outside/);
    expect(forged((r) => (r.perTemplate.rte_like.t0.acc = 1.01))).toMatch(/perTemplate.rte_like.t0.acc/);
    expect(forged((r) => (r.perDataset.rte_like.mean = 0.9))).toMatch(/mean 0.9 is outside \[min 0.25, max 0.25\]/);
    expect(forged((r) => Object.assign(r.perDataset.rte_like, { min: 0.6, max: 0.2 }))).toMatch(/min 0.6 is above max 0.2/);
    expect(forged((r) => (r.lossCurve[0].loss = -2))).toMatch(/malformed/);
    expect(forged((r) => (r.perCluster.nli = 0.5))).toBe('accepted');
  });

  it('a mean of equal scores a hair above their max (floating point) is fine, as in the reference files', () => {
    const f = file();
    delete f.checksum;
    Object.assign(f.runs[0].result.perDataset.rte_like, { mean: 0.4699999999999999, min: 0.47, max: 0.47, median: 0.47, best: 0.47 });
    expect(errorOf(f)).toBe('accepted');
  });
});

describe('runs belong to the spec', () => {
  it('a forged id, a run of another experiment, or changed run settings are refused', () => {
    const forged = (mutate: (f: any) => void) => {
      const f = file();
      delete f.checksum;
      mutate(f);
      return errorOf(f);
    };
    expect(forged((f) => (f.runs[0].run.id = 'base-tiny-s1-000000000000'))).toMatch(
      /does not match its experiment: run 1 \(base-tiny-s1-000000000000\) is not a run/,
    );
    const other = createResults(makeSpec('templates', { seeds: [1, 2], templateCounts: [1], steps: 99 }));
    expect(forged((f) => (f.runs[1] = other.runs[1]))).toMatch(/run 2 .* is not a run of the file's settings/);
    expect(forged((f) => (f.runs[0].run.seed = 7))).toMatch(/run 1 .* has settings that do not match its id/);
    expect(forged((f) => (f.spec.steps = 99))).toMatch(/is not a run of the file's settings/);
  });
});

describe('checksum', () => {
  it('is written and verified; an in-range edit the schema cannot see is caught', () => {
    expect(file().checksum).toMatch(/^crc32:[0-9a-f]{8}$/);
    expect(parseResults(serializeResults(done))).toEqual(done);
    const edited = file();
    edited.runs[0].result.perCluster.nli = 0.99;
    expect(errorOf(edited)).toMatch(/corrupt or was edited: its checksum does not match/);
    const text = serializeResults(done);
    expect(errorOf(text.replace('"backend": "cpu"', '"backend": "cpv"'))).toMatch(/checksum does not match/);
    // Whitespace and key order are not contents.
    expect(errorOf(JSON.stringify(JSON.parse(text)))).toBe('accepted');
    expect(errorOf({ ...file(), checksum: 42 })).toMatch(/"checksum" must be a string/);
  });

  it('files from before the checksum (the reference runs) still open', () => {
    const reference = JSON.parse(readFileSync('docs/results/main-tiny-h100.json', 'utf8'));
    expect(reference.checksum).toBeUndefined();
    expect(parseResults(reference).runs.length).toBe(reference.runs.length);
  });
});
