/**
 * What 'auto' measures before it picks: one training-sized step (forward, loss and gradients of every
 * parameter) of a micro model (the size the Start page runs live) on a fixed batch, on the backend that is
 * active. The first step compiles shaders and warms caches, so it runs untimed; the second is timed (one
 * step, not more: on a slow backend every step is seconds of the user's wait). Dispatches are awaited
 * through the loss's data, so a GPU's queued work is inside the time.
 */
import * as tf from '@tensorflow/tfjs';
import { presetConfig } from './config';
import { GPT, type Batch } from './gpt';
import { emptyBatch } from './batch';

/** The timed batch: 8 rows of 64 tokens, one example per row (a small tuning batch). */
export const TIMING_SHAPE = { B: 8, T: 64, size: 'micro' } as const;

function timingBatch(vocab: number): Batch {
  const { B, T } = TIMING_SHAPE;
  const n = B * T;
  const batch = emptyBatch(B, T);
  batch.weights.fill(1);
  for (let i = 0; i < n; i++) {
    batch.tokens[i] = (i * 7 + 3) % vocab;
    batch.targets[i] = (i * 7 + 10) % vocab;
    batch.positions[i] = i % T;
    batch.segments[i] = Math.floor(i / T);
  }
  return batch;
}

async function oneStep(model: GPT, batch: Batch): Promise<number> {
  const t0 = performance.now();
  const { value, grads } = tf.variableGrads(() => model.loss(batch), [...model.params.values()]);
  await value.data();
  value.dispose();
  tf.dispose(Object.values(grads));
  return performance.now() - t0;
}

/** Milliseconds of one step on the active backend (see the header). */
export async function timeOneStep(): Promise<number> {
  const model = GPT.create(presetConfig(TIMING_SHAPE.size), 1);
  try {
    const batch = timingBatch(model.config.vocabSize);
    await oneStep(model, batch); // warm-up: shader compilation, first allocations
    return await oneStep(model, batch);
  } finally {
    model.dispose();
  }
}
