import { describe, expect, it } from 'vitest';
import { countParams, presetConfig } from './config';
import { fitStepCost, parseStepFits, predictStepMs, referenceFlops, trainingFlopsPerStep } from './step-cost';

describe('step cost', () => {
  it('counts 6 FLOPs per parameter per token (position table left out) plus attention', () => {
    const c = { vocabSize: 100, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 };
    const weights = countParams(c) - 8 * 16;
    expect(trainingFlopsPerStep(c, 3)).toBe(6 * weights * 24 + 12 * 2 * 8 * 16 * 24);
    expect(trainingFlopsPerStep(c, 6)).toBe(2 * trainingFlopsPerStep(c, 3));
    expect(referenceFlops()).toBe(trainingFlopsPerStep(presetConfig('tiny', undefined, 128), 32, 128));
  });

  it('fits the fixed cost and the speed back from measurements on a line', () => {
    // 20 ms fixed, 5 GFLOP/s: ms = 20 + flops / 5e6
    const points = [1e8, 4e8, 9e8].map((flops) => ({ flops, ms: 20 + flops / 5e6 }));
    const fit = fitStepCost('wasm', points)!;
    expect(fit.backend).toBe('wasm');
    expect(fit.overheadMs).toBeCloseTo(20, 6);
    expect(fit.gflops).toBeCloseTo(5, 6);
    expect(fit.points).toBe(3);
    expect(predictStepMs(fit, 2e9)).toBeCloseTo(420, 4);
  });

  it('says nothing from one size, or from a bigger model measured faster', () => {
    expect(fitStepCost('wasm', [{ flops: 1e8, ms: 10 }])).toBeNull();
    expect(
      fitStepCost('wasm', [
        { flops: 1e8, ms: 10 },
        { flops: 1e8, ms: 12 },
      ]),
    ).toBeNull();
    expect(
      fitStepCost('wasm', [
        { flops: 1e8, ms: 30 },
        { flops: 4e8, ms: 20 },
      ]),
    ).toBeNull();
    // noise that puts the intercept below zero: the fixed cost is clamped at 0, never negative
    expect(
      fitStepCost('cpu', [
        { flops: 1e8, ms: 1 },
        { flops: 2e8, ms: 30 },
      ])!.overheadMs,
    ).toBe(0);
  });

  it('keeps only well-formed fits from storage', () => {
    const good = { backend: 'wasm', overheadMs: 3, gflops: 2, points: 2 };
    expect(parseStepFits([good, { ...good, gflops: -1 }, { ...good, points: 1 }, { backend: 4 }, null, 'x'])).toEqual([good]);
    expect(parseStepFits({ backend: 'wasm' })).toEqual([]);
  });
});
