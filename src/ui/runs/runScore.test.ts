import { describe, expect, it } from 'vitest';
import { createResults, type RunResult } from '../../core/experiments/results';
import { quickSpec } from '../lab/labStore';
import { heldOutScore, heldOutScoreText } from './runScore';

const result = (perCluster: RunResult['perCluster']): RunResult => ({
  perTemplate: {},
  perDataset: {},
  perCluster,
  lossCurve: [],
  wallTimeSec: 1,
  tokensPerSec: 1,
  backend: 'wasm',
});

describe('heldOutScore', () => {
  const entry = createResults(quickSpec('main', { heldOutClusters: ['nli', 'sentiment'] } as never)).runs.find((e) => e.run.heldOut.length === 1)!;

  it('is the mean of the held-out clusters only, in percent', () => {
    const held = entry.run.heldOut[0];
    const done = { ...entry, status: 'done' as const, result: result({ [held]: 0.25, commonsense: 0.9 }) };
    expect(heldOutScore(done)).toBeCloseTo(25);
    expect(heldOutScoreText(done)).toBe('held-out 25.0%');
  });

  it('averages several held-out clusters', () => {
    const two = {
      ...entry,
      run: { ...entry.run, heldOut: ['nli', 'sentiment'] as never },
      status: 'done' as const,
      result: result({ nli: 0.5, sentiment: 0.25 }),
    };
    expect(heldOutScore(two)).toBeCloseTo(37.5);
  });

  it('is null for a run without a result or without a held-out score', () => {
    expect(heldOutScore(entry)).toBeNull();
    expect(heldOutScore({ ...entry, status: 'done', result: result({}) })).toBeNull();
  });
});
