/** Moving models between tfjs variables and checkpoints. */
import type { AdamW } from './adamw';
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from '../checkpoint/checkpoint';
import type { DType } from '../checkpoint/safetensors';
import type { Tokenizer } from '../tokenizer/bpe';
import { GPT } from './gpt';

export async function checkpointOf(
  model: GPT,
  tokenizer: Tokenizer,
  opts: { step: number; info?: Record<string, unknown>; optimizer?: AdamW },
): Promise<Checkpoint> {
  return {
    config: model.config,
    tokenizer,
    weights: await model.exportWeights(),
    step: opts.step,
    info: opts.info ?? {},
    optimizer: opts.optimizer ? await opts.optimizer.exportState() : undefined,
  };
}

export async function saveModel(
  model: GPT,
  tokenizer: Tokenizer,
  opts: { step: number; info?: Record<string, unknown>; optimizer?: AdamW; dtype?: DType },
): Promise<Uint8Array> {
  return saveCheckpoint(await checkpointOf(model, tokenizer, opts), opts.dtype);
}

/** Parses and validates a checkpoint, then builds the model on the current backend. */
export function loadModel(bytes: Uint8Array): { model: GPT; checkpoint: Checkpoint } {
  const checkpoint = loadCheckpoint(bytes);
  return { model: new GPT(checkpoint.config, checkpoint.weights), checkpoint };
}
