/**
 * `tinyflan bench-all` (npm run bench): every preset's training throughput on wasm and cpu in Node,
 * beside PyTorch CPU on the same architecture and thread count (Debian's python3-torch, when present).
 * Each backend runs in its own process so that one backend's state cannot slow another.
 * A benchmark, not a test: it prints numbers and asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { intFlag, parseFlags } from '../args';
import { PRESET_NAMES, presetConfig, type PresetName } from '../../src/core/model/config';

export const summary = 'throughput of every preset, beside PyTorch';

const STEPS: Record<PresetName, number> = { nano: 10, micro: 10, tiny: 5, small: 3, base: 2 };
/** The cpu backend is pure JS and very slow; past `tiny` a step takes minutes. */
const CPU_PRESETS: PresetName[] = ['nano', 'micro', 'tiny'];

function runJSON(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Record<string, unknown> | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  const line = (r.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || !line) {
    process.stderr.write(`(${cmd} ${args.slice(0, 4).join(' ')} failed: ${(r.stderr ?? '').trim().split('\n').pop()})\n`);
    return null;
  }
  return JSON.parse(line);
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' }, batch: { type: 'string' }, 'seq-len': { type: 'string' }, webgpu: { type: 'boolean' } });
  const batch = intFlag(values.batch, 'batch', 16);
  const seqLen = intFlag(values['seq-len'], 'seq-len', 64, 2);
  const backends = ['wasm', 'cpu', ...(values.webgpu ? ['webgpu'] : [])];
  const rows: Record<string, unknown>[] = [];
  for (const preset of PRESET_NAMES) {
    const config = presetConfig(preset, undefined, seqLen);
    const torch = runJSON('/usr/bin/python3', ['scale/bench_torch.py', '--config', JSON.stringify(config), '--batch', String(batch), '--steps', String(STEPS[preset]), '--threads', '1'], { OMP_NUM_THREADS: '1' });
    for (const backend of backends) {
      if (backend === 'cpu' && !CPU_PRESETS.includes(preset)) continue;
      if (backend === 'webgpu' && !CPU_PRESETS.includes(preset)) continue; // SwiftShader: CPU-emulated, slower still
      const r = runJSON(process.execPath, ['cli/tinyflan.mjs', 'bench', '--backend', backend, '--model', preset, '--steps', String(STEPS[preset]), '--batch', String(batch), '--seq-len', String(seqLen), '--profile', '--json']);
      if (!r) continue;
      const row: Record<string, unknown> = { preset, backend, params: r.params, layers: r.layers, tokensPerSec: r.tokensPerSec, msPerStep: r.msPerStep, kernelsPerStep: r.kernelsPerStep, batch, seqLen };
      if (backend === 'wasm' && torch) {
        row.torchTokensPerSec = torch.tokensPerSec;
        row.ratioVsTorch = (r.tokensPerSec as number) / (torch.tokensPerSec as number);
      }
      rows.push(row);
      if (values.json) console.log(JSON.stringify(row));
    }
  }
  if (!values.json) {
    console.log(`| preset | backend | params | layers | tokens/s | ms/step | kernels/step | PyTorch CPU tokens/s | ratio |`);
    console.log(`|---|---|---|---|---|---|---|---|---|`);
    for (const r of rows) {
      const f = (x: unknown, d = 0) => (typeof x === 'number' ? x.toFixed(d) : '–');
      console.log(`| ${r.preset} | ${r.backend} | ${r.params} | ${r.layers} | ${f(r.tokensPerSec)} | ${f(r.msPerStep, 1)} | ${f(r.kernelsPerStep)} | ${f(r.torchTokensPerSec)} | ${f(r.ratioVsTorch, 2)} |`);
    }
    console.log(`\nbatch ${batch}, sequence length ${seqLen}, one thread (tfjs-wasm without threads; PyTorch torch.set_num_threads(1)).`);
  }
  return 0;
}
