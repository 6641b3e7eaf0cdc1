/**
 * The lab's experiment state: the setup (a PresetSpec), the user's template edits, the Results of
 * the current sweep, live progress, and inspector records. The sweep itself (running queued runs
 * one by one in the worker) lives in sweep.ts; this store only holds what the panels draw.
 *
 * Worker step/stage events arrive many times a second: they are buffered and flushed into the
 * store at most ~4 times a second, so React and recharts redraw a few times a second, not per step.
 */
import { create } from 'zustand';
import { makeSpec, type PresetName, type PresetSpec } from '../../core/experiments/presets';
import type { Results } from '../../core/experiments/results';
import type { ItemRecord } from '../../core/eval/evaluate';
import type { BackendChoiceName, BackendEventData, EngineEvent, ExperimentOutcome } from '../../core/engine/protocol';
import type { TemplatesByDataset } from '../../core/tasks/types';
import { applyLiveEvents, type LiveEvent, type LiveRun } from './liveRuns';

export type SweepStatus = 'idle' | 'running' | 'paused';
export type Notice = { kind: 'error' | 'info'; text: string } | null;

/**
 * Why a sweep stopped by itself (a lost GPU device): the Runs panel offers to continue on
 * `suggest` or to retry on `backend`. Finished runs stay in the Results either way.
 */
export interface SweepStop {
  runId: string;
  reason: string;
  backend: string;
  suggest: BackendChoiceName;
}

/** Small budgets: a first zero-shot result in about a minute on wasm (nano/micro shipped models). */
export function quickSpec<P extends PresetName>(preset: P, overrides: Partial<PresetSpec> = {}): PresetSpec {
  const quick = {
    seeds: [1],
    modelSize: 'micro',
    steps: 40,
    batchSize: 8,
    evalExamples: 8,
    evalTemplatesPerDataset: 2,
    templatesPerDataset: 4,
    kShot: 2,
    backend: 'auto',
  };
  const extra: Record<string, unknown> =
    preset === 'main' ? { heldOutClusters: ['nli'] } : preset === 'scale' ? { sizes: ['nano', 'micro'] } : preset === 'clusters' ? { counts: [1, 3, 7] } : {};
  return makeSpec(preset, { ...quick, ...extra, ...overrides } as never);
}

export interface LabState {
  spec: PresetSpec;
  /** Edited template lists by dataset; datasets not listed keep their defaults. */
  templates: TemplatesByDataset;
  results: Results | null;
  /** The template edits the current results were produced with (JSON), to know when they go stale. */
  resultsTemplatesKey: string;
  records: Record<string, ItemRecord[]>;
  live: Record<string, LiveRun>;
  sweep: SweepStatus;
  currentRunId: string | null;
  backend: BackendEventData | null;
  notice: Notice;
  /** Results came from a shared link (not run here): the UI offers "Re-run". */
  fromLink: boolean;
  stopped: SweepStop | null;
  setSpec(spec: PresetSpec): void;
  setDatasetTemplates(dataset: string, templates: TemplatesByDataset[string] | null): void;
  setNotice(notice: Notice): void;
}

export const useLabStore = create<LabState>()((set) => ({
  spec: quickSpec('main'),
  templates: {},
  results: null,
  resultsTemplatesKey: '{}',
  records: {},
  live: {},
  sweep: 'idle',
  currentRunId: null,
  backend: null,
  notice: null,
  fromLink: false,
  stopped: null,
  setSpec: (spec) => set({ spec }),
  setDatasetTemplates: (dataset, list) =>
    set((s) => {
      const templates = { ...s.templates };
      if (list === null) delete templates[dataset];
      else templates[dataset] = list;
      return { templates };
    }),
  setNotice: (notice) => set({ notice }),
}));

export function templatesKey(templates: TemplatesByDataset): string {
  return JSON.stringify(
    Object.keys(templates)
      .sort()
      .map((k) => [k, templates[k]]),
  );
}

// ---- buffered progress of the running experiment run -------------------------------------------

const FLUSH_INTERVAL_MS = 250;
let pending: LiveEvent[] = [];
let frame: number | null = null;
let lastFlushAt = 0;

export function flushLiveEvents(): void {
  if (frame !== null) cancelAnimationFrame(frame);
  frame = null;
  lastFlushAt = performance.now();
  const events = pending;
  pending = [];
  if (events.length) useLabStore.setState((s) => ({ live: applyLiveEvents(s.live, events, lastFlushAt) }));
}

function scheduleFlush(): void {
  if (frame !== null) return;
  const tick = (t: number) => {
    if (t - lastFlushAt < FLUSH_INTERVAL_MS) frame = requestAnimationFrame(tick);
    else flushLiveEvents();
  };
  frame = requestAnimationFrame(tick);
}

/** The onProgress of an experiment run: steps and stages buffered, pause/resume and the backend at once. */
export function onRunProgress(event: EngineEvent): void {
  if (event.type === 'backend')
    useLabStore.setState({
      backend: {
        backend: event.backend,
        adapter: event.adapter,
        failures: event.failures,
        threads: event.threads,
        timings: event.timings,
        predictions: event.predictions,
      },
    });
  pending.push(event);
  if (event.type === 'paused' || event.type === 'resumed') {
    flushLiveEvents();
    useLabStore.setState({ sweep: event.type === 'paused' ? 'paused' : 'running' });
  } else scheduleFlush();
}

/** A run's outcome ends its live progress (flushed at once: the final state is never late). */
export function endLiveRun(outcome: ExperimentOutcome): void {
  pending.push(outcome);
  flushLiveEvents();
}
