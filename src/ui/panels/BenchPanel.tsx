/**
 * Benchmark: training throughput of model presets on each tensor backend, measured in the engine
 * worker with core/train/bench.ts (warm-up, one profiled step for the kernel count, then timed
 * steps on random tokens). Combinations run one at a time; the table fills as each one ends.
 */
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { countParams, DEFAULT_VOCAB, MODEL_SIZE_NAMES, presetConfig } from '../../core/model/config';
import { type BenchBackendName } from '../../core/engine/protocol';
import { BACKENDS } from '../../core/model/backends';
import { threadsLabel } from '../components/BackendBadge';
import { NumberField } from '../components/NumberField';
import { isBenchActive, useBenchStore, type BenchStatus, type BenchTableRow } from '../stores/benchStore';

const BACKEND_LABELS: Record<BenchBackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly (wasm)',
  cpu: 'CPU (plain JS, slow)',
};

const STATUS_TEXT: Record<BenchStatus, string> = {
  idle: 'Ready',
  running: 'Measuring…',
  cancelling: 'Cancelling after the current measurement…',
  done: 'Finished',
  cancelled: 'Cancelled',
};

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function formatParams(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${Math.round(n / 1e3)}K`;
}

function ResultCells({ row }: { row: BenchTableRow }) {
  const r = row.result;
  if (row.state === 'done' && r) {
    return (
      <>
        <td data-col="backend">
          <span className={`badge badge-${r.backend}`}>{r.backend}</span>
          {r.threads !== undefined && (
            <span className="muted" data-testid="bench-threads">
              {' '}
              {threadsLabel(r.threads)}
            </span>
          )}
        </td>
        <td data-col="params" data-value={r.params}>
          {formatParams(r.params)}
        </td>
        <td data-col="layers" data-value={r.layers}>
          {r.layers}
        </td>
        <td data-col="tokens-per-sec" data-value={r.tokensPerSec}>
          {integer.format(r.tokensPerSec)}
        </td>
        <td data-col="ms-per-step" data-value={r.msPerStep}>
          {oneDecimal.format(r.msPerStep)}
        </td>
        <td data-col="kernels-per-step" data-value={r.kernelsPerStep ?? ''}>
          {r.kernelsPerStep ?? '–'}
        </td>
      </>
    );
  }
  const text =
    row.state === 'unavailable'
      ? `unavailable: ${row.message ?? 'did not start'}`
      : row.state === 'error'
        ? `failed: ${row.message ?? 'unknown error'}`
        : row.state === 'running'
          ? 'measuring…'
          : row.state === 'cancelled'
            ? 'cancelled'
            : 'waiting';
  return (
    <>
      <td data-col="backend">{row.requested}</td>
      <td colSpan={5} data-col="message" className={row.state === 'error' ? 'bench-message bench-failed' : 'bench-message'}>
        {text}
      </td>
    </>
  );
}

export function BenchPanel() {
  const s = useBenchStore(useShallow((st) => ({ settings: st.settings, status: st.status, rows: st.rows, unavailable: st.unavailable })));
  const { setSettings, togglePreset, toggleBackend, run, cancel } = useBenchStore.getState();
  const active = isBenchActive(s.status);
  const ended = s.rows.filter((r) => r.state !== 'pending' && r.state !== 'running').length;
  const current = s.rows.find((r) => r.state === 'running');
  const nothingPicked = s.settings.presets.length === 0 || s.settings.backends.length === 0;
  const tableTitle = useId();
  const noteId = useId();

  return (
    <section className="panel train-panel bench-panel" aria-labelledby="bench-title">
      <div className="panel-side">
        <h2 id="bench-title">Benchmark</h2>
        <p className="muted intro">Training speed of each model size on each backend, measured in the background worker on random tokens.</p>
        <fieldset className="settings" disabled={active}>
          <legend>Model sizes</legend>
          <div className="checks">
            {MODEL_SIZE_NAMES.map((p) => {
              const c = presetConfig(p, DEFAULT_VOCAB, s.settings.seqLen);
              return (
                <label key={p} className="check-inline">
                  <input
                    type="checkbox"
                    data-testid={`bench-preset-${p}`}
                    checked={s.settings.presets.includes(p)}
                    onChange={(e) => togglePreset(p, e.target.checked)}
                  />{' '}
                  {p} <span className="muted">({formatParams(countParams(c))})</span>
                </label>
              );
            })}
          </div>
        </fieldset>
        <fieldset className="settings" disabled={active}>
          <legend>Backends</legend>
          <ul className="bench-backends">
            {BACKENDS.map((b) => {
              const why = s.unavailable[b];
              const whyId = `bench-why-${b}`;
              return (
                <li key={b}>
                  <label className="check-inline">
                    <input
                      type="checkbox"
                      data-testid={`bench-backend-${b}`}
                      checked={s.settings.backends.includes(b)}
                      aria-describedby={why ? whyId : undefined}
                      onChange={(e) => toggleBackend(b, e.target.checked)}
                    />{' '}
                    {BACKEND_LABELS[b]}
                  </label>
                  {why && (
                    <small id={whyId} className="hint bench-unavailable" data-testid={`bench-unavailable-${b}`}>
                      unavailable: {why}
                    </small>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
        <fieldset className="settings" disabled={active}>
          <legend>Measurement</legend>
          <div className="field-row">
            <NumberField label="Batch size" testId="bench-batch" value={s.settings.batch} min={1} max={256} onChange={(batch) => setSettings({ batch })} />
            <NumberField
              label="Sequence length"
              testId="bench-seqlen"
              value={s.settings.seqLen}
              min={8}
              max={512}
              onChange={(seqLen) => setSettings({ seqLen })}
            />
          </div>
          <NumberField
            label="Timed steps"
            testId="bench-steps"
            value={s.settings.steps}
            min={1}
            max={1000}
            hint="After 2 warm-up steps and 1 profiled step."
            onChange={(steps) => setSettings({ steps })}
          />
        </fieldset>
        <div className="controls" role="group" aria-label="Benchmark controls">
          <button type="button" className="primary" data-testid="bench-run" onClick={() => void run()} disabled={active || nothingPicked}>
            Run
          </button>
          <button type="button" data-testid="bench-cancel" onClick={cancel} disabled={s.status !== 'running'}>
            Cancel
          </button>
        </div>
        {nothingPicked && !active && <p className="hint">Pick at least one model size and one backend.</p>}
      </div>
      <div className="panel-main">
        <div className="run-header">
          <p className="status" role="status">
            <span className={`status-dot status-${s.status === 'cancelling' ? 'running' : s.status}`} aria-hidden="true" />
            {STATUS_TEXT[s.status]}
            {current && s.status === 'running' && ` ${current.preset} on ${current.requested} (${ended + 1} of ${s.rows.length})`}
          </p>
          <span hidden data-testid="bench-status">
            {s.status}
          </span>
        </div>
        <progress className="progress" max={Math.max(1, s.rows.length)} value={ended} aria-label="Benchmark progress" />
        <div className="bench-table-scroll" role="region" aria-labelledby={tableTitle} tabIndex={0}>
          <table className="results-table bench-table" data-testid="bench-table" aria-describedby={noteId}>
            <caption id={tableTitle}>
              Training throughput (batch {s.rows[0]?.result?.batch ?? s.settings.batch}, sequence length {s.rows[0]?.result?.seqLen ?? s.settings.seqLen})
            </caption>
            <thead>
              <tr>
                <th scope="col">Preset</th>
                <th scope="col">Backend used</th>
                <th scope="col">Params</th>
                <th scope="col">Layers</th>
                <th scope="col">Tokens/s</th>
                <th scope="col">ms/step</th>
                <th scope="col">Kernels/step</th>
              </tr>
            </thead>
            <tbody>
              {s.rows.length === 0 ? (
                <tr>
                  <td colSpan={7} className="bench-message">
                    No measurements yet: pick sizes and backends, then Run.
                  </td>
                </tr>
              ) : (
                s.rows.map((row) => (
                  <tr
                    key={row.key}
                    data-testid={`bench-row-${row.preset}-${row.requested}`}
                    data-state={row.state}
                    aria-busy={row.state === 'running' || undefined}
                  >
                    <th scope="row">{row.preset}</th>
                    <ResultCells row={row} />
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
        <div id={noteId} className="bench-note muted">
          <p>
            <strong>Tokens/s</strong> is batch × sequence length ÷ the mean time of one training step (forward, backward and an AdamW update), timed after
            warm-up steps that compile shaders and allocate buffers. <strong>Backend used</strong> is the one tfjs actually ran on; a backend that fails to
            start is shown as unavailable, never measured on a fallback.
          </p>
          <p>
            <strong>Kernels/step</strong> counts the kernels one step launches, from <code>tf.profile</code>: forward, backward and optimizer together. On a GPU
            a tiny model's step is dominated by the fixed cost of dispatching each kernel, not by arithmetic, so fewer kernels means a faster step; wasm and cpu
            pay far less per kernel and are bound by the arithmetic instead.
          </p>
        </div>
      </div>
    </section>
  );
}
