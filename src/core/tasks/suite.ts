/**
 * The suite: datasets bound to one seeded world, with deterministic, disjoint splits.
 * Split membership is a pure function of an example's key (hash → train 80% / validation 10% / test 10%),
 * so the same item can never appear in two splits, whatever seeds or sizes are asked for.
 */
import { hash32, hashString, rngFor } from '../rng';
import { datasetSpecsFor } from './datasets/index';
import { WORLD_VERSION, type WorldVersion } from './version';
import { REAL_DATA_SPECS, loadRealDataTemplates } from './real-data/index';
import { loadTemplates } from './templates/load';
import { CLUSTERS, type ClusterName, type DatasetSpec, type Example, type Split, type Template } from './types';
import { generateWorld, type World } from './world/world';

export interface Dataset extends DatasetSpec {
  templates: Template[];
  /** Up to n distinct examples of a split (fewer when the dataset's item space is small). */
  examples(split: Split, n: number, seed?: number): Example[];
}

export interface Suite {
  seed: number;
  world: World;
  datasets: Dataset[];
  clusters: { name: ClusterName; datasets: Dataset[] }[];
  dataset(name: string): Dataset | undefined;
}

/** Nominal split sizes; the suite reports how many distinct examples each split really yields. */
export const SPLIT_SIZES: Record<Split, number> = { train: 2000, validation: 200, test: 300 };

/** Largest share one answer may take in a classification split. */
export const BALANCE_CAP = 0.55;

/** Example lists kept per dataset (split × seed): train, validation and test of two seeds. */
const MAX_CACHED_LISTS = 6;

export function splitOfKey(key: string): Split {
  // FNV's low bits are weak (bit 0 is a parity of the text); hash32 mixes them before bucketing.
  const bucket = hash32(hashString(key)) % 10;
  return bucket < 8 ? 'train' : bucket === 8 ? 'validation' : 'test';
}

function bindDataset(spec: DatasetSpec, world: World, suiteSeed: number, templates: Template[]): Dataset {
  const cache = new Map<string, Example[]>();
  return {
    ...spec,
    templates,
    examples(split, n, seed = suiteSeed) {
      const id = `${split}/${seed}`;
      const have = cache.get(id);
      if (have && (have.length >= n || (have as Example[] & { exhausted?: boolean }).exhausted)) return have.slice(0, n);
      // One stream per split: asking for more examples extends, never reshuffles, the list.
      const rng = rngFor(seed, `${spec.name}/${split}`);
      const out: Example[] = [];
      const seen = new Set<string>();
      const perAnswer = new Map<string, number>();
      let misses = 0;
      const maxMisses = 50 * n + 500;
      while (out.length < n && misses < maxMisses) {
        const ex = spec.make(world, rng);
        if (splitOfKey(ex.key) !== split || seen.has(ex.key)) {
          misses++;
          continue;
        }
        // Keep classes balanced even when dedupe exhausts one class's item space first.
        // A restated verification item (v3) has an answer string of its own; its class is meta.label.
        const cls = typeof ex.meta?.label === 'string' ? ex.meta.label : ex.answer;
        const count = perAnswer.get(cls) ?? 0;
        if (spec.kind === 'classification' && count + 1 > Math.max(3, Math.ceil(BALANCE_CAP * (out.length + 1)))) {
          misses++;
          continue;
        }
        perAnswer.set(cls, count + 1);
        seen.add(ex.key);
        out.push(ex);
      }
      const exhausted = out.length < n;
      cache.set(id, Object.assign(out, { exhausted }));
      // Bounded: a sweep over many seeds used to keep every seed's examples (the worker's heap grew ~18 MB
      // per seed). The oldest split/seed lists go first; they are recomputed identically if asked again.
      while (cache.size > MAX_CACHED_LISTS) cache.delete(cache.keys().next().value!);
      return out.slice(0, n);
    },
  };
}

/** Suite variants. `realData` (default false) appends the real-data pack's datasets (real-data/index.ts). */
export interface SuiteOptions {
  realData?: boolean;
  /** World version whose datasets to use (default WORLD_VERSION): v3 answers the verification datasets with a restatement. */
  worldVersion?: WorldVersion;
}

const suites = new Map<string, Suite>();

/** Worlds v1 and v2 share one suite (2); v3 has its own. */
function suiteVersionOf(version: WorldVersion): 2 | 3 {
  return version >= 3 ? 3 : 2;
}

/** The whole suite for a world seed (cached per seed and variant). The default variant is unchanged by the options. */
export function getSuite(seed = 1, options: SuiteOptions = {}): Suite {
  const realData = options.realData === true;
  // v1 and v2 share one suite, so a v1 and a v2 caller get the same cached object.
  const suiteVersion = suiteVersionOf(options.worldVersion ?? WORLD_VERSION);
  const cacheKey = `${seed}/${realData ? 'real' : 'base'}/v${suiteVersion}`;
  let suite = suites.get(cacheKey);
  if (suite) return suite;
  // Both variants share one world per seed; the real-data datasets come after the built-in ones.
  const world = realData || suiteVersion !== suiteVersionOf(WORLD_VERSION) ? getSuite(seed).world : generateWorld(seed);
  const templates = realData ? [...loadTemplates(), ...loadRealDataTemplates()] : loadTemplates();
  const base = datasetSpecsFor(suiteVersion);
  const specs = realData ? [...base, ...REAL_DATA_SPECS] : base;
  const datasets = specs.map((spec) =>
    bindDataset(
      spec,
      world,
      seed,
      templates.filter((t) => t.dataset === spec.name),
    ),
  );
  const byName = new Map(datasets.map((d) => [d.name, d]));
  suite = {
    seed,
    world,
    datasets,
    clusters: CLUSTERS.map((name) => ({ name, datasets: datasets.filter((d) => d.cluster === name) })),
    dataset: (name) => byName.get(name),
  };
  suites.set(cacheKey, suite);
  return suite;
}

export function listDatasets(seed = 1, options: SuiteOptions = {}): Dataset[] {
  return getSuite(seed, options).datasets;
}

/** Distinct lower-case words of the world's language: corpus sample, templates and Lumi words. */
export function vocabulary(seed = 1, corpusSample: string[] = []): Set<string> {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
  };
  const suite = getSuite(seed);
  for (const d of suite.datasets) {
    for (const t of d.templates) add(t.input + ' ' + t.target);
    for (const ex of d.examples('train', 50)) add(Object.values(ex.fields).join(' ') + ' ' + ex.answer + ' ' + (ex.options ?? []).join(' '));
  }
  for (const doc of corpusSample) add(doc);
  return words;
}
