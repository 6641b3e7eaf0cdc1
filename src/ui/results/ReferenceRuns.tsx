/**
 * The lab's own reference runs: the four experiments at the presets' full budget, 3 seeds, on a lent H100
 * (docs/results/*-h100.json, discussed in docs/RESULTS.md). Vite bundles the files as assets, so a lecture can
 * open them and show the figures without training anything; they are checked like any imported file.
 */
import { useState } from 'react';
import { parseResults } from '../../core/experiments/results';
import { openResults } from './openResults';

const FILES = import.meta.glob('../../../docs/results/*-h100.json', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

const LABELS: Record<string, string> = {
  'main-tiny-h100': 'main: every cluster held out (tiny)',
  'clusters-tiny-h100': 'clusters: 1-7 tuning clusters (tiny)',
  'scale-h100': 'scale: nano to base',
  'instructions-tiny-h100': 'instructions: what the tuning prompts contain (tiny)',
};

const REFERENCES = Object.entries(FILES)
  .map(([path, url]) => ({ name: path.split('/').pop()!.replace(/\.json$/, ''), url }))
  .sort((a, b) => Object.keys(LABELS).indexOf(a.name) - Object.keys(LABELS).indexOf(b.name));

export function ReferenceRuns() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async (name: string) => {
    const ref = REFERENCES.find((r) => r.name === name);
    if (!ref) return;
    setBusy(true);
    try {
      const response = await fetch(ref.url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await openResults(parseResults(await response.text()));
      setError(null);
    } catch (e) {
      setError(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  if (REFERENCES.length === 0) return null;
  return (
    <label className="upload">
      Open the lab's reference runs (H100, full budget, 3 seeds):{' '}
      <select data-testid="reference-select" disabled={busy} value="" onChange={(e) => void open(e.target.value)}>
        <option value="">choose…</option>
        {REFERENCES.map((r) => (
          <option key={r.name} value={r.name}>
            {LABELS[r.name] ?? r.name}
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
