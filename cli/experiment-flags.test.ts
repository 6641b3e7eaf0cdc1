import { describe, expect, it } from 'vitest';
import { UsageError, usageOf, type CommandUsage } from './args';
import { EXPERIMENT_FLAGS, RUN_FLAGS, specFromFlags } from './experiment-flags';
import { COMMANDS } from './main';
import { PRESET_NAMES } from '../src/core/experiments/presets';
import { decodeSettings, encodeSettings, SHARE_SETTINGS, settingsFor } from '../src/core/share/settings';
import { parseFlags } from './args';

/** The spec `tinyflan experiment <args>` asks for (the flags parsed as the command parses them). */
const specOf = (...args: string[]) => specFromFlags(parseFlags(args, EXPERIMENT_FLAGS).values);
const usageErrorOf = (...args: string[]) => {
  try {
    specOf(...args);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`no usage error for ${args.join(' ')}`);
};

describe('experiment flags come from the share-link settings table', () => {
  it('every SHARE_SETTINGS row has a flag of its kind, and every flag is a setting row or a run option', () => {
    for (const s of SHARE_SETTINGS) {
      expect(EXPERIMENT_FLAGS[s.text.flag], s.field).toBeDefined();
      expect(EXPERIMENT_FLAGS[s.text.flag].type, s.field).toBe('sets' in s.text ? 'boolean' : 'string');
    }
    const settingFlags = new Set(SHARE_SETTINGS.map((s) => s.text.flag));
    for (const flag of Object.keys(EXPERIMENT_FLAGS)) expect(settingFlags.has(flag) !== flag in RUN_FLAGS, flag).toBe(true);
  });

  it('within a preset a flag names one setting (beside, at most, a row for all presets that it overrides)', () => {
    for (const preset of PRESET_NAMES) {
      const own = settingsFor(preset).filter((s) => s.presets !== 'all');
      expect(new Set(own.map((s) => s.text.flag)).size, preset).toBe(own.length);
    }
  });

  it('maps a shared flag to the row of the preset: --heldout, --models', () => {
    expect(specOf('--preset', 'main', '--heldout', 'nli, sentiment')).toMatchObject({ heldOutClusters: ['nli', 'sentiment'] });
    expect(specOf('--preset', 'clusters', '--heldout', 'nli')).toMatchObject({ heldOut: ['nli'] });
    expect(specOf('--preset', 'scale', '--models', 'nano,tiny')).toMatchObject({ sizes: ['nano', 'tiny'] });
    expect(specOf('--preset', 'main', '--models', 'nano')).toMatchObject({ modelSize: 'nano' });
    expect(usageErrorOf('--preset', 'main', '--models', 'nano,tiny')).toBe('--models takes several sizes only with --preset scale');
  });

  it('parses each kind of setting: lists, records, pairs, switches; the backend is wasm unless given', () => {
    expect(specOf('--preset', 'clusters', '--counts', '1,3', '--order-seed', '4', '--no-inverted')).toMatchObject({
      counts: [1, 3],
      orderSeed: 4,
      invertedTemplates: false,
      backend: 'wasm',
    });
    expect(specOf('--preset', 'scale', '--lr-by-size', 'nano=2e-3,tiny=5e-4')).toMatchObject({ lrBySize: { nano: 2e-3, tiny: 5e-4 } });
    expect(specOf('--preset', 'instructions', '--instruction-settings', 'no_template:instructions')).toMatchObject({
      settings: [{ tune: 'no_template', eval: 'instructions' }],
    });
    expect(specOf('--preset', 'custom', '--eval-few-shot', '--tune-clusters', 'sentiment', '--backend', 'cpu')).toMatchObject({
      evalFewShot: true,
      tuningClusters: ['sentiment'],
      backend: 'cpu',
    });
    expect(specOf('--preset', 'main', '--pretrain-share', '0')).toMatchObject({ pretrainShare: 0 });
  });

  it('rejects bad values naming the flag, settings of other presets, and values past the link caps', () => {
    expect(usageErrorOf('--preset', 'main', '--heldout', 'astrology')).toMatch(/^Unknown cluster "astrology". Valid: nli/);
    expect(usageErrorOf('--preset', 'main', '--steps', '1.5')).toBe('--steps must be an integer ≥ 1, got "1.5"');
    expect(usageErrorOf('--preset', 'main', '--seeds', '1,-2')).toBe('--seeds must be a comma-separated list of integers ≥ 0, got "1,-2"');
    expect(usageErrorOf('--preset', 'main', '--tune-clusters', 'nli')).toBe('--tune-clusters goes with --preset custom');
    expect(usageErrorOf('--preset', 'main', '--counts', '1')).toBe('--counts goes with --preset clusters');
    expect(usageErrorOf('--preset', 'scale', '--lr-by-size', 'huge=1')).toMatch(/^Unknown model size "huge"/);
    expect(usageErrorOf('--preset', 'main', '--backend', 'webgpu')).toMatch(/^Unknown backend "webgpu". Valid: wasm, cpu/);
    expect(usageErrorOf('--preset', 'main', '--steps', '1000000')).toMatch(/steps: tuning steps must be at most 100,000/);
  });

  it('a spec made from flags survives its share link unchanged', () => {
    const spec = specOf('--preset', 'clusters', '--heldout', 'nli', '--counts', '1,2', '--seeds', '4', '--steps', '50', '--no-instruction-variants');
    const decoded = decodeSettings('clusters', encodeSettings(spec), []);
    expect(decoded).toEqual({ ok: true, spec });
  });
});

describe('usage text is generated from the flag tables', () => {
  it('lists every flag of every command', async () => {
    for (const [name, load] of Object.entries(COMMANDS)) {
      const command: CommandUsage = await load();
      const text = usageOf(name, command);
      expect(text, name).toContain(`tinyflan ${name}`);
      for (const flag of Object.keys(command.flags ?? {})) expect(text, `${name} --${flag}`).toMatch(new RegExp(`^  --${flag}\\b`, 'm'));
    }
    const experiment = usageOf('experiment', await COMMANDS.experiment());
    for (const s of SHARE_SETTINGS) expect(experiment).toContain(`--${s.text.flag}`);
  });
});
