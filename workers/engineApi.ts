/**
 * The engine's API (src/core/engine/protocol.ts) as the worker exposes it: each run call resolves to its
 * outcome, and progress flows back through one listener. Failures become typed outcomes — including
 * those the trainer cannot see by itself: a lost WebGPU device (the device.lost promise), GPU
 * out-of-memory and validation errors (uncapturederror: a kernel that failed validation silently leaves
 * garbage). A factory, not module state, so Node tests can drive the very API the page gets.
 */
import { currentBackend, initBackend, type BackendInfo, type BackendOptions } from '../src/core/model/backend';
import { wasmThreadCount } from '../src/core/model/wasmThreads';
import { parseStepFits, type StepCostFit } from '../src/core/model/step-cost';
import { activeWebGpuDevice, disposeVariablesCreatedSince, liveVariableNames } from '../src/core/model/liveState';
import { classifyError, messageOf } from '../src/core/engine/errors';
import { Runner } from '../src/core/experiments/runner';
import type { TuneSaveStore } from '../src/core/experiments/runner-resume';
import { dueEvery, TUNE_SAVE_EVERY_MS, validTuneSaveEverySec } from '../src/core/experiments/tune-save-interval';
import { RunSpecSchema } from '../src/core/experiments/spec';
import type { TemplatesByDataset } from '../src/core/tasks/types';
import { checkCheckpoint } from './baseCheckpoints';
import { tryCheckpoint } from '../src/core/model/tryPrompt';
import { FatalRunError, newRun, releaseWaiters, whyInterrupted, type ActiveRun } from './runControl';
import { runBenchmark, runExperiment, runTraining, type JobContext } from './jobs';
import {
  benchmarkSchema,
  startTrainingSchema,
  type BackendEventData,
  type BackendChoiceName,
  type EngineApi,
  type EngineEvent,
  type EngineEventListener,
  type RunFailure,
  BACKEND_CHOICES,
} from '../src/core/engine/protocol';

/** The few WebGPU types we touch; the DOM lib of our TypeScript does not ship WebGPU declarations. */
interface GpuDeviceLike extends EventTarget {
  lost: Promise<{ reason?: string; message: string }>;
}

export interface EngineDeps {
  /** The base checkpoint of a model size (the page: an upload in IndexedDB, else the shipped file). */
  baseCheckpoint(size: string): Promise<Uint8Array>;
  /** Where the wasm backend's binaries are served (the page's hashed assets). */
  wasmPaths?: BackendOptions['wasmPaths'];
  /** Where tunings in progress are saved, so a reload resumes them (the page: IndexedDB). */
  tuneSaves?: TuneSaveStore;
  /** Threads the wasm backend asks for (the worker: navigator.hardwareConcurrency); 1 without isolation. */
  wasmThreads?: number;
}

export function createEngineApi(deps: EngineDeps): EngineApi {
  const { baseCheckpoint } = deps;
  let listener: EngineEventListener | null = null;
  let active: ActiveRun | null = null;
  let lastRunId = '';
  let backendInfo: BackendEventData | null = null;
  let wasmThreads = deps.wasmThreads ?? 1;
  let tuneSaveEveryMs = TUNE_SAVE_EVERY_MS;
  // The page's save interval (setTuneSaveEvery), unless the store decides itself.
  const tuneSaves: TuneSaveStore | undefined = deps.tuneSaves && { due: dueEvery(() => tuneSaveEveryMs), ...deps.tuneSaves };
  /** The user's benchmark fits, sent by the page (setStepFits); 'auto' predicts from them. */
  let stepFits: StepCostFit[] = [];
  const watchedDevices = new WeakSet<object>();
  /** Resolves with the reason once the current webgpu device is lost (null: no device watched yet). */
  let deviceLost: Promise<string> | null = null;

  /** The last progress event's delivery: an outcome is returned only after it, so no progress arrives late. */
  let delivered: Promise<unknown> = Promise.resolve();

  function emit(event: EngineEvent): void {
    // Not awaited: the callback is a Comlink proxy, and a closed page must not break the run.
    if (listener) delivered = Promise.resolve(listener(event)).catch(() => undefined);
  }

  /** Hooks the current webgpu device once: device loss and OOM end the active run with a typed error. */
  function watchWebGpuDevice(): void {
    const device = activeWebGpuDevice() as GpuDeviceLike | null;
    if (!device || watchedDevices.has(device)) return;
    watchedDevices.add(device);
    deviceLost = device.lost.then((info) => `${info.reason ?? 'unknown'}: ${info.message || 'no details'}`);
    void deviceLost.then((message) => {
      backendInfo = null;
      if (active) active.failFatally('device-lost', message);
      else emit({ type: 'deviceLost', runId: lastRunId, message });
    });
    device.addEventListener('uncapturederror', (ev) => {
      const error = (ev as Event & { error?: { constructor: { name: string }; message: string } }).error;
      const kind = error?.constructor.name;
      if (kind === 'GPUOutOfMemoryError') active?.failFatally('oom', error?.message || 'GPU out of memory');
      // A validation error means some kernel did not run and its output is garbage: stop, don't train on it.
      else if (kind === 'GPUValidationError') active?.failFatally('other', `WebGPU validation error: ${error?.message}`);
    });
  }

  /**
   * The one way a job gets its tensor backend: start it (initBackend), remember it for getBackendInfo,
   * tell the run's caller which one it got (when there is a run), and watch a WebGPU device for loss.
   */
  async function startBackend(choice: BackendChoiceName, runId: string | null): Promise<BackendInfo> {
    const info = await initBackend(choice, { wasmPaths: deps.wasmPaths, wasmThreads, stepFits });
    backendInfo = {
      backend: info.backend,
      adapter: info.adapter,
      failures: info.failures,
      threads: info.threads,
      timings: info.timings,
      predictions: info.predictions,
    };
    if (runId !== null) emit({ type: 'backend', runId, ...backendInfo });
    watchWebGpuDevice();
    return info;
  }

  /**
   * One Runner per backend and template set: it keeps the last tuned model, so the zero- and few-shot
   * evaluations of one tuning (same tuneId, adjacent in a sweep) tune only once. A different template
   * set (or backend) makes that model stale, so it gets a fresh Runner.
   */
  let runner: { key: string; runner: Runner } | null = null;

  function runnerFor(backend: string, templates: TemplatesByDataset | undefined): Runner {
    const key = JSON.stringify([backend, templates ?? null]);
    if (runner?.key !== key) {
      runner?.runner.dispose();
      runner = { key, runner: new Runner({ baseCheckpoint, backend, templates, tuneSaves }) };
    }
    return runner.runner;
  }

  const context: JobContext = { startBackend, emit, runnerFor, currentBackend };

  function failure(runId: string, message: string): RunFailure {
    return { type: 'error', runId, kind: 'other', message };
  }

  /** Shared by all kinds of job: one at a time, typed failures, and no leaked variables. */
  async function exclusively<T>(runId: string, job: (run: ActiveRun) => Promise<T>): Promise<T | RunFailure> {
    if (active) return failure(runId, `Run ${active.runId} is still running; cancel it first.`);
    const run = newRun(runId);
    active = run;
    lastRunId = run.runId;
    const variablesBefore = liveVariableNames();
    try {
      const outcome = await job(run);
      await delivered;
      return outcome;
    } catch (e) {
      let kind = e instanceof FatalRunError ? e.kind : classifyError(e);
      let message = messageOf(e);
      if (kind === 'cancelled' && !run.cancelledByUser) ({ kind, message } = await whyInterrupted(deviceLost, message));
      await delivered;
      return { type: 'error', runId: run.runId, kind, message };
    } finally {
      if (active === run) active = null;
      // Also after a fatal error the variables are dropped: the abandoned loop may still hold them.
      disposeVariablesCreatedSince(variablesBefore, [runner?.runner.keptModel]);
    }
  }

  const api: EngineApi = {
    subscribe(l) {
      listener = l;
    },

    async startTraining(raw) {
      const parsed = startTrainingSchema.safeParse(raw);
      const runId = typeof raw?.runId === 'string' ? raw.runId : '';
      if (!parsed.success) return failure(runId, `Invalid training settings: ${parsed.error.message}`);
      return exclusively(parsed.data.runId, (run) => runTraining(context, run, parsed.data));
    },

    async runExperimentRun(runId, rawRun, templates, backend) {
      const parsed = RunSpecSchema.safeParse(rawRun);
      if (!parsed.success) return failure(runId, `Invalid run: ${parsed.error.message}`);
      const override = BACKEND_CHOICES.find((b) => b === backend); // anything else: the run's own backend
      return exclusively(runId, (run) => runExperiment(context, run, parsed.data, templates, override));
    },

    async benchmark(raw) {
      const parsed = benchmarkSchema.safeParse(raw);
      const runId = typeof raw?.runId === 'string' ? raw.runId : '';
      if (!parsed.success) return failure(runId, `Invalid benchmark settings: ${parsed.error.message}`);
      return exclusively(parsed.data.runId, (run) => runBenchmark(context, run, parsed.data));
    },

    checkCheckpoint(bytes) {
      return checkCheckpoint(bytes);
    },

    async tryPrompt(size, prompt, options) {
      if (active) throw new Error('The engine is busy with a run; try again when it has finished.');
      if (!backendInfo) await startBackend('auto', null);
      const last = (await runner?.runner.lastTunedCheckpoint()) ?? null;
      const baseSize = (last && checkCheckpoint(last.bytes).size) || size;
      const base = await tryCheckpoint(await baseCheckpoint(baseSize), prompt, options);
      const tuned = last ? { tuneId: last.tuneId, answer: await tryCheckpoint(last.bytes, prompt, options) } : null;
      return { size: baseSize, base, tuned };
    },

    pause(runId) {
      if (active?.runId !== runId || active.paused) return;
      active.paused = true;
      emit({ type: 'paused', runId });
    },

    resume(runId) {
      if (active?.runId !== runId || !active.paused) return;
      active.paused = false;
      releaseWaiters(active);
      emit({ type: 'resumed', runId });
    },

    cancel(runId) {
      if (active?.runId !== runId) return;
      active.cancelledByUser = true;
      active.abort.abort();
      active.paused = false;
      releaseWaiters(active); // a paused run must wake up to notice the abort
    },

    getBackendInfo() {
      return backendInfo;
    },

    setStepFits(fits) {
      stepFits = parseStepFits(fits);
      return stepFits.length;
    },

    setTuneSaveEvery(seconds) {
      if (validTuneSaveEverySec(seconds)) tuneSaveEveryMs = seconds * 1000;
      return tuneSaveEveryMs / 1000;
    },

    setWasmThreads(threads) {
      if (Number.isInteger(threads) && threads >= 1) wasmThreads = threads;
      return wasmThreadCount(wasmThreads);
    },

    ping() {
      return true;
    },

    holdLock(name) {
      const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
      if (!locks) return Promise.resolve(false); // no Web Locks (an insecure origin): the watchdog pings only
      return new Promise<boolean>((granted) => {
        // The callback's promise never settles: the lock is held until this worker is gone.
        locks.request(name, () => (granted(true), new Promise<never>(() => undefined))).catch(() => granted(false));
      });
    },
  };
  return api;
}
