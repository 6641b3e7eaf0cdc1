/** The tinyflan CLI: a dispatcher over cli/commands/*, each `run(args) → exit code`. */
import { UsageError } from './args';
import { quietTfjsHint } from './node-backend';

type Command = { run(args: string[]): Promise<number>; summary: string };

const COMMANDS: Record<string, () => Promise<Command>> = {
  bench: () => import('./commands/bench'),
  'bench-all': () => import('./commands/bench-all'),
  train: () => import('./commands/train'),
  suite: () => import('./commands/suite'),
  export: () => import('./commands/export'),
  parity: () => import('./commands/parity'),
  pretrain: () => import('./commands/pretrain'),
  experiment: () => import('./commands/experiment'),
  report: () => import('./commands/report'),
  merge: () => import('./commands/merge'),
  evaluate: () => import('./commands/evaluate'),
  plot: () => import('./commands/plot'),
  generate: () => import('./commands/generate'),
  probe: () => import('./commands/probe'),
  baselines: () => import('./commands/baselines'),
};

export const USAGE = `usage: tinyflan <command> [flags]

commands:
  bench      --backend cpu|wasm|webgpu --model <preset> --steps N [--batch B] [--seq-len T] [--json]
  bench-all  [--json] [--steps N]        every preset on wasm (and PyTorch CPU when present)
  train      --corpus <file> --model <preset> --steps N --out <checkpoint> [--seed S] [--backend B]
  suite      --json                       the task suite: clusters, datasets, templates, examples
  export     mixture --heldout <clusters> --format jsonl --out <file> [--template-file F]
  pretrain   --model <size> --seed S --out public/models/<size>.safetensors [--engine tfjs|torch] [--steps N]
  experiment --preset main|clusters|scale|instructions|templates|fewshot|custom [--heldout ..] [--models ..] [--seeds 1,2,3]
             [--tune-clusters ..] (custom) [--engine tfjs|torch] [--no-instruction-variants] [--no-inverted]
             [--steps N] [--eval-examples N] [--backend wasm] [--out results.json] [--from-checkpoint ck]
             [--eval-engine tfjs|torch] [--shard k/n]  (torch: PyTorch CPU, or CUDA when it sees a GPU)
  merge      a.json b.json ... --out merged.json [--by-id]   join the shards of one experiment
  evaluate   --checkpoint ck --clusters a,b | --datasets x,y [--seed S] [--eval-examples N] [--eval-templates K]
             [--shots K] [--render instructions|gpt3_prompt] [--eval-engine torch] [--json out.json]
             [--split test|validation] [--template-file F]   (F: JSON templates replacing those of the datasets named)
  report     results.json [--seeds 1,2] [--datasets]   re-render the markdown table of a results file
  plot       results.json --out fig.svg   the preset's figure as SVG (error bars, the paper's numbers overlaid)
  generate   --checkpoint ck --prompt "..." [--max-tokens N]   greedy continuations
  parity     compare the tfjs model with PyTorch (needs /usr/bin/python3 with torch)

presets: nano, micro, tiny, small, base`;

export async function main(argv: string[]): Promise<number> {
  quietTfjsHint();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load()).run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`tinyflan ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
