/** Small helpers shared by the dataset generators. */
import type { Rng } from '../../rng';
import type { Example } from '../types';

/** Label sets are shared across clusters, so answer formats transfer. */
export const YES_NO = ['yes', 'no'];
export const NLI_LABELS = ['yes', 'it is not possible to tell', 'no'];
export const POS_NEG = ['positive', 'negative'];

/** Default dedupe key: the visible fields. */
export function keyOf(fields: Record<string, string>): string {
  return Object.values(fields).join('\u241e');
}

export function classification(fields: Record<string, string>, options: string[], answer: string, meta?: Record<string, unknown>): Example {
  if (!options.includes(answer)) throw new Error(`answer ${answer} not among options`);
  return { fields, options, answer, key: keyOf(fields), meta };
}

export function generation(fields: Record<string, string>, answer: string, meta?: Record<string, unknown>, key?: string): Example {
  return { fields, answer, key: key ?? keyOf(fields), meta };
}

/** Multiple choice: the answer plus distinct distractors, shuffled (answer position stays balanced). */
export function choices(rng: Rng, answer: string, pool: readonly string[], n: number): string[] {
  const distractors = rng.shuffle(pool.filter((x) => x !== answer)).slice(0, n - 1);
  return rng.shuffle([answer, ...new Set(distractors)]);
}

/** Find which of the names occurs in a text (first by position). */
export function findIn<T extends string>(text: string, names: readonly T[]): T | undefined {
  let best: T | undefined;
  let at = Infinity;
  for (const n of names) {
    const i = text.search(new RegExp(`\\b${escapeRegExp(n)}\\b`));
    if (i >= 0 && i < at) {
      at = i;
      best = n;
    }
  }
  return best;
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
}
