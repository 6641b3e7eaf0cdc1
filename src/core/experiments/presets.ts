/**
 * The six experiment presets (plus a custom run) as pure specs. A preset spec (settings with defaults) expands to
 * a list of RunSpecs; nothing here trains or evaluates anything.
 *
 * Semantics follow FLAN (Wei et al. 2022): §4.1 main results, §4.2 the three ablations
 * (#clusters, scale, role of instructions), appendix B.2 (#templates), §4.4 few-shot.
 */
import { z } from 'zod';
import { rngFor } from '../rng';
import { tuningClustersFor } from './heldout';
import { MODEL_SIZES, canonicalClusters, type ClusterName } from './names';
import {
  BackendSchema,
  ClusterSchema,
  EvalRenderSchema,
  ModelSizeSchema,
  TuneRenderSchema,
  makeRun,
  type EvalRender,
  type EvalSpec,
  type RunSpec,
  type TuneRender,
  type TuneSpec,
} from './spec';

/** FLAN Figure 1's three held-out clusters, evaluated one at a time. */
const MAIN_HELD_OUT: ClusterName[] = ['nli', 'reading_comprehension', 'closed_book_qa'];
/** The ablations' held-out group (§4.2): NLI, closed-book QA and commonsense, together. */
const ABLATION_HELD_OUT: ClusterName[] = ['nli', 'closed_book_qa', 'commonsense'];
/** Order in which §4.2 adds tuning clusters (the 7th, conversational QA, is our 'misc'). */
export const PAPER_CLUSTER_ORDER: ClusterName[] = [
  'summarization', 'translation', 'reading_comprehension', 'sentiment', 'struct_to_text', 'coreference', 'misc',
];

const count = z.number().int().positive();

/**
 * Settings shared by every preset. Defaults suit a tiny model trained in a browser tab; the
 * paper's own values (30k steps, Adafactor 3e-5, 8k-token batches) do not transfer to it.
 */
const common = {
  seeds: z.array(z.number().int().nonnegative()).min(1).default(() => [1, 2, 3]),
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

const heldOutGroup = (fallback: ClusterName[]) => z.array(ClusterSchema).min(1).default(() => [...fallback]);

export const MainSpecSchema = z.object({
  preset: z.literal('main'),
  ...common,
  /** Each cluster is held out on its own: one tuned model per cluster and seed. */
  heldOutClusters: heldOutGroup(MAIN_HELD_OUT),
  /** Prompt styles for the untuned model (the paper's baseline uses GPT-3-style prompts). */
  baseRenders: z.array(EvalRenderSchema).min(1).default(() => ['gpt3_prompt', 'instructions'] as EvalRender[]),
});

export const ClustersSpecSchema = z.object({
  preset: z.literal('clusters'),
  ...common,
  heldOut: heldOutGroup(ABLATION_HELD_OUT),
  /** Clusters in the order they are added to tuning. */
  order: z.array(ClusterSchema).min(1).default(() => [...PAPER_CLUSTER_ORDER]),
  /** Numbers of tuning clusters to try (the base model is the 0 point). */
  counts: z.array(count).min(1).default(() => [1, 2, 3, 4, 5, 6, 7]),
  /** Extra random orders of the same clusters: the curve depends on which cluster comes first. */
  randomOrders: z.number().int().nonnegative().default(0),
  orderSeed: z.number().int().nonnegative().default(0),
});

export const ScaleSpecSchema = z.object({
  preset: z.literal('scale'),
  ...common,
  heldOut: heldOutGroup(ABLATION_HELD_OUT),
  sizes: z.array(ModelSizeSchema).min(1).default(() => [...MODEL_SIZES]),
  /** Per-size learning rates; sizes not listed use `lr`. */
  lrBySize: z.partialRecord(ModelSizeSchema, z.number().positive()).default(() => ({})),
});

const InstructionSettingSchema = z.object({ tune: TuneRenderSchema, eval: EvalRenderSchema });
export type InstructionSetting = z.infer<typeof InstructionSettingSchema>;

export const InstructionsSpecSchema = z.object({
  preset: z.literal('instructions'),
  ...common,
  heldOut: heldOutGroup(ABLATION_HELD_OUT),
  /** (tuned with → evaluated with) pairs of FLAN §4.3 / Figure 5. */
  settings: z.array(InstructionSettingSchema).min(1).default(() => [
    { tune: 'instructions' as TuneRender, eval: 'instructions' as EvalRender },
    { tune: 'no_template' as TuneRender, eval: 'instructions' as EvalRender },
    { tune: 'dataset_name' as TuneRender, eval: 'instructions' as EvalRender },
    { tune: 'dataset_name' as TuneRender, eval: 'dataset_name' as EvalRender },
  ]),
});

export const TemplatesSpecSchema = z.object({
  preset: z.literal('templates'),
  ...common,
  heldOut: heldOutGroup(ABLATION_HELD_OUT),
  templateCounts: z.array(count).min(1).default(() => [1, 2, 4, 7, 10]),
});

export const FewshotSpecSchema = z.object({
  preset: z.literal('fewshot'),
  ...common,
  heldOutClusters: heldOutGroup(MAIN_HELD_OUT),
});

/** The fields of the custom preset (before its tuning-cluster default and held-out check). */
export const CustomSpecFields = z.object({
  preset: z.literal('custom'),
  ...common,
  /** Clusters held out together (evaluated; never tuned on). */
  heldOut: z.array(ClusterSchema).min(1).default(() => ['nli'] as ClusterName[]),
  /** Clusters tuned on; default: every cluster the held-out rule allows. */
  tuningClusters: z.array(ClusterSchema).min(1).optional(),
  /** Also evaluate base and tuned models k-shot. */
  evalFewShot: z.boolean().default(false),
});

/** A user-chosen run: hold out some clusters, tune on chosen others (FLAN's held-out rule applies). */
export const CustomSpecSchema = CustomSpecFields.transform((s) => ({
  ...s,
  tuningClusters: canonicalClusters(s.tuningClusters ?? tuningClustersFor(s.heldOut)),
})).check((ctx) => {
  const s = ctx.value;
  const allowed = new Set(tuningClustersFor(s.heldOut));
  const leaked = s.tuningClusters.filter((c) => !allowed.has(c));
  if (leaked.length > 0) {
    ctx.issues.push({
      code: 'custom',
      input: s.tuningClusters,
      path: ['tuningClusters'],
      message: `cannot tune on ${leaked.join(', ')} while holding out ${s.heldOut.join(', ')}: the held-out rule excludes ${leaked.length === 1 ? 'it' : 'them'} (too close to a held-out cluster)`,
    });
  }
});

export const PresetSpecSchema = z.discriminatedUnion('preset', [
  MainSpecSchema,
  ClustersSpecSchema,
  ScaleSpecSchema,
  InstructionsSpecSchema,
  TemplatesSpecSchema,
  FewshotSpecSchema,
  CustomSpecSchema,
]);
export type PresetSpec = z.infer<typeof PresetSpecSchema>;
export type PresetName = PresetSpec['preset'];
export const PRESET_NAMES: readonly PresetName[] = ['main', 'clusters', 'scale', 'instructions', 'templates', 'fewshot', 'custom'];
export type SpecOf<P extends PresetName> = Extract<PresetSpec, { preset: P }>;

/** A full spec for a preset: the defaults, overridden by `overrides`, validated. */
export function makeSpec<P extends PresetName>(preset: P, overrides: Partial<Omit<SpecOf<P>, 'preset'>> = {}): SpecOf<P> {
  return PresetSpecSchema.parse({ ...overrides, preset }) as SpecOf<P>;
}

// ---------------------------------------------------------------------------------------------
// expansion
// ---------------------------------------------------------------------------------------------

/** The runs of a spec, deduplicated by id, in a stable order (seed-major). */
export function expandRuns(spec: PresetSpec): RunSpec[] {
  const runs: RunSpec[] = [];
  for (const seed of spec.seeds) runs.push(...expandSeed(spec, seed));
  const seen = new Set<string>();
  return runs.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

function expandSeed(spec: PresetSpec, seed: number): RunSpec[] {
  const base = (heldOut: ClusterName[], evalSpec: EvalSpec, modelSize = spec.modelSize): RunSpec =>
    makeRun({ kind: 'base-eval', seed, backend: spec.backend, modelSize, heldOut: canonicalClusters(heldOut), tune: null, eval: evalSpec });
  const tuned = (heldOut: ClusterName[], tune: TuneSpec, evalSpec: EvalSpec, modelSize = spec.modelSize): RunSpec =>
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

  switch (spec.preset) {
    case 'main':
      return spec.heldOutClusters.flatMap((cluster) => [
        ...[0, spec.kShot].flatMap((k) => spec.baseRenders.map((render) => base([cluster], evalWith(render, k)))),
        ...[0, spec.kShot].map((k) => tuned([cluster], tuneFor([cluster]), evalWith('instructions', k))),
      ]);
    case 'fewshot':
      return spec.heldOutClusters.flatMap((cluster) =>
        [0, spec.kShot].flatMap((k) => [
          base([cluster], evalWith('instructions', k)),
          tuned([cluster], tuneFor([cluster]), evalWith('instructions', k)),
        ]),
      );
    case 'clusters': {
      const allowed = new Set(tuningClustersFor(spec.heldOut));
      const leaked = spec.order.filter((c) => !allowed.has(c));
      if (leaked.length > 0) throw new Error(`clusters preset: ${leaked.join(', ')} may not be tuned on while holding out ${spec.heldOut.join(', ')}`);
      const tooMany = spec.counts.filter((n) => n > spec.order.length);
      if (tooMany.length > 0) throw new Error(`clusters preset: cannot add ${tooMany[0]} clusters, the order has ${spec.order.length}`);
      const orders = [spec.order, ...randomOrders(spec.order, spec.randomOrders, spec.orderSeed)];
      return [
        base(spec.heldOut, evalWith('instructions')),
        ...orders.flatMap((order) =>
          spec.counts.map((n) => tuned(spec.heldOut, tuneFor(spec.heldOut, { clusters: canonicalClusters(order.slice(0, n)) }), evalWith('instructions'))),
        ),
      ];
    }
    case 'scale':
      return spec.sizes.flatMap((size) => [
        base(spec.heldOut, evalWith('instructions'), size),
        tuned(spec.heldOut, tuneFor(spec.heldOut, { lr: spec.lrBySize[size] ?? spec.lr }), evalWith('instructions'), size),
      ]);
    case 'instructions':
      return spec.settings.map((s) => tuned(spec.heldOut, tuneFor(spec.heldOut, { render: s.tune }), evalWith(s.eval)));
    case 'custom': {
      const tune = tuneFor(spec.heldOut, { clusters: canonicalClusters(spec.tuningClusters) });
      return (spec.evalFewShot ? [0, spec.kShot] : [0]).flatMap((k) => [
        base(spec.heldOut, evalWith('instructions', k)),
        tuned(spec.heldOut, tune, evalWith('instructions', k)),
      ]);
    }
    case 'templates':
      return spec.templateCounts.map((n) => tuned(spec.heldOut, tuneFor(spec.heldOut, { templatesPerDataset: n }), evalWith('instructions')));
  }
}

/** Shuffled copies of `order`, from a stream of their own so they do not depend on run seeds. */
function randomOrders(order: ClusterName[], n: number, seed: number): ClusterName[][] {
  return Array.from({ length: n }, (_, i) => rngFor(seed, `clusters-order-${i}`).shuffle([...order]));
}
