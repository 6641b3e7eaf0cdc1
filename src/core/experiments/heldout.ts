/**
 * FLAN's held-out rule (§2.2): to evaluate cluster C, tune on every cluster except C and except
 * clusters close enough to C to leak its skill. The rule itself lives in src/core/tasks (one place);
 * this adds the complement the experiment presets need.
 */
import { CLUSTERS, excludedClusters, type ClusterName } from '../tasks';

export { excludedClusters };

/** Every cluster a model may be tuned on when `heldOut` is evaluated. */
export function tuningClustersFor(heldOut: readonly string[]): ClusterName[] {
  const excluded = new Set(excludedClusters(heldOut));
  return CLUSTERS.filter((c) => !excluded.has(c));
}
