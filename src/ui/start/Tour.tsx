/** A short guided tour of the ideas the lab is about, as a modal dialog (Escape closes it). */
import { useEffect, useRef, useState } from 'react';
import { useUiStore } from '../stores/uiStore';

const STEPS: { title: string; text: string }[] = [
  {
    title: 'Instruction tuning',
    text: 'A pretrained model only continues text. Instruction tuning trains it on many tasks written as instructions ("Is this review positive? OPTIONS: yes, no"), so that it learns to follow instructions in general.',
  },
  {
    title: 'Held-out clusters',
    text: 'Tasks come in 12 clusters (NLI, sentiment, translation…). To test real generalisation, a whole cluster is held out: the model is tuned on the others and evaluated zero-shot on the held-out one. Clusters too close to it (paraphrase next to NLI) are left out of tuning as well.',
  },
  {
    title: 'Runs and seeds',
    text: 'An experiment expands into runs: the untuned base model evaluated, and tuned models evaluated. Each setting runs for every seed, so the plots can show a 95% confidence interval instead of one lucky number.',
  },
  {
    title: 'Reading the plots',
    text: 'Bars and points are mean accuracy on the held-out tasks; whiskers are 95% confidence intervals over seeds. Grey marks are the paper’s numbers for 137B-parameter models: compare the shape (does tuning help?), not the level.',
  },
];

export function Tour() {
  const open = useUiStore((s) => s.tourOpen);
  const setOpen = useUiStore((s) => s.setTourOpen);
  const [step, setStep] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      setStep(0);
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);
  const s = STEPS[step];
  return (
    <dialog ref={dialog} className="tour" aria-labelledby="tour-title" onClose={() => setOpen(false)} data-testid="tour">
      <h2 id="tour-title">
        {s.title}{' '}
        <span className="muted">
          ({step + 1}/{STEPS.length})
        </span>
      </h2>
      <p>{s.text}</p>
      <div className="controls">
        <button type="button" disabled={step === 0} onClick={() => setStep(step - 1)}>
          Back
        </button>
        {step < STEPS.length - 1 ? (
          <button type="button" className="primary" onClick={() => setStep(step + 1)} autoFocus>
            Next
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => setOpen(false)}>
            Done
          </button>
        )}
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </dialog>
  );
}
