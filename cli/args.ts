/** Flag parsing shared by the commands: strict (unknown flags are usage errors, exit code 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (e) {
    const valid = Object.keys(options).map((f) => `--${f}`).join(', ');
    throw new UsageError(`${(e as Error).message}${valid ? `\nValid flags: ${valid}` : ''}`);
  }
}

export function intFlag(value: string | boolean | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${String(value)}"`);
  return n;
}

export function numFlag(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got "${String(value)}"`);
  return n;
}

export function oneOf<T extends string>(value: string | boolean | undefined, name: string, valid: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(valid as readonly string[]).includes(String(value))) {
    throw new UsageError(`Unknown ${name} "${String(value)}". Valid: ${valid.join(', ')}`);
  }
  return value as T;
}

/** A comma-separated list of names from `valid` (spaces around commas allowed); undefined when the flag is absent. */
export function listFlag<T extends string>(value: string | undefined, name: string, valid: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !(valid as readonly string[]).includes(i));
  if (bad.length || items.length === 0) throw new UsageError(`Unknown ${name} "${bad.join(', ') || value}". Valid: ${valid.join(', ')}`);
  return items as T[];
}
