/**
 * Share-link integrity and caps (issue 17): a checksum refuses damaged links, old links open upgraded,
 * and the caps of limits.ts are the same for the editor (templateIssues, specLimitProblems), the link
 * codec and the CLI, so nothing the editor accepts is dropped from a link without the sharer being told.
 */
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { makeSpec } from '../experiments/presets';
import { createResults, mergeRunResult, type RunResult } from '../experiments/results';
import { loadTemplates } from '../tasks/templates/load';
import { templateIssues } from '../tasks/template-issues';
import type { Template } from '../tasks/types';
import { decodeShare, encodeShare, encodeShareInfo, LIMITS, SHARE_VERSION, specLimitProblems, templatesByDataset, type TemplateEdits } from './index';
import { compressUri } from './lz';

const NO_EDITS: TemplateEdits = { changed: [], added: [], removed: [] };
const v1 = (payload: unknown) => `v1.${compressUri(JSON.stringify(payload))}`;
const snli = loadTemplates().filter((t) => t.dataset === 'snli_like');
const added = (i: number, extra = ''): Template => ({
  id: `mine_${i}`,
  dataset: 'snli_like',
  input: `Premise: {premise}${extra}\nHypothesis: {hypothesis}\n{options_}`,
  target: '{answer}',
});

function result(score: number): RunResult {
  return {
    perTemplate: { snli_like: { t: { acc: score } } },
    perDataset: { snli_like: { metric: 'acc', nTemplates: 1, mean: score, median: score, best: null, bestTemplate: null, spread: 0, min: score, max: score } },
    perCluster: { nli: score },
    lossCurve: [{ step: 0, loss: 2 }],
    wallTimeSec: 1,
    tokensPerSec: 100,
    backend: 'cpu',
  };
}

describe('checksum', () => {
  const spec = makeSpec('main', { steps: 77, seeds: [4] });
  const fragment = encodeShare({ spec, templateEdits: { ...NO_EDITS, added: [added(1)] } });

  it('is in every new link, which opens without warnings', () => {
    expect(fragment).toMatch(new RegExp(`^v${SHARE_VERSION}\\.[0-9a-f]{8}\\.`));
    const d = decodeShare(fragment);
    expect(d.ok && d.warnings).toEqual([]);
  });

  it('refuses every single changed character and every truncation, applying nothing', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
    for (let i = 0; i < fragment.length; i++) {
      const c = fragment[i];
      const other = alphabet[(alphabet.indexOf(c) + 1 + (i % 60)) % alphabet.length] ?? 'A';
      const changed = fragment.slice(0, i) + (other === c ? 'B' : other) + fragment.slice(i + 1);
      const d = decodeShare(changed);
      expect(d.ok, `char ${i}`).toBe(false);
    }
    for (let n = 1; n < fragment.length; n++) expect(decodeShare(fragment.slice(0, n)).ok, `length ${n}`).toBe(false);
    const d = decodeShare(fragment.slice(0, -1));
    expect(!d.ok && d.error).toMatch(/damaged or truncated: its checksum does not match.*Nothing of it was applied/);
  });

  it('survives "+" turned into spaces by a chat app', () => {
    const withPlus = encodeShare({ spec: makeSpec('scale', { lrBySize: { nano: 2e-3 } }), templateEdits: NO_EDITS });
    const spaced = withPlus.replace(/\+/g, ' ');
    expect(decodeShare(spaced).ok).toBe(true);
  });
});

describe('old links', () => {
  it('a v1 link (no checksum) opens upgraded, with a note', () => {
    const d = decodeShare(v1({ preset: 'main', s: { st: 500, sd: [4, 5] } }));
    if (!d.ok) throw new Error(d.error);
    expect(d.experiment.spec).toEqual(makeSpec('main', { steps: 500, seeds: [4, 5] }));
    expect(d.warnings.join(' ')).toMatch(/older TinyFLAN \(format v1, without a checksum\).*upgraded/);
  });

  it('a v1 link still gets every cap', () => {
    const d = decodeShare(v1({ preset: 'main', s: { ee: 1e9 } }));
    expect(!d.ok && d.error).toMatch(/evaluation examples per dataset must be at most 1,000, got 1,000,000,000/);
  });
});

describe('caps the editor and the link share', () => {
  it('a 2,613-character template and 60 added templates survive the round trip', () => {
    const long = added(0, ` ${'word '.repeat(520)}`);
    expect(long.input.length).toBeGreaterThan(2_613);
    const many = Array.from({ length: 60 }, (_, i) => added(i + 1));
    const templateEdits: TemplateEdits = { changed: [], added: [long, ...many], removed: [] };
    expect(templateIssues(templatesByDataset([...snli, long, ...many]))).toEqual([]);
    const info = encodeShareInfo({ spec: makeSpec('main'), templateEdits });
    expect(info.warnings).toEqual([]);
    const d = decodeShare(info.fragment);
    if (!d.ok) throw new Error(d.error);
    expect(d.experiment.templateEdits).toEqual(templateEdits);
  });

  it('a dataset at the cap passes the editor and the link; one more is flagged by both', () => {
    const room = LIMITS.templatesInDataset.max - snli.length;
    const full = Array.from({ length: room }, (_, i) => added(i));
    expect(templateIssues({ snli_like: [...snli, ...full] })).toEqual([]);
    expect(encodeShareInfo({ spec: makeSpec('main'), templateEdits: { ...NO_EDITS, added: full } }).warnings).toEqual([]);
    const over = [...full, added(room)];
    expect(
      templateIssues({ snli_like: [...snli, ...over] })
        .map((i) => i.message)
        .join(),
    ).toMatch(/at most 100 templates in one dataset/);
    // Encoding something the link would drop is said at once, in the decoder's words.
    const info = encodeShareInfo({ spec: makeSpec('main'), templateEdits: { ...NO_EDITS, added: over } });
    expect(info.warnings.join()).toMatch(/mine_90.*snli_like may hold at most 100 templates/);
    const d = decodeShare(info.fragment);
    expect(d.ok && d.warnings).toEqual(info.warnings);
  });

  it('a template text over the cap: the editor, the encoder and the decoder say so', () => {
    const tooLong = { ...added(1), input: `{premise} {hypothesis} {options_}${'x'.repeat(LIMITS.templateChars.max)}` };
    expect(
      templateIssues({ snli_like: [tooLong] })
        .map((i) => i.message)
        .join(),
    ).toMatch(/input: at most 4,000 characters in a template text/);
    const info = encodeShareInfo({ spec: makeSpec('main'), templateEdits: { ...NO_EDITS, added: [tooLong] } });
    expect(info.warnings.join()).toMatch(/Dropped an added template "mine_1".*input: at most 4,000 characters/);
  });

  it('settings: the defaults pass, values past a cap are named by the editor check, the link and the encoder', () => {
    for (const preset of ['main', 'clusters', 'scale', 'instructions', 'templates', 'fewshot', 'custom'] as const) {
      expect(specLimitProblems(makeSpec(preset)), preset).toEqual([]);
    }
    const bad = makeSpec('main', { evalExamples: 1e9, batchSize: 2 ** 20, lr: 5e-324, steps: 2 ** 53 - 1, seeds: Array.from({ length: 11 }, (_, i) => i) });
    const problems = specLimitProblems(bad).join('\n');
    expect(problems).toMatch(/evalExamples: .*at most 1,000/);
    expect(problems).toMatch(/batchSize: batch size must be at most 256/);
    expect(problems).toMatch(/lr: learning rate must be at least 1e-7/);
    expect(problems).toMatch(/steps: tuning steps must be at most 100,000/);
    expect(problems).toMatch(/seeds: at most 10 seeds are allowed, got 11/);
    expect(() => encodeShare({ spec: bad, templateEdits: NO_EDITS })).toThrow(/cannot be shared: .*at most/);
    for (const [key, value] of [
      ['bs', 2 ** 20],
      ['lr', 1e30],
      ['lr', 5e-324],
      ['st', 2 ** 53 - 1],
      ['sd', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
      ['k', 1000],
    ] as const) {
      const d = decodeShare(v1({ preset: 'main', s: { [key]: value } }));
      expect(!d.ok && d.error, key).toMatch(/invalid \(setting \w+: .*(at most|at least)/);
    }
  });
});

describe('results in a link are range-checked', () => {
  const spec = makeSpec('templates', { seeds: [1], templateCounts: [1] });
  const results = createResults(spec).runs.reduce((r, e) => mergeRunResult(r, e.run.id, result(0.5)), createResults(spec));

  it('an impossible score or a mean outside [min, max] is refused with the value named', () => {
    const fragment = encodeShare({ spec, templateEdits: NO_EDITS, results });
    const wire = decodeWire(fragment);
    const forged = (mutate: (u: { c: Record<string, number>; d: Record<string, unknown[]> }) => void) => {
      const copy = structuredClone(wire);
      mutate(copy.r.u[0]);
      const d = decodeShare(v1(copy));
      return d.ok ? 'accepted' : d.error;
    };
    expect(forged((u) => (u.c.nli = 101))).toMatch(/score 101 is outside 0..1/);
    expect(forged((u) => (u.c.nli = -1e300))).toMatch(/score -1e\+300 is outside/);
    expect(forged((u) => (u.d.snli_like[2] = 0.9))).toMatch(/mean 0.9 is outside \[min 0.5, max 0.5\]/);
    expect(() => mergeRunResult(results, results.runs[0].run.id, result(1.5))).toThrow(/invalid result: .*score 1.5 is outside/);
  });
});

/** The payload of a current link, for forging variants of it (re-sent as v1 links, which carry no checksum). */
function decodeWire(fragment: string): { r: { u: { c: Record<string, number>; d: Record<string, unknown[]> }[] } } {
  return JSON.parse(LZString.decompressFromEncodedURIComponent(fragment.replace(/^v\d+\.[0-9a-f]{8}\./, '')));
}
