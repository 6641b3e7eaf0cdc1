/**
 * From per-template scores to the numbers FLAN reports: per dataset the mean over templates
 * (FLAN's headline), the median (T0's choice), the best template chosen on validation and
 * reported on test (FLAN's "best dev template"), and the spread across templates; per cluster
 * the mean over its datasets; over seeds a Student-t confidence interval.
 */
import { mean, median, sampleStd, spearman, studentTQuantile } from './stats';

export { spearman } from './stats';

/** Scores of one dataset: templateId -> score (one metric). */
export type TemplateScores = Record<string, number>;

export interface DatasetAggregate {
  /** Name of the metric these numbers are (the dataset's main metric). */
  metric: string;
  nTemplates: number;
  /** Mean over templates: FLAN's headline number per dataset. */
  mean: number;
  median: number;
  /** Test score of the template with the best validation score; null without validation scores. */
  best: number | null;
  bestTemplate: string | null;
  /** max - min over templates: how much the phrasing matters. */
  spread: number;
  min: number;
  max: number;
}

/**
 * Aggregates one dataset's template scores. The best template is picked on `validation`, never
 * on `test`, so "best" is not an oracle; ties go to the template listed first in `test`.
 */
export function aggregateTemplates(test: TemplateScores, validation?: TemplateScores, metric = 'main'): DatasetAggregate {
  const templates = Object.keys(test);
  if (templates.length === 0) throw new Error('aggregateTemplates: no template scores');
  const scores = templates.map((t) => test[t]);
  let bestTemplate: string | null = null;
  if (validation) {
    for (const t of templates) {
      if (!(t in validation)) continue;
      if (bestTemplate === null || validation[t] > validation[bestTemplate]) bestTemplate = t;
    }
  }
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return {
    metric,
    nTemplates: templates.length,
    mean: mean(scores),
    median: median(scores),
    best: bestTemplate === null ? null : test[bestTemplate],
    bestTemplate,
    spread: max - min,
    min,
    max,
  };
}

/** dataset -> templateId -> metric name -> value, as the evaluator returns it. */
export type PerTemplateMetrics = Record<string, Record<string, Record<string, number>>>;

/**
 * Aggregates every dataset on its main metric. `validation` has the same shape as `test`
 * (scores on the validation split) and is optional.
 */
export function aggregateDatasets(
  test: PerTemplateMetrics,
  mainMetricOf: (dataset: string) => string,
  validation?: PerTemplateMetrics,
): Record<string, DatasetAggregate> {
  const out: Record<string, DatasetAggregate> = {};
  for (const [dataset, byTemplate] of Object.entries(test)) {
    const metric = mainMetricOf(dataset);
    out[dataset] = aggregateTemplates(
      pickMetric(byTemplate, metric, dataset),
      validation?.[dataset] ? pickMetric(validation[dataset], metric, dataset) : undefined,
      metric,
    );
  }
  return out;
}

function pickMetric(byTemplate: Record<string, Record<string, number>>, metric: string, dataset: string): TemplateScores {
  const out: TemplateScores = {};
  for (const [template, metrics] of Object.entries(byTemplate)) {
    if (!(metric in metrics)) throw new Error(`dataset ${dataset} template ${template} has no metric "${metric}"`);
    out[template] = metrics[metric];
  }
  return out;
}

export type DatasetStatistic = 'mean' | 'median' | 'best';

/**
 * Cluster score = unweighted mean over its datasets of one per-dataset statistic (FLAN averages
 * datasets, not examples, so a big dataset does not drown a small one).
 */
export function clusterMeans(
  perDataset: Record<string, DatasetAggregate>,
  clusterOf: (dataset: string) => string | undefined,
  statistic: DatasetStatistic = 'mean',
): Record<string, number> {
  const byCluster = new Map<string, number[]>();
  for (const [dataset, agg] of Object.entries(perDataset)) {
    const cluster = clusterOf(dataset);
    if (cluster === undefined) throw new Error(`clusterMeans: dataset "${dataset}" belongs to no cluster`);
    const value = agg[statistic];
    if (value === null) throw new Error(`clusterMeans: dataset "${dataset}" has no "${statistic}" (no validation scores?)`);
    const list = byCluster.get(cluster) ?? [];
    list.push(value);
    byCluster.set(cluster, list);
  }
  const out: Record<string, number> = {};
  for (const [cluster, values] of byCluster) out[cluster] = mean(values);
  return out;
}

export interface ConfidenceInterval {
  mean: number;
  lo: number;
  hi: number;
  /** hi - mean; 0 for a single value. */
  halfWidth: number;
  n: number;
  std: number;
  /** True when n = 1: the interval [x, x] says nothing about seed variance. */
  singleSample: boolean;
}

/**
 * Confidence interval for the mean over seeds: mean ± t_{(1+level)/2, n-1} · s / sqrt(n).
 * The t distribution (not the normal) because we have 2-5 seeds; with one seed there is no
 * variance estimate, so the interval collapses to the value and is flagged.
 */
export function confidenceInterval(values: readonly number[], level = 0.95): ConfidenceInterval {
  if (values.length === 0) throw new Error('confidenceInterval: no values');
  if (!(level > 0 && level < 1)) throw new Error(`confidenceInterval: level must be in (0, 1), got ${level}`);
  const n = values.length;
  const m = mean(values);
  if (n === 1) return { mean: m, lo: m, hi: m, halfWidth: 0, n, std: 0, singleSample: true };
  const std = sampleStd(values);
  const halfWidth = (studentTQuantile((1 + level) / 2, n - 1) * std) / Math.sqrt(n);
  return { mean: m, lo: m - halfWidth, hi: m + halfWidth, halfWidth, n, std, singleSample: false };
}

/**
 * The clusters-ablation check: does held-out accuracy rise with the number of tuning clusters?
 * Returns Spearman's rho between #clusters and score (1 = perfectly monotone rise).
 */
export function monotoneTrend(points: readonly { x: number; y: number }[]): number {
  return spearman(
    points.map((p) => p.x),
    points.map((p) => p.y),
  );
}

export interface ScoreSummary {
  perTemplate: PerTemplateMetrics;
  perDataset: Record<string, DatasetAggregate>;
  perCluster: Record<string, number>;
}

/**
 * The scoring half of a run's result, from the evaluator's output on the test split (and,
 * optionally, on the validation split, which only serves to pick each dataset's best template).
 */
export function summariseScores(
  test: { perTemplate: PerTemplateMetrics; mainMetrics: Record<string, string> },
  clusterOf: (dataset: string) => string | undefined,
  validation?: { perTemplate: PerTemplateMetrics },
): ScoreSummary {
  const mainMetricOf = (dataset: string) => {
    const metric = test.mainMetrics[dataset];
    if (metric === undefined) throw new Error(`summariseScores: no main metric for dataset "${dataset}"`);
    return metric;
  };
  const perDataset = aggregateDatasets(test.perTemplate, mainMetricOf, validation?.perTemplate);
  return { perTemplate: test.perTemplate, perDataset, perCluster: clusterMeans(perDataset, clusterOf) };
}
