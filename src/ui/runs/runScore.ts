/**
 * A finished run's held-out score for the queue: the mean, over the clusters the run held out, of its
 * per-cluster score (accuracy-style metrics, 0..1), as a percentage. Pure, unit-tested.
 */
import type { RunEntry } from '../../core/experiments/results';

/** Percent (0..100), or null when the run has no result or scored none of its held-out clusters. */
export function heldOutScore(entry: RunEntry): number | null {
  if (entry.status !== 'done' || !entry.result) return null;
  const scores = entry.run.heldOut.flatMap((c) => {
    const v = entry.result!.perCluster[c];
    return v === undefined ? [] : [v];
  });
  return scores.length ? (100 * scores.reduce((a, b) => a + b, 0)) / scores.length : null;
}

/** "held-out 43.8%" */
export function heldOutScoreText(entry: RunEntry): string | null {
  const s = heldOutScore(entry);
  return s === null ? null : `held-out ${s.toFixed(1)}%`;
}
