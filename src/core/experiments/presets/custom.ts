/**
 * A user-chosen run: hold out some clusters together, tune on chosen others (FLAN's held-out rule applies),
 * optionally evaluate k-shot too.
 */
import { z } from 'zod';
import { tuningClustersFor } from '../heldout';
import { canonicalClusters, clusterLabel, shortClusterLabel, type ClusterName } from '../names';
import {
  cellOf,
  clusterValue,
  conditionColumns,
  conditionLabel,
  doneRuns,
  figure,
  formatCell,
  heldOutValue,
  pivot,
  subtitleOf,
  type Done,
  type Value,
} from '../figure';
import { markdownTable } from '../report-table';
import { ClusterSchema } from '../spec';
import { HELD_OUT_TOGETHER, commonFields, runBuilders, type PresetDefinition } from './common';
import { perClusterFinding } from './finding-layout';

/** The fields of the custom preset (before its tuning-cluster default and held-out check). */
export const CustomSpecFields = z.object({
  preset: z.literal('custom'),
  ...commonFields,
  /** Clusters held out together (evaluated; never tuned on). */
  heldOut: z
    .array(ClusterSchema)
    .min(1)
    .default(() => ['nli'] as ClusterName[]),
  /** Clusters tuned on; default: every cluster the held-out rule allows. */
  tuningClusters: z.array(ClusterSchema).min(1).optional(),
  /** Also evaluate base and tuned models k-shot. */
  evalFewShot: z.boolean().default(false),
});

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
export type CustomSpec = z.output<typeof CustomSpecSchema>;

/** One row or bar group per held-out cluster (all held out together), then their mean when there are several. */
function groupsOf(heldOut: readonly ClusterName[]): { label: string; short: string; value: Value }[] {
  return [
    ...heldOut.map((c) => ({ label: clusterLabel(c), short: shortClusterLabel(c), value: clusterValue(c) })),
    ...(heldOut.length > 1 ? [{ label: 'mean held-out', short: 'mean', value: heldOutValue }] : []),
  ];
}

/** Seeds' values per condition of one group. */
const byCondition = (done: readonly Done[], value: Value) =>
  pivot(
    done,
    (d) => conditionLabel(d.run),
    () => 'x',
    value,
  );

export const custom: PresetDefinition<CustomSpec> = {
  schema: CustomSpecSchema,
  title: 'Custom run: choose held-out and tuning clusters',
  heldOut: HELD_OUT_TOGETHER,
  sizes: 'modelSize',
  perDatasetTable: true,
  /** Tuning clusters the new held-out group excludes are dropped (all allowed ones if none is left). */
  withHeldOut(spec, held) {
    const allowed = new Set(tuningClustersFor(held));
    const kept = spec.tuningClusters.filter((c) => allowed.has(c));
    return { ...spec, heldOut: held, tuningClusters: kept.length > 0 ? kept : tuningClustersFor(held) };
  },
  expand(spec, seed) {
    const { base, tuned, tuneFor, evalWith } = runBuilders(spec, seed);
    const tune = tuneFor(spec.heldOut, { clusters: canonicalClusters(spec.tuningClusters) });
    return (spec.evalFewShot ? [0, spec.kShot] : [0]).flatMap((k) => [
      base(spec.heldOut, evalWith('instructions', k)),
      tuned(spec.heldOut, tune, evalWith('instructions', k)),
    ]);
  },
  table(results) {
    const spec = results.spec;
    const done = doneRuns(results);
    const cols = conditionColumns(results.runs.map((e) => e.run));
    const rows = groupsOf(spec.heldOut).map((g) => ({ label: g.label, table: byCondition(done, g.value) }));
    const body = markdownTable(
      ['held-out cluster', ...cols],
      rows.map((r) => [r.label, ...cols.map((c) => formatCell(r.table.get(c)?.get('x'), spec.seeds.length))]),
    );
    return `${body}\n\nTuned on: ${spec.tuningClusters.map(clusterLabel).join(', ')}.`;
  },
  /** Grouped bars like main: one group per held-out cluster (and their mean), one bar per condition. */
  figure(results) {
    const spec = results.spec;
    const done = doneRuns(results);
    const groups = groupsOf(spec.heldOut).map((g) => ({ ...g, table: byCondition(done, g.value) }));
    const conditions = conditionColumns(results.runs.map((e) => e.run));
    const n = spec.tuningClusters.length;
    return figure({
      kind: 'bar',
      title: 'TinyFLAN custom run: held-out score per cluster, base vs instruction-tuned',
      subtitle: subtitleOf(results, `model ${spec.modelSize}; tuned on ${n} cluster${n === 1 ? '' : 's'}`),
      xLabel: 'held-out cluster (held out together)',
      yLabel: 'held-out score (%)',
      categories: groups.map((g) => g.label),
      shortCategories: groups.map((g) => g.short),
      series: conditions.map((key) => ({ key, name: key, values: groups.map((g) => cellOf(g.table.get(key)?.get('x'))) })),
      paper: [],
      note: `Tuned on: ${spec.tuningClusters.map(clusterLabel).join(', ')}.`,
    });
  },
  finding: (spec) => perClusterFinding(spec.heldOut, 'instructions', false),
};
