/**
 * FLAN §4.4: few-shot exemplars in the prompt, for the base and the tuned model, each cluster held out on
 * its own; the report adds the template spread, which exemplars should shrink.
 */
import { z } from 'zod';
import { HELD_OUT_SEPARATELY, MAIN_HELD_OUT, commonFields, heldOutGroup, runBuilders, type PresetDefinition } from './common';
import { perClusterFinding } from './finding-layout';
import { perClusterFigure, perClusterTable } from './per-cluster';

export const FewshotSpecSchema = z.object({
  preset: z.literal('fewshot'),
  ...commonFields,
  heldOutClusters: heldOutGroup(MAIN_HELD_OUT),
});
export type FewshotSpec = z.output<typeof FewshotSpecSchema>;

export const fewshot: PresetDefinition<FewshotSpec> = {
  schema: FewshotSpecSchema,
  title: 'Few-shot exemplars (§4.4)',
  heldOut: HELD_OUT_SEPARATELY,
  sizes: 'modelSize',
  expand(spec, seed) {
    const { base, tuned, tuneFor, evalWith } = runBuilders(spec, seed);
    return spec.heldOutClusters.flatMap((cluster) =>
      [0, spec.kShot].flatMap((k) => [base([cluster], evalWith('instructions', k)), tuned([cluster], tuneFor([cluster]), evalWith('instructions', k))]),
    );
  },
  table: (results) => perClusterTable(results, { spread: true }),
  perDatasetTable: true,
  figure: (results) => perClusterFigure(results, 'TinyFLAN fewshot: held-out score per cluster, base vs instruction-tuned'),
  finding: (spec) => perClusterFinding(spec.heldOutClusters, 'instructions', true),
};
