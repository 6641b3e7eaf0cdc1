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
import { predictStepMs, REFERENCE_WORKLOAD, referenceFlops, type StepCostFit } from '../../core/model/step-cost';
import { isBenchActive, unfittedBackends, useBenchStore, type BenchStatus, type BenchTableRow } from '../stores/benchStore';

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
const twoDigits = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });

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
        <td data-col="gflops" data-value={r.gflops}>
          {twoDigits.format(r.gflops)}
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
      <td colSpan={6} data-col="message" className={row.state === 'error' ? 'bench-message bench-failed' : 'bench-message'}>
        {text}
      </td>
    </>
  );
}

/** Per backend: the line through its measured sizes, and what it predicts for the lab's reference step. */
function StepFits({ fits, unfitted, onForget, busy }: { fits: StepCostFit[]; unfitted: string[]; onForget: () => void; busy: boolean }) {
  const { size, batch, seqLen } = REFERENCE_WORKLOAD;
  const flops = referenceFlops();
  return (
    <section className="bench-fits" aria-labelledby="bench-fits-title" data-testid="bench-fits">
      <h3 id="bench-fits-title">Fixed cost and speed per backend</h3>
      {unfitted.map((b) => (
        <p key={b} className="hint" role="status" data-testid={`bench-nofit-${b}`}>
          <span className={`badge badge-${b}`}>{b}</span> gave no line this time: its larger model was not slower than the smaller one, so the step is mostly
          fixed cost or the machine was busier for one of them. Measure sizes further apart (nano and tiny) or more steps.
          {fits.some((f) => f.backend === b) ? ' Its earlier line is kept.' : ''}
        </p>
      ))}
      {fits.length === 0 ? (
        <p className="muted" data-testid="bench-fits-empty">
          Measure two or more model sizes on a backend to fit ms/step = fixed cost + FLOPs ÷ speed. Auto then picks the backend these lines predict fastest for
          a {size} model at {batch} × {seqLen}; until then it times one small step on each.
        </p>
      ) : (
        <>
          <ul>
            {fits.map((f) => (
              <li key={f.backend} data-testid={`bench-fit-${f.backend}`} data-gflops={f.gflops} data-overhead-ms={f.overheadMs}>
                <span className={`badge badge-${f.backend}`}>{f.backend}</span> {twoDigits.format(f.gflops)} GFLOP/s, {oneDecimal.format(f.overheadMs)} ms fixed
                per step ({f.points} measurements) → {integer.format(predictStepMs(f, flops))} ms predicted for a {size} step at {batch} × {seqLen}
              </li>
            ))}
          </ul>
          <p className="muted">
            Auto uses these (kept in this browser) when two or more backends have one, from the next start of the engine&apos;s backend.{' '}
            <button type="button" data-testid="bench-fits-forget" onClick={onForget} disabled={busy}>
              Forget them
            </button>
          </p>
        </>
      )}
    </section>
  );
}

export function BenchPanel() {
  const s = useBenchStore(useShallow((st) => ({ settings: st.settings, status: st.status, rows: st.rows, unavailable: st.unavailable, fits: st.fits })));
  const { setSettings, togglePreset, toggleBackend, run, cancel, forgetFits } = useBenchStore.getState();
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
                <th scope="col">GFLOP/s</th>
                <th scope="col">Kernels/step</th>
              </tr>
            </thead>
            <tbody>
              {s.rows.length === 0 ? (
                <tr>
                  <td colSpan={8} className="bench-message">
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
        <StepFits fits={s.fits} unfitted={active ? [] : unfittedBackends(s.rows)} onForget={forgetFits} busy={active} />
        <div id={noteId} className="bench-note muted">
          <p>
            <strong>Tokens/s</strong> is batch × sequence length ÷ the mean time of one training step (forward, backward and an AdamW update), timed after
            warm-up steps that compile shaders and allocate buffers. <strong>Backend used</strong> is the one tfjs actually ran on; a backend that fails to
            start is shown as unavailable, never measured on a fallback.
          </p>
          <p>
            <strong>GFLOP/s</strong> is the step&apos;s training arithmetic (6 FLOPs per parameter per token, plus attention) ÷ its time: what the backend
            achieved, overhead included. <strong>Kernels/step</strong> counts the kernels one step launches, from <code>tf.profile</code>: forward, backward and
            optimizer together. On a GPU a tiny model's step is dominated by the fixed cost of dispatching each kernel, not by arithmetic, so fewer kernels
            means a faster step; wasm and cpu pay far less per kernel and are bound by the arithmetic instead.
          </p>
        </div>
      </div>
    </section>
  );
}
