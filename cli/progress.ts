/** Progress with ETA on stderr: a redrawn bar on a terminal, a line every 10% otherwise (logs, CI). */
import type { StepEvent } from '../src/core/train/trainer';

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${Math.round(s % 60)}s` : `${Math.round(s)}s`;
}

export function progressText(label: string, fraction: number, detail: string, etaSec: number): string {
  const width = 24;
  const done = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `${label} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(fraction * 100).toFixed(0)}% ${detail} ETA ${formatSeconds(etaSec)}`;
}

let lastDecile = -1;

export function writeProgress(text: string, fraction: number): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}   `);
  else {
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile || fraction >= 1) {
      lastDecile = decile;
      process.stderr.write(`${text}\n`);
    }
  }
}

/** Writes a training step's progress line (see writeProgress). */
export function reportStep(e: StepEvent, label = 'train'): void {
  writeProgress(
    progressText(label, e.step / e.totalSteps, `step ${e.step}/${e.totalSteps} loss ${e.loss.toFixed(4)} ${Math.round(e.tokensPerSec)} tok/s`, e.etaSec),
    e.step / e.totalSteps,
  );
}
