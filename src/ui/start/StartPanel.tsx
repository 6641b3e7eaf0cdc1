/**
 * The landing view: one click reproduces a FLAN figure in miniature on the shipped base models,
 * with budgets small enough that a first zero-shot result appears within a minute or two. Over
 * finished results it asks first, since the new sweep replaces them.
 */
import { useState } from 'react';
import type { PresetName } from '../../core/experiments/presets';
import { quickSpec, useLabStore } from '../lab/labStore';
import { startSweep } from '../lab/sweep';
import { useUiStore } from '../stores/uiStore';
import { templateIssues } from '../../core/tasks';
import { openReference } from '../results/ReferenceRuns';
import { findReference } from '../results/references';

const FIGURES: { preset: PresetName; figure: string; question: string; reference: string }[] = [
  { preset: 'main', figure: 'Figure 1', question: 'Does instruction tuning help on a task family the model never saw?', reference: 'main-tiny-h100' },
  { preset: 'clusters', figure: 'Figure 6', question: 'Does tuning on more task clusters help more?', reference: 'clusters-tiny-h100' },
  { preset: 'scale', figure: 'Figure 7', question: 'Does it help small models as much as bigger ones?', reference: 'scale-h100' },
  { preset: 'instructions', figure: 'Figure 8', question: 'Is it the instructions, or just multi-task training?', reference: 'instructions-tiny-h100' },
];

export function StartPanel() {
  const show = useUiStore((s) => s.show);
  const setTourOpen = useUiStore((s) => s.setTourOpen);
  const busy = useLabStore((s) => s.sweep !== 'idle');
  const blocked = templateIssues(useLabStore((s) => s.templates)).length > 0;
  const finished = useLabStore((s) => s.results?.runs.filter((e) => e.status === 'done').length ?? 0);
  const [asking, setAsking] = useState<PresetName | null>(null);
  const reproduce = (preset: PresetName) => {
    setAsking(null);
    // Keep the backend the user chose on the Setup panel (auto unless they overrode it).
    useLabStore.setState((s) => ({ spec: quickSpec(preset, { backend: s.spec.backend }), notice: null }));
    void startSweep({ fresh: true }).catch(() => undefined);
    show('runs');
  };
  const seeReference = async (id: string) => {
    try {
      await openReference(id);
      show('results');
    } catch (e) {
      useLabStore.getState().setNotice({ kind: 'error', text: `The reference run ${id} could not be opened: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  return (
    <section className="panel start-panel" aria-labelledby="start-title">
      <h2 id="start-title">Reproduce the FLAN paper, in miniature</h2>
      <p className="intro">
        FLAN (Wei et al., 2022) fine-tunes a language model on many tasks phrased as instructions, then asks it to do task families it never saw. This lab does the same with tiny GPTs
        trained on a made-up world, in your browser. Pick a figure: it runs on a small shipped model with a small budget, so the first result appears quickly.
      </p>
      <ul className="figure-grid">
        {FIGURES.map((f) => (
          <li key={f.preset}>
            <button type="button" className="figure-card" disabled={busy || blocked} data-testid={`reproduce-${f.preset}`} onClick={() => (finished > 0 ? setAsking(f.preset) : reproduce(f.preset))}>
              <strong>Reproduce {f.figure}</strong>
              <span>{f.question}</span>
            </button>
            {findReference(f.reference) && (
              <button type="button" className="reference-link" disabled={busy} data-testid={`reference-${f.preset}`} onClick={() => void seeReference(f.reference)}>
                or see the full-budget result (H100, 3 seeds) →
              </button>
            )}
          </li>
        ))}
      </ul>
      {asking && (
        <div className="confirm" role="alertdialog" aria-label="Please confirm" data-testid="reproduce-confirm">
          <p>
            Reproducing {FIGURES.find((f) => f.preset === asking)?.figure} replaces the {finished} finished run{finished === 1 ? '' : 's'} on the Results page. Download them
            first (Results → JSON) to keep them.
          </p>
          <button type="button" className="primary" data-testid="reproduce-yes" autoFocus onClick={() => reproduce(asking)}>
            Replace and run
          </button>{' '}
          <button type="button" data-testid="reproduce-no" onClick={() => setAsking(null)}>
            Keep the results
          </button>
        </div>
      )}
      {blocked && (
        <p className="error" role="alert">
          An edited template has a problem, so nothing can run until it is fixed (Suite panel).
        </p>
      )}
      <div className="controls">
        <button type="button" onClick={() => setTourOpen(true)} data-testid="tour-button">
          Take the 1-minute tour
        </button>
        <button type="button" onClick={() => show('setup')}>
          Set up your own experiment
        </button>
      </div>
    </section>
  );
}
