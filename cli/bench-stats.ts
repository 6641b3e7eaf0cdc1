/** Pure helpers of `npm run bench` (cli/commands/bench-all.ts): medians, spreads and paired ratios of repeated measurements. */

export interface Spread {
  n: number;
  median: number;
  min: number;
  max: number;
  /** First and third quartiles (linear interpolation between order statistics, as numpy's default). */
  q1: number;
  q3: number;
}

/** The q-quantile (0..1) of xs, linear interpolation between order statistics. NaN when xs is empty. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

export function spread(xs: readonly number[]): Spread {
  return {
    n: xs.length,
    median: median(xs),
    min: xs.length ? Math.min(...xs) : NaN,
    max: xs.length ? Math.max(...xs) : NaN,
    q1: quantile(xs, 0.25),
    q3: quantile(xs, 0.75),
  };
}

/**
 * Ratios a[i] / b[i] of measurements taken side by side (rep i of each): pairing cancels the load that
 * both saw at that moment. Pairs with a missing or non-positive side are dropped.
 */
export function pairedRatios(a: readonly (number | null | undefined)[], b: readonly (number | null | undefined)[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) && y > 0) out.push(x / y);
  }
  return out;
}

/** "median (min-max)" with d decimals; "–" when there is nothing. */
export function formatSpread(s: Spread, d = 0): string {
  if (!s.n || !Number.isFinite(s.median)) return '–';
  return `${s.median.toFixed(d)} (${s.min.toFixed(d)}-${s.max.toFixed(d)})`;
}

/** "BxT" strings → shapes, e.g. "32x128,16x64". Throws on anything else. */
export function parseShapes(value: string): { batch: number; seqLen: number }[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(\d+)x(\d+)$/.exec(s);
      if (!m || Number(m[1]) < 1 || Number(m[2]) < 2) throw new Error(`bad shape "${s}": expected BATCHxSEQLEN, e.g. 32x128`);
      return { batch: Number(m[1]), seqLen: Number(m[2]) };
    });
}

/** Timed steps per repetition: the 16 x 64 count scaled down by tokens per step, at least `min`. */
export function stepsFor(stepsAt1024: number, batch: number, seqLen: number, min = 2): number {
  return Math.max(min, Math.round((stepsAt1024 * 1024) / (batch * seqLen)));
}
