/**
 * Instruction-tuning mixtures, FLAN-style: held-out clusters removed (with their close relatives),
 * examples-proportional mixing with a per-dataset cap on examples and on mixing rate,
 * a random template per example, zero- or few-shot, with or without the OPTIONS block.
 */
import { rngFor } from '../rng';
import { paraphraseTemplate } from './instruction_variants';
import { render, renderWithoutInstructions } from './render';
import { getSuite, type Dataset } from './suite';
import { CLUSTERS, type ClusterName, type RenderMode, type TemplatesByDataset } from './types';
import type { WorldVersion } from './version';

/** Clusters "too close" to each other in the paper's held-out protocol. */
const TOO_CLOSE: Partial<Record<ClusterName, ClusterName[]>> = {
  nli: ['paraphrase'],
  paraphrase: ['nli'],
  reading_comprehension: ['reading_comprehension_commonsense'],
  commonsense: ['reading_comprehension_commonsense'],
  reading_comprehension_commonsense: ['reading_comprehension', 'commonsense'],
};

/** Evaluating cluster(s) C excludes C and the clusters too close to C from tuning. */
export function excludedClusters(heldOut: string | readonly string[]): ClusterName[] {
  const held = typeof heldOut === 'string' ? [heldOut] : heldOut;
  const unknown = held.filter((c) => !(CLUSTERS as readonly string[]).includes(c));
  if (unknown.length) throw new Error(`unknown cluster "${unknown[0]}". Valid: ${CLUSTERS.join(', ')}`);
  const out = new Set<ClusterName>();
  for (const c of held as readonly ClusterName[]) {
    out.add(c);
    for (const near of TOO_CLOSE[c] ?? []) out.add(near);
  }
  return CLUSTERS.filter((c) => out.has(c));
}

export interface MixtureConfig {
  seed?: number;
  /** World seed of the suite (default 1). */
  worldSeed?: number;
  /** World version of the suite (default WORLD_VERSION); v3 restates the verification datasets' answers. */
  worldVersion?: WorldVersion;
  heldOut?: ClusterName | readonly ClusterName[];
  /**
   * Single datasets kept out of tuning while the rest of their cluster stays in: measures transfer to an
   * unseen dataset of a seen task type (a finer held-out unit than FLAN's clusters).
   */
  excludeDatasets?: readonly string[];
  /** Tuning clusters; default: every cluster not excluded. Excluded ones are removed even if listed. */
  clusters?: readonly ClusterName[];
  templatesPerDataset?: number;
  /** FLAN: 30k. At lab scale: 2000. */
  maxExamplesPerDataset?: number;
  /** FLAN: 3k. Mixing weight = min(examples, rateCap). */
  rateCap?: number;
  /** Number of rendered examples; default = sum of the mixing weights. */
  size?: number;
  /** Exemplars before each query (0 = zero-shot). */
  shots?: number;
  withOptions?: boolean;
  mode?: RenderMode;
  /** User-edited template lists by dataset name (the lab's template editor); replace the defaults. */
  templates?: Readonly<TemplatesByDataset>;
  /** Include inverted templates (default true). */
  inverted?: boolean;
  /**
   * Seeded synonymous rewording of each example's instruction ("Answer the question" / "Reply to the
   * question", optional "Please", ...), default true; pushes distinct tuning instructions past 1,000.
   * Uses its own random stream, so the examples and templates drawn are the same either way.
   * Evaluation renders (render()) always use the canonical templates.
   */
  paraphraseInstructions?: boolean;
}

export interface MixtureExample {
  input: string;
  target: string;
  options?: string[];
  dataset: string;
  cluster: ClusterName;
  templateId: string;
  /** The instruction as shown (template input before fields are filled, after any rewording). */
  instruction?: string;
}

export function tuningDatasets(config: MixtureConfig): Dataset[] {
  const excluded = new Set(excludedClusters(config.heldOut ?? []));
  const clusters = (config.clusters ?? CLUSTERS).filter((c) => !excluded.has(c));
  const all = getSuite(config.worldSeed ?? 1, { worldVersion: config.worldVersion }).datasets;
  const skip = new Set(config.excludeDatasets ?? []);
  const unknown = [...skip].filter((n) => !all.some((d) => d.name === n));
  if (unknown.length) throw new Error(`unknown dataset "${unknown[0]}" (see \`tinyflan suite\`)`);
  return withTemplates(
    all.filter((d) => clusters.includes(d.cluster) && !skip.has(d.name)),
    config.templates,
  );
}

/** A deterministic array of rendered training examples. */
export function buildMixture(config: MixtureConfig = {}): MixtureExample[] {
  const seed = config.seed ?? 1;
  const rng = rngFor(seed, 'mixture');
  const maxExamples = config.maxExamplesPerDataset ?? 2000;
  const rateCap = config.rateCap ?? 300;
  const shots = config.shots ?? 0;
  const mode = config.mode ?? 'instructions';
  const paraphrase = config.paraphraseInstructions ?? true;
  const wordingRng = rngFor(seed, 'mixture/instruction-wording');
  const sources = tuningDatasets(config)
    .map((d) => {
      const examples = d.examples('train', maxExamples, seed);
      const pool = d.templates.filter((t) => config.inverted !== false || !t.inverted);
      const templates = rng.shuffle([...pool]).slice(0, config.templatesPerDataset ?? 10);
      return { d, examples, templates, weight: Math.min(examples.length, rateCap), next: 0, order: rng.shuffle(examples.map((_, i) => i)) };
    })
    .filter((s) => s.examples.length > 0 && (mode !== 'instructions' || s.templates.length > 0));
  const total = sources.reduce((a, s) => a + s.weight, 0);
  const size = config.size ?? total;
  const out: MixtureExample[] = [];
  for (let i = 0; i < size && total > 0; i++) {
    let u = rng.next() * total;
    let s = sources[sources.length - 1];
    for (const x of sources)
      if ((u -= x.weight) < 0) {
        s = x;
        break;
      }
    const ex = s.examples[s.order[s.next++ % s.order.length]];
    const rendered = (e: typeof ex, t?: (typeof s.templates)[number]) =>
      t
        ? render(e, t, { withOptions: config.withOptions })
        : renderWithoutInstructions(e, s.d, mode as Exclude<RenderMode, 'instructions'>, { withOptions: config.withOptions });
    const canonical = mode === 'instructions' ? rng.pick(s.templates) : undefined;
    const template = canonical && paraphrase ? paraphraseTemplate(canonical, wordingRng) : canonical;
    const query = rendered(ex, template);
    let input = query.input;
    if (shots > 0) {
      const shotsText = Array.from({ length: shots }, () => {
        let e = s.examples[rng.int(s.examples.length)];
        if (e === ex && s.examples.length > 1) e = s.examples[(s.examples.indexOf(e) + 1) % s.examples.length];
        const r = rendered(e, template);
        return `${r.input}\n${r.target}`;
      });
      input = [...shotsText, input].join('\n\n');
    }
    out.push({
      input,
      target: query.target,
      ...(query.options ? { options: query.options } : {}),
      dataset: s.d.name,
      cluster: s.d.cluster,
      templateId: template?.id ?? mode,
      ...(template ? { instruction: template.input } : {}),
    });
  }
  return out;
}

/** Datasets with user-edited template lists swapped in (others keep their defaults). */
export function withTemplates(datasets: readonly Dataset[], templates?: Readonly<TemplatesByDataset>): Dataset[] {
  if (!templates) return [...datasets];
  return datasets.map((d) => (templates[d.name] ? { ...d, templates: [...templates[d.name]] } : d));
}
