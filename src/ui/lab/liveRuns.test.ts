import { describe, expect, it } from 'vitest';
import { applyLiveEvents, overallFraction } from './liveRuns';

const step = (s: number, loss: number) => ({
  type: 'step' as const,
  runId: 'a',
  step: s,
  totalSteps: 10,
  loss,
  gradNorm: 1,
  lr: 1e-3,
  tokensPerSec: 100,
  etaSec: 1,
});

describe('applyLiveEvents', () => {
  it('follows stages and collects losses per run without mutating the previous state', () => {
    const s0 = applyLiveEvents({}, [{ type: 'stage', runId: 'a', stage: 'load', fraction: 0 }]);
    const s1 = applyLiveEvents(s0, [step(1, 3), step(2, 2.5), { type: 'paused', runId: 'a' }]);
    expect(s0.a.losses).toEqual([]);
    expect(s1.a.losses).toEqual([
      { step: 1, loss: 3 },
      { step: 2, loss: 2.5 },
    ]);
    expect(s1.a.stage).toBe('tune');
    expect(s1.a.paused).toBe(true);
    expect(overallFraction(s1.a, true)).toBeCloseTo(0.05 + 0.7 * 0.2);
    const s2 = applyLiveEvents(s1, [
      { type: 'stage', runId: 'a', stage: 'evaluate', fraction: 0.5 },
      { type: 'resumed', runId: 'a' },
    ]);
    expect(overallFraction(s2.a, true)).toBeCloseTo(0.75 + 0.125);
    expect(s2.a.paused).toBe(false);
  });
});
