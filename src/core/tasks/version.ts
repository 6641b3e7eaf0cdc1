/**
 * Versions of the world: the pretraining text and the suite that goes with it. Checkpoints and results
 * record which one they used.
 * 1: the v1 genres only, no task in natural text.
 * 2: adds the suite's tasks in natural text (natural/genres.ts) and everyday notes and lists.
 * 3: the 2-way verification datasets answered with a restatement (datasets/restated.ts), in the suite
 *    and so in the corpus's natural-task documents. The default since nano, micro and tiny were pretrained on it
 *    (small and base are still v1 checkpoints: see public/models/manifest.json).
 * 4: v3's suite; the corpus adds ballots (natural/ballots.ts): natural-task documents that list a
 *    classification item's options, shuffled, before its answer, in several frames. A design step under
 *    test (docs/WORLD-DESIGN.md), not the default: no shipped model is pretrained on it.
 */
export type WorldVersion = 1 | 2 | 3 | 4;
export const WORLD_VERSION: WorldVersion = 3;
export const WORLD_VERSIONS: readonly WorldVersion[] = [1, 2, 3, 4];

/** A recorded world version (a checkpoint's info, a manifest entry): files made before v2 record none, so v1. */
export function recordedWorldVersion(value: unknown): WorldVersion {
  return WORLD_VERSIONS.find((v) => v === value) ?? 1;
}
