/**
 * The lab's fixed ingredients, derived from the world seed: the tokenizer, evaluation items and
 * main metrics. Pure (no tfjs): the runner feeds these to the model functions.
 */
import { trainBpe, type Tokenizer, BOS, EOS } from '../tokenizer/bpe';
import { targetIds } from '../model/batch';
import { generateCorpus, generateWorld, getSuite, render, renderBaseline, renderWithoutInstructions, type Dataset, type Example, type Split } from '../tasks';
import type { MetricName, RenderedItem } from '../eval/evaluate';
import type { EvalSpec } from './spec';

export const LAB_VOCAB = 1024;
export const DEFAULT_WORLD_SEED = 1;

const tokenizers = new Map<number, Tokenizer>();

/**
 * Text the lab's BPE is trained on: a slice of the pretraining corpus plus every template and
 * rendering style of every dataset, so instruction words get their own tokens too.
 */
export function tokenizerTexts(worldSeed = DEFAULT_WORLD_SEED): string[] {
  // Pinned to the v1 corpus and the v2 suite (= v1's): the tokenizer stays byte-identical across world
  // versions, so every shipped checkpoint (v1, v2 or v3) shares it; v1's suite text already gave every
  // template and answer word a token.
  const corpus = generateCorpus(generateWorld(worldSeed), { seed: worldSeed, targetChars: 400_000, version: 1 });
  const suiteText: string[] = [];
  for (const d of getSuite(worldSeed, { worldVersion: 2 }).datasets) {
    const examples = d.examples('train', 8, worldSeed);
    for (const ex of examples) {
      for (const t of d.templates) {
        const r = render(ex, t);
        suiteText.push(r.input, r.target);
      }
      suiteText.push(renderBaseline(ex, d.baseline, d.name).input, renderWithoutInstructions(ex, d, 'dataset_name').input);
    }
  }
  return [...corpus, ...suiteText];
}

/** The lab's tokenizer for a world (deterministic; cached). */
export function labTokenizer(worldSeed = DEFAULT_WORLD_SEED): Tokenizer {
  let tok = tokenizers.get(worldSeed);
  if (!tok) {
    tok = trainBpe(tokenizerTexts(worldSeed), LAB_VOCAB);
    tokenizers.set(worldSeed, tok);
  }
  return tok;
}

/** The metric a dataset is judged by: accuracy for classification, the cluster's usual metric otherwise. */
export function mainMetricOf(dataset: Dataset): MetricName {
  if (dataset.kind === 'classification') return 'acc';
  if (dataset.cluster === 'translation') return 'bleu';
  if (dataset.cluster === 'summarization' || dataset.cluster === 'struct_to_text') return 'rouge_l';
  return 'exact_match';
}

/** Prompt and continuation ids, as in training: [BOS] input | ␠target [EOS]. */
export function promptIds(tok: Tokenizer, input: string): number[] {
  return [BOS, ...tok.encode(input)];
}
export function continuationIds(tok: Tokenizer, target: string): number[] {
  return [...targetIds(tok, target), EOS];
}

/** The evaluation templates of a dataset: its first n regular (not inverted) templates. */
export function evalTemplates(d: Dataset, n: number) {
  return d.templates.filter((t) => !t.inverted).slice(0, n);
}

function renderOne(d: Dataset, ex: Example, how: EvalSpec['render'], templateIndex: number) {
  if (how === 'gpt3_prompt') return { ...renderBaseline(ex, d.baseline, d.name), templateId: 'gpt3_prompt' };
  if (how === 'dataset_name') return { ...renderWithoutInstructions(ex, d, 'dataset_name'), templateId: 'dataset_name' };
  const t = evalTemplates(d, templateIndex + 1)[templateIndex];
  return { ...render(ex, t), templateId: t.id };
}

/**
 * Rendered evaluation items of one dataset and split: the same examples under every template;
 * few-shot prompts get k exemplars from the train split, rendered the same way, before the query.
 */
export function evalItems(d: Dataset, spec: EvalSpec, split: Split, n: number, seed: number): RenderedItem[] {
  const examples = d.examples(split, n, seed);
  const exemplars = spec.k > 0 ? d.examples('train', Math.max(spec.k * 4, 16), seed + 1000) : [];
  const nTemplates = spec.render === 'instructions' ? Math.min(spec.templatesPerDataset, evalTemplates(d, 99).length) : 1;
  const items: RenderedItem[] = [];
  for (let t = 0; t < nTemplates; t++) {
    examples.forEach((ex, i) => {
      const query = renderOne(d, ex, spec.render, t);
      let input = query.input;
      if (spec.k > 0) {
        const shots = Array.from({ length: spec.k }, (_, j) => exemplars[(i * spec.k + j) % exemplars.length]).map((e) => {
          const r = renderOne(d, e, spec.render, t);
          return `${r.input}\n${r.target}`;
        });
        input = [...shots, input].join('\n\n');
      }
      items.push({ input, target: query.target, options: query.options, dataset: d.name, templateId: query.templateId });
    });
  }
  return items;
}
