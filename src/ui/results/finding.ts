/**
 * The finding a results view leads with: per row (a held-out cluster, a model size, a mixture …) the gain of
 * the treatment over its baseline — tuned − base zero-shot with the same templates, paired by seed
 * (pairedDifference) — with its 95% interval (Student t over seeds), the chance / majority-class level, and
 * one sentence whose wording follows whether the interval excludes zero. What each preset compares is in its
 * file (presets/<name>.ts `finding`); cells and pairing come from core/experiments/figure.ts. Pure, like chartModel.
 */
import { cellOf, doneRuns, heldOutValue, pairedDifference, type Cell, type Value } from '../../core/experiments/figure';
import { presetOf } from '../../core/experiments/presets';
import type { FindingRowSpec, Wording } from '../../core/experiments/presets/finding-layout';
import type { Results } from '../../core/experiments/results';
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

type Side = FindingRowSpec['side'];

function sides(results: Results, side: Side, value: Value): { base: number[]; tuned: number[] } {
  const out = { base: [] as number[], tuned: [] as number[] };
  for (const d of doneRuns(results)) {
    const which = side(d.run);
    const v = which ? value(d) : undefined;
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
  if (seeds < 2)
    return `On 1 seed (no interval yet, so no verdict), ${w.actor.toLowerCase()} changed ${w.noun} by: ${have.map((r) => `${r.label} ${formatGain(r.gain!)}`).join(', ')}.`;
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

/** `chance: false` leaves the chance levels out (null): they take the suite's test items, ~1 s for 12 clusters. */
export function findingOf(results: Results, opts: { chance?: boolean } = {}): Finding {
  const layout = presetOf(results.spec.preset).finding(results.spec);
  const spec = results.spec;
  const rows = layout.rows.map((r): FindingRow => {
    const value = r.value ?? heldOutValue;
    const { base, tuned } = sides(results, r.side, value);
    const gain = cellOf(pairedDifference(results, r.side, value));
    const chance = opts.chance === false ? null : chanceLevel(r.clusters, spec.seeds, spec.evalExamples);
    return {
      label: r.label,
      short: r.short ?? r.label,
      base: cellOf(base),
      treated: cellOf(tuned),
      gain,
      chance: chance === null ? null : 100 * chance,
      verdict: verdictOf(gain),
    };
  });
  return {
    question: layout.question,
    xLabel: layout.xLabel,
    baseName: layout.baseName,
    treatedName: layout.treatedName,
    rows,
    sentence: sentenceOf(rows, layout.wording),
  };
}
