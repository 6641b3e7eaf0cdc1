import { describe, expect, it } from 'vitest';
import { applyEvents, initialRunState, type RunState } from './runReducer';
import type { EngineEvent } from '../../core/engine/protocol';

const started: RunState = { ...initialRunState, runId: 'r1', status: 'starting' };
const step = (n: number, loss: number): EngineEvent => ({
  type: 'step',
  runId: 'r1',
  step: n,
  totalSteps: 3,
  loss,
  gradNorm: 1,
  lr: 0.001,
  tokensPerSec: 100,
  etaSec: 1,
});

describe('applyEvents', () => {
  it('follows a run from backend to done', () => {
    const s = applyEvents(started, [
      { type: 'backend', runId: 'r1', backend: 'wasm', failures: [] },
      step(1, 5),
      step(2, 4),
      { type: 'done', runId: 'r1', steps: 2, firstLoss: 5, finalLoss: 4, tokensPerSec: 100, wallTimeSec: 1, params: 10, backend: 'wasm' },
    ]);
    expect(s.status).toBe('done');
    expect(s.backend?.backend).toBe('wasm');
    expect(s.losses).toEqual([
      { step: 1, loss: 5 },
      { step: 2, loss: 4 },
    ]);
    expect(s.latest?.step).toBe(2);
  });

  it('ignores events of other runs and events after the end', () => {
    const other: EngineEvent = { ...step(1, 9), runId: 'old' } as EngineEvent;
    expect(applyEvents(started, [other])).toBe(started);
    const s = applyEvents(started, [{ type: 'error', runId: 'r1', kind: 'cancelled', message: 'x' }, step(1, 1)]);
    expect(s.status).toBe('cancelled');
    expect(s.losses).toEqual([]);
  });

  it('tracks pause and resume', () => {
    const paused = applyEvents({ ...started, status: 'running' }, [{ type: 'paused', runId: 'r1' }]);
    expect(paused.status).toBe('paused');
    expect(applyEvents(paused, [{ type: 'resumed', runId: 'r1' }]).status).toBe('running');
  });
});
