/**
 * How protocol events change the state of a training run. Pure, so it is unit-tested; the zustand
 * store applies buffered batches of events through it a few times a second.
 */
import type { StepEvent } from '../../core/train/trainer';
import type { BackendEventData, EngineEvent, ErrorKind, TrainOutcome, TrainSummary } from '../../core/engine/protocol';

/** What changes a training run's state: its progress, then its outcome. */
export type TrainEvent = EngineEvent | TrainOutcome;

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'error' | 'cancelled';

export interface LossPoint {
  step: number;
  loss: number;
}

export interface RunState {
  runId: string | null;
  status: RunStatus;
  backend: BackendEventData | null;
  latest: StepEvent | null;
  losses: LossPoint[];
  summary: TrainSummary | null;
  error: { kind: ErrorKind; message: string } | null;
}

export const initialRunState: RunState = {
  runId: null,
  status: 'idle',
  backend: null,
  latest: null,
  losses: [],
  summary: null,
  error: null,
};

export function isActive(status: RunStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'paused';
}

/** Applies events in order; events of any other run than the current one are ignored. */
export function applyEvents(state: RunState, events: readonly TrainEvent[]): RunState {
  const mine = events.filter((e) => e.runId === state.runId);
  if (mine.length === 0) return state;
  let next: RunState = { ...state };
  const newPoints: LossPoint[] = [];
  for (const e of mine) {
    if (!isActive(next.status)) break; // a finished run takes no more events
    switch (e.type) {
      case 'backend':
        next.backend = { backend: e.backend, adapter: e.adapter, failures: e.failures, threads: e.threads, timings: e.timings, predictions: e.predictions };
        if (next.status === 'starting') next.status = 'running';
        break;
      case 'step': {
        const { type: _t, runId: _r, ...step } = e;
        next.latest = step;
        newPoints.push({ step: e.step, loss: e.loss });
        break;
      }
      case 'paused':
        next.status = 'paused';
        break;
      case 'resumed':
        next.status = 'running';
        break;
      case 'done': {
        const { type: _t, runId: _r, ...summary } = e;
        next.summary = summary;
        next.status = 'done';
        break;
      }
      case 'error':
        next.status = e.kind === 'cancelled' ? 'cancelled' : 'error';
        next.error = { kind: e.kind, message: e.message };
        break;
    }
  }
  if (newPoints.length) next = { ...next, losses: [...state.losses, ...newPoints] };
  return next;
}
