/**
 * The experiment in the URL hash (core/share): preset, non-default settings, template edits, seeds
 * and — once they exist — results, so a shared link opens straight onto the plots. A link that
 * cannot be read leaves the defaults in place and says why (a notice the page shows as an alert).
 * Nothing from a link becomes HTML: specs and results only reach React as text.
 */
import { applyTemplateEdits, decodeShare, diffTemplates, encodeShareInfo, templatesByDataset } from '../../core/share';
import { loadTemplates } from '../../core/tasks';
import type { Template } from '../../core/tasks/types';
import { useLabStore, templatesKey } from '../lab/labStore';
import type { TemplatesByDataset } from '../../core/tasks/types';

/** The default templates with the user's edited datasets swapped in, in the defaults' order. */
function editedTemplateList(templates: TemplatesByDataset): Template[] {
  const defaults = loadTemplates();
  const datasets = [...new Set(defaults.map((t) => t.dataset))];
  const byDataset = templatesByDataset(defaults);
  return datasets.flatMap((d) => templates[d] ?? byDataset[d] ?? []);
}

/** The edited datasets only, from a full template list (so unchanged datasets use their defaults). */
function changedDatasets(all: Template[]): TemplatesByDataset {
  const defaults = templatesByDataset(loadTemplates());
  const edited = templatesByDataset(all);
  const out: TemplatesByDataset = {};
  for (const name of new Set([...Object.keys(defaults), ...Object.keys(edited)])) {
    if (JSON.stringify(defaults[name] ?? []) !== JSON.stringify(edited[name] ?? [])) out[name] = edited[name] ?? [];
  }
  return out;
}

export interface ShareLink {
  url: string;
  /** What had to be left out to fit (e.g. loss curves); empty when nothing was. */
  omitted: string[];
}

/** The share URL of the current experiment; results are included only if they match the setup. */
export function currentShareLink(): ShareLink {
  const { spec, templates, results, resultsTemplatesKey } = useLabStore.getState();
  const templateEdits = diffTemplates(loadTemplates(), editedTemplateList(templates));
  const resultsMatch = results && resultsTemplatesKey === templatesKey(templates) && results.runs.some((e) => e.status === 'done');
  const { fragment, omitted } = encodeShareInfo({ spec: resultsMatch ? results.spec : spec, templateEdits, results: resultsMatch ? results : undefined });
  const url = `${location.origin}${location.pathname}${location.search}#${fragment}`;
  return { url, omitted };
}

/**
 * Opens the experiment in the page's hash, if any. Returns true when a link was applied (so the
 * app shows results/setup instead of restoring the last session from IndexedDB).
 */
export function applyShareFromHash(hash: string = location.hash): boolean {
  const fragment = hash.replace(/^#/, '');
  if (!fragment) return false;
  const decoded = decodeShare(fragment);
  const store = useLabStore;
  if (!decoded.ok) {
    const suffix = /default/i.test(decoded.error) ? '' : ' The lab opened with its default settings instead.';
    store.setState({ notice: { kind: 'error', text: `${decoded.error}${suffix}` } });
    return false;
  }
  const { spec, templateEdits, results } = decoded.experiment;
  const templates = changedDatasets(applyTemplateEdits(loadTemplates(), templateEdits));
  store.setState({
    spec,
    templates,
    results: results ?? null,
    resultsTemplatesKey: templatesKey(templates),
    records: {},
    live: {},
    fromLink: !!results,
    notice: decoded.warnings.length ? { kind: 'info', text: `Opened a shared experiment. ${decoded.warnings.join(' ')}` } : null,
  });
  return true;
}
