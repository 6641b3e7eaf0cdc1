/**
 * The lab's IndexedDB: the current experiment (results + template edits), this browser's earlier
 * experiments (the history, in the same store under 'history:' keys), per-run item records and
 * logs, uploaded base checkpoints, and tunings in progress (saved every few seconds, so a reload resumes
 * them). Used by the page and by the engine worker (which reads uploaded checkpoints and writes tuning
 * saves itself, so megabytes of weights never cross the thread boundary twice).
 * Every write reports quota errors as a QuotaError so the UI can say "storage is full".
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ItemRecord } from '../core/eval/evaluate';
import type { TemplatesByDataset } from '../core/tasks/types';
import type { TuneSave, TuneSaveStore } from '../core/experiments/runner-resume';

export interface StoredExperiment {
  /** The serialized Results (serializeResults), re-validated with parseResults on load. */
  resultsJson: string;
  /** Edited templates by dataset, as the run used them. */
  templates: TemplatesByDataset;
  savedAt: number;
}

/** One of this browser's experiments (the lab's history), kept beside the current one under `history:<hash of its setup>`. */
export interface StoredHistoryEntry extends StoredExperiment {
  id: string;
  title: string;
  summary: string;
  done: number;
  total: number;
}

export interface StoredCheckpoint {
  size: string;
  name: string;
  bytes: Uint8Array;
  params: number;
  uploadedAt: number;
}

interface LabDb extends DBSchema {
  /** 'current', and the history's entries ('history:…'). */
  experiments: { key: string; value: StoredExperiment | StoredHistoryEntry };
  records: { key: string; value: ItemRecord[] };
  logs: { key: string; value: string[] };
  checkpoints: { key: string; value: StoredCheckpoint };
  /** Tunings in progress by tuneId (version 2). */
  tuneSaves: { key: string; value: TuneSave };
}

export class QuotaError extends Error {
  constructor(what: string) {
    super(`The browser's storage is full, so ${what} could not be saved. Export your results, or free space (delete uploaded checkpoints).`);
    this.name = 'QuotaError';
  }
}

const CURRENT = 'current';
const HISTORY_PREFIX = 'history:';
const historyRange = () => IDBKeyRange.bound(HISTORY_PREFIX, `${HISTORY_PREFIX}\uffff`);
let dbPromise: Promise<IDBPDatabase<LabDb>> | null = null;

function db(): Promise<IDBPDatabase<LabDb>> {
  dbPromise ??= openDB<LabDb>('tinyflan', 2, {
    upgrade(d) {
      // By name, not by old version: version 1 had the first four; 2 adds the tuning saves.
      for (const store of ['experiments', 'records', 'logs', 'checkpoints', 'tuneSaves'] as const) {
        if (!d.objectStoreNames.contains(store)) d.createObjectStore(store);
      }
    },
    // Another tab (or the worker) still has version 1 open: let it go, or this tab's open would wait on it.
    blocking() {
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
  return dbPromise;
}

function isQuota(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

async function write(what: string, op: (d: IDBPDatabase<LabDb>) => Promise<unknown>): Promise<void> {
  try {
    await op(await db());
  } catch (e) {
    throw isQuota(e) ? new QuotaError(what) : e;
  }
}

export const labDb = {
  saveExperiment: (exp: StoredExperiment) => write('the experiment', (d) => d.put('experiments', exp, CURRENT)),
  loadExperiment: async () => (await db()).get('experiments', CURRENT),
  clearExperiment: async () => {
    const d = await db();
    await Promise.all([d.delete('experiments', CURRENT), d.clear('records'), d.clear('logs'), d.clear('tuneSaves')]);
  },
  saveHistoryEntry: (entry: StoredHistoryEntry) => {
    if (!entry.id.startsWith(HISTORY_PREFIX)) throw new Error(`history ids start with ${HISTORY_PREFIX}`);
    return write('the experiment history', (d) => d.put('experiments', entry, entry.id));
  },
  listHistory: async () => ((await (await db()).getAll('experiments', historyRange())) as StoredHistoryEntry[]).sort((a, b) => b.savedAt - a.savedAt),
  deleteHistoryEntry: async (id: string) => (await db()).delete('experiments', id),
  saveRecords: (runId: string, records: ItemRecord[]) => write('the inspector records', (d) => d.put('records', records, runId)),
  loadAllRecords: async (): Promise<Record<string, ItemRecord[]>> => {
    const d = await db();
    const keys = await d.getAllKeys('records');
    const out: Record<string, ItemRecord[]> = {};
    for (const k of keys) out[k] = (await d.get('records', k)) ?? [];
    return out;
  },
  appendLog: async (runId: string, line: string) => {
    const d = await db();
    const lines = (await d.get('logs', runId)) ?? [];
    await write('the run log', (x) => x.put('logs', [...lines, line].slice(-200), runId));
  },
  loadLog: async (runId: string) => (await (await db()).get('logs', runId)) ?? [],
  saveCheckpoint: (ck: StoredCheckpoint) => write('the checkpoint', (d) => d.put('checkpoints', ck, ck.size)),
  getCheckpoint: async (size: string) => (await db()).get('checkpoints', size),
  listCheckpoints: async () => (await db()).getAll('checkpoints'),
  deleteCheckpoint: async (size: string) => (await db()).delete('checkpoints', size),
  saveTune: (save: TuneSave) => write('the tuning in progress', (d) => d.put('tuneSaves', save, save.tuneId)),
  loadTune: async (tuneId: string) => (await db()).get('tuneSaves', tuneId),
  clearTune: async (tuneId: string) => (await db()).delete('tuneSaves', tuneId),
};

/** The Runner's save store in this browser (the engine worker's). */
export const browserTuneSaves: TuneSaveStore = { load: labDb.loadTune, save: labDb.saveTune, clear: labDb.clearTune };
