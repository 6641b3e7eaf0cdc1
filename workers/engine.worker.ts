/**
 * The engine worker: trains in its own thread so the page stays responsive. It exposes an EngineApi
 * (workers/protocol.ts) through Comlink; progress flows back through one proxied callback.
 * Failures become typed 'error' events — including those the trainer cannot see by itself:
 * a lost WebGPU device (the device.lost promise), GPU out-of-memory and validation errors
 * (uncapturederror: a kernel that failed validation silently leaves garbage in its output).
 */
import '../src/ui/cspGuard'; // first: before any zod schema is built (CSP: no eval)
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { saveModel } from '../src/core/model/io';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend } from '../src/core/model/backend';
import { countParams, presetConfig, DEFAULT_VOCAB } from '../src/core/model/config';
import { pretrain } from '../src/core/train/pretrain';
import { measureTraining } from '../src/core/train/bench';
import { SAMPLE_TEXT } from '../src/core/data/sample-text';
import { classifyError, messageOf } from '../src/core/engine/errors';
import { Runner, type RunnerEnv } from '../src/core/experiments/runner';
import { RunSpecSchema, type RunSpec } from '../src/core/experiments/spec';
import { baseCheckpoint, checkCheckpoint } from './baseCheckpoints';
import type { TemplatesByDataset } from '../src/core/tasks/types';
import { tryCheckpoint } from '../src/core/model/tryPrompt';
import { FatalRunError, gateFor, newRun, releaseWaiters, whyInterrupted, yieldToEventLoop, type ActiveRun } from './runControl';
import {
  benchmarkSchema,
  startTrainingSchema,
  type BenchmarkCommand,
  type BackendEventData,
  type EngineApi,
  type EngineEvent,
  type EngineEventListener,
  type StartTraining,
  type BackendChoiceName,
  MAX_RECORDS_PER_RUN,
  BACKEND_CHOICES,
} from '../src/core/engine/protocol';

/** Served by Vite as hashed assets; initBackend disables threads, but tfjs still wants all three names. */
const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
};

/** The few WebGPU types we touch; the DOM lib of our TypeScript does not ship WebGPU declarations. */
interface GpuDeviceLike extends EventTarget {
  lost: Promise<{ reason?: string; message: string }>;
}

let listener: EngineEventListener | null = null;
let active: ActiveRun | null = null;
let lastRunId = '';
let backendInfo: BackendEventData | null = null;
const watchedDevices = new WeakSet<object>();
/** Resolves with the reason once the current webgpu device is lost (null: no device watched yet). */
let deviceLost: Promise<string> | null = null;

function emit(event: EngineEvent): void {
  // Fire and forget: the callback is a Comlink proxy, and a closed page must not break the run.
  if (listener) void Promise.resolve(listener(event)).catch(() => undefined);
}

/** Hooks the current webgpu device once: device loss and OOM end the active run with a typed error. */
function watchWebGpuDevice(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
  if (!device || watchedDevices.has(device)) return;
  watchedDevices.add(device);
  deviceLost = device.lost.then((info) => `${info.reason ?? 'unknown'}: ${info.message || 'no details'}`);
  void deviceLost.then((message) => {
    backendInfo = null;
    if (active) active.failFatally('device-lost', message);
    else emit({ type: 'error', runId: lastRunId, kind: 'device-lost', message });
  });
  device.addEventListener('uncapturederror', (ev) => {
    const error = (ev as Event & { error?: { constructor: { name: string }; message: string } }).error;
    const kind = error?.constructor.name;
    if (kind === 'GPUOutOfMemoryError') active?.failFatally('oom', error?.message || 'GPU out of memory');
    // A validation error means some kernel did not run and its output is garbage: stop, don't train on it.
    else if (kind === 'GPUValidationError') active?.failFatally('other', `WebGPU validation error: ${error?.message}`);
  });
}

function variableNames(): Set<string> {
  return new Set(Object.keys(tf.engine().state.registeredVariables));
}

/**
 * pretrain() owns its model until it returns, so a cancelled or failed run leaves the model's
 * variables behind (GPU/wasm memory the user cannot free). Every run must end with the variable
 * set it started with; this drops whatever a run left.
 */
function disposeVariablesCreatedSince(before: Set<string>): void {
  for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!before.has(name)) v.dispose();
}

async function runTraining(run: ActiveRun, cmd: StartTraining): Promise<void> {
  const info = await initBackend(cmd.backend, { wasmPaths: WASM_PATHS });
  backendInfo = { backend: info.backend, adapter: info.adapter, failures: info.failures };
  emit({ type: 'backend', runId: run.runId, ...backendInfo });
  watchWebGpuDevice();

  const config = presetConfig(cmd.preset, DEFAULT_VOCAB, cmd.seqLen);
  const training = pretrain({
    texts: SAMPLE_TEXT,
    config,
    seed: cmd.seed,
    steps: cmd.steps,
    batchSize: cmd.batchSize,
    lr: cmd.lr,
    // ~200 points on the chart whatever the run length; each readback costs a GPU sync.
    readEvery: Math.max(1, Math.floor(cmd.steps / 200)),
    signal: run.abort.signal,
    gate: () => gateFor(run),
    onStep: (e) => emit({ type: 'step', runId: run.runId, ...e }),
  });
  training.catch(() => undefined); // if the fatal promise wins the race, this one may still reject later
  const { model, tokenizer, result } = await Promise.race([training, run.fatal]);
  try {
    const checkpoint = await saveModel(model, tokenizer, {
      step: result.steps,
      info: { seed: cmd.seed, preset: cmd.preset, backend: tf.getBackend(), corpus: 'built-in sample text' },
    });
    emit({
      type: 'done',
      runId: run.runId,
      steps: result.steps,
      firstLoss: result.losses[0]?.loss ?? NaN,
      finalLoss: result.losses.at(-1)?.loss ?? NaN,
      tokensPerSec: result.tokensPerSec,
      wallTimeSec: result.wallTimeSec,
      params: countParams(model.config),
      backend: tf.getBackend(),
      checkpoint,
    });
  } finally {
    result.optimizer.dispose();
    model.dispose();
  }
}

/**
 * One Runner for the worker's lifetime: it remembers the last tuned model, so the zero- and
 * few-shot evaluations of one tuning (same tuneId, adjacent in a sweep) tune only once. Its env is
 * mutable because signal, gate, backend and templates belong to whichever run is executing.
 */
const runnerEnv: RunnerEnv & { templates?: TemplatesByDataset } = { baseCheckpoint, backend: 'cpu' };
let runner: Runner | null = null;
let runnerTemplatesKey = '';

async function runExperiment(run: ActiveRun, spec: RunSpec, templates: TemplatesByDataset | undefined, backend: BackendChoiceName | undefined): Promise<void> {
  emit({ type: 'stage', runId: run.runId, stage: 'load', fraction: 0 });
  const info = await initBackend(backend ?? spec.backend, { wasmPaths: WASM_PATHS });
  backendInfo = { backend: info.backend, adapter: info.adapter, failures: info.failures };
  emit({ type: 'backend', runId: run.runId, ...backendInfo });
  watchWebGpuDevice();
  // A different template set (or backend) makes the cached tuned model stale.
  const key = JSON.stringify([info.backend, templates ?? null]);
  if (!runner || key !== runnerTemplatesKey) {
    runner = new Runner(runnerEnv);
    runnerTemplatesKey = key;
  }
  runnerEnv.backend = info.backend;
  runnerEnv.templates = templates;
  runnerEnv.signal = run.abort.signal;
  runnerEnv.gate = () => gateFor(run);
  runnerEnv.onEvent = (e) => {
    if (e.step) emit({ type: 'step', runId: run.runId, ...e.step });
    else emit({ type: 'stage', runId: run.runId, stage: e.stage, fraction: e.fraction });
  };
  let lastStageAt = 0;
  const onEvent = runnerEnv.onEvent;
  // Evaluation reports progress per item; a few updates a second are plenty for a progress bar.
  runnerEnv.onEvent = (e) => {
    const t = performance.now();
    if (e.step || e.fraction === 0 || e.fraction >= 1 || t - lastStageAt > 200) {
      lastStageAt = t;
      onEvent(e);
    }
  };
  const execution = runner.execute(spec);
  execution.catch(() => undefined);
  const { result, records } = await Promise.race([execution, run.fatal]);
  emit({ type: 'runDone', runId: run.runId, result, records: records.slice(0, MAX_RECORDS_PER_RUN), recordsTotal: records.length });
}

function cancelledError(what: string): Error {
  const e = new Error(`${what} was cancelled.`);
  e.name = 'AbortError'; // classifyError → 'cancelled'
  return e;
}

/** The part of a backend's failure line after "name: ", as initBackend records it. */
function failureReason(failures: string[], backend: string, fallback: string): string {
  const line = failures.find((f) => f.startsWith(`${backend}: `));
  return line ? line.slice(backend.length + 2) : fallback;
}

/**
 * One benchmark measurement. A requested backend that does not start is reported as
 * 'benchUnavailable' — never silently measured on the fallback initBackend chose instead.
 * measureTraining cannot be interrupted, so cancel() takes effect before it starts or discards
 * its result once it ends (its steps are few).
 */
async function runBenchmark(run: ActiveRun, cmd: BenchmarkCommand): Promise<void> {
  let failures: string[];
  let adapter: string | undefined;
  try {
    const info = await initBackend(cmd.backend, { wasmPaths: WASM_PATHS });
    failures = info.failures;
    adapter = info.adapter;
    backendInfo = { backend: info.backend, adapter: info.adapter, failures: info.failures };
  } catch (e) {
    emit({ type: 'benchUnavailable', runId: run.runId, requested: cmd.backend, reason: failureReason([], cmd.backend, messageOf(e)) });
    return;
  }
  const inUse = tf.getBackend();
  if (inUse !== cmd.backend) {
    emit({ type: 'benchUnavailable', runId: run.runId, requested: cmd.backend, reason: failureReason(failures, cmd.backend, `fell back to ${inUse}`) });
    return;
  }
  watchWebGpuDevice();
  await yieldToEventLoop(); // let a pending cancel in before the uninterruptible part
  if (run.abort.signal.aborted) throw cancelledError('The benchmark');

  const config = presetConfig(cmd.preset, DEFAULT_VOCAB, cmd.seqLen);
  const measuring = measureTraining({ config, batch: cmd.batch, steps: cmd.steps, warmupSteps: 2, countKernels: true });
  measuring.catch(() => undefined); // if the fatal promise wins the race, this one may still reject later
  const r = await Promise.race([measuring, run.fatal]);
  if (run.abort.signal.aborted) throw cancelledError('The benchmark');
  emit({
    type: 'benchResult',
    runId: run.runId,
    result: {
      preset: cmd.preset,
      requested: cmd.backend,
      backend: tf.getBackend(),
      adapter,
      params: r.params,
      layers: r.layers,
      batch: r.batch,
      seqLen: r.seqLen,
      steps: cmd.steps,
      msPerStep: r.msPerStep,
      tokensPerSec: r.tokensPerSec,
      kernelsPerStep: r.kernelsPerStep ?? null,
    },
  });
}

/** Shared by all kinds of job: one at a time, typed errors, and no leaked variables. */
async function exclusively(runId: string, job: (run: ActiveRun) => Promise<void>): Promise<void> {
  if (active) {
    emit({ type: 'error', runId, kind: 'other', message: `Run ${active.runId} is still running; cancel it first.` });
    return;
  }
  const run = newRun(runId);
  active = run;
  lastRunId = run.runId;
  const variablesBefore = variableNames();
  try {
    await job(run);
  } catch (e) {
    let kind = e instanceof FatalRunError ? e.kind : classifyError(e);
    let message = messageOf(e);
    if (kind === 'cancelled' && !run.cancelledByUser) ({ kind, message } = await whyInterrupted(deviceLost, message));
    emit({ type: 'error', runId: run.runId, kind, message });
  } finally {
    if (active === run) active = null;
    disposeVariablesCreatedSince(variablesBefore);
  }
}

const api: EngineApi = {
  subscribe(l) {
    listener = l;
  },

  async startTraining(raw) {
    const parsed = startTrainingSchema.safeParse(raw);
    const runId = typeof raw?.runId === 'string' ? raw.runId : '';
    if (!parsed.success) {
      emit({ type: 'error', runId, kind: 'other', message: `Invalid training settings: ${parsed.error.message}` });
      return;
    }
    // Also after a fatal error the variables are dropped: the abandoned loop may still hold them.
    await exclusively(parsed.data.runId, (run) => runTraining(run, parsed.data));
  },

  async runExperimentRun(runId, rawRun, templates, backend) {
    const parsed = RunSpecSchema.safeParse(rawRun);
    if (!parsed.success) {
      emit({ type: 'error', runId, kind: 'other', message: `Invalid run: ${parsed.error.message}` });
      return;
    }
    const override = BACKEND_CHOICES.find((b) => b === backend); // anything else: the run's own backend
    await exclusively(runId, (run) => runExperiment(run, parsed.data, templates, override));
  },

  async benchmark(raw) {
    const parsed = benchmarkSchema.safeParse(raw);
    const runId = typeof raw?.runId === 'string' ? raw.runId : '';
    if (!parsed.success) {
      emit({ type: 'error', runId, kind: 'other', message: `Invalid benchmark settings: ${parsed.error.message}` });
      return;
    }
    await exclusively(parsed.data.runId, (run) => runBenchmark(run, parsed.data));
  },

  checkCheckpoint(bytes) {
    return checkCheckpoint(bytes);
  },

  async tryPrompt(size, prompt, options) {
    if (active) throw new Error('The engine is busy with a run; try again when it has finished.');
    if (!backendInfo) {
      const info = await initBackend('auto', { wasmPaths: WASM_PATHS });
      backendInfo = { backend: info.backend, adapter: info.adapter, failures: info.failures };
    }
    const last = runner?.lastTunedModel ?? null;
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

Comlink.expose(api);
