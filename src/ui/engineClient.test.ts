/**
 * EngineClient's promises: a run call resolves to the worker's outcome with its progress on the way,
 * abort cancels it, and a worker crash rejects it with a typed EngineError (and restarts the worker).
 * The "worker" is a MessageChannel with a small fake engine exposed through Comlink on the far end.
 */
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { EngineClient } from './engineClient';
import { EngineError } from '../core/engine/errors';
import type { EngineEvent, EngineEventListener, StartTraining, TrainOutcome } from '../core/engine/protocol';

const TRAIN: StartTraining = { runId: 'r1', backend: 'wasm', preset: 'nano', steps: 3, batchSize: 2, lr: 1e-3, seed: 1, seqLen: 16 };

/**
 * A fake engine: training emits one step per tick until it has done its steps or is cancelled. Like the
 * worker, it returns an outcome only after its progress was delivered.
 */
function fakeEngine() {
  let listener: EngineEventListener | null = null;
  const cancelled = new Set<string>();
  return {
    subscribe(l: EngineEventListener) {
      listener = l;
    },
    async startTraining(cmd: StartTraining): Promise<TrainOutcome> {
      for (let step = 1; step <= cmd.steps; step++) {
        await new Promise((r) => setTimeout(r, 5));
        if (cancelled.has(cmd.runId)) return { type: 'error', runId: cmd.runId, kind: 'cancelled', message: 'Training was cancelled.' };
        await listener?.({ type: 'step', runId: cmd.runId, step, totalSteps: cmd.steps, loss: 5 - step } as EngineEvent);
      }
      return {
        type: 'done',
        runId: cmd.runId,
        steps: cmd.steps,
        firstLoss: 4,
        finalLoss: 5 - cmd.steps,
        tokensPerSec: 1,
        wallTimeSec: 1,
        params: 1,
        backend: 'wasm',
      };
    },
    cancel(runId: string) {
      cancelled.add(runId);
    },
    ping: () => true,
    holdLock: async () => false,
  };
}

/** Looks like a Worker to EngineClient; `hang` makes it swallow every message (a worker that never answers). */
class ChannelWorker extends EventTarget {
  terminated = false;
  private readonly port: MessagePort;
  constructor(hang = false) {
    super();
    const { port1, port2 } = new MessageChannel();
    if (!hang) Comlink.expose(fakeEngine(), port2);
    this.port = port1;
    port1.onmessage = (ev) => this.dispatchEvent(new MessageEvent('message', { data: ev.data }));
  }
  postMessage(data: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(data, transfer);
  }
  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
  crash(message: string): void {
    const ev = new Event('error') as Event & { message: string };
    ev.message = message;
    this.dispatchEvent(ev);
  }
}

function client(hang = false) {
  const workers: ChannelWorker[] = [];
  const engine = new EngineClient(
    () => {
      const w = new ChannelWorker(hang);
      workers.push(w);
      return w as unknown as Worker;
    },
    { locks: null },
  );
  return { engine, workers };
}

describe('EngineClient', () => {
  it("resolves a run to the worker's outcome and hands it that run's progress on the way", async () => {
    const { engine } = client();
    const progress: EngineEvent[] = [];
    const outcome = await engine.startTraining(TRAIN, { onProgress: (e) => progress.push(e) });
    expect(outcome).toEqual(expect.objectContaining({ type: 'done', runId: 'r1', steps: 3, finalLoss: 2 }));
    expect(progress.map((e) => (e.type === 'step' ? e.step : null))).toEqual([1, 2, 3]);
    expect(progress.every((e) => e.runId === 'r1')).toBe(true);
    engine.dispose();
  });

  it('cancels the run when its signal aborts: the call resolves to a cancelled failure', async () => {
    const { engine } = client();
    const abort = new AbortController();
    const outcome = engine.startTraining(
      { ...TRAIN, steps: 1000 },
      { signal: abort.signal, onProgress: (e) => e.type === 'step' && e.step === 2 && abort.abort() },
    );
    expect(await outcome).toEqual(expect.objectContaining({ type: 'error', runId: 'r1', kind: 'cancelled' }));
    engine.dispose();
  });

  it('rejects the pending call with an EngineError when the worker crashes, and restarts the worker', async () => {
    const { engine, workers } = client(true);
    const pending = engine.startTraining(TRAIN);
    workers[0].crash('Uncaught RangeError: Array buffer allocation failed');
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toEqual(expect.objectContaining({ runId: 'r1', kind: 'oom' }));
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(engine.restarts).toBe(1);
    workers[1].crash('idle crash'); // no run in flight: restart quietly
    expect(engine.restarts).toBe(2);
    engine.dispose();
  });
});
