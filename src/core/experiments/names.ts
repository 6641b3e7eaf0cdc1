/**
 * The fixed vocabularies experiments are written in: FLAN's 12 task clusters (in the paper's
 * order) and TinyFLAN's model sizes (ascending). Strings are part of the results file format.
 */

export const CLUSTERS = [
  'nli',
  'reading_comprehension',
  'reading_comprehension_commonsense',
  'closed_book_qa',
  'commonsense',
  'coreference',
  'sentiment',
  'paraphrase',
  'struct_to_text',
  'translation',
  'summarization',
  'misc',
] as const;
export type ClusterName = (typeof CLUSTERS)[number];

export const MODEL_SIZES = ['nano', 'micro', 'tiny', 'small', 'base'] as const;
export type ModelSize = (typeof MODEL_SIZES)[number];

/** Sorts clusters into FLAN order and drops duplicates, so equal sets have equal arrays. */
export function canonicalClusters(clusters: readonly ClusterName[]): ClusterName[] {
  const set = new Set(clusters);
  return CLUSTERS.filter((c) => set.has(c));
}

/** Human-readable cluster name for tables. */
export function clusterLabel(cluster: string): string {
  return cluster.replace(/_/g, ' ');
}
