/**
 * Setup: choose an experiment (a FLAN figure), which clusters are held out, model sizes, budget,
 * seeds and backend. The result is a PresetSpec (validated by makeSpec) and its run list
 * (expandRuns), shown with a count and a rough time estimate before anything runs.
 */
import { useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { expandRuns, makeSpec, PRESET_NAMES, PRESETS, type PresetName, type PresetSpec } from '../../core/experiments/presets';
import { MODEL_SIZES, type ClusterName, type ModelSize } from '../../core/experiments/names';
import { describeRun } from '../../core/experiments/spec';
import { BACKEND_CHOICES, type BackendChoiceName } from '../../core/engine/protocol';
import { NumberField } from '../components/NumberField';
import { BackendBadge } from '../components/BackendBadge';
import { ConfirmButton } from '../components/ConfirmButton';
import { useLabStore } from '../lab/labStore';
import { startSweep } from '../lab/sweep';
import { specLimitProblems } from '../../core/share';
import {
  cycleCustomCluster,
  estimateSeconds,
  formatDuration,
  heldOutOf,
  heldOutSeparately,
  sizesOf,
  switchPreset,
  withHeldOut,
  withSizes,
} from '../lab/specFields';
import { templateIssues } from '../../core/tasks';
import { useUiStore } from '../stores/uiStore';
import { ClusterMap } from './ClusterMap';
import { ShippedModels } from './ShippedModels';

/** Each preset's picker title, from its file (presets/<name>.ts). */
export const PRESET_TITLES = Object.fromEntries(PRESET_NAMES.map((p) => [p, PRESETS[p].title])) as Record<PresetName, string>;

function parseSeeds(text: string): number[] | null {
  const seeds = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  return seeds.length > 0 && seeds.every((s) => Number.isInteger(s) && s >= 0) ? [...new Set(seeds)] : null;
}

export function SetupPanel() {
  const { spec, templates, sweep, backend, results } = useLabStore(
    useShallow((s) => ({ spec: s.spec, templates: s.templates, sweep: s.sweep, backend: s.backend, results: s.results })),
  );
  const show = useUiStore((s) => s.show);
  const [seedText, setSeedText] = useState(spec.seeds.join(', '));
  const [problem, setProblem] = useState<string | null>(null);
  const presetId = useId();
  const backendId = useId();
  const sizeId = useId();
  const busy = sweep !== 'idle';

  /** Every change goes through makeSpec so the stored spec is always a valid one. */
  const update = (next: PresetSpec) => {
    try {
      const { preset, ...rest } = next;
      useLabStore.getState().setSpec(makeSpec(preset, rest as never));
      setProblem(null);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  };

  const { runs, runError } = useMemo(() => {
    try {
      return { runs: expandRuns(spec), runError: null };
    } catch (e) {
      return { runs: [], runError: e instanceof Error ? e.message : String(e) };
    }
  }, [spec]);
  const issues = templateIssues(templates);
  const heldOut = heldOutOf(spec);
  const toggleCluster = (c: ClusterName) => {
    if (spec.preset === 'custom') {
      try {
        return update(cycleCustomCluster(spec, c));
      } catch (e) {
        return setProblem(e instanceof Error ? e.message : String(e));
      }
    }
    const next = heldOut.includes(c) ? heldOut.filter((x) => x !== c) : [...heldOut, c];
    if (next.length === 0) return setProblem('Hold out at least one cluster: it is what the model is evaluated on.');
    update(withHeldOut(spec, next));
  };
  const toggleSize = (size: ModelSize) => {
    const sizes = sizesOf(spec);
    const next = sizes.includes(size) ? sizes.filter((s) => s !== size) : MODEL_SIZES.filter((s) => s === size || sizes.includes(s));
    if (next.length) update(withSizes(spec, next));
  };
  // The same caps as the share link and the CLI (src/core/share/limits.ts): a setting past one blocks Run with its message.
  const limitProblems = specLimitProblems(spec);
  const canRun = !busy && runs.length > 0 && issues.length === 0 && limitProblems.length === 0;
  // Finished runs the new sweep would drop (a run of the same id is kept and not redone).
  const lost = useMemo(() => {
    const ids = new Set(runs.map((r) => r.id));
    return (results?.runs ?? []).filter((e) => e.status === 'done' && !ids.has(e.run.id)).length;
  }, [runs, results]);

  return (
    <section className="panel setup-panel" aria-labelledby="setup-title">
      <div className="setup-form">
        <h2 id="setup-title">Set up an experiment</h2>
        <fieldset className="settings" disabled={busy}>
          <legend>Experiment</legend>
          <div className="field">
            <label htmlFor={presetId}>Experiment</label>
            <select
              id={presetId}
              data-testid="preset-picker"
              value={spec.preset}
              onChange={(e) => e.target.value !== spec.preset && update(switchPreset(spec, e.target.value as PresetName))}
            >
              {PRESET_NAMES.map((p) => (
                <option key={p} value={p}>
                  {PRESET_TITLES[p]}
                </option>
              ))}
            </select>
          </div>
          {spec.preset === 'custom' ? (
            <p className="hint">
              Click a cluster to cycle it: tuned on → held out → unused. Clusters too close to a held-out one are excluded from tuning (clicking one holds it
              out).
            </p>
          ) : (
            <p className="hint">
              {heldOutSeparately(spec)
                ? 'Each held-out cluster gets its own tuned model.'
                : 'The held-out clusters are evaluated together, as in the paper’s ablations.'}{' '}
              Click a cluster to hold it out.
            </p>
          )}
          <ClusterMap heldOut={heldOut} disabled={busy} onToggle={toggleCluster} tuning={spec.preset === 'custom' ? spec.tuningClusters : undefined} />
          {spec.preset === 'custom' && (
            <label className="field">
              <input
                type="checkbox"
                data-testid="setup-eval-fewshot"
                checked={spec.evalFewShot}
                onChange={(e) => update({ ...spec, evalFewShot: e.target.checked })}
              />{' '}
              Also evaluate few-shot
            </label>
          )}
        </fieldset>
        <fieldset className="settings budget" disabled={busy}>
          <legend>Model and budget</legend>
          {spec.preset === 'scale' ? (
            <div className="field" role="group" aria-label="Model sizes">
              <span className="label">Model sizes</span>
              <div className="checks">
                {MODEL_SIZES.map((s) => (
                  <label key={s}>
                    <input type="checkbox" checked={spec.sizes.includes(s)} onChange={() => toggleSize(s)} /> {s}
                  </label>
                ))}
              </div>
            </div>
          ) : (
            <div className="field">
              <label htmlFor={sizeId}>Base model</label>
              <select
                id={sizeId}
                data-testid="size-select"
                value={spec.modelSize}
                onChange={(e) => update({ ...spec, modelSize: e.target.value as ModelSize })}
              >
                {MODEL_SIZES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </div>
          )}
          <div className="field-row">
            <NumberField label="Tuning steps" testId="setup-steps" value={spec.steps} min={1} max={100000} onChange={(steps) => update({ ...spec, steps })} />
            <NumberField
              label="Learning rate"
              testId="setup-lr"
              value={spec.lr}
              min={1e-6}
              max={1}
              step="any"
              integer={false}
              onChange={(lr) => update({ ...spec, lr })}
            />
          </div>
          <div className="field-row">
            <NumberField
              label="Batch size"
              testId="setup-batch"
              value={spec.batchSize}
              min={1}
              max={256}
              onChange={(batchSize) => update({ ...spec, batchSize })}
            />
            <NumberField
              label="Eval examples"
              testId="setup-eval-examples"
              value={spec.evalExamples}
              min={1}
              max={300}
              onChange={(evalExamples) => update({ ...spec, evalExamples })}
            />
          </div>
          <div className="field-row">
            <NumberField
              label="Eval templates"
              testId="setup-eval-templates"
              value={spec.evalTemplatesPerDataset}
              min={1}
              max={10}
              onChange={(evalTemplatesPerDataset) => update({ ...spec, evalTemplatesPerDataset })}
            />
            <div className="field advanced">
              <NumberField
                label="Tuning templates"
                value={spec.templatesPerDataset}
                min={1}
                max={10}
                onChange={(templatesPerDataset) => update({ ...spec, templatesPerDataset })}
              />
            </div>
          </div>
          {(spec.preset === 'main' || spec.preset === 'fewshot' || (spec.preset === 'custom' && spec.evalFewShot)) && (
            <div className="field-row advanced">
              <NumberField
                label="Few-shot exemplars"
                testId="setup-kshot"
                value={spec.kShot}
                min={1}
                max={8}
                onChange={(kShot) => update({ ...spec, kShot })}
              />
            </div>
          )}
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${sizeId}-seeds`}>Seeds</label>
              <input
                id={`${sizeId}-seeds`}
                data-testid="setup-seeds"
                value={seedText}
                aria-invalid={parseSeeds(seedText) === null}
                onChange={(e) => {
                  setSeedText(e.target.value);
                  const seeds = parseSeeds(e.target.value);
                  if (seeds) update({ ...spec, seeds });
                }}
              />
            </div>
            <div className="field advanced">
              <label htmlFor={backendId}>Backend</label>
              <select
                id={backendId}
                data-testid="setup-backend"
                value={spec.backend}
                onChange={(e) => update({ ...spec, backend: e.target.value as BackendChoiceName })}
              >
                {BACKEND_CHOICES.map((b) => (
                  <option key={b}>{b}</option>
                ))}
              </select>
            </div>
          </div>
        </fieldset>
      </div>
      <div className="setup-summary">
        <BackendBadge info={backend} requested={spec.backend} />
        <ShippedModels />
        {problem && (
          <p className="error" role="alert" data-testid="setup-problem">
            {problem}
          </p>
        )}
        {runError && <p className="error">{runError}</p>}
        {issues.length > 0 && (
          <div className="error" role="alert" data-testid="template-block">
            Running is disabled: {issues.length} template problem{issues.length === 1 ? '' : 's'} ({issues[0].dataset} / {issues[0].templateId}:{' '}
            {issues[0].message}). Fix them in the Suite panel.
          </div>
        )}
        {limitProblems.length > 0 && (
          <div className="error" role="alert" data-testid="limit-block">
            Running is disabled: {limitProblems.join('; ')}
          </div>
        )}
        <p data-testid="run-count">
          <strong>{runs.length}</strong> runs, {formatDuration(estimateSeconds(runs))} (rough estimate on wasm)
        </p>
        <details className="run-list">
          <summary>Run list</summary>
          <ol>
            {runs.map((r) => (
              <li key={r.id}>{describeRun(r)}</li>
            ))}
          </ol>
        </details>
        <div className="controls">
          <ConfirmButton
            className="primary"
            testId="run-experiment"
            disabled={!canRun}
            confirm={
              lost > 0
                ? `This setup replaces the current results: ${lost} finished run${lost === 1 ? '' : 's'} on the Results page ${lost === 1 ? 'is' : 'are'} not part of it. Download them first (Results → JSON) to keep them.`
                : null
            }
            confirmLabel="Replace and run"
            onConfirm={() => {
              void startSweep();
              show('runs');
            }}
          >
            Run experiment
          </ConfirmButton>
        </div>
      </div>
    </section>
  );
}
