/** The watchdog's verdicts, counted in heartbeats (fake timers), and EngineClient acting on them. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Watchdog, type WatchdogVerdict } from './watchdog';
import { EngineClient } from './engineClient';

const OPTIONS = { heartbeatMs: 1000, maxMissed: 5, cancelGraceBeats: 2 };

function setup(probe: { answers: boolean; alive: boolean | null }) {
  const verdicts: WatchdogVerdict[] = [];
  const dog = new Watchdog(
    {
      ping: () => (probe.answers ? Promise.resolve(true) : new Promise(() => undefined)),
      alive: () => Promise.resolve(probe.alive),
    },
    OPTIONS,
    (v) => verdicts.push(v),
  );
  return { dog, verdicts };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Watchdog', () => {
  it('never fires while the worker answers, however long the run', async () => {
    const { dog, verdicts } = setup({ answers: true, alive: true });
    dog.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(verdicts).toEqual([]);
    dog.stop();
  });

  it('keeps a busy worker (lock held, no pong) alive while events arrive', async () => {
    const { dog, verdicts } = setup({ answers: false, alive: true });
    dog.start();
    for (let i = 0; i < 20; i++) {
      dog.lifeSign();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(verdicts).toEqual([]);
    dog.stop();
  });

  it('declares a worker without its lock dead at the next beat', async () => {
    const probe = { answers: true, alive: true as boolean | null };
    const { dog, verdicts } = setup(probe);
    dog.start();
    await vi.advanceTimersByTimeAsync(3000);
    probe.alive = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(verdicts).toEqual(['dead']);
    expect(dog.watching).toBe(false);
  });

  it('declares a silent worker hung after maxMissed beats, not before', async () => {
    const { dog, verdicts } = setup({ answers: false, alive: null });
    dog.start();
    await vi.advanceTimersByTimeAsync(4000);
    expect(verdicts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(verdicts).toEqual(['hung']);
  });

  it('ends a cancelled run that does not stop: soon when silent, later when lively', async () => {
    const silent = setup({ answers: false, alive: null });
    silent.dog.start();
    silent.dog.cancelled();
    await vi.advanceTimersByTimeAsync(2000);
    expect(silent.verdicts).toEqual(['cancel-timeout']);

    const lively = setup({ answers: true, alive: true });
    lively.dog.start();
    lively.dog.cancelled();
    await vi.advanceTimersByTimeAsync(5000);
    expect(lively.verdicts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(lively.verdicts).toEqual(['cancel-timeout']);
  });

  it('checks liveness at once on Cancel', async () => {
    const { dog, verdicts } = setup({ answers: false, alive: false });
    dog.start();
    dog.cancelled();
    await vi.advanceTimersByTimeAsync(0);
    expect(verdicts).toEqual(['dead']);
  });
});

class SilentWorker extends EventTarget {
  terminated = false;
  postMessage(): void {} // a hung worker: never answers
  terminate(): void {
    this.terminated = true;
  }
}

describe('EngineClient watchdog', () => {
  it('fails a run whose worker stopped answering, restarts it, and ends a cancelled one', async () => {
    const workers: SilentWorker[] = [];
    const client = new EngineClient(
      () => {
        const w = new SilentWorker();
        workers.push(w);
        return w as unknown as Worker;
      },
      { watchdog: OPTIONS, locks: null },
    );
    const r1 = client
      .startTraining({ runId: 'r1', backend: 'wasm', preset: 'nano', steps: 10, batchSize: 2, lr: 1e-3, seed: 1, seqLen: 16 })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await r1).toEqual(expect.objectContaining({ name: 'EngineError', runId: 'r1', kind: 'unresponsive' }));
    expect(workers[0].terminated).toBe(true);
    expect(client.restarts).toBe(1);

    const cancel = new AbortController();
    const r2 = client
      .startTraining({ runId: 'r2', backend: 'wasm', preset: 'nano', steps: 10, batchSize: 2, lr: 1e-3, seed: 1, seqLen: 16 }, { signal: cancel.signal })
      .catch((e: unknown) => e);
    cancel.abort();
    await vi.advanceTimersByTimeAsync(2000);
    expect(await r2).toEqual(expect.objectContaining({ name: 'EngineError', runId: 'r2', kind: 'cancelled' }));
    expect(client.restarts).toBe(2);
    client.dispose();
  });
});
