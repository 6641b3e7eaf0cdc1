/** Shows a results file (imported, bundled or from a link) as the current experiment, and persists it. */
import type { Results } from '../../core/experiments/results';
import { useLabStore, templatesKey } from '../lab/labStore';
import { persist } from '../lab/sweep';

export async function openResults(results: Results, opts: { fromLink?: boolean } = {}): Promise<void> {
  const templates = useLabStore.getState().templates;
  useLabStore.setState({ spec: results.spec, results, resultsTemplatesKey: templatesKey(templates), fromLink: opts.fromLink ?? false, records: {} });
  await persist();
}
