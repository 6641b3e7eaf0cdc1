/**
 * `tinyflan bench-all` (npm run bench): every preset's training throughput on wasm and cpu in Node,
 * beside PyTorch CPU on the same architecture and thread count (Debian's python3-torch, when present),
 * and kernels per step on webgpu in Node (the `webgpu` package on SwiftShader, chromium's CPU Vulkan:
 * its tokens/s is CPU-emulation speed, labelled so; the kernel and dispatch counts are what it is for).
 * Each backend runs in its own process so that one backend's state cannot slow another.
 * A benchmark, not a test: it prints numbers and asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { intFlag, parseFlags } from '../args';
import { hasWebGPUPackage, SWIFTSHADER_ENV } from '../swiftshader';
import { PRESET_NAMES, presetConfig, type PresetName } from '../../src/core/model/config';

export const summary = 'throughput of every preset, beside PyTorch';

const STEPS: Record<PresetName, number> = { nano: 10, micro: 10, tiny: 5, small: 3, base: 2 };
/** The cpu backend is pure JS and very slow; past `tiny` a step takes minutes. */
const CPU_PRESETS: PresetName[] = ['nano', 'micro', 'tiny'];
/** webgpu in Node: the package, and a Vulkan driver (one named in the environment, or chromium's SwiftShader). */
function nodeWebGPUAvailable(): boolean {
  return hasWebGPUPackage() && (!!process.env.VK_ICD_FILENAMES || existsSync(SWIFTSHADER_ENV.VK_ICD_FILENAMES));
}

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
  const { values } = parseFlags(args, { json: { type: 'boolean' }, batch: { type: 'string' }, 'seq-len': { type: 'string' }, 'no-webgpu': { type: 'boolean' }, webgpu: { type: 'boolean' } }); // --webgpu: the default now, kept for old command lines
  const batch = intFlag(values.batch, 'batch', 16);
  const seqLen = intFlag(values['seq-len'], 'seq-len', 64, 2);
  const webgpu = !values['no-webgpu'] && nodeWebGPUAvailable();
  if (!values['no-webgpu'] && !webgpu) process.stderr.write('(no webgpu line: needs the `webgpu` package and chromium\'s SwiftShader)\n');
  const backends = ['wasm', 'cpu', ...(webgpu ? ['webgpu'] : [])];
  const rows: Record<string, unknown>[] = [];
  for (const preset of PRESET_NAMES) {
    const config = presetConfig(preset, undefined, seqLen);
    const torch = runJSON('/usr/bin/python3', ['scale/bench_torch.py', '--config', JSON.stringify(config), '--batch', String(batch), '--steps', String(STEPS[preset]), '--threads', '1'], { OMP_NUM_THREADS: '1' });
    for (const backend of backends) {
      if (backend === 'cpu' && !CPU_PRESETS.includes(preset)) continue;
      if (backend === 'webgpu' && !CPU_PRESETS.includes(preset)) continue; // SwiftShader: CPU-emulated, slower still
      // SwiftShader runs a tiny step in seconds: one warm-up step (compiles every shader) and one timed.
      const steps = backend === 'webgpu' ? ['--steps', '1', '--warmup', '1'] : ['--steps', String(STEPS[preset])];
      const env = backend === 'webgpu' && !process.env.VK_ICD_FILENAMES ? SWIFTSHADER_ENV : {};
      const r = runJSON(process.execPath, ['cli/tinyflan.mjs', 'bench', '--backend', backend, '--model', preset, ...steps, '--batch', String(batch), '--seq-len', String(seqLen), '--profile', '--json'], env);
      if (!r) continue;
      const row: Record<string, unknown> = { preset, backend, params: r.params, layers: r.layers, tokensPerSec: r.tokensPerSec, msPerStep: r.msPerStep, kernelsPerStep: r.kernelsPerStep, batch, seqLen };
      if (backend === 'webgpu') Object.assign(row, { dispatchesPerStep: r.dispatchesPerStep, device: 'SwiftShader (CPU-emulated GPU): tokens/s is not GPU speed' });
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
    if (webgpu) console.log('webgpu rows: Node + the `webgpu` package on SwiftShader, a CPU-emulated GPU; their tokens/s is not GPU speed.');
  }
  return 0;
}
