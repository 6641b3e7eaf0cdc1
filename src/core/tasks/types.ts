/** Shared types of the task suite. Kept free of logic so every module (and the UI) can import them cheaply. */
import type { Rng } from '../rng';
import type { World } from './world/world';

/** FLAN's twelve task clusters, in the paper's order. */
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

export type DatasetKind = 'classification' | 'generation';
export type Split = 'train' | 'validation' | 'test';
export const SPLITS: readonly Split[] = ['train', 'validation', 'test'];

/** One example before any template is applied: named fields, the answer and (classification) its options. */
export interface Example {
  /** Named values filled into `{placeholder}`s. */
  fields: Record<string, string>;
  /** Classification only: the option strings in display order; `answer` is one of them. */
  options?: string[];
  answer: string;
  /** Identity of the underlying item; examples with equal keys always land in the same split. */
  key: string;
  /** Structured facts the generator used, for independent checks and debugging; never rendered. */
  meta?: Record<string, unknown>;
}

/** What a dataset module supplies. The suite adds splitting, dedupe and templates around it. */
export interface DatasetSpec {
  name: string;
  cluster: ClusterName;
  kind: DatasetKind;
  /** Placeholder names every example fills (besides `answer` and `options_`). */
  fields: readonly string[];
  description: string;
  /** GPT-3-style continuation prompt for the untuned baseline; the continuation is the answer. */
  baseline: string;
  /** Draw one example. Classification generators choose the label first so classes stay balanced. */
  make(world: World, rng: Rng): Example;
  /**
   * Independent solver: recomputes the answer from the example's fields/meta and the world,
   * by a different route than `make` (parsing text or looking facts up). Used only by tests.
   */
  check(world: World, example: Example): string;
}

/** A PromptSource-style template: data, not code. */
export interface Template {
  id: string;
  dataset: string;
  input: string;
  target: string;
  /** "Turned around": given the answer, produce (part of) the input. */
  inverted?: boolean;
}

/**
 * Template lists by dataset name: a user's edits (only the datasets they changed), or a template file's
 * contents. Readers that only look take `Readonly<TemplatesByDataset>`.
 */
export type TemplatesByDataset = Record<string, Template[]>;

export interface Rendered {
  input: string;
  target: string;
  options?: string[];
}

export type RenderMode = 'instructions' | 'no_template' | 'dataset_name';
