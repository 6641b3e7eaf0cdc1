/**
 * The training loop. Like minGPT's trainer it knows nothing of the model beyond "parameters" and
 * "loss of a batch", and reports through a callback. The loss is read back asynchronously every
 * `readEvery` steps (never dataSync: it can destroy a webgpu device), which is also when NaN/Inf is caught.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch } from '../model/gpt';
import { AdamW, type AdamWConfig } from '../model/adamw';
import { learningRate } from './schedule';

export interface Trainable {
  params: Map<string, tf.Variable>;
  loss(batch: Batch): tf.Scalar;
}

export interface TrainOptions {
  steps: number;
  lr: number;
  warmupSteps?: number;
  /** Read the loss back every N steps (and on the last step). */
  readEvery?: number;
  optimizer?: Partial<AdamWConfig>;
  /** Continue from an existing optimizer (e.g. loaded from a checkpoint). */
  adamw?: AdamW;
  signal?: AbortSignal;
  /** Awaited before every step: lets a UI pause the run. */
  gate?: () => Promise<void>;
  onStep?: (e: StepEvent) => void;
  /**
   * Resuming: steps already taken. The loop goes on at startStep + 1; `adamw` must carry their
   * optimizer state and nextBatch must continue after their batches (same seed ⇒ same run).
   */
  startStep?: number;
  /** Asked after every step but the last whether to save; `save` is awaited (weights and `adamw` as of `step`). */
  checkpoint?: { due(step: number): boolean; save(step: number, optimizer: AdamW): Promise<void> };
}

export interface StepEvent {
  step: number;
  totalSteps: number;
  loss: number;
  gradNorm: number;
  lr: number;
  tokensPerSec: number;
  etaSec: number;
}

export interface TrainResult {
  steps: number;
  losses: { step: number; loss: number }[];
  tokensPerSec: number;
  wallTimeSec: number;
  optimizer: AdamW;
}

export class NonFiniteLossError extends Error {
  constructor(
    readonly step: number,
    readonly value: number,
  ) {
    super(`Training stopped: the loss became ${value} at step ${step}. Try a lower learning rate.`);
    this.name = 'NonFiniteLossError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('Training was cancelled');
    this.name = 'CancelledError';
  }
}

/** What the loop steps: parameters, an optimizer over them, and the loss to differentiate. */
export interface LoopModel<B> {
  params: Map<string, tf.Variable>;
  optimizer: { readonly step: number; apply(params: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): tf.Tensor; dispose(): void };
  /** Whether the loop disposes the optimizer when training fails (it is the caller's once training ends). */
  ownsOptimizer: boolean;
  nextBatch: () => B;
  /** Tokens a batch holds (all models' together when stacked). */
  tokensOf: (batch: B) => number;
  /**
   * Runs inside the gradient tape: the scalar to differentiate, and the losses to read back — [K] per
   * model when stacked, or the loss itself (the same tensor as `total`) for one model.
   */
  loss: (batch: B) => { total: tf.Scalar; reported: tf.Tensor };
}

/** A readback: the per-model losses and (pre-clipping) gradient norms, finite (checked before). */
export interface LoopReading {
  step: number;
  losses: Float32Array;
  gradNorms: Float32Array;
  lr: number;
  tokensPerSec: number;
  etaSec: number;
}

type LoopOptions = Pick<TrainOptions, 'steps' | 'lr' | 'warmupSteps' | 'readEvery' | 'signal' | 'gate' | 'startStep'> & {
  /** Runs after each step's optimizer update (train() saves resumable checkpoints here). */
  afterStep?: (step: number) => Promise<void> | void;
};

/**
 * The one training loop, for one model (train) and for a stack of K (trainStacked): schedule, tape,
 * optimizer step, asynchronous readback every `readEvery` steps with the NaN/Inf check per model.
 * Returns the losses read back, one list per model.
 */
export async function trainingLoop<B>(model: LoopModel<B>, opts: LoopOptions, onRead: (r: LoopReading) => void) {
  const readEvery = Math.max(1, opts.readEvery ?? 10);
  const warmupSteps = opts.warmupSteps ?? Math.min(100, Math.floor(opts.steps / 10));
  const { optimizer } = model;
  const varList = [...model.params.values()];
  const names = [...model.params.keys()];
  const losses: { step: number; loss: number }[][] = [];
  const start = now();
  let tokens = 0;
  let ownsOptimizer = model.ownsOptimizer;
  try {
    let lastYield = now();
    for (let step = (opts.startStep ?? 0) + 1; step <= opts.steps; step++) {
      // On cpu/wasm every await here resolves at once, so a worker would never see its messages
      // (pause, cancel); yield to the event loop a few times a second.
      if (now() - lastYield > 30) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = now();
      }
      if (opts.gate) await opts.gate();
      if (opts.signal?.aborted) throw new CancelledError();
      const batch = model.nextBatch();
      const lr = learningRate({ peakLr: opts.lr, warmupSteps, totalSteps: opts.steps }, optimizer.step + 1);
      let reported: tf.Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const r = model.loss(batch);
        reported = r.reported === r.total ? undefined : tf.keep(r.reported);
        return r.total;
      }, varList);
      const byName: Record<string, tf.Tensor> = {};
      names.forEach((n, i) => (byName[n] = grads[varList[i].name]));
      const norm = optimizer.apply(model.params, byName, lr);
      tf.dispose(grads);
      const stepTokens = model.tokensOf(batch);
      tokens += stepTokens;
      const owned = [value, norm, ...(reported ? [reported] : [])];
      if (step % readEvery === 0 || step === opts.steps) {
        const [ls, ns] = (await Promise.all([(reported ?? value).data(), norm.data()])) as Float32Array[];
        tf.dispose(owned);
        for (let k = 0; k < ls.length; k++) {
          if (!Number.isFinite(ls[k]) || !Number.isFinite(ns[k])) throw new NonFiniteLossError(step, Number.isFinite(ls[k]) ? ns[k] : ls[k]);
          (losses[k] ??= []).push({ step, loss: ls[k] });
        }
        const elapsed = (now() - start) / 1000;
        const tokensPerSec = tokens / Math.max(elapsed, 1e-9);
        onRead({ step, losses: ls, gradNorms: ns, lr, tokensPerSec, etaSec: ((opts.steps - step) * stepTokens) / Math.max(tokensPerSec, 1e-9) });
      } else tf.dispose(owned);
      if (opts.afterStep) await opts.afterStep(step);
    }
    const wallTimeSec = (now() - start) / 1000;
    ownsOptimizer = false; // handed to the caller
    return { steps: opts.steps, losses, tokensPerSec: tokens / Math.max(wallTimeSec, 1e-9), wallTimeSec };
  } finally {
    if (ownsOptimizer) optimizer.dispose();
  }
}

export async function train(model: Trainable, nextBatch: () => Batch, opts: TrainOptions): Promise<TrainResult> {
  const optimizer = opts.adamw ?? new AdamW(model.params, opts.optimizer);
  const loop: LoopModel<Batch> = {
    params: model.params,
    optimizer,
    ownsOptimizer: !opts.adamw,
    nextBatch,
    tokensOf: (b) => b.B * b.T,
    loss: (b) => {
      const total = model.loss(b);
      return { total, reported: total };
    },
  };
  const { checkpoint } = opts;
  const afterStep = checkpoint
    ? async (step: number) => {
        if (step < opts.steps && checkpoint.due(step)) await checkpoint.save(step, optimizer);
      }
    : undefined;
  const r = await trainingLoop(loop, { ...opts, afterStep }, (e) =>
    opts.onStep?.({
      step: e.step,
      totalSteps: opts.steps,
      loss: e.losses[0],
      gradNorm: e.gradNorms[0],
      lr: e.lr,
      tokensPerSec: e.tokensPerSec,
      etaSec: e.etaSec,
    }),
  );
  return { steps: r.steps, losses: r.losses[0] ?? [], tokensPerSec: r.tokensPerSec, wallTimeSec: r.wallTimeSec, optimizer };
}

export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
