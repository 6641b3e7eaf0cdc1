/**
 * `tinyflan merge a.json b.json ... --out merged.json`: joins results files of one experiment (e.g. the
 * shards of `experiment --shard k/n`, or seed 1 run first and seeds 2,3 later: files whose settings differ only
 * in their seeds join into one experiment with every seed); each run keeps the finished entry from whichever file has it.
 * `--by-id`: the files may be different experiments; the first file's settings are kept and its runs are
 * filled from any file holding a finished run with the same id (ids hash everything that defines a run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseFlags, UsageError, type Flags } from '../args';
import { outFlag, toggle } from '../flags';
import { mergeResults, parseResults, serializeResults } from '../../src/core/experiments/results';
import { renderMarkdown } from '../../src/core/experiments/report';

export const summary = 'join results files of one experiment (shards)';
export const operands = 'a.json b.json ...';

export const flags = {
  out: outFlag('the merged results file (required)'),
  'by-id': toggle('join runs by id even where the specs differ'),
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, flags);
  if (!values.out || positionals.length === 0) throw new UsageError('merge needs results files and --out <file>');
  const parts = positionals.map((f) => {
    try {
      return parseResults(readFileSync(f, 'utf8'));
    } catch (e) {
      throw new Error(`${f}: ${(e as Error).message}`, { cause: e });
    }
  });
  const merged = mergeResults(parts, { byId: values['by-id'] === true });
  mkdirSync(dirname(values.out) || '.', { recursive: true });
  writeFileSync(values.out, serializeResults(merged));
  const done = merged.runs.filter((e) => e.status === 'done').length;
  process.stderr.write(`merged ${parts.length} files: ${done} of ${merged.runs.length} runs done → ${values.out}\n`);
  console.log(renderMarkdown(merged));
  return 0;
}
