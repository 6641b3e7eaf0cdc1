/**
 * The latent probe: does the base model already have a cluster's skill before any instruction tuning?
 * Each classification item is asked in natural words (the corpus's own views of the task) but in a frame
 * the corpus never writes ("... My guess:"), and scored by rank classification over its options.
 * Items about the "known half" of the people (whose tasks the corpus shows) and about the other half
 * (reached only by generalisation) are kept apart as two template ids.
 */
import { rngFor } from '../rng';
import type { RenderedItem } from '../eval/evaluate';
import { knownHalf } from '../tasks/natural/genres';
import { NATURAL_VIEWS, probePrompt } from '../tasks/natural/views';
import type { Dataset } from '../tasks/suite';
import type { Split } from '../tasks/types';
import type { World } from '../tasks/world/world';

export const PROBE_KNOWN = 'probe_known_half';
export const PROBE_UNSEEN = 'probe_other_half';

export function probeItems(world: World, d: Dataset, split: Split, n: number, seed: number): RenderedItem[] {
  if (d.kind !== 'classification' || !NATURAL_VIEWS[d.name]) return [];
  const known = knownHalf(world);
  const others = world.people.map((p) => p.name).filter((name) => !known.has(name));
  const rng = rngFor(seed, `probe/${d.name}`);
  return d.examples(split, n, seed).map((ex) => {
    const text = Object.values(ex.fields).join(' ') + ' ' + ex.answer;
    const view = NATURAL_VIEWS[d.name](ex.fields, rng, ex);
    return {
      input: probePrompt(view),
      target: ex.answer,
      options: [...(ex.options ?? [])],
      dataset: d.name,
      templateId: others.some((name) => text.includes(name)) ? PROBE_UNSEEN : PROBE_KNOWN,
    };
  });
}
