/**
 * A small byte-level BPE tokenizer.
 *
 * Why byte-level: users edit templates and may type anything (emoji, CJK, combining marks). Every string
 * is first turned into UTF-8 bytes, and every byte has a token, so encoding never fails and
 * decode(encode(s)) === s for any well-formed Unicode string. Merges learned on the suite's text make
 * the common words of the world one or two tokens long, which keeps sequences short for tiny models.
 *
 * Ids: 0..3 are the special tokens, 4..259 the 256 bytes, 260.. the merges in the order they were learned.
 */
export const SPECIAL_TOKENS = ['<pad>', '<bos>', '<eos>', '<sep>'] as const;
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
/**
 * Reserved separator token. The default sequence format does not use it: a base model never sees it in
 * plain-text pretraining, so prompts ending in SEP would be out of distribution for the untuned
 * baseline. Inputs and targets are joined by TARGET_DELIMITER instead (as lm-evaluation-harness does).
 */
export const SEP = 3;
/** Joins an input and its target: " yes" after a prompt reads like the plain text the base model knows. */
export const TARGET_DELIMITER = ' ';
const BYTE_OFFSET = SPECIAL_TOKENS.length;
const FIRST_MERGE = BYTE_OFFSET + 256;

export interface TokenizerJSON {
  type: 'tinyflan-bpe';
  version: 1;
  /** Pairs of token ids, merged in this order; merge i produces id FIRST_MERGE + i. */
  merges: [number, number][];
}

// Words with their leading space, runs of digits, runs of punctuation, whitespace runs (like GPT-2's
// pre-tokenizer, simplified). Merges never cross these boundaries, which keeps the vocabulary word-like.
const PRETOKEN = /\s?\p{L}[\p{L}\p{M}]*|\s?\p{N}+|\s?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const utf8 = new TextEncoder();

function pretokenize(text: string): string[] {
  return text.match(PRETOKEN) ?? [];
}

function bytesOf(piece: string): number[] {
  return Array.from(utf8.encode(piece), (b) => b + BYTE_OFFSET);
}

export class Tokenizer {
  readonly merges: [number, number][];
  readonly vocabSize: number;
  private readonly rank = new Map<string, number>();
  private readonly bytesOfId: Uint8Array[] = [];
  private readonly cache = new Map<string, number[]>();

  constructor(merges: [number, number][]) {
    this.merges = merges;
    this.vocabSize = FIRST_MERGE + merges.length;
    for (let i = 0; i < BYTE_OFFSET; i++) this.bytesOfId.push(new Uint8Array(0));
    for (let b = 0; b < 256; b++) this.bytesOfId.push(Uint8Array.of(b));
    merges.forEach(([a, b], i) => {
      if (!(a < FIRST_MERGE + i && b < FIRST_MERGE + i && a >= BYTE_OFFSET && b >= BYTE_OFFSET)) {
        throw new Error(`Tokenizer: merge ${i} refers to an unknown token (${a}, ${b})`);
      }
      this.rank.set(`${a},${b}`, i);
      const left = this.bytesOfId[a];
      const right = this.bytesOfId[b];
      const joined = new Uint8Array(left.length + right.length);
      joined.set(left);
      joined.set(right, left.length);
      this.bytesOfId.push(joined);
    });
  }

  /** Text → token ids, without special tokens. */
  encode(text: string): number[] {
    const out: number[] = [];
    for (const piece of pretokenize(text)) {
      let ids = this.cache.get(piece);
      if (!ids) {
        ids = this.mergePiece(bytesOf(piece));
        if (this.cache.size < 50_000) this.cache.set(piece, ids);
      }
      for (const id of ids) out.push(id);
    }
    return out;
  }

  /** Token ids → text. Special tokens are dropped; invalid UTF-8 (from a model's output) becomes U+FFFD. */
  decode(ids: readonly number[]): string {
    const bytes: number[] = [];
    for (const id of ids) {
      const piece = this.bytesOfId[id];
      if (piece) for (const b of piece) bytes.push(b);
    }
    return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
  }

  /** The text of one token, for display (byte pieces that are not valid UTF-8 alone show as U+FFFD). */
  tokenText(id: number): string {
    if (id < BYTE_OFFSET) return SPECIAL_TOKENS[id] ?? '';
    return this.decode([id]);
  }

  toJSON(): TokenizerJSON {
    return { type: 'tinyflan-bpe', version: 1, merges: this.merges };
  }

  /**
   * A tokenizer from its JSON (a checkpoint's metadata). With `limits`, its size is checked before
   * anything is built: each merge concatenates two tokens' bytes, so n doubling merges make a token of
   * 2^n bytes; 31 of them in a 53 KB file used to allocate 4 GB. The lengths are summed as numbers first.
   */
  static fromJSON(json: unknown, limits?: { maxVocab: number; maxTokenBytes: number }): Tokenizer {
    const j = json as Partial<TokenizerJSON> | null;
    if (!j || typeof j !== 'object' || j.type !== 'tinyflan-bpe') throw new Error('Tokenizer: not a tinyflan-bpe tokenizer');
    if (j.version !== 1) throw new Error(`Tokenizer: unsupported version ${String(j.version).slice(0, 20)} (expected 1)`);
    if (!Array.isArray(j.merges) || !j.merges.every((m) => Array.isArray(m) && m.length === 2 && m.every(Number.isInteger))) {
      throw new Error('Tokenizer: merges must be a list of integer pairs');
    }
    const merges = j.merges as [number, number][];
    if (limits) {
      if (FIRST_MERGE + merges.length > limits.maxVocab) {
        throw new Error(
          `Tokenizer: ${merges.length} merges make ${FIRST_MERGE + merges.length} tokens, more than the model's vocabulary of ${limits.maxVocab}`,
        );
      }
      const lengths: number[] = Array.from({ length: FIRST_MERGE }, (_, id) => (id < BYTE_OFFSET ? 0 : 1));
      for (let i = 0; i < merges.length; i++) {
        const [a, b] = merges[i];
        if (!(a < FIRST_MERGE + i && b < FIRST_MERGE + i && a >= BYTE_OFFSET && b >= BYTE_OFFSET)) {
          throw new Error(`Tokenizer: merge ${i} refers to an unknown token (${a}, ${b})`);
        }
        const length = lengths[a] + lengths[b];
        if (length > limits.maxTokenBytes)
          throw new Error(`Tokenizer: merge ${i} makes a token of ${length} bytes (at most ${limits.maxTokenBytes} are allowed)`);
        lengths.push(length);
      }
    }
    return new Tokenizer(merges);
  }

  /** Applies merges by rank, lowest first, as in GPT-2. */
  private mergePiece(ids: number[]): number[] {
    while (ids.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < ids.length - 1; i++) {
        const r = this.rank.get(`${ids[i]},${ids[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      const merged = FIRST_MERGE + bestRank;
      const [a, b] = this.merges[bestRank];
      const next: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (i < ids.length - 1 && ids[i] === a && ids[i + 1] === b) {
          next.push(merged);
          i++;
        } else next.push(ids[i]);
      }
      ids = next;
    }
    return ids;
  }
}

/**
 * Learns merges from text until the vocabulary reaches `vocabSize` (or no pair occurs twice).
 * Deterministic: ties between equally frequent pairs break on the smaller pair of ids.
 */
export function trainBpe(texts: Iterable<string>, vocabSize: number): Tokenizer {
  if (vocabSize < FIRST_MERGE) throw new Error(`trainBpe: vocabSize must be at least ${FIRST_MERGE}`);
  const counts = new Map<string, number>();
  for (const text of texts) for (const p of pretokenize(text)) counts.set(p, (counts.get(p) ?? 0) + 1);
  const words = [...counts.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([p, n]) => ({ ids: bytesOf(p), n }));
  const merges: [number, number][] = [];
  while (FIRST_MERGE + merges.length < vocabSize) {
    const pairs = new Map<number, number>();
    for (const w of words) {
      for (let i = 0; i < w.ids.length - 1; i++) {
        const key = w.ids[i] * 65536 + w.ids[i + 1];
        pairs.set(key, (pairs.get(key) ?? 0) + w.n);
      }
    }
    let bestKey = -1;
    let bestCount = 1;
    for (const [key, n] of pairs) {
      if (n > bestCount || (n === bestCount && bestKey >= 0 && key < bestKey)) {
        bestCount = n;
        bestKey = key;
      }
    }
    if (bestKey < 0) break;
    const a = Math.floor(bestKey / 65536);
    const b = bestKey % 65536;
    const merged = FIRST_MERGE + merges.length;
    merges.push([a, b]);
    for (const w of words) {
      if (w.ids.length < 2) continue;
      const next: number[] = [];
      for (let i = 0; i < w.ids.length; i++) {
        if (i < w.ids.length - 1 && w.ids[i] === a && w.ids[i + 1] === b) {
          next.push(merged);
          i++;
        } else next.push(w.ids[i]);
      }
      w.ids = next;
    }
  }
  return new Tokenizer(merges);
}
