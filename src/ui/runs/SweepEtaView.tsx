/**
 * The Runs panel's time left while a sweep runs: the running run's tuning and evaluation, each with the speed
 * it was measured at, and the whole sweep (sweepEta.ts); SweepLeft is the sweep's line for the header and the
 * Start page. Redrawn every second, so the extrapolations move.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLabStore } from '../lab/labStore';
import { sweepEta } from './sweepEta';

export function formatLeft(sec: number): string {
  if (!Number.isFinite(sec)) return '—';
  const s = Math.max(0, Math.round(sec));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

const rate = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

function useSweepEta() {
  const { results, currentRunId, live } = useLabStore(useShallow((s) => ({ results: s.results, currentRunId: s.currentRunId, live: s.live })));
  const now = useNow(1000);
  return sweepEta(results, currentRunId, live, now);
}

/** The whole sweep's time left in a few words, for the header and the Start page ("about 1 min 5 s left"). */
export function SweepLeft({ prefix = '' }: { prefix?: string }) {
  const eta = useSweepEta();
  if (!eta.sweep) return null;
  const text = eta.sweep.unmeasured ? (eta.sweep.sec >= 1 ? `more than ${formatLeft(eta.sweep.sec)} left` : null) : `about ${formatLeft(eta.sweep.sec)} left`;
  return text ? (
    <>
      {prefix}
      <span className="sweep-left" data-testid="sweep-left">
        {text}
      </span>
    </>
  ) : null;
}

export function SweepEtaView() {
  const eta = useSweepEta();
  if (!eta.sweep) return null;
  return (
    <dl className="stats sweep-eta" data-testid="sweep-eta" aria-label="Time left, from speeds measured in this tab">
      <div>
        <dt>Tuning left</dt>
        <dd data-testid="eta-tune">{eta.tune ? `${formatLeft(eta.tune.sec)} at ${rate(eta.tune.tokensPerSec)} tokens/s` : '—'}</dd>
      </div>
      <div>
        <dt>Evaluation left</dt>
        <dd data-testid="eta-evaluate">{eta.evaluate ? `${formatLeft(eta.evaluate.sec)} at ${rate(eta.evaluate.promptsPerSec)} prompts/s` : 'measuring…'}</dd>
      </div>
      <div>
        <dt>Whole sweep left</dt>
        <dd data-testid="eta-sweep">
          {!eta.sweep.unmeasured
            ? `about ${formatLeft(eta.sweep.sec)}`
            : eta.sweep.sec >= 1
              ? `more than ${formatLeft(eta.sweep.sec)} (${eta.sweep.unmeasured} not measured yet)`
              : `${eta.sweep.unmeasured} not measured yet`}
        </dd>
      </div>
    </dl>
  );
}
