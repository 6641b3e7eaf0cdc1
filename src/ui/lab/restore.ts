/**
 * What the lab opens onto: the experiment in the URL hash if there is one (a shared link), else
 * the last session from IndexedDB — finished runs kept, so an interrupted sweep can resume.
 */
import { parseResults } from '../../core/experiments/results';
import { labDb } from '../persist/db';
import { applyShareFromHash } from '../share/shareLink';
import { templatesKey, useLabStore } from './labStore';

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
    const results = parseResults(saved.resultsJson);
    const records = await labDb.loadAllRecords().catch(() => ({}));
    useLabStore.setState({ spec: results.spec, results, templates: saved.templates, resultsTemplatesKey: templatesKey(saved.templates), records });
    return 'saved';
  } catch (e) {
    useLabStore.setState({ notice: { kind: 'error', text: `The saved experiment could not be restored (${e instanceof Error ? e.message : String(e)}).` } });
    return 'fresh';
  }
}
