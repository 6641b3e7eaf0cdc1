import { describe, expect, it } from 'vitest';
import { expandRuns, makeSpec } from '../../core/experiments/presets';
import { estimateSeconds, heldOutOf, switchPreset, withHeldOut } from './specFields';

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
