/**
 * Inference primitives for evaluation: batched scoring of continuations and greedy generation.
 * Every forward pass uses the same [B, T] shape (short inputs are packed or padded), so webgpu
 * reuses its buffers and compiled shaders.
 */
import * as tf from '@tensorflow/tfjs';
import { BOS, EOS } from '../tokenizer/bpe';
import { emptyBatch, packBatch, type Sequence } from './batch';
import { GPT } from './gpt';

export interface ScoreItem {
  /** Context tokens (e.g. [BOS] input); cut from the left if the whole does not fit. */
  prompt: number[];
  continuation: number[];
}

/** Sum of log-probabilities of each continuation given its prompt. Items are packed several to a row. */
export async function scoreContinuations(model: GPT, items: readonly ScoreItem[], batchSize = 16): Promise<number[]> {
  const T = model.config.blockSize;
  const seqs: Sequence[] = items.map(({ prompt, continuation }) => {
    const cont = continuation.slice(0, T - 1);
    const ctx = prompt.slice(Math.max(0, prompt.length - (T - cont.length)));
    if (ctx.length === 0) throw new Error('scoreContinuations: a prompt must have at least one token (e.g. BOS)');
    const tokens = [...ctx, ...cont];
    return { tokens, counts: tokens.map((_, i) => i >= ctx.length) };
  });
  const scores: number[] = [];
  let done = 0;
  while (done < seqs.length) {
    const { batch, used } = packBatch(seqs.slice(done), batchSize, T);
    const logp = tf.tidy(() => {
      const { tokens, positions, mask } = GPT.batchTensors(batch);
      return GPT.targetLogProbs(model.forward(tokens, positions, mask), tf.tensor1d(batch.targets, 'int32'));
    });
    const values = (await logp.data()) as Float32Array;
    logp.dispose();
    const sums = new Array<number>(used).fill(0);
    for (let i = 0; i < batch.B * batch.T; i++) {
      const seg = batch.segments[i];
      if (seg >= 0 && batch.weights[i] > 0) sums[seg] += values[i];
    }
    scores.push(...sums);
    done += used;
  }
  return scores;
}

/** Greedy decoding: up to maxNewTokens per prompt, stopping at EOS (not included in the output). */
export async function generateGreedy(model: GPT, prompts: readonly number[][], maxNewTokens: number, batchSize = 16): Promise<number[][]> {
  const T = model.config.blockSize;
  const V = model.config.vocabSize;
  const out: number[][] = [];
  for (let start = 0; start < prompts.length; start += batchSize) {
    const group = prompts.slice(start, start + batchSize).map((p) => {
      const keep = Math.max(1, T - maxNewTokens);
      return p.length > keep ? [BOS, ...p.slice(p.length - keep + 1)] : [...p];
    });
    const generated = group.map(() => [] as number[]);
    const finished = group.map(() => false);
    for (let step = 0; step < maxNewTokens && !finished.every(Boolean); step++) {
      const batch = emptyBatch(batchSize, T);
      const last = new Int32Array(batchSize);
      group.forEach((p, b) => {
        const seq = [...p, ...generated[b]].slice(0, T);
        seq.forEach((tok, i) => {
          batch.tokens[b * T + i] = tok;
          batch.positions[b * T + i] = i;
          batch.segments[b * T + i] = b;
        });
        last[b] = b * T + seq.length - 1;
      });
      const next = tf.tidy(() => {
        const { tokens, positions, mask } = GPT.batchTensors(batch);
        const logits = model.forward(tokens, positions, mask); // [B*T, V]
        return tf.argMax(tf.reshape(tf.gather(logits, tf.tensor1d(last, 'int32')), [batchSize, V]), 1);
      });
      const ids = (await next.data()) as Int32Array;
      next.dispose();
      group.forEach((p, b) => {
        if (finished[b]) return;
        const id = ids[b];
        if (id === EOS || p.length + generated[b].length >= T) finished[b] = true;
        else generated[b].push(id);
      });
    }
    out.push(...generated);
  }
  return out;
}
