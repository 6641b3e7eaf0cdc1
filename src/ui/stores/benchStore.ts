/**
 * The Benchmark panel's state: which presets × backends to measure, and the results table.
 * Run measures one combination at a time through the engine worker (each a separate 'benchmark'
 * call with its own runId) and awaits its outcome before starting the next, so timings never
 * overlap. Outcomes are few (one per measurement), so they go straight into the store, unbuffered.
 */
import { create } from 'zustand';
import { MODEL_SIZE_NAMES, type ModelSizeName } from '../../core/model/config';
import type { BenchBackendName, BenchOutcome, BenchRow } from '../../core/engine/protocol';
import { asRunFailure } from '../../core/engine/errors';
import { BACKENDS } from '../../core/model/backends';
import { getEngine } from '../engineClient';
import { fitStepCost, type StepCostFit } from '../../core/model/step-cost';
import { clearStepFits, loadStepFits, saveStepFits } from './stepFitsStorage';

export interface BenchSettings {
  presets: ModelSizeName[];
  backends: BenchBackendName[];
  batch: number;
  seqLen: number;
  steps: number;
}

export const DEFAULT_BENCH_SETTINGS: BenchSettings = {
  presets: ['nano', 'micro', 'tiny'],
  backends: [...BACKENDS],
  batch: 16,
  seqLen: 64,
  steps: 5,
};

export type BenchRowState = 'pending' | 'running' | 'done' | 'unavailable' | 'error' | 'cancelled';

export interface BenchTableRow {
  key: string;
  preset: ModelSizeName;
  requested: BenchBackendName;
  state: BenchRowState;
  result?: BenchRow;
  /** Why it is unavailable, or the error message. */
  message?: string;
}

export type BenchStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled';

interface BenchStore {
  settings: BenchSettings;
  status: BenchStatus;
  rows: BenchTableRow[];
  /** Backends that failed to start in this page, with the reason. */
  unavailable: Partial<Record<BenchBackendName, string>>;
  /** Per backend: the step-cost line of its measured sizes (kept across visits; 'auto' predicts from it). */
  fits: StepCostFit[];
  /** Drops the kept fits: 'auto' goes back to timing one step. */
  forgetFits(): void;
  setSettings(patch: Partial<BenchSettings>): void;
  togglePreset(preset: ModelSizeName, on: boolean): void;
  toggleBackend(backend: BenchBackendName, on: boolean): void;
  run(): Promise<void>;
  cancel(): void;
}

let runCounter = 0;
/** Aborts the measurement in flight (Cancel). */
let current: AbortController | null = null;

function measure(runId: string, preset: ModelSizeName, backend: BenchBackendName, s: BenchSettings, signal: AbortSignal): Promise<BenchOutcome> {
  return getEngine()
    .benchmark({ runId, backend, preset, batch: s.batch, seqLen: s.seqLen, steps: s.steps }, { signal })
    .catch((e: unknown) => asRunFailure(runId, e));
}

/** Keeps MODEL_SIZE_NAMES / BACKENDS order whatever order the boxes were ticked in. */
function ordered<T extends string>(all: readonly T[], picked: readonly T[]): T[] {
  return all.filter((x) => picked.includes(x));
}

/**
 * One fit per backend that has two or more sizes measured in `rows` (the backend in use, never the one asked
 * for); backends measured now replace their old fit, the others keep theirs.
 */
/** Per backend in use: its finished rows' (FLOPs, ms) points. */
function pointsByBackend(rows: readonly BenchTableRow[]): Map<string, { flops: number; ms: number }[]> {
  const byBackend = new Map<string, { flops: number; ms: number }[]>();
  for (const r of rows) {
    if (r.state !== 'done' || !r.result) continue;
    const list = byBackend.get(r.result.backend) ?? [];
    list.push({ flops: r.result.flopsPerStep, ms: r.result.msPerStep });
    byBackend.set(r.result.backend, list);
  }
  return byBackend;
}

export function mergeFits(old: readonly StepCostFit[], rows: readonly BenchTableRow[]): StepCostFit[] {
  const fresh = [...pointsByBackend(rows)].map(([b, points]) => fitStepCost(b, points)).filter((f): f is StepCostFit => f !== null);
  return [...old.filter((f) => !fresh.some((n) => n.backend === f.backend)), ...fresh];
}

/**
 * Backends this run measured at two or more sizes that still give no line: the larger model was not slower
 * (the step is mostly fixed cost, or the machine was busier during the smaller one). The panel says so.
 */
export function unfittedBackends(rows: readonly BenchTableRow[]): string[] {
  return [...pointsByBackend(rows)].filter(([b, points]) => new Set(points.map((p) => p.flops)).size >= 2 && fitStepCost(b, points) === null).map(([b]) => b);
}

export function isBenchActive(status: BenchStatus): boolean {
  return status === 'running' || status === 'cancelling';
}

export const useBenchStore = create<BenchStore>()((set, get) => {
  const patchRow = (key: string, patch: Partial<BenchTableRow>) => set((st) => ({ rows: st.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));

  return {
    settings: DEFAULT_BENCH_SETTINGS,
    status: 'idle',
    rows: [],
    unavailable: {},
    fits: loadStepFits(),

    forgetFits() {
      clearStepFits();
      set({ fits: [] });
      getEngine().setStepFits([]);
    },

    setSettings(patch) {
      set((st) => ({ settings: { ...st.settings, ...patch } }));
    },

    togglePreset(preset, on) {
      const { presets } = get().settings;
      get().setSettings({ presets: ordered(MODEL_SIZE_NAMES, on ? [...presets, preset] : presets.filter((p) => p !== preset)) });
    },

    toggleBackend(backend, on) {
      const { backends } = get().settings;
      get().setSettings({ backends: ordered(BACKENDS, on ? [...backends, backend] : backends.filter((b) => b !== backend)) });
    },

    async run() {
      if (isBenchActive(get().status)) return;
      const settings = get().settings;
      // Backend-major order: each backend is set up once and all its presets measured in a row.
      const rows: BenchTableRow[] = [];
      for (const requested of settings.backends)
        for (const preset of settings.presets) rows.push({ key: `${preset}-${requested}`, preset, requested, state: 'pending' });
      if (rows.length === 0) return;
      set({ status: 'running', rows });
      const failedThisRun = new Map<BenchBackendName, string>();

      for (const row of rows) {
        if (get().status !== 'running') break;
        // A backend that failed to start will fail again: don't ask the worker twice in one run.
        const known = failedThisRun.get(row.requested);
        if (known !== undefined) {
          patchRow(row.key, { state: 'unavailable', message: known });
          continue;
        }
        const runId = `bench-${Date.now().toString(36)}-${++runCounter}`;
        current = new AbortController();
        patchRow(row.key, { state: 'running' });
        const e = await measure(runId, row.preset, row.requested, settings, current.signal);
        current = null;
        if (e.type === 'benchResult') {
          patchRow(row.key, { state: 'done', result: e.result });
          // It started now, so whatever failed before (e.g. a since-recovered GPU) no longer applies.
          set((st) => {
            const { [row.requested]: _gone, ...rest } = st.unavailable;
            return { unavailable: rest };
          });
        } else if (e.type === 'benchUnavailable') {
          patchRow(row.key, { state: 'unavailable', message: e.reason });
          failedThisRun.set(e.requested, e.reason);
          set((st) => ({ unavailable: { ...st.unavailable, [e.requested]: e.reason } }));
        } else {
          patchRow(row.key, { state: e.kind === 'cancelled' ? 'cancelled' : 'error', message: e.message });
        }
      }

      const cancelled = get().status === 'cancelling';
      const fits = mergeFits(get().fits, get().rows);
      saveStepFits(fits);
      getEngine().setStepFits(fits);
      set((st) => ({
        status: cancelled ? 'cancelled' : 'done',
        rows: st.rows.map((r) => (r.state === 'pending' || r.state === 'running' ? { ...r, state: 'cancelled' } : r)),
        fits,
      }));
    },

    cancel() {
      if (get().status !== 'running') return;
      set({ status: 'cancelling' });
      // The loop stops after the current measurement; the worker drops that one's result.
      current?.abort();
    },
  };
});
