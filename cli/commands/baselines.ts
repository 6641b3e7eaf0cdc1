/**
 * `tinyflan baselines [--split validation|test] [--train N]`: per classification dataset with a fixed label
 * set, the majority-class share and a bag-of-words logistic regression (src/core/eval/bow-baseline.ts)
 * trained on N train items — the numbers any model's score must beat before it means anything.
 */
import { writeFileSync } from 'node:fs';
import { intFlag, oneOf, parseFlags, type Flags } from '../args';
import { jsonFileFlag, splitFlag, text } from '../flags';
import { getSuite } from '../../src/core/tasks';
import { bagOfWordsBaseline } from '../../src/core/eval/bow-baseline';
import { markdownTable } from '../../src/core/experiments/report';
import { DEFAULT_WORLD_SEED } from '../../src/core/experiments/lab';

export const summary = 'majority-class and bag-of-words baselines per classification dataset';

export const flags = {
  split: splitFlag(['validation', 'test'], 'validation'),
  train: text('N', 'train items the bag of words learns from (default 2000)'),
  json: jsonFileFlag,
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  const split = oneOf(values.split, 'split', ['validation', 'test'] as const, 'validation');
  const nTrain = intFlag(values.train, 'train', 2000, 10);
  const rows: string[][] = [];
  // The same numbers for --json: null where a dataset has no fixed label set.
  const datasets: {
    cluster: string;
    dataset: string;
    baseline: { majorityShare: number; accuracy: number; balancedAccuracy: number; labels: string[] } | null;
  }[] = [];
  for (const d of getSuite(DEFAULT_WORLD_SEED).datasets) {
    if (d.kind !== 'classification') continue;
    const train = d.examples('train', nTrain, 1);
    const test = d.examples(split, 200, 1);
    const labels = new Set(train.map((e) => e.answer));
    // Selection datasets (the answer is one of the item's own options) have no fixed label set.
    if (labels.size > 8 || test.some((e) => !labels.has(e.answer))) {
      rows.push([d.cluster, d.name, '—', '—', '—', 'no fixed label set']);
      datasets.push({ cluster: d.cluster, dataset: d.name, baseline: null });
      continue;
    }
    const r = bagOfWordsBaseline(train, test);
    datasets.push({
      cluster: d.cluster,
      dataset: d.name,
      baseline: { majorityShare: r.majorityShare, accuracy: r.accuracy, balancedAccuracy: r.balancedAccuracy, labels: r.labels },
    });
    rows.push([
      d.cluster,
      d.name,
      (100 * r.majorityShare).toFixed(1),
      (100 * r.accuracy).toFixed(1),
      (100 * r.balancedAccuracy).toFixed(1),
      r.labels.join(' / '),
    ]);
  }
  console.log(`baselines on ${split} (200 items per dataset; bag of words trained on ${nTrain} train items)\n`);
  console.log(markdownTable(['cluster', 'dataset', 'majority class', 'bag-of-words acc', 'bag-of-words balanced', 'labels'], rows));
  if (values.json) writeFileSync(values.json, JSON.stringify({ split, trainItems: nTrain, testItems: 200, datasets }, null, 2));
  return 0;
}
