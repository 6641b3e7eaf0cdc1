import { describe, expect, it } from 'vitest';
import { progressOf, titleFor } from './sweepTitle';
import type { Results } from '../../core/experiments/results';

const results = (statuses: string[]) => ({ runs: statuses.map((status) => ({ status })) }) as unknown as Results;

describe('tab title', () => {
  it('shows progress, pause and done', () => {
    const p = progressOf(results(['done', 'running', 'pending', 'pending']), 0.5);
    expect(p).toEqual({ done: 1, failed: 0, total: 4, fraction: 1.5 / 4 });
    expect(titleFor({ kind: 'running', progress: p }, 'TinyFLAN lab')).toBe('[37%] 1/4 runs · TinyFLAN lab');
    expect(titleFor({ kind: 'paused', progress: p }, 'TinyFLAN lab')).toBe('[paused] 1/4 runs · TinyFLAN lab');
    expect(titleFor({ kind: 'finished', progress: progressOf(results(['done', 'done']), 0) }, 'T')).toBe('✓ done · T');
    expect(titleFor({ kind: 'finished', progress: progressOf(results(['done', 'failed']), 0) }, 'T')).toBe('stopped (1 failed) · T');
    expect(titleFor({ kind: 'idle' }, 'T')).toBe('T');
    expect(progressOf(null, 0.3).fraction).toBe(0);
  });
});
