import { describe, expect, it } from 'vitest';
import { formatSpread, median, pairedRatios, parseShapes, quantile, spread, stepsFor } from './bench-stats';

describe('bench statistics', () => {
  it('median and quantiles interpolate between order statistics (numpy default), whatever the input order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([5, 1, 4, 2, 3], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
    expect(quantile([7], 0.9)).toBe(7);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('spread reports n, median, min, max and the quartiles', () => {
    expect(spread([10, 30, 20, 50, 40])).toEqual({ n: 5, median: 30, min: 10, max: 50, q1: 20, q3: 40 });
    expect(spread([]).n).toBe(0);
  });

  it('paired ratios divide rep by rep and drop missing or non-positive pairs', () => {
    expect(pairedRatios([2, 3, null, 8, 5], [4, 6, 1, 0, 10])).toEqual([0.5, 0.5, 0.5]);
    expect(pairedRatios([1, 2], [1])).toEqual([1]);
  });

  it('formats "median (min-max)" and parses BATCHxSEQ shapes', () => {
    expect(formatSpread(spread([0.3, 0.25, 0.31]), 2)).toBe('0.30 (0.25-0.31)');
    expect(formatSpread(spread([]))).toBe('–');
    expect(parseShapes('32x128, 16x64')).toEqual([
      { batch: 32, seqLen: 128 },
      { batch: 16, seqLen: 64 },
    ]);
    expect(() => parseShapes('32*128')).toThrow(/BATCHxSEQLEN/);
    expect(() => parseShapes('4x1')).toThrow();
  });

  it('scales the steps per repetition down by tokens per step, with a floor', () => {
    expect(stepsFor(10, 16, 64)).toBe(10);
    expect(stepsFor(10, 32, 128)).toBe(3);
    expect(stepsFor(2, 32, 128)).toBe(2);
    expect(stepsFor(2, 32, 128, 1)).toBe(1);
  });
});
