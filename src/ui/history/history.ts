/**
 * This browser's experiments: each finished (or partly finished) sweep is kept under an id derived from its
 * setup (spec + template edits), so resuming or re-running the same setup updates its entry rather than adding
 * one. Two entries compare side by side; `specDifferences` names the settings in which they differ.
 * Pure, unit-tested; stored by historyStore.ts.
 */
import { contentHash } from '../../core/experiments/spec';
import type { PresetSpec } from '../../core/experiments/presets';
import type { Results } from '../../core/experiments/results';
import type { TemplatesByDataset } from '../../core/tasks/types';
import type { StoredHistoryEntry } from '../../browser/db';
import { findingOf } from '../results/finding';

/** At most this many experiments are kept; the oldest go first. */
export const HISTORY_LIMIT = 20;

/** title: "main: tiny, 3 seeds, 3,000 steps"; summary: the finding's sentence, or how many runs finished. */
export type HistoryEntry = StoredHistoryEntry;

export function historyId(spec: PresetSpec, templates: TemplatesByDataset): string {
  return `history:${contentHash({ spec, templates })}`;
}

function sizesText(spec: PresetSpec): string {
  const s = spec as PresetSpec & { sizes?: string[] };
  return s.sizes ? s.sizes.join('+') : spec.modelSize;
}

export function titleOf(spec: PresetSpec): string {
  const seeds = spec.seeds.length;
  return `${spec.preset}: ${sizesText(spec)}, ${seeds} seed${seeds === 1 ? '' : 's'}, ${spec.steps.toLocaleString('en-US')} steps`;
}

export function summaryOf(results: Results): string {
  const done = results.runs.filter((e) => e.status === 'done').length;
  const count = `${done} of ${results.runs.length} runs finished`;
  try {
    const f = findingOf(results, { chance: false });
    return f.rows.some((r) => r.gain) ? f.sentence : count;
  } catch {
    return count; // a layout the finding does not know
  }
}

export function historyEntryOf(results: Results, resultsJson: string, templates: TemplatesByDataset, savedAt: number): HistoryEntry {
  return {
    id: historyId(results.spec, templates),
    savedAt,
    resultsJson,
    templates,
    title: titleOf(results.spec),
    summary: summaryOf(results),
    done: results.runs.filter((e) => e.status === 'done').length,
    total: results.runs.length,
  };
}

/** Newest first, one per id, at most HISTORY_LIMIT: what to keep after adding `entry`. */
export function withEntry(entries: readonly HistoryEntry[], entry: HistoryEntry): { keep: HistoryEntry[]; drop: string[] } {
  const all = [entry, ...entries.filter((e) => e.id !== entry.id)].sort((a, b) => b.savedAt - a.savedAt);
  return { keep: all.slice(0, HISTORY_LIMIT), drop: all.slice(HISTORY_LIMIT).map((e) => e.id) };
}

function show(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') || '—' : typeof v === 'number' ? v.toLocaleString('en-US') : String(v);
}

/** "steps: 3 vs 6" for every setting the two specs set differently (template edits as one line). */
export function specDifferences(a: { spec: PresetSpec; templates: TemplatesByDataset }, b: { spec: PresetSpec; templates: TemplatesByDataset }): string[] {
  const keys = [...new Set([...Object.keys(a.spec), ...Object.keys(b.spec)])].sort();
  const out: string[] = [];
  for (const k of keys) {
    const va = (a.spec as Record<string, unknown>)[k];
    const vb = (b.spec as Record<string, unknown>)[k];
    if (JSON.stringify(va) !== JSON.stringify(vb)) out.push(`${k}: ${va === undefined ? '—' : show(va)} vs ${vb === undefined ? '—' : show(vb)}`);
  }
  if (JSON.stringify(a.templates) !== JSON.stringify(b.templates)) out.push('template edits differ');
  return out;
}
