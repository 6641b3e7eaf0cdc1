/**
 * `tinyflan parity`: the tfjs model against PyTorch (Debian's python3-torch, real autograd written by
 * others) on the same weights and tokens: forward logits, evaluation scores and greedy decoding (scale/score.py),
 * one AdamW step, and 2-process DDP = 1 process.
 * Fails (exit 1) on any mismatch above 1e-4, or when torch is missing (set TINYFLAN_PARITY_OPTIONAL=1 to
 * report that as a skip instead, e.g. on a machine where python3-torch cannot be installed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { oneOf, parseFlags, type Flags } from '../args';
import { backendFlag } from '../flags';
import { startNodeBackend } from '../node-backend';
import { GPT } from '../../src/core/model/gpt';
import { instructionSequence, packBatch } from '../../src/core/model/batch';
import type { Batch } from '../../src/core/model/gpt';
import { loadModel, saveModel } from '../../src/core/model/io';
import { trainBpe } from '../../src/core/tokenizer/bpe';
import { train } from '../../src/core/train/trainer';
import { rngFor } from '../../src/core/rng';
import { generateGreedy, scoreContinuations } from '../../src/core/model/infer';
import { openTorchScorer, TORCH_PYTHON } from '../torch-scorer';

export const summary = 'compare the tfjs model with PyTorch';

export const flags = { backend: backendFlag(['cpu', 'wasm'], 'cpu') } satisfies Flags;
const TOL = 1e-4;

function python(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(TORCH_PYTHON, args, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function batchJSON(b: Batch) {
  const rows = <T extends ArrayLike<number>>(a: T) => Array.from({ length: b.B }, (_, i) => Array.from(a).slice(i * b.T, (i + 1) * b.T));
  return { tokens: rows(b.tokens), positions: rows(b.positions), segments: rows(b.segments), targets: rows(b.targets), weights: rows(b.weights) };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  const backend = oneOf(values.backend, 'backend', ['cpu', 'wasm'] as const, 'cpu');
  const probe = python(['-c', 'import torch']);
  if (!probe.ok) {
    const msg = `parity: PyTorch is not importable from ${TORCH_PYTHON} (install Debian's python3-torch and libopenblas0-pthread)`;
    if (process.env.TINYFLAN_PARITY_OPTIONAL === '1') {
      console.log(`${msg}\nparity summary: SKIPPED (TINYFLAN_PARITY_OPTIONAL=1)`);
      return 0;
    }
    console.error(msg);
    return 1;
  }
  await startNodeBackend(backend);
  const dir = mkdtempSync(join(tmpdir(), 'tinyflan-parity-'));
  const tokenizer = trainBpe(['the small red fox likes apples', 'Anna Berg lives in Lumo'], 300);
  const model = GPT.create({ vocabSize: 300, blockSize: 24, nLayer: 2, nHead: 2, nEmbd: 32 }, 7);
  const rng = rngFor(7, 'parity-batch');
  const seqs = Array.from({ length: 7 }, () =>
    instructionSequence(
      Array.from({ length: 3 + rng.int(6) }, () => 4 + rng.int(290)),
      Array.from({ length: 1 + rng.int(3) }, () => 4 + rng.int(290)),
      24,
    ),
  );
  const { batch } = packBatch(seqs, 3, 24); // several examples per row: exercises the segment mask
  const ckPath = join(dir, 'ck.safetensors');
  writeFileSync(ckPath, await saveModel(model, tokenizer, { step: 0 }));
  writeFileSync(join(dir, 'batch.json'), JSON.stringify(batchJSON(batch)));
  const results: { name: string; diff: number; ok: boolean; detail?: string }[] = [];

  // 1. Forward logits.
  const fwd = python(['scale/parity.py', 'forward', '--checkpoint', ckPath, '--batch', join(dir, 'batch.json'), '--out', join(dir, 'fwd.json')]);
  if (!fwd.ok) results.push({ name: 'forward logits', diff: Infinity, ok: false, detail: fwd.out });
  else {
    const torchOut = JSON.parse(readFileSync(join(dir, 'fwd.json'), 'utf8')) as { logits: number[]; loss: number };
    const logits = tf.tidy(() => {
      const t = GPT.batchTensors(batch);
      return model.forward(t.tokens, t.positions, t.mask);
    });
    const ours = await logits.data();
    logits.dispose();
    const diff = maxAbsDiff(ours, torchOut.logits);
    results.push({ name: 'forward logits', diff, ok: diff < TOL });
    const lossT = model.loss(batch);
    const lossDiff = Math.abs((await lossT.data())[0] - torchOut.loss);
    lossT.dispose();
    results.push({ name: 'masked loss', diff: lossDiff, ok: lossDiff < TOL });
  }

  // 2. Evaluation primitives: scale/score.py (the CLI's --eval-engine torch) against infer.ts.
  {
    const items = Array.from({ length: 9 }, (_, i) => ({
      prompt: [1, ...Array.from({ length: 2 + rng.int(i === 8 ? 40 : 12) + (i === 8 ? 20 : 0) }, () => 4 + rng.int(290))], // the last one is cut to fit
      continuation: [...Array.from({ length: 1 + rng.int(4) }, () => 4 + rng.int(290)), 2],
    }));
    const prompts = items.map((it) => it.prompt);
    try {
      const scorer = await openTorchScorer(readFileSync(ckPath), { device: 'cpu' });
      try {
        const [ts, tg, ps, pg] = [
          await scoreContinuations(model, items, 4),
          await generateGreedy(model, prompts, 6, 4),
          await scorer.scoreContinuations(items),
          await scorer.generate(prompts, 6),
        ];
        results.push({ name: 'continuation scores (scale/score.py)', diff: maxAbsDiff(ts, ps), ok: maxAbsDiff(ts, ps) < TOL });
        const same = JSON.stringify(tg) === JSON.stringify(pg);
        results.push({
          name: 'greedy generations (scale/score.py)',
          diff: NaN,
          ok: same,
          detail: same ? undefined : `tfjs ${JSON.stringify(tg)}\ntorch ${JSON.stringify(pg)}`,
        });
      } finally {
        scorer.close();
      }
    } catch (e) {
      results.push({ name: 'evaluation primitives (scale/score.py)', diff: Infinity, ok: false, detail: (e as Error).message });
    }
  }

  // 3. One AdamW step (warm-up 10 → lr = peak / 10 at t = 1, clipping active at max-norm 0.5).
  const step = python([
    'scale/parity.py',
    'step',
    '--checkpoint',
    ckPath,
    '--batch',
    join(dir, 'batch.json'),
    '--lr',
    '0.01',
    '--warmup',
    '10',
    '--total',
    '100',
    '--wd',
    '0.1',
    '--max-norm',
    '0.5',
    '--out-checkpoint',
    join(dir, 'ck2.safetensors'),
  ]);
  if (!step.ok) results.push({ name: 'one AdamW step', diff: Infinity, ok: false, detail: step.out });
  else {
    const r = await train(model, () => batch, { steps: 1, lr: 0.01, warmupSteps: 10, optimizer: { maxGradNorm: 0.5, weightDecay: 0.1 } });
    r.optimizer.dispose();
    const { model: theirs } = loadModel(readFileSync(join(dir, 'ck2.safetensors')));
    let diff = 0;
    const ours = await model.exportWeights();
    for (const [name, w] of await theirs.exportWeights()) diff = Math.max(diff, maxAbsDiff(ours.get(name)!.data, w.data));
    theirs.dispose();
    results.push({ name: 'one AdamW step (weights)', diff, ok: diff < TOL });
  }
  model.dispose();

  // 4. DDP: 2 gloo processes equal 1 process with the same global batch.
  const ddp = python(['scale/test_ddp.py']);
  results.push({ name: '2-process gloo DDP = 1 process', diff: NaN, ok: ddp.ok, detail: ddp.ok ? undefined : ddp.out });

  // 5. Batched tuning: 3 models stacked in scale/train_many.py = each alone in scale/train.py.
  const many = python(['scale/test_train_many.py']);
  results.push({ name: 'train_many.py (3 stacked) = train.py (each alone)', diff: NaN, ok: many.ok, detail: many.ok ? undefined : many.out });

  for (const r of results) {
    console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${Number.isNaN(r.diff) ? '' : `  max |diff| = ${r.diff.toExponential(2)} (tolerance ${TOL})`}`);
    if (r.detail) console.log(r.detail.trim().split('\n').slice(-15).join('\n'));
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`parity summary: ${results.length - failed} passed, ${failed} failed (backend ${backend})`);
  return failed ? 1 : 0;
}
