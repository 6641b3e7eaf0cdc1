import { describe, expect, it } from 'vitest';
import { createResults, type Results } from '../../core/experiments/results';
import { quickSpec } from '../lab/labStore';
import { applyLiveEvents, freshLiveRun, type LiveRun } from '../lab/liveRuns';
import { evalWork } from '../lab/specFields';
import { sweepEta } from './sweepEta';

const results = createResults(quickSpec('main', { modelSize: 'nano', steps: 40 } as never));
const [base0, , , , tune0, tune1] = results.runs.map((e) => e.run);
const withStatus = (r: Results, status: Record<string, 'running' | 'pending'>): Results => ({
  ...r,
  runs: r.runs.map((e) => (status[e.run.id] ? { run: e.run, status: status[e.run.id] } : e)),
});
const step = (runId: string, s: number) => ({
  type: 'step' as const,
  runId,
  step: s,
  totalSteps: 40,
  loss: 1,
  gradNorm: 1,
  lr: 1e-3,
  tokensPerSec: 2000,
  etaSec: 40 - s,
});

describe('sweepEta', () => {
  it('times stages on the caller clock, and a finished evaluation gives the seconds per prompt', () => {
    let live: Record<string, LiveRun> = { [base0.id]: freshLiveRun(1000) };
    live = applyLiveEvents(live, [{ type: 'stage', runId: base0.id, stage: 'evaluate', fraction: 0 }], 1500);
    live = applyLiveEvents(live, [{ type: 'stage', runId: base0.id, stage: 'evaluate', fraction: 0.5 }], 2500);
    expect(live[base0.id].stageMs).toEqual({ load: 500 });
    // Half way through: the rate so far extrapolates (1 s for half the prompts → 1 s left).
    const mid = sweepEta(withStatus(results, { [base0.id]: 'running' }), base0.id, live, 2500);
    expect(mid.evaluate!.sec).toBeCloseTo(1);
    expect(mid.evaluate!.promptsPerSec).toBeCloseTo(evalWork(base0) / 2);
    expect(mid.tune).toBeNull();
    // Nothing tuned yet: the total leaves the tuning out and says so.
    expect(mid.sweep!.unmeasured).toBe("nano's first tuning");
    live = applyLiveEvents(live, [{ type: 'runDone', runId: base0.id, result: {} as never, records: [], recordsTotal: 0 }], 3500);
    expect(live[base0.id].stageMs).toEqual({ load: 500, evaluate: 2000 });
    expect(live[base0.id].ended).toBe(true);
  });

  it('while tuning: the trainer ETA and tokens/s, and a sweep total from measured rates only', () => {
    const evalSec = 2; // base0's whole evaluation
    let live: Record<string, LiveRun> = {
      [base0.id]: { ...freshLiveRun(0), stage: 'evaluate', stageMs: { load: 100, evaluate: evalSec * 1000 }, ended: true },
    };
    live = applyLiveEvents(live, [{ type: 'stage', runId: tune0.id, stage: 'load', fraction: 0 }], 0);
    live = applyLiveEvents(live, [step(tune0.id, 1), step(tune0.id, 10)], 1000);
    const pending = Object.fromEntries(results.runs.filter((e) => e.run.id !== base0.id).map((e) => [e.run.id, 'pending' as const]));
    const r0 = withStatus(results, { ...pending, [tune0.id]: 'running' });
    const r = { ...r0, runs: r0.runs.map((e) => (e.run.id === base0.id ? { run: e.run, status: 'done' as const, result: {} as never } : e)) };
    const eta = sweepEta(r, tune0.id, live, 1000);
    expect(eta.tune).toEqual({ sec: 30, tokensPerSec: 2000 });
    const perPrompt = evalSec / evalWork(base0);
    expect(eta.evaluate!.sec).toBeCloseTo(perPrompt * evalWork(tune0));
    // Pending: base runs 2-4 (evaluation only), tune1 shares tune0's tuning (no second tuning).
    const others = results.runs.filter((e) => e.run.id !== base0.id && e.run.id !== tune0.id).map((e) => e.run);
    expect(others).toContain(tune1);
    const expected = 30 + perPrompt * (evalWork(tune0) + others.reduce((n, o) => n + evalWork(o), 0));
    expect(eta.sweep!.sec).toBeCloseTo(expected);
    expect(eta.sweep!.unmeasured).toBeNull();
  });

  it('is empty when nothing runs', () => {
    expect(sweepEta(results, null, {}, 0)).toEqual({ tune: null, evaluate: null, sweep: null });
  });
});
