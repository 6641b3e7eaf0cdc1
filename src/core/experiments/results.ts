/**
 * The results file: a versioned, schema-checked record of a preset's runs and what they
 * produced. The CLI and the browser write the same JSON, and resuming a preset means reading
 * the file, keeping finished runs (matched by id) and running the rest.
 */
import { z } from 'zod';
import { canonicalJson, crc32Hex } from '../checkpoint/integrity';
import { LIMITS } from '../share/limits';
import { WorldVersionSchema } from './world-version';
import { ClusterSchema, RunSpecSchema, type RunSpec } from './spec';
import { PresetSpecSchema, expandRuns, type PresetSpec } from './presets';

export const RESULTS_SCHEMA = 'tinyflan-results';
export const RESULTS_VERSION = 1;
/** Loss curves are downsampled to at most this many points before they are stored. */
export const MAX_CURVE_POINTS = 200;

/**
 * Every metric the evaluator computes (acc, acc_norm, exact_match, f1, rouge_l, bleu; evaluate.ts) is
 * a fraction in [0, 1], and so is every mean of them. A score outside it is a corrupt or forged file:
 * issue 17 found -1e300 and 101 shown as results and breaking the charts' SVG paths.
 */
export const SCORE_RANGE = { min: 0, max: 1 } as const;
const score = z.number().superRefine((v, ctx) => {
  if (!(v >= SCORE_RANGE.min && v <= SCORE_RANGE.max))
    ctx.addIssue({ code: 'custom', message: `score ${v} is outside ${SCORE_RANGE.min}..${SCORE_RANGE.max}` });
});
/** Floating-point slack for "the mean lies within [min, max]" (a mean of equal scores can pass max by 1e-16). */
const ORDER_SLACK = 1e-9;
/** Slack for spread <= max - min, which rounding to 4 digits in a share link can break by ~1.5e-4. */
const SPREAD_SLACK = 1e-3;

const DatasetAggregateSchema = z
  .object({
    metric: z.string(),
    nTemplates: z.number().int().positive(),
    mean: score,
    median: score,
    best: score.nullable(),
    bestTemplate: z.string().nullable(),
    spread: score,
    min: score,
    max: score,
  })
  .superRefine((a, ctx) => {
    const lo = a.min - ORDER_SLACK;
    const hi = a.max + ORDER_SLACK;
    if (a.min > hi) ctx.addIssue({ code: 'custom', message: `min ${a.min} is above max ${a.max}` });
    for (const key of ['mean', 'median', 'best'] as const) {
      const v = a[key];
      if (v !== null && (v < lo || v > hi)) ctx.addIssue({ code: 'custom', path: [key], message: `${key} ${v} is outside [min ${a.min}, max ${a.max}]` });
    }
    if (a.spread > a.max - a.min + SPREAD_SLACK) ctx.addIssue({ code: 'custom', path: ['spread'], message: `spread ${a.spread} is more than max − min` });
  });

const CurvePointSchema = z.object({
  step: z.number().int().nonnegative(),
  // null keeps a diverged (NaN) loss representable in JSON instead of breaking the file.
  loss: z.number().nonnegative().nullable(), // a cross-entropy
});
export type CurvePoint = z.infer<typeof CurvePointSchema>;

export const RunResultSchema = z.object({
  /** dataset -> templateId -> metric -> value in [0, 1]. */
  perTemplate: z.record(z.string(), z.record(z.string(), z.record(z.string(), score))),
  perDataset: z.record(z.string(), DatasetAggregateSchema),
  /** Mean over each evaluated cluster's datasets (of the per-dataset template mean). */
  perCluster: z.partialRecord(ClusterSchema, score),
  /** Tuning loss; empty for base-eval runs. */
  lossCurve: z.array(CurvePointSchema).max(MAX_CURVE_POINTS),
  wallTimeSec: z.number().nonnegative(),
  tokensPerSec: z.number().nonnegative(),
  /** The backend actually used (the spec may have said 'auto'). */
  backend: z.string().min(1),
  /** Pretraining world of the base model (src/core/tasks/corpus.ts); absent in files made before v2: v1. */
  worldVersion: WorldVersionSchema.optional(),
  /**
   * World version of the suite the run was tuned and evaluated on (src/core/tasks/suite.ts); absent in files
   * made before v3, whose suite was the v1/v2 one (the two are identical).
   */
  suiteVersion: WorldVersionSchema.optional(),
});
export type RunResult = z.infer<typeof RunResultSchema>;

export const RunStatusSchema = z.enum(['pending', 'running', 'done', 'failed']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

const RunEntrySchema = z
  .object({
    run: RunSpecSchema,
    status: RunStatusSchema,
    result: RunResultSchema.optional(),
    error: z.string().optional(),
  })
  .refine((e) => (e.status === 'done') === (e.result !== undefined), {
    message: 'a run has a result exactly when its status is "done"',
  });
export type RunEntry = z.infer<typeof RunEntrySchema>;

export const ResultsSchema = z
  .object({
    schema: z.literal(RESULTS_SCHEMA),
    version: z.literal(RESULTS_VERSION),
    spec: PresetSpecSchema,
    runs: z.array(RunEntrySchema),
  })
  .superRefine((results, ctx) => {
    const seen = new Set<string>();
    for (const entry of results.runs) {
      if (seen.has(entry.run.id)) ctx.addIssue({ code: 'custom', message: `duplicate run id ${entry.run.id}`, path: ['runs'] });
      seen.add(entry.run.id);
    }
  });
export type Results = z.infer<typeof ResultsSchema>;

/**
 * Reads a results file (its text or the parsed JSON). The schema name and version are checked
 * first so an old or foreign file gets a clear message rather than a list of zod issues; then the
 * schema (with every score range-checked), that every run is a run of the file's spec, and the
 * checksum serializeResults writes (files without one, from before it, are read unverified).
 */
export function parseResults(input: unknown): Results {
  let data = input;
  if (typeof input === 'string') {
    if (input.length > LIMITS.resultsChars.max) {
      throw new Error(
        `results file is too large (${input.length.toLocaleString('en-US')} characters; at most ${LIMITS.resultsChars.max.toLocaleString('en-US')} are read)`,
      );
    }
    try {
      data = JSON.parse(input);
    } catch (e) {
      throw new Error(`results file is not valid JSON: ${(e as Error).message.slice(0, 200)}`, { cause: e });
    }
  }
  if (data === null || typeof data !== 'object' || (data as { schema?: unknown }).schema !== RESULTS_SCHEMA) {
    throw new Error(`not a TinyFLAN results file (expected "schema": "${RESULTS_SCHEMA}")`);
  }
  const version = (data as { version?: unknown }).version;
  if (version !== RESULTS_VERSION) {
    throw new Error(`unsupported TinyFLAN results version ${String(JSON.stringify(version)).slice(0, 40)}; this build reads version ${RESULTS_VERSION}`);
  }
  const stored = (data as { checksum?: unknown }).checksum;
  if (stored !== undefined && typeof stored !== 'string') throw new Error('malformed TinyFLAN results file: "checksum" must be a string');
  const parsed = ResultsSchema.safeParse(data);
  if (!parsed.success) throw new Error(`malformed TinyFLAN results file:\n${z.prettifyError(parsed.error)}`);
  const problem = specProblem(parsed.data);
  if (problem) throw new Error(`TinyFLAN results file does not match its experiment: ${problem}`);
  if (stored !== undefined && stored !== checksumOf(data as Record<string, unknown>)) {
    throw new Error('TinyFLAN results file is corrupt or was edited: its checksum does not match its contents');
  }
  return parsed.data;
}

/**
 * Why the runs are not runs of the spec, or null. Run ids are derived from the spec (expandRuns, and
 * makeRun hashes each run's content), so a run from another experiment or with a forged id, or whose
 * settings were changed, shows up here.
 */
export function specProblem(results: Results): string | null {
  let runs: RunSpec[];
  try {
    runs = expandRuns(results.spec);
  } catch (e) {
    return `its settings are inconsistent (${(e as Error).message.slice(0, 200)})`;
  }
  const byId = new Map(runs.map((r) => [r.id, r]));
  for (const [i, entry] of results.runs.entries()) {
    const mine = byId.get(entry.run.id);
    if (!mine) return `run ${i + 1} (${entry.run.id.slice(0, 80)}) is not a run of the file's settings (from another experiment, or its id was changed)`;
    if (canonicalJson(mine) !== canonicalJson(entry.run)) return `run ${i + 1} (${entry.run.id.slice(0, 80)}) has settings that do not match its id`;
  }
  return null;
}

const checksumOf = (file: Record<string, unknown>) => `crc32:${crc32Hex(canonicalJson({ ...file, checksum: undefined }))}`;

/** The file's text, with a checksum of its contents (verified by parseResults). */
export function serializeResults(results: Results): string {
  const { schema, version, spec, runs } = results;
  // The checksum is taken over what a reader will parse (JSON drops undefined, turns NaN into null).
  const checksum = checksumOf(JSON.parse(JSON.stringify({ schema, version, spec, runs })));
  return JSON.stringify({ schema, version, checksum, spec, runs }, null, 2);
}

/** A fresh results object: every run of the spec, pending. */
export function createResults(spec: PresetSpec): Results {
  return {
    schema: RESULTS_SCHEMA,
    version: RESULTS_VERSION,
    spec,
    runs: expandRuns(spec).map((run) => ({ run, status: 'pending' })),
  };
}

/**
 * Results for `spec`, carrying over every finished run of `previous` whose id the spec still
 * produces. Unfinished, failed or interrupted ('running') runs go back to pending; runs the spec
 * no longer contains are left out (they stay in the previous file).
 */
export function resumeResults(spec: PresetSpec, previous?: Results): Results {
  const fresh = createResults(spec);
  if (!previous) return fresh;
  const finished = new Map(previous.runs.filter((e) => e.status === 'done').map((e) => [e.run.id, e]));
  return { ...fresh, runs: fresh.runs.map((entry) => finished.get(entry.run.id) ?? entry) };
}

/** The runs still to do, in order. */
export function pendingRuns(results: Results): RunSpec[] {
  return results.runs.filter((e) => e.status !== 'done').map((e) => e.run);
}

export function isComplete(results: Results): boolean {
  return results.runs.every((e) => e.status === 'done');
}

/** Marks a run as started (so a UI can show it); returns a new results object. */
export function markRunning(results: Results, runId: string): Results {
  return updateEntry(results, runId, (e) => ({ run: e.run, status: 'running' }));
}

/** Records a finished run; the result is validated and its loss curve downsampled. */
export function mergeRunResult(results: Results, runId: string, result: RunResult): Results {
  // Downsampled only if it is a list of points; anything else is left for the schema to refuse.
  const curve: unknown = result?.lossCurve;
  const points = Array.isArray(curve) && curve.every((p) => p !== null && typeof p === 'object') ? downsampleCurve(curve) : curve;
  const parsed = RunResultSchema.safeParse({ ...result, lossCurve: points });
  // Results from the worker or an engine are checked like a file's: an impossible score is a bug, not a result.
  if (!parsed.success) throw new Error(`run ${runId} returned an invalid result: ${z.prettifyError(parsed.error).slice(0, 500)}`);
  const checked = parsed.data;
  return updateEntry(results, runId, (e) => ({ run: e.run, status: 'done', result: checked }));
}

export function markFailed(results: Results, runId: string, error: string): Results {
  return updateEntry(results, runId, (e) => ({ run: e.run, status: 'failed', error }));
}

function updateEntry(results: Results, runId: string, update: (entry: RunEntry) => RunEntry): Results {
  const index = results.runs.findIndex((e) => e.run.id === runId);
  if (index < 0) throw new Error(`run ${runId} is not part of these results`);
  const runs = results.runs.slice();
  runs[index] = update(runs[index]);
  return { ...results, runs };
}

/**
 * At most `max` points, evenly spaced by index, always keeping the first and last point (the
 * start and end of training are the points people read off a loss curve). NaN losses become null.
 */
export function downsampleCurve(points: readonly { step: number; loss: number | null }[], max = MAX_CURVE_POINTS): CurvePoint[] {
  const clean = (p: { step: number; loss: number | null }): CurvePoint => ({
    step: p.step,
    loss: p.loss === null || !Number.isFinite(p.loss) ? null : p.loss,
  });
  if (points.length <= max) return points.map(clean);
  if (max < 2) throw new Error('downsampleCurve: max must be at least 2');
  const out: CurvePoint[] = [];
  for (let i = 0; i < max; i++) out.push(clean(points[Math.round((i * (points.length - 1)) / (max - 1))]));
  return out;
}

/**
 * The runs of shard `index` of `count`: runs are grouped by the model they evaluate (one tuned model, or
 * one base model per size, seed and held-out set), so a tuned model is trained once per shard. Tuned
 * groups (the expensive ones) are dealt round-robin first, then base groups continue the round, so every
 * shard gets its share of training. Deal the spec's full run list, so that processes agree on the shards
 * whatever each has finished. Lets several processes share one experiment (then `mergeResults`).
 */
export function shardRuns(runs: readonly RunSpec[], index: number, count: number): RunSpec[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`shard ${index}/${count}: need 0 <= index < count`);
  }
  const groupOf = (r: RunSpec) => r.tuneId ?? `base|${r.seed}|${r.modelSize}|${r.heldOut.join(',')}`;
  const order = [...new Set([...runs.filter((r) => r.tuneId), ...runs.filter((r) => !r.tuneId)].map(groupOf))];
  const shardOf = new Map(order.map((g, i) => [g, i % count]));
  return runs.filter((r) => shardOf.get(groupOf(r)) === index);
}

/**
 * The experiment that several files of different seeds make together: their specs equal but for `seeds`
 * (e.g. seed 1 run first, seeds 2 and 3 later), so the union of the seeds; null when they differ otherwise.
 */
function seedUnion(parts: readonly Results[]): PresetSpec | null {
  const withoutSeeds = (spec: PresetSpec) => JSON.stringify({ ...spec, seeds: [] });
  const first = withoutSeeds(parts[0].spec);
  if (!parts.every((p) => withoutSeeds(p.spec) === first)) return null;
  const seeds = [...new Set(parts.flatMap((p) => p.spec.seeds))].sort((a, b) => a - b);
  return { ...parts[0].spec, seeds };
}

/**
 * One results object from several files of the same experiment (e.g. shards): each run takes the first
 * finished entry found, else the first failed one, else pending. The specs must be identical or differ only
 * in their seeds (then the merged experiment has every seed), unless `byId`: then the first file's spec is
 * kept and any file may supply its runs, matched by run id.
 */
export function mergeResults(parts: readonly Results[], opts: { byId?: boolean } = {}): Results {
  if (parts.length === 0) throw new Error('mergeResults: nothing to merge');
  const spec = JSON.stringify(parts[0].spec);
  const same = parts.every((p) => JSON.stringify(p.spec) === spec);
  // byId: other experiments may contribute runs too. Sound because a run's id is a hash of everything that
  // defines it (seed, model, tuning, evaluation), so equal ids are the same run whichever file holds it.
  const union = same || opts.byId ? null : seedUnion(parts);
  if (!same && !opts.byId && !union) {
    const i = parts.findIndex((p) => JSON.stringify(p.spec) !== spec);
    throw new Error(`mergeResults: file ${i + 1} is a different experiment (its settings differ from file 1 in more than the seeds)`);
  }
  const pick = (wanted: RunEntry): RunEntry => {
    const entries = parts.map((p) => p.runs.find((e) => e.run.id === wanted.run.id)).filter((e): e is RunEntry => e !== undefined);
    return entries.find((e) => e.status === 'done') ?? entries.find((e) => e.status === 'failed') ?? { run: wanted.run, status: 'pending' };
  };
  const skeleton = union ? createResults(union) : parts[0];
  return { ...parts[0], spec: skeleton.spec, runs: skeleton.runs.map(pick) };
}
