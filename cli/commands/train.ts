/** `tinyflan train`: pretrain a preset on a text file and write a checkpoint. */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { intFlag, numFlag, oneOf, parseFlags, UsageError, type Flags } from '../args';
import { backendFlag, batchFlag, f16Flag, lrFlag, modelFlag, outFlag, seedFlag, seqLenFlag, stepsFlag, text } from '../flags';
import { NODE_BACKENDS, startNodeBackend } from '../node-backend';
import { MODEL_SIZE_NAMES, presetConfig } from '../../src/core/model/config';
import { saveModel } from '../../src/core/model/io';
import { pretrain } from '../../src/core/train/pretrain';
import { splitDocuments } from '../../src/core/train/text';
import { reportStep } from '../progress';

export const summary = 'pretrain a model on a text corpus';

export const flags = {
  corpus: text('<file>', 'training text, documents separated by blank lines (required)'),
  model: modelFlag('micro'),
  steps: stepsFlag('training steps (default 200)'),
  out: outFlag('checkpoint to write (required)'),
  seed: seedFlag(1),
  backend: backendFlag(NODE_BACKENDS, 'wasm'),
  batch: batchFlag(16),
  lr: lrFlag('3e-3'),
  vocab: text('V', 'BPE vocabulary size (default 1024)'),
  'seq-len': seqLenFlag(128),
  f16: f16Flag,
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  if (!values.corpus) throw new UsageError('train needs --corpus <file>');
  if (!values.out) throw new UsageError('train needs --out <checkpoint.safetensors>');
  const preset = oneOf(values.model, 'model preset', MODEL_SIZE_NAMES, 'micro');
  const backend = oneOf(values.backend, 'backend', NODE_BACKENDS, 'wasm');
  const steps = intFlag(values.steps, 'steps', 200);
  const seed = intFlag(values.seed, 'seed', 1, 0);
  const text = await readFile(values.corpus, 'utf8');
  const info = await startNodeBackend(backend);
  const config = presetConfig(preset, intFlag(values.vocab, 'vocab', 1024, 300), intFlag(values['seq-len'], 'seq-len', 128, 8));
  const { model, tokenizer, result } = await pretrain({
    texts: splitDocuments(text),
    config,
    seed,
    steps,
    batchSize: intFlag(values.batch, 'batch', 16),
    lr: numFlag(values.lr, 'lr', 3e-3),
    readEvery: Math.max(1, Math.floor(steps / 50)),
    onStep: (e) => reportStep(e),
  });
  process.stderr.write('\n');
  const bytes = await saveModel(model, tokenizer, {
    step: steps,
    info: {
      seed,
      preset,
      backend: info.backend,
      corpus: values.corpus,
      command: `tinyflan ${['train', ...args].join(' ')}`,
      finalLoss: result.losses.at(-1)?.loss,
    },
    optimizer: result.optimizer,
    dtype: values.f16 ? 'F16' : 'F32',
  });
  await mkdir(dirname(values.out), { recursive: true });
  await writeFile(values.out, bytes);
  const finalLoss = result.losses.at(-1)?.loss.toFixed(4);
  console.log(`wrote ${values.out}: ${preset}, ${steps} steps, final loss ${finalLoss}, ${Math.round(result.tokensPerSec)} tokens/s on ${info.backend}`);
  result.optimizer.dispose();
  model.dispose();
  return 0;
}
