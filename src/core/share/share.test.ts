import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import LZString from 'lz-string';
import {
  ClustersSpecSchema,
  FewshotSpecSchema,
  InstructionsSpecSchema,
  MainSpecSchema,
  PRESET_NAMES,
  ScaleSpecSchema,
  TemplatesSpecSchema,
  CustomSpecFields,
  expandRuns,
  makeSpec,
  type PresetSpec,
} from '../experiments/presets';
import { createResults, markFailed, mergeRunResult, type Results, type RunResult } from '../experiments/results';
import { loadTemplates } from '../tasks/templates/load';
import type { Template } from '../tasks/types';
import { Rng } from '../rng';
import {
  MAX_ADDED_PER_DATASET,
  MAX_SHARE_CHARS,
  MAX_SHARE_JSON_CHARS,
  MAX_TEMPLATE_TEXT_CHARS,
  SHARE_SETTINGS,
  SHARE_VERSION,
  ShareTooLargeError,
  applyTemplateEdits,
  compactResults,
  decodeShare,
  diffTemplates,
  encodeShare,
  encodeShareInfo,
  settingsFor,
  templatesByDataset,
  type SharedExperiment,
  type TemplateEdits,
} from './index';
import { compressUri, decompressUriBounded } from './lz';

const NO_EDITS: TemplateEdits = { changed: [], added: [], removed: [] };
const defaults = loadTemplates();

function decodeOk(fragment: string) {
  const d = decodeShare(fragment);
  if (!d.ok) throw new Error(`expected ok, got: ${d.error}`);
  return d;
}
function decodeErr(fragment: string): string {
  const d = decodeShare(fragment);
  if (d.ok) throw new Error('expected an error');
  return d.error;
}
/** An old link (format v1: no checksum), as earlier versions of the lab wrote them; they still open. */
const lz = (payload: unknown) => `v1.${compressUri(JSON.stringify(payload))}`;
/** The JSON payload of a current link (`v2.<checksum>.<lz>`). */
const payloadOf = (fragment: string) => JSON.parse(LZString.decompressFromEncodedURIComponent(fragment.replace(/^v\d+\.[0-9a-f]{8}\./, '')));

/** Synthetic results: every `every`-th run done (with numbers), run 1 failed. */
function syntheticResults(spec: PresetSpec, datasetsPerRun = 3, every = 2, seed = 7): Results {
  const rng = new Rng(seed);
  let results = createResults(spec);
  results.runs.forEach((entry, i) => {
    if (i === 1 || i % every !== 0) return;
    const datasets = Array.from({ length: datasetsPerRun }, (_, d) => `dataset_${d}_${'x'.repeat(d % 5)}`);
    const result: RunResult = {
      perTemplate: Object.fromEntries(datasets.map((d) => [d, { t1: { accuracy: rng.next() }, t2: { accuracy: rng.next() } }])),
      perDataset: Object.fromEntries(
        datasets.map((d) => {
          const [a, b] = [rng.next(), rng.next()].sort();
          const [mean, median] = [a + (b - a) * rng.next(), a + (b - a) * rng.next()];
          return [d, { metric: 'accuracy', nTemplates: 2, mean, median, best: b, bestTemplate: 't2', spread: (b - a) * rng.next(), min: a, max: b }];
        }),
      ),
      perCluster: { [entry.run.heldOut[0]]: rng.next() },
      lossCurve: entry.run.tune ? Array.from({ length: 150 }, (_, s) => ({ step: s * 20, loss: s === 3 ? NaN : 4 / (1 + s * rng.next()) })) : [],
      wallTimeSec: 100 * rng.next(),
      tokensPerSec: 12345.678 * rng.next(),
      backend: 'webgpu',
    };
    results = mergeRunResult(results, entry.run.id, result);
  });
  return markFailed(results, results.runs[1].run.id, 'out of memory');
}

/** Every number in `a` equals the one in `b` to 4 significant digits. */
function expectClose4(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Number(a.toPrecision(4)), path).toBe(Number(b.toPrecision(4)));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a as object).sort(), path).toEqual(Object.keys(b as object).sort());
    for (const k of Object.keys(a as object)) expectClose4((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
  } else {
    expect(a, path).toEqual(b);
  }
}

afterEach(() => vi.restoreAllMocks());

describe('settings table', () => {
  const schemas = {
    main: MainSpecSchema,
    clusters: ClustersSpecSchema,
    scale: ScaleSpecSchema,
    instructions: InstructionsSpecSchema,
    templates: TemplatesSpecSchema,
    fewshot: FewshotSpecSchema,
    custom: CustomSpecFields,
  };
  it('covers every spec field of every preset, with unique keys', () => {
    for (const preset of PRESET_NAMES) {
      const fields = Object.keys((schemas[preset] as z.ZodObject).shape)
        .filter((f) => f !== 'preset')
        .sort();
      expect(
        settingsFor(preset)
          .map((s) => s.field)
          .sort(),
        preset,
      ).toEqual(fields);
    }
    expect(new Set(SHARE_SETTINGS.map((s) => s.key)).size).toBe(SHARE_SETTINGS.length);
  });
});

describe('spec round trip', () => {
  it('defaults-only specs encode short and decode equal', () => {
    for (const preset of PRESET_NAMES) {
      const spec = makeSpec(preset);
      const fragment = encodeShare({ spec, templateEdits: NO_EDITS });
      expect(fragment.startsWith(`v${SHARE_VERSION}.`)).toBe(true);
      expect(fragment.length).toBeLessThan(200);
      const d = decodeOk(fragment);
      expect(d.experiment.spec).toEqual(spec);
      expect(d.experiment.templateEdits).toEqual(NO_EDITS);
      expect(d.experiment.results).toBeUndefined();
      expect(d.warnings).toEqual([]);
    }
  });

  it('non-default settings round-trip; only they are stored', () => {
    const specs: PresetSpec[] = [
      makeSpec('main', { seeds: [4, 5], steps: 500, lr: 3e-4, backend: 'wasm', heldOutClusters: ['nli'], baseRenders: ['instructions'] }),
      makeSpec('clusters', { counts: [1, 3], randomOrders: 2, orderSeed: 9, kShot: 1 }),
      makeSpec('scale', { sizes: ['nano', 'micro'], lrBySize: { nano: 2e-3 } }),
      makeSpec('instructions', { settings: [{ tune: 'no_template', eval: 'instructions' }], evalExamples: 50 }),
      makeSpec('templates', { templateCounts: [1, 10], heldOut: ['commonsense'] }),
      makeSpec('fewshot', { kShot: 5, modelSize: 'small' }),
      makeSpec('custom', { heldOut: ['commonsense', 'nli'], tuningClusters: ['translation', 'sentiment'], evalFewShot: true, seeds: [7] }),
    ];
    for (const spec of specs) {
      const fragment = encodeShare({ spec, templateEdits: NO_EDITS });
      expect(decodeOk(fragment).experiment.spec).toEqual(spec);
    }
    const payload = payloadOf(encodeShare({ spec: specs[0], templateEdits: NO_EDITS }));
    expect(payload).toEqual({ preset: 'main', s: { sd: [4, 5], st: 500, lr: 3e-4, be: 'wasm', hc: ['nli'], br: ['instructions'] } });
  });

  it('a custom spec round-trips through a link, with its tuning clusters kept as chosen', () => {
    const spec = makeSpec('custom', { heldOut: ['closed_book_qa'], tuningClusters: ['summarization', 'misc'], evalFewShot: true });
    const payload = payloadOf(encodeShare({ spec, templateEdits: NO_EDITS }));
    expect(payload).toEqual({ preset: 'custom', s: { ho: ['closed_book_qa'], tu: ['summarization', 'misc'], fs: true } });
    const back = decodeOk(encodeShare({ spec, templateEdits: NO_EDITS })).experiment.spec;
    expect(back).toEqual(spec);
    expect(expandRuns(back).map((r) => r.id)).toEqual(expandRuns(spec).map((r) => r.id));
  });

  it('accepts a leading # or a whole URL', () => {
    const spec = makeSpec('fewshot', { steps: 10 });
    const fragment = encodeShare({ spec, templateEdits: NO_EDITS });
    expect(decodeOk(`#${fragment}`).experiment.spec).toEqual(spec);
    expect(decodeOk(`https://example.org/tinyflan/#${fragment}`).experiment.spec).toEqual(spec);
  });
});

describe('template edits', () => {
  const snli = defaults.filter((t) => t.dataset === 'snli_like');
  const changedOne: Template = { ...snli[1], input: `${snli[1].input}\n\nThink carefully.` };
  const addedOne: Template = { ...snli[0], id: 'my_snli_01', input: `Is this entailed?\n{premise}\n{hypothesis}\n{options_}` };
  const edited = defaults.filter((t) => t.id !== snli[2].id).map((t) => (t.id === changedOne.id ? changedOne : t));
  edited.splice(edited.findIndex((t) => t.id === snli[snli.length - 1].id) + 1, 0, addedOne);

  it('diff and apply invert each other', () => {
    const edits = diffTemplates(defaults, edited);
    expect(edits).toEqual({ changed: [changedOne], added: [addedOne], removed: [snli[2].id] });
    expect(applyTemplateEdits(defaults, edits)).toEqual(edited);
    expect(diffTemplates(defaults, defaults)).toEqual(NO_EDITS);
    const grouped = templatesByDataset(edited);
    expect(Object.keys(grouped)[0]).toBe('snli_like');
    expect(grouped.snli_like.at(-1)).toEqual(addedOne);
  });

  it('round-trip changed / added / removed', () => {
    const templateEdits = diffTemplates(defaults, edited);
    const d = decodeOk(encodeShare({ spec: makeSpec('main'), templateEdits }));
    expect(d.warnings).toEqual([]);
    expect(d.experiment.templateEdits).toEqual(templateEdits);
    expect(applyTemplateEdits(defaults, d.experiment.templateEdits)).toEqual(edited);
  });

  it('drops invalid user templates with a warning, keeping the rest', () => {
    const bad: Template = { id: 'bad_one', dataset: 'snli_like', input: '{premise} {bogus} {options_}', target: '{answer}' };
    const nowhere: Template = { id: 'nowhere', dataset: 'no_such_dataset', input: 'x', target: '{answer}' };
    const templateEdits: TemplateEdits = { changed: [], added: [addedOne, bad, nowhere], removed: [] };
    const d = decodeOk(encodeShare({ spec: makeSpec('main'), templateEdits }));
    expect(d.experiment.templateEdits.added).toEqual([addedOne]);
    expect(d.warnings.join('\n')).toMatch(/bad_one.*unknown placeholder.*\{bogus\}/);
    expect(d.warnings.join('\n')).toMatch(/nowhere.*unknown dataset/);
  });

  it('drops over-long fields, unknown ids and templates past the per-dataset cap', () => {
    const tuple = (t: Template) => [t.id, t.dataset, t.input, t.target];
    const builtIn = defaults.filter((t) => t.dataset === 'snli_like').length;
    const many = Array.from({ length: MAX_ADDED_PER_DATASET - builtIn + 2 }, (_, i) => tuple({ ...addedOne, id: `mine_${i}` }));
    const d = decodeOk(
      lz({
        preset: 'main',
        t: {
          a: [...many, ['long', 'snli_like', 'x'.repeat(MAX_TEMPLATE_TEXT_CHARS + 1), '{answer}'], 42],
          c: [tuple({ ...changedOne, id: 'gone_template' })],
          r: ['also_gone'],
        },
      }),
    );
    expect(d.experiment.templateEdits.added).toHaveLength(MAX_ADDED_PER_DATASET - builtIn);
    expect(d.experiment.templateEdits.changed).toEqual([]);
    expect(d.experiment.templateEdits.removed).toEqual([]);
    const w = d.warnings.join('\n');
    expect(w).toMatch(new RegExp(`at most ${MAX_ADDED_PER_DATASET}`));
    expect(w).toMatch(/"long".*input/);
    expect(w).toMatch(/gone_template/);
    expect(w).toMatch(/also_gone/);
  });
});

describe('results', () => {
  it('round-trip to the compact form', () => {
    const spec = makeSpec('main', { seeds: [1, 2] });
    const results = syntheticResults(spec);
    const info = encodeShareInfo({ spec, templateEdits: NO_EDITS, results });
    expect(info.omitted).toEqual([]);
    const d = decodeOk(info.fragment);
    expect(d.warnings).toEqual([]);
    expect(d.experiment.spec).toEqual(spec);
    const compact = compactResults(results);
    expect(d.experiment.results).toEqual(compact);
    // …which is the original to 4 significant digits, less perTemplate and with ≤ 24 curve points.
    const done = results.runs.filter((e) => e.status === 'done');
    for (const e of done) {
      const got = d.experiment.results!.runs.find((x) => x.run.id === e.run.id)!;
      const { perTemplate, lossCurve, ...rest } = e.result!;
      const { perTemplate: gotPerTemplate, lossCurve: gotCurve, ...gotRest } = got.result!;
      expect(perTemplate).not.toEqual({});
      expect(gotPerTemplate).toEqual({});
      expectClose4(gotRest, rest);
      expect(gotCurve.length).toBe(lossCurve.length ? 24 : 0);
      if (lossCurve.length) expect(gotCurve.at(-1)!.step).toBe(lossCurve.at(-1)!.step);
    }
    expect(d.experiment.results!.runs[1]).toMatchObject({ status: 'failed', error: 'out of memory' });
    expect(d.experiment.results!.runs.filter((e) => e.status === 'done')).toHaveLength(done.length);
  });

  it('drops per-dataset scores, then loss curves, to fit; then throws ShareTooLargeError', () => {
    const spec = makeSpec('main', { seeds: [1, 2] });
    const big = syntheticResults(spec, 44, 1);
    const info = encodeShareInfo({ spec, templateEdits: NO_EDITS, results: big });
    expect(info.omitted).toEqual(['perDataset']);
    expect(info.fragment.length).toBeLessThanOrEqual(MAX_SHARE_CHARS);
    const d = decodeOk(info.fragment);
    expect(d.experiment.results).toEqual(compactResults(big, { perDataset: false }));
    expect(d.warnings.join('\n')).toMatch(/Per-dataset scores were left out/);

    const rng = new Rng(3);
    const noise = () => Array.from({ length: 2000 }, () => String.fromCharCode(97 + rng.int(26))).join('');
    const huge: TemplateEdits = {
      changed: [],
      added: Array.from({ length: 30 }, (_, i) => ({ id: `t${i}`, dataset: 'snli_like', input: `${noise()} {premise} {options_}`, target: '{answer}' })),
      removed: [],
    };
    expect(() => encodeShare({ spec, templateEdits: huge, results: big })).toThrow(ShareTooLargeError);
    expect(() => encodeShare({ spec, templateEdits: huge })).toThrow(/too large to share/);
  });

  it('rejects results that do not match the spec', () => {
    const spec = makeSpec('templates');
    const fragment = encodeShare({ spec, templateEdits: NO_EDITS, results: syntheticResults(spec) });
    const payload = payloadOf(fragment);
    expect(decodeErr(lz({ ...payload, s: { tc: [1, 2] } }))).toMatch(/don't match/);
    expect(decodeErr(lz({ ...payload, r: { ...payload.r, u: [...payload.r.u, { ...payload.r.u[0], i: 999 }] } }))).toMatch(/#999 does not exist/);
    expect(decodeErr(lz({ ...payload, r: { ...payload.r, u: [...payload.r.u, payload.r.u[0]] } }))).toMatch(/appears twice/);
    const other = makeSpec('templates', { steps: 10 });
    expect(() => encodeShare({ spec: other, templateEdits: NO_EDITS, results: syntheticResults(spec) })).toThrow(/not a run of the spec/);
  });
});

describe('bad links', () => {
  it('empty, foreign, old and new versions', () => {
    expect(decodeErr('')).toMatch(/empty/);
    expect(decodeErr('#')).toMatch(/empty/);
    expect(decodeErr('hello world')).toMatch(/not a TinyFLAN share link/);
    expect(decodeErr('v0.N4IgdghgtgpiBcIBGB7AHgG')).toBe('This link was made by an older TinyFLAN (format v0); opening the defaults.');
    expect(decodeErr(`v${SHARE_VERSION + 1}.abc`)).toMatch(new RegExp(`newer TinyFLAN \\(format v${SHARE_VERSION + 1}\\)`));
  });

  it('random text after the prefix is damaged, never a throw', () => {
    const rng = new Rng(11);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$ !"#%&()*,./:;<=>?@[]^_`{|}~é';
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: 1 + rng.int(300) }, () => alphabet[rng.int(alphabet.length)]).join('');
      const d = decodeShare(`v1.${text}`);
      expect(d.ok).toBe(false);
    }
    expect(decodeErr('v1.!!!')).toMatch(/damaged or truncated/);
  });

  it('truncated links', () => {
    const spec = makeSpec('main', { seeds: [1, 2] });
    const fragment = encodeShare({ spec, templateEdits: NO_EDITS, results: syntheticResults(spec) });
    expect(decodeErr(fragment.slice(0, Math.floor(fragment.length / 2)))).toMatch(/damaged or truncated/);
    expect(decodeErr(fragment.slice(0, fragment.length - 3))).toMatch(/damaged/);
  });

  it('over the character cap', () => {
    expect(decodeErr(`v1.${'A'.repeat(MAX_SHARE_CHARS)}`)).toMatch(/too long/);
  });

  it('invalid JSON and wrong types name the field', () => {
    expect(decodeErr(`v1.${compressUri('{"preset": "main",')}`)).toMatch(/not valid JSON/);
    expect(decodeErr(lz({ preset: 42 }))).toMatch(/invalid \(preset: /);
    expect(decodeErr(lz([1, 2]))).toMatch(/invalid/);
    expect(decodeErr(lz({ preset: 'main', s: { st: 'many' } }))).toMatch(/setting steps: .*number/);
    expect(decodeErr(lz({ preset: 'main', s: { sd: Array.from({ length: 100 }, (_, i) => i) } }))).toMatch(/setting seeds/);
    expect(decodeErr(lz({ preset: 'clusters', s: { ho: ['summarization'] } }))).toMatch(/inconsistent/);
    expect(decodeErr(lz({ preset: 'main', r: { n: 'x' } }))).toMatch(/results, n: /);
    const d = decodeOk(lz({ preset: 'main', s: { zz: 1 } }));
    expect(d.warnings.join()).toMatch(/unknown setting "zz"/);
  });

  it('a payload that inflates past the cap is rejected before JSON.parse', () => {
    const bomb = `v1.${compressUri(`[${'1,'.repeat(MAX_SHARE_JSON_CHARS / 2)}1]`)}`;
    expect(bomb.length).toBeLessThan(MAX_SHARE_CHARS);
    const parse = vi.spyOn(JSON, 'parse');
    expect(decodeErr(bomb)).toMatch(/too large/);
    expect(parse).not.toHaveBeenCalled();
  });
});

describe('bounded decompressor', () => {
  it('agrees with lz-string', () => {
    const rng = new Rng(5);
    for (let n = 0; n < 100; n++) {
      const s = Array.from({ length: rng.int(500) }, () => String.fromCharCode(rng.next() < 0.9 ? 32 + rng.int(90) : rng.int(0xd7ff))).join('');
      const c = compressUri(s);
      const mine = decompressUriBounded(c, 1e6);
      expect(mine).toEqual(s === '' ? { ok: true, text: '' } : { ok: true, text: LZString.decompressFromEncodedURIComponent(c) });
      if (s !== '') expect(mine).toEqual({ ok: true, text: s });
    }
  });
});

describe('never throws', () => {
  it('on non-string input', () => {
    expect(decodeShare(undefined as unknown as string).ok).toBe(false);
  });
  it('spec equality holds for a decoded spec re-encoded', () => {
    const exp: SharedExperiment = { spec: makeSpec('scale', { lrBySize: { micro: 1e-3, nano: 2e-3 } }), templateEdits: NO_EDITS };
    const once = decodeOk(encodeShare(exp)).experiment;
    expect(encodeShare(once)).toBe(encodeShare(exp));
    expect(expandRuns(once.spec).map((r) => r.id)).toEqual(expandRuns(exp.spec).map((r) => r.id));
  });
});
