/** The tinyflan CLI: a dispatcher over cli/commands/*, each `run(args) → exit code`. */
import { usageOf, UsageError, type CommandUsage } from './args';
import { quietTfjsHint } from './node-backend';

/** A command module: `run`, and what its usage text is made of (summary, flag table, operands). */
type Command = CommandUsage & { run(args: string[]): Promise<number> };

export const COMMANDS: Record<string, () => Promise<Command>> = {
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

/** The command list: each command's name and summary, read from its module. */
export async function usage(): Promise<string> {
  const lines: string[] = [];
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(11)}${(await load()).summary}`);
  return `usage: tinyflan <command> [flags]\n\ncommands:\n${lines.join('\n')}\n\n\`tinyflan <command> --help\` lists the flags of a command.`;
}

export async function main(argv: string[]): Promise<number> {
  quietTfjsHint();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(await usage());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`Unknown command "${name}".\n\n${await usage()}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(usageOf(name, command));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${usageOf(name, command)}`);
      return 2;
    }
    console.error(`tinyflan ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
