/**
 * The fixed vocabularies experiments are written in: FLAN's 12 task clusters (in the paper's
 * order) and TinyFLAN's model sizes (ascending). Strings are part of the results file format.
 */

// One source for each list: the clusters are the task suite's, the sizes the model presets'.
export { CLUSTERS, type ClusterName } from '../tasks/types';
export { MODEL_SIZE_NAMES as MODEL_SIZES } from '../model/config';
import { CLUSTERS, type ClusterName } from '../tasks/types';
import type { ModelSizeName } from '../model/config';

export type ModelSize = ModelSizeName;

/** Sorts clusters into FLAN order and drops duplicates, so equal sets have equal arrays. */
export function canonicalClusters(clusters: readonly ClusterName[]): ClusterName[] {
  const set = new Set(clusters);
  return CLUSTERS.filter((c) => set.has(c));
}

/** Human-readable cluster name for tables. */
export function clusterLabel(cluster: string): string {
  return cluster.replace(/_/g, ' ');
}

/** Labels of at most 14 characters, for axes with many clusters (tooltips keep the full name). */
const SHORT_LABELS: Record<string, string> = {
  reading_comprehension: 'reading comp.',
  closed_book_qa: 'closed-book QA',
  reading_comprehension_commonsense: 'RC+commonsense',
  struct_to_text: 'struct→text',
  summarization: 'summarize',
  nli: 'NLI',
};
export function shortClusterLabel(cluster: string): string {
  return SHORT_LABELS[cluster] ?? clusterLabel(cluster);
}
