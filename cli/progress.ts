/** One-line progress bar with ETA for stderr. */
import type { StepEvent } from '../src/core/train/trainer';

export function progressLine(e: StepEvent, label = 'train'): string {
  const width = 24;
  const done = Math.round((e.step / e.totalSteps) * width);
  const bar = '#'.repeat(done) + '.'.repeat(width - done);
  return `\r${label} [${bar}] ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)} ${Math.round(e.tokensPerSec)} tok/s ETA ${formatSeconds(e.etaSec)}   `;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${Math.round(s % 60)}s` : `${Math.round(s)}s`;
}
