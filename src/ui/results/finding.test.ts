import { describe, expect, it } from 'vitest';
import { makeSpec } from '../../core/experiments/presets';
import { createResults, mergeRunResult, type Results, type RunResult } from '../../core/experiments/results';
import type { RunSpec } from '../../core/experiments/spec';
import { chanceLevel } from './chance';
import { findingOf, formatGain } from './finding';

function result(score: number): RunResult {
  const perCluster = Object.fromEntries(['nli', 'sentiment', 'closed_book_qa', 'commonsense'].map((c) => [c, score]));
  return { perTemplate: {}, perDataset: {}, perCluster, lossCurve: [], wallTimeSec: 1, tokensPerSec: 1, backend: 'wasm' };
}

function fill(r: Results, score: (run: RunSpec) => number): Results {
  for (const e of r.runs) r = mergeRunResult(r, e.run.id, result(score(e.run)));
  return r;
}

const main = (clusters: ('nli' | 'sentiment')[], seeds: number[]) => createResults(makeSpec('main', { heldOutClusters: clusters, seeds, evalExamples: 20 }));
const isBase0 = (run: RunSpec) => !run.tune && run.eval.k === 0 && run.eval.render === 'instructions';

describe('findingOf', () => {
  it('main, one cluster, 3 seeds: the paired gain and "raised" when the interval excludes 0', () => {
    // base 0.40 + small seed noise, tuned = base + 0.06 ± 0.01: paired, the interval is narrow.
    const noise = [0, 0.05, -0.03];
    const r = fill(main(['nli'], [1, 2, 3]), (run) => 0.4 + noise[run.seed - 1] + (run.tune ? 0.06 + 0.01 * (run.seed - 2) : isBase0(run) ? 0 : 0.2));
    const f = findingOf(r);
    expect(f.rows).toHaveLength(1);
    const row = f.rows[0];
    expect(row.gain!.mean).toBeCloseTo(6, 5);
    expect(row.gain!.n).toBe(3);
    expect(row.verdict).toBe('raised');
    expect(row.base!.mean).toBeCloseTo(40.67, 1);
    expect(f.sentence).toMatch(/^Instruction tuning raised held-out NLI by \+6\.0 ± \d\.\d points over 3 seeds\.$/);
    expect(row.chance).toBeGreaterThan(30);
    expect(row.chance).toBeLessThan(60);
  });

  it('says "no clear effect" when the interval includes 0', () => {
    const noise = [0.05, -0.05, 0.02];
    const r = fill(main(['nli'], [1, 2, 3]), (run) => 0.5 + (run.tune ? noise[run.seed - 1] : 0));
    const f = findingOf(r);
    expect(f.rows[0].verdict).toBe('unclear');
    expect(f.sentence).toMatch(/^Instruction tuning had no clear effect on held-out NLI: \+0\.7 ± \d+\.\d points over 3 seeds\.$/);
  });

  it('one seed: no verdict, and the sentence says so', () => {
    const r = fill(main(['nli'], [1]), () => 0.5);
    const f = findingOf(r);
    expect(f.rows[0].verdict).toBe('one-seed');
    expect(f.sentence).toMatch(/by \+0\.0 points on 1 seed; run more seeds/);
  });

  it('several clusters: counts raised / lowered / unclear in one sentence', () => {
    const r = fill(main(['nli', 'sentiment'], [1, 2]), (run) => {
      const up = run.heldOut[0] === 'nli' ? 0.1 : -0.1;
      return 0.5 + (run.tune ? up + 0.01 * run.seed : 0);
    });
    const f = findingOf(r);
    expect(f.rows.map((x) => x.verdict)).toEqual(['raised', 'lowered']);
    expect(f.sentence).toMatch(
      /^Over 2 seeds, instruction tuning raised 1 of 2 held-out clusters \(NLI \+11\.5 ± [\d.]+\) and lowered 1 \(sentiment −8\.5 ± [\d.]+\)\.$/,
    );
  });

  it('scale: one row per size; instructions: instructions against each alternative', () => {
    const scale = fill(
      createResults(makeSpec('scale', { sizes: ['nano', 'micro'], seeds: [1, 2], evalExamples: 10 })),
      (run) => 0.4 + (run.tune ? 0.02 * run.seed : 0),
    );
    const fs = findingOf(scale);
    expect(fs.rows.map((x) => x.label)).toEqual(['nano', 'micro']);
    expect(fs.rows[0].gain!.mean).toBeCloseTo(3, 5);
    const instr = fill(createResults(makeSpec('instructions', { seeds: [1, 2], evalExamples: 10 })), (run) =>
      run.tune?.render === 'instructions' && run.eval.render === 'instructions' ? 0.5 : 0.4 + 0.001 * run.seed,
    );
    const fi = findingOf(instr);
    expect(fi.rows.length).toBeGreaterThan(0);
    expect(fi.rows.every((x) => x.verdict === 'raised')).toBe(true);
    expect(fi.sentence).toMatch(/^Over 2 seeds, tuning with instructions beat \d of \d alternatives/);
  });

  it('formats gains with a real minus sign and no "−0.0"', () => {
    expect(formatGain({ mean: -2.04, lo: -3, hi: -1.08, n: 3 })).toBe('−2.0 ± 1.0');
    expect(formatGain({ mean: -0.01, lo: -0.01, hi: -0.01, n: 1 })).toBe('+0.0');
  });

  it('chance: majority class for fixed label sets, 1/options otherwise, 0 for generation', () => {
    expect(chanceLevel(['sentiment'], [1], 40)!).toBeGreaterThanOrEqual(0.5);
    expect(chanceLevel(['translation'], [1], 10)).toBe(0);
    const commonsense = chanceLevel(['commonsense'], [1], 20)!;
    expect(commonsense).toBeGreaterThan(0.2);
    expect(commonsense).toBeLessThan(0.6);
  });
});
