/**
 * Reading and changing the fields of a PresetSpec that differ in shape between presets (held-out
 * clusters, model sizes), as each preset's file declares them (presets/<name>.ts: `heldOut`, `sizes`,
 * `withHeldOut`), and a rough time estimate for a run list. Pure, unit-tested.
 */
import { tuningClustersFor } from '../../core/experiments/heldout';
import { BUDGET_FIELDS, PresetSpecSchema, presetOf, type PresetName, type PresetSpec } from '../../core/experiments/presets';
import type { ClusterName, ModelSize } from '../../core/experiments/names';
import type { RunSpec } from '../../core/experiments/spec';
import { getSuite } from '../../core/tasks';

/** The held-out clusters, from the field the preset's file names (`heldOutClusters` or `heldOut`). */
export function heldOutOf(spec: PresetSpec): ClusterName[] {
  return (spec as Record<string, unknown>)[presetOf(spec.preset).heldOut.field] as ClusterName[];
}

/** main and fewshot hold each cluster out on its own; the ablations hold the group out together. */
export function heldOutSeparately(spec: PresetSpec): boolean {
  return presetOf(spec.preset).heldOut.separately;
}

export function sizesOf(spec: PresetSpec): ModelSize[] {
  return presetOf(spec.preset).sizes === 'sizes' ? (spec as Extract<PresetSpec, { sizes: ModelSize[] }>).sizes : [spec.modelSize];
}

/**
 * A spec with new held-out clusters, in the preset's held-out field; a preset whose other fields depend on
 * them (the clusters preset's tuning order, a custom run's tuning clusters) adjusts them in its own file.
 */
export function withHeldOut(spec: PresetSpec, clusters: ClusterName[]): PresetSpec {
  const def = presetOf(spec.preset);
  return def.withHeldOut ? def.withHeldOut(spec, clusters) : ({ ...spec, [def.heldOut.field]: clusters } as PresetSpec);
}

/** What a cluster is in a custom run. */
export type CustomRole = 'held' | 'tuned' | 'unused' | 'excluded';

export function customRole(spec: Extract<PresetSpec, { preset: 'custom' }>, cluster: ClusterName): CustomRole {
  if (spec.heldOut.includes(cluster)) return 'held';
  if (spec.tuningClusters.includes(cluster)) return 'tuned';
  return tuningClustersFor(spec.heldOut).includes(cluster) ? 'unused' : 'excluded';
}

/**
 * The custom preset's cluster toggle: tuned on → held out → unused → tuned on. A cluster excluded
 * as too close to a held-out one cannot be tuned on; clicking it holds it out. Throws (with a
 * message for the user) when the change would leave no held-out or no tuning cluster.
 */
export function cycleCustomCluster(spec: Extract<PresetSpec, { preset: 'custom' }>, cluster: ClusterName): PresetSpec {
  switch (customRole(spec, cluster)) {
    case 'tuned':
    case 'excluded': {
      const heldOut = [...spec.heldOut, cluster];
      const allowed = new Set(tuningClustersFor(heldOut));
      const tuningClusters = spec.tuningClusters.filter((c) => c !== cluster && allowed.has(c));
      if (tuningClusters.length === 0) throw new Error('Tune on at least one cluster: holding this one out would leave none.');
      return { ...spec, heldOut, tuningClusters };
    }
    case 'held': {
      const heldOut = spec.heldOut.filter((c) => c !== cluster);
      if (heldOut.length === 0) throw new Error('Hold out at least one cluster: it is what the model is evaluated on.');
      return { ...spec, heldOut };
    }
    case 'unused':
      return { ...spec, tuningClusters: [...spec.tuningClusters, cluster] };
  }
}

export function withSizes(spec: PresetSpec, sizes: ModelSize[]): PresetSpec {
  return presetOf(spec.preset).sizes === 'sizes' ? ({ ...spec, sizes } as PresetSpec) : { ...spec, modelSize: sizes[0] ?? spec.modelSize };
}

/** Switching presets keeps the shared budget settings (steps, lr, seeds…) and takes the new preset's defaults for the rest. */
export function switchPreset(spec: PresetSpec, preset: PresetName): PresetSpec {
  const budget = Object.fromEntries(BUDGET_FIELDS.map((f) => [f, spec[f]]));
  return PresetSpecSchema.parse({ ...budget, preset });
}

/** Rough tokens/s on wasm per size for tuning (measured ballpark on a laptop core); GPUs vary widely. */
const TUNE_TOKENS_PER_SEC: Record<ModelSize, number> = { nano: 40_000, micro: 20_000, tiny: 6_000, small: 1_500, base: 400 };
const TOKENS_PER_EXAMPLE = 60;
const DATASETS_PER_CLUSTER = new Map(getSuite(1).clusters.map((c) => [c.name, c.datasets.length]));

/**
 * The evaluation work of a run in prompt units: held-out datasets × examples × templates, a k-shot prompt
 * counting 1 + k (it is that much longer). Times per unit measured on one run carry over to the next.
 */
export function evalWork(r: RunSpec): number {
  const datasets = r.heldOut.reduce((n, c) => n + (DATASETS_PER_CLUSTER.get(c) ?? 1), 0);
  return datasets * r.eval.examplesPerDataset * r.eval.templatesPerDataset * (1 + r.eval.k);
}

/**
 * Seconds for a run list, within a factor of a few: good enough to tell a minute from an hour. `tokensPerSec`
 * (training tokens/s per size, e.g. measured on this device) replaces the built-in ballpark where given.
 */
export function estimateSeconds(runs: readonly RunSpec[], tokensPerSec: Partial<Record<ModelSize, number>> = {}): number {
  const tuned = new Set<string>();
  let sec = 0;
  for (const r of runs) {
    const tps = tokensPerSec[r.modelSize] ?? TUNE_TOKENS_PER_SEC[r.modelSize];
    if (r.tune && r.tuneId && !tuned.has(r.tuneId)) {
      tuned.add(r.tuneId);
      sec += (r.tune.steps * r.tune.batchSize * TOKENS_PER_EXAMPLE) / tps;
    }
    const items = evalWork(r);
    // Scoring ~3 options forward-only is ~1/3 the cost of a training example; generation is similar.
    sec += (items * TOKENS_PER_EXAMPLE) / (tps * 1.5) + 1;
  }
  return sec;
}

export function formatDuration(sec: number): string {
  if (sec < 90) return `about ${Math.max(1, Math.round(sec))} s`;
  if (sec < 5400) return `about ${Math.round(sec / 60)} min`;
  return `about ${(sec / 3600).toFixed(1)} h`;
}
