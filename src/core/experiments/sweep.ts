/**
 * One sweep loop for the CLI and the lab: the spec's runs that are not done yet, one at a time, in
 * results order. Finished runs of earlier results are kept (resume); each run's start and end is
 * handed to `onProgress` with the new Results at once, so the caller can save them (a file, IndexedDB)
 * and a crash or reload loses at most the run in flight. A failed run is recorded with its reason and
 * the queue goes on, unless its outcome says the sweep should stop (a lost GPU: the next run would lose
 * it too). A cancelled run goes back to pending and ends the sweep; so does an abort between runs.
 */
import { markFailed, markRunning, mergeRunResult, pendingRuns, resumeResults, type Results, type RunResult } from './results';
import type { PresetSpec } from './presets';
import type { RunSpec } from './spec';

/** How one run ended, as the executor saw it. An executor that throws has failed with the error's message. */
export type SweepRunOutcome = { status: 'done'; result: RunResult } | { status: 'failed'; reason: string; stopSweep?: boolean } | { status: 'cancelled' };

export type SweepEvent = { type: 'started'; run: RunSpec } | { type: 'finished'; run: RunSpec; outcome: SweepRunOutcome };

export interface SweepOptions {
  spec: PresetSpec;
  /** Results to continue (their finished runs are kept); none: a fresh sweep. */
  previous?: Results;
  /** Which of the pending runs this sweep executes (a CLI shard); default all of them. */
  include?: (run: RunSpec) => boolean;
  execute(run: RunSpec, signal: AbortSignal | undefined): Promise<SweepRunOutcome>;
  /** After every change of the results: a run started, or ended (with its outcome). */
  onProgress?(results: Results, event: SweepEvent): void | Promise<void>;
  signal?: AbortSignal;
}

export interface SweepSummary {
  results: Results;
  /** 'stopped': a run's outcome ended the sweep; 'cancelled': a cancel or abort did. */
  ended: 'complete' | 'stopped' | 'cancelled';
  /** The runs this sweep executed, in order (with their outcomes). */
  executed: { run: RunSpec; outcome: SweepRunOutcome }[];
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The runs a sweep of `results` would execute, in order (what the queue shows before it starts). */
export function sweepQueue(results: Results, include?: (run: RunSpec) => boolean): RunSpec[] {
  return pendingRuns(results).filter((r) => !include || include(r));
}

export async function runSweep(opts: SweepOptions): Promise<SweepSummary> {
  let results = resumeResults(opts.spec, opts.previous);
  const executed: SweepSummary['executed'] = [];
  for (const run of sweepQueue(results, opts.include)) {
    if (opts.signal?.aborted) return { results, ended: 'cancelled', executed };
    results = markRunning(results, run.id);
    await opts.onProgress?.(results, { type: 'started', run });
    const outcome = await opts.execute(run, opts.signal).catch((e: unknown): SweepRunOutcome => ({ status: 'failed', reason: messageOf(e) }));
    executed.push({ run, outcome });
    if (outcome.status === 'done') results = mergeRunResult(results, run.id, outcome.result);
    else if (outcome.status === 'failed') results = markFailed(results, run.id, outcome.reason);
    else results = resumeResults(results.spec, results); // back to pending: a later sweep redoes it
    await opts.onProgress?.(results, { type: 'finished', run, outcome });
    if (outcome.status === 'cancelled') return { results, ended: 'cancelled', executed };
    if (outcome.status === 'failed' && outcome.stopSweep) return { results, ended: 'stopped', executed };
  }
  return { results, ended: 'complete', executed };
}
