/**
 * The PyTorch evaluation engine for the CLI: a Scorer (src/core/eval/evaluate.ts) backed by scale/score.py,
 * the lab's scoring and greedy decoding in PyTorch (CPU here, CUDA on a GPU server). The evaluator, prompts
 * and metrics stay the lab's; only the forward passes move. `npm run test:parity` checks it against tfjs.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scorer } from '../src/core/eval/evaluate';

/** The Python that has torch: Debian's by default (the pyenv python3 on PATH has none); TINYFLAN_PYTHON overrides. */
export const TORCH_PYTHON = process.env.TINYFLAN_PYTHON ?? '/usr/bin/python3';

/** 'cuda' when the torch Python sees a GPU, else 'cpu' (recorded in results as pytorch-<device>). */
export function torchDevice(): string {
  try {
    return execFileSync(TORCH_PYTHON, ['-c', "import torch; print('cuda' if torch.cuda.is_available() else 'cpu')"], { encoding: 'utf8' }).trim();
  } catch (e) {
    throw new Error(`PyTorch is needed for --engine/--eval-engine torch, but ${TORCH_PYTHON} could not import it (${(e as Error).message.split('\n')[0]})`, {
      cause: e,
    });
  }
}

export interface TorchScorer extends Scorer {
  device: string;
  close(): void;
}

export async function openTorchScorer(checkpoint: Uint8Array, opts: { device?: string; threads?: number } = {}): Promise<TorchScorer> {
  const dir = mkdtempSync(join(tmpdir(), 'tinyflan-score-'));
  const file = join(dir, 'model.safetensors');
  writeFileSync(file, checkpoint);
  const child: ChildProcessWithoutNullStreams = spawn(
    TORCH_PYTHON,
    ['scale/score.py', '--checkpoint', file, '--device', opts.device ?? 'auto', '--threads', String(opts.threads ?? 1)],
    { env: { ...process.env, OMP_NUM_THREADS: String(opts.threads ?? 1) } },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const waiting: { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }[] = [];
  let buffer = '';
  let dead: Error | null = null;
  const fail = (e: Error) => {
    dead = e;
    for (const w of waiting.splice(0)) w.reject(e);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const w = waiting.shift();
      if (!w) continue;
      try {
        w.resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        w.reject(new Error(`scale/score.py answered something that is not JSON: ${line.slice(0, 200)}`));
      }
    }
  });
  child.on('error', (e) => fail(e));
  child.stdin.on('error', (e) => fail(new Error(`scale/score.py stopped reading requests (${e.message}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
  child.on('close', (code) => {
    rmSync(dir, { recursive: true, force: true });
    fail(new Error(`scale/score.py exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
  });
  const ask = (req: object | null) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      if (dead) return reject(dead);
      waiting.push({ resolve, reject });
      if (req) child.stdin.write(JSON.stringify(req) + '\n');
    }).then((ans) => {
      if (typeof ans.error === 'string') throw new Error(`scale/score.py: ${ans.error}`);
      return ans;
    });
  const ready = await ask(null); // the first line announces the device
  return {
    device: String(ready.device),
    async scoreContinuations(items) {
      // score.py sends non-finite scores (a diverged model) as null: JSON has no NaN
      return ((await ask({ op: 'score', items })).scores as (number | null)[]).map((v) => (v === null ? NaN : v));
    },
    async generate(prompts, maxNewTokens) {
      return (await ask({ op: 'generate', prompts, maxNew: maxNewTokens })).outputs as number[][];
    },
    close() {
      child.stdin.end();
    },
  };
}

/** The Runner options that move evaluation's forward passes to PyTorch on `device` (see torchDevice()). */
export function torchEvalEngine(device: string) {
  return { evalEngineName: `pytorch-${device}`, evalEngine: (bytes: Uint8Array) => openTorchScorer(bytes) };
}
