/**
 * The worker's run control with the evaluator: pause and cancel act within one batch of evaluation
 * (evaluate awaits the gate before each batch), and an abort nobody asked for is not a cancel.
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type RenderedItem, type Scorer } from '../src/core/eval/evaluate';
import { gateFor, newRun, releaseWaiters, whyInterrupted } from './runControl';

const codec = { encode: (s: string) => [...s].map((c) => c.charCodeAt(0)), decode: (ids: number[]) => String.fromCharCode(...ids) };
const items: RenderedItem[] = Array.from({ length: 40 }, (_, i) => ({
  input: `q${i}`,
  target: 'yes',
  options: ['yes', 'no'],
  dataset: 'rte',
  templateId: 't0',
}));

/**
 * A scorer like the wasm backend: each batch computes synchronously (~35 ms, more than the gate's
 * yield interval) and resolves as a microtask, so without the gate no message could get in.
 */
function countingScorer(onBatch: (n: number) => void): Scorer {
  let batches = 0;
  return {
    scoreContinuations: async (reqs) => {
      const until = performance.now() + 35;
      while (performance.now() < until);
      onBatch(++batches);
      return reqs.map(() => -1);
    },
    generate: async (prompts) => prompts.map(() => []),
  };
}

describe('run control in evaluation', () => {
  it('cancel takes effect before the next batch', async () => {
    const run = newRun('r1');
    let seen = 0;
    // In the worker the cancel message is handled during the gate's yield; Node's MessagePort drains
    // its own queue first (no browser-like task interleaving), so the test aborts from the batch itself.
    const scorer = countingScorer((n) => {
      seen = n;
      if (n === 2) run.abort.abort();
    });
    const evaluation = evaluate(scorer, items, { codec, batchSize: 4, signal: run.abort.signal, gate: () => gateFor(run) });
    await expect(evaluation).rejects.toThrow();
    expect(seen).toBe(2); // 10 batches in all: none started after the cancel
  });

  it('pause holds the next batch until resume', async () => {
    const run = newRun('r2');
    let seen = 0;
    const scorer = countingScorer((n) => {
      seen = n;
      if (n === 1) run.paused = true;
    });
    const evaluation = evaluate(scorer, items, { codec, batchSize: 4, signal: run.abort.signal, gate: () => gateFor(run) });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toBe(1);
    run.paused = false;
    releaseWaiters(run);
    await evaluation;
    expect(seen).toBe(10);
  });

  it('an abort without a user cancel is a lost device when one is reported, else a failure', async () => {
    expect(await whyInterrupted(Promise.resolve('destroyed: device was destroyed'), 'mapAsync aborted')).toEqual({
      kind: 'device-lost',
      message: 'destroyed: device was destroyed',
    });
    const other = await whyInterrupted(null, 'mapAsync aborted');
    expect(other.kind).toBe('other');
    expect(other.message).toMatch(/not cancelled/);
  });
});
