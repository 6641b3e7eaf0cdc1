/**
 * `tinyflan export mixture --heldout nli[,commonsense] --format jsonl --out mix.jsonl [--seed 1]
 *   [--max-examples N] [--shots K] [--mode instructions|no_template|dataset_name] [--no-options]
 *   [--exclude-datasets sst2_like,...] [--template-file F] [--no-instruction-variants] [--world-version 1|2|3]`
 * --template-file: a JSON array of templates that replace the built-in ones of the datasets they name.
 * Writes one JSON line per rendered example: {inputs, targets, task, cluster, template_id}.
 */
import { writeFileSync } from 'node:fs';
import { parseFlags, UsageError, type Flags } from '../args';
import { clustersFlag, outFlag, seedFlag, templateFileFlag, text, toggle, worldVersionFlag } from '../flags';
import { readTemplateFile } from '../template-file';
import { CLUSTERS, WORLD_VERSION, WORLD_VERSIONS, buildMixture, type ClusterName, type RenderMode, type WorldVersion } from '../../src/core/tasks/index';
import { PRETRAIN_RECIPES, pretrainDocuments } from '../../src/core/experiments/base-models';
import { DEFAULT_WORLD_SEED } from '../../src/core/experiments/lab';

export const summary = 'export a rendered tuning mixture (jsonl), or the pretraining corpus';
export const operands = 'mixture|corpus';

export const flags = {
  heldout: clustersFlag('mixture: clusters held out (required)'),
  format: text('jsonl', 'mixture: output format (default jsonl)'),
  out: outFlag('file to write (required)'),
  seed: seedFlag(1),
  'max-examples': text('N', 'mixture: examples per dataset at most'),
  shots: text('K', 'mixture: exemplars per prompt (default 0)'),
  mode: text('instructions|no_template|dataset_name', 'mixture: how examples are rendered (default instructions)'),
  clusters: clustersFlag('mixture: only these tuning clusters'),
  'exclude-datasets': text('x,y', 'mixture: leave these datasets out'),
  'template-file': templateFileFlag,
  size: text('<size>', 'corpus: the model size whose recipe sets the corpus length (default tiny)'),
  'world-version': worldVersionFlag,
  'no-options': toggle('mixture: leave the answer options out of the prompts'),
  'no-instruction-variants': toggle('mixture: canonical instructions only (no seeded rewording)'),
} satisfies Flags;

/** Parsed command line: positionals and flags by name (`true` for boolean flags). */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** The CLI's shared strict parser (cli/args.ts) in this shape; an error message instead of a throw. */
export function parseArgs(args: string[], table: Flags): ParsedArgs | string {
  try {
    const { values, positionals } = parseFlags(args, table);
    const flags = new Map<string, string | true>();
    for (const [name, v] of Object.entries(values)) if (v !== undefined && v !== false) flags.set(name, v as string | true);
    return { positional: positionals, flags };
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
}

/**
 * `export corpus --out F [--seed S] [--size tiny] [--world-version 1|2|3]`: the pretraining text exactly as
 * the base models saw it (pretrainDocuments with the size's recipe), documents separated by a blank line —
 * the format `tinyflan train --corpus` and scale/train.py --text read.
 */
function exportCorpus(parsed: ParsedArgs): number {
  const out = parsed.flags.get('out');
  if (typeof out !== 'string') return fail('export corpus needs --out <file>');
  const seed = Number(parsed.flags.get('seed') ?? 1);
  const size = String(parsed.flags.get('size') ?? 'tiny');
  const version = worldVersionFlagOf(parsed);
  if (!Number.isInteger(seed)) return fail('--seed must be an integer');
  if (!(size in PRETRAIN_RECIPES)) return fail(`unknown --size "${size}"; valid: ${Object.keys(PRETRAIN_RECIPES).join(', ')}`);
  if (version === null) return fail(WORLD_VERSION_USAGE);
  const docs = pretrainDocuments(DEFAULT_WORLD_SEED, seed, PRETRAIN_RECIPES[size as keyof typeof PRETRAIN_RECIPES].corpusChars, version);
  writeFileSync(out, docs.join('\n\n') + '\n');
  process.stderr.write(`wrote ${out}: ${docs.length} documents, world v${version}, corpus seed ${seed} (the ${size} recipe)\n`);
  return 0;
}

const MODES: RenderMode[] = ['instructions', 'no_template', 'dataset_name'];
const WORLD_VERSION_USAGE = `--world-version must be one of ${WORLD_VERSIONS.join(', ')}`;

/** --world-version (default the current one); null when it names no version. */
function worldVersionFlagOf(parsed: ParsedArgs): WorldVersion | null {
  const version = Number(parsed.flags.get('world-version') ?? WORLD_VERSION);
  return WORLD_VERSIONS.find((v) => v === version) ?? null;
}

function fail(message: string): number {
  process.stderr.write(`tinyflan export: ${message}\n`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, flags);
  if (typeof parsed === 'string') return fail(parsed);
  const [what] = parsed.positional;
  if (what === 'corpus') return exportCorpus(parsed);
  if (what !== 'mixture') return fail(`unknown export "${what ?? ''}"; valid: mixture, corpus`);
  const clusterList = (flag: string): ClusterName[] | string => {
    const v = parsed.flags.get(flag);
    if (v === undefined || v === true) return [];
    const names = v.split(',').filter(Boolean);
    const bad = names.filter((n) => !(CLUSTERS as readonly string[]).includes(n));
    return bad.length ? `unknown cluster(s) ${bad.join(', ')}; valid clusters: ${CLUSTERS.join(', ')}` : (names as ClusterName[]);
  };
  const heldOut = clusterList('heldout');
  if (typeof heldOut === 'string') return fail(heldOut);
  const clusters = clusterList('clusters');
  if (typeof clusters === 'string') return fail(clusters);
  const format = parsed.flags.get('format') ?? 'jsonl';
  if (format !== 'jsonl') return fail(`unknown format "${String(format)}"; valid formats: jsonl`);
  const mode = (parsed.flags.get('mode') ?? 'instructions') as RenderMode;
  if (!MODES.includes(mode)) return fail(`unknown mode "${String(mode)}"; valid modes: ${MODES.join(', ')}`);
  const ints: Record<string, number | undefined> = {};
  for (const f of ['seed', 'max-examples', 'shots']) {
    const v = parsed.flags.get(f);
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) return fail(`--${f} must be a non-negative integer`);
    ints[f] = n;
  }
  const worldVersion = worldVersionFlagOf(parsed);
  if (worldVersion === null) return fail(WORLD_VERSION_USAGE);
  const excludeFlag = parsed.flags.get('exclude-datasets');
  const excludeDatasets = typeof excludeFlag === 'string' ? excludeFlag.split(',').filter(Boolean) : [];
  const templateFile = parsed.flags.get('template-file');
  let mixture;
  try {
    const templates = typeof templateFile === 'string' ? readTemplateFile(templateFile) : undefined;
    mixture = buildMixture({
      templates,
      seed: ints.seed ?? 1,
      excludeDatasets,
      heldOut,
      clusters: clusters.length ? clusters : undefined,
      size: ints['max-examples'],
      shots: ints.shots ?? 0,
      mode,
      withOptions: !parsed.flags.has('no-options'),
      paraphraseInstructions: !parsed.flags.has('no-instruction-variants'),
      worldVersion,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  const lines = mixture.map((m) => JSON.stringify({ inputs: m.input, targets: m.target, task: m.dataset, cluster: m.cluster, template_id: m.templateId }));
  const text = lines.join('\n') + (lines.length ? '\n' : '');
  const out = parsed.flags.get('out');
  if (typeof out === 'string') writeFileSync(out, text);
  else process.stdout.write(text);
  if (typeof out === 'string') process.stderr.write(`wrote ${lines.length} examples to ${out}\n`);
  return 0;
}
