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

export const DATASET_SPECS: readonly DatasetSpec[] = [
  ...NLI_DATASETS, ...READING_DATASETS, ...READING_COMMONSENSE_DATASETS, ...CLOSED_BOOK_DATASETS, ...COMMONSENSE_DATASETS,
  ...COREFERENCE_DATASETS, ...SENTIMENT_DATASETS, ...PARAPHRASE_DATASETS, ...STRUCT_TO_TEXT_DATASETS, ...TRANSLATION_DATASETS,
  ...SUMMARIZATION_DATASETS, ...MISC_DATASETS,
];
