/**
 * The PyTorch engine for the CLI: trains through scale/train.py (the same model, data order, packing and
 * AdamW as the lab, in f32 — on one CPU thread with Debian's python3-torch, or on CUDA where torch sees a GPU) and hands back a lab checkpoint.
 * About 10x faster than tfjs-wasm on this kind of machine, which makes multi-seed sweeps affordable.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TORCH_PYTHON } from './torch-scorer';

export interface TorchTrainJob {
  init: Uint8Array;
  /** Instruction tuning pairs, or pretraining documents (blank-line separated; no blank line inside one). */
  data: { kind: 'mixture'; examples: readonly { input: string; target: string }[] } | { kind: 'text'; documents: readonly string[] };
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
  onStep?: (e: { step: number; totalSteps: number; loss: number; tokensPerSec: number }) => void;
}

export interface TorchTrainResult {
  bytes: Uint8Array;
  curve: { step: number; loss: number }[];
  tokensPerSec: number;
  /** Where train.py ran: 'cpu' or 'cuda'. */
  device: string;
}

const DEVICE_LINE = /params, \d+ x (\w+)/;
const STEP_LINE = /^step\s+(\d+)\s+loss\s+([\d.eE+-]+|nan|inf).*?([\d,]+) tok\/s/;

/** A tuning mixture as scale/data.py's read_mixture reads it: one {inputs, targets} JSON line per example. */
export function mixtureJsonl(examples: readonly { input: string; target: string }[]): string {
  return examples.map((e) => JSON.stringify({ inputs: e.input, targets: e.target })).join('\n') + '\n';
}

export async function torchTrain(job: TorchTrainJob): Promise<TorchTrainResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tinyflan-torch-'));
  try {
    writeFileSync(join(dir, 'init.safetensors'), job.init);
    const dataFile = join(dir, job.data.kind === 'mixture' ? 'mix.jsonl' : 'corpus.txt');
    // Blank lines separate documents (v2 documents hold single newlines).
    writeFileSync(dataFile, job.data.kind === 'mixture' ? mixtureJsonl(job.data.examples) : job.data.documents.join('\n\n') + '\n');
    const args = [
      'scale/train.py',
      '--init',
      join(dir, 'init.safetensors'),
      job.data.kind === 'mixture' ? '--data' : '--text',
      dataFile,
      '--steps',
      String(job.steps),
      '--batch',
      String(job.batchSize),
      '--lr',
      String(job.lr),
      '--seed',
      String(job.seed),
      '--threads',
      '1',
      '--bf16',
      'off',
      '--no-optimizer-state',
      '--log-every',
      String(Math.max(1, Math.floor(job.steps / 100))),
      '--out',
      join(dir, 'out.safetensors'),
    ];
    const curve: { step: number; loss: number }[] = [];
    let tokensPerSec = 0;
    let device = 'cpu';
    let tail = '';
    await new Promise<void>((resolve, reject) => {
      const child = spawn(TORCH_PYTHON, args, { env: { ...process.env, OMP_NUM_THREADS: '1' } });
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          const d = DEVICE_LINE.exec(line);
          if (d) device = d[1];
          const m = STEP_LINE.exec(line.trim());
          if (!m) continue;
          const step = Number(m[1]);
          const loss = Number(m[2]);
          tokensPerSec = Number(m[3].replace(/,/g, ''));
          curve.push({ step, loss });
          job.onStep?.({ step, totalSteps: job.steps, loss, tokensPerSec });
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-2000)));
      child.on('error', reject);
      const lastLines = () => tail.trim().split('\n').slice(-3).join(' | ');
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`scale/train.py exited with ${code}: ${lastLines()}`))));
    });
    // TINYFLAN_KEEP_TUNED=<dir>: keep each tuned model and its data there, to inspect what it predicts (`evaluate --records`)
    const keep = process.env.TINYFLAN_KEEP_TUNED;
    if (keep) {
      mkdirSync(keep, { recursive: true });
      const name = `${job.data.kind}-seed${job.seed}-steps${job.steps}-${Date.now()}`;
      copyFileSync(join(dir, 'out.safetensors'), join(keep, `${name}.safetensors`));
      copyFileSync(dataFile, join(keep, `${name}.${job.data.kind === 'mixture' ? 'jsonl' : 'txt'}`));
    }
    return { bytes: new Uint8Array(readFileSync(join(dir, 'out.safetensors'))), curve, tokensPerSec, device };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
