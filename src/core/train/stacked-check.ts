/**
 * Checks of stacked training shared by the unit tests (cpu, wasm) and the Node webgpu check
 * (cli/checks/run-stacked-check.ts, on SwiftShader): the stack against each model trained alone, the
 * kernels and dispatches of one stacked step for several K, and memory over consecutive stacked runs.
 * Numbers only; the tests decide what passes.
 */
import * as tf from '@tensorflow/tfjs';
import { GPT, type Batch } from '../model/gpt';
import { emptyBatch } from '../model/batch';
import type { ModelConfig } from '../model/config';
import { rngFor } from '../rng';
import { train } from './trainer';
import { countDispatches, randomTokensBatch } from './bench';
import { setStackedMatMulMode, StackedAdamW, StackedGPT, trainStacked } from './stacked';
import type { MemorySnapshot } from './memory-check';

export const CHECK_CONFIG: ModelConfig = { vocabSize: 48, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16 };
const B = 2;
const T = 16;
export const CHECK_STEPS = 6;
export const CHECK_SEEDS = [1, 2, 3];
export const CHECK_OPTS = { steps: CHECK_STEPS, lr: 3e-3, warmupSteps: 3, readEvery: 1, optimizer: { maxGradNorm: 0.5 } };

/** Random packed batches: two segments per row, prompt tokens and padding weighted 0. */
export function checkBatches(seed: number, n: number, config: ModelConfig = CHECK_CONFIG): Batch[] {
  const rng = rngFor(seed, 'stacked-test');
  return Array.from({ length: n }, () => {
    const b = emptyBatch(B, T);
    for (let r = 0; r < B; r++) {
      const cut = 3 + rng.int(T - 6);
      const end = T - rng.int(3);
      for (let t = 0; t < T; t++) {
        const i = r * T + t;
        b.tokens[i] = t < end ? rng.int(config.vocabSize) : 0;
        b.segments[i] = t < cut ? 0 : t < end ? 1 : 2;
        b.positions[i] = t < cut ? t : t < end ? t - cut : 0;
      }
      for (let t = 0; t < T - 1; t++) {
        const i = r * T + t;
        if (b.segments[i] === b.segments[i + 1] && t < end - 1) {
          b.targets[i] = b.tokens[i + 1];
          b.weights[i] = rng.int(4) === 0 ? 0 : 1;
        }
      }
    }
    return b;
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export interface StackedAgreement {
  /** Whether clipping was active (a lone model's norm above maxGradNorm) on some step. */
  clipped: boolean;
  /** Tensors the stacked run left behind (0 when it cleans up). */
  leakedTensors: number;
  perModel: {
    /** Largest |stacked - alone| over every weight of model k after the steps. */
    weightDiff: number;
    lossDiff: number;
    /** Largest relative difference of the gradient norms. */
    normRelDiff: number;
    /** |model k stacked - model k+1 alone| on one weight: large, so a mix-up of models would show. */
    otherModelDiff: number;
  }[];
}

/** CHECK_SEEDS (or `seeds`) models trained alone (train()) and as one stack (trainStacked()), same data and steps. */
export async function stackedAgreement(
  opts: { unfused?: boolean; matMuls?: 'auto' | 'per-model' | 'batched'; seeds?: number[] } = {},
): Promise<StackedAgreement> {
  const seeds = opts.seeds ?? CHECK_SEEDS;
  const alone: { weights: Map<string, { shape: number[]; data: Float32Array }>; losses: number[]; norms: number[] }[] = [];
  for (const seed of seeds) {
    const data = checkBatches(seed, CHECK_STEPS);
    let i = 0;
    const model = GPT.create(CHECK_CONFIG, seed);
    const norms: number[] = [];
    const r = await train(model, () => data[i++], { ...CHECK_OPTS, onStep: (e) => norms.push(e.gradNorm) });
    alone.push({ weights: await model.exportWeights(), losses: r.losses.map((l) => l.loss), norms });
    r.optimizer.dispose();
    model.dispose();
  }
  setStackedMatMulMode(opts.matMuls ?? 'auto');
  const before = tf.memory().numTensors;
  try {
    const data = seeds.map((s) => checkBatches(s, CHECK_STEPS));
    let i = 0;
    const model = StackedGPT.create(CHECK_CONFIG, seeds);
    const adamw = new StackedAdamW(model.params, CHECK_OPTS.optimizer);
    adamw.unfused = !!opts.unfused;
    const norms: number[][] = [];
    const r = await trainStacked(
      model,
      () => {
        const step = i++;
        return data.map((d) => d[step]);
      },
      { ...CHECK_OPTS, adamw, onStep: (e) => norms.push(e.gradNorms) },
    );
    const weights = await Promise.all(seeds.map((_, k) => model.exportWeights(k)));
    adamw.dispose();
    model.dispose();
    const leakedTensors = tf.memory().numTensors - before;
    const probe = 'transformer.h.0.mlp.c_fc.weight';
    return {
      clipped: alone.some((a) => a.norms.some((n) => n > CHECK_OPTS.optimizer.maxGradNorm)),
      leakedTensors,
      perModel: alone.map((ref, k) => {
        let weightDiff = 0;
        for (const [name, w] of ref.weights) {
          const got = weights[k].get(name)!;
          if (got.shape.join() !== w.shape.join()) throw new Error(`stacked weight ${name} has shape [${got.shape}], alone [${w.shape}]`);
          weightDiff = Math.max(weightDiff, maxAbsDiff(got.data, w.data));
        }
        const lossDiff = Math.max(...ref.losses.map((l, j) => Math.abs(r.losses[k][j].loss - l)));
        const normRelDiff = Math.max(...ref.norms.map((n, j) => Math.abs(norms[j][k] - n) / n));
        const otherModelDiff = maxAbsDiff(weights[k].get(probe)!.data, alone[(k + 1) % alone.length].weights.get(probe)!.data);
        return { weightDiff, lossDiff, normRelDiff, otherModelDiff };
      }),
    };
  } finally {
    setStackedMatMulMode('auto');
  }
}

export interface StackedStepCount {
  K: number;
  /** Kernels of one stacked training step (forward, backward, optimizer), from tf.profile. */
  kernels: number;
  /** webgpu only: compute programs dispatched by one step. */
  dispatches?: number;
}

/** Kernels (and webgpu dispatches) of one stacked training step, for each K, after one warm-up step. */
export async function stackedStepCounts(config: ModelConfig, batch: number, Ks: readonly number[]): Promise<StackedStepCount[]> {
  const out: StackedStepCount[] = [];
  for (const K of Ks) {
    const seeds = Array.from({ length: K }, (_, k) => k + 1);
    const batches = seeds.map((s) => randomTokensBatch(config, batch, s));
    const stack = StackedGPT.create(config, seeds);
    const adamw = new StackedAdamW(stack.params);
    try {
      const step = () => trainStacked(stack, () => batches, { steps: 1, lr: 1e-4, adamw, readEvery: 1 });
      await step();
      const info = await tf.profile(async () => {
        await step();
        return [];
      });
      const dispatches = await countDispatches(step);
      out.push({ K, kernels: info.kernels.length, ...(dispatches !== undefined ? { dispatches } : {}) });
    } finally {
      adamw.dispose();
      stack.dispose();
    }
  }
  return out;
}

/** Memory after each of several consecutive stacked runs (K = 3, fresh stack and optimizer each time). */
export async function stackedMemoryTrace(runs = 10): Promise<MemorySnapshot[]> {
  const trace: MemorySnapshot[] = [];
  for (let i = 0; i < runs; i++) {
    const data = CHECK_SEEDS.map((s) => checkBatches(s + 10 * i, 3));
    let j = 0;
    const stack = StackedGPT.create(CHECK_CONFIG, CHECK_SEEDS);
    const r = await trainStacked(
      stack,
      () => {
        const step = j++;
        return data.map((d) => d[step]);
      },
      { steps: 3, lr: 1e-3, readEvery: 1 },
    );
    r.optimizer.dispose();
    stack.dispose();
    const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number };
    trace.push({ tensors: m.numTensors, bytes: m.numBytes, ...(m.numBytesAllocatedInGPU !== undefined ? { gpuBytes: m.numBytesAllocatedInGPU } : {}) });
  }
  return trace;
}
