/** The crash path of EngineClient, with a fake Worker: a crash becomes an error event and a restart. */
import { describe, expect, it } from 'vitest';
import { EngineClient } from './engineClient';
import type { EngineEvent } from '../core/engine/protocol';

class FakeWorker extends EventTarget {
  terminated = false;
  postMessage(): void {} // never answers: we only exercise the crash path
  terminate(): void {
    this.terminated = true;
  }
  crash(message: string): void {
    const ev = new Event('error') as Event & { message: string };
    ev.message = message;
    this.dispatchEvent(ev);
  }
}

describe('EngineClient', () => {
  it('turns a worker crash into an error event for the running run and restarts the worker', () => {
    const workers: FakeWorker[] = [];
    const client = new EngineClient(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    });
    const events: EngineEvent[] = [];
    client.onEvent((e) => events.push(e));
    client.startTraining({ runId: 'r1', backend: 'wasm', preset: 'nano', steps: 10, batchSize: 2, lr: 1e-3, seed: 1, seqLen: 16 });
    workers[0].crash('Uncaught RangeError: Array buffer allocation failed');
    expect(events).toEqual([expect.objectContaining({ type: 'error', runId: 'r1', kind: 'oom' })]);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(client.restarts).toBe(1);
    workers[1].crash('idle crash'); // no run in flight: restart quietly
    expect(events).toHaveLength(1);
    client.dispose();
  });
});
