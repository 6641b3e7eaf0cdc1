/**
 * This browser's experiments, newest first: open one as the current experiment, remove one, or tick two to
 * see their findings side by side with the settings they differ in (stacked on a phone).
 */
import { useEffect, useMemo } from 'react';
import { parseResults, type Results } from '../../core/experiments/results';
import { FindingView } from '../results/FindingView';
import { specDifferences, type HistoryEntry } from './history';
import { loadHistory, openHistoryEntry, removeHistoryEntry, toggleCompare, useHistoryStore } from './historyStore';

const when = (t: number) => new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function parsed(entry: HistoryEntry): Results | null {
  try {
    return parseResults(entry.resultsJson);
  } catch {
    return null;
  }
}

function CompareView({ a, b }: { a: HistoryEntry; b: HistoryEntry }) {
  const ra = useMemo(() => parsed(a), [a]);
  const rb = useMemo(() => parsed(b), [b]);
  if (!ra || !rb) return <p className="error">One of these experiments could not be read back.</p>;
  const diff = specDifferences({ spec: ra.spec, templates: a.templates }, { spec: rb.spec, templates: b.templates });
  return (
    <section className="compare" data-testid="compare" aria-label="Two experiments side by side">
      <p className="compare-diff" data-testid="compare-diff">
        {diff.length ? `They differ in ${diff.join('; ')}.` : 'Same settings: the difference is run-to-run noise (or the backend).'}
      </p>
      <div className="compare-cols">
        {[
          [a, ra],
          [b, rb],
        ].map(([entry, results]) => (
          <div className="compare-col" data-testid="compare-col" key={(entry as HistoryEntry).id}>
            <h4>
              {(entry as HistoryEntry).title} <span className="muted small">({when((entry as HistoryEntry).savedAt)})</span>
            </h4>
            <FindingView results={results as Results} />
            {(entry as HistoryEntry).done < (entry as HistoryEntry).total && (
              <p className="hint">
                {(entry as HistoryEntry).done} of {(entry as HistoryEntry).total} runs finished.
              </p>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}

export function HistoryPanel() {
  const entries = useHistoryStore((s) => s.entries);
  const compare = useHistoryStore((s) => s.compare);
  useEffect(() => {
    void loadHistory();
  }, []);
  if (entries.length === 0) return null;
  const picked = compare.map((id) => entries.find((e) => e.id === id)).filter((e): e is HistoryEntry => !!e);
  return (
    <section className="history" data-testid="history" aria-labelledby="history-title">
      <h3 id="history-title">Your experiments in this browser ({entries.length})</h3>
      <p className="hint">Tick two to compare their findings side by side.</p>
      <ul className="history-list">
        {entries.map((e) => (
          <li key={e.id} className="history-item" data-testid="history-item" data-id={e.id}>
            <label className="history-pick">
              <input type="checkbox" data-testid="history-compare" checked={compare.includes(e.id)} onChange={() => toggleCompare(e.id)} />{' '}
              <strong>{e.title}</strong>
            </label>{' '}
            <span className="muted small">
              {when(e.savedAt)} · {e.done} of {e.total} runs
            </span>
            <p className="small history-summary">{e.summary}</p>
            <div className="controls">
              <button type="button" data-testid="history-open" onClick={() => void openHistoryEntry(e)}>
                Open
              </button>
              <button type="button" data-testid="history-remove" onClick={() => void removeHistoryEntry(e.id)}>
                Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
      {picked.length === 2 && <CompareView a={picked[0]} b={picked[1]} />}
    </section>
  );
}
