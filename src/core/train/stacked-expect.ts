/**
 * The tests' verdict on stackedAgreement (stacked-check.ts), one for every backend: the unit tests (cpu, wasm)
 * and the Node webgpu check apply the same bounds.
 */
import { expect } from 'vitest';
import type { StackedAgreement } from './stacked-check';

export function expectStackedAgreesWithAlone(r: StackedAgreement): void {
  r.perModel.forEach((m, k) => {
    expect(m.lossDiff, `model ${k} loss`).toBeLessThan(1e-5);
    expect(m.normRelDiff, `model ${k} grad norm`).toBeLessThan(1e-4);
    expect(m.weightDiff, `model ${k} weights`).toBeLessThan(1e-5);
    // the models really differ (different seeds and data), so a mix-up would show
    if (r.perModel.length > 1) expect(m.otherModelDiff).toBeGreaterThan(1e-3);
  });
}
