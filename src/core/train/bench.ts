/** Measuring training throughput on random tokens (used by the CLI bench and the app's Benchmark panel). */
import * as tf from '@tensorflow/tfjs';
import { rngFor } from '../rng';
import { type ModelConfig, countParams } from '../model/config';
import { trainingFlopsPerStep } from '../model/step-cost';
import { GPT } from '../model/gpt';
import { emptyBatch } from '../model/batch';
import type { Batch } from '../model/gpt';
import { AdamW } from '../model/adamw';
import { train } from './trainer';

export interface BenchResult {
  params: number;
  layers: number;
  batch: number;
  seqLen: number;
  msPerStep: number;
  tokensPerSec: number;
  /** Training FLOPs of one step (model/step-cost.ts) and the speed the step achieved. */
  flopsPerStep: number;
  gflops: number;
  /** Kernels launched by one training step (forward, backward, optimizer), from tf.profile. */
  kernelsPerStep?: number;
  /**
   * webgpu only: compute programs dispatched by that step (a fused kernel may run several programs;
   * tf.profile's count also includes Identity/Reshape kernels that dispatch nothing).
   */
  dispatchesPerStep?: number;
}

/** Counts webgpu programs dispatched while `f` runs (wraps the backend's runWebGPUProgram). */
export async function countDispatches(f: () => Promise<unknown>): Promise<number | undefined> {
  const backend = tf.backend() as unknown as { runWebGPUProgram?: (...args: unknown[]) => unknown };
  const original = backend.runWebGPUProgram;
  if (tf.getBackend() !== 'webgpu' || !original) {
    await f();
    return undefined;
  }
  let n = 0;
  backend.runWebGPUProgram = (...args: unknown[]) => {
    n++;
    return original.apply(backend, args);
  };
  try {
    await f();
  } finally {
    backend.runWebGPUProgram = original;
  }
  return n;
}

/** Random next-token rows of the model's block size, seeded: the benches' fixed-shape input. */
export function randomTokensBatch(config: ModelConfig, B: number, seed: number): Batch {
  const T = config.blockSize;
  const rng = rngFor(seed, 'bench-tokens');
  const batch = emptyBatch(B, T);
  for (let i = 0; i < B * T; i++) {
    batch.tokens[i] = rng.int(config.vocabSize);
    batch.positions[i] = i % T;
    batch.segments[i] = Math.floor(i / T);
  }
  for (let i = 0; i < B * T; i++) {
    if (i % T < T - 1) {
      batch.targets[i] = batch.tokens[i + 1];
      batch.weights[i] = 1;
    }
  }
  return batch;
}

export async function measureTraining(opts: {
  config: ModelConfig;
  batch: number;
  steps: number;
  warmupSteps?: number;
  countKernels?: boolean;
  seed?: number;
}): Promise<BenchResult> {
  const seed = opts.seed ?? 0;
  const model = GPT.create(opts.config, seed);
  const adamw = new AdamW(model.params);
  const batch = randomTokensBatch(opts.config, opts.batch, seed);
  try {
    // Warm-up compiles shaders / allocates buffers so the timed steps see the steady state.
    await train(model, () => batch, { steps: Math.max(1, opts.warmupSteps ?? 2), lr: 1e-4, adamw, readEvery: 1 });
    let kernelsPerStep: number | undefined;
    let dispatchesPerStep: number | undefined;
    if (opts.countKernels) {
      const info = await tf.profile(async () => {
        await train(model, () => batch, { steps: 1, lr: 1e-4, adamw, readEvery: 1 });
        return [];
      });
      kernelsPerStep = info.kernels.length;
      dispatchesPerStep = await countDispatches(() => train(model, () => batch, { steps: 1, lr: 1e-4, adamw, readEvery: 1 }));
    }
    const r = await train(model, () => batch, { steps: opts.steps, lr: 1e-4, adamw, readEvery: opts.steps });
    const msPerStep = (r.wallTimeSec * 1000) / opts.steps;
    const flopsPerStep = trainingFlopsPerStep(opts.config, opts.batch);
    return {
      params: countParams(opts.config),
      layers: opts.config.nLayer,
      batch: opts.batch,
      seqLen: opts.config.blockSize,
      msPerStep,
      tokensPerSec: (opts.batch * opts.config.blockSize) / (msPerStep / 1000),
      flopsPerStep,
      gflops: flopsPerStep / (msPerStep * 1e6),
      kernelsPerStep,
      ...(dispatchesPerStep !== undefined ? { dispatchesPerStep } : {}),
    };
  } finally {
    adamw.dispose();
    model.dispose();
  }
}
