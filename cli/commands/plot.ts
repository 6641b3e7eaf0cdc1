/**
 * `tinyflan plot results.json --out fig.svg [--metric acc|bal_acc]`: draws a results file as the paper's figure (SVG),
 * scored by accuracy (default) or with classification datasets by balanced accuracy.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { oneOf, parseFlags, UsageError } from '../args';
import { FIGURE_METRICS } from '../../src/core/experiments/figure-metric';
import { renderPlotSvg } from '../../src/core/experiments/plot';
import { parseResults } from '../../src/core/experiments/results';

export const summary = "draw a results file as an SVG figure (like the paper's)";

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, { out: { type: 'string', short: 'o' }, metric: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('plot needs exactly one results file: tinyflan plot results.json [--out fig.svg] [--metric acc|bal_acc]');
  const metric = oneOf(values.metric, 'metric', FIGURE_METRICS, 'acc');
  if (values.out !== undefined && values.out.length === 0) throw new UsageError('--out needs a file name');
  // parseResults throws a plain Error (exit 1) for another schema or version, with a clear message.
  const results = parseResults(readFileSync(positionals[0], 'utf8'));
  const svg = renderPlotSvg(results, metric);
  if (values.out === undefined || values.out === '-') {
    process.stdout.write(svg.endsWith('\n') ? svg : `${svg}\n`);
    return 0;
  }
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${svg}\n`);
  const done = results.runs.filter((e) => e.status === 'done').length;
  console.log(`wrote ${values.out} (${results.spec.preset}: ${done}/${results.runs.length} runs done)`);
  return 0;
}
