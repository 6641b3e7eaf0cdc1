/**
 * The lab's own reference runs (references.ts): the four experiments at the presets' full budget, 3 seeds,
 * on a lent H100, discussed in docs/RESULTS.md. A lecture opens them and shows the figures without training
 * anything; they are checked like any imported file, and their share link names them by id.
 */
import { useState } from 'react';
import { openResults } from './openResults';
import { loadReference, markReference, REFERENCES } from './references';

/** Opens a reference run as the current results (persisted, so a reload keeps it). */
export async function openReference(id: string, opts: { fromLink?: boolean } = {}): Promise<void> {
  const results = await loadReference(id);
  markReference(id, results);
  await openResults(results, opts);
}

export function ReferenceRuns() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async (id: string) => {
    if (!id) return;
    setBusy(true);
    try {
      await openReference(id);
      setError(null);
    } catch (e) {
      setError(`${id}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  if (REFERENCES.length === 0) return null;
  return (
    <label className="upload results-source">
      Open the lab's reference runs (H100, full budget, 3 seeds):{' '}
      <select data-testid="reference-select" disabled={busy} value="" onChange={(e) => void open(e.target.value)}>
        <option value="">choose…</option>
        {REFERENCES.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
      {error && (
        <span className="error" role="alert" data-testid="reference-error">
          {error}
        </span>
      )}
    </label>
  );
}
