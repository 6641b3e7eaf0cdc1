/**
 * The finding a results view leads with: per row (a held-out cluster, a model size, a mixture …) the gain of
 * the treatment over its baseline — tuned − base zero-shot with the same templates, paired by seed
 * (pairedDifference) — with its 95% interval (Student t over seeds), the chance / majority-class level, and
 * one sentence whose wording follows whether the interval excludes zero. Pure, like chartModel; cells and pairing come from core/experiments/figure.ts.
 */
import { cellOf, heldOutValue, pairedDifference, type Cell, type Value } from '../../core/experiments/figure';
import { clusterLabel, shortClusterLabel, type ClusterName } from '../../core/experiments/names';
import type { Results } from '../../core/experiments/results';
import { renderLabel, type RunSpec } from '../../core/experiments/spec';
import { chanceLevel } from './chance';

export type Verdict = 'raised' | 'lowered' | 'unclear' | 'one-seed' | 'missing';

export interface FindingRow {
  label: string;
  /** The label on a crowded axis (at most 14 characters for clusters). */
  short: string;
  /** Percent, mean ± CI over seeds. */
  base: Cell | null;
  treated: Cell | null;
  /** treated − base in points, paired by seed. */
  gain: Cell | null;
  /** Chance / majority-class level in percent. */
  chance: number | null;
  verdict: Verdict;
}

export interface Finding {
  question: string;
  xLabel: string;
  baseName: string;
  treatedName: string;
  rows: FindingRow[];
  sentence: string;
}

type Side = (run: RunSpec) => 'base' | 'tuned' | null;

interface RowSpec {
  label: string;
  short?: string;
  side: Side;
  value?: Value;
  clusters: readonly ClusterName[];
}

interface Wording {
  actor: string;
  up: string;
  down: string;
  flat: string;
  subject: (label: string) => string;
  noun: string;
}

const TUNING: Omit<Wording, 'subject' | 'noun'> = { actor: 'Instruction tuning', up: 'raised', down: 'lowered', flat: 'had no clear effect on' };
const ABBR: Record<string, string> = { instructions: 'instr.', no_template: 'no tmpl', dataset_name: 'name', gpt3_prompt: 'GPT-3' };
const NAMES: Record<string, string> = { nli: 'NLI', closed_book_qa: 'closed-book QA' };
/** A cluster's name in a sentence: "NLI", "closed-book QA", "reading comprehension". */
export const clusterName = (c: string) => NAMES[c] ?? clusterLabel(c);


function sides(results: Results, side: Side, value: Value): { base: number[]; tuned: number[] } {
  const out = { base: [] as number[], tuned: [] as number[] };
  for (const e of results.runs) {
    if (e.status !== 'done' || !e.result) continue;
    const which = side(e.run);
    const v = which ? value({ run: e.run, result: e.result }) : undefined;
    if (which && v !== undefined && Number.isFinite(v)) out[which].push(v);
  }
  return out;
}

function verdictOf(gain: Cell | null): Verdict {
  if (!gain) return 'missing';
  if (gain.n < 2) return 'one-seed';
  return gain.lo > 0 ? 'raised' : gain.hi < 0 ? 'lowered' : 'unclear';
}

/** "+6.1 ± 2.0", "−0.4 ± 3.1", "+0.0" (one seed). */
export function formatGain(c: Cell): string {
  const m = Math.abs(c.mean) < 0.05 ? 0 : c.mean;
  const sign = m < 0 ? '−' : '+';
  return `${sign}${Math.abs(m).toFixed(1)}${c.n > 1 ? ` ± ${(c.hi - c.mean).toFixed(1)}` : ''}`;
}

function listOf(rows: FindingRow[]): string {
  const shown = rows.slice(0, 3).map((r) => `${r.label} ${formatGain(r.gain!)}`);
  return shown.join(', ') + (rows.length > 3 ? ', …' : '');
}

function seedsText(n: number): string {
  return `${n} seed${n === 1 ? '' : 's'}`;
}

export function sentenceOf(rows: FindingRow[], w: Wording): string {
  const have = rows.filter((r) => r.gain);
  if (have.length === 0) return 'No finished pair of runs to compare yet.';
  const seeds = Math.max(...have.map((r) => r.gain!.n));
  if (have.length === 1) {
    const r = have[0];
    const g = formatGain(r.gain!);
    const subject = w.subject(r.label);
    switch (r.verdict) {
      case 'raised':
        return `${w.actor} ${w.up} ${subject} by ${g} points over ${seedsText(seeds)}.`;
      case 'lowered':
        return `${w.actor} ${w.down} ${subject} by ${g} points over ${seedsText(seeds)}.`;
      case 'unclear':
        return `${w.actor} ${w.flat} ${subject}: ${g} points over ${seedsText(seeds)}.`;
      default:
        return `${w.actor} changed ${subject} by ${g} points on 1 seed; run more seeds to get an interval that can tell an effect from noise.`;
    }
  }
  if (seeds < 2) return `On 1 seed (no interval yet, so no verdict), ${w.actor.toLowerCase()} changed ${w.noun} by: ${have.map((r) => `${r.label} ${formatGain(r.gain!)}`).join(', ')}.`;
  const up = have.filter((r) => r.verdict === 'raised');
  const down = have.filter((r) => r.verdict === 'lowered');
  const flat = have.filter((r) => r.verdict !== 'raised' && r.verdict !== 'lowered');
  const parts: string[] = [];
  if (up.length === 0 && down.length === 0) {
    return `Over ${seedsText(seeds)}, ${w.actor.toLowerCase()} ${w.flat} any of the ${have.length} ${w.noun} (${listOf(flat)}).`;
  }
  parts.push(up.length ? `${w.up} ${up.length} of ${have.length} ${w.noun} (${listOf(up)})` : `${w.up} none of the ${have.length} ${w.noun}`);
  if (down.length) parts.push(`${w.down} ${down.length} (${listOf(down)})`);
  if (flat.length) parts.push(`${w.flat} ${flat.length}`);
  const joined = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `Over ${seedsText(seeds)}, ${w.actor.toLowerCase()} ${joined}.`;
}

interface Layout {
  question: string;
  xLabel: string;
  baseName: string;
  treatedName: string;
  rows: RowSpec[];
  wording: Wording;
}

function layoutOf(results: Results): Layout {
  const spec = results.spec;
  const zeroShot = (r: RunSpec) => r.eval.k === 0;
  switch (spec.preset) {
    case 'main':
    case 'fewshot':
    case 'custom': {
      const withInstructions = spec.preset !== 'main' || spec.baseRenders.includes('instructions');
      const baseRender = withInstructions ? 'instructions' : 'gpt3_prompt';
      const clusters = spec.preset === 'custom' ? spec.heldOut : spec.heldOutClusters;
      const rows = clusters.map((c): RowSpec => ({
        label: clusterName(c),
        short: shortClusterLabel(c),
        clusters: [c],
        side: (r) => (!zeroShot(r) || (spec.preset !== 'custom' && r.heldOut[0] !== c) ? null : r.tune ? 'tuned' : r.eval.render === baseRender ? 'base' : null),
        value: (d) => d.result.perCluster[c],
      }));
      return {
        question: 'Does instruction tuning help on task clusters the model never saw?',
        xLabel: 'Held-out cluster',
        baseName: `base 0-shot (${renderLabel(baseRender)})`,
        treatedName: 'tuned 0-shot',
        rows,
        wording: { ...TUNING, subject: (l) => `held-out ${l}`, noun: 'held-out clusters' },
      };
    }
    case 'scale':
      return {
        question: 'Does instruction tuning help small models as much as bigger ones?',
        xLabel: 'Model size',
        baseName: 'base (untuned)',
        treatedName: 'instruction-tuned',
        rows: spec.sizes.map((size) => ({ label: size, clusters: spec.heldOut, side: (r) => (r.modelSize !== size ? null : r.tune ? 'tuned' : 'base') })),
        wording: { ...TUNING, subject: (l) => `the ${l} model's held-out accuracy`, noun: 'model sizes' },
      };
    case 'clusters': {
      const counts = [...new Set(spec.counts)].sort((a, b) => a - b);
      return {
        question: 'Does tuning on more task clusters help more?',
        xLabel: 'Tuning clusters',
        baseName: 'untuned',
        treatedName: 'tuned',
        rows: counts.map((n) => ({
          label: `${n} cluster${n === 1 ? '' : 's'}`,
          clusters: spec.heldOut,
          side: (r) => (!r.tune ? 'base' : r.tune.clusters.length === n ? 'tuned' : null),
        })),
        wording: { ...TUNING, subject: (l) => `held-out accuracy with ${l}`, noun: 'mixtures' },
      };
    }
    case 'instructions': {
      const isRef = (s: { tune: string; eval: string }) => s.tune === 'instructions' && s.eval === 'instructions';
      const label = (s: { tune: string; eval: string }) => `${renderLabel(s.tune as never)} → ${renderLabel(s.eval as never)}`;
      const hasRef = spec.settings.some(isRef);
      const rows = hasRef
        ? spec.settings
            .filter((s) => !isRef(s))
            .map((s): RowSpec => ({
              label: label(s),
              short: `${ABBR[s.tune]} → ${ABBR[s.eval]}`,
              clusters: spec.heldOut,
              side: (r) => (!r.tune ? null : isRef({ tune: r.tune.render, eval: r.eval.render }) ? 'tuned' : r.tune.render === s.tune && r.eval.render === s.eval ? 'base' : null),
            }))
        : [];
      return {
        question: 'Is it the instructions, or just multi-task training?',
        xLabel: 'Alternative (tuning → evaluation format)',
        baseName: 'the alternative',
        treatedName: 'tuned with instructions',
        rows,
        wording: { actor: 'Tuning with instructions', up: 'beat', down: 'fell short of', flat: 'was not clearly different from', subject: (l) => `tuning with ${l}`, noun: 'alternatives' },
      };
    }
    case 'templates': {
      const counts = [...new Set(spec.templateCounts)].sort((a, b) => a - b);
      const fewest = counts[0];
      return {
        question: 'Do more templates per dataset help?',
        xLabel: 'Templates per dataset',
        baseName: `${fewest} template${fewest === 1 ? '' : 's'}`,
        treatedName: 'more templates',
        rows: counts.slice(1).map((n) => ({
          label: `${n} templates`,
          clusters: spec.heldOut,
          side: (r) => (!r.tune ? null : r.tune.templatesPerDataset === fewest ? 'base' : r.tune.templatesPerDataset === n ? 'tuned' : null),
        })),
        wording: { actor: 'More templates per dataset', up: 'raised', down: 'lowered', flat: 'had no clear effect on', subject: (l) => `held-out accuracy at ${l} (vs ${fewest})`, noun: 'template counts' },
      };
    }
  }
}

/** `chance: false` leaves the chance levels out (null): they take the suite's test items, ~1 s for 12 clusters. */
export function findingOf(results: Results, opts: { chance?: boolean } = {}): Finding {
  const layout = layoutOf(results);
  const spec = results.spec;
  const rows = layout.rows.map((r): FindingRow => {
    const value = r.value ?? heldOutValue;
    const { base, tuned } = sides(results, r.side, value);
    const gain = cellOf(pairedDifference(results, r.side, value));
    const chance = opts.chance === false ? null : chanceLevel(r.clusters, spec.seeds, spec.evalExamples);
    return { label: r.label, short: r.short ?? r.label, base: cellOf(base), treated: cellOf(tuned), gain, chance: chance === null ? null : 100 * chance, verdict: verdictOf(gain) };
  });
  return { question: layout.question, xLabel: layout.xLabel, baseName: layout.baseName, treatedName: layout.treatedName, rows, sentence: sentenceOf(rows, layout.wording) };
}
