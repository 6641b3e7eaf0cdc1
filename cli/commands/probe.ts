/**
 * `tinyflan probe --checkpoint ck.safetensors [--clusters a,b | all] [--split validation] [--eval-examples N]
 *   [--eval-engine tfjs|torch] [--json out.json]`: the latent probe (src/core/experiments/probe.ts) — the
 * base model on each classification dataset asked in natural words, in a frame pretraining never used:
 * accuracy, balanced accuracy, the share of its most common answer and the majority-class share, for
 * items about the known half of the people and about the other half.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { intFlag, listFlag, oneOf, parseFlags, UsageError, type Flags } from '../args';
import { checkpointFlag, clustersFlag, engineFlag, evalExamplesFlag, jsonFileFlag, seedFlag, splitFlag } from '../flags';
import { startNodeBackend } from '../node-backend';
import { torchDevice, torchEvalEngine } from '../torch-scorer';
import { CLUSTERS, getSuite } from '../../src/core/tasks';
import { evaluate, type Scorer } from '../../src/core/eval/evaluate';
import { loadModel } from '../../src/core/model/io';
import { generateGreedy, scoreContinuations } from '../../src/core/model/infer';
import { loadCheckpoint } from '../../src/core/checkpoint/checkpoint';
import { continuationIds, DEFAULT_WORLD_SEED, promptIds } from '../../src/core/experiments/lab';
import { PROBE_KNOWN, PROBE_UNSEEN, probeItems } from '../../src/core/experiments/probe';
import { markdownTable } from '../../src/core/experiments/report';

export const summary = 'the latent probe: a base model on each classification task in natural words';

export const flags = {
  checkpoint: checkpointFlag,
  clusters: clustersFlag('clusters to probe (default all)'),
  split: splitFlag(['validation', 'test'], 'validation'),
  'eval-examples': evalExamplesFlag(200),
  'eval-engine': engineFlag('who scores (default tfjs)'),
  seed: seedFlag(1),
  json: jsonFileFlag,
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  if (!values.checkpoint) throw new UsageError('probe needs --checkpoint <file>');
  const clusters = values.clusters && values.clusters !== 'all' ? listFlag(values.clusters, 'cluster', CLUSTERS)! : [...CLUSTERS];
  const split = oneOf(values.split, 'split', ['validation', 'test'] as const, 'validation');
  const n = intFlag(values['eval-examples'], 'eval-examples', 200, 1);
  const seed = intFlag(values.seed, 'seed', 1, 0);
  const engine = oneOf(values['eval-engine'], 'eval-engine', ['tfjs', 'torch'] as const, 'tfjs');
  const bytes = new Uint8Array(readFileSync(values.checkpoint));
  const suite = getSuite(DEFAULT_WORLD_SEED);
  const datasets = suite.datasets.filter((d) => clusters.includes(d.cluster) && d.kind === 'classification');
  const items = datasets.flatMap((d) => probeItems(suite.world, d, split, n, seed));
  let scorer: Scorer;
  let close: () => void;
  const tok = loadCheckpoint(bytes).tokenizer;
  if (engine === 'torch') {
    const s = await torchEvalEngine(torchDevice()).evalEngine(bytes);
    scorer = s;
    close = () => s.close();
  } else {
    await startNodeBackend('wasm');
    const { model } = loadModel(bytes);
    scorer = { scoreContinuations: (r) => scoreContinuations(model, r), generate: (p, m) => generateGreedy(model, p, m) };
    close = () => model.dispose();
  }
  try {
    const result = await evaluate(scorer, items, {
      codec: { encode: (s) => tok.encode(s), decode: (ids) => tok.decode(ids) },
      promptIds: (s) => promptIds(tok, s),
      continuationIds: (s) => continuationIds(tok, s),
      batchSize: 16,
    });
    const pct = (x: number | undefined) => (x === undefined ? '—' : (100 * x).toFixed(1));
    const rows = datasets.flatMap((d) => {
      const t = result.perTemplate[d.name] ?? {};
      return [PROBE_KNOWN, PROBE_UNSEEN]
        .filter((id) => t[id])
        .map((id) => [
          d.cluster.replace(/_/g, ' '),
          d.name,
          id === PROBE_KNOWN ? 'known' : 'other',
          String(items.filter((i) => i.dataset === d.name && i.templateId === id).length),
          pct(t[id].acc),
          pct(t[id].bal_acc),
          pct(t[id].answer_share),
          pct(t[id].majority_share),
        ]);
    });
    console.log(`${values.checkpoint}: latent probe, ${split} split, up to ${n} items per dataset, seed ${seed}, ${engine}\n`);
    console.log(markdownTable(['cluster', 'dataset', 'people', 'items', 'acc', 'balanced acc', 'most common answer', 'majority class'], rows));
    if (values.json) writeFileSync(values.json, JSON.stringify({ checkpoint: values.checkpoint, split, n, seed, perTemplate: result.perTemplate }, null, 2));
  } finally {
    close();
  }
  return 0;
}
