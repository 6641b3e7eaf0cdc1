/**
 * Share links: an experiment (spec, template edits, optionally results) as a URL fragment,
 * `v2.<checksum>.<lz-string URI-safe payload>` (envelope.ts: checksum, versions, migrations). The
 * payload is JSON:
 *
 *   { preset, s?: {non-default settings by key}, t?: {c?: changed, a?: added, r?: removed ids},
 *     r?: compact results }
 *
 * Decoding never throws and never evaluates anything: the fragment's length is capped, its checksum
 * checked, the decompressor stops at a size cap (all before JSON.parse), and everything is checked
 * with zod against the caps of limits.ts, the same the editor and the CLI apply.
 */
import { z } from 'zod';
import { expandRuns, type PresetSpec } from '../experiments/presets';
import type { Results } from '../experiments/results';
import { loadTemplates } from '../tasks/templates/load';
import type { Template } from '../tasks/types';
import { encodeResults, decodeResults, CompactResultsSchema, MAX_SHARE_RUNS, type CompactOptions } from './compact';
import { MAX_SHARE_CHARS, migratePayload, unwrapFragment, wrapPayload } from './envelope';
import { decodeSettings, encodeSettings, PresetNameSchema } from './settings';
import { MAX_TEMPLATE_EDIT_ITEMS, readTemplateEdits, templateToTuple, type TemplateEdits } from './templates';

export { SHARE_VERSION, MAX_SHARE_CHARS, MAX_SHARE_JSON_CHARS } from './envelope';

export interface SharedExperiment {
  spec: PresetSpec;
  templateEdits: TemplateEdits;
  results?: Results;
}

export type DecodeShareResult = { ok: true; experiment: SharedExperiment; warnings: string[] } | { ok: false; error: string };

export class ShareTooLargeError extends Error {
  constructor(readonly chars: number) {
    super(
      `This experiment is too large to share as a link (${chars.toLocaleString('en-US')} characters, the limit is ` +
        `${MAX_SHARE_CHARS.toLocaleString('en-US')}), even without per-dataset scores and loss curves. ` +
        'Download the results file and share that instead, or share the experiment without results.',
    );
    this.name = 'ShareTooLargeError';
  }
}

/** What encodeShareInfo had to leave out of the results to fit MAX_SHARE_CHARS. */
export type ShareOmission = 'perDataset' | 'lossCurves';

function payloadOf(exp: SharedExperiment, results: CompactOptions | null): Record<string, unknown> {
  const payload: Record<string, unknown> = { preset: exp.spec.preset };
  const s = encodeSettings(exp.spec);
  if (Object.keys(s).length) payload.s = s;
  const { changed, added, removed } = exp.templateEdits;
  if (changed.length || added.length || removed.length) {
    const t: Record<string, unknown> = {};
    if (changed.length) t.c = changed.map(templateToTuple);
    if (added.length) t.a = added.map(templateToTuple);
    if (removed.length) t.r = [...removed];
    payload.t = t;
  }
  if (exp.results && results) payload.r = encodeResults(exp.spec, exp.results, results);
  return payload;
}

const fragmentOf = (payload: Record<string, unknown>) => wrapPayload(JSON.stringify(payload));

export interface ShareInfo {
  fragment: string;
  /** Results left out to fit MAX_SHARE_CHARS. */
  omitted: ShareOmission[];
  /**
   * What the receiver's decoder will drop or ignore (a template over a cap of limits.ts, or one that
   * fails validation), in the decoder's own words; empty when the link opens exactly as shared.
   */
  warnings: string[];
}

/**
 * The fragment, what was left out, and what the link will lose. Results are dropped in stages when the
 * link would pass MAX_SHARE_CHARS: per-dataset aggregates, then loss curves; past that,
 * ShareTooLargeError. Template edits are run through the decoder's own checks against `defaults`, so
 * nothing is dropped without the sharer being told.
 */
export function encodeShareInfo(exp: SharedExperiment, defaults: Template[] = loadTemplates()): ShareInfo {
  const warnings: string[] = [];
  const { changed, added, removed } = exp.templateEdits;
  readTemplateEdits({ c: changed.map(templateToTuple), a: added.map(templateToTuple), r: [...removed] }, defaults, warnings);
  for (const [list, items] of [
    ['edited', changed],
    ['added', added],
    ['removed', removed],
  ] as const) {
    if (items.length > MAX_TEMPLATE_EDIT_ITEMS) warnings.push(`The link has ${items.length} ${list} templates; at most ${MAX_TEMPLATE_EDIT_ITEMS} are read.`);
  }
  const stages: { opts: CompactOptions; omitted: ShareOmission[] }[] = exp.results
    ? [
        { opts: {}, omitted: [] },
        { opts: { perDataset: false }, omitted: ['perDataset'] },
        { opts: { perDataset: false, lossCurves: false }, omitted: ['perDataset', 'lossCurves'] },
      ]
    : [{ opts: {}, omitted: [] }];
  let length = 0;
  for (const stage of stages) {
    const fragment = fragmentOf(payloadOf(exp, stage.opts));
    if (fragment.length <= MAX_SHARE_CHARS) return { fragment, omitted: stage.omitted, warnings };
    length = fragment.length;
  }
  throw new ShareTooLargeError(length);
}

/** The URL fragment (without '#') for an experiment. Throws ShareTooLargeError when it cannot fit. */
export function encodeShare(exp: SharedExperiment): string {
  return encodeShareInfo(exp).fragment;
}

const PayloadSchema = z.object({
  preset: PresetNameSchema,
  s: z.record(z.string().max(20), z.unknown()).optional(),
  t: z
    .object({
      c: z.array(z.unknown()).max(MAX_TEMPLATE_EDIT_ITEMS).optional(),
      a: z.array(z.unknown()).max(MAX_TEMPLATE_EDIT_ITEMS).optional(),
      r: z.array(z.unknown()).max(MAX_TEMPLATE_EDIT_ITEMS).optional(),
    })
    .optional(),
  r: CompactResultsSchema.optional(),
});

const PART_NAMES: Record<string, string> = { s: 'settings', t: 'templates', r: 'results' };

function fail(error: string): DecodeShareResult {
  return { ok: false, error };
}

/**
 * Reads a fragment made by encodeShare (a leading '#' or a whole URL is fine). Never throws.
 * `defaults` are the built-in templates the edits apply to.
 */
export function decodeShare(fragment: string, defaults: Template[] = loadTemplates()): DecodeShareResult {
  try {
    return decodeUnsafe(fragment, defaults);
  } catch (e) {
    return fail(`This share link could not be read (${e instanceof Error ? e.message.slice(0, 200) : 'unknown error'}).`);
  }
}

function decodeUnsafe(fragment: string, defaults: Template[]): DecodeShareResult {
  const unwrapped = unwrapFragment(fragment);
  if (!unwrapped.ok) return fail(unwrapped.error);
  const warnings: string[] = [];
  let data: unknown;
  try {
    data = JSON.parse(unwrapped.json);
  } catch {
    return fail('This share link is damaged: its contents are not valid JSON.');
  }
  const payload = PayloadSchema.safeParse(migratePayload(unwrapped.version, data, warnings));
  if (!payload.success) {
    const issue = payload.error.issues[0];
    const part = issue && typeof issue.path[0] === 'string' ? PART_NAMES[issue.path[0]] : undefined;
    const path = (part ? issue.path.slice(1) : (issue?.path ?? [])).map(String).join('.');
    const detail = `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`;
    return fail(`This share link is invalid (${part ? `${part}, ` : ''}${detail}).`);
  }
  const p = payload.data;

  const settings = decodeSettings(p.preset, p.s ?? {}, warnings);
  if (!settings.ok) return fail(`This share link is invalid (${settings.error}).`);
  const spec = settings.spec;
  try {
    const n = expandRuns(spec).length;
    if (n > MAX_SHARE_RUNS) return fail(`This share link describes too many runs (${n}).`);
  } catch (e) {
    return fail(`This share link's settings are inconsistent: ${(e as Error).message}.`);
  }

  const templateEdits = readTemplateEdits(p.t ?? {}, defaults, warnings);

  const experiment: SharedExperiment = { spec, templateEdits };
  if (p.r) {
    const results = decodeResults(spec, p.r, warnings);
    if (!results.ok) return fail(results.error);
    experiment.results = results.results;
  }
  return { ok: true, experiment, warnings };
}
