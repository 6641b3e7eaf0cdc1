/**
 * The UI side of the engine worker. It owns the Worker, wraps it with Comlink, and gives each run a
 * promise of its outcome (Squoosh's worker-bridge is the model): `signal` cancels the run, `onProgress`
 * gets its progress events. If the worker dies (an uncaught error, or a lost GPU device that leaves
 * tfjs unusable), the pending call rejects with an EngineError and a fresh worker takes its place, so
 * the next click on Train just works. A worker that dies without an error event, or stops answering,
 * is caught by the watchdog (watchdog.ts), which does the same; and a Cancel the worker does not act on
 * is carried out here, so Cancel always ends the run.
 */
import { loadStepFits } from './stores/stepFitsStorage';
import type { StepCostFit } from '../core/model/step-cost';
import { validTuneSaveEverySec } from '../core/experiments/tune-save-interval';
import * as Comlink from 'comlink';
import {
  ENGINE_LOCK_PREFIX,
  type BenchmarkCommand,
  type BenchOutcome,
  type EngineApi,
  type EngineEvent,
  type ExperimentOutcome,
  type RunFailure,
  type StartTraining,
  type BackendEventData,
  type BackendChoiceName,
  type CheckpointCheck,
  type TrainOutcome,
  type TryPromptResult,
} from '../core/engine/protocol';
import type { TemplatesByDataset } from '../core/tasks/types';
import type { RunSpec } from '../core/experiments/spec';
import { classifyError, EngineError } from '../core/engine/errors';
import { DEFAULT_WATCHDOG, Watchdog, type WatchdogOptions, type WatchdogVerdict } from './watchdog';

export type WorkerFactory = () => Worker;

export interface EngineClientOptions {
  watchdog?: Partial<WatchdogOptions>;
  /** The Web Locks manager that tells a gone worker from a busy one; default navigator.locks. */
  locks?: Pick<LockManager, 'query'> | null;
  /** Threads for the worker's wasm backend; undefined: the worker's default (one per core). */
  wasmThreads?: number;
  /** The user's benchmark fits (core/model/step-cost.ts), sent to every worker this client starts. */
  stepFits?: StepCostFit[];
  /** Seconds between saves of a tuning in progress; undefined: the worker's default (TUNE_SAVE_EVERY_MS). */
  tuneSaveEverySec?: number;
}

/** What every run call takes besides its command. */
export interface RunCallOptions {
  /** Aborting cancels the run; the call then resolves to a failure of kind 'cancelled'. */
  signal?: AbortSignal;
  /** Progress events of this run only (backend, stage, step, paused, resumed). */
  onProgress?: (event: EngineEvent) => void;
}

export interface ExperimentCallOptions extends RunCallOptions {
  templates?: TemplatesByDataset;
  /** Overrides run.backend (a sweep continued on another backend after a lost GPU). */
  backend?: BackendChoiceName;
}

/** A run call in flight: where its progress goes, and how to fail it if the worker goes. */
interface PendingRun {
  onProgress?: (event: EngineEvent) => void;
  fail(error: EngineError): void;
}

const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'tinyflan-engine' });

export class EngineClient {
  private worker: Worker | null = null;
  private api: Comlink.Remote<EngineApi> | null = null;
  /** Run calls in flight by runId (the worker runs one at a time; a second is refused there). */
  private readonly pending = new Map<string, PendingRun>();
  /** Rejects when the current worker is replaced or disposed: plain calls (tryPrompt, ...) must not hang. */
  private workerGone: { promise: Promise<never>; reject(e: Error): void } | null = null;
  /** Runs the user cancelled: only those may end as 'cancelled' (an aborted GPU readback is no cancel). */
  private readonly userCancelled = new Set<string>();
  /** The current worker's liveness lock, once the worker holds it. */
  private lockName: string | null = null;
  private readonly locks: Pick<LockManager, 'query'> | null;
  private readonly watchdog: Watchdog;
  private readonly wasmThreads: number | undefined;
  private readonly tuneSaveEverySec: number | undefined;
  private stepFits: StepCostFit[];
  /** Counts restarts, for the UI and tests ("the engine restarted"). */
  restarts = 0;

  constructor(
    private readonly createWorker: WorkerFactory = defaultWorkerFactory,
    options: EngineClientOptions = {},
  ) {
    this.locks = options.locks !== undefined ? options.locks : (globalThis.navigator?.locks ?? null);
    this.wasmThreads = options.wasmThreads;
    this.tuneSaveEverySec = options.tuneSaveEverySec;
    this.stepFits = options.stepFits ?? [];
    this.watchdog = new Watchdog(
      { ping: () => this.api?.ping() ?? new Promise(() => undefined), alive: () => this.workerAlive() },
      { ...DEFAULT_WATCHDOG, ...options.watchdog },
      (verdict) => this.onWatchdog(verdict),
    );
  }

  /** Whether a run call is in flight (a page reload now would lose it). */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Pretrains a model from scratch (the Train panel). */
  startTraining(cmd: StartTraining, options: RunCallOptions = {}): Promise<TrainOutcome> {
    return this.runCall<TrainOutcome>(cmd.runId, options, (api) => api.startTraining(cmd));
  }

  /** One benchmark measurement. */
  benchmark(cmd: BenchmarkCommand, options: RunCallOptions = {}): Promise<BenchOutcome> {
    return this.runCall<BenchOutcome>(cmd.runId, options, (api) => api.benchmark(cmd));
  }

  /** Executes one experiment run (load base → tune → evaluate). */
  runExperiment(runId: string, run: RunSpec, options: ExperimentCallOptions = {}): Promise<ExperimentOutcome> {
    return this.runCall<ExperimentOutcome>(runId, options, (api) => api.runExperimentRun(runId, run, options.templates, options.backend));
  }

  /** Copies the bytes (the caller stores them in IndexedDB afterwards if they pass). */
  checkCheckpoint(bytes: Uint8Array): Promise<CheckpointCheck> {
    return this.plainCall((api) => api.checkCheckpoint(bytes));
  }

  /** The Inspector's "Try it" (rejects while a run is active). */
  tryPrompt(size: string, prompt: string, options: string[]): Promise<TryPromptResult> {
    return this.plainCall((api) => api.tryPrompt(size, prompt, options));
  }

  /** The benchmark fits 'auto' predicts from: sent now and to every restarted worker. */
  setStepFits(fits: StepCostFit[]): void {
    this.stepFits = fits;
    this.api?.setStepFits(fits).catch(() => undefined);
  }

  getBackendInfo(): Promise<BackendEventData | null> {
    return this.plainCall((api) => api.getBackendInfo());
  }

  pause(runId: string): void {
    void this.api?.pause(runId);
  }

  resume(runId: string): void {
    void this.api?.resume(runId);
  }

  dispose(): void {
    this.watchdog.stop();
    this.worker?.terminate();
    this.workerGone?.reject(new EngineError('other', 'The engine worker was stopped.', ''));
    this.worker = null;
    this.api = null;
    this.workerGone = null;
    this.lockName = null;
  }

  private runCall<T extends { type: string; runId: string }>(
    runId: string,
    options: RunCallOptions,
    send: (api: Comlink.Remote<EngineApi>) => Promise<T>,
  ): Promise<T> {
    const api = this.ensureWorker();
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => this.cancel(runId);
      const entry: PendingRun = { onProgress: options.onProgress, fail: (error) => settle() && reject(error) };
      /** false if the call had already settled (the worker's answer after a crash or a watchdog verdict). */
      const settle = (): boolean => {
        if (this.pending.get(runId) !== entry) return false;
        this.pending.delete(runId);
        options.signal?.removeEventListener('abort', onAbort);
        if (this.pending.size === 0) this.watchdog.stop();
        return true;
      };
      this.pending.set(runId, entry);
      this.watchdog.start();
      send(api).then(
        (outcome) => {
          if (!settle()) return;
          resolve(this.vetted(outcome));
          // A lost device leaves tfjs holding a dead GPU backend; only a fresh worker (fresh tfjs) recovers.
          if (outcome.type === 'error' && (outcome as unknown as RunFailure).kind === 'device-lost') this.restart();
        },
        (e: unknown) => settle() && reject(new EngineError('other', `Could not reach the engine: ${String(e)}`, runId)),
      );
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A call that is not a run: it still rejects, instead of hanging, if the worker goes meanwhile. */
  private plainCall<T>(send: (api: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
    const api = this.ensureWorker();
    return Promise.race([send(api), this.workerGone!.promise]);
  }

  private cancel(runId: string): void {
    if (!this.pending.has(runId)) return;
    this.userCancelled.add(runId);
    void this.api?.cancel(runId);
    this.watchdog.cancelled();
  }

  /** Defence in depth (the worker already checks): a run nobody cancelled did not end as 'cancelled'. */
  private vetted<T extends { type: string; runId: string }>(outcome: T): T {
    const cancelledByUser = this.userCancelled.delete(outcome.runId);
    const failed = outcome.type === 'error' ? (outcome as unknown as RunFailure) : null;
    if (!failed || failed.kind !== 'cancelled' || cancelledByUser) return outcome;
    const interrupted: RunFailure = { ...failed, kind: 'other', message: `The run was interrupted (${failed.message}) although it was not cancelled.` };
    return interrupted as unknown as T;
  }

  /** null when it cannot tell: no Web Locks, or the worker has not taken its lock yet. */
  private async workerAlive(): Promise<boolean | null> {
    const name = this.lockName;
    if (!name || !this.locks) return null;
    const { held = [] } = await this.locks.query();
    return this.lockName !== name ? null : held.some((l) => l.name === name);
  }

  private onWatchdog(verdict: WatchdogVerdict): void {
    const message =
      verdict === 'cancel-timeout'
        ? 'Cancelled; the engine did not stop by itself, so it was restarted.'
        : verdict === 'dead'
          ? 'The engine worker stopped without reporting an error (it was terminated, or its process died); it has been restarted.'
          : `The engine worker stopped answering (no sign of life for about ${Math.round(this.watchdog.hungAfterSec)} s); it has been restarted.`;
    this.restart((runId) => new EngineError(verdict === 'cancel-timeout' ? 'cancelled' : 'unresponsive', message, runId));
  }

  private ensureWorker(): Comlink.Remote<EngineApi> {
    if (this.api) return this.api;
    const worker = this.createWorker();
    worker.addEventListener('error', (ev) => this.onWorkerCrash(worker, ev));
    worker.addEventListener('messageerror', () =>
      this.onWorkerCrash(worker, new ErrorEvent('error', { message: 'a message from the engine could not be read' })),
    );
    const api = Comlink.wrap<EngineApi>(worker);
    void api.subscribe(Comlink.proxy((event: EngineEvent) => this.onProgress(event)));
    // Before any run (Comlink keeps call order): wasm reads its thread count once, when it starts.
    if (this.wasmThreads !== undefined) api.setWasmThreads(this.wasmThreads).catch(() => undefined);
    if (this.stepFits.length) api.setStepFits(this.stepFits).catch(() => undefined);
    if (this.tuneSaveEverySec !== undefined) api.setTuneSaveEvery(this.tuneSaveEverySec).catch(() => undefined);
    this.worker = worker;
    this.api = api;
    let rejectGone: (e: Error) => void = () => undefined;
    const promise = new Promise<never>((_, reject) => (rejectGone = reject));
    promise.catch(() => undefined); // observed only by plain calls in flight
    this.workerGone = { promise, reject: rejectGone };
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

  private onProgress(event: EngineEvent): void {
    this.watchdog.lifeSign();
    // A device lost between runs: the next run would find a dead GPU backend.
    if (event.type === 'deviceLost') return this.restart();
    this.pending.get(event.runId)?.onProgress?.(event);
  }

  private onWorkerCrash(worker: Worker, ev: ErrorEvent): void {
    if (worker !== this.worker) return; // an old worker's last gasp
    ev.preventDefault?.(); // we report it ourselves; keep it out of the console as an "uncaught" error
    const detail = ev.message || 'unknown error';
    const kind = classifyError(detail);
    this.restart((runId) => new EngineError(kind === 'cancelled' ? 'other' : kind, `The engine worker crashed (${detail}); it has been restarted.`, runId));
  }

  /** A fresh worker; the calls in flight on the old one fail with `why` (default: a plain restart notice). */
  private restart(why?: (runId: string) => EngineError): void {
    const failing = [...this.pending];
    this.dispose();
    this.restarts += 1;
    this.ensureWorker();
    for (const [runId, run] of failing) {
      this.userCancelled.delete(runId);
      run.fail(why?.(runId) ?? new EngineError('other', 'The engine restarted.', runId));
    }
  }
}

let shared: EngineClient | null = null;

/** localStorage key of the wasm thread-count setting (an integer ≥ 1; absent: one thread per core). */
export const WASM_THREADS_KEY = 'tinyflan.wasmThreads';

/** localStorage key of the seconds between saves of a tuning in progress (absent: every 15 s). */
export const TUNE_SAVE_EVERY_KEY = 'tinyflan.tuneSaveEverySec';

/** A numeric setting from localStorage, if it is a number `ok` accepts; else undefined (the worker's default). */
function numberSetting(key: string, ok: (n: number) => boolean): number | undefined {
  try {
    const n = Number(globalThis.localStorage?.getItem(key) ?? NaN);
    return ok(n) ? n : undefined;
  } catch {
    return undefined; // storage blocked
  }
}

/** The page's one engine (one worker): training runs are serialised through it. */
export function getEngine(): EngineClient {
  shared ??= new EngineClient(undefined, {
    wasmThreads: numberSetting(WASM_THREADS_KEY, (n) => Number.isInteger(n) && n >= 1),
    tuneSaveEverySec: numberSetting(TUNE_SAVE_EVERY_KEY, validTuneSaveEverySec),
    stepFits: loadStepFits(),
  });
  return shared;
}
