/**
 * The URL-held spec settings, as one declarative table (in the manner of TensorFlow
 * Playground's state.ts): each row names a PresetSpec field, its short key in the link, the zod
 * type a link's value must satisfy (with caps, so a link cannot ask for millions of runs), and
 * the presets it belongs to, and how it is written on a command line (the experiment command's
 * flags are derived from these rows, so a new setting is in the link and the CLI at once).
 * Defaults come from makeSpec(preset); only settings that differ from them are stored, so a
 * defaults-only link is tiny.
 */
import { canonicalJson } from '../checkpoint/integrity';
import { z } from 'zod';
import { makeSpec, PRESET_NAMES, PresetSpecSchema, type PresetName, type PresetSpec } from '../experiments/presets';
import { BackendSchema, ClusterSchema, EvalRenderSchema, ModelSizeSchema, TuneRenderSchema } from '../experiments/spec';
import { LIMITS, limitProblem, lengthProblem, type LimitName } from './limits';
import { enumListText, enumText, intListText, intText, numberText, pairListText, recordText, SettingTextError, type SettingText } from './setting-text';

export interface ShareSetting {
  /** PresetSpec field. */
  field: string;
  /** Key in the link (short; unique). */
  key: string;
  /** What a link's value must satisfy; the full spec is then checked by PresetSpecSchema. */
  type: z.ZodType;
  presets: 'all' | readonly PresetName[];
  /**
   * The same setting on a command line (`tinyflan experiment`). Rows of different presets may share a
   * flag (`--heldout` is heldOutClusters for main and heldOut for the ablations); where a preset has two
   * rows with one flag, its own row wins over the row for all presets (`--models` is sizes for scale).
   */
  text: SettingText;
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

const SIZES = ModelSizeSchema.options;
const CLUSTER_NAMES = ClusterSchema.options;
const clusterList = enumListText(CLUSTER_NAMES, 'cluster');
const int = (flag: string, min: number, help: string): SettingText => ({ flag, help, hint: 'N', parse: intText(min) });
/** --models for every preset but scale: one size (scale's own row takes several). */
const oneSize = (text: string) => {
  const sizes = enumListText(SIZES, 'model size')(text);
  if (sizes.length > 1) throw new SettingTextError('takes several sizes only with --preset scale');
  return sizes[0];
};

export const SHARE_SETTINGS: readonly ShareSetting[] = [
  {
    field: 'seeds',
    key: 'sd',
    type: seedList,
    presets: 'all',
    text: { help: 'seeds, one set of runs each', flag: 'seeds', hint: '1,2,3', parse: intListText(0) },
  },
  {
    field: 'backend',
    key: 'be',
    type: BackendSchema,
    presets: 'all',
    text: { help: 'tfjs backend', flag: 'backend', hint: BackendSchema.options.join('|'), parse: enumText(BackendSchema.options, 'backend') },
  },
  { field: 'modelSize', key: 'ms', type: ModelSizeSchema, presets: 'all', text: { help: 'model size', flag: 'models', hint: SIZES.join('|'), parse: oneSize } },
  { field: 'steps', key: 'st', type: capped('steps'), presets: 'all', text: int('steps', 1, 'tuning steps') },
  { field: 'lr', key: 'lr', type: capped('lr'), presets: 'all', text: { help: 'learning rate', flag: 'lr', hint: 'X', parse: numberText({ positive: true }) } },
  { field: 'batchSize', key: 'bs', type: capped('batchSize'), presets: 'all', text: int('batch', 1, 'batch size') },
  { field: 'evalExamples', key: 'ee', type: capped('evalExamples'), presets: 'all', text: int('eval-examples', 1, 'evaluation examples per dataset') },
  {
    field: 'templatesPerDataset',
    key: 'tp',
    type: capped('templatesPerDataset'),
    presets: 'all',
    text: int('templates', 1, 'templates per dataset in the tuning mixture'),
  },
  {
    field: 'evalTemplatesPerDataset',
    key: 'et',
    type: capped('templatesPerDataset'),
    presets: 'all',
    text: int('eval-templates', 1, 'templates per held-out dataset at evaluation'),
  },
  { field: 'kShot', key: 'k', type: capped('kShot'), presets: 'all', text: int('shots', 1, 'exemplars per few-shot prompt') },
  {
    field: 'instructionVariants',
    key: 'iv',
    type: z.boolean(),
    presets: 'all',
    text: { help: 'no seeded rewording of instructions', flag: 'no-instruction-variants', sets: false },
  },
  { field: 'invertedTemplates', key: 'it', type: z.boolean(), presets: 'all', text: { help: 'no input-inverted templates', flag: 'no-inverted', sets: false } },
  {
    field: 'pretrainShare',
    key: 'ps',
    type: z.number().min(0).max(0.5),
    presets: 'all',
    text: { help: 'share of tuning rows that are pretraining text (0-0.5)', flag: 'pretrain-share', hint: 'X', parse: numberText({ min: 0 }) },
  },
  {
    field: 'heldOutClusters',
    key: 'hc',
    type: clusters,
    presets: ['main', 'fewshot'],
    text: { help: 'clusters held out, one at a time', flag: 'heldout', hint: 'a,b', parse: clusterList },
  },
  {
    field: 'baseRenders',
    key: 'br',
    type: z.array(EvalRenderSchema).min(1).max(3),
    presets: ['main'],
    text: {
      help: 'prompt styles for the untuned model',
      flag: 'base-renders',
      hint: EvalRenderSchema.options.join(','),
      parse: enumListText(EvalRenderSchema.options, 'prompt style'),
    },
  },
  {
    field: 'heldOut',
    key: 'ho',
    type: clusters,
    presets: ['clusters', 'scale', 'instructions', 'templates', 'custom'],
    text: { help: 'clusters held out together', flag: 'heldout', hint: 'a,b', parse: clusterList },
  },
  {
    field: 'order',
    key: 'or',
    type: clusters,
    presets: ['clusters'],
    text: { help: 'order in which tuning clusters are added', flag: 'order', hint: 'a,b,...', parse: clusterList },
  },
  {
    field: 'counts',
    key: 'cn',
    type: z.array(count.max(12)).min(1).max(12),
    presets: ['clusters'],
    text: { help: 'numbers of tuning clusters to try', flag: 'counts', hint: '1,2,3', parse: intListText(1) },
  },
  { field: 'randomOrders', key: 'ro', type: capped('randomOrders'), presets: ['clusters'], text: int('random-orders', 0, 'extra random cluster orders') },
  { field: 'orderSeed', key: 'os', type: capped('seedValue'), presets: ['clusters'], text: int('order-seed', 0, 'seed of the random orders') },
  {
    field: 'sizes',
    key: 'sz',
    type: z.array(ModelSizeSchema).min(1).max(5),
    presets: ['scale'],
    text: { help: 'model sizes', flag: 'models', hint: 'a,b', parse: enumListText(SIZES, 'model size') },
  },
  {
    field: 'lrBySize',
    key: 'lb',
    type: z.partialRecord(ModelSizeSchema, capped('lr')),
    presets: ['scale'],
    text: { help: 'learning rate per size', flag: 'lr-by-size', hint: 'size=X,...', parse: recordText(SIZES, 'model size', numberText({ positive: true })) },
  },
  {
    field: 'settings',
    key: 'is',
    type: z
      .array(z.object({ tune: TuneRenderSchema, eval: EvalRenderSchema }))
      .min(1)
      .max(9),
    presets: ['instructions'],
    text: {
      help: '(tuned with : evaluated with) pairs',
      flag: 'instruction-settings',
      hint: 'tune:eval,...',
      parse: pairListText(
        { valid: TuneRenderSchema.options, noun: 'tuning render', key: 'tune' },
        { valid: EvalRenderSchema.options, noun: 'evaluation render', key: 'eval' },
      ),
    },
  },
  {
    field: 'tuningClusters',
    key: 'tu',
    type: clusters,
    presets: ['custom'],
    text: { help: 'clusters tuned on', flag: 'tune-clusters', hint: 'a,b', parse: clusterList },
  },
  { field: 'evalFewShot', key: 'fs', type: z.boolean(), presets: ['custom'], text: { help: 'also evaluate k-shot', flag: 'eval-few-shot', sets: true } },
  {
    field: 'templateCounts',
    key: 'tc',
    type: z.array(count.max(LIMITS.templatesPerDataset.max)).min(1).max(20),
    presets: ['templates'],
    text: { help: 'templates per dataset to try', flag: 'template-counts', hint: '1,2,4', parse: intListText(1) },
  },
];

export function settingsFor(preset: PresetName): ShareSetting[] {
  return SHARE_SETTINGS.filter((s) => s.presets === 'all' || s.presets.includes(preset));
}

/**
 * The rows a preset's command-line flags set, by flag: where two rows of the preset share a flag, the
 * preset's own row wins over the one for all presets (see ShareSetting.text).
 */
export function settingsByFlag(preset: PresetName): Map<string, ShareSetting> {
  const out = new Map<string, ShareSetting>();
  for (const s of settingsFor(preset)) {
    const taken = out.get(s.text.flag);
    if (!taken || taken.presets === 'all') out.set(s.text.flag, s);
  }
  return out;
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
