/**
 * Flag parsing shared by the commands: strict (unknown flags are usage errors, exit code 2). Each command
 * declares its flags as one table (name → type, value hint, help); the parser and the command's usage text
 * are both made from it, so the help cannot leave a flag out.
 */
import { parseArgs } from 'node:util';
import { enumListText, enumText, intText, numberText, SettingTextError } from '../src/core/share/setting-text';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Flag {
  type: 'string' | 'boolean';
  /** The value in usage lines: `--steps N`, `--backend cpu|wasm|webgpu`. */
  hint?: string;
  /** One line for the usage text. */
  help?: string;
  /** Repeatable (`--prompt a --prompt b`): the values come back as a list. */
  multiple?: boolean;
  short?: string;
}

export type Flags = Record<string, Flag>;

/** The parsed values of a flag table: strings, booleans, or lists for `multiple` flags; absent flags are undefined. */
export type FlagValues<F extends Flags> = { [K in keyof F]?: ValueOf<F[K]> };
/** A table whose rows are not literals (one built from data) types each value as string | boolean. */
type ValueOf<T extends Flag> = T extends { multiple: true }
  ? string[]
  : T['type'] extends 'boolean'
    ? boolean
    : T['type'] extends 'string'
      ? string
      : string | boolean;

export function parseFlags<F extends Flags>(args: string[], flags: F): { values: FlagValues<F>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [name, { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) }]),
  );
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: values as FlagValues<F>, positionals };
  } catch (e) {
    const valid = Object.keys(flags)
      .map((f) => `--${f}`)
      .join(', ');
    throw new UsageError(`${(e as Error).message}${valid ? `\nValid flags: ${valid}` : ''}`);
  }
}

/** What a command takes besides flags, for its usage line (e.g. `results.json`). */
export interface CommandUsage {
  summary: string;
  flags?: Flags;
  operands?: string;
}

/**
 * The usage text of one command, made from its flag table: a synopsis line, then one line per flag
 * (`--name HINT   help`), in table order.
 */
export function usageOf(name: string, command: CommandUsage): string {
  const flags = Object.entries(command.flags ?? {});
  const head = `usage: tinyflan ${name}${command.operands ? ` ${command.operands}` : ''}${flags.length ? ' [flags]' : ''}\n  ${command.summary}`;
  if (!flags.length) return head;
  const left = flags.map(([flag, f]) => `--${flag}${f.short ? `, -${f.short}` : ''}${f.type === 'string' ? ` ${f.hint ?? 'VALUE'}` : ''}`);
  const width = Math.min(36, Math.max(...left.map((l) => l.length)));
  const lines = flags.map(([, f], i) => {
    const help = `${f.help ?? ''}${f.multiple ? ' (repeatable)' : ''}`;
    if (!help) return `  ${left[i]}`;
    return left[i].length > width ? `  ${left[i]}\n  ${' '.repeat(width)}  ${help}` : `  ${left[i].padEnd(width)}  ${help}`;
  });
  return `${head}\n\nflags:\n${lines.join('\n')}`;
}

/**
 * A flag's text through one of core's setting parsers (src/core/share/setting-text.ts): their message is
 * either a predicate of the flag ("must be an integer ≥ 1, …", lowercase: prefixed with `--name`) or a
 * sentence of its own ("Unknown cluster …").
 */
export function flagText<T>(name: string, value: string | boolean, parse: (text: string) => T): T {
  try {
    return parse(String(value));
  } catch (e) {
    if (!(e instanceof SettingTextError)) throw e;
    throw new UsageError(/^[a-z]/.test(e.message) ? `--${name} ${e.message}` : e.message);
  }
}

export function intFlag(value: string | boolean | undefined, name: string, fallback: number, min = 1): number {
  return value === undefined ? fallback : flagText(name, value, intText(min));
}

export function numFlag(value: string | boolean | undefined, name: string, fallback: number): number {
  return value === undefined ? fallback : flagText(name, value, numberText({ positive: true }));
}

/** One of `valid`; `noun` names the kind in the message ("Unknown backend "x". Valid: …"). */
export function oneOf<T extends string>(value: string | boolean | undefined, noun: string, valid: readonly T[], fallback: T): T {
  return value === undefined ? fallback : flagText(noun, value, enumText(valid, noun));
}

/** A comma-separated list of names from `valid` (spaces around commas allowed); undefined when the flag is absent. */
export function listFlag<T extends string>(value: string | undefined, noun: string, valid: readonly T[]): T[] | undefined {
  return value === undefined ? undefined : flagText(noun, value, enumListText(valid, noun));
}
