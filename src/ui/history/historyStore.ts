/**
 * The lab's history of this browser's experiments (history.ts) as a zustand store over IndexedDB: a sweep that
 * ends with finished runs is recorded; an entry opens as the current experiment; two picked entries compare
 * side by side. Storage problems become the lab's notice, never a stopped sweep.
 */
import { create } from 'zustand';
import { parseResults, serializeResults, type Results } from '../../core/experiments/results';
import type { TemplatesByDataset } from '../../core/tasks/types';
import { labDb } from '../../browser/db';
import { templatesKey, useLabStore } from '../lab/labStore';
import { historyEntryOf, withEntry, type HistoryEntry } from './history';

interface HistoryState {
  entries: HistoryEntry[];
  /** The ids picked for the side-by-side comparison, at most two (the older pick goes when a third comes). */
  compare: string[];
}

export const useHistoryStore = create<HistoryState>()(() => ({ entries: [], compare: [] }));

function note(e: unknown): void {
  useLabStore.getState().setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
}

export async function loadHistory(): Promise<void> {
  try {
    useHistoryStore.setState({ entries: await labDb.listHistory() });
  } catch (e) {
    note(e);
  }
}

/** Keeps `results` (if any run finished) as the entry of its setup, newest first. */
export async function recordHistory(results: Results, templates: TemplatesByDataset): Promise<void> {
  if (!results.runs.some((e) => e.status === 'done')) return;
  const entry = historyEntryOf(results, serializeResults(results), templates, Date.now());
  const { keep, drop } = withEntry(useHistoryStore.getState().entries, entry);
  useHistoryStore.setState((s) => ({ entries: keep, compare: s.compare.filter((id) => !drop.includes(id)) }));
  try {
    await labDb.saveHistoryEntry(entry);
    await Promise.all(drop.map((id) => labDb.deleteHistoryEntry(id)));
  } catch (e) {
    note(e);
  }
}

export function toggleCompare(id: string): void {
  useHistoryStore.setState((s) => ({ compare: s.compare.includes(id) ? s.compare.filter((c) => c !== id) : [...s.compare, id].slice(-2) }));
}

export async function removeHistoryEntry(id: string): Promise<void> {
  useHistoryStore.setState((s) => ({ entries: s.entries.filter((e) => e.id !== id), compare: s.compare.filter((c) => c !== id) }));
  await labDb.deleteHistoryEntry(id).catch(note);
}

/** The entry becomes the current experiment (its setup, template edits and results), saved as such. */
export async function openHistoryEntry(entry: HistoryEntry): Promise<void> {
  const results = parseResults(entry.resultsJson);
  useLabStore.setState({
    spec: results.spec,
    results,
    templates: entry.templates,
    resultsTemplatesKey: templatesKey(entry.templates),
    fromLink: false,
    records: {},
    notice: null,
  });
  await labDb.saveExperiment({ resultsJson: entry.resultsJson, templates: entry.templates, savedAt: Date.now() }).catch(note);
}
