/**
 * Resuming a tuning: train k steps, save (model, optimizer, step, curve), stop; a fresh Runner loads the
 * save and continues — and the run's numbers equal those of an uninterrupted run (same seed, Node cpu).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../model/backend';
import { makeSpec } from './presets';
import { createResults, type RunResult } from './results';
import { Runner } from './runner';
import type { TuneSave, TuneSaveStore } from './runner-resume';

const nano = new Uint8Array(readFileSync(join(__dirname, '../../../public/models/nano.safetensors')));
const spec = makeSpec('main', {
  seeds: [1],
  heldOutClusters: ['nli'],
  modelSize: 'nano',
  steps: 8,
  batchSize: 2,
  evalExamples: 4,
  evalTemplatesPerDataset: 1,
  templatesPerDataset: 1,
  backend: 'cpu',
});
const run = createResults(spec)
  .runs.map((e) => e.run)
  .find((r) => r.kind === 'tune-eval')!;

/** An in-memory save store that saves after step `at` only. */
function memoryStore(at: number): TuneSaveStore & { saves: Map<string, TuneSave>; loaded: number[] } {
  const saves = new Map<string, TuneSave>();
  const loaded: number[] = [];
  return {
    saves,
    loaded,
    load: async (id) => {
      const s = saves.get(id);
      if (s) loaded.push(s.step);
      return s;
    },
    save: async (s) => void saves.set(s.tuneId, s),
    clear: async (id) => void saves.delete(id),
    due: (step) => step === at,
  };
}

const withoutTimings = (r: RunResult) => ({ ...r, wallTimeSec: 0, tokensPerSec: 0 });

beforeAll(async () => {
  await initBackend('cpu');
});

describe('a tuning saved at step k and resumed', () => {
  it('ends with the numbers of an uninterrupted run', async () => {
    const env = { baseCheckpoint: async () => nano, backend: 'cpu' };
    const straight = await new Runner(env).execute(run);

    const store = memoryStore(3);
    const stop = new AbortController();
    const interrupted = new Runner({ ...env, tuneSaves: store }).execute(run, {
      signal: stop.signal,
      // the save after step 3 has happened once step 4 is reported: interrupt there, as a reload would
      onEvent: (e) => e.step && e.step.step >= 4 && store.saves.size > 0 && stop.abort(),
    });
    await expect(interrupted).rejects.toThrow(/cancel/i);
    expect(store.saves.get(run.tuneId!)?.step).toBe(3);

    const resumed = await new Runner({ ...env, tuneSaves: store }).execute(run);
    expect(store.loaded).toEqual([3]);
    expect(store.saves.size).toBe(0); // a finished tuning leaves no save behind
    expect(withoutTimings(resumed.result)).toEqual(withoutTimings(straight.result));
    expect(resumed.result.lossCurve.length).toBeGreaterThan(3);
  }, 300_000);

  it('ignores a save made from another base checkpoint', async () => {
    const store = memoryStore(3);
    store.saves.set(run.tuneId!, { tuneId: run.tuneId!, step: 3, totalSteps: 8, bytes: nano, curve: [], context: 'another base', savedAt: 0 });
    const out = await new Runner({ baseCheckpoint: async () => nano, backend: 'cpu', tuneSaves: { ...store, due: () => false } }).execute(run);
    expect(store.loaded).toEqual([3]);
    expect(out.result.lossCurve[0].step).toBe(1); // tuned from step 0
  }, 300_000);
});
