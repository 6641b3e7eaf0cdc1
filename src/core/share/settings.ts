/**
 * The URL-held spec settings, as one declarative table (in the manner of TensorFlow
 * Playground's state.ts): each row names a PresetSpec field, its short key in the link, the zod
 * type a link's value must satisfy (with caps, so a link cannot ask for millions of runs), and
 * the presets it belongs to. Defaults come from makeSpec(preset); only settings that differ
 * from them are stored, so a defaults-only link is tiny.
 */
import { canonicalJson } from '../checkpoint/integrity';
import { z } from 'zod';
import { makeSpec, PRESET_NAMES, PresetSpecSchema, type PresetName, type PresetSpec } from '../experiments/presets';
import { BackendSchema, ClusterSchema, EvalRenderSchema, ModelSizeSchema, TuneRenderSchema } from '../experiments/spec';
import { LIMITS, limitProblem, lengthProblem, type LimitName } from './limits';

export interface ShareSetting {
  /** PresetSpec field. */
  field: string;
  /** Key in the link (short; unique). */
  key: string;
  /** What a link's value must satisfy; the full spec is then checked by PresetSpecSchema. */
  type: z.ZodType;
  presets: 'all' | readonly PresetName[];
}

const count = z.number().int().positive();
const clusters = z.array(ClusterSchema).min(1).max(12);
/** A number within its row of LIMITS (limits.ts), with the same message as the editor and the CLI give. */
const capped = (name: LimitName) =>
  z.number().superRefine((v, ctx) => {
    const problem = limitProblem(name, v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
const seedList = z.array(capped('seedValue')).superRefine((list, ctx) => {
  const problem = lengthProblem('seeds', list.length);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const SHARE_SETTINGS: readonly ShareSetting[] = [
  { field: 'seeds', key: 'sd', type: seedList, presets: 'all' },
  { field: 'backend', key: 'be', type: BackendSchema, presets: 'all' },
  { field: 'modelSize', key: 'ms', type: ModelSizeSchema, presets: 'all' },
  { field: 'steps', key: 'st', type: capped('steps'), presets: 'all' },
  { field: 'lr', key: 'lr', type: capped('lr'), presets: 'all' },
  { field: 'batchSize', key: 'bs', type: capped('batchSize'), presets: 'all' },
  { field: 'evalExamples', key: 'ee', type: capped('evalExamples'), presets: 'all' },
  { field: 'templatesPerDataset', key: 'tp', type: capped('templatesPerDataset'), presets: 'all' },
  { field: 'evalTemplatesPerDataset', key: 'et', type: capped('templatesPerDataset'), presets: 'all' },
  { field: 'kShot', key: 'k', type: capped('kShot'), presets: 'all' },
  { field: 'instructionVariants', key: 'iv', type: z.boolean(), presets: 'all' },
  { field: 'invertedTemplates', key: 'it', type: z.boolean(), presets: 'all' },
  { field: 'pretrainShare', key: 'ps', type: z.number().min(0).max(0.5), presets: 'all' },
  { field: 'heldOutClusters', key: 'hc', type: clusters, presets: ['main', 'fewshot'] },
  { field: 'baseRenders', key: 'br', type: z.array(EvalRenderSchema).min(1).max(3), presets: ['main'] },
  { field: 'heldOut', key: 'ho', type: clusters, presets: ['clusters', 'scale', 'instructions', 'templates', 'custom'] },
  { field: 'order', key: 'or', type: clusters, presets: ['clusters'] },
  { field: 'counts', key: 'cn', type: z.array(count.max(12)).min(1).max(12), presets: ['clusters'] },
  { field: 'randomOrders', key: 'ro', type: capped('randomOrders'), presets: ['clusters'] },
  { field: 'orderSeed', key: 'os', type: capped('seedValue'), presets: ['clusters'] },
  { field: 'sizes', key: 'sz', type: z.array(ModelSizeSchema).min(1).max(5), presets: ['scale'] },
  { field: 'lrBySize', key: 'lb', type: z.partialRecord(ModelSizeSchema, capped('lr')), presets: ['scale'] },
  {
    field: 'settings',
    key: 'is',
    type: z.array(z.object({ tune: TuneRenderSchema, eval: EvalRenderSchema })).min(1).max(9),
    presets: ['instructions'],
  },
  { field: 'tuningClusters', key: 'tu', type: clusters, presets: ['custom'] },
  { field: 'evalFewShot', key: 'fs', type: z.boolean(), presets: ['custom'] },
  { field: 'templateCounts', key: 'tc', type: z.array(count.max(LIMITS.templatesPerDataset.max)).min(1).max(20), presets: ['templates'] },
];

export function settingsFor(preset: PresetName): ShareSetting[] {
  return SHARE_SETTINGS.filter((s) => s.presets === 'all' || s.presets.includes(preset));
}

const defaultsCache = new Map<PresetName, Record<string, unknown>>();
function defaultsOf(preset: PresetName): Record<string, unknown> {
  let d = defaultsCache.get(preset);
  if (!d) defaultsCache.set(preset, (d = makeSpec(preset) as Record<string, unknown>));
  return d;
}

/** The non-default settings of a spec, keyed by their link keys. Throws if a value cannot be shared. */
export function encodeSettings(spec: PresetSpec): Record<string, unknown> {
  const defaults = defaultsOf(spec.preset);
  const values = spec as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of settingsFor(spec.preset)) {
    const value = values[s.field];
    if (value === undefined || canonicalJson(value) === canonicalJson(defaults[s.field])) continue;
    const checked = s.type.safeParse(value);
    if (!checked.success) throw new Error(`setting ${s.field} cannot be shared: ${issueText(checked.error)}`);
    out[s.key] = value;
  }
  return out;
}

/**
 * What in `spec` breaks a cap of LIMITS, as messages naming the setting ("steps: tuning steps must be at
 * most 100,000, got 1000000"); empty when every setting can be run and shared. The editor and the CLI
 * call this; it checks exactly what decodeSettings checks, so a spec that passes opens from its link.
 */
export function specLimitProblems(spec: PresetSpec): string[] {
  const values = spec as Record<string, unknown>;
  const out: string[] = [];
  for (const s of settingsFor(spec.preset)) {
    if (values[s.field] === undefined) continue;
    const checked = s.type.safeParse(values[s.field]);
    if (!checked.success) out.push(`${s.field}: ${issueText(checked.error)}`);
  }
  return out;
}

export type SettingsDecode = { ok: true; spec: PresetSpec } | { ok: false; error: string };

/** A full spec from a preset and a link's settings; unknown keys are ignored with a warning. */
export function decodeSettings(preset: PresetName, raw: Record<string, unknown>, warnings: string[]): SettingsDecode {
  const byKey = new Map(settingsFor(preset).map((s) => [s.key, s]));
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const s = byKey.get(key);
    if (!s) {
      warnings.push(`Ignored an unknown setting ${JSON.stringify(key.slice(0, 20))} for the ${preset} preset.`);
      continue;
    }
    const parsed = s.type.safeParse(value);
    if (!parsed.success) return { ok: false, error: `setting ${s.field}: ${issueText(parsed.error)}` };
    overrides[s.field] = parsed.data;
  }
  const spec = PresetSpecSchema.safeParse({ ...overrides, preset });
  if (!spec.success) return { ok: false, error: `settings: ${issueText(spec.error)}` };
  return { ok: true, spec: spec.data };
}

export function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

export const PresetNameSchema = z.enum(PRESET_NAMES as unknown as [PresetName, ...PresetName[]]);
