/**
 * Running a sweep: the Results' pending runs, one at a time, in the engine worker. Each finished
 * run is merged (mergeRunResult) and saved to IndexedDB at once, so a reload mid-sweep keeps
 * everything finished and "Resume" picks up the rest (pendingRuns). A failed run is recorded with
 * its reason and the queue goes on; cancelling stops the sweep and leaves the run pending. A lost GPU
 * device fails its run and stops the sweep with an offer to continue on another backend: the next
 * run would most likely lose the device again.
 */
import { canonicalJson } from '../../core/experiments/spec';
import {
  createResults,
  markFailed,
  markRunning,
  mergeRunResult,
  pendingRuns,
  resumeResults,
  serializeResults,
  type Results,
} from '../../core/experiments/results';
import { explainError } from '../../core/engine/errors';
import type { BackendChoiceName } from '../../core/engine/protocol';
import { getEngine } from '../engineClient';
import { labDb } from '../persist/db';
import { awaitRunEnd, flushLiveEvents, subscribeToEngine, templatesKey, useLabStore } from './labStore';
import { freshLiveRun } from './liveRuns';

let cancelRequested = false;

function sameSpec(a: Results['spec'], b: Results['spec']): boolean {
  return canonicalJson(a) === canonicalJson(b);
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
 * The Results a sweep of the current setup should continue: the existing ones if they belong to the
 * same spec and templates (finished runs kept), else fresh ones.
 */
export function resultsForSetup(): Results {
  const { spec, templates, results, resultsTemplatesKey } = useLabStore.getState();
  if (results && templatesKey(templates) === resultsTemplatesKey) {
    return sameSpec(results.spec, spec) ? resumeResults(spec, results) : resumeResults(spec, results);
  }
  return createResults(spec);
}

/** `backend` runs the pending runs there instead of on the spec's backend (run ids, and so finished runs, stay). */
export async function startSweep(options: { fresh?: boolean; backend?: BackendChoiceName } = {}): Promise<void> {
  const store = useLabStore;
  if (store.getState().sweep !== 'idle') return;
  subscribeToEngine();
  cancelRequested = false;
  let results = options.fresh ? createResults(store.getState().spec) : resultsForSetup();
  const templates = store.getState().templates;
  const runTemplates = Object.keys(templates).length ? templates : undefined;
  store.setState({ results, resultsTemplatesKey: templatesKey(templates), sweep: 'running', fromLink: false, notice: null, stopped: null });

  for (const run of pendingRuns(results)) {
    if (cancelRequested) break;
    results = markRunning(results, run.id);
    store.setState((s) => ({ results, currentRunId: run.id, live: { ...s.live, [run.id]: freshLiveRun() } }));
    void persist();
    const ended = awaitRunEnd(run.id);
    getEngine().runExperimentRun(run.id, run, runTemplates, options.backend);
    const end = await ended;
    flushLiveEvents();
    if (end.type === 'runDone') {
      results = mergeRunResult(results, run.id, end.result);
      store.setState((s) => ({ results, records: { ...s.records, [run.id]: end.records } }));
      void labDb.saveRecords(run.id, end.records).catch((e: unknown) => store.getState().setNotice({ kind: 'error', text: String(e instanceof Error ? e.message : e) }));
      void labDb.appendLog(run.id, `${new Date().toISOString()} done in ${end.result.wallTimeSec.toFixed(1)} s on ${end.result.backend}`).catch(() => undefined);
    } else if (end.kind === 'cancelled' && cancelRequested) {
      results = resumeResults(results.spec, results); // back to pending, so Resume redoes it
      store.setState({ results });
      break;
    } else {
      // Only the user's own Cancel is a cancel; anything else that ended the run is its failure.
      const why = end.kind === 'cancelled' ? `The run was interrupted: ${end.message}` : explainError(end.kind, end.message);
      results = markFailed(results, run.id, why);
      store.setState({ results });
      void labDb.appendLog(run.id, `${new Date().toISOString()} failed: ${why}`).catch(() => undefined);
      if (end.kind === 'device-lost') {
        const backend = store.getState().backend?.backend ?? options.backend ?? run.backend; // what 'auto' became
        store.setState({ stopped: { runId: run.id, reason: why, backend, suggest: 'wasm' }, notice: { kind: 'error', text: `The sweep stopped: ${why}` } });
        await persist();
        break;
      }
    }
    await persist();
  }
  store.setState({ sweep: 'idle', currentRunId: null });
  await persist();
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
  cancelRequested = true;
  const id = useLabStore.getState().currentRunId;
  if (id) getEngine().cancel(id);
}
