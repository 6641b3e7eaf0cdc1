/**
 * What the tab's title says about a sweep, so a lecturer who switched tabs sees it from the tab strip:
 * "[42%] 3/6 runs · TinyFLAN lab" while it runs, "[paused] …", then "✓ done · …" once every run has finished
 * (or "stopped · …" when some failed). Pure, unit-tested.
 */
import type { Results } from '../../core/experiments/results';

export interface SweepProgress {
  done: number;
  failed: number;
  total: number;
  /** Fraction of the whole sweep, 0..1 (finished runs plus the running one's share). */
  fraction: number;
}

export function progressOf(results: Results | null, currentFraction: number): SweepProgress {
  const runs = results?.runs ?? [];
  const done = runs.filter((e) => e.status === 'done').length;
  const failed = runs.filter((e) => e.status === 'failed').length;
  const total = runs.length;
  const fraction = total === 0 ? 0 : Math.min(1, (done + failed + Math.max(0, Math.min(1, currentFraction))) / total);
  return { done, failed, total, fraction };
}

export type TitleState = { kind: 'idle' } | { kind: 'running' | 'paused'; progress: SweepProgress } | { kind: 'finished'; progress: SweepProgress };

export function titleFor(state: TitleState, base: string): string {
  switch (state.kind) {
    case 'idle':
      return base;
    case 'running':
      return `[${Math.floor(100 * state.progress.fraction)}%] ${state.progress.done}/${state.progress.total} runs · ${base}`;
    case 'paused':
      return `[paused] ${state.progress.done}/${state.progress.total} runs · ${base}`;
    case 'finished':
      return state.progress.failed > 0 ? `stopped (${state.progress.failed} failed) · ${base}` : `✓ done · ${base}`;
  }
}
