/**
 * Property checks every dataset must pass, shared by the built-in suite's tests and the real-data
 * pack's tests (vitest assertions; imported only by *.test.ts files).
 */
import { expect } from 'vitest';
import { splitOfKey } from './suite';
import type { Dataset } from './suite';
import type { Example, Split } from './types';

/** Answers come from the options and no answer takes more than 60% of the split. */
export function expectBalanced(d: Dataset, train: readonly Example[]): void {
  if (d.kind !== 'classification') return;
  const counts = new Map<string, number>();
  for (const ex of train) {
    expect(ex.options).toContain(ex.answer);
    counts.set(ex.answer, (counts.get(ex.answer) ?? 0) + 1);
  }
  expect(Math.max(...counts.values()) / train.length).toBeLessThanOrEqual(0.6);
}

/** Train, validation and test share no key, each key hashes to its split, and the splits are not tiny. */
export function expectDisjointSplits(d: Dataset): void {
  const keys = (s: Split, n: number) => new Set(d.examples(s, n).map((e) => e.key));
  const [tr, va, te] = [keys('train', 400), keys('validation', 100), keys('test', 100)];
  for (const k of va) expect(tr.has(k)).toBe(false);
  for (const k of te) expect(tr.has(k) || va.has(k)).toBe(false);
  for (const [s, set] of [['train', tr], ['validation', va], ['test', te]] as const) for (const k of set) expect(splitOfKey(k)).toBe(s);
  expect(tr.size).toBeGreaterThanOrEqual(50);
  expect(te.size).toBeGreaterThanOrEqual(5);
}
