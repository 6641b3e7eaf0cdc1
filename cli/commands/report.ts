/**
 * `tinyflan report results.json [--seeds 1,2] [--datasets]`: re-renders the markdown table of a results file,
 * optionally for some seeds only (e.g. the seeds every condition finished, in a file cut short), or per dataset.
 */
import { readFileSync } from 'node:fs';
import { parseFlags, UsageError } from '../args';
import { parseResults, type Results } from '../../src/core/experiments/results';
import { renderDatasetMarkdown, renderMarkdown } from '../../src/core/experiments/report';

export const summary = 're-render a results file';

export function onlySeeds(results: Results, seeds: readonly number[]): Results {
  const missing = seeds.filter((s) => !results.spec.seeds.includes(s));
  if (missing.length) throw new UsageError(`--seeds: this file has seeds ${results.spec.seeds.join(', ')}, not ${missing.join(', ')}`);
  return { ...results, spec: { ...results.spec, seeds: [...seeds] }, runs: results.runs.filter((e) => seeds.includes(e.run.seed)) };
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, { seeds: { type: 'string' }, datasets: { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('report needs exactly one results file');
  let results = parseResults(readFileSync(positionals[0], 'utf8'));
  if (values.seeds !== undefined) {
    const seeds = values.seeds.split(',').map(Number);
    if (seeds.some((s) => !Number.isInteger(s) || s < 0)) throw new UsageError(`--seeds must be a comma-separated list of integers ≥ 0, got "${values.seeds}"`);
    results = onlySeeds(results, seeds);
  }
  console.log(values.datasets ? renderDatasetMarkdown(results) : renderMarkdown(results));
  return 0;
}
