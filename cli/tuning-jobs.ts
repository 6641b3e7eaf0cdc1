/**
 * Batched tuning on a GPU, in three steps: `experiment --export-tuning DIR` writes every pending tuned run's
 * mixture and settings as a job; `scale/train_many.py DIR` trains them all at once with their weights stacked
 * (one tiny model alone leaves a GPU idle); `experiment --tuned-dir DIR --engine torch` then evaluates, taking each
 * run's tuned model from DIR (and training it as usual where DIR has none).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { z } from 'zod';
import type { RunSpec } from '../src/core/experiments/spec';
import type { TuneEngine } from '../src/core/experiments/runner';
import { mixtureJsonl } from './torch-engine';

/** A job's file name stem: its tuneId, with anything unusual in a file name replaced. */
export function jobKey(tuneId: string): string {
  return tuneId.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Writes DIR/<key>.jsonl and DIR/<key>.job.json (the job last, so a job file always has its data). */
export function writeTuningJob(dir: string, run: RunSpec, init: string, examples: readonly { input: string; target: string }[]): boolean {
  if (!run.tune || !run.tuneId) throw new Error(`run ${run.id} tunes nothing`);
  const key = jobKey(run.tuneId);
  if (existsSync(join(dir, `${key}.job.json`))) return false;
  mkdirSync(dir, { recursive: true });
  // Presets share tuned models (the same tuneId), so parallel exports may write one job at once: each writes
  // its own temporary files and renames them into place (same content, atomic replace).
  const atomically = (name: string, text: string) => {
    const tmp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, name));
  };
  atomically(`${key}.jsonl`, mixtureJsonl(examples));
  const job = {
    init: resolve(init),
    data: `${key}.jsonl`,
    steps: run.tune.steps,
    batch: run.tune.batchSize,
    lr: run.tune.lr,
    seed: run.seed,
    tuneId: run.tuneId,
  };
  atomically(`${key}.job.json`, JSON.stringify(job, null, 1));
  return true;
}

const CurveFileSchema = z.object({
  curve: z.array(z.object({ step: z.number(), loss: z.number().nullable() })),
  tokensPerSec: z.number(),
  device: z.string(),
  stacked: z.number().int().positive(),
});

/** A tuned model train_many.py left in DIR for this run, or null. `init`: the base checkpoint file the run starts from. */
export function readTunedModel(dir: string, run: RunSpec, init?: string) {
  if (!run.tuneId) return null;
  const key = jobKey(run.tuneId);
  const curveFile = join(dir, `${key}.curve.json`);
  if (!existsSync(curveFile)) return null;
  const parsed = CurveFileSchema.safeParse(JSON.parse(readFileSync(curveFile, 'utf8')));
  if (!parsed.success) throw new Error(`${curveFile}: not a train_many.py curve file (${parsed.error.issues[0]?.message})`);
  const job = JSON.parse(readFileSync(join(dir, `${key}.job.json`), 'utf8')) as { steps?: number; seed?: number; init?: string };
  if (job.steps !== run.tune!.steps || job.seed !== run.seed) throw new Error(`${key}: the job in ${dir} has other settings than run ${run.id}`);
  // the tuneId does not name the base checkpoint's file, so a folder left from other base models must not be reused
  if (init !== undefined && job.init !== resolve(init)) throw new Error(`${key}: the job in ${dir} was tuned from ${job.init}, not ${resolve(init)}`);
  return {
    bytes: new Uint8Array(readFileSync(join(dir, `${key}.safetensors`))),
    curve: parsed.data.curve.map((p) => ({ step: p.step, loss: p.loss ?? NaN })), // JSON has no NaN
    tokensPerSec: parsed.data.tokensPerSec,
    device: parsed.data.device,
  };
}

/**
 * A TuneEngine that takes tuned models from DIR. A run whose job is in DIR but not trained yet waits for
 * train_many.py (which may be running beside the evaluation) until it leaves the model or a <key>.failed note;
 * runs without a job in DIR are trained by `train`.
 */
export function pretunedEngine(dir: string, train: TuneEngine, opts: { init?: (run: RunSpec) => string; pollMs?: number } = {}): TuneEngine {
  return async (job) => {
    const key = jobKey(job.run.tuneId ?? '');
    for (;;) {
      const found = readTunedModel(dir, job.run, opts.init?.(job.run));
      if (found) return { bytes: found.bytes, curve: found.curve, tokensPerSec: found.tokensPerSec };
      if (!existsSync(join(dir, `${key}.job.json`))) return train(job);
      const failed = join(dir, `${key}.failed`);
      if (existsSync(failed)) throw new Error(`scale/train_many.py failed on ${key}: ${readFileSync(failed, 'utf8').trim().slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 2000));
    }
  };
}
