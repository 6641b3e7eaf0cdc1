/**
 * The registry of experiment presets: one file per preset (its schema, runs, table and figure), listed
 * here once. A new preset is a new file plus its entry below; nothing else switches on preset names.
 */
import { z } from 'zod';
import type { RunSpec } from '../spec';
import type { Figure } from '../figure';
import { clusters, ClustersSpecSchema } from './clusters';
import type { PresetDefinition, ResultsOf } from './common';
import { custom, CustomSpecSchema } from './custom';
import { fewshot, FewshotSpecSchema } from './fewshot';
import { instructions, InstructionsSpecSchema } from './instructions';
import { main, MainSpecSchema } from './main';
import { scale, ScaleSpecSchema } from './scale';
import { templates, TemplatesSpecSchema } from './templates';

export const PresetSpecSchema = z.discriminatedUnion('preset', [
  MainSpecSchema,
  ClustersSpecSchema,
  ScaleSpecSchema,
  InstructionsSpecSchema,
  TemplatesSpecSchema,
  FewshotSpecSchema,
  CustomSpecSchema,
]);
export type PresetSpec = z.infer<typeof PresetSpecSchema>;
export type PresetName = PresetSpec['preset'];
export type SpecOf<P extends PresetName> = Extract<PresetSpec, { preset: P }>;

export const PRESETS: { readonly [P in PresetName]: PresetDefinition<SpecOf<P>> } = { main, clusters, scale, instructions, templates, fewshot, custom };
/** Experiment presets in the order the Setup picker lists them (the registry's order). */
export const PRESET_NAMES = Object.keys(PRESETS) as readonly PresetName[];

/**
 * The definition of a spec's preset. TypeScript cannot tie `PRESETS[spec.preset]` to `spec`'s own type,
 * so the one cast of the dispatch lives here: each definition is typed against its own spec above.
 */
export function presetOf(preset: PresetName): PresetDefinition<PresetSpec> {
  return PRESETS[preset] as unknown as PresetDefinition<PresetSpec>;
}

/** A full spec for a preset: the defaults, overridden by `overrides`, validated. */
export function makeSpec<P extends PresetName>(preset: P, overrides: Partial<Omit<SpecOf<P>, 'preset'>> = {}): SpecOf<P> {
  return PresetSpecSchema.parse({ ...overrides, preset }) as SpecOf<P>;
}

/** The runs of a spec, deduplicated by id, in a stable order (seed-major). */
export function expandRuns(spec: PresetSpec): RunSpec[] {
  const runs = spec.seeds.flatMap((seed) => presetOf(spec.preset).expand(spec, seed));
  const seen = new Set<string>();
  return runs.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/** The markdown table of a results file, in its preset's layout. */
export function presetTable(results: ResultsOf<PresetSpec>): string {
  return presetOf(results.spec.preset).table(results);
}

/** The figure of a results file, in its preset's layout: what the SVG and the screen both draw. */
export function figureOf(results: ResultsOf<PresetSpec>): Figure {
  return presetOf(results.spec.preset).figure(results);
}

export type { PresetDefinition, ResultsOf, HeldOutForm } from './common';
export { BUDGET_FIELDS } from './common';
export { PAPER_CLUSTER_ORDER } from './clusters';
export { MainSpecSchema, ClustersSpecSchema, ScaleSpecSchema, InstructionsSpecSchema, TemplatesSpecSchema, FewshotSpecSchema, CustomSpecSchema };
export { CustomSpecFields } from './custom';
export type { InstructionSetting } from './instructions';
