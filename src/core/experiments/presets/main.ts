/**
 * FLAN §4.1 / Figure 1: zero- and few-shot accuracy on held-out clusters, each held out on its own, the
 * untuned base model (GPT-3-style and instruction prompts) against the instruction-tuned one.
 */
import { z } from 'zod';
import { EvalRenderSchema, type EvalRender } from '../spec';
import { HELD_OUT_SEPARATELY, MAIN_HELD_OUT, commonFields, heldOutGroup, runBuilders, type PresetDefinition } from './common';
import { perClusterFinding } from './finding-layout';
import { perClusterFigure, perClusterTable } from './per-cluster';

export const MainSpecSchema = z.object({
  preset: z.literal('main'),
  ...commonFields,
  /** Each cluster is held out on its own: one tuned model per cluster and seed. */
  heldOutClusters: heldOutGroup(MAIN_HELD_OUT),
  /** Prompt styles for the untuned model (the paper's baseline uses GPT-3-style prompts). */
  baseRenders: z
    .array(EvalRenderSchema)
    .min(1)
    .default(() => ['gpt3_prompt', 'instructions'] as EvalRender[]),
});
export type MainSpec = z.output<typeof MainSpecSchema>;

export const main: PresetDefinition<MainSpec> = {
  schema: MainSpecSchema,
  title: 'Main result: zero-shot on held-out clusters (Figure 1)',
  heldOut: HELD_OUT_SEPARATELY,
  sizes: 'modelSize',
  expand(spec, seed) {
    const { base, tuned, tuneFor, evalWith } = runBuilders(spec, seed);
    return spec.heldOutClusters.flatMap((cluster) => [
      ...[0, spec.kShot].flatMap((k) => spec.baseRenders.map((render) => base([cluster], evalWith(render, k)))),
      ...[0, spec.kShot].map((k) => tuned([cluster], tuneFor([cluster]), evalWith('instructions', k))),
    ]);
  },
  table: (results) => perClusterTable(results, { vsPaper: true }),
  perDatasetTable: true,
  figure: (results) => perClusterFigure(results, 'TinyFLAN main: held-out score per cluster, base vs instruction-tuned'),
  // Tuned against base with the same templates: instructions where the base model was prompted with them.
  finding: (spec) => perClusterFinding(spec.heldOutClusters, spec.baseRenders.includes('instructions') ? 'instructions' : 'gpt3_prompt', true),
};
