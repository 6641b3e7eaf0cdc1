/**
 * The typed contract between the UI thread and the engine worker.
 * Commands go UI → worker as Comlink method calls, and each run call resolves to its outcome (done,
 * or a typed failure). Progress comes back worker → UI through one Comlink-proxied callback; every
 * progress event carries the runId it belongs to, so the UI hands it to that call's onProgress and a
 * late event from a cancelled or crashed run can never be mistaken for the current one.
 *
 * This module is imported by the UI thread, so it must stay free of tfjs (type-only imports).
 */
import { z } from 'zod';
import type { StepEvent } from '../train/trainer';
import { MODEL_SIZE_NAMES } from '../model/config';
import { BACKEND_CHOICES, BACKENDS, type BackendChoiceName, type BackendName } from '../model/backends';
import type { RunResult } from '../experiments/results';
import type { RunSpec } from '../experiments/spec';
import type { ItemRecord } from '../eval/evaluate';
import type { TemplatesByDataset } from '../tasks/types';
import type { TryAnswer } from '../model/tryPrompt';

export { BACKEND_CHOICES, type BackendChoiceName } from '../model/backends';

/** Validated in the worker: it is the boundary where a bad number would otherwise become a NaN run. */
export const startTrainingSchema = z.object({
  runId: z.string().min(1),
  backend: z.enum(BACKEND_CHOICES),
  preset: z.enum(MODEL_SIZE_NAMES),
  steps: z.number().int().min(1).max(1_000_000),
  batchSize: z.number().int().min(1).max(1024),
  lr: z.number().positive().max(1),
  seed: z.number().int().min(0),
  seqLen: z.number().int().min(8).max(1024),
});
export type StartTraining = z.infer<typeof startTrainingSchema>;

/** A benchmark measures a concrete backend (BACKENDS): 'auto' would hide which one was measured. */
export type BenchBackendName = BackendName;

/** One benchmark measurement: a preset on a backend, timed over a few training steps after a warm-up. */
export const benchmarkSchema = z.object({
  runId: z.string().min(1),
  backend: z.enum(BACKENDS),
  preset: z.enum(MODEL_SIZE_NAMES),
  batch: z.number().int().min(1).max(256),
  seqLen: z.number().int().min(8).max(512),
  steps: z.number().int().min(1).max(1000),
});
export type BenchmarkCommand = z.infer<typeof benchmarkSchema>;

/** What one benchmark measured (src/core/train/bench.ts BenchResult, plus where it ran). */
export interface BenchRow {
  preset: string;
  /** The backend that was asked for. */
  requested: BenchBackendName;
  /** tf.getBackend() during the measurement: the backend actually in use. */
  backend: string;
  adapter?: string;
  /** wasm only: the threads it ran on. */
  threads?: number;
  params: number;
  layers: number;
  batch: number;
  seqLen: number;
  steps: number;
  msPerStep: number;
  tokensPerSec: number;
  /** Kernels one training step launches (forward, backward and optimizer), from tf.profile. */
  kernelsPerStep: number | null;
  /** Training FLOPs of one step (model/step-cost.ts) and what the step achieved, GFLOP/s. */
  flopsPerStep: number;
  gflops: number;
}

export interface BackendEventData {
  backend: string;
  adapter?: string;
  failures: string[];
  /** Under 'auto': the one timed training step per backend it chose by (the fastest won). */
  timings?: { backend: string; ms: number }[];
  /** Under 'auto' with the user's benchmark fits: the predicted ms of the lab's reference step per backend (the lowest won). */
  predictions?: { backend: string; ms: number }[];
  /** wasm only: threads in its pool (more than 1 only on a cross-origin-isolated page). */
  threads?: number;
}

export interface TrainSummary {
  steps: number;
  firstLoss: number;
  finalLoss: number;
  tokensPerSec: number;
  wallTimeSec: number;
  params: number;
  backend: string;
  /** The trained model as a TinyFLAN checkpoint (safetensors bytes), for download or IndexedDB. */
  checkpoint?: Uint8Array;
}

/**
 * 'cancelled' means the user asked for it (cancel(runId)) and nothing else: an aborted GPU readback
 * of a lost device is 'device-lost'. 'unresponsive' is the UI's watchdog: the worker stopped answering.
 */
export type ErrorKind = 'nan' | 'cancelled' | 'device-lost' | 'oom' | 'unresponsive' | 'other';

/**
 * The worker holds a Web Lock of this name (plus a per-worker suffix) for its whole life. The browser
 * releases it when the worker is gone, even if it died without an error event (terminate(), a killed
 * process), while a worker merely busy in a long computation keeps it: the UI's watchdog can tell
 * the two apart without a wall-clock guess.
 */
export const ENGINE_LOCK_PREFIX = 'tinyflan-engine-alive-';

/** Experiment runs: the stages of core/experiments/runner.ts, each with progress 0..1. */
export type RunStageName = 'load' | 'tune' | 'evaluate';

/**
 * Records sent back per run. The inspector needs a sample, not all of them: a `base`-sized
 * evaluation yields tens of thousands, and structured-cloning those would stall both threads.
 */
export const MAX_RECORDS_PER_RUN = 2000;

export interface CheckpointCheck {
  ok: boolean;
  /** The preset the checkpoint's shape matches, if any (uploads replace that size's base model). */
  size?: string;
  params?: number;
  error?: string;
}

/** Progress while a run works: each carries the runId of the call it belongs to. */
export type EngineEvent =
  | ({ type: 'backend'; runId: string } & BackendEventData)
  | { type: 'stage'; runId: string; stage: RunStageName; fraction: number }
  | ({ type: 'step'; runId: string } & StepEvent)
  | { type: 'paused' | 'resumed'; runId: string }
  /** The WebGPU device was lost while no run was active (runId: the last run): tfjs must start afresh. */
  | { type: 'deviceLost'; runId: string; message: string };

export type EngineEventListener = (event: EngineEvent) => void;

/** How a run failed inside the worker (a cancel included): a run call resolves to it, never rejects. */
export type RunFailure = { type: 'error'; runId: string; kind: ErrorKind; message: string };

export type TrainOutcome = ({ type: 'done'; runId: string } & TrainSummary) | RunFailure;

export type ExperimentOutcome = { type: 'runDone'; runId: string; result: RunResult; records: ItemRecord[]; recordsTotal: number } | RunFailure;

export type BenchOutcome =
  | { type: 'benchResult'; runId: string; result: BenchRow }
  /** The requested backend could not start (initBackend fell back or threw); nothing was measured. */
  | { type: 'benchUnavailable'; runId: string; requested: BenchBackendName; reason: string }
  | RunFailure;

/** The Inspector's "Try it": one prompt through the base model and the last tuned model (src/core/model/tryPrompt.ts). */
export interface TryPromptResult {
  size: string;
  base: TryAnswer;
  /** null when no model has been tuned in this worker yet (e.g. after a reload). */
  tuned: { tuneId: string; answer: TryAnswer } | null;
}

/** What the worker exposes through Comlink.expose (each method becomes async on the UI side). */
export interface EngineApi {
  /** Registers the (Comlink.proxy'd) listener that receives every progress event. */
  subscribe(listener: EngineEventListener): void;
  /** Runs one training job to the end and resolves to its outcome (a failure included), never rejects. */
  startTraining(cmd: StartTraining): Promise<TrainOutcome>;
  /**
   * Executes one experiment RunSpec and resolves to its outcome, never rejects.
   * `backend` overrides run.backend (continuing a sweep elsewhere after a lost GPU keeps the run ids).
   */
  runExperimentRun(runId: string, run: RunSpec, templates?: TemplatesByDataset, backend?: BackendChoiceName): Promise<ExperimentOutcome>;
  /**
   * Measures one preset on one backend (warm-up, kernel count, timed steps) and resolves to
   * 'benchResult', 'benchUnavailable' or a failure (kind 'cancelled' after cancel(runId)), never rejects.
   */
  benchmark(cmd: BenchmarkCommand): Promise<BenchOutcome>;
  /** Parses an uploaded .safetensors file as a TinyFLAN checkpoint without keeping it. */
  checkCheckpoint(bytes: Uint8Array): CheckpointCheck;
  /**
   * Greedy generation and option probabilities for one prompt, base vs the last tuned model (whose size
   * wins over `size`). Rejects while a run is active.
   */
  tryPrompt(size: string, prompt: string, options: string[]): Promise<TryPromptResult>;
  pause(runId: string): void;
  resume(runId: string): void;
  cancel(runId: string): void;
  /** The backend currently active in the worker, or null before any run has chosen one. */
  getBackendInfo(): BackendEventData | null;
  /**
   * Threads for the wasm backend when it first starts in this worker (a setting; the default is the
   * worker's navigator.hardwareConcurrency). Returns the count it will get: 1 unless the page is
   * cross-origin isolated. Has no effect once wasm has started (tfjs cannot resize its pool).
   */
  setWasmThreads(threads: number): number;
  /**
   * How often a tuning in progress is saved for a reload to resume from, in seconds (a setting; default
   * TUNE_SAVE_EVERY_MS). Out-of-range values are ignored; returns the interval in force, in seconds.
   */
  setTuneSaveEvery(seconds: number): number;
  /**
   * The user's benchmark fits (model/step-cost.ts), one per backend: 'auto' then picks the backend predicted
   * fastest for the lab's reference step instead of timing one small step. Malformed entries are dropped;
   * returns how many were kept. Takes effect at the next 'auto' start.
   */
  setStepFits(fits: unknown): number;
  /** The watchdog's heartbeat: answered whenever the worker's event loop gets a turn. */
  ping(): true;
  /** Takes the liveness lock `name` (see ENGINE_LOCK_PREFIX); resolves once it is held. */
  holdLock(name: string): Promise<boolean>;
}
