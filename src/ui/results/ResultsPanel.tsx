/**
 * Results: answer first — the finding (FindingView: the paired gain per row, the chance level and one
 * sentence) — then, one click away, the preset's full figure (every series, the paper's values) and its
 * table; exports (SVG, PNG, JSON, CSV), the share link, experiment-file import and the bundled reference
 * runs, and this browser's earlier experiments (two of them side by side). Results opened from a link are
 * shown as they are; "Re-run" (after asking) runs the experiment here.
 */
import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { expandRuns } from '../../core/experiments/presets';
import type { FigureMetricName } from '../../core/experiments/figure-metric';
import { parseResults } from '../../core/experiments/results';
import { ConfirmButton } from '../components/ConfirmButton';
import { HistoryPanel } from '../history/HistoryPanel';
import { useLabStore } from '../lab/labStore';
import { startSweep } from '../lab/sweep';
import { useUiStore } from '../stores/uiStore';
import { chartModel } from './chartModel';
import { exportCsv, exportJson, exportPng, exportSvg } from './exporters';
import { findingOf } from './finding';
import { FindingView } from './FindingView';
import { openResults } from './openResults';
import { ReferenceRuns } from './ReferenceRuns';
import { ResultChart } from './ResultChart';
import { SharePanel } from './SharePanel';

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
    <label className="upload results-source">
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

function rerunQuestion(done: number, setupRuns: number): string {
  return done > 0
    ? `Re-running replaces the ${done} finished run${done === 1 ? '' : 's'} shown here with a fresh run of this experiment in this tab. Download them first (JSON) to keep them.`
    : `This starts the experiment set up on the Setup page (${setupRuns} runs) in this tab.`;
}

export function ResultsPanel() {
  const { results, fromLink, sweep, spec } = useLabStore(useShallow((s) => ({ results: s.results, fromLink: s.fromLink, sweep: s.sweep, spec: s.spec })));
  const show = useUiStore((s) => s.show);
  const [showFull, setShowFull] = useState(false);
  const [metric, setMetric] = useState<FigureMetricName>('acc');
  const done = results?.runs.filter((e) => e.status === 'done').length ?? 0;
  const model = useMemo(() => (results && done ? chartModel(results, metric) : null), [results, done, metric]);
  const quick = useMemo(() => (results && done ? findingOf(results, { chance: false }) : null), [results, done]);
  const setupRuns = useMemo(() => {
    try {
      return expandRuns(spec).length;
    } catch {
      return 0;
    }
  }, [spec]);
  const hasFinding = !!quick && quick.rows.length > 0;
  const full = showFull || !hasFinding;
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
          No finished runs yet. Start an experiment from the Start or Setup page, or open one of the lab's reference runs below.
        </p>
      ) : (
        <>
          {hasFinding && <FindingView results={results} />}
          {hasFinding && (
            <button type="button" className="toggle-full" data-testid="toggle-full" aria-expanded={full} onClick={() => setShowFull(!showFull)}>
              {full ? 'Hide the full comparison' : 'Show the full comparison (every series, the paper’s values)'}
            </button>
          )}
          {full && (
            <label className="figure-metric">
              Score{' '}
              <select
                data-testid="figure-metric"
                title="Balanced accuracy: mean recall over classes, so a constant answer scores 1/K"
                value={metric}
                onChange={(e) => setMetric(e.target.value as FigureMetricName)}
              >
                <option value="acc">accuracy</option>
                <option value="bal_acc">balanced accuracy</option>
              </select>
            </label>
          )}
          {full && <ResultChart model={model} />}
        </>
      )}
      <div className="controls export-controls" role="group" aria-label="Export and share">
        <button type="button" disabled={!done} onClick={() => results && exportSvg(results, metric)} data-testid="export-svg">
          SVG
        </button>
        <button type="button" disabled={!done} onClick={() => results && void exportPng(results, metric)} data-testid="export-png">
          PNG
        </button>
        <button type="button" disabled={!results} onClick={() => results && exportJson(results)} data-testid="export-json">
          JSON
        </button>
        <button type="button" disabled={!results} onClick={() => results && exportCsv(results)} data-testid="export-csv">
          CSV
        </button>
        <ConfirmButton
          testId="rerun"
          disabled={sweep !== 'idle' || (done === 0 && setupRuns === 0)}
          confirm={rerunQuestion(done, setupRuns)}
          confirmLabel={done > 0 ? 'Replace and re-run' : 'Run it'}
          onConfirm={() => {
            void startSweep({ fresh: true });
            show('runs');
          }}
        >
          Re-run
        </ConfirmButton>
      </div>
      <SharePanel />
      <div className="results-sources">
        <ExperimentImport />
        <ReferenceRuns />
      </div>
      <HistoryPanel />
    </section>
  );
}
