/**
 * A labelled number input that lets the user type freely (even clear the field) and only commits
 * values that are whole/finite and within bounds; otherwise it marks itself invalid.
 */
import { useEffect, useId, useState } from 'react';

interface Props {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number | 'any';
  integer?: boolean;
  disabled?: boolean;
  hint?: string;
  testId?: string;
  onChange(value: number): void;
}

export function NumberField({ label, value, min, max, step = 1, integer = true, disabled, hint, testId, onChange }: Props) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => {
    // Follow outside changes (e.g. a reset) without clobbering what the user is typing.
    setText((t) => (Number(t) === value ? t : String(value)));
  }, [value]);
  const parsed = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(parsed) && parsed >= min && parsed <= max && (!integer || Number.isInteger(parsed));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={min}
        max={max}
        step={step}
        value={text}
        disabled={disabled}
        aria-invalid={!valid}
        aria-describedby={hint ? `${id}-hint` : undefined}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n))) onChange(n);
        }}
      />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {valid ? hint : `Enter ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`}
        </small>
      )}
    </div>
  );
}
