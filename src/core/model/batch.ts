/**
 * Turning token sequences into fixed-shape batches (pure, no tfjs).
 *
 * Shapes never change ([B, T] every step) because the webgpu buffer pool keys freed buffers by exact
 * size: changing shapes make it grow without bound. Several short examples share a row ("packing");
 * each gets its own segment id and positions restarting at 0, and the attention mask keeps segments apart.
 */
import { BOS, EOS, PAD, TARGET_DELIMITER, type Tokenizer } from '../tokenizer/bpe';
import type { Batch } from './gpt';

/** One training sequence: its tokens and, per token, whether predicting that token counts in the loss. */
export interface Sequence {
  tokens: number[];
  counts: boolean[];
}

/**
 * [BOS] input target [EOS]; only target and EOS count (instruction tuning). `target` is the encoding of
 * TARGET_DELIMITER + target text (see targetIds).
 */
export function instructionSequence(input: number[], target: number[], maxLen: number): Sequence {
  const tail = [...target, EOS];
  const room = Math.max(0, maxLen - 1 - tail.length);
  const kept = input.length > room ? input.slice(input.length - room) : input; // keep the end of long inputs
  const tokens = [BOS, ...kept, ...tail].slice(0, maxLen);
  const firstTarget = 1 + kept.length;
  return { tokens, counts: tokens.map((_, i) => i >= firstTarget) };
}

/** Token ids of a target as it follows its input: the delimiter, then the text. */
export function targetIds(tok: Tokenizer, target: string): number[] {
  return tok.encode(TARGET_DELIMITER + target);
}

/** [BOS] text [EOS], cut into pieces of at most maxLen; every token counts (pretraining). */
export function documentSequences(ids: number[], maxLen: number): Sequence[] {
  const all = [BOS, ...ids, EOS];
  const out: Sequence[] = [];
  for (let i = 0; i < all.length - 1; i += maxLen) {
    const tokens = all.slice(i, i + maxLen);
    if (tokens.length >= 2) out.push({ tokens, counts: tokens.map((_, j) => j > 0) });
  }
  return out;
}

/** An empty [B, T] batch: all padding, weight 0, each pad position its own segment. */
export function emptyBatch(B: number, T: number): Batch {
  const segments = new Int32Array(B * T);
  for (let i = 0; i < B * T; i++) segments[i] = -1 - i; // negative ids never collide with examples
  return {
    B,
    T,
    tokens: new Int32Array(B * T).fill(PAD),
    positions: new Int32Array(B * T),
    segments,
    targets: new Int32Array(B * T),
    weights: new Float32Array(B * T),
  };
}

/**
 * Packs sequences greedily in order into B rows of T. Returns the batch and how many sequences it took;
 * a sequence that does not fit the rest of a row starts the next row. Sequences longer than T are cut.
 */
export function packBatch(seqs: readonly Sequence[], B: number, T: number): { batch: Batch; used: number } {
  const batch = emptyBatch(B, T);
  let used = 0;
  let row = 0;
  let col = 0;
  while (used < seqs.length && row < B) {
    const seq = seqs[used];
    const len = Math.min(seq.tokens.length, T);
    if (col + len > T) {
      if (col === 0) throw new Error('packBatch: unreachable (sequence longer than a row after cutting)');
      row++;
      col = 0;
      continue;
    }
    const base = row * T + col;
    for (let i = 0; i < len; i++) {
      batch.tokens[base + i] = seq.tokens[i];
      batch.positions[base + i] = i;
      batch.segments[base + i] = used;
      if (i + 1 < len) {
        batch.targets[base + i] = seq.tokens[i + 1];
        batch.weights[base + i] = seq.counts[i + 1] ? 1 : 0;
      }
    }
    col += len;
    used++;
  }
  return { batch, used };
}

/** Endless fixed-shape batches from an endless sequence source (e.g. a seeded mixture stream). */
export function batchStream(next: () => Sequence, B: number, T: number): () => Batch {
  let pending: Sequence[] = [];
  let pendingTokens = 0;
  return () => {
    // Enough tokens to fill every row even when some row ends early.
    while (pendingTokens < B * T + T) {
      const s = next();
      pending.push(s);
      pendingTokens += Math.min(s.tokens.length, T);
    }
    const { batch, used } = packBatch(pending, B, T);
    for (const s of pending.slice(0, used)) pendingTokens -= Math.min(s.tokens.length, T);
    pending = pending.slice(used);
    return batch;
  };
}
