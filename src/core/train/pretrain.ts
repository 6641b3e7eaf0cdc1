/**
 * Pretraining a model on plain text: the job behind `tinyflan train`/`pretrain` and the worker's
 * first page. Text → BPE (unless one is given) → documents cut to the block size → a seeded, endless,
 * shuffled stream of packed batches → train().
 */
import { rngFor } from '../rng';
import { type Tokenizer, trainBpe } from '../tokenizer/bpe';
import { type ModelConfig } from '../model/config';
import { GPT } from '../model/gpt';
import { batchStream, documentSequences, type Sequence } from '../model/batch';
import { train, type TrainOptions, type TrainResult } from './trainer';

export interface PretrainOptions extends Omit<TrainOptions, 'adamw'> {
  texts: readonly string[];
  config: Omit<ModelConfig, 'vocabSize'> & { vocabSize?: number };
  seed: number;
  batchSize: number;
  tokenizer?: Tokenizer;
  /** Continue training this model instead of a fresh one. */
  model?: GPT;
}

export async function pretrain(opts: PretrainOptions): Promise<{ model: GPT; tokenizer: Tokenizer; result: TrainResult }> {
  const tokenizer = opts.tokenizer ?? trainBpe(opts.texts, opts.config.vocabSize ?? 1024);
  const config: ModelConfig = { ...opts.config, vocabSize: Math.max(opts.config.vocabSize ?? 0, tokenizer.vocabSize) };
  const seqs: Sequence[] = opts.texts.flatMap((t) => documentSequences(tokenizer.encode(t), config.blockSize));
  if (seqs.length === 0) throw new Error('pretrain: the text is empty');
  const nextBatch = batchStream(shuffledCycle(seqs, opts.seed), opts.batchSize, config.blockSize);
  const model = opts.model ?? GPT.create(config, opts.seed);
  try {
    const result = await train(model, nextBatch, opts);
    return { model, tokenizer, result };
  } catch (e) {
    if (!opts.model) model.dispose(); // a model we created must not outlive a failed or cancelled run
    throw e;
  }
}

/** Endless epochs over items, each epoch in a fresh seeded order. */
export function shuffledCycle<T>(items: readonly T[], seed: number): () => T {
  const rng = rngFor(seed, 'data-order');
  let order: T[] = [];
  return () => {
    if (order.length === 0) order = rng.shuffle([...items]);
    return order.pop()!;
  };
}
