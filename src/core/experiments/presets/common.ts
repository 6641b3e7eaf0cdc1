/**
 * What every preset shares: the budget settings and their defaults, the held-out groups of the paper, and
 * the builders a preset's `expand` makes its runs with. Defaults suit a tiny model trained in a browser
 * tab; the paper's own values (30k steps, Adafactor 3e-5, 8k-token batches) do not transfer to it.
 */
import { z } from 'zod';
import { tuningClustersFor } from '../heldout';
import { canonicalClusters, type ClusterName } from '../names';
import { BackendSchema, ClusterSchema, ModelSizeSchema, makeRun, type EvalRender, type EvalSpec, type RunSpec, type TuneSpec } from '../spec';
import type { Figure } from '../figure';
import type { FindingLayout } from './finding-layout';
import type { ModelSize } from '../names';
import type { Results } from '../results';

/** FLAN Figure 1's three held-out clusters, evaluated one at a time. */
export const MAIN_HELD_OUT: ClusterName[] = ['nli', 'reading_comprehension', 'closed_book_qa'];
/** The ablations' held-out group (§4.2): NLI, closed-book QA and commonsense, together. */
export const ABLATION_HELD_OUT: ClusterName[] = ['nli', 'closed_book_qa', 'commonsense'];

export const count = z.number().int().positive();

/** Settings shared by every preset. */
export const commonFields = {
  seeds: z
    .array(z.number().int().nonnegative())
    .min(1)
    .default(() => [1, 2, 3]),
  backend: BackendSchema.default('auto'),
  modelSize: ModelSizeSchema.default('tiny'),
  steps: count.default(3000),
  lr: z.number().positive().default(1e-3),
  batchSize: count.default(32),
  /** Test examples per held-out dataset. */
  evalExamples: count.default(200),
  /** Templates per dataset in the tuning mixture. */
  templatesPerDataset: count.default(10),
  /** Templates per held-out dataset at evaluation (scores are averaged over them). */
  evalTemplatesPerDataset: count.default(10),
  /** Exemplars per prompt for few-shot evaluation. */
  kShot: count.default(3),
  /** Seeded synonymous rewording of instructions in the tuning mixture (off: canonical templates only). */
  instructionVariants: z.boolean().default(true),
  /** Input-inverted ("turned around") templates in the tuning mixture. */
  invertedTemplates: z.boolean().default(true),
  /** Share of tuning rows that are pretraining documents (0 = none; OPT-IML mixes 5-10%). */
  pretrainShare: z.number().min(0).max(0.5).default(0),
};

// Kept as a value only to name its type; the presets build their own objects from commonFields.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
const CommonSchema = z.object(commonFields);
export type CommonSettings = z.output<typeof CommonSchema>;
/** The budget settings a preset switch keeps (the rest take the new preset's defaults). */
export const BUDGET_FIELDS = [
  'seeds',
  'backend',
  'modelSize',
  'steps',
  'lr',
  'batchSize',
  'evalExamples',
  'templatesPerDataset',
  'evalTemplatesPerDataset',
  'kShot',
] as const;

export const heldOutGroup = (fallback: readonly ClusterName[]) =>
  z
    .array(ClusterSchema)
    .min(1)
    .default(() => [...fallback]);

/**
 * How a preset holds clusters out, which the Setup form edits: 'separately' (field `heldOutClusters`, one
 * tuned model per cluster) or 'together' (field `heldOut`, one group evaluated by every run).
 */
export type HeldOutForm = { field: 'heldOutClusters'; separately: true } | { field: 'heldOut'; separately: false };
export const HELD_OUT_SEPARATELY: HeldOutForm = { field: 'heldOutClusters', separately: true };
export const HELD_OUT_TOGETHER: HeldOutForm = { field: 'heldOut', separately: false };

/** The run builders of one seed of a spec: base and tuned runs, the spec's tuning settings and evaluations. */
export function runBuilders(spec: CommonSettings, seed: number) {
  const base = (heldOut: ClusterName[], evalSpec: EvalSpec, modelSize: ModelSize = spec.modelSize): RunSpec =>
    makeRun({ kind: 'base-eval', seed, backend: spec.backend, modelSize, heldOut: canonicalClusters(heldOut), tune: null, eval: evalSpec });
  const tuned = (heldOut: ClusterName[], tune: TuneSpec, evalSpec: EvalSpec, modelSize: ModelSize = spec.modelSize): RunSpec =>
    makeRun({ kind: 'tune-eval', seed, backend: spec.backend, modelSize, heldOut: canonicalClusters(heldOut), tune, eval: evalSpec });
  const tuneSettings = (heldOut: ClusterName[], over: Partial<TuneSpec>): TuneSpec => ({
    clusters: tuningClustersFor(heldOut),
    steps: spec.steps,
    lr: spec.lr,
    batchSize: spec.batchSize,
    templatesPerDataset: spec.templatesPerDataset,
    render: 'instructions',
    // Recorded only when switched off, so the ids of default runs do not change.
    ...(spec.instructionVariants ? {} : { instructionVariants: false }),
    ...(spec.invertedTemplates ? {} : { invertedTemplates: false }),
    ...(spec.pretrainShare > 0 ? { pretrainShare: spec.pretrainShare } : {}),
    ...over,
  });
  // Only instruction rendering has several templates per dataset; the other renderings have
  // exactly one form, so they record 1 (and their ids ignore the templates settings).
  const tuneFor = (heldOut: ClusterName[], over: Partial<TuneSpec> = {}): TuneSpec => {
    const t = tuneSettings(heldOut, over);
    return t.render === 'instructions' ? t : { ...t, templatesPerDataset: 1 };
  };
  const evalWith = (render: EvalRender, k = 0): EvalSpec => ({
    render,
    mode: k === 0 ? 'zero-shot' : 'few-shot',
    k,
    examplesPerDataset: spec.evalExamples,
    templatesPerDataset: render === 'instructions' ? spec.evalTemplatesPerDataset : 1,
  });
  return { base, tuned, tuneFor, evalWith };
}

/** A results file of one preset (its spec narrowed). */
export type ResultsOf<S> = Omit<Results, 'spec'> & { spec: S };

/**
 * One experiment, in one file: its settings (schema with defaults), the runs a seed expands to, the
 * markdown table and the figure of its results, and what the Setup form needs to know about its fields.
 */
export interface PresetDefinition<S extends CommonSettings & { preset: string }> {
  schema: z.ZodType<S, unknown>;
  /** What the Setup picker calls it (the paper's figure it reproduces). */
  title: string;
  /** How clusters are held out, and which field the form edits for them. */
  heldOut: HeldOutForm;
  /** Whether the form offers several model sizes (field `sizes`) or one (`modelSize`). */
  sizes: 'sizes' | 'modelSize';
  /**
   * Whether `tinyflan report --datasets` applies: only where a condition is one model per seed (in scale,
   * clusters or instructions a condition label alone would mix models of different sizes or mixtures).
   */
  perDatasetTable: boolean;
  /** The spec with new held-out clusters, where a preset must adjust other fields to stay valid. */
  withHeldOut?: (spec: S, clusters: ClusterName[]) => S;
  expand(spec: S, seed: number): RunSpec[];
  table(results: ResultsOf<S>): string;
  figure(results: ResultsOf<S>): Figure;
  /** What the results view leads with: the comparison the experiment is about. */
  finding(spec: S): FindingLayout;
}
