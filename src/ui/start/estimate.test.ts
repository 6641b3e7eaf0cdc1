import { describe, expect, it } from 'vitest';
import { expandRuns } from '../../core/experiments/presets';
import { quickSpec } from '../lab/labStore';
import type { BenchTableRow } from '../stores/benchStore';
import { benchTableRow } from '../stores/bench-rows.fixture';
import { basisText, liveEstimate, measurementsOf } from './estimate';

const row = (preset: 'nano' | 'micro', backend: string, tokensPerSec: number, state: BenchTableRow['state'] = 'done'): BenchTableRow =>
  benchTableRow(preset, backend, { tokensPerSec }, state);

describe('live estimate', () => {
  const runs = expandRuns(quickSpec('main'));
  it('gives no number without a measurement of every size', () => {
    expect(liveEstimate(runs, [], null)).toEqual({ kind: 'unmeasured', missing: ['micro'] });
    expect(liveEstimate(runs, [row('micro', 'wasm', 20_000, 'error')], null).kind).toBe('unmeasured');
    expect(liveEstimate(expandRuns(quickSpec('scale')), [row('micro', 'wasm', 20_000)], null)).toEqual({ kind: 'unmeasured', missing: ['nano'] });
  });
  it('scales with the measured speed', () => {
    const fast = liveEstimate(runs, [row('micro', 'wasm', 40_000)], null);
    const slow = liveEstimate(runs, [row('micro', 'wasm', 10_000)], null);
    expect(fast.kind).toBe('measured');
    if (fast.kind !== 'measured' || slow.kind !== 'measured') return;
    expect(slow.seconds).toBeGreaterThan(fast.seconds * 1.2);
    expect(basisText(fast.basis)).toBe('micro 40k tokens/s on wasm');
  });
  it("prefers a measurement on the lab's backend", () => {
    const rows = [row('micro', 'webgpu', 90_000), row('micro', 'wasm', 20_000)];
    expect(measurementsOf(rows, 'webgpu').get('micro')?.backend).toBe('webgpu');
    expect(measurementsOf(rows, 'wasm').get('micro')?.backend).toBe('wasm');
    expect(measurementsOf(rows, null).get('micro')?.backend).toBe('wasm'); // the latest
  });
});

describe('measurements from live runs', () => {
  it('counts a tuned run of this browser, not an external engine', async () => {
    const { tuningMeasurements } = await import('./estimate');
    const run = (backend: string, tune: boolean) => ({
      status: 'done',
      run: { modelSize: 'micro', tune: tune ? {} : undefined },
      result: { tokensPerSec: 12_000, backend },
    });
    const results = { runs: [run('wasm', true), run('wasm', false), run('pytorch (tune) + wasm (eval)', true)] } as never;
    expect(tuningMeasurements(results)).toEqual([{ size: 'micro', tokensPerSec: 12_000, backend: 'wasm' }]);
    const est = liveEstimate(expandRuns(quickSpec('main')), [], null, tuningMeasurements(results));
    expect(est.kind).toBe('measured');
  });
});

describe('wall time of finished runs', () => {
  it('sums the runs when all of them finished, else gives none', async () => {
    const { wallTimeOf } = await import('./estimate');
    const runs = expandRuns(quickSpec('main'));
    const results = (status: string) => ({ runs: runs.map((run) => ({ run, status, result: status === 'done' ? { wallTimeSec: 10 } : undefined })) }) as never;
    expect(wallTimeOf(runs, results('done'))).toBe(10 * runs.length);
    expect(wallTimeOf(runs, results('pending'))).toBeNull();
    expect(wallTimeOf(runs, null)).toBeNull();
  });
});
