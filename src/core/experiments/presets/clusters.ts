/**
 * FLAN §4.2 / Figure 6: held-out score as clusters are added to the tuning mixture one by one, in the
 * paper's order (plus optional random orders: the curve depends on which cluster comes first).
 */
import { z } from 'zod';
import { monotoneTrend } from '../../eval/aggregate';
import { mean } from '../../eval/stats';
import { rngFor } from '../../rng';
import { tuningClustersFor } from '../heldout';
import { canonicalClusters, clusterLabel, type ClusterName } from '../names';
import { PAPER_CLUSTERS_CURVE } from '../paper';
import { clusterValue, doneRuns, figure, heldOutValue, pivot, seriesOf, subtitleOf, uniq, type Done } from '../figure';
import { columnsTable } from '../report-table';
import { ClusterSchema, type RunSpec } from '../spec';
import { TUNING } from './finding-layout';
import { ABLATION_HELD_OUT, HELD_OUT_TOGETHER, commonFields, count, heldOutGroup, runBuilders, type PresetDefinition } from './common';

/** Order in which §4.2 adds tuning clusters (the 7th, conversational QA, is our 'misc'). */
export const PAPER_CLUSTER_ORDER: ClusterName[] = [
  'summarization',
  'translation',
  'reading_comprehension',
  'sentiment',
  'struct_to_text',
  'coreference',
  'misc',
];

export const ClustersSpecSchema = z.object({
  preset: z.literal('clusters'),
  ...commonFields,
  heldOut: heldOutGroup(ABLATION_HELD_OUT),
  /** Clusters in the order they are added to tuning. */
  order: z
    .array(ClusterSchema)
    .min(1)
    .default(() => [...PAPER_CLUSTER_ORDER]),
  /** Numbers of tuning clusters to try (the base model is the 0 point). */
  counts: z
    .array(count)
    .min(1)
    .default(() => [1, 2, 3, 4, 5, 6, 7]),
  /** Extra random orders of the same clusters: the curve depends on which cluster comes first. */
  randomOrders: z.number().int().nonnegative().default(0),
  orderSeed: z.number().int().nonnegative().default(0),
});
export type ClustersSpec = z.output<typeof ClustersSpecSchema>;

/** Shuffled copies of `order`, from a stream of their own so they do not depend on run seeds. */
function randomOrders(order: ClusterName[], n: number, seed: number): ClusterName[][] {
  return Array.from({ length: n }, (_, i) => rngFor(seed, `clusters-order-${i}`).shuffle([...order]));
}

/** Number of tuning clusters of a run (0: the base model). */
const clusterCount = (r: RunSpec) => String(r.tune ? r.tune.clusters.length : 0);
const nOf = (d: Done) => clusterCount(d.run);

export const clusters: PresetDefinition<ClustersSpec> = {
  schema: ClustersSpecSchema,
  title: 'Number of tuning clusters (Figure 6)',
  heldOut: HELD_OUT_TOGETHER,
  sizes: 'modelSize',
  perDatasetTable: false,
  /** The tuning order may not contain a held-out cluster (or a neighbour): trim it and clamp the counts to match. */
  withHeldOut(spec, held) {
    const allowed = new Set(tuningClustersFor(held));
    const order = spec.order.filter((c) => allowed.has(c));
    for (const c of tuningClustersFor(held)) if (!order.includes(c)) order.push(c);
    const counts = [...new Set(spec.counts.map((n) => Math.min(n, order.length)))];
    return { ...spec, heldOut: held, order, counts };
  },
  expand(spec, seed) {
    const { base, tuned, tuneFor, evalWith } = runBuilders(spec, seed);
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
  },
  table(results) {
    const spec = results.spec;
    const done = doneRuns(results);
    const rows = uniq(results.runs.map((e) => clusterCount(e.run))).sort((a, b) => Number(a) - Number(b));
    const columns = [...spec.heldOut.map((c) => ({ header: clusterLabel(c), value: clusterValue(c) })), { header: 'mean held-out', value: heldOutValue }];
    const paper = (row: string) => PAPER_CLUSTERS_CURVE.accuracy[Number(row) - 1]?.toFixed(1) ?? '—';
    const body = columnsTable(done, spec.seeds.length, { rows, rowOf: nOf, rowHeader: '# tuning clusters', columns }, [
      { header: 'paper (137B)', cell: paper },
    ]);
    const means = pivot(done, nOf, () => 'x', heldOutValue);
    const points = rows.flatMap((row) => {
      const values = means.get(row)?.get('x');
      return values ? [{ x: Number(row), y: mean(values) }] : [];
    });
    const rho = points.length >= 2 ? monotoneTrend(points) : NaN;
    const trend = Number.isNaN(rho) ? 'not enough points' : rho.toFixed(2);
    const paperRho = monotoneTrend(PAPER_CLUSTERS_CURVE.accuracy.map((y, i) => ({ x: i + 1, y }))).toFixed(2);
    return `${body}\n\nSpearman ρ(# clusters, mean held-out) = ${trend} (1 = rises monotonically; paper: ${paperRho}).`;
  },
  /** Score vs number of tuning clusters: the mean held-out line over one thin line per held-out cluster; the paper's curve on its own axis. */
  figure(results) {
    const spec = results.spec;
    const done = doneRuns(results);
    const counts = [0, ...uniq(spec.counts).sort((a, b) => a - b)];
    const categories = counts.map(String);
    const xMax = Math.max(7, ...counts);
    return figure({
      kind: 'line',
      title: 'TinyFLAN clusters: held-out score vs number of tuning clusters',
      subtitle: subtitleOf(results, `held out: ${spec.heldOut.map(clusterLabel).join(' + ')}`),
      xLabel: 'number of instruction-tuning clusters (0 = base model)',
      yLabel: 'held-out score (%)',
      categories,
      numericX: { at: counts, min: 0, max: xMax, ticks: Array.from({ length: xMax + 1 }, (_, i) => i) },
      series: [
        seriesOf(done, categories, nOf, heldOutValue, { key: 'mean held-out', name: 'TinyFLAN (mean held-out)', role: 'mean' }),
        ...spec.heldOut.map((c) => seriesOf(done, categories, nOf, clusterValue(c), { key: c, name: clusterLabel(c), role: 'detail' })),
      ],
      paper: [
        {
          key: 'paper',
          name: 'paper 137B',
          shape: 'diamond',
          secondary: true,
          points: PAPER_CLUSTERS_CURVE.accuracy.map((y, i) => ({ x: i + 1, value: y, tip: `paper, ${i + 1} tuning clusters: ${y}% (137B, approximate)` })),
        },
      ],
    });
  },
  /** Each mixture size against the base model. */
  finding(spec) {
    const counts = uniq(spec.counts).sort((a, b) => a - b);
    return {
      question: 'Does tuning on more task clusters help more?',
      xLabel: 'Tuning clusters',
      baseName: 'untuned',
      treatedName: 'tuned',
      rows: counts.map((n) => ({
        label: `${n} cluster${n === 1 ? '' : 's'}`,
        clusters: spec.heldOut,
        side: (r) => (!r.tune ? 'base' : r.tune.clusters.length === n ? 'tuned' : null),
      })),
      wording: { ...TUNING, subject: (l) => `held-out accuracy with ${l}`, noun: 'mixtures' },
    };
  },
};
