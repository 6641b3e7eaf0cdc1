/**
 * `tinyflan experiment --preset <name> ...`: expands a preset into runs, executes them one by one
 * (load base → tune → evaluate), writing the results file after every run so a rerun with the same
 * --out skips what is finished. Prints the markdown table at the end.
 */
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { oneOf, parseFlags, UsageError } from '../args';
import { EXPERIMENT_FLAGS, specFromFlags } from '../experiment-flags';
import { startNodeBackend } from '../node-backend';
import { formatSeconds, progressText, writeProgress } from '../progress';
import { parseResults, pendingRuns, resumeResults, serializeResults, shardRuns } from '../../src/core/experiments/results';
import { runSweep } from '../../src/core/experiments/sweep';
import { renderMarkdown } from '../../src/core/experiments/report';
import { describeRun } from '../../src/core/experiments/spec';
import { Runner, type TuneEngine } from '../../src/core/experiments/runner';
import type { RunSpec } from '../../src/core/experiments/spec';
import { pretunedEngine, writeTuningJob } from '../tuning-jobs';
import { torchTrain } from '../torch-engine';
import { torchDevice, torchEvalEngine } from '../torch-scorer';

/** `--shard k/n`: this process runs only shard k (0-based) of n; `tinyflan merge` joins the files. */
function parseShard(value: string | boolean | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(String(value));
  if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new UsageError(`--shard must be k/n with 0 <= k < n, got "${String(value)}"`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

export const summary = 'run one of the paper experiments headless';
export const flags = EXPERIMENT_FLAGS;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, EXPERIMENT_FLAGS);
  if (!values.preset) throw new UsageError('experiment needs --preset');
  const spec = specFromFlags(values);
  const engine = oneOf(values.engine, 'engine', ['tfjs', 'torch'] as const, 'tfjs');
  const evalEngine = oneOf(values['eval-engine'], 'eval-engine', ['tfjs', 'torch'] as const, 'tfjs');
  const shard = parseShard(values.shard);
  const out = values.out ?? `results-${spec.preset}.json`;
  let results = resumeResults(spec, existsSync(out) ? parseResults(readFileSync(out, 'utf8')) : undefined);
  const info = await startNodeBackend(spec.backend as 'wasm' | 'cpu');
  const modelsDir = values['models-dir'] ?? 'public/models';
  const baseFile = (size: string) => {
    const file = values['from-checkpoint'] ?? join(modelsDir, `${size}.safetensors`);
    if (!existsSync(file)) throw new Error(`no base checkpoint ${file}: run \`npx tinyflan pretrain --model ${size} --out ${file}\` first`);
    return file;
  };
  const baseCheckpoint = async (size: string) => new Uint8Array(readFileSync(baseFile(size)));
  if (values['tuned-dir'] && engine !== 'torch') throw new UsageError('--tuned-dir goes with --engine torch (the models in it were tuned by PyTorch)');
  const save = () => {
    mkdirSync(dirname(out) || '.', { recursive: true });
    // write then rename: a process killed mid-write (e.g. a deadline) leaves the previous file intact
    writeFileSync(`${out}.tmp`, serializeResults(results));
    renameSync(`${out}.tmp`, out);
  };
  // Shards are dealt over all the spec's runs (not just the pending ones), so every process agrees on them
  // whatever each one has already finished.
  const mine = shard
    ? new Set(
        shardRuns(
          results.runs.map((e) => e.run),
          shard.index,
          shard.count,
        ).map((r) => r.id),
      )
    : null;
  const todo = pendingRuns(results).filter((r) => !mine || mine.has(r.id));
  const totalRuns = results.runs.length;
  const finishedBefore = results.runs.filter((e) => e.status === 'done').length;
  if (finishedBefore) process.stderr.write(`resuming ${out}: ${finishedBefore} of ${totalRuns} runs already done\n`);
  if (shard) process.stderr.write(`shard ${shard.index}/${shard.count}: ${todo.length} runs to do here\n`);
  const started = Date.now();
  let finished = 0;
  if (values['export-tuning']) return exportTuning(values['export-tuning'], todo, baseFile, new Runner({ baseCheckpoint, backend: info.backend }));
  const device = engine === 'torch' || evalEngine === 'torch' ? torchDevice() : 'cpu';
  const trainWithTorch: TuneEngine = ({ run, base, examples, onStep }) =>
    torchTrain({
      init: base,
      data: { kind: 'mixture', examples },
      steps: run.tune!.steps,
      batchSize: run.tune!.batchSize,
      lr: run.tune!.lr,
      seed: run.seed,
      onStep: (e) => onStep({ ...e, gradNorm: NaN, lr: NaN, etaSec: NaN }),
    });
  // --split validation: design work scores validation items (no best-template choice then); test stays for final tables.
  const evalSplit = oneOf(values.split, 'split', ['test', 'validation'] as const, 'test');
  const runner = new Runner({
    baseCheckpoint,
    backend: info.backend,
    evalSplit,
    ...(engine === 'torch'
      ? {
          tuneEngineName: `pytorch-${device}`,
          tuneEngine: values['tuned-dir'] ? pretunedEngine(values['tuned-dir'], trainWithTorch, { init: (r) => baseFile(r.modelSize) }) : trainWithTorch,
        }
      : {}),
    ...(evalEngine === 'torch' ? torchEvalEngine(device) : {}),
    onEvent: (e) => {
      const stageShare = e.stage === 'load' ? 0 : e.stage === 'tune' ? 0.7 * e.fraction : 0.7 + 0.3 * e.fraction;
      const fraction = (finished + stageShare) / Math.max(1, todo.length);
      const elapsed = (Date.now() - started) / 1000;
      const eta = fraction > 0 ? (elapsed / fraction) * (1 - fraction) : Infinity;
      const detail = `${shard ? `shard run ${finished + 1}/${todo.length}` : `run ${finishedBefore + finished + 1}/${totalRuns}`} ${e.stage}${e.step ? ` loss ${e.step.loss.toFixed(3)}` : ''}`;
      writeProgress(progressText(spec.preset, fraction, detail, eta), fraction);
    },
  });
  let failures = 0;
  // The lab's sweep loop too (src/core/experiments/sweep.ts): same queue, same resume, same results.
  ({ results } = await runSweep({
    spec,
    previous: results,
    include: mine ? (r) => mine.has(r.id) : undefined,
    execute: async (run) => ({ status: 'done', result: (await runner.execute(run)).result }),
    onProgress: (next, event) => {
      results = next;
      if (event.type !== 'finished') return;
      if (event.outcome.status === 'failed') {
        failures++;
        process.stderr.write(`\nrun ${describeRun(event.run)} failed: ${event.outcome.reason}\n`);
      }
      finished++;
      save();
    },
  }));
  save();
  process.stderr.write(
    `\ndone: ${todo.length - failures} runs in ${formatSeconds((Date.now() - started) / 1000)} on ${info.backend}${failures ? `, ${failures} failed` : ''}; results in ${out}\n`,
  );
  console.log(renderMarkdown(results));
  return failures ? 1 : 0;
}

/** `--export-tuning DIR`: one job per pending tuned model (runs sharing a tuneId share it); nothing is trained here. */
function exportTuning(dir: string, todo: readonly RunSpec[], baseFile: (size: string) => string, runner: Runner): number {
  let written = 0;
  const seen = new Set<string>();
  for (const run of todo) {
    if (!run.tuneId || seen.has(run.tuneId)) continue;
    seen.add(run.tuneId);
    if (writeTuningJob(dir, run, baseFile(run.modelSize), runner.tuningExamples(run))) written++;
  }
  process.stderr.write(
    `wrote ${written} tuning jobs to ${dir} (${seen.size - written} were there already); train them with \`/usr/bin/python3 scale/train_many.py ${dir}\`\n`,
  );
  return 0;
}
