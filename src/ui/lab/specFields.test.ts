import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, expandRuns, makeSpec } from '../../core/experiments/presets';
import { estimateSeconds, heldOutOf, heldOutSeparately, sizesOf, switchPreset, withHeldOut, withSizes } from './specFields';

describe('specFields', () => {
  it('changes held-out clusters per preset shape and keeps the clusters preset valid', () => {
    const main = withHeldOut(makeSpec('main'), ['sentiment']);
    expect(heldOutOf(main)).toEqual(['sentiment']);
    const clusters = withHeldOut(makeSpec('clusters'), ['summarization']);
    expect(() => expandRuns(clusters)).not.toThrow();
    expect(heldOutOf(clusters)).toEqual(['summarization']);
  });
  it('switches presets keeping the budget, and estimates a positive time', () => {
    const s = switchPreset(makeSpec('main', { steps: 7, seeds: [4] }), 'scale');
    expect(s.preset).toBe('scale');
    expect(s.steps).toBe(7);
    expect(estimateSeconds(expandRuns(s))).toBeGreaterThan(0);
  });
});

describe('specFields from the preset files', () => {
  it('every preset edits its own held-out field and stays expandable', () => {
    for (const preset of PRESET_NAMES) {
      const spec = withHeldOut(makeSpec(preset), ['sentiment']);
      expect(heldOutOf(spec)).toEqual(['sentiment']);
      expect(heldOutSeparately(spec)).toBe(preset === 'main' || preset === 'fewshot');
      expect(() => expandRuns(spec)).not.toThrow();
    }
  });
  it('scale edits its list of sizes, the others their one model size', () => {
    expect(sizesOf(withSizes(makeSpec('scale'), ['nano', 'small']))).toEqual(['nano', 'small']);
    const main = withSizes(makeSpec('main'), ['small', 'nano']);
    expect(sizesOf(main)).toEqual(['small']);
    expect(main.modelSize).toBe('small');
  });
});
