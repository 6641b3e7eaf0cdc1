/**
 * Fuzz category "links": share links as a chat app, a truncating copy or an attacker would deliver them.
 *
 *   valid       a random experiment (settings at and inside the caps, template edits, results) must round-trip
 *   damaged     one flipped bit or changed character, a truncation or appended junk of a valid link: refused
 *   hostile     a valid payload with one value made hostile (out of range, wrong type, huge, a forged score),
 *               sent as an old v1 link or as a v2 link whose checksum the attacker recomputed: if it opens,
 *               everything in it must still be within the caps and the schema
 *   junk, bomb  random text after a version prefix, and payloads that inflate past the size cap
 */
import LZString from 'lz-string';
import { expandRuns, makeSpec, PRESET_NAMES, type PresetSpec } from '../../src/core/experiments/presets';
import { createResults, mergeRunResult, ResultsSchema, specProblem, type Results } from '../../src/core/experiments/results';
import { Rng } from '../../src/core/rng';
import {
  compactResults,
  decodeShare,
  encodeShareInfo,
  LIMITS,
  specLimitProblems,
  templateLimitProblems,
  templateProblems,
  type TemplateEdits,
} from '../../src/core/share';
import { canonicalJson, crc32Hex } from '../../src/core/checkpoint/integrity';
import { compressUri } from '../../src/core/share/lz';
import { loadTemplates } from '../../src/core/tasks/templates/load';
import { checkMessage, Crash, OK, silent, type FuzzCase, type Verdict } from './verdict';

const defaults = loadTemplates();
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

interface Base {
  exp: { spec: PresetSpec; templateEdits: TemplateEdits; results?: Results };
  fragment: string;
  expected: Results | undefined;
}

/** A random experiment within the caps (sometimes at them), with edits and synthetic in-range results. */
function randomExperiment(rng: Rng): Base['exp'] {
  const preset = rng.pick(PRESET_NAMES);
  const at = (name: 'steps' | 'batchSize' | 'evalExamples' | 'kShot') => (rng.next() < 0.3 ? LIMITS[name].max : 1 + rng.int(Math.min(LIMITS[name].max, 500)));
  const overrides: Record<string, unknown> = {
    steps: at('steps'),
    batchSize: at('batchSize'),
    evalExamples: at('evalExamples'),
    kShot: at('kShot'),
    lr: rng.pick([LIMITS.lr.min, LIMITS.lr.max, 1e-3, 3e-4 * (1 + rng.next())]),
    seeds: Array.from({ length: 1 + rng.int(2) }, (_, i) => i + rng.int(1000)),
  };
  const spec = makeSpec(preset, overrides as never);
  const pool = defaults.slice(rng.int(defaults.length - 20));
  const changed = rng.next() < 0.5 ? [{ ...pool[0], input: `${pool[0].input}\n${'Think. '.repeat(rng.int(500))}` }] : [];
  const removed = rng.next() < 0.5 ? [pool[1].id] : [];
  const added = Array.from({ length: rng.int(3) }, (_, i) => ({
    ...pool[2],
    id: `fuzz_${i}_${rng.int(1e6)}`,
    input: `${pool[2].input} ${'é🙂'.repeat(rng.int(100))}`,
  }));
  const exp: Base['exp'] = { spec, templateEdits: { changed, added, removed } };
  const runs = expandRuns(spec);
  if (rng.next() < 0.6 && runs.length <= 60) {
    let results = createResults(spec);
    for (const run of runs) {
      if (rng.next() < 0.3) continue;
      const s = rng.next();
      const cluster = run.heldOut[0];
      results = mergeRunResult(results, run.id, {
        perTemplate: {},
        perDataset: { d: { metric: 'acc', nTemplates: 2, mean: s, median: s, best: s, bestTemplate: 't', spread: 0, min: s, max: s } },
        perCluster: { [cluster]: s },
        lossCurve: Array.from({ length: rng.int(30) }, (_, k) => ({ step: k, loss: 3 * rng.next() })),
        wallTimeSec: 100 * rng.next(),
        tokensPerSec: 1e4 * rng.next(),
        backend: 'wasm',
      });
    }
    exp.results = results;
  }
  return exp;
}

const bases = new Map<number, Base>();
/** One of 16 fixed valid links (built once per process), the originals the damaged cases start from. */
function base(rng: Rng): Base {
  const key = rng.int(16);
  let b = bases.get(key);
  if (!b) {
    const exp = randomExperiment(new Rng(7919 * (key + 1)));
    const info = encodeShareInfo(exp);
    const omitted = { perDataset: !info.omitted.includes('perDataset'), lossCurves: !info.omitted.includes('lossCurves') };
    b = { exp, fragment: info.fragment, expected: exp.results && compactResults(exp.results, omitted) };
    bases.set(key, b);
  }
  return b;
}

function sameAsOriginal(b: Base, d: Extract<ReturnType<typeof decodeShare>, { ok: true }>): string | null {
  if (canonicalJson(d.experiment.spec) !== canonicalJson(b.exp.spec)) return 'the spec differs';
  if (canonicalJson(d.experiment.templateEdits) !== canonicalJson(b.exp.templateEdits)) return 'the template edits differ';
  if (canonicalJson(d.experiment.results) !== canonicalJson(b.expected)) return 'the results differ';
  return null;
}

/** What an opened link must satisfy whatever it came from: every cap, the schema, runs of its spec. */
function invariants(d: Extract<ReturnType<typeof decodeShare>, { ok: true }>): string | null {
  const { spec, templateEdits, results } = d.experiment;
  const problems = specLimitProblems(spec);
  if (problems.length) return `opened with settings past a cap: ${problems[0]}`;
  for (const t of [...templateEdits.changed, ...templateEdits.added]) {
    const p = [...templateLimitProblems(t), ...templateProblems(t)];
    if (p.length) return `opened with a bad template ${t.id.slice(0, 40)}: ${p[0]}`;
  }
  if (results) {
    const checked = ResultsSchema.safeParse(results);
    if (!checked.success) return `opened with results the schema refuses: ${checked.error.issues[0]?.message}`;
    const p = specProblem(results);
    if (p) return `opened with results of another spec: ${p}`;
  }
  if (({} as Record<string, unknown>).polluted !== undefined) return 'Object.prototype was polluted';
  return null;
}

function decode(text: string) {
  let d: ReturnType<typeof decodeShare>;
  try {
    d = decodeShare(text);
  } catch (e) {
    throw new Crash(`decodeShare threw (it must never throw): ${(e as Error).message}`);
  }
  if (!d.ok) checkMessage(d.error);
  return d;
}

const HOSTILE: unknown[] = [
  1e9,
  -1,
  0,
  1e300,
  -1e300,
  5e-324,
  2 ** 53,
  101,
  1.5,
  null,
  true,
  '',
  'x'.repeat(5_000),
  [],
  {},
  [[[[[]]]]],
  JSON.parse('{"__proto__": {"polluted": 1}}'),
  '__proto__',
  'constructor',
  Number.MAX_VALUE,
];
/** Sets an own property, even "__proto__" (plain assignment would change the prototype instead). */
const put = (o: object, k: string, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/** A random leaf (or container) of `value`, replaced by `hostile`. */
function mutateSomewhere(rng: Rng, value: unknown, hostile: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || (depth > 0 && rng.next() < 0.25)) return hostile;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || rng.next() < 0.08) {
    put(copy, rng.pick(['zz', '__proto__', 'constructor', '0', 'i']), hostile);
    return copy;
  }
  const k = rng.pick(keys);
  put(copy, k, mutateSomewhere(rng, (copy as Record<string, unknown>)[k], hostile, depth + 1));
  return copy;
}

const payloadOf = (fragment: string) => JSON.parse(LZString.decompressFromEncodedURIComponent(fragment.replace(/^v\d+\.[0-9a-f]{8}\./, '')));
const v1 = (json: string) => `v1.${compressUri(json)}`;
const v2 = (json: string) => {
  const p = compressUri(json);
  return `v2.${crc32Hex(`v2.${p}`)}.${p}`;
};

const bombs = new Map<number, string>();
/** A short link whose JSON inflates to 2n characters (compressed once per size: compressing is the slow part). */
function bomb(n: number): string {
  let b = bombs.get(n);
  if (!b) bombs.set(n, (b = v2(`[${'1,'.repeat(n)}1]`)));
  return b;
}

export function linkCase(rng: Rng): FuzzCase {
  const kind = rng.pick(['valid', 'bitflip', 'bitflip', 'charflip', 'truncate', 'extend', 'hostile', 'hostile', 'hostile', 'junk', 'bomb']);
  if (kind === 'valid') {
    return {
      label: 'link: a valid experiment',
      run(): Verdict {
        const exp = randomExperiment(rng);
        const info = encodeShareInfo(exp);
        if (info.warnings.length) return silent(`a valid experiment would lose something: ${info.warnings[0]}`);
        const d = decode(info.fragment);
        if (!d.ok) return silent(`a valid link was refused: ${d.error}`);
        const omitted = { perDataset: !info.omitted.includes('perDataset'), lossCurves: !info.omitted.includes('lossCurves') };
        const b: Base = { exp, fragment: info.fragment, expected: exp.results && compactResults(exp.results, omitted) };
        const diff = sameAsOriginal(b, d);
        return diff ? silent(`a valid link opened differently: ${diff}`) : OK;
      },
    };
  }
  if (kind === 'hostile' || kind === 'junk' || kind === 'bomb') {
    const b = base(rng);
    let text: string;
    let label: string;
    if (kind === 'hostile') {
      const hostile = rng.pick(HOSTILE);
      const json = JSON.stringify(mutateSomewhere(rng, payloadOf(b.fragment), hostile));
      text = rng.next() < 0.5 ? v1(json) : v2(json);
      label = `link: hostile value ${JSON.stringify(hostile)?.slice(0, 30)} (${text.slice(0, 2)})`;
    } else if (kind === 'junk') {
      const n = 1 + rng.int(400);
      text =
        rng.pick(['v1.', 'v2.', 'v2.00000000.', 'v9.', '']) +
        Array.from({ length: n }, () => (rng.next() < 0.9 ? rng.pick([...ALPHABET]) : String.fromCharCode(rng.int(0x3000)))).join('');
      label = 'link: random text';
    } else {
      const n = 25_000 * (1 + rng.int(12)); // 50K to 600K characters: around the 400K cap
      text = bomb(n);
      label = `link: ${n} repeated items (inflates to ${(2 * n).toLocaleString('en-US')} characters)`;
    }
    return {
      label,
      run(): Verdict {
        const d = decode(text);
        if (!d.ok) return OK;
        const wrong = invariants(d);
        return wrong ? silent(wrong) : OK;
      },
    };
  }
  const b = base(rng);
  const f = b.fragment;
  let text: string;
  let label: string;
  if (kind === 'bitflip' || kind === 'charflip') {
    const at = rng.int(f.length);
    const code = kind === 'bitflip' ? f.charCodeAt(at) ^ (1 << rng.int(7)) : ALPHABET.charCodeAt(rng.int(ALPHABET.length));
    text = f.slice(0, at) + String.fromCharCode(code) + f.slice(at + 1);
    label = `link: ${kind === 'bitflip' ? 'bit flip' : 'changed character'} at ${at} of ${f.length}`;
  } else if (kind === 'truncate') {
    const n = rng.int(f.length);
    text = f.slice(0, n);
    label = `link: truncated to ${n} of ${f.length}`;
  } else {
    text = f + Array.from({ length: 1 + rng.int(8) }, () => rng.pick([...ALPHABET, ' ', '.', '%'])).join('');
    label = `link: ${text.length - f.length} characters appended`;
  }
  return {
    label,
    run(): Verdict {
      if (text === f) return OK;
      const d = decode(text);
      if (!d.ok) return OK;
      // Only an input that means the same link (e.g. trailing spaces trimmed) may open, and then as the original.
      const diff = sameAsOriginal(b, d);
      return diff
        ? silent(`a damaged link opened as a different experiment (${diff})`)
        : d.warnings.length
          ? silent(`a damaged link opened with warnings: ${d.warnings[0]}`)
          : OK;
    },
  };
}
