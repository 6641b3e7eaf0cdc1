/** What a fuzz case returns and how it reports a crash; shared by the harness and the categories. */

/** What a case's check returns: fine, or the corrupt input that was accepted and why that is wrong. */
export type Verdict = { ok: true } | { ok: false; silent: string };
export const OK: Verdict = { ok: true };
export const silent = (why: string): Verdict => ({ ok: false, silent: why });

export interface FuzzCase {
  /** What the input is, for the report ("link: bit flip at 412"). */
  label: string;
  /** Feeds the input to the core and judges the outcome. Throws only if the core crashed. */
  run(): Verdict;
}

/** Thrown by a case when the core broke its contract in a way that counts as a crash. */
export class Crash extends Error {}

/** Messages that mean an unexpected exception reached the user, however politely wrapped. */
const LEAKED = new RegExp(
  [
    'Cannot read propert',
    'Cannot set propert',
    'is not a function',
    'is not iterable',
    'is not an object',
    'is not a constructor',
    'Maximum call stack',
    'Invalid array length',
    'Invalid typed array length',
    'out of memory',
  ].join('|'),
  'i',
);

/** A refusal message from the core: a crash if it leaks a raw exception. */
export function checkMessage(message: string): void {
  if (LEAKED.test(message)) throw new Crash(`refused with a leaked exception: ${message.slice(0, 200)}`);
}

/** An exception the core threw on purpose (the caller names which classes are clean for its API). */
export function checkThrown(e: unknown, clean: (e: Error) => boolean): void {
  if (!(e instanceof Error) || !clean(e)) {
    throw new Crash(`threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300));
  }
  checkMessage(e.message);
}
