/** Shows the backend actually in use (never just the one asked for) and the GPU adapter if known. */
import type { BackendEventData } from '../../../workers/protocol';

export function BackendBadge({ info, requested }: { info: BackendEventData | null; requested: string }) {
  const fellBack = info && requested !== 'auto' && info.backend !== requested;
  return (
    <div className="backend" aria-live="polite">
      <span className="muted">Backend</span>{' '}
      <span className={`badge ${info ? `badge-${info.backend}` : 'badge-none'}`} data-testid="backend-badge">
        {info ? info.backend : 'none yet'}
      </span>
      {info?.adapter && (
        <span className="muted adapter" data-testid="backend-adapter">
          {' '}
          on {info.adapter}
        </span>
      )}
      {fellBack && (
        <p className="warning" data-testid="backend-fallback">
          {requested} was not available, so {info.backend} is used. {info.failures.join('; ')}
        </p>
      )}
    </div>
  );
}
