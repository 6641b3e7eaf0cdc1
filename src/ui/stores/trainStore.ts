/**
 * The Train panel's state. Worker events arrive up to hundreds of times a second; re-rendering
 * React (and recharts) for each would starve the page. So events are buffered outside React and
 * flushed into the store at most ~4 times a second on an animation frame — except run-ending
 * events, which flush at once so the final state is never late.
 */
import { create } from 'zustand';
import type { ModelSizeName } from '../../core/model/config';
import type { BackendChoiceName } from '../../core/engine/protocol';
import { asRunFailure } from '../../core/engine/errors';
import { getEngine } from '../engineClient';
import { applyEvents, initialRunState, isActive, type RunState, type TrainEvent } from './runReducer';

export interface TrainSettings {
  backend: BackendChoiceName;
  preset: ModelSizeName;
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
  seqLen: number;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  backend: 'auto',
  preset: 'micro',
  steps: 200,
  batchSize: 8,
  lr: 3e-3,
  seed: 1,
  seqLen: 64,
};

interface TrainStore extends RunState {
  settings: TrainSettings;
  setSettings(patch: Partial<TrainSettings>): void;
  start(): void;
  pause(): void;
  resume(): void;
  cancel(): void;
}

const FLUSH_INTERVAL_MS = 250;
let pending: TrainEvent[] = [];
let frame: number | null = null;
let lastFlushAt = 0;
let runCounter = 0;
/** Aborts the current run (Cancel). */
let currentRun: AbortController | null = null;

export const useTrainStore = create<TrainStore>()((set, get) => {
  const flush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    lastFlushAt = performance.now();
    const events = pending;
    pending = [];
    if (events.length) set((s) => applyEvents(s, events));
  };

  const scheduleFlush = () => {
    if (frame !== null) return;
    const tick = (now: number) => {
      if (now - lastFlushAt < FLUSH_INTERVAL_MS) frame = requestAnimationFrame(tick);
      else flush();
    };
    frame = requestAnimationFrame(tick);
  };

  const onProgress = (event: TrainEvent) => {
    pending.push(event);
    if (event.type === 'backend') flush();
    else scheduleFlush();
  };

  return {
    ...initialRunState,
    settings: DEFAULT_SETTINGS,

    setSettings(patch) {
      set((s) => ({ settings: { ...s.settings, ...patch } }));
    },

    start() {
      if (isActive(get().status)) return;
      flush(); // drop nothing silently: stale events of an older run are filtered by runId anyway
      const runId = `run-${Date.now().toString(36)}-${++runCounter}`;
      set({ ...initialRunState, runId, status: 'starting' });
      const abort = new AbortController();
      currentRun = abort;
      void getEngine()
        .startTraining({ runId, ...get().settings }, { signal: abort.signal, onProgress })
        .catch((e: unknown) => asRunFailure(runId, e))
        .then((outcome) => {
          if (currentRun === abort) currentRun = null;
          pending.push(outcome);
          flush(); // the final state is never late
        });
    },

    pause() {
      const { runId, status } = get();
      if (runId && status === 'running') getEngine().pause(runId);
    },

    resume() {
      const { runId, status } = get();
      if (runId && status === 'paused') getEngine().resume(runId);
    },

    cancel() {
      const { runId, status } = get();
      if (runId && isActive(status)) currentRun?.abort();
    },
  };
});
