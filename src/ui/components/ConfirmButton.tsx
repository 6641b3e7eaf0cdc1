/**
 * A button whose action first asks, inline, when `confirm` is a message: for actions that replace
 * results (Re-run, reproducing a figure over finished runs). `confirm: null` acts at once.
 */
import { useState, type ReactNode } from 'react';

interface Props {
  testId: string;
  className?: string;
  disabled?: boolean;
  confirm: string | null;
  /** The confirming button's text ("Replace and re-run"). */
  confirmLabel: string;
  onConfirm(): void;
  children: ReactNode;
}

export function ConfirmButton({ testId, className, disabled, confirm, confirmLabel, onConfirm, children }: Props) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button
        type="button"
        className={className}
        data-testid={testId}
        disabled={disabled}
        aria-expanded={confirm ? asking : undefined}
        onClick={() => (confirm ? setAsking(true) : onConfirm())}
      >
        {children}
      </button>
      {asking && confirm && (
        <div className="confirm" role="alertdialog" aria-label="Please confirm" data-testid={`${testId}-confirm`}>
          <p>{confirm}</p>
          <button
            type="button"
            className="primary"
            data-testid={`${testId}-yes`}
            autoFocus
            onClick={() => {
              setAsking(false);
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>{' '}
          <button type="button" data-testid={`${testId}-no`} onClick={() => setAsking(false)}>
            Keep the results
          </button>
        </div>
      )}
    </>
  );
}
