/**
 * Base (pretrained) models: the pretraining recipe per size, the corpus and validation text they see,
 * and the manifest of shipped checkpoints in public/models/. Pure data and text; the CLI and the
 * worker run the training through train/.
 */
import { z } from 'zod';
import { generateCorpus, generateWorld, WORLD_VERSION, type WorldVersion } from '../tasks';
import { documentSequences, packBatch } from '../model/batch';
import type { Batch } from '../model/gpt';
import type { Tokenizer } from '../tokenizer/bpe';
import { MODEL_SIZE_NAMES, type ModelSizeName } from '../model/config';
import { WorldVersionSchema } from './world-version';

export interface PretrainRecipe {
  steps: number;
  batchSize: number;
  lr: number;
  /** Characters of generated corpus (about 3.4 characters per token). */
  corpusChars: number;
}

/**
 * Tokens seen = steps × batch × 128 = 6.1M for every size: each sees the corpus (~1.8M tokens) about 3.5
 * times. `small` and `base` were pretrained on a GPU (scale/gpu_experiments.sh; the manifest records the
 * command and engine): a 2-core CPU trains them at only ~4k and ~1k tokens/s.
 */
export const PRETRAIN_RECIPES: Record<ModelSizeName, PretrainRecipe> = {
  nano: { steps: 3000, batchSize: 16, lr: 3e-3, corpusChars: 6_000_000 },
  micro: { steps: 3000, batchSize: 16, lr: 3e-3, corpusChars: 6_000_000 },
  tiny: { steps: 3000, batchSize: 16, lr: 2e-3, corpusChars: 6_000_000 },
  small: { steps: 3000, batchSize: 16, lr: 1e-3, corpusChars: 6_000_000 },
  base: { steps: 3000, batchSize: 16, lr: 1e-3, corpusChars: 6_000_000 },
};

/**
 * Pretraining documents. v1 flattened every document to one line (so "\n" and list markers were never
 * trained); v2 keeps single line breaks, and only blank lines are removed: they separate documents in
 * the text files the PyTorch twin reads.
 */
export function pretrainDocuments(worldSeed: number, seed: number, chars: number, version: WorldVersion = WORLD_VERSION): string[] {
  const docs = generateCorpus(generateWorld(worldSeed), { seed, targetChars: chars, version });
  return version === 1 ? docs.map((d) => d.replace(/\s*\n\s*/g, ' ')) : docs.map((d) => d.replace(/[ \t]*\n\s*\n\s*/g, '\n').trim());
}

/** Fixed validation batches: documents from a corpus seed no training run uses. */
export function validationBatches(tok: Tokenizer, worldSeed: number, T: number, rows = 64, B = 16, version: WorldVersion = WORLD_VERSION): Batch[] {
  const docs = pretrainDocuments(worldSeed, 999_983, 200_000, version);
  let seqs = docs.flatMap((d) => documentSequences(tok.encode(d), T));
  const out: Batch[] = [];
  while (out.length < rows / B && seqs.length) {
    const { batch, used } = packBatch(seqs, B, T);
    out.push(batch);
    seqs = seqs.slice(used);
  }
  return out;
}

export const ManifestEntrySchema = z.object({
  size: z.enum(MODEL_SIZE_NAMES),
  file: z.string(),
  params: z.number().int().positive(),
  tokensSeen: z.number().int().nonnegative(),
  validationLoss: z.number(),
  /** Backend that computed validationLoss (the test recomputes it there). */
  validationBackend: z.string(),
  command: z.string(),
  seed: z.number().int(),
  worldSeed: z.number().int(),
  /** Pretraining text version (src/core/tasks/corpus.ts); entries written before v2 have none and are v1. */
  worldVersion: WorldVersionSchema.default(1),
  /** Where the weights were trained: 'tfjs-wasm', 'tfjs-cpu', 'pytorch-cpu' (scale/train.py, same model and optimizer). */
  engine: z.string(),
  dtype: z.enum(['F32', 'F16']),
  bytes: z.number().int().positive(),
  wallTimeSec: z.number().nonnegative(),
});
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;
export const ManifestSchema = z.object({ schema: z.literal('tinyflan-models'), version: z.literal(1), models: z.array(ManifestEntrySchema) });
export type Manifest = z.infer<typeof ManifestSchema>;
