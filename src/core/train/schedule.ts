/** Learning-rate schedule: linear warm-up, then cosine decay to minRatio × peak (docs/MODEL.md). Pure. */
export interface Schedule {
  peakLr: number;
  warmupSteps: number;
  totalSteps: number;
  minRatio?: number;
}

/** Learning rate for update t (t starts at 1). */
export function learningRate(s: Schedule, t: number): number {
  const minRatio = s.minRatio ?? 0.1;
  if (t <= s.warmupSteps) return (s.peakLr * t) / Math.max(1, s.warmupSteps);
  const p = Math.min(1, (t - s.warmupSteps) / Math.max(1, s.totalSteps - s.warmupSteps));
  return s.peakLr * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * p)));
}
