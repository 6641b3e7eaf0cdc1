/** runSweep's queue: resume keeps finished runs, failures are recorded and the queue goes on, stop/cancel end it. */
import { describe, expect, it } from 'vitest';
import { makeSpec } from './presets';
import { createResults, type Results, type RunResult } from './results';
import { runSweep, sweepQueue, type SweepRunOutcome } from './sweep';

const spec = makeSpec('main', { seeds: [1], heldOutClusters: ['nli'], modelSize: 'nano', steps: 4, batchSize: 2, evalExamples: 4, backend: 'cpu' });

/** A result whose score tells a test which sweep recorded it. */
function resultFor(score: number): RunResult {
  return {
    perCluster: { nli: score },
    perDataset: {},
    perTemplate: {},
    lossCurve: [],
    wallTimeSec: 0,
    tokensPerSec: 0,
    backend: 'cpu',
  } as unknown as RunResult;
}

describe('runSweep', () => {
  const ids = createResults(spec).runs.map((e) => e.run.id);

  it('runs the pending runs in results order, keeps finished ones, and records every start and end', async () => {
    const first = await runSweep({ spec, include: (r) => r.id === ids[0], execute: async () => ({ status: 'done', result: resultFor(0.5) }) });
    expect(first.executed.map((e) => e.run.id)).toEqual([ids[0]]);
    const seen: string[] = [];
    const second = await runSweep({
      spec,
      previous: first.results,
      execute: async () => ({ status: 'done', result: resultFor(0.25) }),
      onProgress: (r: Results, e) => void seen.push(`${e.type} ${e.run.id} ${r.runs.find((x) => x.run.id === e.run.id)!.status}`),
    });
    expect(second.ended).toBe('complete');
    expect(second.executed.map((e) => e.run.id)).toEqual(ids.slice(1));
    expect(seen.slice(0, 2)).toEqual([`started ${ids[1]} running`, `finished ${ids[1]} done`]);
    expect(second.results.runs.map((e) => e.result?.perCluster.nli)).toEqual([0.5, ...ids.slice(1).map(() => 0.25)]);
    expect(sweepQueue(second.results)).toEqual([]);
  });

  it('records a thrown error as the run failing and goes on; a stopSweep failure ends the sweep', async () => {
    const outcomes: Record<number, SweepRunOutcome | Error> = { 0: new Error('boom'), 2: { status: 'failed', reason: 'device lost', stopSweep: true } };
    let i = 0;
    const s = await runSweep({
      spec,
      execute: async () => {
        const o = outcomes[i++] ?? { status: 'done', result: resultFor(1) };
        if (o instanceof Error) throw o;
        return o;
      },
    });
    expect(s.ended).toBe('stopped');
    expect(s.results.runs.slice(0, 4).map((e) => [e.status, e.error ?? null])).toEqual([
      ['failed', 'boom'],
      ['done', null],
      ['failed', 'device lost'],
      ['pending', null],
    ]);
  });

  it('puts a cancelled run back to pending and runs nothing after an abort', async () => {
    const abort = new AbortController();
    const s = await runSweep({
      spec,
      signal: abort.signal,
      execute: async (run) => (run.id === ids[1] ? (abort.abort(), { status: 'cancelled' }) : { status: 'done', result: resultFor(1) }),
    });
    expect(s.ended).toBe('cancelled');
    expect(s.executed.map((e) => e.run.id)).toEqual(ids.slice(0, 2));
    expect(s.results.runs.slice(0, 3).map((e) => e.status)).toEqual(['done', 'pending', 'pending']);
  });
});
