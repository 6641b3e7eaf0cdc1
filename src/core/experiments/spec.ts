/**
 * RunSpec: one unit of work for the runner — take a model (the pretrained base, or the base
 * tuned as described), evaluate it one way. Specs are plain data with zod schemas, so they
 * travel through workers, the CLI and results files unchanged.
 */
import { z } from 'zod';
import { canonicalJson } from '../checkpoint/integrity';
import { hashString } from '../rng';
import { BACKEND_CHOICES } from '../model/backends';
import { CLUSTERS, MODEL_SIZES, clusterLabel } from './names';

export const ClusterSchema = z.enum(CLUSTERS);
export const ModelSizeSchema = z.enum(MODEL_SIZES);

/** 'auto' lets the runner pick the best available backend. */
export const BackendSchema = z.enum(BACKEND_CHOICES);
export type Backend = z.infer<typeof BackendSchema>;

/**
 * How tuning examples are rendered (FLAN §4.3): with the instruction templates, as raw inputs
 * with no template, or with only the task/dataset name prepended.
 */
export const TuneRenderSchema = z.enum(['instructions', 'no_template', 'dataset_name']);
export type TuneRender = z.infer<typeof TuneRenderSchema>;

/** How eval examples are rendered; 'gpt3_prompt' is the untuned baseline's GPT-3-style prompt. */
export const EvalRenderSchema = z.enum(['instructions', 'dataset_name', 'gpt3_prompt']);
export type EvalRender = z.infer<typeof EvalRenderSchema>;

export const EvalModeSchema = z.enum(['zero-shot', 'few-shot']);
export type EvalMode = z.infer<typeof EvalModeSchema>;

const count = z.number().int().positive();

export const TuneSpecSchema = z.object({
  /** Tuning clusters, canonical (FLAN) order. */
  clusters: z.array(ClusterSchema).min(1),
  steps: count,
  lr: z.number().positive(),
  batchSize: count,
  /** How many of each dataset's templates the mixture draws from (FLAN: 10). */
  templatesPerDataset: count,
  render: TuneRenderSchema,
  /** Absent = true: instructions reworded with seeded synonyms. */
  instructionVariants: z.boolean().optional(),
  /** Absent = true: inverted templates are in the mixture. */
  invertedTemplates: z.boolean().optional(),
  /** Absent = 0: share of the tuning rows that are pretraining text (OPT-IML's guard against forgetting). */
  pretrainShare: z.number().min(0).max(0.5).optional(),
});
export type TuneSpec = z.infer<typeof TuneSpecSchema>;

export const EvalSpecSchema = z
  .object({
    render: EvalRenderSchema,
    mode: EvalModeSchema,
    /** Exemplars per prompt: 0 for zero-shot, k > 0 for few-shot. */
    k: z.number().int().nonnegative(),
    /** Test examples per dataset (the same examples under every template). */
    examplesPerDataset: count,
    templatesPerDataset: count,
  })
  .refine((e) => (e.mode === 'zero-shot') === (e.k === 0), { message: 'zero-shot needs k = 0 and few-shot k > 0' });
export type EvalSpec = z.infer<typeof EvalSpecSchema>;

export const RunKindSchema = z.enum(['base-eval', 'tune-eval']);
export type RunKind = z.infer<typeof RunKindSchema>;

export const RunSpecSchema = z
  .object({
    /** Deterministic from the content below: equal content, equal id. */
    id: z.string().min(1),
    /** Shared by runs that tune the same model, so a runner can tune once and evaluate many ways. */
    tuneId: z.string().min(1).nullable(),
    kind: RunKindSchema,
    seed: z.number().int().nonnegative(),
    backend: BackendSchema,
    modelSize: ModelSizeSchema,
    /** Clusters evaluated; for tune-eval runs they (and their neighbours) were never tuned on. */
    heldOut: z.array(ClusterSchema).min(1),
    tune: TuneSpecSchema.nullable(),
    eval: EvalSpecSchema,
  })
  .refine((r) => (r.kind === 'base-eval') === (r.tune === null) && (r.tune === null) === (r.tuneId === null), {
    message: 'a base-eval run has no tune settings and no tuneId; a tune-eval run has both',
  });
export type RunSpec = z.infer<typeof RunSpecSchema>;

/** Everything of a RunSpec except its derived ids. */
export type RunContent = Omit<RunSpec, 'id' | 'tuneId'>;

/** Adds the derived ids. */
export function makeRun(content: RunContent): RunSpec {
  const { kind, seed, modelSize, backend, tune } = content;
  const prefix = `${kind === 'base-eval' ? 'base' : 'tune'}-${modelSize}-s${seed}`;
  const tuneId = tune === null ? null : `${modelSize}-s${seed}-${contentHash({ seed, backend, modelSize, tune })}`;
  return { id: `${prefix}-${contentHash(content)}`, tuneId, ...content };
}

/** JSON with sorted keys: one definition, in checkpoint/integrity.ts (the lowest layer that uses it). */
export { canonicalJson };

/**
 * 48-bit content hash as 12 hex digits: FNV-1a of the canonical JSON and of its reverse
 * (two 32-bit hashes of different inputs; a suffix would not add bits, FNV being sequential).
 */
export function contentHash(value: unknown): string {
  const json = canonicalJson(value);
  const reversed = json.split('').reverse().join('');
  const a = hashString(json).toString(16).padStart(8, '0');
  const b = hashString(reversed).toString(16).padStart(8, '0');
  return a + b.slice(0, 4);
}

const RENDER_LABEL: Record<EvalRender | TuneRender, string> = {
  instructions: 'instructions',
  dataset_name: 'dataset name',
  gpt3_prompt: 'GPT-3 prompt',
  no_template: 'no template',
};

export function renderLabel(render: EvalRender | TuneRender): string {
  return RENDER_LABEL[render];
}

/** "0-shot" or "k-shot", as in tables. */
export function shotLabel(e: Pick<EvalSpec, 'k'>): string {
  return `${e.k}-shot`;
}

/** A one-line description, for logs and progress displays. */
export function describeRun(run: RunSpec): string {
  const model = run.tune
    ? `${run.modelSize} tuned on ${plural(run.tune.clusters.length, 'cluster')} (${renderLabel(run.tune.render)}, ${plural(run.tune.templatesPerDataset, 'template')})`
    : `${run.modelSize} base`;
  const heldOut = run.heldOut.map(clusterLabel).join(' + ');
  return `${model} → ${heldOut}, ${shotLabel(run.eval)} ${renderLabel(run.eval.render)}, seed ${run.seed}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
