/**
 * `tinyflan experiment --preset <name> ...`: expands a preset into runs, executes them one by one
 * (load base → tune → evaluate), writing the results file after every run so a rerun with the same
 * --out skips what is finished. Prints the markdown table at the end.
 */
import { z } from 'zod';
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { intFlag, listFlag, numFlag, oneOf, parseFlags, UsageError } from '../args';
import { startNodeBackend } from '../node-backend';
import { formatSeconds, progressText, writeProgress } from '../progress';
import { CLUSTERS } from '../../src/core/tasks';
import { MODEL_SIZE_NAMES as SIZES } from '../../src/core/model/config';
import { PRESET_NAMES, makeSpec, type PresetName, type PresetSpec } from '../../src/core/experiments/presets';
import { specLimitProblems } from '../../src/core/share/settings';
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


export function specFromFlags(values: Record<string, string | boolean | undefined>) {
  const preset = oneOf(values.preset as string | undefined, 'preset', PRESET_NAMES, 'main') as PresetName;
  const heldOut = listFlag(values.heldout as string | undefined, 'cluster', CLUSTERS);
  const models = listFlag(values.models as string | undefined, 'model size', SIZES);
  const seeds = values.seeds === undefined ? undefined : String(values.seeds).split(',').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--seeds must be a comma-separated list of integers ≥ 0, got "${String(values.seeds)}"`);
    return n;
  });
  const over: Record<string, unknown> = {};
  if (seeds) over.seeds = seeds;
  if (heldOut) over[preset === 'main' || preset === 'fewshot' ? 'heldOutClusters' : 'heldOut'] = heldOut;
  if (models) {
    if (preset === 'scale') over.sizes = models;
    else if (models.length > 1) throw new UsageError(`--models takes several sizes only with --preset scale`);
    else over.modelSize = models[0];
  }
  if (values.steps !== undefined) over.steps = intFlag(values.steps, 'steps', 1);
  if (values.lr !== undefined) over.lr = numFlag(values.lr, 'lr', 1);
  if (values.batch !== undefined) over.batchSize = intFlag(values.batch, 'batch', 1);
  if (values['eval-examples'] !== undefined) over.evalExamples = intFlag(values['eval-examples'], 'eval-examples', 1);
  if (values['eval-templates'] !== undefined) over.evalTemplatesPerDataset = intFlag(values['eval-templates'], 'eval-templates', 1);
  if (values.templates !== undefined) over.templatesPerDataset = intFlag(values.templates, 'templates', 1);
  const tuneClusters = listFlag(values['tune-clusters'] as string | undefined, 'cluster', CLUSTERS);
  if (tuneClusters) {
    if (preset !== 'custom') throw new UsageError('--tune-clusters goes with --preset custom');
    over.tuningClusters = tuneClusters;
  }
  if (values['no-instruction-variants']) over.instructionVariants = false;
  if (values['no-inverted']) over.invertedTemplates = false;
  if (values['pretrain-share'] !== undefined) over.pretrainShare = numFlag(values['pretrain-share'], 'pretrain-share', 0);
  over.backend = oneOf(values.backend as string | undefined, 'backend', ['wasm', 'cpu'] as const, 'wasm');
  let spec: PresetSpec;
  try {
    spec = makeSpec(preset, over as never);
  } catch (e) {
    throw new UsageError(`Invalid experiment settings:\n${e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message}`);
  }
  // The same caps as the app's editor and its share links (src/core/share/limits.ts).
  const problems = specLimitProblems(spec);
  if (problems.length) throw new UsageError(`Invalid experiment settings:\n  ${problems.join('\n  ')}`);
  return spec;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, {
    preset: { type: 'string' }, heldout: { type: 'string' }, models: { type: 'string' }, seeds: { type: 'string' },
    steps: { type: 'string' }, lr: { type: 'string' }, batch: { type: 'string' }, 'eval-examples': { type: 'string' },
    'eval-templates': { type: 'string' }, templates: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' },
    'models-dir': { type: 'string' }, 'from-checkpoint': { type: 'string' }, engine: { type: 'string' },
    'no-instruction-variants': { type: 'boolean' }, 'no-inverted': { type: 'boolean' }, 'tune-clusters': { type: 'string' },
    'eval-engine': { type: 'string' }, shard: { type: 'string' }, 'export-tuning': { type: 'string' }, 'tuned-dir': { type: 'string' },
    split: { type: 'string' }, 'pretrain-share': { type: 'string' },
  });
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
  const mine = shard ? new Set(shardRuns(results.runs.map((e) => e.run), shard.index, shard.count).map((r) => r.id)) : null;
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
      init: base, data: { kind: 'mixture', examples }, steps: run.tune!.steps, batchSize: run.tune!.batchSize, lr: run.tune!.lr, seed: run.seed,
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
  process.stderr.write(`\ndone: ${todo.length - failures} runs in ${formatSeconds((Date.now() - started) / 1000)} on ${info.backend}${failures ? `, ${failures} failed` : ''}; results in ${out}\n`);
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
  process.stderr.write(`wrote ${written} tuning jobs to ${dir} (${seen.size - written} were there already); train them with \`/usr/bin/python3 scale/train_many.py ${dir}\`\n`);
  return 0;
}
