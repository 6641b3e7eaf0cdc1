/**
 * `tinyflan suite [--json] [--seed N] [--real-data]`: the task suite at a glance — clusters, datasets, template counts,
 * split sizes and the world's vocabulary size. `--real-data` adds the optional real-data pack's datasets.
 */
import { CLUSTERS, SPLIT_SIZES, generateCorpus, getSuite, vocabulary, type SuiteOptions } from '../../src/core/tasks/index';
import { parseArgs } from './export';
import type { Flags } from '../args';
import { seedFlag, toggle } from '../flags';
import { labelWords } from '../../src/core/tasks/coverage';

export const summary = 'the task suite: clusters, datasets, templates, examples';

export const flags = {
  seed: seedFlag(1),
  json: toggle('print the summary as JSON'),
  'real-data': toggle('with the real-data datasets'),
} satisfies Flags;

export interface SuiteSummary {
  clusters: {
    name: string;
    datasets: {
      name: string;
      kind: string;
      templates: number;
      inverted: number;
      examples: { train: number; validation: number; test: number };
      labelWords?: string[];
      options?: string[];
    }[];
  }[];
  vocabularySize: number;
}

export function summarizeSuite(seed = 1, options: SuiteOptions = {}): SuiteSummary {
  const suite = getSuite(seed, options);
  const corpus = generateCorpus(suite.world, { seed, targetChars: 200_000 });
  return {
    clusters: CLUSTERS.map((name) => ({
      name,
      datasets: suite.datasets
        .filter((d) => d.cluster === name)
        .map((d) => ({
          name: d.name,
          kind: d.kind,
          templates: d.templates.length,
          inverted: d.templates.filter((t) => t.inverted).length,
          examples: {
            train: d.examples('train', SPLIT_SIZES.train).length,
            validation: d.examples('validation', SPLIT_SIZES.validation).length,
            test: d.examples('test', SPLIT_SIZES.test).length,
          },
          // Classification: the fixed answer words (shared by most items) and every option string seen in validation.
          ...(d.kind === 'classification'
            ? { labelWords: labelWords(d), options: [...new Set(d.examples('validation', SPLIT_SIZES.validation).flatMap((e) => e.options ?? []))].sort() }
            : {}),
        })),
    })),
    vocabularySize: vocabulary(seed, corpus).size,
  };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, flags);
  if (typeof parsed === 'string') {
    process.stderr.write(`tinyflan suite: ${parsed}\n`);
    return 2;
  }
  const seed = Number(parsed.flags.get('seed') ?? 1);
  if (!Number.isInteger(seed)) {
    process.stderr.write('tinyflan suite: --seed must be an integer\n');
    return 2;
  }
  const summary = summarizeSuite(seed, { realData: parsed.flags.has('real-data') });
  if (parsed.flags.has('json')) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    return 0;
  }
  for (const c of summary.clusters) {
    process.stdout.write(`${c.name}\n`);
    for (const d of c.datasets) {
      const sizes = `train ${d.examples.train}  validation ${d.examples.validation}  test ${d.examples.test}`;
      process.stdout.write(`  ${d.name.padEnd(22)} ${d.kind.padEnd(14)} templates ${d.templates} (inverted ${d.inverted})  ${sizes}\n`);
    }
  }
  process.stdout.write(`vocabulary: ${summary.vocabularySize} words\n`);
  return 0;
}
