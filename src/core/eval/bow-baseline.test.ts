import { describe, expect, it } from 'vitest';
import { bagOfWordsBaseline } from './bow-baseline';
import type { Example } from '../tasks/types';

const ex = (text: string, answer: string, i: number): Example => ({ fields: { sentence: text }, answer, options: ['good', 'bad'], key: `${i}` });

describe('bag-of-words baseline', () => {
  it('learns a word-level label and reports balanced accuracy and the majority share', () => {
    const make = (n: number, off: number) =>
      Array.from({ length: n }, (_, i) => (i % 3 === 0 ? ex(`it was awful number ${i}`, 'bad', i + off) : ex(`it was lovely number ${i}`, 'good', i + off)));
    const r = bagOfWordsBaseline(make(90, 0), make(30, 1000));
    expect(r.accuracy).toBe(1);
    expect(r.balancedAccuracy).toBe(1);
    expect(r.majorityShare).toBeCloseTo(20 / 30);
  });

  it('cannot learn a label that no single word carries (an equality test between two spans)', () => {
    const names = ['ann', 'bob', 'cy', 'dee'];
    const make = (n: number, off: number) =>
      Array.from({ length: n }, (_, i) => {
        const a = names[i % 4],
          b = names[Math.floor(i / 4) % 4];
        return { fields: { first: a, second: b }, answer: a === b ? 'yes' : 'no', options: ['yes', 'no'], key: `${i + off}` } as Example;
      });
    const r = bagOfWordsBaseline(make(160, 0), make(64, 1000));
    expect(r.balancedAccuracy).toBeLessThan(0.7);
  });
});
