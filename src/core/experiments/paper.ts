/**
 * The FLAN paper's numbers (Wei et al., ICLR 2022, arXiv 2109.01652 v5), as transcribed in
 * /work/shared/reference/flan.md, for overlays in plots and tables. Values are accuracy in
 * percent. `approximate: true` marks figures the reference flags (?) as read from secondary
 * notes. These are 137B-parameter results: TinyFLAN compares shapes, not levels.
 */
import type { ClusterName } from './names';
import type { EvalRender, TuneRender } from './spec';

export interface PaperHeadline {
  gpt3ZeroShot: number;
  gpt3FewShot: number;
  flanZeroShot: number;
}

/** Figure 1: zero-shot FLAN 137B vs GPT-3 175B, per held-out cluster. */
export const PAPER_HEADLINE: Partial<Record<ClusterName, PaperHeadline>> = {
  nli: { gpt3ZeroShot: 42.9, gpt3FewShot: 53.2, flanZeroShot: 56.2 },
  reading_comprehension: { gpt3ZeroShot: 63.7, gpt3FewShot: 72.6, flanZeroShot: 77.4 },
  closed_book_qa: { gpt3ZeroShot: 49.8, gpt3FewShot: 55.7, flanZeroShot: 56.6 },
};

/** §4.2 / Figure 4: mean held-out accuracy vs number of tuning clusters. */
export const PAPER_CLUSTERS_CURVE = {
  heldOut: ['nli', 'closed_book_qa', 'commonsense'] as ClusterName[],
  /** The cluster added at each point (the 7th, conversational QA, is TinyFLAN's 'misc'). */
  order: ['summarization', 'translation', 'reading_comprehension', 'sentiment', 'struct_to_text', 'coreference', 'misc'] as ClusterName[],
  /** accuracy[i] is the mean held-out accuracy with i + 1 tuning clusters. */
  accuracy: [49.9, 55.0, 59.3, 59.2, 60.8, 61.9, 63.5],
  approximate: true,
} as const;

/** §4.3 / Figure 5: role of instructions, mean held-out accuracy. */
export const PAPER_INSTRUCTIONS: readonly { tune: TuneRender; eval: EvalRender; accuracy: number; approximate: boolean }[] = [
  { tune: 'instructions', eval: 'instructions', accuracy: 55.2, approximate: true },
  { tune: 'no_template', eval: 'instructions', accuracy: 37.3, approximate: true },
  { tune: 'dataset_name', eval: 'instructions', accuracy: 46.6, approximate: true },
  { tune: 'dataset_name', eval: 'dataset_name', accuracy: 47.0, approximate: true },
];

/** §4.2 / Figure 6: the paper prints no values, only the shape. */
export const PAPER_SCALE = {
  sizes: ['422M', '2B', '8B', '68B', '137B'],
  finding: 'instruction tuning hurts held-out accuracy at 8B and below and helps at 68B and 137B',
} as const;

/** Qualitative findings the few-shot and templates experiments are compared against. */
export const PAPER_FINDINGS = {
  fewshot: 'few-shot exemplars improve every cluster and shrink the spread across templates (§4.4)',
  templates: 'more templates per dataset help little; more datasets per cluster help more (appendix B)',
  completionTasks: 'little or no gain on completion-style tasks (commonsense, coreference): FLAN beats LaMDA-PT on 3 of 7',
} as const;

/** The paper's tuning recipe, for reference next to TinyFLAN's defaults. */
export const PAPER_RECIPE = {
  steps: 30_000,
  batchTokens: 8_192,
  optimizer: 'Adafactor',
  lr: 3e-5,
  inputTokens: 1024,
  targetTokens: 256,
  maxExamplesPerDataset: 30_000,
  mixingCap: 3_000,
  templatesPerDataset: 10,
} as const;
