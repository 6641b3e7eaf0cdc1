/**
 * TinyFLAN task suite — public API.
 *
 *   CLUSTERS                      FLAN's 12 cluster names, in the paper's order.
 *   generateWorld(seed)           the seeded world (people, countries, animals, Lumi toy language).
 *   generateCorpus(world, {seed, targetChars | targetTokens})
 *                                 shuffled plain-text pretraining documents (no instruction wording).
 *   getSuite(seed, {realData?}) / listDatasets(seed, {realData?})
 *                                 datasets bound to the world; Dataset = {name, cluster, kind, fields,
 *                                 templates, baseline, examples(split, n, seed)}; splits are disjoint by key.
 *                                 realData (default false) adds the optional real-data pack's datasets.
 *   loadTemplates() / parseTemplates(json)
 *                                 PromptSource-style templates from templates/<cluster>.json (zod-checked).
 *   render(example, template, {withOptions})           → {input, target, options?}
 *   validateTemplate(template, dataset)                → TemplateError[] (kind + placeholders)
 *   renderBaseline(example, dataset.baseline, name)    GPT-3-style prompt for the untuned baseline.
 *   renderWithoutInstructions(example, dataset, mode)  'no_template' | 'dataset_name' ablations.
 *   excludedClusters(heldOut)     the paper's held-out rule (nli<->paraphrase; rc/commonsense<->rc_commonsense).
 *   buildMixture(config)          deterministic rendered tuning mixture (caps, rate caps, k-shot, options, mode).
 *   optionsBlock(options)         "OPTIONS:\n- a\n- b", FLAN's exact format.
 */
export { CLUSTERS, SPLITS } from './types';
export type { ClusterName, DatasetKind, DatasetSpec, Example, Rendered, RenderMode, Split, Template, TemplatesByDataset } from './types';
export { generateWorld, type World, type Person } from './world/world';
export { TOY_LANGUAGE } from './world/lexicon';
export { generateCorpus, WORLD_VERSION, type CorpusOptions, type WorldVersion } from './corpus';
export { WORLD_VERSIONS, recordedWorldVersion } from './version';
export { getSuite, listDatasets, splitOfKey, vocabulary, SPLIT_SIZES, type Dataset, type Suite, type SuiteOptions } from './suite';
export { loadRealDataPack, REAL_DATA_SPECS, type RealDataPack } from './real-data/index';
export { loadTemplates, parseTemplates, TemplateSchema } from './templates/load';
export { templateIssues, type TemplateIssue } from './template-issues';
export {
  render,
  renderBaseline,
  renderWithoutInstructions,
  validateTemplate,
  optionsBlock,
  placeholdersOf,
  TemplateError,
  type TemplateErrorKind,
  type TemplateTarget,
  type RenderOptions,
} from './render';
export { excludedClusters, buildMixture, tuningDatasets, withTemplates, type MixtureConfig, type MixtureExample } from './mixture';
export { INSTRUCTION_PHRASES } from './instruction_phrases';
