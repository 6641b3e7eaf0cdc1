/**
 * The results file: a versioned, schema-checked record of a preset's runs and what they
 * produced. The CLI and the browser write the same JSON, and resuming a preset means reading
 * the file, keeping finished runs (matched by id) and running the rest.
 */
import { z } from 'zod';
import { ClusterSchema, RunSpecSchema, type RunSpec } from './spec';
import { PresetSpecSchema, expandRuns, type PresetSpec } from './presets';

export const RESULTS_SCHEMA = 'tinyflan-results';
export const RESULTS_VERSION = 1;
/** Loss curves are downsampled to at most this many points before they are stored. */
export const MAX_CURVE_POINTS = 200;

const DatasetAggregateSchema = z.object({
  metric: z.string(),
  nTemplates: z.number().int().positive(),
  mean: z.number(),
  median: z.number(),
  best: z.number().nullable(),
  bestTemplate: z.string().nullable(),
  spread: z.number().nonnegative(),
  min: z.number(),
  max: z.number(),
});

const CurvePointSchema = z.object({
  step: z.number().int().nonnegative(),
  // null keeps a diverged (NaN) loss representable in JSON instead of breaking the file.
  loss: z.number().nullable(),
});
export type CurvePoint = z.infer<typeof CurvePointSchema>;

export const RunResultSchema = z.object({
  /** dataset -> templateId -> metric -> value in [0, 1]. */
  perTemplate: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number()))),
  perDataset: z.record(z.string(), DatasetAggregateSchema),
  /** Mean over each evaluated cluster's datasets (of the per-dataset template mean). */
  perCluster: z.partialRecord(ClusterSchema, z.number()),
  /** Tuning loss; empty for base-eval runs. */
  lossCurve: z.array(CurvePointSchema).max(MAX_CURVE_POINTS),
  wallTimeSec: z.number().nonnegative(),
  tokensPerSec: z.number().nonnegative(),
  /** The backend actually used (the spec may have said 'auto'). */
  backend: z.string().min(1),
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
 * first so an old or foreign file gets a clear message rather than a list of zod issues.
 */
export function parseResults(input: unknown): Results {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (e) {
      throw new Error(`results file is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (data === null || typeof data !== 'object' || (data as { schema?: unknown }).schema !== RESULTS_SCHEMA) {
    throw new Error(`not a TinyFLAN results file (expected "schema": "${RESULTS_SCHEMA}")`);
  }
  const version = (data as { version?: unknown }).version;
  if (version !== RESULTS_VERSION) {
    throw new Error(`unsupported TinyFLAN results version ${JSON.stringify(version)}; this build reads version ${RESULTS_VERSION}`);
  }
  const parsed = ResultsSchema.safeParse(data);
  if (!parsed.success) throw new Error(`malformed TinyFLAN results file:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function serializeResults(results: Results): string {
  return JSON.stringify(results, null, 2);
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
  const checked = RunResultSchema.parse({ ...result, lossCurve: downsampleCurve(result.lossCurve) });
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
 * One results object from several files of the same experiment (e.g. shards): each run takes the first
 * finished entry found, else the first failed one, else pending. The specs must be identical, unless
 * `byId`: then the first file's spec is kept and any file may supply its runs, matched by run id.
 */
export function mergeResults(parts: readonly Results[], opts: { byId?: boolean } = {}): Results {
  if (parts.length === 0) throw new Error('mergeResults: nothing to merge');
  const spec = JSON.stringify(parts[0].spec);
  parts.forEach((p, i) => {
    // byId: other experiments may contribute runs too. Sound because a run's id is a hash of everything that
    // defines it (seed, model, tuning, evaluation), so equal ids are the same run whichever file holds it.
    if (!opts.byId && JSON.stringify(p.spec) !== spec) throw new Error(`mergeResults: file ${i + 1} is a different experiment (its settings differ from file 1)`);
  });
  const pick = (id: string): RunEntry => {
    const entries = parts.map((p) => p.runs.find((e) => e.run.id === id)).filter((e): e is RunEntry => e !== undefined);
    return entries.find((e) => e.status === 'done') ?? entries.find((e) => e.status === 'failed') ?? { run: entries[0].run, status: 'pending' };
  };
  return { ...parts[0], runs: parts[0].runs.map((e) => pick(e.run.id)) };
}
