/**
 * Results in the compact form a link carries. Run specs are not stored: they are derived from
 * expandRuns(spec) on decode (checked by run count and a hash of the run ids), so each finished
 * run stores only its index, and what the plots and tables need: perCluster, the per-dataset
 * aggregates' main numbers, wall time, tokens/s, backend and a loss curve of ≤ 24 points.
 * Per-template metrics (perTemplate) are dropped to keep links short: the inspector that shows
 * them needs a re-run of the experiment. Numbers are rounded to 4 significant digits.
 */
import { z } from 'zod';
import { expandRuns, type PresetSpec } from '../experiments/presets';
import { createResults, downsampleCurve, ResultsSchema, type Results, type RunEntry, type RunResult } from '../experiments/results';
import { ClusterSchema } from '../experiments/spec';
import { hashString } from '../rng';
import { issueText } from './settings';

export const SHARE_CURVE_POINTS = 24;
/** A link may describe at most this many runs (far more than any preset's defaults). */
export const MAX_SHARE_RUNS = 5_000;
const MAX_ERROR_CHARS = 300;

/** 4 significant digits; integers-valued inputs keep their exactness up to 4 digits. */
export function round4(x: number): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(4));
}

export interface CompactOptions {
  /** Keep per-dataset aggregates (default true). */
  perDataset?: boolean;
  /** Keep loss curves (default true). */
  lossCurves?: boolean;
}

function compactResult(r: RunResult, opts: CompactOptions): RunResult {
  return {
    perTemplate: {},
    perDataset:
      opts.perDataset === false
        ? {}
        : Object.fromEntries(
            Object.entries(r.perDataset).map(([name, a]) => [
              name,
              {
                metric: a.metric,
                nTemplates: a.nTemplates,
                mean: round4(a.mean),
                median: round4(a.median),
                best: a.best === null ? null : round4(a.best),
                bestTemplate: a.bestTemplate,
                spread: round4(a.spread),
                min: round4(a.min),
                max: round4(a.max),
              },
            ]),
          ),
    perCluster: Object.fromEntries(Object.entries(r.perCluster).map(([c, v]) => [c, round4(v as number)])),
    lossCurve:
      opts.lossCurves === false
        ? []
        : downsampleCurve(r.lossCurve, SHARE_CURVE_POINTS).map((p) => ({ step: p.step, loss: p.loss === null ? null : round4(p.loss) })),
    wallTimeSec: round4(r.wallTimeSec),
    tokensPerSec: round4(r.tokensPerSec),
    backend: r.backend,
  };
}

/**
 * The results as a link reproduces them: finished runs compacted (see above), failed runs with
 * their (shortened) error, everything else pending. decodeShare(encodeShare(x)).results equals
 * compactResults(x.results, <what the encoder had to drop>).
 */
export function compactResults(results: Results, opts: CompactOptions = {}): Results {
  return {
    ...results,
    runs: results.runs.map((e): RunEntry => {
      if (e.status === 'done' && e.result) return { run: e.run, status: 'done', result: compactResult(e.result, opts) };
      if (e.status === 'failed') return { run: e.run, status: 'failed', error: (e.error ?? '').slice(0, MAX_ERROR_CHARS) };
      return { run: e.run, status: 'pending' };
    }),
  };
}

export function runIdsHash(ids: readonly string[]): string {
  return hashString(ids.join('\n')).toString(36);
}

// ---------------------------------------------------------------------------------------------
// wire form
// ---------------------------------------------------------------------------------------------

const num = z.number();
const DatasetTupleSchema = z.tuple([
  z.string().min(1).max(60), // metric
  z.number().int().positive(), // nTemplates
  num, // mean
  num, // median
  num.nullable(), // best
  num.nonnegative(), // spread
  num, // min
  num, // max
  z.string().max(200).nullable(), // bestTemplate
]);
const DoneRunSchema = z.object({
  i: z.number().int().nonnegative(),
  c: z.partialRecord(ClusterSchema, num),
  d: z.record(z.string().min(1).max(100), DatasetTupleSchema).optional(),
  w: num.nonnegative(),
  k: num.nonnegative(),
  b: z.string().min(1).max(40),
  l: z
    .array(z.tuple([z.number().int().nonnegative(), num.nullable()]))
    .max(SHARE_CURVE_POINTS)
    .optional(),
});
export const CompactResultsSchema = z.object({
  /** Number of runs of the spec, and a hash of their ids: a link's results must match its spec. */
  n: z.number().int().nonnegative(),
  h: z.string().max(20),
  /** Finished runs. */
  u: z.array(DoneRunSchema).max(MAX_SHARE_RUNS).optional(),
  /** Failed runs: [index, error]. */
  x: z
    .array(z.tuple([z.number().int().nonnegative(), z.string().max(1_000)]))
    .max(MAX_SHARE_RUNS)
    .optional(),
  /** What the encoder left out to fit: 1 = per-dataset aggregates, 2 = those and loss curves. */
  o: z.union([z.literal(1), z.literal(2)]).optional(),
});
export type CompactResultsWire = z.infer<typeof CompactResultsSchema>;

/** The wire form of compactResults(results, opts) for `spec`. Throws if the results are not the spec's. */
export function encodeResults(spec: PresetSpec, results: Results, opts: CompactOptions = {}): CompactResultsWire {
  const ids = expandRuns(spec).map((r) => r.id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const compact = compactResults(results, opts);
  const u: NonNullable<CompactResultsWire['u']> = [];
  const x: NonNullable<CompactResultsWire['x']> = [];
  for (const e of compact.runs) {
    if (e.status === 'pending') continue;
    const i = indexOf.get(e.run.id);
    if (i === undefined) throw new Error(`encodeShare: run ${e.run.id} of the results is not a run of the spec`);
    if (e.status === 'failed') {
      x.push([i, e.error ?? '']);
      continue;
    }
    const r = e.result!;
    const rec: NonNullable<CompactResultsWire['u']>[number] = { i, c: r.perCluster, w: r.wallTimeSec, k: r.tokensPerSec, b: r.backend };
    const datasets = Object.entries(r.perDataset);
    if (datasets.length) {
      rec.d = Object.fromEntries(
        datasets.map(([name, a]) => [name, [a.metric, a.nTemplates, a.mean, a.median, a.best, a.spread, a.min, a.max, a.bestTemplate]]),
      );
    }
    if (r.lossCurve.length) rec.l = r.lossCurve.map((p) => [p.step, p.loss]);
    u.push(rec);
  }
  const wire: CompactResultsWire = { n: ids.length, h: runIdsHash(ids) };
  if (u.length) wire.u = u;
  if (x.length) wire.x = x;
  if (opts.lossCurves === false) wire.o = 2;
  else if (opts.perDataset === false) wire.o = 1;
  return wire;
}

export type ResultsDecode = { ok: true; results: Results } | { ok: false; error: string };

const MISMATCH = "The results in this link don't match its experiment's runs (the link may come from another TinyFLAN version, or was edited)";

/** Rebuilds Results for `spec` from the wire form; any inconsistency is an error. */
export function decodeResults(spec: PresetSpec, wire: CompactResultsWire, warnings: string[]): ResultsDecode {
  const fresh = createResults(spec);
  const ids = fresh.runs.map((e) => e.run.id);
  if (wire.n !== ids.length || wire.h !== runIdsHash(ids)) {
    return { ok: false, error: `${MISMATCH}: it has results for ${wire.n} runs, the experiment has ${ids.length}.` };
  }
  const runs = fresh.runs.slice();
  const seen = new Set<number>();
  const take = (i: number): string | null => {
    if (i >= runs.length) return `${MISMATCH}: run #${i} does not exist.`;
    if (seen.has(i)) return `${MISMATCH}: run #${i} appears twice.`;
    seen.add(i);
    return null;
  };
  for (const rec of wire.u ?? []) {
    const problem = take(rec.i);
    if (problem) return { ok: false, error: problem };
    const perDataset: RunResult['perDataset'] = {};
    for (const [name, t] of Object.entries(rec.d ?? {})) {
      const [metric, nTemplates, mean, median, best, spread, min, max, bestTemplate] = t;
      perDataset[name] = { metric, nTemplates, mean, median, best, bestTemplate, spread, min, max };
    }
    const result: RunResult = {
      perTemplate: {},
      perDataset,
      perCluster: rec.c,
      lossCurve: (rec.l ?? []).map(([step, loss]) => ({ step, loss })),
      wallTimeSec: rec.w,
      tokensPerSec: rec.k,
      backend: rec.b,
    };
    runs[rec.i] = { run: runs[rec.i].run, status: 'done', result };
  }
  for (const [i, error] of wire.x ?? []) {
    const problem = take(i);
    if (problem) return { ok: false, error: problem };
    runs[i] = { run: runs[i].run, status: 'failed', error };
  }
  const checked = ResultsSchema.safeParse({ ...fresh, runs });
  if (!checked.success) return { ok: false, error: `results: ${issueText(checked.error)}` };
  if (wire.o === 1) warnings.push('Per-dataset scores were left out of this link to keep it short.');
  if (wire.o === 2) warnings.push('Per-dataset scores and loss curves were left out of this link to keep it short.');
  return { ok: true, results: checked.data };
}
