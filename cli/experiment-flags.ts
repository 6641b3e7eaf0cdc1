/**
 * The flags of `tinyflan experiment`: the run options below, plus one flag per row of SHARE_SETTINGS
 * (src/core/share/settings.ts), the table that also drives the share link. A new setting row is a new
 * flag here, with its parser and the presets it applies to; nothing in this file names a setting.
 */
import { z } from 'zod';
import { flagText, oneOf, UsageError, type Flags, type FlagValues } from './args';
import { PRESET_NAMES, PresetSpecSchema, type PresetName, type PresetSpec } from '../src/core/experiments/presets';
import { SHARE_SETTINGS, settingsByFlag, specLimitProblems, type ShareSetting } from '../src/core/share/settings';

/** The experiment runs in Node on these (webgpu and webgl are the app's). */
export const EXPERIMENT_BACKENDS = ['wasm', 'cpu'] as const;

/** Options of the run itself (where results go, which engine trains): not part of the spec, not in links. */
export const RUN_FLAGS = {
  preset: { type: 'string', hint: PRESET_NAMES.join('|'), help: 'the experiment (required)' },
  out: { type: 'string', hint: '<file>', help: 'results file (default results-<preset>.json); a rerun resumes it' },
  'models-dir': { type: 'string', hint: '<dir>', help: 'base checkpoints <dir>/<size>.safetensors (default public/models)' },
  'from-checkpoint': { type: 'string', hint: '<file>', help: 'one base checkpoint for every run instead' },
  engine: { type: 'string', hint: 'tfjs|torch', help: 'who tunes (torch: PyTorch CPU, or CUDA when it sees a GPU)' },
  'eval-engine': { type: 'string', hint: 'tfjs|torch', help: 'who scores' },
  split: { type: 'string', hint: 'test|validation', help: 'evaluation split (validation: design work, no best-template choice)' },
  shard: { type: 'string', hint: 'k/n', help: 'run only shard k of n (join the files with tinyflan merge)' },
  'export-tuning': { type: 'string', hint: '<dir>', help: 'write one tuning job per tuned model for scale/train_many.py; train nothing' },
  'tuned-dir': { type: 'string', hint: '<dir>', help: 'models tuned by scale/train_many.py (with --engine torch)' },
} as const satisfies Flags;

const presetsOf = (rows: readonly ShareSetting[]): PresetName[] => PRESET_NAMES.filter((p) => rows.some((s) => s.presets === 'all' || s.presets.includes(p)));

/** The rows behind each setting flag, in table order (several rows share `--heldout` and `--models`). */
function rowsByFlag(): Map<string, ShareSetting[]> {
  const out = new Map<string, ShareSetting[]>();
  for (const s of SHARE_SETTINGS) out.set(s.text.flag, [...(out.get(s.text.flag) ?? []), s]);
  return out;
}

/** One flag per setting flag name; its help is the rows' and names the presets where it applies. */
export function settingFlags(): Flags {
  const out: Flags = {};
  for (const [flag, rows] of rowsByFlag()) {
    const text = rows[0].text;
    const where = presetsOf(rows);
    const scope = where.length === PRESET_NAMES.length ? 'every preset' : where.join(', ');
    out[flag] = {
      type: 'sets' in text ? 'boolean' : 'string',
      ...('hint' in text ? { hint: text.hint } : {}),
      help: `${rows.map((r) => r.text.help).join(' / ')} (${scope})`,
    };
  }
  return out;
}

const SETTING_FLAGS = settingFlags();
export const EXPERIMENT_FLAGS: Flags & typeof RUN_FLAGS = {
  ...RUN_FLAGS,
  ...SETTING_FLAGS,
  // A spec's backend may be any the app knows; Node runs the experiment on these (default wasm).
  backend: { ...SETTING_FLAGS.backend, hint: EXPERIMENT_BACKENDS.join('|'), help: 'tfjs backend (default wasm)' },
};

/**
 * The spec the flags ask for: the preset's defaults, each setting flag parsed by its row, the backend
 * wasm unless given; checked by the preset schema and by the caps a share link has (so a spec the CLI
 * runs opens from its link). Bad input is a UsageError naming the flag.
 */
export function specFromFlags(values: FlagValues<Flags>): PresetSpec {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const preset = oneOf(text(values.preset), 'preset', PRESET_NAMES, 'main');
  const backend = oneOf(text(values.backend), 'backend', EXPERIMENT_BACKENDS, 'wasm');
  const rows = settingsByFlag(preset);
  const overrides: Record<string, unknown> = {};
  for (const [flag, all] of rowsByFlag()) {
    const value = values[flag];
    if (value === undefined || value === false || Array.isArray(value)) continue;
    const row = rows.get(flag);
    if (!row) throw new UsageError(`--${flag} goes with --preset ${presetsOf(all).join(', ')}`);
    overrides[row.field] = 'sets' in row.text ? row.text.sets : flagText(flag, value, row.text.parse);
  }
  overrides.backend = backend;
  const parsed = PresetSpecSchema.safeParse({ ...overrides, preset });
  if (!parsed.success) throw new UsageError(`Invalid experiment settings:\n${z.prettifyError(parsed.error)}`);
  // The same caps as the app's editor and its share links (src/core/share/limits.ts).
  const problems = specLimitProblems(parsed.data);
  if (problems.length) throw new UsageError(`Invalid experiment settings:\n  ${problems.join('\n  ')}`);
  return parsed.data;
}
