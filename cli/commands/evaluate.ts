/**
 * `tinyflan evaluate --checkpoint ck.safetensors --clusters sentiment,nli | --datasets sst2_like,... [--eval-examples N] [--eval-templates K]
 *   [--seed S] [--shots K] [--render instructions|gpt3_prompt] [--eval-engine tfjs|torch] [--json out.json]
 *   [--records items.jsonl] [--split test|validation] [--template-file F]`:
 * zero- or few-shot scores of any checkpoint on chosen clusters, with exactly the evaluation of an experiment's
 * runs (same items for the same seed, best template chosen on validation). For checkpoints made elsewhere (e.g.
 * scale/train.py on a mixture that includes the clusters: a held-in reference for held-out results).
 * --split validation scores validation items instead of test ones (no template choice then); --template-file
 * replaces the templates of the datasets it names (cli/template-file.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { intFlag, listFlag, oneOf, parseFlags, UsageError, type Flags } from '../args';
import { backendFlag, checkpointFlag, clustersFlag, engineFlag, evalExamplesFlag, jsonFileFlag, seedFlag, splitFlag, templateFileFlag, text } from '../flags';
import { startNodeBackend } from '../node-backend';
import { CLUSTERS, getSuite } from '../../src/core/tasks';
import { Runner } from '../../src/core/experiments/runner';
import { DEFAULT_WORLD_SEED } from '../../src/core/experiments/lab';
import { makeRun } from '../../src/core/experiments/spec';
import { canonicalClusters } from '../../src/core/experiments/names';
import { markdownTable } from '../../src/core/experiments/report';
import { torchDevice, torchEvalEngine } from '../torch-scorer';
import { readTemplateFile } from '../template-file';

export const summary = 'score a checkpoint on chosen clusters';

export const flags = {
  checkpoint: checkpointFlag,
  clusters: clustersFlag('clusters to score (or --datasets)'),
  datasets: text('x,y', 'only these datasets (their clusters are evaluated)'),
  'eval-examples': evalExamplesFlag(100),
  'eval-templates': text('K', 'templates per dataset, scores averaged (default 5; instructions only)'),
  seed: seedFlag(1),
  shots: text('K', 'exemplars per prompt (default 0: zero-shot)'),
  render: text('instructions|gpt3_prompt', 'prompt style (default instructions)'),
  'eval-engine': engineFlag('who scores (default tfjs)'),
  backend: backendFlag(['wasm', 'cpu'], 'wasm'),
  json: jsonFileFlag,
  records: text('<file>', 'also write every scored item (prompt, options, scores, choice) as JSON lines to <file>'),
  split: splitFlag(['test', 'validation'], 'test'),
  'template-file': templateFileFlag,
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  if (!values.checkpoint) throw new UsageError('evaluate needs --checkpoint <file>');
  const suiteClusterOf = new Map(getSuite(DEFAULT_WORLD_SEED).datasets.map((d) => [d.name, d.cluster]));
  const onlyDatasets = listFlag(values.datasets, 'dataset', [...suiteClusterOf.keys()]);
  if (onlyDatasets && values.clusters) throw new UsageError('evaluate takes --clusters or --datasets, not both');
  // --datasets evaluates their clusters and reports just those datasets
  const names = onlyDatasets ? [...new Set(onlyDatasets.map((n) => suiteClusterOf.get(n)!))] : listFlag(values.clusters, 'cluster', CLUSTERS);
  if (!names) throw new UsageError(`evaluate needs --clusters (from: ${CLUSTERS.join(', ')}) or --datasets`);
  const clusters = canonicalClusters(names);
  const seed = intFlag(values.seed, 'seed', 1, 0);
  const k = intFlag(values.shots, 'shots', 0, 0);
  const render = oneOf(values.render, 'render', ['instructions', 'gpt3_prompt'] as const, 'instructions');
  const evalEngine = oneOf(values['eval-engine'], 'eval-engine', ['tfjs', 'torch'] as const, 'tfjs');
  const evalSplit = oneOf(values.split, 'split', ['test', 'validation'] as const, 'test');
  const templates = values['template-file'] ? readTemplateFile(values['template-file'], DEFAULT_WORLD_SEED) : undefined;
  const info = await startNodeBackend(oneOf(values.backend, 'backend', ['wasm', 'cpu'] as const, 'wasm'));
  const bytes = new Uint8Array(readFileSync(values.checkpoint));
  const run = makeRun({
    kind: 'base-eval',
    seed,
    backend: info.backend as 'wasm',
    modelSize: 'tiny',
    heldOut: clusters,
    tune: null, // modelSize: unused (the checkpoint is given)
    eval: {
      render,
      mode: k === 0 ? 'zero-shot' : 'few-shot',
      k,
      examplesPerDataset: intFlag(values['eval-examples'], 'eval-examples', 100),
      templatesPerDataset: render === 'instructions' ? intFlag(values['eval-templates'], 'eval-templates', 5) : 1,
    },
  });
  const runner = new Runner({
    baseCheckpoint: async () => bytes,
    backend: info.backend,
    evalSplit,
    templates,
    ...(evalEngine === 'torch' ? torchEvalEngine(torchDevice()) : {}),
  });
  const { result, records } = await runner.execute(run);
  const rows = onlyDatasets
    ? onlyDatasets.map((n) => [n, (100 * (result.perDataset[n]?.mean ?? NaN)).toFixed(1), suiteClusterOf.get(n)!.replace(/_/g, ' ')])
    : clusters.map((c) => [
        c.replace(/_/g, ' '),
        (100 * (result.perCluster[c] ?? NaN)).toFixed(1),
        Object.entries(result.perDataset)
          .filter(([name]) => suiteClusterOf.get(name) === c)
          .map(([name, d]) => `${name} ${(100 * d.mean).toFixed(1)}`)
          .join(', '),
      ]);
  const perDataset = `${run.eval.examplesPerDataset} ${evalSplit} examples × ${run.eval.templatesPerDataset} templates per dataset`;
  console.log(`${values.checkpoint}: ${run.eval.mode}${k ? ` (k=${k})` : ''}, ${render}, seed ${seed}, ${perDataset}, on ${result.backend}\n`);
  console.log(markdownTable(onlyDatasets ? ['dataset', 'score (%)', 'cluster'] : ['cluster', 'score (%)', 'datasets (mean over templates, %)'], rows));
  if (values.json)
    writeFileSync(
      values.json,
      JSON.stringify(
        { checkpoint: values.checkpoint, clusters, eval: run.eval, seed, split: evalSplit, templateFile: values['template-file'] ?? null, result },
        null,
        2,
      ),
    );
  if (values.records) {
    const kept = onlyDatasets ? records.filter((r) => onlyDatasets.includes(r.dataset)) : records;
    writeFileSync(values.records, kept.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }
  return 0;
}
