/**
 * `tinyflan pretrain --model <size> --seed S --out public/models/<size>.safetensors`: pretrains a base
 * model on the world's corpus with the size's recipe and records it in the manifest beside --out.
 * --engine tfjs (default; the lab's own trainer) or torch (scale/train.py: the same model, data order
 * and optimizer in PyTorch on the CPU, ~10x faster here; the initial weights still come from the lab's PRNG).
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { intFlag, numFlag, oneOf, parseFlags, UsageError, type Flags } from '../args';
import { backendFlag, engineFlag, f16Flag, lrFlag, outFlag, seedFlag, stepsFlag, text, worldVersionFlag, worldVersionOf } from '../flags';
import { startNodeBackend } from '../node-backend';
import { reportStep, progressText, writeProgress } from '../progress';
import { torchTrain } from '../torch-engine';
import { MODEL_SIZE_NAMES, countParams, presetConfig } from '../../src/core/model/config';
import { GPT } from '../../src/core/model/gpt';
import { loadModel, saveModel } from '../../src/core/model/io';
import { pretrain } from '../../src/core/train/pretrain';
import { evaluateLoss } from '../../src/core/train/evaluate-loss';
import { labTokenizer, DEFAULT_WORLD_SEED } from '../../src/core/experiments/lab';
import {
  ManifestSchema,
  PRETRAIN_RECIPES,
  pretrainDocuments,
  validationBatches,
  type Manifest,
  type ManifestEntry,
} from '../../src/core/experiments/base-models';

export const summary = 'pretrain a base model on the world corpus';

export const flags = {
  model: text(MODEL_SIZE_NAMES.join('|'), 'model size (required)'),
  seed: seedFlag(1),
  out: outFlag('checkpoint to write, e.g. public/models/<size>.safetensors (required); the manifest beside it is updated'),
  steps: stepsFlag("training steps (default the size's recipe)"),
  lr: lrFlag("the size's recipe"),
  engine: engineFlag('who trains (default tfjs; torch: scale/train.py, the same model and data order)'),
  backend: backendFlag(['wasm', 'cpu'], 'wasm'),
  f16: f16Flag,
  'world-version': worldVersionFlag,
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  if (!values.model) throw new UsageError('pretrain needs --model <size>');
  if (!values.out) throw new UsageError('pretrain needs --out <file.safetensors>');
  const size = oneOf(values.model, 'model preset', MODEL_SIZE_NAMES, 'micro');
  const engine = oneOf(values.engine, 'engine', ['tfjs', 'torch'] as const, 'tfjs');
  const backend = oneOf(values.backend, 'backend', ['wasm', 'cpu'] as const, 'wasm');
  const seed = intFlag(values.seed, 'seed', 1, 0);
  const recipe = PRETRAIN_RECIPES[size];
  const steps = intFlag(values.steps, 'steps', recipe.steps);
  const lr = numFlag(values.lr, 'lr', recipe.lr);
  const worldSeed = DEFAULT_WORLD_SEED;
  const worldVersion = worldVersionOf(values['world-version']);
  await startNodeBackend(backend);
  const tokenizer = labTokenizer(worldSeed);
  const config = presetConfig(size);
  const docs = pretrainDocuments(worldSeed, seed, recipe.corpusChars, worldVersion);
  const started = Date.now();
  let model: GPT;
  let torchDevice = 'cpu';
  if (engine === 'tfjs') {
    const r = await pretrain({
      texts: docs,
      config,
      seed,
      steps,
      lr,
      tokenizer,
      batchSize: recipe.batchSize,
      readEvery: Math.max(1, Math.floor(steps / 100)),
      onStep: (e) => reportStep(e, `pretrain ${size}`),
    });
    r.result.optimizer.dispose();
    model = r.model;
  } else {
    const init = GPT.create(config, seed);
    const initBytes = await saveModel(init, tokenizer, { step: 0, info: { seed } });
    init.dispose();
    const trained = await torchTrain({
      init: initBytes,
      data: { kind: 'text', documents: docs },
      steps,
      batchSize: recipe.batchSize,
      lr,
      seed,
      onStep: (e) =>
        writeProgress(
          progressText(
            `pretrain ${size}`,
            e.step / e.totalSteps,
            `loss ${e.loss.toFixed(4)} ${e.tokensPerSec} tok/s`,
            ((e.totalSteps - e.step) * recipe.batchSize * config.blockSize) / Math.max(1, e.tokensPerSec),
          ),
          e.step / e.totalSteps,
        ),
    });
    model = loadModel(trained.bytes).model;
    torchDevice = trained.device;
  }
  process.stderr.write('\n');
  const wallTimeSec = (Date.now() - started) / 1000;
  const validationLoss = await evaluateLoss(model, validationBatches(tokenizer, worldSeed, config.blockSize, 64, 16, worldVersion));
  const dtype = values.f16 ? 'F16' : 'F32';
  const command = `npx tinyflan pretrain ${args.join(' ')}`;
  const bytes = await saveModel(model, tokenizer, { step: steps, info: { seed, size, engine, worldSeed, worldVersion, command }, dtype });
  model.dispose();
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, bytes);
  // The manifest's validation loss is computed from the saved file (f16 rounding included).
  const saved = loadModel(bytes).model;
  const savedLoss = await evaluateLoss(saved, validationBatches(tokenizer, worldSeed, config.blockSize, 64, 16, worldVersion));
  saved.dispose();
  const entry: ManifestEntry = {
    size,
    file: basename(values.out),
    params: countParams(config),
    tokensSeen: steps * recipe.batchSize * config.blockSize,
    validationLoss: savedLoss,
    validationBackend: backend,
    command,
    seed,
    worldSeed,
    worldVersion,
    engine: engine === 'tfjs' ? `tfjs-${backend}` : `pytorch-${torchDevice}`,
    dtype,
    bytes: bytes.length,
    wallTimeSec,
  };
  const manifestPath = join(dirname(values.out), 'manifest.json');
  const manifest: Manifest = existsSync(manifestPath)
    ? ManifestSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')))
    : { schema: 'tinyflan-models', version: 1, models: [] };
  manifest.models = [...manifest.models.filter((m) => m.size !== size), entry].sort(
    (a, b) => MODEL_SIZE_NAMES.indexOf(a.size) - MODEL_SIZE_NAMES.indexOf(b.size),
  );
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  const losses = `validation loss ${validationLoss.toFixed(4)} (saved ${savedLoss.toFixed(4)})`;
  console.log(`wrote ${values.out}: ${size}, ${entry.tokensSeen} tokens, ${losses}, ${wallTimeSec.toFixed(0)} s on ${entry.engine}`);
  return 0;
}
