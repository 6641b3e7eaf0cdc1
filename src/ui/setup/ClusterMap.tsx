/**
 * The 12 task clusters as a grid. Clicking a cluster holds it out (it is evaluated, never tuned on);
 * clusters too close to a held-out one (FLAN §2.2, e.g. paraphrase beside NLI) are marked excluded,
 * because tuning on them would leak the held-out skill. For a custom run (`tuning` given) a cluster
 * can also be unused: neither held out nor tuned on.
 */
import { excludedClusters } from '../../core/experiments/heldout';
import { CLUSTERS, clusterLabel, type ClusterName } from '../../core/experiments/names';
import { getSuite } from '../../core/tasks';

const DATASET_COUNT = new Map(getSuite(1).clusters.map((c) => [c.name, c.datasets.length]));

interface Props {
  heldOut: readonly ClusterName[];
  disabled?: boolean;
  onToggle(cluster: ClusterName): void;
  /** Custom runs: the clusters tuned on. Given, allowed clusters not in it show as unused. */
  tuning?: readonly ClusterName[];
}

export function ClusterMap({ heldOut, disabled, onToggle, tuning }: Props) {
  const excluded = new Set(excludedClusters(heldOut));
  return (
    <div className="cluster-map" role="group" aria-label="Held-out clusters" data-testid="cluster-map">
      {CLUSTERS.map((c) => {
        const held = heldOut.includes(c);
        const tooClose = !held && excluded.has(c);
        const unused = !held && !tooClose && tuning !== undefined && !tuning.includes(c);
        const key = held ? 'held' : tooClose ? 'excluded' : unused ? 'unused' : 'tuned';
        const state = held ? 'held out' : tooClose ? 'excluded (too close)' : unused ? 'unused' : 'tuned on';
        return (
          <button
            key={c}
            type="button"
            className={`cluster-cell ${key}`}
            aria-pressed={held}
            disabled={disabled}
            data-testid={`cluster-${c}`}
            data-state={key}
            title={`${clusterLabel(c)}: ${state}`}
            onClick={() => onToggle(c)}
          >
            <span className="cluster-name">{clusterLabel(c)}</span>
            <span className="cluster-state">
              {state} · {DATASET_COUNT.get(c) ?? 0} datasets
            </span>
          </button>
        );
      })}
    </div>
  );
}
