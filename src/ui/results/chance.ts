/**
 * The score a model gets without knowing anything, per held-out cluster, on the very test items a run
 * evaluates (the suite's examples for that seed and count): for a classification dataset whose examples
 * share one label set, always answering its most frequent label (majority class); where options differ
 * per example (pick the right continuation), guessing (1 / number of options); for generation, 0.
 * A cluster's level is the mean over its datasets and the seeds, as its score is.
 */
import { DEFAULT_WORLD_SEED } from '../../core/experiments/lab';
import { getSuite, type Dataset } from '../../core/tasks';
import type { ClusterName } from '../../core/experiments/names';

const cache = new Map<string, number>();

function datasetLevel(d: Dataset, seed: number, n: number): number {
  const key = `${d.name}/${seed}/${n}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const examples = d.examples('test', n, seed);
  let level = 0;
  if (d.kind === 'classification' && examples.length > 0) {
    const labelSet = (o: string[] | undefined) => JSON.stringify([...(o ?? [])].sort());
    const fixed = examples.every((e) => labelSet(e.options) === labelSet(examples[0].options));
    if (fixed) {
      const counts = new Map<string, number>();
      for (const e of examples) counts.set(e.answer, (counts.get(e.answer) ?? 0) + 1);
      level = Math.max(...counts.values()) / examples.length;
    } else {
      level = examples.reduce((s, e) => s + 1 / Math.max(1, e.options?.length ?? 1), 0) / examples.length;
    }
  }
  cache.set(key, level);
  return level;
}

/** Chance / majority-class level (0..1) of the mean over `clusters`, for the given seeds and examples per dataset. */
export function chanceLevel(clusters: readonly ClusterName[], seeds: readonly number[], examplesPerDataset: number): number | null {
  const suite = getSuite(DEFAULT_WORLD_SEED);
  const perCluster = clusters.map((c) => {
    const datasets = suite.datasets.filter((d) => d.cluster === c);
    if (datasets.length === 0 || seeds.length === 0) return null;
    const levels = datasets.flatMap((d) => seeds.map((s) => datasetLevel(d, s, examplesPerDataset)));
    return levels.reduce((a, b) => a + b, 0) / levels.length;
  });
  if (perCluster.length === 0 || perCluster.some((v) => v === null)) return null;
  return (perCluster as number[]).reduce((a, b) => a + b, 0) / perCluster.length;
}
