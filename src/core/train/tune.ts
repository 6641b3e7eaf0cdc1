/**
 * Instruction tuning: rendered (input, target) pairs → [BOS] input ␠target [EOS] sequences,
 * loss on target tokens only, packed several to a row, in a seeded endless order → train().
 */
import type { Tokenizer } from '../tokenizer/bpe';
import type { GPT } from '../model/gpt';
import { batchStream, instructionSequence, targetIds } from '../model/batch';
import { shuffledCycle } from './pretrain';
import { train, type TrainOptions, type TrainResult } from './trainer';

export interface TuneOptions extends TrainOptions {
  model: GPT;
  tokenizer: Tokenizer;
  examples: readonly { input: string; target: string }[];
  seed: number;
  batchSize: number;
}

export async function tune(opts: TuneOptions): Promise<TrainResult> {
  if (opts.examples.length === 0) throw new Error('tune: the mixture is empty');
  const T = opts.model.config.blockSize;
  const seqs = opts.examples.map((e) => instructionSequence(opts.tokenizer.encode(e.input), targetIds(opts.tokenizer, e.target), T));
  const nextBatch = batchStream(shuffledCycle(seqs, opts.seed), opts.batchSize, T);
  // Resuming: the data position is the number of batches taken, so replay (and drop) those first.
  for (let i = 0; i < (opts.startStep ?? 0); i++) nextBatch();
  return train(opts.model, nextBatch, opts);
}
