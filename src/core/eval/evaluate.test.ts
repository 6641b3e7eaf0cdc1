import { describe, expect, it } from 'vitest';
import { evaluate, type RenderedItem, type Scorer, type TextCodec } from './evaluate';
import { corpusBleu } from './metrics';

/** Word-level codec with a vocabulary grown on demand; ids < 10 are reserved specials. */
function wordCodec(): TextCodec {
  const ids = new Map<string, number>();
  const words: string[] = [];
  return {
    encode: (s) =>
      s
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => {
          if (!ids.has(w)) {
            ids.set(w, words.length + 10);
            words.push(w);
          }
          return ids.get(w)!;
        }),
    decode: (list) =>
      list
        .filter((id) => id >= 10)
        .map((id) => words[id - 10])
        .join(' '),
  };
}

const SEP = 1;

/**
 * A fake model that looks up its answers in tables keyed by decoded text, so a misaligned
 * prompt/continuation pair or a score returned to the wrong item changes the outcome.
 * It also insists on the caller's separator token, proving promptIds() is used.
 */
function tableScorer(codec: TextCodec, scores: Record<string, number>, answers: Record<string, string>) {
  const calls = { score: [] as number[], generate: [] as number[] };
  const promptText = (prompt: number[]) => {
    if (prompt[prompt.length - 1] !== SEP) throw new Error('prompt does not end with SEP');
    return codec.decode(prompt);
  };
  const scorer: Scorer = {
    async scoreContinuations(items) {
      calls.score.push(items.length);
      return items.map(({ prompt, continuation }) => {
        const key = `${promptText(prompt)}|${codec.decode(continuation)}`;
        return scores[key] ?? -50;
      });
    },
    async generate(prompts, maxNewTokens) {
      calls.generate.push(prompts.length);
      return prompts.map((p) => codec.encode(answers[promptText(p)] ?? 'unknown').slice(0, maxNewTokens));
    },
  };
  return { scorer, calls };
}

describe('evaluate: classification', () => {
  const codec = wordCodec();
  const options = ['yes', 'no', 'it is unclear'];
  const items: RenderedItem[] = [
    { input: 'q1', target: 'yes', options, dataset: 'rte', templateId: 't0' },
    { input: 'q2', target: 'no', options, dataset: 'rte', templateId: 't0' },
    { input: 'q3', target: 'it is unclear', options, dataset: 'rte', templateId: 't0' },
    { input: 'q4', target: 'yes', options: ['yes', 'no'], dataset: 'rte', templateId: 't1' },
  ];
  const scores: Record<string, number> = {
    'q1|yes': -1,
    'q1|no': -2,
    'q1|it is unclear': -9, // acc: yes (right); norm: -1/3 > -2/2 -> yes
    'q2|yes': -1,
    'q2|no': -3,
    'q2|it is unclear': -9, // acc: yes (wrong); norm: yes (wrong)
    // acc: no (wrong). acc_norm: per char yes -4/3 = -1.33, no -1.5, unclear -6/13 = -0.46 -> unclear (right)
    'q3|yes': -4,
    'q3|no': -3,
    'q3|it is unclear': -6,
    'q4|yes': -0.5,
    'q4|no': -0.1, // acc: no (wrong); norm: -0.167 vs -0.05 -> no (wrong)
  };

  it('balanced accuracy gives a constant answer 1/K however unbalanced the labels', async () => {
    const skewed = ['no', 'no', 'no', 'yes'].map((target, i) => ({ input: `s${i}`, target, options: ['yes', 'no'], dataset: 'rte', templateId: 't0' }));
    const constantNo: Record<string, number> = Object.fromEntries(
      skewed.flatMap((it) => [
        [`${it.input}|yes`, -5],
        [`${it.input}|no`, -1],
      ]),
    );
    const { scorer } = tableScorer(codec, constantNo, {});
    const r = await evaluate(scorer, skewed, { codec, promptIds: (s) => [...codec.encode(s), SEP] });
    expect(r.perTemplate.rte.t0.acc).toBe(0.75);
    expect(r.perTemplate.rte.t0.bal_acc).toBe(0.5);
    expect(r.perTemplate.rte.t0.answer_share).toBe(1);
    expect(r.perTemplate.rte.t0.majority_share).toBe(0.75);
  });

  it('ranks options, computes acc / acc_norm per template and records choices', async () => {
    const { scorer, calls } = tableScorer(codec, scores, {});
    const result = await evaluate(scorer, items, {
      codec,
      promptIds: (s) => [...codec.encode(s), SEP],
      batchSize: 2,
    });
    // Batching: examples 1-2 (3 + 3 options) in one call, examples 3-4 (3 + 2 options) in another.
    expect(calls.score).toEqual([6, 5]);
    // bal_acc: recall 1 (yes), 0 (no), 0 (unclear); answers yes, yes, no; each gold answer once.
    expect(result.perTemplate.rte.t0).toEqual({ acc: 1 / 3, acc_norm: 2 / 3, bal_acc: 1 / 3, answer_share: 2 / 3, majority_share: 1 / 3 });
    expect(result.perTemplate.rte.t1).toEqual({ acc: 0, acc_norm: 0, bal_acc: 0, answer_share: 1, majority_share: 1 });
    expect(result.mainMetrics).toEqual({ rte: 'acc' });

    const r3 = result.records[2];
    if (r3.kind !== 'classification') throw new Error('expected a classification record');
    expect(r3.optionScores).toEqual([-4, -3, -6]);
    expect(r3.chosen).toBe(1);
    expect(r3.chosenNorm).toBe(2);
    expect(r3.goldIndex).toBe(2);
    expect([r3.correct, r3.correctNorm]).toEqual([false, true]);
    // softmax(-4, -3, -6): e^-4 / (e^-4 + e^-3 + e^-6)
    const z = Math.exp(-4) + Math.exp(-3) + Math.exp(-6);
    expect(r3.optionProbs[0]).toBeCloseTo(Math.exp(-4) / z, 12);
    expect(r3.optionProbs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(result.records.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it('reports progress and respects the declared main metric', async () => {
    const { scorer } = tableScorer(codec, scores, {});
    const progress: number[] = [];
    const result = await evaluate(scorer, items, {
      codec,
      promptIds: (s) => [...codec.encode(s), SEP],
      batchSize: 3,
      mainMetric: () => 'acc_norm',
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(progress).toEqual([0.75, 1]);
    expect(result.mainMetrics.rte).toBe('acc_norm');
    await expect(evaluate(scorer, items, { codec, promptIds: (s) => [...codec.encode(s), SEP], mainMetric: () => 'bleu' })).rejects.toThrow(/does not apply/);
  });

  it('fails loudly on bad inputs and bad scorers', async () => {
    const { scorer } = tableScorer(codec, scores, {});
    const promptIds = (s: string) => [...codec.encode(s), SEP];
    const bad: RenderedItem[] = [{ input: 'q1', target: 'maybe', options: ['yes', 'no'], dataset: 'rte', templateId: 't0' }];
    await expect(evaluate(scorer, bad, { codec, promptIds })).rejects.toThrow(/not among its options/);
    // Without the separator the fake refuses: the default promptIds is plain encode.
    await expect(evaluate(scorer, items, { codec })).rejects.toThrow(/SEP/);
    const short: Scorer = { ...scorer, scoreContinuations: async () => [0] };
    await expect(evaluate(short, items, { codec, promptIds })).rejects.toThrow(/returned 1 scores/);
    const controller = new AbortController();
    controller.abort();
    await expect(evaluate(scorer, items, { codec, promptIds, signal: controller.signal })).rejects.toThrow();
  });
});

describe('evaluate: generation', () => {
  const codec = wordCodec();
  const answers = { 'capital of france ?': 'Paris', 'translate : le chat': 'the cat sat', 'who ?': 'the big red dog' };
  const items: RenderedItem[] = [
    { input: 'capital of france ?', target: 'paris', dataset: 'nq', templateId: 'a' },
    { input: 'who ?', target: 'a red dog barked', references: ['red dog'], dataset: 'nq', templateId: 'a' },
    { input: 'translate : le chat', target: 'the cat sat', dataset: 'wmt', templateId: 'b' },
  ];

  it('decodes greedily and scores EM, F1, ROUGE-L and corpus BLEU per template', async () => {
    const { scorer, calls } = tableScorer(codec, {}, answers);
    const result = await evaluate(scorer, items, {
      codec,
      promptIds: (s) => [...codec.encode(s), SEP],
      mainMetric: (d) => (d === 'wmt' ? 'bleu' : undefined),
      batchSize: 2,
    });
    expect(calls.generate).toEqual([2, 1]);
    const nq = result.perTemplate.nq.a;
    // item 1: "Paris" vs "paris" -> EM 1, F1 1. item 2: "the big red dog" vs refs: EM 0;
    // F1 vs "red dog" = pred [big, red, dog], gold [red, dog]: P 2/3, R 1 -> 0.8 (beats 2/3 vs the target)
    expect(nq.exact_match).toBeCloseTo(0.5, 12);
    expect(nq.f1).toBeCloseTo((1 + 0.8) / 2, 12);
    expect(nq.bleu).toBeCloseTo(corpusBleu(['Paris', 'the big red dog'], [['paris'], ['a red dog barked', 'red dog']], { effectiveOrder: true }).score, 12);
    // A perfect 3-token translation: 1 with effective order (0.56 if order 4 were smoothed in).
    expect(result.perTemplate.wmt.b.bleu).toBeCloseTo(1, 12);
    expect(result.mainMetrics).toEqual({ nq: 'exact_match', wmt: 'bleu' });
    const r1 = result.records[1];
    if (r1.kind !== 'generation') throw new Error('expected a generation record');
    expect(r1.prediction).toBe('the big red dog');
    // ROUGE-L vs "red dog": LCS 2, P 2/4, R 1 -> 2/3; vs the target: LCS 2 (red dog), P 1/2, R 1/2 -> 1/2
    expect(r1.rougeL).toBeCloseTo(2 / 3, 12);
  });

  it('passes maxNewTokens to the decoder', async () => {
    const { scorer } = tableScorer(codec, {}, answers);
    const result = await evaluate(scorer, items.slice(2), {
      codec,
      promptIds: (s) => [...codec.encode(s), SEP],
      maxNewTokens: 2,
    });
    const record = result.records[0];
    expect(record.kind === 'generation' && record.prediction).toBe('the cat');
  });

  it('refuses a template that mixes kinds', async () => {
    const { scorer } = tableScorer(codec, {}, answers);
    const mixed: RenderedItem[] = [items[0], { input: 'capital of france ?', target: 'yes', options: ['yes', 'no'], dataset: 'nq', templateId: 'a' }];
    await expect(evaluate(scorer, mixed, { codec, promptIds: (s) => [...codec.encode(s), SEP] })).rejects.toThrow(/mixes/);
  });
});
