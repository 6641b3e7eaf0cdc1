/**
 * Results: the preset's figure (recharts, with CIs and the paper's values), its table, exports
 * (SVG, PNG, JSON, CSV), the share link and experiment-file import. Results opened from a shared
 * link are shown as they are; "Re-run" runs the same experiment here from scratch.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseResults } from '../../core/experiments/results';
import { useLabStore } from '../lab/labStore';
import { startSweep } from '../lab/sweep';
import { currentShareLink, type ShareLink } from '../share/shareLink';
import { useUiStore } from '../stores/uiStore';
import { chartModel } from './chartModel';
import { exportCsv, exportJson, exportPng, exportSvg } from './exporters';
import { openResults } from './openResults';
import { ReferenceRuns } from './ReferenceRuns';
import { ResultChart } from './ResultChart';

function ExperimentImport() {
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      await openResults(parseResults(await file.text()));
      setError(null);
    } catch (e) {
      setError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <label className="upload">
      Open a results file (.json){' '}
      <input type="file" accept=".json,application/json" data-testid="results-import" onChange={(e) => void onFile(e.target.files?.[0])} />
      {error && (
        <span className="error" role="alert" data-testid="import-error">
          {error}
        </span>
      )}
    </label>
  );
}

function SharePanel() {
  const [link, setLink] = useState<ShareLink | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const make = async () => {
    try {
      const l = currentShareLink();
      setLink(l);
      await navigator.clipboard?.writeText(l.url).then(
        () => setMessage('Link copied.'),
        () => setMessage('Copy the link below.'),
      );
    } catch (e) {
      setLink(null);
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="share">
      <button type="button" data-testid="share-button" onClick={() => void make()}>
        Copy share link
      </button>
      {message && <span role="status"> {message}</span>}
      {link && (
        <>
          <input className="share-url" readOnly value={link.url} aria-label="Share link" data-testid="share-url" onFocus={(e) => e.target.select()} />
          {link.omitted.length > 0 && <p className="hint">Left out to fit a link: {link.omitted.join(', ')}.</p>}
        </>
      )}
    </div>
  );
}

export function ResultsPanel() {
  const { results, fromLink, sweep } = useLabStore(useShallow((s) => ({ results: s.results, fromLink: s.fromLink, sweep: s.sweep })));
  const show = useUiStore((s) => s.show);
  const model = useMemo(() => (results ? chartModel(results) : null), [results]);
  const done = results?.runs.filter((e) => e.status === 'done').length ?? 0;
  return (
    <section className="panel results-panel" aria-labelledby="results-title">
      <div className="run-header">
        <h2 id="results-title">Results</h2>
        {fromLink && (
          <p className="hint" data-testid="from-link">
            These results came with a shared link; nothing was re-run.
          </p>
        )}
      </div>
      {!results || !model || done === 0 ? (
        <p className="muted" data-testid="no-results">
          No finished runs yet. Start an experiment from the Start or Setup page.
        </p>
      ) : (
        <ResultChart model={model} />
      )}
      <div className="controls export-controls" role="group" aria-label="Export and share">
        <button type="button" disabled={!done} onClick={() => results && exportSvg(results)} data-testid="export-svg">
          SVG
        </button>
        <button type="button" disabled={!done} onClick={() => results && void exportPng(results)} data-testid="export-png">
          PNG
        </button>
        <button type="button" disabled={!results} onClick={() => results && exportJson(results)} data-testid="export-json">
          JSON
        </button>
        <button type="button" disabled={!results} onClick={() => results && exportCsv(results)} data-testid="export-csv">
          CSV
        </button>
        <button
          type="button"
          data-testid="rerun"
          disabled={sweep !== 'idle'}
          onClick={() => {
            void startSweep({ fresh: true });
            show('runs');
          }}
        >
          Re-run
        </button>
      </div>
      <SharePanel />
      <ExperimentImport />
      <ReferenceRuns />
    </section>
  );
}
