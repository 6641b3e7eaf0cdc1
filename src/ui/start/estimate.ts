/**
 * How long a live run takes on this device, only ever from a measurement: the Benchmark store's training
 * tokens/s per model size (on the backend the lab uses, where known), through specFields' estimateSeconds.
 * Without a measurement for every size a run list needs there is no number, only which sizes to measure.
 * Pure, unit-tested.
 */
import type { ModelSize } from '../../core/experiments/names';
import type { RunSpec } from '../../core/experiments/spec';
import type { Results } from '../../core/experiments/results';
import type { BenchTableRow } from '../stores/benchStore';
import { estimateSeconds } from '../lab/specFields';

export interface Measurement {
  size: ModelSize;
  tokensPerSec: number;
  /** The backend it was measured on (tf.getBackend() during the measurement). */
  backend: string;
}

export type LiveEstimate =
  | { kind: 'measured'; seconds: number; basis: Measurement[] }
  /** The same runs finished here before: their own wall time, the best measurement there is. */
  | { kind: 'timed'; seconds: number }
  | { kind: 'unmeasured'; missing: ModelSize[] };

/** The summed wall time of `runs` if every one of them finished in `results` (same run ids), else null. */
export function wallTimeOf(runs: readonly RunSpec[], results: Results | null): number | null {
  if (!results || runs.length === 0) return null;
  const byId = new Map(results.runs.map((e) => [e.run.id, e]));
  let sec = 0;
  for (const r of runs) {
    const e = byId.get(r.id);
    if (e?.status !== 'done' || !e.result || !(e.result.wallTimeSec > 0)) return null;
    sec += e.result.wallTimeSec;
  }
  return sec;
}

/** Tuning speeds the runs of these results measured in this browser (plain backends only, not an external engine). */
export function tuningMeasurements(results: Results | null): Measurement[] {
  return (results?.runs ?? []).flatMap((e) =>
    e.status === 'done' && e.run.tune && e.result && e.result.tokensPerSec > 0 && /^[a-z]+$/.test(e.result.backend)
      ? [{ size: e.run.modelSize, tokensPerSec: e.result.tokensPerSec, backend: e.result.backend }]
      : [],
  );
}

/**
 * The latest measurement per size (Benchmark rows, then `extra`: speeds live runs measured); one on `backend`
 * (the lab's backend, if known) wins over others.
 */
export function measurementsOf(rows: readonly BenchTableRow[], backend: string | null, extra: readonly Measurement[] = []): Map<ModelSize, Measurement> {
  const out = new Map<ModelSize, Measurement>();
  const all = rows.flatMap((r) =>
    r.state === 'done' && r.result && r.result.tokensPerSec > 0 ? [{ size: r.preset, tokensPerSec: r.result.tokensPerSec, backend: r.result.backend }] : [],
  );
  for (const m of [...all, ...extra]) {
    const had = out.get(m.size);
    if (!had || !backend || m.backend === backend || had.backend !== backend) out.set(m.size, m);
  }
  return out;
}

export function liveEstimate(
  runs: readonly RunSpec[],
  rows: readonly BenchTableRow[],
  backend: string | null,
  extra: readonly Measurement[] = [],
): LiveEstimate {
  const sizes = [...new Set(runs.map((r) => r.modelSize))];
  const measured = measurementsOf(rows, backend, extra);
  const missing = sizes.filter((s) => !measured.has(s));
  if (missing.length > 0 || sizes.length === 0) return { kind: 'unmeasured', missing };
  const basis = sizes.map((s) => measured.get(s)!);
  const seconds = estimateSeconds(runs, Object.fromEntries(basis.map((m) => [m.size, m.tokensPerSec])));
  return { kind: 'measured', seconds, basis };
}

/** "micro 21k tokens/s on wasm" */
export function basisText(basis: readonly Measurement[]): string {
  return basis
    .map(
      (m) =>
        `${m.size} ${m.tokensPerSec >= 10_000 ? `${Math.round(m.tokensPerSec / 1000)}k` : m.tokensPerSec >= 1000 ? `${(m.tokensPerSec / 1000).toFixed(1)}k` : Math.round(m.tokensPerSec)} tokens/s on ${m.backend}`,
    )
    .join(', ');
}
