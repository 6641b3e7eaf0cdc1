/**
 * The UI side of the engine worker. It owns the Worker, wraps it with Comlink and forwards every
 * protocol event to its listeners. If the worker dies (an uncaught error, or a lost GPU device that
 * leaves tfjs unusable), the running run gets an 'error' event and a fresh worker takes its place,
 * so the next click on Train just works.
 */
import * as Comlink from 'comlink';
import type { BenchmarkCommand, EngineApi, EngineEvent, EngineEventListener, StartTraining, BackendEventData, CheckpointCheck, TemplatesByDataset } from '../../workers/protocol';
import type { RunSpec } from '../core/experiments/spec';
import { classifyError } from '../../workers/errors';

export type WorkerFactory = () => Worker;

const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'tinyflan-engine' });

export class EngineClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<EngineApi> | null = null;
  /** The run the worker is busy with, so a crash can be pinned on it. */
  private runningRunId: string | null = null;
  private readonly listeners = new Set<EngineEventListener>();
  /** Counts restarts, for the UI and tests ("the engine restarted"). */
  restarts = 0;

  constructor(private readonly createWorker: WorkerFactory = defaultWorkerFactory) {}

  onEvent(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  startTraining(cmd: StartTraining): void {
    const api = this.ensureWorker();
    this.runningRunId = cmd.runId;
    api.startTraining(cmd).catch((e: unknown) => {
      // Only reached if the message itself could not be delivered; run failures arrive as events.
      this.deliver({ type: 'error', runId: cmd.runId, kind: 'other', message: `Could not reach the engine: ${String(e)}` });
    });
  }

  /** One benchmark measurement; its outcome arrives as 'benchResult', 'benchUnavailable' or 'error'. */
  benchmark(cmd: BenchmarkCommand): void {
    const api = this.ensureWorker();
    this.runningRunId = cmd.runId;
    api.benchmark(cmd).catch((e: unknown) => {
      this.deliver({ type: 'error', runId: cmd.runId, kind: 'other', message: `Could not reach the engine: ${String(e)}` });
    });
  }

  runExperimentRun(runId: string, run: RunSpec, templates?: TemplatesByDataset): void {
    const api = this.ensureWorker();
    this.runningRunId = runId;
    api.runExperimentRun(runId, run, templates).catch((e: unknown) => {
      this.deliver({ type: 'error', runId, kind: 'other', message: `Could not reach the engine: ${String(e)}` });
    });
  }

  /** Copies the bytes (the caller stores them in IndexedDB afterwards if they pass). */
  async checkCheckpoint(bytes: Uint8Array): Promise<CheckpointCheck> {
    return this.ensureWorker().checkCheckpoint(bytes);
  }

  pause(runId: string): void {
    void this.api?.pause(runId);
  }

  resume(runId: string): void {
    void this.api?.resume(runId);
  }

  cancel(runId: string): void {
    void this.api?.cancel(runId);
  }

  async getBackendInfo(): Promise<BackendEventData | null> {
    return this.ensureWorker().getBackendInfo();
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.runningRunId = null;
  }

  private ensureWorker(): Comlink.Remote<EngineApi> {
    if (this.api) return this.api;
    const worker = this.createWorker();
    worker.addEventListener('error', (ev) => this.onWorkerCrash(worker, ev));
    worker.addEventListener('messageerror', () => this.onWorkerCrash(worker, new ErrorEvent('error', { message: 'a message from the engine could not be read' })));
    const api = Comlink.wrap<EngineApi>(worker);
    void api.subscribe(Comlink.proxy((event: EngineEvent) => this.onWorkerEvent(event)));
    this.worker = worker;
    this.api = api;
    return api;
  }

  private onWorkerEvent(event: EngineEvent): void {
    const ends = event.type === 'done' || event.type === 'runDone' || event.type === 'error' || event.type === 'benchResult' || event.type === 'benchUnavailable';
    if (ends && event.runId === this.runningRunId) this.runningRunId = null;
    this.deliver(event);
    // A lost device leaves tfjs holding a dead GPU backend; only a fresh worker (fresh tfjs) recovers.
    if (event.type === 'error' && event.kind === 'device-lost') this.restart();
  }

  private onWorkerCrash(worker: Worker, ev: ErrorEvent): void {
    if (worker !== this.worker) return; // an old worker's last gasp
    ev.preventDefault?.(); // we report it ourselves; keep it out of the console as an "uncaught" error
    const runId = this.runningRunId;
    const detail = ev.message || 'unknown error';
    this.restart();
    if (runId) {
      const kind = classifyError(detail);
      this.deliver({ type: 'error', runId, kind: kind === 'cancelled' ? 'other' : kind, message: `The engine worker crashed (${detail}); it has been restarted.` });
    }
  }

  private restart(): void {
    this.dispose();
    this.restarts += 1;
    this.ensureWorker();
  }

  private deliver(event: EngineEvent): void {
    for (const l of this.listeners) l(event);
  }
}

let shared: EngineClient | null = null;

/** The page's one engine (one worker): training runs are serialised through it. */
export function getEngine(): EngineClient {
  shared ??= new EngineClient();
  return shared;
}
