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
  constructor(readonly step: number, readonly value: number) {
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

export async function train(model: Trainable, nextBatch: () => Batch, opts: TrainOptions): Promise<TrainResult> {
  const readEvery = Math.max(1, opts.readEvery ?? 10);
  const warmupSteps = opts.warmupSteps ?? Math.min(100, Math.floor(opts.steps / 10));
  const optimizer = opts.adamw ?? new AdamW(model.params, opts.optimizer);
  const varList = [...model.params.values()];
  const names = [...model.params.keys()];
  const losses: { step: number; loss: number }[] = [];
  const start = now();
  let tokens = 0;
  let ownsOptimizer = !opts.adamw;
  try {
    let lastYield = now();
    for (let step = 1; step <= opts.steps; step++) {
      // On cpu/wasm every await here resolves at once, so a worker would never see its messages
      // (pause, cancel); yield to the event loop a few times a second.
      if (now() - lastYield > 30) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = now();
      }
      if (opts.gate) await opts.gate();
      if (opts.signal?.aborted) throw new CancelledError();
      const batch = nextBatch();
      const lr = learningRate({ peakLr: opts.lr, warmupSteps, totalSteps: opts.steps }, optimizer.step + 1);
      const { value, grads } = tf.variableGrads(() => model.loss(batch), varList);
      const byName: Record<string, tf.Tensor> = {};
      names.forEach((n, i) => (byName[n] = grads[varList[i].name]));
      const norm = optimizer.apply(model.params, byName, lr);
      tf.dispose(grads);
      tokens += batch.B * batch.T;
      if (step % readEvery === 0 || step === opts.steps) {
        const [loss, gradNorm] = await Promise.all([value.data(), norm.data()]);
        tf.dispose([value, norm]);
        if (!Number.isFinite(loss[0]) || !Number.isFinite(gradNorm[0])) throw new NonFiniteLossError(step, Number.isFinite(loss[0]) ? gradNorm[0] : loss[0]);
        losses.push({ step, loss: loss[0] });
        const elapsed = (now() - start) / 1000;
        const tokensPerSec = tokens / Math.max(elapsed, 1e-9);
        opts.onStep?.({
          step,
          totalSteps: opts.steps,
          loss: loss[0],
          gradNorm: gradNorm[0],
          lr,
          tokensPerSec,
          etaSec: ((opts.steps - step) * batch.B * batch.T) / Math.max(tokensPerSec, 1e-9),
        });
      } else tf.dispose([value, norm]);
    }
    const wallTimeSec = (now() - start) / 1000;
    ownsOptimizer = false; // handed to the caller
    return { steps: opts.steps, losses, tokensPerSec: tokens / Math.max(wallTimeSec, 1e-9), wallTimeSec, optimizer };
  } finally {
    if (ownsOptimizer) optimizer.dispose();
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
