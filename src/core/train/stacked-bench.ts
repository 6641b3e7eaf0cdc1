/**
 * Stacked vs sequential training throughput on random tokens: K models trained one after another
 * with train() against the same K trained as one StackedGPT with trainStacked(). Same models, same
 * batches, same steps; each side warmed up first. Numbers only: `scripts/bench-stacked.ts` prints them.
 */
import type { ModelConfig } from '../model/config';
import { GPT, type Batch } from '../model/gpt';
import { AdamW } from '../model/adamw';
import { train } from './trainer';
import { randomTokensBatch } from './bench';
import { StackedAdamW, StackedGPT, trainStacked } from './stacked';

export interface StackedVsSequential {
  K: number;
  /** ms for one step of all K models, trained one after another. */
  sequentialMsPerStep: number;
  /** ms for one step of the stack of K. */
  stackedMsPerStep: number;
  /** sequential / stacked: > 1 means stacking is faster. */
  speedup: number;
}

/** `stackedFirst` runs the stack before the sequential models (alternate it over repetitions: load drifts). */
export async function measureStackedVsSequential(opts: {
  config: ModelConfig;
  batch: number;
  K: number;
  steps: number;
  warmupSteps?: number;
  stackedFirst?: boolean;
}): Promise<StackedVsSequential> {
  const { config, K, steps } = opts;
  const warm = Math.max(1, opts.warmupSteps ?? 1);
  const seeds = Array.from({ length: K }, (_, k) => k + 1);
  const batches = seeds.map((s) => randomTokensBatch(config, opts.batch, s));
  if (opts.stackedFirst) {
    const stackMs = await timeStacked(config, seeds, batches, warm, steps);
    const seqMs = await timeSequential(config, seeds, batches, warm, steps);
    return { K, sequentialMsPerStep: seqMs / steps, stackedMsPerStep: stackMs / steps, speedup: seqMs / stackMs };
  }
  const seqMs = await timeSequential(config, seeds, batches, warm, steps);
  const stackMs = await timeStacked(config, seeds, batches, warm, steps);
  return { K, sequentialMsPerStep: seqMs / steps, stackedMsPerStep: stackMs / steps, speedup: seqMs / stackMs };
}

/** K models one after another, each warmed up, then timed over `steps`: total ms. */
async function timeSequential(config: ModelConfig, seeds: number[], batches: Batch[], warm: number, steps: number): Promise<number> {
  let seqMs = 0;
  for (let k = 0; k < seeds.length; k++) {
    const model = GPT.create(config, seeds[k]);
    const adamw = new AdamW(model.params);
    try {
      await train(model, () => batches[k], { steps: warm, lr: 1e-4, adamw, readEvery: warm });
      const r = await train(model, () => batches[k], { steps, lr: 1e-4, adamw, readEvery: steps });
      seqMs += r.wallTimeSec * 1000;
    } finally {
      adamw.dispose();
      model.dispose();
    }
  }
  return seqMs;
}

async function timeStacked(config: ModelConfig, seeds: number[], batches: Batch[], warm: number, steps: number): Promise<number> {
  const stack = StackedGPT.create(config, seeds);
  const adamw = new StackedAdamW(stack.params);
  let stackMs: number;
  try {
    await trainStacked(stack, () => batches, { steps: warm, lr: 1e-4, adamw, readEvery: warm });
    const r = await trainStacked(stack, () => batches, { steps, lr: 1e-4, adamw, readEvery: steps });
    stackMs = r.wallTimeSec * 1000;
  } finally {
    adamw.dispose();
    stack.dispose();
  }
  return stackMs;
}
