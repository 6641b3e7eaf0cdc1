/** `tinyflan report results.json`: re-renders the markdown table of a results file. */
import { readFileSync } from 'node:fs';
import { parseFlags, UsageError } from '../args';
import { parseResults } from '../../src/core/experiments/results';
import { renderMarkdown } from '../../src/core/experiments/report';

export const summary = 're-render a results file';

export async function run(args: string[]): Promise<number> {
  const { positionals } = parseFlags(args, {});
  if (positionals.length !== 1) throw new UsageError('report needs exactly one results file');
  console.log(renderMarkdown(parseResults(readFileSync(positionals[0], 'utf8'))));
  return 0;
}
