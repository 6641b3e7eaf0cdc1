/**
 * The UI side of the engine worker. It owns the Worker, wraps it with Comlink and forwards every
 * protocol event to its listeners. If the worker dies (an uncaught error, or a lost GPU device that
 * leaves tfjs unusable), the running run gets an 'error' event and a fresh worker takes its place,
 * so the next click on Train just works. A worker that dies without an error event, or stops
 * answering, is caught by the watchdog (watchdog.ts), which does the same; and a Cancel the worker
 * does not act on is carried out here, so Cancel always ends the run.
 */
import * as Comlink from 'comlink';
import {
  ENGINE_LOCK_PREFIX,
  type BenchmarkCommand,
  type EngineApi,
  type EngineEvent,
  type EngineEventListener,
  type StartTraining,
  type BackendEventData,
  type BackendChoiceName,
  type CheckpointCheck,
  type TryPromptResult,
} from '../core/engine/protocol';
import type { TemplatesByDataset } from '../core/tasks/types';
import type { RunSpec } from '../core/experiments/spec';
import { classifyError } from '../core/engine/errors';
import { DEFAULT_WATCHDOG, Watchdog, type WatchdogOptions, type WatchdogVerdict } from './watchdog';

export type WorkerFactory = () => Worker;

export interface EngineClientOptions {
  watchdog?: Partial<WatchdogOptions>;
  /** The Web Locks manager that tells a gone worker from a busy one; default navigator.locks. */
  locks?: Pick<LockManager, 'query'> | null;
}

const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'tinyflan-engine' });

export class EngineClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<EngineApi> | null = null;
  /** The run the worker is busy with, so a crash can be pinned on it. */
  private runningRunId: string | null = null;
  private readonly listeners = new Set<EngineEventListener>();
  /** Runs the user cancelled: only those may end as 'cancelled' (an aborted GPU readback is no cancel). */
  private readonly userCancelled = new Set<string>();
  /** The current worker's liveness lock, once the worker holds it. */
  private lockName: string | null = null;
  private readonly locks: Pick<LockManager, 'query'> | null;
  private readonly watchdog: Watchdog;
  /** Counts restarts, for the UI and tests ("the engine restarted"). */
  restarts = 0;

  constructor(
    private readonly createWorker: WorkerFactory = defaultWorkerFactory,
    options: EngineClientOptions = {},
  ) {
    this.locks = options.locks !== undefined ? options.locks : (globalThis.navigator?.locks ?? null);
    this.watchdog = new Watchdog(
      { ping: () => this.api?.ping() ?? new Promise(() => undefined), alive: () => this.workerAlive() },
      { ...DEFAULT_WATCHDOG, ...options.watchdog },
      (verdict) => this.onWatchdog(verdict),
    );
  }

  onEvent(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  startTraining(cmd: StartTraining): void {
    const api = this.ensureWorker();
    this.begin(cmd.runId);
    api.startTraining(cmd).catch((e: unknown) => {
      // Only reached if the message itself could not be delivered; run failures arrive as events.
      this.deliver({ type: 'error', runId: cmd.runId, kind: 'other', message: `Could not reach the engine: ${String(e)}` });
    });
  }

  /** One benchmark measurement; its outcome arrives as 'benchResult', 'benchUnavailable' or 'error'. */
  benchmark(cmd: BenchmarkCommand): void {
    const api = this.ensureWorker();
    this.begin(cmd.runId);
    api.benchmark(cmd).catch((e: unknown) => {
      this.deliver({ type: 'error', runId: cmd.runId, kind: 'other', message: `Could not reach the engine: ${String(e)}` });
    });
  }

  /** `backend` overrides run.backend (a sweep continued on another backend after a lost GPU). */
  runExperimentRun(runId: string, run: RunSpec, templates?: TemplatesByDataset, backend?: BackendChoiceName): void {
    const api = this.ensureWorker();
    this.begin(runId);
    api.runExperimentRun(runId, run, templates, backend).catch((e: unknown) => {
      this.deliver({ type: 'error', runId, kind: 'other', message: `Could not reach the engine: ${String(e)}` });
    });
  }

  /** Copies the bytes (the caller stores them in IndexedDB afterwards if they pass). */
  async checkCheckpoint(bytes: Uint8Array): Promise<CheckpointCheck> {
    return this.ensureWorker().checkCheckpoint(bytes);
  }

  /** The Inspector's "Try it" (rejects while a run is active). */
  async tryPrompt(size: string, prompt: string, options: string[]): Promise<TryPromptResult> {
    return this.ensureWorker().tryPrompt(size, prompt, options);
  }

  pause(runId: string): void {
    void this.api?.pause(runId);
  }

  resume(runId: string): void {
    void this.api?.resume(runId);
  }

  cancel(runId: string): void {
    this.userCancelled.add(runId);
    void this.api?.cancel(runId);
    if (runId === this.runningRunId) this.watchdog.cancelled();
  }

  async getBackendInfo(): Promise<BackendEventData | null> {
    return this.ensureWorker().getBackendInfo();
  }

  dispose(): void {
    this.watchdog.stop();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.lockName = null;
    this.runningRunId = null;
  }

  private begin(runId: string): void {
    this.runningRunId = runId;
    this.watchdog.start();
  }

  /** null when it cannot tell: no Web Locks, or the worker has not taken its lock yet. */
  private async workerAlive(): Promise<boolean | null> {
    const name = this.lockName;
    if (!name || !this.locks) return null;
    const { held = [] } = await this.locks.query();
    return this.lockName !== name ? null : held.some((l) => l.name === name);
  }

  private onWatchdog(verdict: WatchdogVerdict): void {
    const runId = this.runningRunId;
    this.restart();
    if (!runId) return;
    this.userCancelled.delete(runId);
    if (verdict === 'cancel-timeout') {
      this.deliver({ type: 'error', runId, kind: 'cancelled', message: 'Cancelled; the engine did not stop by itself, so it was restarted.' });
      return;
    }
    const message =
      verdict === 'dead'
        ? 'The engine worker stopped without reporting an error (it was terminated, or its process died); it has been restarted.'
        : `The engine worker stopped answering (no sign of life for about ${Math.round(this.watchdog.hungAfterSec)} s); it has been restarted.`;
    this.deliver({ type: 'error', runId, kind: 'unresponsive', message });
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
    // Unique across tabs: locks are shared by the whole origin.
    const lockName = `${ENGINE_LOCK_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    if (this.locks) {
      api.holdLock(lockName).then(
        (held) => {
          if (held && this.worker === worker) this.lockName = lockName;
        },
        () => undefined,
      );
    }
    return api;
  }

  private onWorkerEvent(event: EngineEvent): void {
    this.watchdog.lifeSign();
    const ends = event.type === 'done' || event.type === 'runDone' || event.type === 'error' || event.type === 'benchResult' || event.type === 'benchUnavailable';
    if (ends && event.runId === this.runningRunId) {
      this.runningRunId = null;
      this.watchdog.stop();
    }
    if (event.type === 'error' && event.kind === 'cancelled' && !this.userCancelled.has(event.runId)) {
      // Defence in depth (the worker already checks): nobody cancelled this run, so it failed.
      event = { ...event, kind: 'other', message: `The run was interrupted (${event.message}) although it was not cancelled.` };
    }
    if (ends) this.userCancelled.delete(event.runId);
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
