/** The knobs of a pretraining run: where it runs, how big the model is, how long it trains. */
import { useId } from 'react';
import { countParams, DEFAULT_VOCAB, MODEL_SIZE_NAMES, presetConfig, type ModelSizeName } from '../../core/model/config';
import { BACKEND_CHOICES, type BackendChoiceName } from '../../core/engine/protocol';
import type { TrainSettings } from '../stores/trainStore';
import { NumberField } from './NumberField';

const BACKEND_LABELS: Record<BackendChoiceName, string> = {
  auto: 'auto (best available)',
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly (wasm)',
  cpu: 'CPU (plain JS, slow)',
};

function formatParams(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${Math.round(n / 1e3)}K`;
}

interface Props {
  settings: TrainSettings;
  disabled: boolean;
  onChange(patch: Partial<TrainSettings>): void;
}

export function TrainSettingsForm({ settings, disabled, onChange }: Props) {
  const backendId = useId();
  const presetId = useId();
  return (
    <fieldset className="settings" disabled={disabled}>
      <legend>Run settings</legend>
      <div className="field">
        <label htmlFor={backendId}>Backend</label>
        <select
          id={backendId}
          data-testid="backend-select"
          value={settings.backend}
          onChange={(e) => onChange({ backend: e.target.value as BackendChoiceName })}
        >
          {BACKEND_CHOICES.map((b) => (
            <option key={b} value={b}>
              {BACKEND_LABELS[b]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={presetId}>Model size</label>
        <select id={presetId} data-testid="preset-select" value={settings.preset} onChange={(e) => onChange({ preset: e.target.value as ModelSizeName })}>
          {MODEL_SIZE_NAMES.map((p) => {
            const c = presetConfig(p, DEFAULT_VOCAB, settings.seqLen);
            return (
              <option key={p} value={p}>
                {p} ({formatParams(countParams(c))} params, {c.nLayer}×{c.nEmbd})
              </option>
            );
          })}
        </select>
      </div>
      <div className="field-row">
        <NumberField label="Steps" testId="steps-input" value={settings.steps} min={1} max={100000} onChange={(steps) => onChange({ steps })} />
        <NumberField label="Batch size" testId="batch-input" value={settings.batchSize} min={1} max={256} onChange={(batchSize) => onChange({ batchSize })} />
      </div>
      <div className="field-row">
        <NumberField label="Sequence length" testId="seqlen-input" value={settings.seqLen} min={8} max={512} onChange={(seqLen) => onChange({ seqLen })} />
        <NumberField
          label="Learning rate"
          testId="lr-input"
          value={settings.lr}
          min={1e-6}
          max={1}
          step="any"
          integer={false}
          onChange={(lr) => onChange({ lr })}
        />
      </div>
      <NumberField label="Seed" testId="seed-input" value={settings.seed} min={0} max={2 ** 31 - 1} onChange={(seed) => onChange({ seed })} />
    </fieldset>
  );
}
