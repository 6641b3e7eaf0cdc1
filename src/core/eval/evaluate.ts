/**
 * The evaluator. It never sees a model: it talks to a `Scorer` (log-probs and greedy decoding)
 * and to the caller's token functions, so it runs unchanged against a tfjs model in a worker,
 * a model in the CLI, or a fake in unit tests.
 *
 * Classification items are scored by rank classification over their options (FLAN §2.3, as in
 * lm-evaluation-harness); generation items are decoded greedily and scored by string metrics.
 *
 * Rendering is the caller's: few-shot exemplars are already inside `input`. To pick each
 * dataset's best template on validation, evaluate the validation items too and pass both to
 * aggregate.summariseScores.
 */
import type { PerTemplateMetrics } from './aggregate';
import { corpusBleu, exactMatch, maxOverReferences, rougeL, selectOption, sentenceBleu, softmax, tokenF1 } from './metrics';

export interface Scorer {
  /** Sum of log-probs of each continuation's tokens given its prompt; batched internally. */
  scoreContinuations(items: { prompt: number[]; continuation: number[] }[]): Promise<number[]>;
  /** Greedy decoding; each output stops at EOS (and need not include it). */
  generate(prompts: number[][], maxNewTokens: number): Promise<number[][]>;
}

export interface TextCodec {
  encode(s: string): number[];
  decode(ids: number[]): string;
}

/** One evaluation example after a template has been applied. */
export interface RenderedItem {
  input: string;
  target: string;
  /** Present for classification: the answer space; `target` must be one of them. */
  options?: string[];
  /** Extra acceptable answers for generation (SQuAD-style max over references). */
  references?: string[];
  dataset: string;
  templateId: string;
}

/**
 * acc and acc_norm: rank classification by raw and per-character log-prob. bal_acc: mean recall over the
 * gold classes present, so a constant answer scores 1/K whatever the label balance (the v1 world's base
 * model said "no" to every item and was reported at the share of "no" labels). answer_share: the share
 * of items given the model's most frequent answer (1 = a constant answer). majority_share: the share of
 * the most common gold answer (what a constant answer can reach in accuracy).
 */
export type ClassificationMetric = 'acc' | 'acc_norm' | 'bal_acc' | 'answer_share' | 'majority_share';
export type GenerationMetric = 'exact_match' | 'f1' | 'rouge_l' | 'bleu';
export type MetricName = ClassificationMetric | GenerationMetric;
export const CLASSIFICATION_METRICS: readonly ClassificationMetric[] = ['acc', 'acc_norm', 'bal_acc', 'answer_share', 'majority_share'];
export const GENERATION_METRICS: readonly GenerationMetric[] = ['exact_match', 'f1', 'rouge_l', 'bleu'];

interface RecordBase {
  /** Position of the item in the input list. */
  index: number;
  dataset: string;
  templateId: string;
  input: string;
  target: string;
}

export interface ClassificationRecord extends RecordBase {
  kind: 'classification';
  options: string[];
  goldIndex: number;
  /** Summed continuation log-prob per option. */
  optionScores: number[];
  /** Softmax over optionScores: the model's belief restricted to the options. */
  optionProbs: number[];
  /** Chosen by raw score (acc) and by score per character (acc_norm). */
  chosen: number;
  chosenNorm: number;
  correct: boolean;
  correctNorm: boolean;
}

export interface GenerationRecord extends RecordBase {
  kind: 'generation';
  /** Every acceptable answer: the target first, then any extra references. */
  references: string[];
  prediction: string;
  exactMatch: number;
  f1: number;
  rougeL: number;
  /** Sentence BLEU, for the inspector; the table uses corpus BLEU over the whole group. */
  bleu: number;
}

export type ItemRecord = ClassificationRecord | GenerationRecord;

export interface EvaluateOptions {
  /** Used to decode generations, and to encode when promptIds/continuationIds are not given. */
  codec: TextCodec;
  /** Prompt ids for an input (e.g. BOS + encode(input) + SEP); defaults to codec.encode. */
  promptIds?: (input: string) => number[];
  /** Continuation ids for an option (e.g. encode(option) + EOS); defaults to codec.encode. */
  continuationIds?: (option: string) => number[];
  /** The dataset's main metric, checked against its kind; defaults to acc / exact_match. */
  mainMetric?: (dataset: string) => MetricName | undefined;
  /** Examples per scorer call (all options of these examples go in the same call). */
  batchSize?: number;
  maxNewTokens?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Awaited before every batch: the worker yields there so pause and cancel act within one batch. */
  gate?: () => Promise<void>;
}

export interface EvaluationResult {
  /** One record per input item, in input order. */
  records: ItemRecord[];
  /** dataset -> templateId -> metric -> value in [0, 1]. */
  perTemplate: PerTemplateMetrics;
  /** dataset -> its main metric name. */
  mainMetrics: Record<string, MetricName>;
}

/**
 * Scores every item and returns per-item records (for the inspector) plus per-(dataset,
 * template) metrics. Items of one (dataset, template) group must all be classification or all
 * generation.
 */
export async function evaluate(scorer: Scorer, items: readonly RenderedItem[], options: EvaluateOptions): Promise<EvaluationResult> {
  const promptIds = options.promptIds ?? ((s: string) => options.codec.encode(s));
  const continuationIds = options.continuationIds ?? ((s: string) => options.codec.encode(s));
  const batchSize = Math.max(1, options.batchSize ?? 16);
  const maxNewTokens = options.maxNewTokens ?? 32;
  const records = new Array<ItemRecord>(items.length);
  let done = 0;
  const report = (n: number) => {
    done += n;
    options.onProgress?.(done, items.length);
  };

  const classification: number[] = [];
  const generation: number[] = [];
  items.forEach((item, i) => (item.options ? classification : generation).push(i));

  for (const chunk of chunks(classification, batchSize)) {
    await options.gate?.();
    options.signal?.throwIfAborted();
    // Flatten every option of every example in this chunk into one scorer call.
    const requests: { prompt: number[]; continuation: number[] }[] = [];
    for (const i of chunk) {
      const item = items[i];
      const prompt = promptIds(item.input);
      for (const option of item.options!) {
        const continuation = continuationIds(option);
        if (continuation.length === 0) throw new Error(`item ${i} (${item.dataset}): option "${option}" encodes to no tokens`);
        requests.push({ prompt, continuation });
      }
    }
    const scores = await scorer.scoreContinuations(requests);
    if (scores.length !== requests.length) {
      throw new Error(`scoreContinuations returned ${scores.length} scores for ${requests.length} continuations`);
    }
    let offset = 0;
    for (const i of chunk) {
      const n = items[i].options!.length;
      records[i] = classificationRecord(i, items[i], scores.slice(offset, offset + n));
      offset += n;
    }
    report(chunk.length);
  }

  for (const chunk of chunks(generation, batchSize)) {
    await options.gate?.();
    options.signal?.throwIfAborted();
    const outputs = await scorer.generate(
      chunk.map((i) => promptIds(items[i].input)),
      maxNewTokens,
    );
    if (outputs.length !== chunk.length) throw new Error(`generate returned ${outputs.length} outputs for ${chunk.length} prompts`);
    chunk.forEach((i, k) => (records[i] = generationRecord(i, items[i], options.codec.decode(outputs[k]).trim())));
    report(chunk.length);
  }

  return summarise(records, options.mainMetric);
}

function classificationRecord(index: number, item: RenderedItem, scores: number[]): ClassificationRecord {
  const options = item.options!;
  const goldIndex = options.indexOf(item.target);
  if (goldIndex < 0) {
    throw new Error(`item ${index} (${item.dataset}/${item.templateId}): target "${item.target}" is not among its options`);
  }
  if (scores.some(Number.isNaN)) throw new Error(`item ${index} (${item.dataset}): the scorer returned NaN`);
  const { accIndex, accNormIndex } = selectOption(
    scores,
    options.map((o) => o.length),
  );
  return {
    kind: 'classification',
    index,
    dataset: item.dataset,
    templateId: item.templateId,
    input: item.input,
    target: item.target,
    options,
    goldIndex,
    optionScores: scores,
    optionProbs: softmax(scores),
    chosen: accIndex,
    chosenNorm: accNormIndex,
    correct: accIndex === goldIndex,
    correctNorm: accNormIndex === goldIndex,
  };
}

function generationRecord(index: number, item: RenderedItem, prediction: string): GenerationRecord {
  const refs = referencesOf(item);
  return {
    kind: 'generation',
    index,
    dataset: item.dataset,
    templateId: item.templateId,
    input: item.input,
    target: item.target,
    references: refs,
    prediction,
    exactMatch: maxOverReferences(exactMatch, prediction, refs),
    f1: maxOverReferences(tokenF1, prediction, refs),
    rougeL: maxOverReferences(rougeL, prediction, refs),
    bleu: sentenceBleu(prediction, refs),
  };
}

function referencesOf(item: { target: string; references?: string[] }): string[] {
  return [item.target, ...(item.references ?? [])];
}

/** Groups records by (dataset, template) and averages; BLEU is corpus-level over the group. */
function summarise(records: ItemRecord[], mainMetricOf: ((dataset: string) => MetricName | undefined) | undefined): EvaluationResult {
  const groups = new Map<string, Map<string, ItemRecord[]>>();
  for (const r of records) {
    const byTemplate = groups.get(r.dataset) ?? new Map<string, ItemRecord[]>();
    groups.set(r.dataset, byTemplate);
    const list = byTemplate.get(r.templateId) ?? [];
    byTemplate.set(r.templateId, list);
    list.push(r);
  }

  const perTemplate: PerTemplateMetrics = {};
  const mainMetrics: Record<string, MetricName> = {};
  for (const [dataset, byTemplate] of groups) {
    perTemplate[dataset] = {};
    let kind: ItemRecord['kind'] | null = null;
    for (const [templateId, group] of byTemplate) {
      if (group.some((r) => r.kind !== group[0].kind)) {
        throw new Error(`${dataset}/${templateId} mixes classification and generation items`);
      }
      if (kind !== null && kind !== group[0].kind) throw new Error(`${dataset} mixes classification and generation templates`);
      kind = group[0].kind;
      perTemplate[dataset][templateId] =
        kind === 'classification' ? classificationMetrics(group as ClassificationRecord[]) : generationMetrics(group as GenerationRecord[]);
    }
    const allowed: readonly MetricName[] = kind === 'classification' ? CLASSIFICATION_METRICS : GENERATION_METRICS;
    const declared = mainMetricOf?.(dataset);
    if (declared !== undefined && !allowed.includes(declared)) {
      throw new Error(`dataset ${dataset}: main metric "${declared}" does not apply to ${kind} items`);
    }
    mainMetrics[dataset] = declared ?? allowed[0];
  }
  return { records, perTemplate, mainMetrics };
}

function classificationMetrics(group: ClassificationRecord[]): Record<ClassificationMetric, number> {
  const gold = new Map<string, { n: number; right: number }>();
  const answers = new Map<string, number>();
  for (const r of group) {
    const g = gold.get(r.target) ?? { n: 0, right: 0 };
    g.n++;
    if (r.correct) g.right++;
    gold.set(r.target, g);
    const a = r.options[r.chosen];
    answers.set(a, (answers.get(a) ?? 0) + 1);
  }
  const recalls = [...gold.values()].map((g) => g.right / g.n);
  return {
    acc: group.filter((r) => r.correct).length / group.length,
    acc_norm: group.filter((r) => r.correctNorm).length / group.length,
    bal_acc: recalls.reduce((a, b) => a + b, 0) / recalls.length,
    answer_share: Math.max(...answers.values()) / group.length,
    majority_share: Math.max(...[...gold.values()].map((g) => g.n)) / group.length,
  };
}

function generationMetrics(group: GenerationRecord[]): Record<GenerationMetric, number> {
  const avg = (f: (r: GenerationRecord) => number) => group.reduce((s, r) => s + f(r), 0) / group.length;
  return {
    exact_match: avg((r) => r.exactMatch),
    f1: avg((r) => r.f1),
    rouge_l: avg((r) => r.rougeL),
    // Effective order: tiny-world answers are often under 4 tokens, and a group whose every
    // output is that short would otherwise be capped at 0.1^(1/4) = 0.56 by smoothing alone.
    bleu: corpusBleu(
      group.map((r) => r.prediction),
      group.map((r) => r.references),
      { effectiveOrder: true },
    ).score,
  };
}

function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}
