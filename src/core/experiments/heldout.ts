/**
 * FLAN's held-out rule (§2.2): to evaluate cluster C, tune on every cluster except C and
 * except clusters close enough to C to leak its skill.
 *
 * TODO(lead): src/core/tasks will export excludedClusters(heldOut); point this file at it
 * (re-export) once it lands, so the rule lives in one place.
 */
import { CLUSTERS, canonicalClusters, type ClusterName } from './names';

/** Clusters each cluster drags out of tuning with it when held out (besides itself). */
const NEIGHBOURS: Partial<Record<ClusterName, ClusterName[]>> = {
  nli: ['paraphrase'],
  paraphrase: ['nli'],
  reading_comprehension: ['reading_comprehension_commonsense'],
  commonsense: ['reading_comprehension_commonsense'],
  reading_comprehension_commonsense: ['reading_comprehension', 'commonsense'],
};

/** The held-out clusters plus their neighbours, in FLAN order. */
export function excludedClusters(heldOut: readonly string[]): ClusterName[] {
  const out: ClusterName[] = [];
  for (const name of heldOut) {
    if (!(CLUSTERS as readonly string[]).includes(name)) throw new Error(`unknown cluster "${name}"`);
    const cluster = name as ClusterName;
    out.push(cluster, ...(NEIGHBOURS[cluster] ?? []));
  }
  return canonicalClusters(out);
}

/** Every cluster a model may be tuned on when `heldOut` is evaluated. */
export function tuningClustersFor(heldOut: readonly string[]): ClusterName[] {
  const excluded = new Set(excludedClusters(heldOut));
  return CLUSTERS.filter((c) => !excluded.has(c));
}
