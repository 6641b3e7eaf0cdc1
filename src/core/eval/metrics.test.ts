import { describe, expect, it } from 'vitest';
import {
  argmax,
  bleuTokens,
  corpusBleu,
  exactMatch,
  lcsLength,
  maxOverReferences,
  normalizeAnswer,
  rougeL,
  selectOption,
  sentenceBleu,
  softmax,
  tokenF1,
} from './metrics';

describe('exact match and token F1 (SQuAD)', () => {
  it('normalises case, punctuation, articles and spaces', () => {
    expect(normalizeAnswer('  The  Cat, sat!  ')).toBe('cat sat');
    expect(normalizeAnswer('An apple a day')).toBe('apple day');
    // "theatre" contains "the" but is not an article: word boundaries matter.
    expect(normalizeAnswer('theatre')).toBe('theatre');
  });

  it('exact match compares normalised strings', () => {
    expect(exactMatch('The Eiffel Tower.', 'eiffel tower')).toBe(1);
    expect(exactMatch('Eiffel', 'eiffel tower')).toBe(0);
    expect(exactMatch('', '')).toBe(1);
  });

  it('token F1 matches a hand computation', () => {
    // pred "the big red dog" -> [big, red, dog]; gold "a red dog barked" -> [red, dog, barked]
    // common = 2; P = 2/3; R = 2/3; F1 = 2/3
    expect(tokenF1('the big red dog', 'a red dog barked')).toBeCloseTo(2 / 3, 10);
    // pred [paris, paris]; gold [paris]: common clipped to 1; P = 1/2, R = 1, F1 = 2·(1/2)/(3/2) = 2/3
    expect(tokenF1('Paris Paris', 'Paris')).toBeCloseTo(2 / 3, 10);
    expect(tokenF1('blue', 'red')).toBe(0);
    // Empty after normalisation: only an empty reference matches.
    expect(tokenF1('the', 'a')).toBe(1);
    expect(tokenF1('', 'red')).toBe(0);
  });

  it('maxOverReferences keeps the best gold answer', () => {
    expect(maxOverReferences(exactMatch, 'NYC', ['New York', 'nyc'])).toBe(1);
    expect(maxOverReferences(tokenF1, 'new york city', ['york', 'new york'])).toBeCloseTo(0.8, 10);
    expect(() => maxOverReferences(exactMatch, 'x', [])).toThrow(/no reference/);
  });
});

describe('ROUGE-L', () => {
  it('computes LCS lengths', () => {
    expect(lcsLength('ABCBDAB'.split(''), 'BDCABA'.split(''))).toBe(4); // textbook CLRS example
    expect(lcsLength([], ['a'])).toBe(0);
  });

  it('matches a hand computation', () => {
    // pred: the cat was found under the bed (7); ref: the cat was under the bed (6)
    // LCS = the cat was under the bed = 6; P = 6/7, R = 6/6; F = 2·(6/7)·1/(6/7 + 1) = 12/13
    expect(rougeL('the cat was found under the bed', 'the cat was under the bed')).toBeCloseTo(12 / 13, 10);
    // Case-insensitive; word order matters: "b a" vs "a b" has LCS 1 -> P = R = 1/2 -> F = 1/2
    expect(rougeL('B A', 'a b')).toBeCloseTo(0.5, 10);
    expect(rougeL('', 'a b')).toBe(0);
  });
});

describe('BLEU', () => {
  it('tokenises words and punctuation separately', () => {
    expect(bleuTokens('Hello, world!')).toEqual(['Hello', ',', 'world', '!']);
  });

  it('matches a hand computation with smoothing of a zero order', () => {
    // hyp: the cat sat on the mat   ref: the cat is on the mat   (c = r = 6, BP = 1)
    // p1 = 5/6 (the×2, cat, on, mat)    p2 = 3/5 (the cat, on the, the mat)
    // p3 = 1/4 (on the mat)             p4 = 0 matches of 3 -> smoothed 0.1/3
    // BLEU = (5/6 · 3/5 · 1/4 · 0.1/3)^(1/4) = (1/240)^(1/4) = 0.254064...
    const result = corpusBleu(['the cat sat on the mat'], [['the cat is on the mat']]);
    expect(result.brevityPenalty).toBe(1);
    expect(result.precisions[0]).toBeCloseTo(5 / 6, 12);
    expect(result.precisions[3]).toBeCloseTo(0.1 / 3, 12);
    expect(result.score).toBeCloseTo(Math.pow(1 / 240, 0.25), 12);
    expect(result.score).toBeCloseTo(0.254064, 5);
  });

  it('applies the brevity penalty; effective order only for sentence BLEU', () => {
    // hyp "the cat" (c = 2) vs ref of 6 tokens: BP = exp(1 - 6/2) = e^-2
    // p1 = 2/2, p2 = 1/1; orders 3 and 4 have no hypothesis n-grams.
    // sentence (effective order 2): e^-2 · (1·1)^(1/2) = 0.135335
    // corpus (all 4 orders, smoothed 0.1/1 each): e^-2 · (0.1·0.1)^(1/4) = e^-2 · 0.316228 = 0.042797
    expect(sentenceBleu('the cat', ['the cat sat on the mat'])).toBeCloseTo(Math.exp(-2), 12);
    expect(corpusBleu(['the cat'], [['the cat sat on the mat']]).score).toBeCloseTo(Math.exp(-2) * Math.sqrt(0.1), 12);
  });

  it('is 1 for a perfect match and 0 for an empty hypothesis', () => {
    expect(sentenceBleu('a b c d e', ['a b c d e'])).toBeCloseTo(1, 12);
    expect(sentenceBleu('Yes', ['Yes'])).toBeCloseTo(1, 12);
    expect(sentenceBleu('', ['a b'])).toBe(0);
  });

  it('pools counts over the corpus instead of averaging sentences', () => {
    // s1: hyp "a b c d" = ref -> 4/4, 3/3, 2/2, 1/1.  s2: hyp "x y" vs ref "a b": 0/2, 0/1, -, -
    // pooled: p1 = 4/6, p2 = 3/4, p3 = 2/2, p4 = 1/1; c = r = 6 -> BLEU = (4/6 · 3/4)^(1/4) = 0.5^(1/4)
    const result = corpusBleu(['a b c d', 'x y'], [['a b c d'], ['a b']]);
    expect(result.score).toBeCloseTo(Math.pow(0.5, 0.25), 12);
  });

  it('clips by the best single reference and picks the closest reference length', () => {
    // hyp "the the the" vs refs ["the cat", "the the dog"]: "the" clipped to max(1, 2) = 2 -> p1 = 2/3
    // c = 3; closest ref length: 3 ("the the dog") -> BP = 1
    const result = corpusBleu(['the the the'], [['the cat', 'the the dog']]);
    expect(result.precisions[0]).toBeCloseTo(2 / 3, 12);
    expect(result.referenceLength).toBe(3);
    expect(result.brevityPenalty).toBe(1);
  });

  it('rejects mismatched inputs', () => {
    expect(() => corpusBleu(['a'], [])).toThrow(/reference sets/);
    expect(() => corpusBleu(['a'], [[]])).toThrow(/no reference/);
  });
});

describe('acc and acc_norm selection', () => {
  it('acc picks the highest sum, acc_norm the highest per character', () => {
    // options "yes" (3 chars, -2) and "no way" (6 chars, -3)
    // acc: -2 > -3 -> 0.  acc_norm: -2/3 = -0.667 < -3/6 = -0.5 -> 1
    expect(selectOption([-2, -3], [3, 6])).toEqual({ accIndex: 0, accNormIndex: 1 });
  });

  it('breaks ties towards the first option', () => {
    expect(argmax([1, 3, 3])).toBe(1);
    expect(selectOption([-1, -1], [2, 2])).toEqual({ accIndex: 0, accNormIndex: 0 });
  });

  it('softmax gives a distribution over options', () => {
    // log 1, log 3 -> 1/4, 3/4
    const p = softmax([Math.log(1), Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
    // stable for very negative log-probs
    const q = softmax([-1000, -1001]);
    expect(q[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });

  it('rejects bad input', () => {
    expect(() => selectOption([], [])).toThrow();
    expect(() => selectOption([1], [1, 2])).toThrow();
  });
});
