/**
 * The fuzz harness (issue 17): hostile inputs in four categories — share links, templates, checkpoints,
 * results files — thrown at the core as the app, the worker and the CLI would receive them. Each case
 * knows what must happen to its input, and the harness counts three ways of failing:
 *
 *   crash   the core threw something other than its clean, explained refusal (a TypeError, a
 *           RangeError, or a message that leaks one: "Cannot read properties of null …")
 *   hang    one case took over HANG_MS (scripts/fuzz.mjs also kills a worker that stops answering)
 *   silent  a corrupt input was accepted: a damaged link or file opened, an impossible value got
 *           through, or the editor and the link disagreed about a template without a word
 *
 * Cases are generated from (seed, category, index) alone, so any case can be replayed by its index.
 */
import { Rng, hashString } from '../../src/core/rng';
import { checkpointCase } from './checkpoints';
import { linkCase } from './links';
import { resultsCase } from './results';
import { templateCase } from './templates';
import { Crash, type FuzzCase } from './verdict';

export { Crash, OK, silent, type FuzzCase, type Verdict } from './verdict';

export const HANG_MS = 1_000;
export const DEFAULT_SEED = 17;

export const CATEGORIES = {
  links: linkCase,
  templates: templateCase,
  checkpoints: checkpointCase,
  results: resultsCase,
} as const satisfies Record<string, (rng: Rng) => FuzzCase>;
export type Category = keyof typeof CATEGORIES;

export type Outcome = 'ok' | 'crash' | 'hang' | 'silent';

export interface CaseReport {
  index: number;
  outcome: Outcome;
  label: string;
  detail?: string;
  ms: number;
}

export function caseRng(seed: number, category: Category, index: number): Rng {
  return new Rng((Math.imul(seed, 0x9e3779b1) ^ hashString(category) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

/** Builds and runs one case, timing it; never throws. */
export function runCase(category: Category, seed: number, index: number): CaseReport {
  let label = '(not built)';
  let started = performance.now();
  try {
    const c = CATEGORIES[category](caseRng(seed, category, index));
    label = c.label;
    started = performance.now(); // time the core, not the building of its input
    const verdict = c.run();
    const ms = performance.now() - started;
    if (ms > HANG_MS) return { index, outcome: 'hang', label, ms, detail: `took ${ms.toFixed(0)} ms` };
    return verdict.ok ? { index, outcome: 'ok', label, ms } : { index, outcome: 'silent', label, ms, detail: verdict.silent };
  } catch (e) {
    const ms = performance.now() - started;
    const detail = e instanceof Crash ? e.message : `uncaught ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
    return { index, outcome: 'crash', label, ms, detail: detail.slice(0, 300) };
  }
}

export interface CategorySummary {
  category: Category;
  cases: number;
  crash: number;
  hang: number;
  silent: number;
  /** The first few failures, to replay. */
  failures: CaseReport[];
  slowestMs: number;
}

export function emptySummary(category: Category): CategorySummary {
  return { category, cases: 0, crash: 0, hang: 0, silent: 0, failures: [], slowestMs: 0 };
}

export function addReport(s: CategorySummary, r: CaseReport): void {
  s.cases++;
  s.slowestMs = Math.max(s.slowestMs, r.ms);
  if (r.outcome === 'ok') return;
  s[r.outcome]++;
  if (s.failures.length < 10) s.failures.push(r);
}

/** Runs cases [from, from + count) of a category in this thread (the unit test's slice does this). */
export function runCategory(category: Category, count: number, seed = DEFAULT_SEED, from = 0): CategorySummary {
  const s = emptySummary(category);
  for (let i = from; i < from + count; i++) addReport(s, runCase(category, seed, i));
  return s;
}

export function formatSummaries(summaries: CategorySummary[], seed: number): string {
  const rows = summaries.map(
    (s) =>
      `${s.category.padEnd(12)} ${String(s.cases).padStart(7)} ${String(s.crash).padStart(8)} ${String(s.hang).padStart(6)} ` +
      `${String(s.silent).padStart(7)}   ${s.slowestMs.toFixed(0).padStart(5)} ms`,
  );
  const failures = summaries.flatMap((s) => s.failures.map((f) => `  ${s.category} #${f.index} ${f.outcome}: ${f.label} — ${f.detail ?? ''}`));
  return [
    `fuzz seed ${seed}; hang = a case over ${HANG_MS} ms`,
    'category       cases  crashes  hangs  silent   slowest',
    ...rows,
    ...(failures.length ? ['failures (replay with --only <category> --from <index> --count 1):', ...failures] : []),
  ].join('\n');
}
