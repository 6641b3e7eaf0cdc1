/**
 * What a preset's finding compares (src/ui/results/finding.ts draws and words it): the question, the
 * baseline and the treatment, one row per comparison (which runs are base and which treated), and the
 * words of its one-sentence answer. Each preset file gives its own; this file holds the shared shapes.
 */
import type { Value } from '../figure';
import { clusterLabel, shortClusterLabel, type ClusterName } from '../names';
import { renderLabel, type EvalRender, type RunSpec } from '../spec';

export type Side = (run: RunSpec) => 'base' | 'tuned' | null;

export interface FindingRowSpec {
  label: string;
  /** The label on a crowded axis (at most 14 characters for clusters); default: the label. */
  short?: string;
  side: Side;
  /** The score compared; default: the mean over the run's held-out clusters. */
  value?: Value;
  /** The clusters whose chance level the row shows. */
  clusters: readonly ClusterName[];
}

export interface Wording {
  actor: string;
  up: string;
  down: string;
  flat: string;
  subject: (label: string) => string;
  noun: string;
}

export interface FindingLayout {
  question: string;
  xLabel: string;
  baseName: string;
  treatedName: string;
  rows: FindingRowSpec[];
  wording: Wording;
}

export const TUNING: Omit<Wording, 'subject' | 'noun'> = { actor: 'Instruction tuning', up: 'raised', down: 'lowered', flat: 'had no clear effect on' };
/** Short names of prompt formats, for a crowded axis. */
export const RENDER_ABBR: Record<string, string> = { instructions: 'instr.', no_template: 'no tmpl', dataset_name: 'name', gpt3_prompt: 'GPT-3' };
const NAMES: Record<string, string> = { nli: 'NLI', closed_book_qa: 'closed-book QA' };
/** A cluster's name in a sentence: "NLI", "closed-book QA", "reading comprehension". */
export const clusterName = (c: string) => NAMES[c] ?? clusterLabel(c);

/**
 * Tuned vs base zero-shot per held-out cluster, with the same prompt style (main, fewshot, custom). `separately`:
 * each cluster has its own runs (main, fewshot); otherwise every run evaluates all of them (custom).
 */
export function perClusterFinding(clusters: readonly ClusterName[], baseRender: EvalRender, separately: boolean): FindingLayout {
  const rows = clusters.map((c): FindingRowSpec => ({
    label: clusterName(c),
    short: shortClusterLabel(c),
    clusters: [c],
    side: (r) => (r.eval.k !== 0 || (separately && r.heldOut[0] !== c) ? null : r.tune ? 'tuned' : r.eval.render === baseRender ? 'base' : null),
    value: (d) => d.result.perCluster[c],
  }));
  return {
    question: 'Does instruction tuning help on task clusters the model never saw?',
    xLabel: 'Held-out cluster',
    baseName: `base 0-shot (${renderLabel(baseRender)})`,
    treatedName: 'tuned 0-shot',
    rows,
    wording: { ...TUNING, subject: (l) => `held-out ${l}`, noun: 'held-out clusters' },
  };
}
