/**
 * FLAN §4.2 / Figure 7: base and instruction-tuned held-out score per model size. In the paper tuning hurts
 * at 8B and below and helps from 68B up; here the sizes are the tiny presets of src/core/model/config.
 */
import { z } from 'zod';
import { countParams, isModelSizeName, presetConfig } from '../../model/config';
import { clusterLabel, MODEL_SIZES } from '../names';
import { doneRuns, figure, formatCell, heldOutValue, pairedDifference, pivot, seriesOf, subtitleOf, type Done } from '../figure';
import { markdownTable } from '../report-table';
import { ModelSizeSchema } from '../spec';
import { TUNING } from './finding-layout';
import { ABLATION_HELD_OUT, HELD_OUT_TOGETHER, commonFields, heldOutGroup, runBuilders, type PresetDefinition } from './common';

export const ScaleSpecSchema = z.object({
  preset: z.literal('scale'),
  ...commonFields,
  heldOut: heldOutGroup(ABLATION_HELD_OUT),
  sizes: z
    .array(ModelSizeSchema)
    .min(1)
    .default(() => [...MODEL_SIZES]),
  /** Per-size learning rates; sizes not listed use `lr`. */
  lrBySize: z.partialRecord(ModelSizeSchema, z.number().positive()).default(() => ({})),
});
export type ScaleSpec = z.output<typeof ScaleSpecSchema>;

function formatParams(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}

/** "1.2M params" under a size on the axis; null for a name that is not a model size (a hand-edited file). */
function paramsLabel(size: string): string | null {
  if (!isModelSizeName(size)) return null;
  try {
    return `${formatParams(countParams(presetConfig(size)))} params`;
  } catch {
    return null;
  }
}

const side = (d: Done) => (d.run.tune ? 'tuned' : 'base');

export const scale: PresetDefinition<ScaleSpec> = {
  schema: ScaleSpecSchema,
  title: 'Model scale (Figure 7)',
  heldOut: HELD_OUT_TOGETHER,
  sizes: 'sizes',
  perDatasetTable: false,
  expand(spec, seed) {
    const { base, tuned, tuneFor, evalWith } = runBuilders(spec, seed);
    return spec.sizes.flatMap((size) => [
      base(spec.heldOut, evalWith('instructions'), size),
      tuned(spec.heldOut, tuneFor(spec.heldOut, { lr: spec.lrBySize[size] ?? spec.lr }), evalWith('instructions'), size),
    ]);
  },
  table(results) {
    const spec = results.spec;
    const seeds = spec.seeds.length;
    const table = pivot(doneRuns(results), (d) => d.run.modelSize, side, heldOutValue);
    return markdownTable(
      ['model size', 'base', 'tuned', 'tuned − base (paired by seed)'],
      spec.sizes.map((size) => [
        size,
        formatCell(table.get(size)?.get('base'), seeds),
        formatCell(table.get(size)?.get('tuned'), seeds),
        formatCell(
          pairedDifference(results, (r) => (r.modelSize !== size ? null : r.tune ? 'tuned' : 'base')),
          seeds,
        ),
      ]),
    );
  },
  /** Base and tuned as lines over the sizes, smallest first (the paper's scale figure is a line plot). */
  figure(results) {
    const spec = results.spec;
    const done = doneRuns(results);
    const categories: string[] = MODEL_SIZES.filter((s) => spec.sizes.includes(s));
    const sizeOf = (d: Done) => d.run.modelSize;
    const of = (which: 'base' | 'tuned') => (d: Done) => (side(d) === which ? heldOutValue(d) : undefined);
    return figure({
      kind: 'line',
      title: 'TinyFLAN scale: held-out score vs model size, base vs instruction-tuned',
      subtitle: subtitleOf(results, `held out: ${spec.heldOut.map(clusterLabel).join(' + ')}`),
      xLabel: 'model size',
      yLabel: 'mean held-out score (%)',
      categories,
      axisLabels: categories.map((s) => [s, ...[paramsLabel(s)].filter((l): l is string => l !== null)]),
      series: [
        seriesOf(done, categories, sizeOf, of('base'), { key: 'base', name: 'base (untuned)' }),
        seriesOf(done, categories, sizeOf, of('tuned'), { key: 'tuned', name: 'instruction-tuned' }),
      ],
      paper: [],
      note: 'The paper prints no values for this figure: tuning hurts at 8B and below, helps at 68B and up.',
    });
  },
  finding: (spec) => ({
    question: 'Does instruction tuning help small models as much as bigger ones?',
    xLabel: 'Model size',
    baseName: 'base (untuned)',
    treatedName: 'instruction-tuned',
    rows: spec.sizes.map((size) => ({ label: size, clusters: spec.heldOut, side: (r) => (r.modelSize !== size ? null : r.tune ? 'tuned' : 'base') })),
    wording: { ...TUNING, subject: (l) => `the ${l} model's held-out accuracy`, noun: 'model sizes' },
  }),
};
