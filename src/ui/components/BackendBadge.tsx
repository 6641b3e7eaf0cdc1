/**
 * Shows the backend actually in use (never just the one asked for) and the GPU adapter if known;
 * under 'auto', why it passed over a backend (a software GPU that would be slower than wasm).
 */
import type { BackendEventData } from '../../core/engine/protocol';

export const threadsLabel = (threads: number) => `${threads} thread${threads === 1 ? '' : 's'}`;

/** `compact`: the badge alone (the header's, in lecturer mode), the details in its tooltip. */
export function BackendBadge({ info, requested, compact }: { info: BackendEventData | null; requested: string; compact?: boolean }) {
  const fellBack = info && requested !== 'auto' && info.backend !== requested;
  const skipped = info && requested === 'auto' ? info.failures.filter((f) => / skipped by auto/.test(f)) : [];
  const why = skipped.length > 0 ? `Auto chose ${info!.backend}: ${skipped.map((f) => f.replace(/^(\w+): skipped by auto, /, '$1 here is ')).join('; ')}.` : '';
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
      {skipped.length > 0 && (
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
