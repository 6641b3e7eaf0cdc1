/**
 * Running a sweep: the Results' pending runs, one at a time, in the engine worker. Each finished
 * run is merged (mergeRunResult) and saved to IndexedDB at once, so a reload mid-sweep keeps
 * everything finished and "Resume" picks up the rest (pendingRuns). A failed run is recorded with
 * its reason and the queue goes on; cancelling stops the sweep and leaves the run pending. A lost GPU
 * device fails its run and stops the sweep with an offer to continue on another backend: the next
 * run would most likely lose the device again.
 */
/**
 * Running a sweep in the lab: core's runSweep (the same loop as the CLI's) with the engine worker as
 * the executor. Each run's start and end is saved to IndexedDB at once, so a reload mid-sweep keeps
 * everything finished and "Resume" picks up the rest. A failed run is recorded with its reason and the
 * queue goes on; cancelling stops the sweep and leaves the run pending. A lost GPU device fails its run
 * and stops the sweep with an offer to continue on another backend: the next run would most likely
 * lose the device again.
 */
import { createResults, resumeResults, serializeResults, type Results } from '../../core/experiments/results';
import { runSweep, type SweepRunOutcome } from '../../core/experiments/sweep';
import type { RunSpec } from '../../core/experiments/spec';
import { asRunFailure, explainError } from '../../core/engine/errors';
import type { BackendChoiceName } from '../../core/engine/protocol';
import type { TemplatesByDataset } from '../../core/tasks/types';
import { getEngine } from '../engineClient';
import { labDb } from '../../browser/db';
import { endLiveRun, onRunProgress, templatesKey, useLabStore } from './labStore';
import { freshLiveRun } from './liveRuns';
import { recordHistory } from '../history/historyStore';

/** Aborts the sweep in flight (Cancel): the run in the worker is cancelled and the queue stops. */
let currentSweep: AbortController | null = null;

function noteStorageError(e: unknown): void {
  useLabStore.getState().setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
}

/** Saves the experiment; storage problems become a notice, never a stopped sweep. */
export async function persist(): Promise<void> {
  const { results, templates } = useLabStore.getState();
  if (!results) return;
  try {
    await labDb.saveExperiment({ resultsJson: serializeResults(results), templates, savedAt: Date.now() });
  } catch (e) {
    useLabStore.getState().setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * The Results a sweep of the current setup continues: the existing ones if they were made with the
 * same templates (their finished runs that the spec still has are kept), else none.
 */
function previousForSetup(): Results | undefined {
  const { templates, results, resultsTemplatesKey } = useLabStore.getState();
  return results && templatesKey(templates) === resultsTemplatesKey ? results : undefined;
}

/** The Results a sweep of the current setup starts from (what the queue shows). */
export function resultsForSetup(): Results {
  const previous = previousForSetup();
  const { spec } = useLabStore.getState();
  return previous ? resumeResults(spec, previous) : createResults(spec);
}

/** One run in the engine worker, its outcome in the sweep's terms; records and logs are stored on the way. */
async function executeInWorker(
  run: RunSpec,
  signal: AbortSignal | undefined,
  templates: TemplatesByDataset | undefined,
  backend: BackendChoiceName | undefined,
): Promise<SweepRunOutcome> {
  const store = useLabStore;
  const end = await getEngine()
    .runExperiment(run.id, run, { templates, backend, signal, onProgress: onRunProgress })
    .catch((e: unknown) => asRunFailure(run.id, e));
  endLiveRun(end);
  if (end.type === 'runDone') {
    store.setState((s) => ({ records: { ...s.records, [run.id]: end.records } }));
    void labDb.saveRecords(run.id, end.records).catch(noteStorageError);
    void labDb.appendLog(run.id, `${new Date().toISOString()} done in ${end.result.wallTimeSec.toFixed(1)} s on ${end.result.backend}`).catch(() => undefined);
    return { status: 'done', result: end.result };
  }
  if (end.kind === 'cancelled' && signal?.aborted) return { status: 'cancelled' };
  // Only the user's own Cancel is a cancel; anything else that ended the run is its failure.
  const why = end.kind === 'cancelled' ? `The run was interrupted: ${end.message}` : explainError(end.kind, end.message);
  void labDb.appendLog(run.id, `${new Date().toISOString()} failed: ${why}`).catch(() => undefined);
  if (end.kind !== 'device-lost') return { status: 'failed', reason: why };
  const lostOn = store.getState().backend?.backend ?? backend ?? run.backend; // what 'auto' became
  store.setState({ stopped: { runId: run.id, reason: why, backend: lostOn, suggest: 'wasm' }, notice: { kind: 'error', text: `The sweep stopped: ${why}` } });
  return { status: 'failed', reason: why, stopSweep: true };
}

/** `backend` runs the pending runs there instead of on the spec's backend (run ids, and so finished runs, stay). */
export async function startSweep(options: { fresh?: boolean; backend?: BackendChoiceName } = {}): Promise<void> {
  const store = useLabStore;
  if (store.getState().sweep !== 'idle') return;
  const sweep = new AbortController();
  currentSweep = sweep;
  const { spec, templates } = store.getState();
  const previous = options.fresh ? undefined : previousForSetup();
  const runTemplates = Object.keys(templates).length ? templates : undefined;
  store.setState({
    results: resumeResults(spec, previous),
    resultsTemplatesKey: templatesKey(templates),
    sweep: 'running',
    fromLink: false,
    notice: null,
    stopped: null,
  });
  try {
    await runSweep({
      spec,
      previous,
      signal: sweep.signal,
      execute: (run, signal) => executeInWorker(run, signal, runTemplates, options.backend),
      onProgress: async (results, event) => {
        if (event.type === 'started') {
          store.setState((s) => ({ results, currentRunId: event.run.id, live: { ...s.live, [event.run.id]: freshLiveRun(performance.now()) } }));
          void persist();
        } else {
          store.setState({ results });
          await persist();
        }
      },
    });
  } finally {
    if (currentSweep === sweep) currentSweep = null;
    store.setState({ sweep: 'idle', currentRunId: null });
    await persist();
    // Into this browser's history, with the template edits the sweep ran with.
    const ended = store.getState().results;
    if (ended) await recordHistory(ended, templates);
  }
}

export function pauseSweep(): void {
  const id = useLabStore.getState().currentRunId;
  if (id) getEngine().pause(id);
}

export function resumeSweep(): void {
  const id = useLabStore.getState().currentRunId;
  if (id) getEngine().resume(id);
}

export function cancelSweep(): void {
  currentSweep?.abort();
}
