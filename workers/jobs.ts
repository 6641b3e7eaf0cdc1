/**
 * The engine worker's three kinds of job — pretraining from the Train panel, one experiment run, one
 * benchmark measurement — each resolving to its outcome. They get what they share with the worker
 * (the backend, progress, the Runner) through a JobContext, so none holds state of its own.
 */
import { saveModel } from '../src/core/model/io';
import type { BackendInfo } from '../src/core/model/backend';
import { countParams, presetConfig, DEFAULT_VOCAB } from '../src/core/model/config';
import { pretrain } from '../src/core/train/pretrain';
import { measureTraining } from '../src/core/train/bench';
import { SAMPLE_TEXT } from '../src/core/data/sample-text';
import { messageOf } from '../src/core/engine/errors';
import type { Runner, RunnerEvent } from '../src/core/experiments/runner';
import type { RunSpec } from '../src/core/experiments/spec';
import type { TemplatesByDataset } from '../src/core/tasks/types';
import { gateFor, yieldToEventLoop, type ActiveRun } from './runControl';
import {
  MAX_RECORDS_PER_RUN,
  type BackendChoiceName,
  type BenchmarkCommand,
  type BenchOutcome,
  type EngineEvent,
  type ExperimentOutcome,
  type StartTraining,
  type TrainOutcome,
} from '../src/core/engine/protocol';

export interface JobContext {
  /** Starts the backend (reporting it as the run's 'backend' progress) and watches its device. */
  startBackend(choice: BackendChoiceName, runId: string | null): Promise<BackendInfo>;
  emit(event: EngineEvent): void;
  runnerFor(backend: string, templates: TemplatesByDataset | undefined): Runner;
  /** The backend actually in use now (tfjs may have fallen back). */
  currentBackend(): string;
}

export async function runTraining(ctx: JobContext, run: ActiveRun, cmd: StartTraining): Promise<TrainOutcome> {
  await ctx.startBackend(cmd.backend, run.runId);
  const config = presetConfig(cmd.preset, DEFAULT_VOCAB, cmd.seqLen);
  const training = pretrain({
    texts: SAMPLE_TEXT,
    config,
    seed: cmd.seed,
    steps: cmd.steps,
    batchSize: cmd.batchSize,
    lr: cmd.lr,
    // ~200 points on the chart whatever the run length; each readback costs a GPU sync.
    readEvery: Math.max(1, Math.floor(cmd.steps / 200)),
    signal: run.abort.signal,
    gate: () => gateFor(run),
    onStep: (e) => ctx.emit({ type: 'step', runId: run.runId, ...e }),
  });
  training.catch(() => undefined); // if the fatal promise wins the race, this one may still reject later
  const { model, tokenizer, result } = await Promise.race([training, run.fatal]);
  try {
    const backend = ctx.currentBackend();
    const checkpoint = await saveModel(model, tokenizer, {
      step: result.steps,
      info: { seed: cmd.seed, preset: cmd.preset, backend, corpus: 'built-in sample text' },
    });
    return {
      type: 'done',
      runId: run.runId,
      steps: result.steps,
      firstLoss: result.losses[0]?.loss ?? NaN,
      finalLoss: result.losses.at(-1)?.loss ?? NaN,
      tokensPerSec: result.tokensPerSec,
      wallTimeSec: result.wallTimeSec,
      params: countParams(model.config),
      backend,
      checkpoint,
    };
  } finally {
    result.optimizer.dispose();
    model.dispose();
  }
}

/** Evaluation reports progress per item; a few updates a second are plenty for a progress bar. */
function throttledProgress(emit: (e: RunnerEvent) => void): (e: RunnerEvent) => void {
  let lastStageAt = 0;
  return (e) => {
    const t = performance.now();
    if (e.step || e.fraction === 0 || e.fraction >= 1 || t - lastStageAt > 200) {
      lastStageAt = t;
      emit(e);
    }
  };
}

export async function runExperiment(
  ctx: JobContext,
  run: ActiveRun,
  spec: RunSpec,
  templates: TemplatesByDataset | undefined,
  backend: BackendChoiceName | undefined,
): Promise<ExperimentOutcome> {
  ctx.emit({ type: 'stage', runId: run.runId, stage: 'load', fraction: 0 });
  const info = await ctx.startBackend(backend ?? spec.backend, run.runId);
  const onEvent = throttledProgress((e) => {
    if (e.step) ctx.emit({ type: 'step', runId: run.runId, ...e.step });
    else ctx.emit({ type: 'stage', runId: run.runId, stage: e.stage, fraction: e.fraction });
  });
  const execution = ctx.runnerFor(info.backend, templates).execute(spec, { signal: run.abort.signal, gate: () => gateFor(run), onEvent });
  execution.catch(() => undefined);
  const { result, records } = await Promise.race([execution, run.fatal]);
  return { type: 'runDone', runId: run.runId, result, records: records.slice(0, MAX_RECORDS_PER_RUN), recordsTotal: records.length };
}

function cancelledError(what: string): Error {
  const e = new Error(`${what} was cancelled.`);
  e.name = 'AbortError'; // classifyError → 'cancelled'
  return e;
}

/** The part of a backend's failure line after "name: ", as initBackend records it. */
function failureReason(failures: string[], backend: string, fallback: string): string {
  const line = failures.find((f) => f.startsWith(`${backend}: `));
  return line ? line.slice(backend.length + 2) : fallback;
}

/**
 * One benchmark measurement. A requested backend that does not start is reported as
 * 'benchUnavailable' — never silently measured on the fallback initBackend chose instead.
 * measureTraining cannot be interrupted, so cancel() takes effect before it starts or discards
 * its result once it ends (its steps are few).
 */
export async function runBenchmark(ctx: JobContext, run: ActiveRun, cmd: BenchmarkCommand): Promise<BenchOutcome> {
  let info: BackendInfo;
  try {
    info = await ctx.startBackend(cmd.backend, run.runId);
  } catch (e) {
    return { type: 'benchUnavailable', runId: run.runId, requested: cmd.backend, reason: failureReason([], cmd.backend, messageOf(e)) };
  }
  const inUse = ctx.currentBackend();
  if (inUse !== cmd.backend) {
    return { type: 'benchUnavailable', runId: run.runId, requested: cmd.backend, reason: failureReason(info.failures, cmd.backend, `fell back to ${inUse}`) };
  }
  await yieldToEventLoop(); // let a pending cancel in before the uninterruptible part
  if (run.abort.signal.aborted) throw cancelledError('The benchmark');

  const config = presetConfig(cmd.preset, DEFAULT_VOCAB, cmd.seqLen);
  const measuring = measureTraining({ config, batch: cmd.batch, steps: cmd.steps, warmupSteps: 2, countKernels: true });
  measuring.catch(() => undefined); // if the fatal promise wins the race, this one may still reject later
  const r = await Promise.race([measuring, run.fatal]);
  if (run.abort.signal.aborted) throw cancelledError('The benchmark');
  return {
    type: 'benchResult',
    runId: run.runId,
    result: {
      preset: cmd.preset,
      requested: cmd.backend,
      backend: ctx.currentBackend(),
      adapter: info.adapter,
      threads: info.threads,
      params: r.params,
      layers: r.layers,
      batch: r.batch,
      seqLen: r.seqLen,
      steps: cmd.steps,
      msPerStep: r.msPerStep,
      tokensPerSec: r.tokensPerSec,
      kernelsPerStep: r.kernelsPerStep ?? null,
      flopsPerStep: r.flopsPerStep,
      gflops: r.gflops,
    },
  };
}
