/**
 * `tinyflan export mixture --heldout nli[,commonsense] --format jsonl --out mix.jsonl [--seed 1]
 *   [--max-examples N] [--shots K] [--mode instructions|no_template|dataset_name] [--no-options]`
 * Writes one JSON line per rendered example: {inputs, targets, task, cluster, template_id}.
 */
import { writeFileSync } from 'node:fs';
import { CLUSTERS, buildMixture, type ClusterName, type RenderMode } from '../../src/core/tasks/index';

export const summary = 'export a rendered tuning mixture (jsonl)';

/** Minimal strict flag parsing: --name value, --name=value, --flag; unknown flags name the valid ones. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

/** Returns an error message naming the valid flags when an unknown flag appears. */
export function parseArgs(args: string[], valueFlags: string[], boolFlags: string[]): ParsedArgs | string {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const [name, inline] = a.slice(2).split('=', 2);
    if (valueFlags.includes(name)) {
      const v = inline ?? args[++i];
      if (v === undefined) return `flag --${name} needs a value`;
      flags.set(name, v);
    } else if (boolFlags.includes(name)) flags.set(name, true);
    else return `unknown flag --${name}; valid flags: ${[...valueFlags, ...boolFlags].map((f) => `--${f}`).join(', ')}`;
  }
  return { positional, flags };
}

const MODES: RenderMode[] = ['instructions', 'no_template', 'dataset_name'];

function fail(message: string): number {
  process.stderr.write(`tinyflan export: ${message}\n`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ['heldout', 'format', 'out', 'seed', 'max-examples', 'shots', 'mode', 'clusters'], ['no-options']);
  if (typeof parsed === 'string') return fail(parsed);
  const [what] = parsed.positional;
  if (what !== 'mixture') return fail(`unknown export "${what ?? ''}"; valid: mixture`);
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
  const mixture = buildMixture({
    seed: ints.seed ?? 1,
    heldOut,
    clusters: clusters.length ? clusters : undefined,
    size: ints['max-examples'],
    shots: ints.shots ?? 0,
    mode,
    withOptions: !parsed.flags.has('no-options'),
  });
  const lines = mixture.map((m) => JSON.stringify({ inputs: m.input, targets: m.target, task: m.dataset, cluster: m.cluster, template_id: m.templateId }));
  const text = lines.join('\n') + (lines.length ? '\n' : '');
  const out = parsed.flags.get('out');
  if (typeof out === 'string') writeFileSync(out, text);
  else process.stdout.write(text);
  if (typeof out === 'string') process.stderr.write(`wrote ${lines.length} examples to ${out}\n`);
  return 0;
}
