/**
 * What the lab opens onto: the experiment in the URL hash if there is one (a shared link), else
 * the last session from IndexedDB — finished runs kept, so an interrupted sweep can resume. A run that
 * was running when the page went away is pending again (nothing runs after a reload), and the notice
 * says what was found: how far the sweep got, and the step its tuning resumes from if it was saved.
 */
import { describeRun } from '../../core/experiments/spec';
import { parseResults, type Results } from '../../core/experiments/results';
import { labDb } from '../../browser/db';
import { applyShareFromHash } from '../share/shareLink';
import { templatesKey, useLabStore, type Notice } from './labStore';

/** The saved results with their interrupted run (if any) pending again. */
function settleInterrupted(results: Results): { results: Results; interrupted: Results['runs'][number]['run'] | null } {
  const entry = results.runs.find((e) => e.status === 'running');
  if (!entry) return { results, interrupted: null };
  return {
    results: { ...results, runs: results.runs.map((e) => (e.status === 'running' ? { run: e.run, status: 'pending' as const } : e)) },
    interrupted: entry.run,
  };
}

async function interruptedNotice(results: Results, run: Results['runs'][number]['run']): Promise<Notice> {
  const save = run.tuneId ? await labDb.loadTune(run.tuneId).catch(() => undefined) : undefined;
  const done = results.runs.filter((e) => e.status === 'done').length;
  const where = save
    ? `its tuning was saved at step ${save.step} of ${save.totalSteps}, and Resume continues from there`
    : 'nothing of it was saved yet, so Resume starts it again';
  return { kind: 'info', text: `Found an interrupted sweep (${done} of ${results.runs.length} runs done). The reload stopped ${describeRun(run)}: ${where}.` };
}

export async function restoreLab(): Promise<'link' | 'saved' | 'fresh'> {
  if (location.hash.length > 1) {
    const applied = applyShareFromHash();
    // The link has done its job; a reload should not re-apply it over later work.
    history.replaceState(null, '', location.pathname + location.search);
    if (applied) return 'link';
    return 'fresh';
  }
  try {
    const saved = await labDb.loadExperiment();
    if (!saved) return 'fresh';
    const { results, interrupted } = settleInterrupted(parseResults(saved.resultsJson));
    const records = await labDb.loadAllRecords().catch(() => ({}));
    const notice = interrupted ? await interruptedNotice(results, interrupted) : null;
    useLabStore.setState({
      spec: results.spec,
      results,
      templates: saved.templates,
      resultsTemplatesKey: templatesKey(saved.templates),
      records,
      ...(notice ? { notice } : {}),
    });
    return 'saved';
  } catch (e) {
    useLabStore.setState({ notice: { kind: 'error', text: `The saved experiment could not be restored (${e instanceof Error ? e.message : String(e)}).` } });
    return 'fresh';
  }
}
