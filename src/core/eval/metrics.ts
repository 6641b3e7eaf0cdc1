/**
 * Evaluation metrics, each implemented exactly once. Everything here is pure and works on
 * strings or numbers, so the same code scores the browser, the CLI and the tests.
 *
 * All scores are fractions in [0, 1] (not percentages); reports multiply by 100.
 */

// ---------------------------------------------------------------------------------------------
// SQuAD-style exact match and token F1
// ---------------------------------------------------------------------------------------------

// The characters of Python's string.punctuation, which the SQuAD script strips.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split(''));

/**
 * SQuAD v1.1 answer normalisation, in the script's order: lowercase, drop punctuation,
 * drop the articles a/an/the, collapse whitespace. Answers that differ only in these
 * ways count as the same answer.
 */
export function normalizeAnswer(s: string): string {
  const lower = s.toLowerCase();
  let noPunct = '';
  for (const ch of lower) if (!PUNCTUATION.has(ch)) noPunct += ch;
  const noArticles = noPunct.replace(/\b(a|an|the)\b/g, ' ');
  return noArticles.split(/\s+/).filter(Boolean).join(' ');
}

/** 1 if the normalised prediction equals the normalised reference, else 0. */
export function exactMatch(prediction: string, reference: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(reference) ? 1 : 0;
}

/**
 * SQuAD token F1 over normalised whitespace tokens (bag-of-words overlap, counts clipped).
 * If either side normalises to nothing, F1 is 1 when both do and 0 otherwise (SQuAD v2 rule),
 * so an empty generation never gets partial credit.
 */
export function tokenF1(prediction: string, reference: string): number {
  const pred = tokensOf(normalizeAnswer(prediction));
  const gold = tokensOf(normalizeAnswer(reference));
  if (pred.length === 0 || gold.length === 0) return pred.length === gold.length ? 1 : 0;
  const common = overlapCount(countTokens(pred), countTokens(gold));
  if (common === 0) return 0;
  const precision = common / pred.length;
  const recall = common / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** SQuAD scores a prediction against every gold answer and keeps the best. */
export function maxOverReferences(metric: (prediction: string, reference: string) => number, prediction: string, references: readonly string[]): number {
  if (references.length === 0) throw new Error('maxOverReferences: no reference given');
  return Math.max(...references.map((r) => metric(prediction, r)));
}

// ---------------------------------------------------------------------------------------------
// ROUGE-L
// ---------------------------------------------------------------------------------------------

/**
 * ROUGE-L F-measure (beta = 1, as Google's rouge_score) over the longest common subsequence of
 * lowercased whitespace tokens. No stemming: the tiny world's vocabulary is small and regular.
 */
export function rougeL(prediction: string, reference: string): number {
  const pred = tokensOf(prediction.toLowerCase());
  const ref = tokensOf(reference.toLowerCase());
  if (pred.length === 0 || ref.length === 0) return 0;
  const lcs = lcsLength(pred, ref);
  if (lcs === 0) return 0;
  const precision = lcs / pred.length;
  const recall = lcs / ref.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Length of the longest common subsequence, O(n·m) time with one rolling row. */
export function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0; // row[j-1] from the previous i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

// ---------------------------------------------------------------------------------------------
// BLEU
// ---------------------------------------------------------------------------------------------

export interface BleuOptions {
  /** Highest n-gram order (4 for BLEU-4). */
  maxOrder?: number;
  /** Numerator used for an order with zero matches (Chen & Cherry 2014, method 1). */
  epsilon?: number;
  /**
   * Leave out orders for which the hypotheses have no n-grams at all (sacrebleu's
   * "effective order", its default for sentence BLEU). Without it a perfect 2-token answer
   * scores only ~0.32 because its 3- and 4-gram precisions are smoothed zeros.
   */
  effectiveOrder?: boolean;
}

export interface BleuResult {
  /** BLEU in [0, 1]. */
  score: number;
  /** Modified n-gram precisions after smoothing, orders 1..maxOrder. */
  precisions: number[];
  brevityPenalty: number;
  hypothesisLength: number;
  referenceLength: number;
}

/**
 * BLEU tokens: case-sensitive; runs of letters/digits are words and every other non-space
 * character is its own token (roughly sacrebleu's 13a/intl tokenisers, without their tables).
 */
export function bleuTokens(s: string): string[] {
  return s.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

/**
 * Corpus BLEU (Papineni et al. 2002): clipped n-gram matches and totals are summed over the
 * whole corpus before the precisions are taken; brevity penalty exp(1 - r/c) when c <= r,
 * with r the sum of each hypothesis' closest reference length (ties go to the shorter one).
 *
 * Smoothing: Chen & Cherry (2014) method 1, as NLTK's SmoothingFunction().method1 — an order
 * with zero matches gets precision epsilon / max(1, total) instead of 0, so one missing order
 * does not zero the whole geometric mean. (Not sacrebleu's 'exp' smoothing.)
 */
export function corpusBleu(hypotheses: readonly string[], references: readonly (readonly string[])[], options: BleuOptions = {}): BleuResult {
  if (hypotheses.length !== references.length) {
    throw new Error(`corpusBleu: ${hypotheses.length} hypotheses but ${references.length} reference sets`);
  }
  const maxOrder = options.maxOrder ?? 4;
  const epsilon = options.epsilon ?? 0.1;
  const matches = new Array<number>(maxOrder).fill(0);
  const totals = new Array<number>(maxOrder).fill(0);
  let hypLen = 0;
  let refLen = 0;

  hypotheses.forEach((hypothesis, index) => {
    const refs = references[index];
    if (refs.length === 0) throw new Error(`corpusBleu: hypothesis ${index} has no reference`);
    const hyp = bleuTokens(hypothesis);
    const refTokens = refs.map(bleuTokens);
    hypLen += hyp.length;
    refLen += closestRefLength(
      hyp.length,
      refTokens.map((r) => r.length),
    );
    for (let n = 1; n <= maxOrder; n++) {
      const hypCounts = ngramCounts(hyp, n);
      // A hypothesis n-gram is credited at most as often as it occurs in any single reference.
      const maxRefCounts = new Map<string, number>();
      for (const ref of refTokens) {
        for (const [gram, count] of ngramCounts(ref, n)) {
          maxRefCounts.set(gram, Math.max(count, maxRefCounts.get(gram) ?? 0));
        }
      }
      for (const [gram, count] of hypCounts) {
        matches[n - 1] += Math.min(count, maxRefCounts.get(gram) ?? 0);
        totals[n - 1] += count;
      }
    }
  });

  const precisions = matches.map((m, i) => (m > 0 ? m : epsilon) / Math.max(1, totals[i]));
  const orders = options.effectiveOrder ? precisions.filter((_, i) => totals[i] > 0) : precisions;
  const brevityPenalty = hypLen === 0 ? 0 : hypLen > refLen ? 1 : Math.exp(1 - refLen / hypLen);
  const logMean = orders.length === 0 ? -Infinity : orders.reduce((s, p) => s + Math.log(p), 0) / orders.length;
  const score = hypLen === 0 ? 0 : brevityPenalty * Math.exp(logMean);
  return { score, precisions, brevityPenalty, hypothesisLength: hypLen, referenceLength: refLen };
}

/** Sentence BLEU: corpus BLEU of one sentence, with effective order (sacrebleu's default). */
export function sentenceBleu(hypothesis: string, references: readonly string[], options: BleuOptions = {}): number {
  return corpusBleu([hypothesis], [references], { effectiveOrder: true, ...options }).score;
}

// ---------------------------------------------------------------------------------------------
// Rank classification: acc and acc_norm
// ---------------------------------------------------------------------------------------------

export interface OptionChoice {
  /** argmax of the summed continuation log-prob (lm-evaluation-harness "acc"). */
  accIndex: number;
  /** argmax of log-prob / option length in characters (lm-evaluation-harness "acc_norm"). */
  accNormIndex: number;
}

/**
 * Picks an option by rank classification. Ties go to the earliest option so the choice is
 * deterministic. acc_norm divides by character length (not token count) as the harness does,
 * which stops long options being penalised merely for having more tokens.
 */
export function selectOption(logProbSums: readonly number[], optionCharLengths: readonly number[]): OptionChoice {
  if (logProbSums.length === 0) throw new Error('selectOption: no options');
  if (logProbSums.length !== optionCharLengths.length) {
    throw new Error('selectOption: scores and lengths differ in length');
  }
  const normalised = logProbSums.map((s, i) => s / Math.max(1, optionCharLengths[i]));
  return { accIndex: argmax(logProbSums), accNormIndex: argmax(normalised) };
}

/** Softmax of option scores: the model's distribution restricted to the option set. */
export function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  if (max === -Infinity) return scores.map(() => 1 / scores.length);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Index of the largest value; the first one wins ties. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

function tokensOf(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

function countTokens(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

function overlapCount(a: Map<string, number>, b: Map<string, number>): number {
  let common = 0;
  for (const [token, count] of a) common += Math.min(count, b.get(token) ?? 0);
  return common;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  // \u0001 cannot occur inside a token, so joined n-grams cannot collide.
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join('\u0001');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function closestRefLength(hypLen: number, refLens: readonly number[]): number {
  let best = refLens[0];
  for (const len of refLens) {
    const d = Math.abs(len - hypLen);
    const bestD = Math.abs(best - hypLen);
    if (d < bestD || (d === bestD && len < best)) best = len;
  }
  return best;
}
