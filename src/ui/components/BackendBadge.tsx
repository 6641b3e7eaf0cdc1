/**
 * Shows the backend actually in use (never just the one asked for) and the GPU adapter if known;
 * under 'auto', what it timed (one training step per backend; the fastest won) or predicted from the user's
 * benchmark fits (the Benchmark panel), and why it passed over a
 * backend (a software GPU that would be slower than wasm).
 */
import type { BackendEventData } from '../../core/engine/protocol';
import { REFERENCE_WORKLOAD } from '../../core/model/step-cost';

const ms = (v: number) => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);

/** "Auto chose wasm, the fastest of one timed training step each (wasm 41 ms, cpu 380 ms); webgpu here is …." */
export function autoWhy(info: BackendEventData, skipped: readonly string[]): string {
  const timings = info.timings ?? [];
  const { size, batch, seqLen } = REFERENCE_WORKLOAD;
  const predicted = info.predictions?.length
    ? `, predicted fastest by your benchmark for a ${size} step at ${batch} × ${seqLen} (${[...info.predictions]
        .sort((a, b) => a.ms - b.ms)
        .map((t) => `${t.backend} ${ms(t.ms)}`)
        .join(', ')})`
    : '';
  const timed = predicted
    ? predicted
    : timings.length > 1
      ? `, the fastest of one timed training step each (${[...timings]
          .sort((a, b) => a.ms - b.ms)
          .map((t) => `${t.backend} ${ms(t.ms)}`)
          .join(', ')})`
      : timings.length === 1
        ? ` (the only backend that started here; one training step took ${ms(timings[0].ms)})`
        : '';
  const skips = skipped.map((f) => f.replace(/^(\w+): skipped by auto, /, '$1 here is ')).join('; ');
  if (!timed && !skips) return '';
  return `Auto chose ${info.backend}${timed}${skips ? `${timed ? '; ' : ': '}${skips}` : ''}.`;
}

export const threadsLabel = (threads: number) => `${threads} thread${threads === 1 ? '' : 's'}`;

/** `compact`: the badge alone (the header's, in lecturer mode), the details in its tooltip. */
export function BackendBadge({ info, requested, compact }: { info: BackendEventData | null; requested: string; compact?: boolean }) {
  const fellBack = info && requested !== 'auto' && info.backend !== requested;
  const skipped = info && requested === 'auto' ? info.failures.filter((f) => / skipped by auto/.test(f)) : [];
  const why = info && requested === 'auto' ? autoWhy(info, skipped) : '';
  if (compact) {
    return (
      <span className="backend" title={[info?.adapter ? `on ${info.adapter}` : '', why].filter(Boolean).join(' ') || undefined}>
        <span className="muted">Backend</span>{' '}
        <span className={`badge ${info ? `badge-${info.backend}` : 'badge-none'}`} data-testid="header-backend-badge">
          {info ? info.backend : 'none yet'}
        </span>
        {info && requested === 'auto' && <span className="muted"> (auto)</span>}
      </span>
    );
  }
  return (
    <div className="backend" aria-live="polite">
      <span className="muted">Backend</span>{' '}
      <span className={`badge ${info ? `badge-${info.backend}` : 'badge-none'}`} data-testid="backend-badge">
        {info ? info.backend : 'none yet'}
      </span>
      {info && requested === 'auto' && <span className="muted"> (auto)</span>}
      {info?.threads !== undefined && (
        <span
          className="muted"
          data-testid="backend-threads"
          title={info.threads > 1 ? undefined : 'More threads need a cross-origin-isolated page (COOP/COEP headers)'}
        >
          {' '}
          · {threadsLabel(info.threads)}
        </span>
      )}
      {info?.adapter && (
        <span className="muted adapter" data-testid="backend-adapter">
          {' '}
          on {info.adapter}
        </span>
      )}
      {why && (
        <p className="hint backend-why" data-testid="backend-why">
          {why}
        </p>
      )}
      {fellBack && (
        <p className="warning" data-testid="backend-fallback">
          {requested} was not available, so {info.backend} is used. {info.failures.join('; ')}
        </p>
      )}
    </div>
  );
}
