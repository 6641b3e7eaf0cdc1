/**
 * The balanced-accuracy view of a results file: every classification dataset scored by bal_acc (mean
 * recall over classes) instead of accuracy, and cluster means recomputed from it. A constant answer
 * scores 1/K here, so a base model that says "no" to everything cannot pass for 50-60%.
 * Runs evaluated before bal_acc existed keep their accuracy and are listed in `missing`.
 */
import { aggregateTemplates, type DatasetAggregate } from '../eval/aggregate';
import { mean } from '../eval/stats';
import { getSuite } from '../tasks/suite';
import type { RunResult, Results } from './results';

export const BALANCED_METRIC = 'bal_acc';

function rescore(result: RunResult, clusterOf: (dataset: string) => string | undefined): { result: RunResult; complete: boolean } {
  let complete = true;
  const perDataset: Record<string, DatasetAggregate> = {};
  for (const [dataset, agg] of Object.entries(result.perDataset)) {
    const byTemplate = result.perTemplate[dataset] ?? {};
    const isClassification = agg.metric === 'acc' || agg.metric === 'acc_norm';
    const scores = Object.fromEntries(Object.entries(byTemplate).map(([t, m]) => [t, m[BALANCED_METRIC]]));
    if (!isClassification) perDataset[dataset] = agg;
    else if (Object.keys(scores).length > 0 && Object.values(scores).every((v) => typeof v === 'number')) {
      const kept = agg.bestTemplate !== null && agg.bestTemplate in scores ? agg.bestTemplate : null;
      const balanced = aggregateTemplates(scores, undefined, BALANCED_METRIC);
      // The best template stays the one chosen on validation (by accuracy); its balanced test score is reported.
      perDataset[dataset] = { ...balanced, best: kept === null ? agg.best : scores[kept], bestTemplate: kept ?? agg.bestTemplate };
    } else {
      complete = false;
      perDataset[dataset] = agg;
    }
  }
  const byCluster = new Map<string, number[]>();
  for (const [dataset, agg] of Object.entries(perDataset)) {
    const c = clusterOf(dataset);
    if (c === undefined) continue;
    byCluster.set(c, [...(byCluster.get(c) ?? []), agg.mean]);
  }
  const perCluster = Object.fromEntries([...byCluster].map(([c, v]) => [c, mean(v)]));
  return { result: { ...result, perDataset, perCluster }, complete };
}

/** The same results with classification scored by balanced accuracy; `missing` counts runs that could not be. */
export function balancedView(results: Results, worldSeed = 1): { results: Results; missing: number } {
  const suite = getSuite(worldSeed);
  const clusterOf = (name: string) => suite.dataset(name)?.cluster;
  let missing = 0;
  const runs = results.runs.map((e) => {
    if (!e.result) return e;
    const r = rescore(e.result, clusterOf);
    if (!r.complete) missing++;
    return { ...e, result: r.result };
  });
  return { results: { ...results, runs }, missing };
}
