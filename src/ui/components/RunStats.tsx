/** Step, loss, throughput and time left of the current run, as a description list. */
import type { StepEvent } from '../../core/train/trainer';
import type { TrainSummary } from '../../core/engine/protocol';

export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec)) return '—';
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function RunStats({ latest, summary }: { latest: StepEvent | null; summary: TrainSummary | null }) {
  const step = summary?.steps ?? latest?.step;
  const total = latest?.totalSteps ?? summary?.steps;
  const tokensPerSec = summary?.tokensPerSec ?? latest?.tokensPerSec;
  return (
    <dl className="stats">
      <div>
        <dt>Step</dt>
        <dd data-testid="step-counter">{step !== undefined ? `${step} / ${total}` : '—'}</dd>
      </div>
      <div>
        <dt>Loss</dt>
        <dd data-testid="current-loss">{summary ? summary.finalLoss.toFixed(4) : latest ? latest.loss.toFixed(4) : '—'}</dd>
      </div>
      <div>
        <dt>Tokens/s</dt>
        <dd data-testid="tokens-per-sec">{tokensPerSec !== undefined ? Math.round(tokensPerSec).toLocaleString('en-US') : '—'}</dd>
      </div>
      <div>
        <dt>{summary ? 'Wall time' : 'ETA'}</dt>
        <dd data-testid="eta">{summary ? formatDuration(summary.wallTimeSec) : latest ? formatDuration(latest.etaSec) : '—'}</dd>
      </div>
      {summary && (
        <div>
          <dt>Parameters</dt>
          <dd>{summary.params.toLocaleString('en-US')}</dd>
        </div>
      )}
    </dl>
  );
}
