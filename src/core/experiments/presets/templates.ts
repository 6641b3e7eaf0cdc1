/**
 * FLAN appendix B.2: held-out score vs number of instruction templates per tuning dataset.
 */
import { z } from 'zod';
import { clusterLabel } from '../names';
import { doneRuns, figure, heldOutValue, seriesOf, subtitleOf, uniq, type Done } from '../figure';
import { grid } from '../report-table';
import type { RunSpec } from '../spec';
import { ABLATION_HELD_OUT, HELD_OUT_TOGETHER, commonFields, count, heldOutGroup, runBuilders, type PresetDefinition } from './common';

export const TemplatesSpecSchema = z.object({
  preset: z.literal('templates'),
  ...commonFields,
  heldOut: heldOutGroup(ABLATION_HELD_OUT),
  templateCounts: z
    .array(count)
    .min(1)
    .default(() => [1, 2, 4, 7, 10]),
});
export type TemplatesSpec = z.output<typeof TemplatesSpecSchema>;

const templatesOf = (r: RunSpec) => (r.tune ? String(r.tune.templatesPerDataset) : null);
const nOf = (d: Done) => templatesOf(d.run);

export const templates: PresetDefinition<TemplatesSpec> = {
  schema: TemplatesSpecSchema,
  title: 'Templates per dataset (appendix B)',
  heldOut: HELD_OUT_TOGETHER,
  sizes: 'modelSize',
  perDatasetTable: false,
  expand(spec, seed) {
    const { tuned, tuneFor, evalWith } = runBuilders(spec, seed);
    return spec.templateCounts.map((n) => tuned(spec.heldOut, tuneFor(spec.heldOut, { templatesPerDataset: n }), evalWith('instructions')));
  },
  table(results) {
    return grid(doneRuns(results), results.spec.seeds.length, {
      rows: uniq(results.runs.map((e) => templatesOf(e.run))),
      rowOf: nOf,
      cols: ['mean held-out'],
      colOf: () => 'mean held-out',
      value: heldOutValue,
      rowHeader: 'templates per dataset',
    });
  },
  /** The mean held-out line over one thin line per held-out dataset. */
  figure(results) {
    const spec = results.spec;
    const done = doneRuns(results);
    const counts = uniq(spec.templateCounts).sort((a, b) => a - b);
    const categories = counts.map(String);
    const datasets = uniq(done.flatMap((d) => Object.keys(d.result.perDataset)));
    return figure({
      kind: 'line',
      title: 'TinyFLAN templates: held-out score vs templates per dataset',
      subtitle: subtitleOf(results, `held out: ${spec.heldOut.map(clusterLabel).join(' + ')}`),
      xLabel: 'instruction templates per tuning dataset',
      yLabel: 'held-out score (%)',
      categories,
      numericX: { at: counts, min: 0, max: Math.max(1, ...counts), ticks: counts },
      series: [
        seriesOf(done, categories, nOf, heldOutValue, { key: 'mean held-out', name: 'TinyFLAN (mean held-out)', role: 'mean' }),
        ...datasets.map((ds) => seriesOf(done, categories, nOf, (d) => d.result.perDataset[ds]?.mean, { key: ds, name: ds, role: 'detail' })),
      ],
      paper: [],
    });
  },
  /** Each template count against the fewest. */
  finding(spec) {
    const counts = uniq(spec.templateCounts).sort((a, b) => a - b);
    const fewest = counts[0];
    return {
      question: 'Do more templates per dataset help?',
      xLabel: 'Templates per dataset',
      baseName: `${fewest} template${fewest === 1 ? '' : 's'}`,
      treatedName: 'more templates',
      rows: counts.slice(1).map((n) => ({
        label: `${n} templates`,
        clusters: spec.heldOut,
        side: (r) => (!r.tune ? null : r.tune.templatesPerDataset === fewest ? 'base' : r.tune.templatesPerDataset === n ? 'tuned' : null),
      })),
      wording: {
        actor: 'More templates per dataset',
        up: 'raised',
        down: 'lowered',
        flat: 'had no clear effect on',
        subject: (l) => `held-out accuracy at ${l} (vs ${fewest})`,
        noun: 'template counts',
      },
    };
  },
};
