/**
 * Time left in a sweep, only from what this tab measured: per stage of the running run (tuning from the
 * trainer's measured tokens/s, evaluation from its measured prompts/s) and for the whole sweep (each pending
 * run's steps and evaluation prompts at the seconds per step and per prompt measured on earlier runs of the same
 * model size in this tab, or on the running one). A stage not measured yet for a size is left out of the total,
 * which then says so (a lower bound), never a guess. Pure, unit-tested.
 */
import type { ModelSize } from '../../core/experiments/names';
import type { Results } from '../../core/experiments/results';
import type { RunSpec } from '../../core/experiments/spec';
import type { LiveRun } from '../lab/liveRuns';
import { evalWork } from '../lab/specFields';

export interface SweepEta {
  /** The running run's tuning: seconds left at the measured tokens/s (null: not tuning, or no step yet). */
  tune: { sec: number; tokensPerSec: number } | null;
  /** The running run's evaluation: seconds left at the measured prompts/s (null: no measurement yet). */
  evaluate: { sec: number; promptsPerSec: number } | null;
  /**
   * The whole sweep, the running run included; `unmeasured` names the first stage not measured yet, whose time
   * `sec` leaves out (then it is a lower bound).
   */
  sweep: { sec: number; unmeasured: string | null } | null;
}

interface Rates {
  secPerStep: Map<ModelSize, number>;
  secPerPrompt: Map<ModelSize, number>;
}

/** An evaluation's first few percent include setting up the scorer: too early to extrapolate from. */
const MIN_EVAL_FRACTION = 0.05;

function measuredRates(results: Results, live: Readonly<Record<string, LiveRun>>, nowMs: number): Rates {
  const secPerStep = new Map<ModelSize, number>();
  const secPerPrompt = new Map<ModelSize, number>();
  for (const entry of results.runs) {
    const l = live[entry.run.id];
    if (!l) continue;
    const size = entry.run.modelSize;
    const tuneMs = l.stageMs.tune ?? (l.stage === 'tune' && !l.ended ? nowMs - l.stageStartedAt : undefined);
    // The steps this tab ran (a resumed tuning starts past step 0).
    const stepsHere = l.latest && l.losses.length ? l.latest.step - l.losses[0].step + 1 : 0;
    if (tuneMs !== undefined && stepsHere > 0) secPerStep.set(size, tuneMs / 1000 / stepsHere);
    const evalMs = l.ended
      ? l.stageMs.evaluate
      : l.stage === 'evaluate' && l.fraction >= MIN_EVAL_FRACTION
        ? (nowMs - l.stageStartedAt) / l.fraction
        : undefined;
    if (evalMs !== undefined && evalMs > 0) secPerPrompt.set(size, evalMs / 1000 / evalWork(entry.run));
  }
  return { secPerStep, secPerPrompt };
}

export function sweepEta(results: Results | null, currentRunId: string | null, live: Readonly<Record<string, LiveRun>>, nowMs: number): SweepEta {
  const none: SweepEta = { tune: null, evaluate: null, sweep: null };
  const current = currentRunId ? results?.runs.find((e) => e.run.id === currentRunId) : undefined;
  const l = currentRunId ? live[currentRunId] : undefined;
  if (!results || !current || !l) return none;
  const rates = measuredRates(results, live, nowMs);
  const run = current.run;
  let tune: SweepEta['tune'] = null;
  if (run.tune && l.stage === 'tune' && l.latest && l.latest.tokensPerSec > 0) tune = { sec: l.latest.etaSec, tokensPerSec: l.latest.tokensPerSec };
  let evaluate: SweepEta['evaluate'] = null;
  const perPrompt = rates.secPerPrompt.get(run.modelSize);
  if (perPrompt !== undefined) {
    const left = l.stage === 'evaluate' ? 1 - l.fraction : 1;
    evaluate = { sec: perPrompt * evalWork(run) * left, promptsPerSec: 1 / perPrompt };
  }

  // The running run: what is left of its stages; then every pending run at the measured rates.
  const missing: string[] = [];
  const tuneLeft = (r: RunSpec) => {
    const perStep = rates.secPerStep.get(r.modelSize);
    if (perStep === undefined) missing.push(`${r.modelSize}'s first tuning`);
    return (perStep ?? 0) * (r.tune?.steps ?? 0);
  };
  const evalLeft = (r: RunSpec) => {
    const p = rates.secPerPrompt.get(r.modelSize);
    if (p === undefined) missing.push(`${r.modelSize}'s first evaluation`);
    return (p ?? 0) * evalWork(r);
  };
  let sec = 0;
  if (run.tune && l.stage !== 'evaluate') sec += tune ? tune.sec : tuneLeft(run);
  sec += evaluate ? evaluate.sec : evalLeft(run);
  // A tuning is shared by the runs that evaluate the same tuned model one after another (the Runner keeps the last).
  let lastTuneId = run.tuneId;
  for (const e of results.runs) {
    if (e.status !== 'pending') continue;
    if (e.run.tune && e.run.tuneId !== lastTuneId) sec += tuneLeft(e.run);
    if (e.run.tuneId) lastTuneId = e.run.tuneId;
    sec += evalLeft(e.run);
  }
  return { tune, evaluate, sweep: { sec, unmeasured: missing[0] ?? null } };
}
