/**
 * Pretraining text mixed into the tuning mixture (OPT-IML, Iyer et al. 2022): a share of the rows are
 * plain corpus documents, trained on every token, so instruction tuning does not wash out what
 * pretraining taught (the v1 audit saw a latent review skill fall from 100% to 71% after tuning).
 */
import { rngFor } from '../rng';
import type { MixtureExample } from '../tasks';
import { pretrainDocuments } from './base-models';

/** Documents short enough for one 128-token row with room to spare (~3.4 characters per token). */
const MAX_DOC_CHARS = 340;

export function withPretrainText(mixture: MixtureExample[], share: number, seed: number, worldSeed: number): MixtureExample[] {
  if (!(share > 0) || mixture.length === 0) return mixture;
  const wanted = Math.round((share / (1 - share)) * mixture.length);
  // A corpus seed no base model was pretrained on: the same world, new wordings and draws.
  const docs = pretrainDocuments(worldSeed, 50_000 + seed, Math.max(200_000, wanted * 250)).filter((d) => d.length <= MAX_DOC_CHARS);
  const rng = rngFor(seed, 'mixture/pretrain-text');
  const rows: MixtureExample[] = Array.from({ length: Math.min(wanted, docs.length) }, (_, i) => ({
    // The input is empty: the loss covers the whole document, as in pretraining.
    input: '',
    target: docs[i],
    dataset: 'pretraining_text',
    cluster: 'misc',
    templateId: 'pretraining_text',
  }));
  const out = [...mixture];
  for (const row of rows) out.splice(rng.int(out.length + 1), 0, row);
  return out;
}
