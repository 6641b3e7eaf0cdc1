/**
 * Settings written as text (the CLI's `--steps 500`, `--heldout nli,sentiment`): one parser per kind of
 * value, used by the rows of SHARE_SETTINGS (settings.ts). A parser turns the text into the JSON value a
 * share link holds, or throws a SettingTextError saying what it expected; ranges and caps are checked
 * afterwards by the row's zod type, the same check a link's value gets.
 */

export class SettingTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingTextError';
  }
}

/** How a setting is written on a command line. */
export type SettingText = { flag: string; help: string } &
  /** `--flag <hint>`: the text is parsed into the value. */
  (
    | { hint: string; parse: (text: string) => unknown }
    /** `--flag` alone sets a boolean setting to `sets` (e.g. `--no-inverted` sets invertedTemplates false). */
    | { sets: boolean }
  );

const items = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function integer(text: string, min: number, what: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < min) throw new SettingTextError(`must be ${what}, got "${text}"`);
  return n;
}

/** An integer ≥ min. */
export const intText = (min: number) => (text: string) => integer(text, min, `an integer ≥ ${min}`);

/** A finite number ≥ min (or > 0 when `positive`). */
export const numberText =
  (opts: { positive: true } | { min: number }) =>
  (text: string): number => {
    const n = Number(text.trim());
    const ok = text.trim() !== '' && Number.isFinite(n) && ('positive' in opts ? n > 0 : n >= opts.min);
    if (!ok) throw new SettingTextError(`must be ${'positive' in opts ? 'a positive number' : `a number ≥ ${opts.min}`}, got "${text}"`);
    return n;
  };

/** A comma-separated list of integers ≥ min. */
export const intListText =
  (min: number) =>
  (text: string): number[] => {
    const list = items(text).map(Number);
    if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < min)) {
      throw new SettingTextError(`must be a comma-separated list of integers ≥ ${min}, got "${text}"`);
    }
    return list;
  };

function member<T extends string>(item: string, valid: readonly T[], noun: string): T {
  if (!(valid as readonly string[]).includes(item)) throw new SettingTextError(`Unknown ${noun} "${item}". Valid: ${valid.join(', ')}`);
  return item as T;
}

/** One name from `valid`; `noun` names the kind in messages ("Unknown backend "x". Valid: ..."). */
export const enumText =
  <T extends string>(valid: readonly T[], noun: string) =>
  (text: string): T =>
    member(text.trim(), valid, noun);

/** A comma-separated list of names from `valid` (spaces around commas allowed). */
export const enumListText =
  <T extends string>(valid: readonly T[], noun: string) =>
  (text: string): T[] => {
    const list = items(text);
    const bad = list.filter((i) => !(valid as readonly string[]).includes(i));
    if (bad.length || list.length === 0) throw new SettingTextError(`Unknown ${noun} "${bad.join(', ') || text}". Valid: ${valid.join(', ')}`);
    return list as T[];
  };

/** `name=value,name=value` with names from `keys` and values parsed by `value` ("tiny=1e-3,small=5e-4"). */
export const recordText =
  <K extends string, V>(keys: readonly K[], noun: string, value: (text: string) => V) =>
  (text: string): Partial<Record<K, V>> => {
    const out: Partial<Record<K, V>> = {};
    for (const item of items(text)) {
      const [name, raw, ...rest] = item.split('=');
      if (raw === undefined || rest.length) throw new SettingTextError(`must be ${noun}=value pairs separated by commas, got "${text}"`);
      out[member(name.trim(), keys, noun)] = value(raw);
    }
    return out;
  };

/** `a:b,a:b` pairs, each side a name from its list ("instructions:instructions,no_template:instructions"). */
export const pairListText =
  <A extends string, B extends string>(first: { valid: readonly A[]; noun: string; key: string }, second: { valid: readonly B[]; noun: string; key: string }) =>
  (text: string): Record<string, A | B>[] =>
    items(text).map((item) => {
      const [a, b, ...rest] = item.split(':');
      if (b === undefined || rest.length) throw new SettingTextError(`must be ${first.noun}:${second.noun} pairs separated by commas, got "${text}"`);
      return { [first.key]: member(a.trim(), first.valid, first.noun), [second.key]: member(b.trim(), second.valid, second.noun) };
    });
