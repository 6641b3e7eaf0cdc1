/**
 * Property checks every dataset must pass, shared by the built-in suite's tests and the real-data
 * pack's tests (vitest assertions; imported only by *.test.ts files).
 */
import { expect } from 'vitest';
import { rngFor } from '../rng';
import { splitOfKey } from './suite';
import type { Dataset } from './suite';
import type { DatasetSpec, Example, Split } from './types';
import type { World } from './world/world';

/** The generator repeats itself for one seed and differs across seeds; so do the dataset's splits. */
export function expectDeterministic(spec: DatasetSpec, world: World, d: Dataset): void {
  const draw = (seed: number) =>
    Array.from(
      { length: 20 },
      (
        (r) => () =>
          spec.make(world, r)
      )(rngFor(seed, 'det')),
    );
  expect(draw(3)).toEqual(draw(3));
  expect(JSON.stringify(draw(3))).not.toEqual(JSON.stringify(draw(4)));
  expect(d.examples('train', 30, 9)).toEqual(d.examples('train', 30, 9));
}

/** The independent solver gives every label (first 150 examples). */
export function expectSolverAgrees(d: Dataset, world: World, train: readonly Example[]): void {
  for (const ex of train.slice(0, 150)) expect(d.check(world, ex), JSON.stringify(ex.fields)).toBe(ex.answer);
}

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
  for (const [s, set] of [
    ['train', tr],
    ['validation', va],
    ['test', te],
  ] as const)
    for (const k of set) expect(splitOfKey(k)).toBe(s);
  expect(tr.size).toBeGreaterThanOrEqual(50);
  expect(te.size).toBeGreaterThanOrEqual(5);
}
