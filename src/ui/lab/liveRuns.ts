/**
 * Live progress of experiment runs, from worker events. Pure, so it is unit-tested; the lab store
 * applies buffered batches of events through it a few times a second.
 */
import type { StepEvent } from '../../core/train/trainer';
import type { EngineEvent, ExperimentOutcome, RunStageName } from '../../core/engine/protocol';

/** What moves a live run along: its progress, then its outcome. */
export type LiveEvent = EngineEvent | ExperimentOutcome;

export interface LiveRun {
  stage: RunStageName;
  /** Progress within the stage, 0..1. */
  fraction: number;
  paused: boolean;
  latest: StepEvent | null;
  losses: { step: number; loss: number }[];
  /** When the current stage began (the caller's clock, ms), and how long each finished stage took: measured stage times for the estimates. */
  stageStartedAt: number;
  stageMs: Partial<Record<RunStageName, number>>;
  /** The run has finished (its last stage's time is in stageMs). */
  ended: boolean;
}

export const STAGES: readonly RunStageName[] = ['load', 'tune', 'evaluate'];

export function freshLiveRun(now = 0): LiveRun {
  return { stage: 'load', fraction: 0, paused: false, latest: null, losses: [], stageStartedAt: now, stageMs: {}, ended: false };
}

/** Moves a live run into `stage` at `now`, adding the time spent in the stage it leaves. */
function enterStage(r: LiveRun, stage: RunStageName, now: number): void {
  if (r.stage === stage || r.ended) return;
  r.stageMs = { ...r.stageMs, [r.stage]: (r.stageMs[r.stage] ?? 0) + Math.max(0, now - r.stageStartedAt) };
  r.stage = stage;
  r.stageStartedAt = now;
}

/** Overall progress of a run across its stages (tuning dominates, so it gets most of the bar). */
export function overallFraction(live: LiveRun, tunes: boolean): number {
  const weights = tunes ? { load: 0.05, tune: 0.7, evaluate: 0.25 } : { load: 0.1, tune: 0, evaluate: 0.9 };
  let before = 0;
  for (const s of STAGES) {
    if (s === live.stage) return Math.min(1, before + weights[s] * live.fraction);
    before += weights[s];
  }
  return before;
}

/** `now` (ms, any clock) times the stages; events are applied in batches, so a stage's time is good to a batch interval. */
export function applyLiveEvents(live: Readonly<Record<string, LiveRun>>, events: readonly LiveEvent[], now = 0): Record<string, LiveRun> {
  const next: Record<string, LiveRun> = { ...live };
  const touched = new Set<string>();
  const get = (runId: string): LiveRun => {
    if (!touched.has(runId)) {
      const prev = next[runId] ?? freshLiveRun(now);
      next[runId] = { ...prev, losses: prev.losses.slice() };
      touched.add(runId);
    }
    return next[runId];
  };
  for (const e of events) {
    switch (e.type) {
      case 'stage': {
        const r = get(e.runId);
        enterStage(r, e.stage, now);
        r.fraction = e.fraction;
        break;
      }
      case 'step': {
        const { type: _t, runId: _r, ...step } = e;
        const r = get(e.runId);
        enterStage(r, 'tune', now);
        r.fraction = step.step / step.totalSteps;
        r.latest = step;
        r.losses.push({ step: step.step, loss: step.loss });
        break;
      }
      case 'paused':
      case 'resumed':
        get(e.runId).paused = e.type === 'paused';
        break;
      case 'runDone': {
        const r = get(e.runId);
        enterStage(r, 'evaluate', now);
        if (!r.ended) r.stageMs = { ...r.stageMs, evaluate: (r.stageMs.evaluate ?? 0) + Math.max(0, now - r.stageStartedAt) };
        r.ended = true;
        r.fraction = 1;
        r.paused = false;
        break;
      }
      default:
        break;
    }
  }
  return next;
}
