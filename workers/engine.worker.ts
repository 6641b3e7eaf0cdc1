/**
 * The engine worker: trains in its own thread so the page stays responsive. It exposes an EngineApi
 * (workers/protocol.ts) through Comlink; progress flows back through one proxied callback.
 * Failures become typed 'error' events — including those the trainer cannot see by itself:
 * a lost WebGPU device (the device.lost promise), GPU out-of-memory and validation errors
 * (uncapturederror: a kernel that failed validation silently leaves garbage in its output).
 */
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
import { classifyError, messageOf } from './errors';
import { Runner, type RunnerEnv } from '../src/core/experiments/runner';
import { RunSpecSchema, type RunSpec } from '../src/core/experiments/spec';
import { baseCheckpoint, checkCheckpoint } from './baseCheckpoints';
import {
  benchmarkSchema,
  startTrainingSchema,
  type BenchmarkCommand,
  type BackendEventData,
  type EngineApi,
  type EngineEvent,
  type EngineEventListener,
  type ErrorKind,
  type StartTraining,
  type TemplatesByDataset,
  MAX_RECORDS_PER_RUN,
} from './protocol';

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

interface ActiveRun {
  runId: string;
  abort: AbortController;
  paused: boolean;
  resumeWaiters: (() => void)[];
  /** Rejects when the device dies or runs out of memory: a hung readback must not hang the run. */
  fatal: Promise<never>;
  failFatally: (kind: ErrorKind, message: string) => void;
}

let listener: EngineEventListener | null = null;
let active: ActiveRun | null = null;
let lastRunId = '';
let backendInfo: BackendEventData | null = null;
const watchedDevices = new WeakSet<object>();

class FatalRunError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
    this.name = 'FatalRunError';
  }
}

function emit(event: EngineEvent): void {
  // Fire and forget: the callback is a Comlink proxy, and a closed page must not break the run.
  if (listener) void Promise.resolve(listener(event)).catch(() => undefined);
}

function newRun(runId: string): ActiveRun {
  const abort = new AbortController();
  let failFatally: ActiveRun['failFatally'] = () => undefined;
  const fatal = new Promise<never>((_, reject) => {
    failFatally = (kind, message) => {
      abort.abort(); // stop the training loop too, in case it is still able to run
      reject(new FatalRunError(kind, message));
    };
  });
  fatal.catch(() => undefined); // observed via Promise.race; silence the unhandled-rejection report
  return { runId, abort, paused: false, resumeWaiters: [], fatal, failFatally };
}

/**
 * The training loop only awaits microtasks on wasm/cpu (their readbacks resolve at once), so
 * without a real yield the worker would never get to pause/cancel messages. A MessageChannel
 * round trip is a macrotask without setTimeout's 4 ms clamping; doing it every ~30 ms keeps the
 * controls responsive at negligible cost.
 */
const YIELD_EVERY_MS = 30;
const yieldChannel = new MessageChannel();
const yieldWaiters: (() => void)[] = [];
yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
let lastYieldAt = 0;

async function yieldToEventLoop(): Promise<void> {
  if (performance.now() - lastYieldAt < YIELD_EVERY_MS) return;
  await new Promise<void>((wake) => {
    yieldWaiters.push(wake);
    yieldChannel.port2.postMessage(null);
  });
  lastYieldAt = performance.now();
}

async function gateFor(run: ActiveRun): Promise<void> {
  await yieldToEventLoop();
  while (run.paused && !run.abort.signal.aborted) await new Promise<void>((wake) => run.resumeWaiters.push(wake));
}

function releaseWaiters(run: ActiveRun): void {
  for (const wake of run.resumeWaiters.splice(0)) wake();
}

/** Hooks the current webgpu device once: device loss and OOM end the active run with a typed error. */
function watchWebGpuDevice(): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
  if (!device || watchedDevices.has(device)) return;
  watchedDevices.add(device);
  void device.lost.then((info) => {
    const message = `${info.reason ?? 'unknown'}: ${info.message || 'no details'}`;
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

async function runExperiment(run: ActiveRun, spec: RunSpec, templates: TemplatesByDataset | undefined): Promise<void> {
  emit({ type: 'stage', runId: run.runId, stage: 'load', fraction: 0 });
  const info = await initBackend(spec.backend, { wasmPaths: WASM_PATHS });
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
    const kind = e instanceof FatalRunError ? e.kind : classifyError(e);
    emit({ type: 'error', runId: run.runId, kind, message: messageOf(e) });
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

  async runExperimentRun(runId, rawRun, templates) {
    const parsed = RunSpecSchema.safeParse(rawRun);
    if (!parsed.success) {
      emit({ type: 'error', runId, kind: 'other', message: `Invalid run: ${parsed.error.message}` });
      return;
    }
    await exclusively(runId, (run) => runExperiment(run, parsed.data, templates));
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
    active.abort.abort();
    active.paused = false;
    releaseWaiters(active); // a paused run must wake up to notice the abort
  },

  getBackendInfo() {
    return backendInfo;
  },
};

Comlink.expose(api);
