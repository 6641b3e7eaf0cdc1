/**
 * What one training step costs on a backend, as a line: ms = overhead + flops / speed. The in-app
 * Benchmark measures several model sizes on one backend; their (flops, ms) points give the fixed
 * per-step overhead (dispatches, JS, readback: what a GPU pays per kernel whatever the size) and the
 * achieved speed (GFLOP/s) the arithmetic runs at. 'auto' uses such fits, when the user has measured
 * them, to predict which backend trains the lab's real workload fastest — a small timed step favours
 * the backend with the least overhead, which is not the fastest at the size the lab trains.
 */
import { countParams, presetConfig, type ModelConfig, type ModelSizeName } from './config';

/**
 * FLOPs of one training step (forward, backward, AdamW ignored): 6 per parameter per token for every
 * parameter but the position table (a lookup; the tied head is a matmul and counts; LayerNorm's few are
 * counted too, a rounding error), plus attention's QKᵀ and AV,
 * 2·T·C each per token per layer forward, ×3 with the backward (Kaplan et al. 2020; nanoGPT's estimate_mfu).
 */
export function trainingFlopsPerStep(config: ModelConfig, batch: number, seqLen = config.blockSize): number {
  const matmulWeights = countParams(config) - config.blockSize * config.nEmbd;
  const tokens = batch * seqLen;
  return 6 * matmulWeights * tokens + 12 * config.nLayer * seqLen * config.nEmbd * tokens;
}

export interface StepCostFit {
  backend: string;
  /** Fixed cost of a step, ms, whatever its size (the line's intercept, at least 0). */
  overheadMs: number;
  /** Achieved arithmetic speed: GFLOP per second of the size-dependent part (1 / the line's slope). */
  gflops: number;
  /** Measurements the line was fitted to (at least 2, of different sizes). */
  points: number;
}

/**
 * Least-squares line through (flops, ms) points of one backend. Null when it cannot say anything: fewer
 * than two distinct sizes, or a slope that is not positive (a bigger model measured faster: noise).
 */
export function fitStepCost(backend: string, points: readonly { flops: number; ms: number }[]): StepCostFit | null {
  const ok = points.filter((p) => Number.isFinite(p.flops) && Number.isFinite(p.ms) && p.flops > 0 && p.ms > 0);
  if (new Set(ok.map((p) => p.flops)).size < 2) return null;
  const n = ok.length;
  const mx = ok.reduce((s, p) => s + p.flops, 0) / n;
  const my = ok.reduce((s, p) => s + p.ms, 0) / n;
  const sxy = ok.reduce((s, p) => s + (p.flops - mx) * (p.ms - my), 0);
  const sxx = ok.reduce((s, p) => s + (p.flops - mx) ** 2, 0);
  const slope = sxy / sxx; // ms per flop
  if (!(slope > 0)) return null;
  return { backend, overheadMs: Math.max(0, my - slope * mx), gflops: 1 / slope / 1e6, points: n };
}

export function predictStepMs(fit: StepCostFit, flops: number): number {
  return fit.overheadMs + flops / (fit.gflops * 1e6);
}

/** The workload 'auto' predicts for: the lab's real tuning step (a tiny model, 32 sequences of 128 tokens). */
export const REFERENCE_WORKLOAD: { size: ModelSizeName; batch: number; seqLen: number } = { size: 'tiny', batch: 32, seqLen: 128 };

export function referenceFlops(): number {
  const { size, batch, seqLen } = REFERENCE_WORKLOAD;
  return trainingFlopsPerStep(presetConfig(size, undefined, seqLen), batch, seqLen);
}

/** A list of fits as the page stores it; anything malformed is dropped (it came from localStorage). */
export function parseStepFits(raw: unknown): StepCostFit[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (f): f is StepCostFit =>
      !!f &&
      typeof f === 'object' &&
      typeof f.backend === 'string' &&
      Number.isFinite(f.overheadMs) &&
      f.overheadMs >= 0 &&
      Number.isFinite(f.gflops) &&
      f.gflops > 0 &&
      Number.isInteger(f.points) &&
      f.points >= 2,
  );
}
