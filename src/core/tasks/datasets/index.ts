/** Every dataset of the suite, grouped by cluster. Adding a dataset = one entry in a cluster file. */
import type { DatasetSpec } from '../types';
import { NLI_DATASETS } from './nli';
import { READING_DATASETS } from './reading';
import { READING_COMMONSENSE_DATASETS } from './reading_commonsense';
import { CLOSED_BOOK_DATASETS } from './closed_book';
import { COMMONSENSE_DATASETS } from './commonsense';
import { COREFERENCE_DATASETS } from './coreference';
import { SENTIMENT_DATASETS } from './sentiment';
import { PARAPHRASE_DATASETS } from './paraphrase';
import { STRUCT_TO_TEXT_DATASETS } from './struct_to_text';
import { TRANSLATION_DATASETS } from './translation';
import { SUMMARIZATION_DATASETS } from './summarization';
import { MISC_DATASETS } from './misc';
import { RESTATED_SPECS } from './restated';
import type { WorldVersion } from '../version';

export const DATASET_SPECS: readonly DatasetSpec[] = [
  ...NLI_DATASETS,
  ...READING_DATASETS,
  ...READING_COMMONSENSE_DATASETS,
  ...CLOSED_BOOK_DATASETS,
  ...COMMONSENSE_DATASETS,
  ...COREFERENCE_DATASETS,
  ...SENTIMENT_DATASETS,
  ...PARAPHRASE_DATASETS,
  ...STRUCT_TO_TEXT_DATASETS,
  ...TRANSLATION_DATASETS,
  ...SUMMARIZATION_DATASETS,
  ...MISC_DATASETS,
];

/** The suite's specs in a world version: v1 and v2 share one suite; v3 swaps in the restated verification datasets. */
export function datasetSpecsFor(version: WorldVersion): readonly DatasetSpec[] {
  if (version < 3) return DATASET_SPECS;
  const restated = new Map(RESTATED_SPECS.map((s) => [s.name, s]));
  return DATASET_SPECS.map((s) => restated.get(s.name) ?? s);
}
