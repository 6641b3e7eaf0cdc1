/**
 * `tinyflan bench-all` (npm run bench): tfjs-wasm training throughput beside PyTorch CPU on the same
 * architecture, batch, sequence length and thread count (Debian's python3-torch, when present), their
 * steps interleaved over several repetitions (wasm, torch, torch, wasm, ...: both see the same load), with
 * the median and spread of each and of their paired ratio; then one-shot rows for the cpu backend and
 * for webgpu in Node (the `webgpu` package on SwiftShader, chromium's CPU Vulkan: its tokens/s is
 * CPU-emulation speed, labelled so; the kernel and dispatch counts are what it is for).
 * Each measurement runs in its own process so that one backend's state cannot slow another.
 * A benchmark, not a test: it prints numbers and asserts nothing (the statistics: cli/bench-stats.ts).
 *   npm run bench -- --models nano,tiny --reps 5 --shapes 32x128,16x64 --threads 1,2 [--stacked 1,4,12|none] [--big] [--json]
 */
import { existsSync } from 'node:fs';
import { intFlag, listFlag, parseFlags, UsageError, type Flags } from '../args';
import { jsonLinesFlag, stepsFlag, text, toggle } from '../flags';
import { formatSpread, pairedRatios, parseShapes, spread, stepsFor } from '../bench-stats';
import { hasWebGPUPackage, SWIFTSHADER_ENV } from '../swiftshader';
import { printStackedRows, stackedRows } from '../bench-stacked-rows';
import { runJSONLines } from '../run-json';
import { MODEL_SIZE_NAMES, presetConfig, type ModelSizeName } from '../../src/core/model/config';

export const summary = 'throughput of every preset, beside PyTorch';

/** Timed steps per repetition at 16 x 64 (scaled down for bigger shapes). */
const STEPS: Record<ModelSizeName, number> = { nano: 10, micro: 10, tiny: 5, small: 3, base: 2 };
/** Without --big: small and base take seconds to minutes per step on wasm. */
const DEFAULT_PRESETS: ModelSizeName[] = ['nano', 'micro', 'tiny'];
/** The cpu backend is pure JS and very slow; past `tiny` a step takes minutes. */
const CPU_PRESETS: ModelSizeName[] = ['nano', 'micro', 'tiny'];
/** The shape of the webgpu (SwiftShader) count rows for small and base. */
const WEBGPU_COUNT_SHAPE = { batch: 2, seqLen: 32 };
/** webgpu in Node: the package, and a Vulkan driver (one named in the environment, or chromium's SwiftShader). */
function nodeWebGPUAvailable(): boolean {
  return hasWebGPUPackage() && (!!process.env.VK_ICD_FILENAMES || existsSync(SWIFTSHADER_ENV.VK_ICD_FILENAMES));
}

/** The last JSON line a measurement process printed, or null when it failed. */
function runJSON(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Record<string, unknown> | null {
  const { lines, ok } = runJSONLines(cmd, args, env);
  return ok ? lines[lines.length - 1] : null;
}

function tfjsBench(backend: string, preset: ModelSizeName, batch: number, seqLen: number, steps: number, profile: boolean): Record<string, unknown> | null {
  // SwiftShader runs a tiny step in seconds: one warm-up step (compiles every shader) and one timed.
  const stepArgs = backend === 'webgpu' ? ['--steps', '1', '--warmup', '1'] : ['--steps', String(steps)];
  const env = backend === 'webgpu' && !process.env.VK_ICD_FILENAMES ? SWIFTSHADER_ENV : {};
  return runJSON(
    process.execPath,
    [
      'cli/tinyflan.mjs',
      'bench',
      '--backend',
      backend,
      '--model',
      preset,
      ...stepArgs,
      '--batch',
      String(batch),
      '--seq-len',
      String(seqLen),
      ...(profile ? ['--profile'] : []),
      '--json',
    ],
    env,
  );
}

function torchBench(preset: ModelSizeName, batch: number, seqLen: number, steps: number, threads: number): Record<string, unknown> | null {
  const config = presetConfig(preset, undefined, seqLen);
  return runJSON(
    '/usr/bin/python3',
    ['scale/bench_torch.py', '--config', JSON.stringify(config), '--batch', String(batch), '--steps', String(steps), '--threads', String(threads)],
    { OMP_NUM_THREADS: String(threads) },
  );
}

const num = (r: Record<string, unknown> | null, key: string): number | null => (r && typeof r[key] === 'number' ? (r[key] as number) : null);

export const flags = {
  json: jsonLinesFlag,
  models: text('a,b', `model sizes (default ${DEFAULT_PRESETS.join(',')})`),
  big: toggle('every size, small and base too (minutes per step on wasm)'),
  reps: text('N', 'repetitions, wasm and PyTorch interleaved (default 5)'),
  steps: stepsFlag('timed steps per repetition (default: by size and shape)'),
  shapes: text('BxT,...', 'batch x sequence shapes (default 32x128,16x64)'),
  threads: text('1,2', 'PyTorch thread counts (default 1)'),
  batch: text('B', 'one shape: sequences per step (instead of --shapes)'),
  'seq-len': text('T', 'one shape: tokens per sequence (instead of --shapes)'),
  'no-cpu': toggle('skip the cpu backend rows'),
  'no-torch': toggle('skip PyTorch'),
  'no-webgpu': toggle('skip webgpu on SwiftShader'),
  webgpu: toggle('(the default now; kept for old command lines)'),
  stacked: text('K,...', 'stacked rows: K models as one stack vs one after another, at the first shape (default 1,4,12; none to skip)'),
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  const presets = listFlag(values.models, 'model preset', MODEL_SIZE_NAMES) ?? (values.big ? [...MODEL_SIZE_NAMES] : DEFAULT_PRESETS);
  const reps = intFlag(values.reps, 'reps', 5);
  const stepsOverride = values.steps === undefined ? undefined : intFlag(values.steps, 'steps', 1);
  let shapes: { batch: number; seqLen: number }[];
  if (values.batch !== undefined || values['seq-len'] !== undefined)
    shapes = [{ batch: intFlag(values.batch, 'batch', 16), seqLen: intFlag(values['seq-len'], 'seq-len', 64, 2) }];
  else {
    try {
      shapes = parseShapes(values.shapes ?? '32x128,16x64');
    } catch (e) {
      throw new UsageError(`--shapes: ${(e as Error).message}`);
    }
  }
  const threadList = (values.threads ?? '1').split(',').map((t) => intFlag(t.trim(), 'threads', 1));
  const torch = !values['no-torch'] && existsSync('/usr/bin/python3');
  const webgpu = !values['no-webgpu'] && nodeWebGPUAvailable();
  if (!values['no-webgpu'] && !webgpu) process.stderr.write("(no webgpu line: needs the `webgpu` package and chromium's SwiftShader)\n");

  const rows: Record<string, unknown>[] = [];
  const extra: Record<string, unknown>[] = [];
  for (const preset of presets) {
    for (const { batch, seqLen } of shapes) {
      const steps = stepsOverride ?? stepsFor(STEPS[preset], batch, seqLen);
      // tfjs-wasm runs one thread in Node: tfjs-backend-wasm 4.x reports no thread support under Node
      // (WASM_HAS_MULTITHREAD_SUPPORT is false there, tfjs issue 3830), so its samples do not depend on the
      // thread count: measured once per repetition, paired with each torch count. Its 1 vs 2 threads are
      // measured in Chromium instead (e2e/threads.spec.ts, THREADS_BENCH).
      const wasm: (number | null)[] = [];
      const torchBy = new Map<number, (number | null)[]>(threadList.map((t) => [t, []]));
      let info: Record<string, unknown> | null = null;
      for (let rep = 0; rep < reps; rep++) {
        const w = () => {
          const r = tfjsBench('wasm', preset, batch, seqLen, steps, rep === 0);
          if (rep === 0) info = r;
          wasm.push(num(r, 'tokensPerSec'));
        };
        const t = () => {
          for (const th of threadList) torchBy.get(th)!.push(torch ? num(torchBench(preset, batch, seqLen, steps, th), 'tokensPerSec') : null);
        };
        if (rep % 2 === 0) {
          w();
          t();
        } else {
          t();
          w();
        } // ABBA: a drift in load hits both sides alike
        process.stderr.write(`  ${preset} ${batch}x${seqLen} rep ${rep + 1}/${reps}\n`);
      }
      const infoRow = info as Record<string, unknown> | null;
      for (const th of threadList) {
        const tv = torchBy.get(th)!;
        const wasmS = spread(wasm.filter((x): x is number => x !== null));
        const torchS = spread(tv.filter((x): x is number => x !== null));
        const ratioS = spread(pairedRatios(wasm, tv));
        const row = {
          preset,
          backend: 'wasm',
          params: infoRow?.params,
          layers: infoRow?.layers,
          batch,
          seqLen,
          stepsPerRep: steps,
          reps,
          tfjsThreads: 1,
          torchThreads: th,
          kernelsPerStep: infoRow?.kernelsPerStep,
          tokensPerSec: wasmS,
          torchTokensPerSec: torchS,
          ratioVsTorch: ratioS,
          samples: { wasm, torch: tv },
        };
        rows.push(row);
        if (values.json) console.log(JSON.stringify(row));
      }
    }
    // one-shot rows at the smallest shape: the cpu backend (pure JS) and webgpu on SwiftShader (kernel and
    // dispatch counts, for every size: past tiny at WEBGPU_COUNT_SHAPE, where SwiftShader takes seconds, not
    // many minutes, per step; the counts depend on the layers, not on batch or sequence length).
    const smallest = [...shapes].sort((a, b) => a.batch * a.seqLen - b.batch * b.seqLen)[0];
    const others = [...(!values['no-cpu'] && CPU_PRESETS.includes(preset) ? ['cpu'] : []), ...(webgpu ? ['webgpu'] : [])];
    for (const backend of others) {
      const { batch, seqLen } = backend === 'webgpu' && !CPU_PRESETS.includes(preset) ? WEBGPU_COUNT_SHAPE : smallest;
      const r = tfjsBench(backend, preset, batch, seqLen, stepsOverride ?? stepsFor(STEPS[preset], batch, seqLen), true);
      if (!r) continue;
      const row: Record<string, unknown> = {
        preset,
        backend,
        params: r.params,
        layers: r.layers,
        tokensPerSec: r.tokensPerSec,
        msPerStep: r.msPerStep,
        kernelsPerStep: r.kernelsPerStep,
        batch,
        seqLen,
      };
      if (backend === 'webgpu')
        Object.assign(row, { dispatchesPerStep: r.dispatchesPerStep, device: 'SwiftShader (CPU-emulated GPU): tokens/s is not GPU speed' });
      extra.push(row);
      if (values.json) console.log(JSON.stringify(row));
    }
  }
  const Ks = values.stacked === 'none' ? [] : (values.stacked ?? '1,4,12').split(',').map((k) => intFlag(k.trim(), 'stacked', 1));
  const stacked = Ks.length
    ? stackedRows({
        presets,
        Ks,
        ...shapes[0],
        reps: Math.min(reps, 3),
        webgpu,
        webgpuShape: WEBGPU_COUNT_SHAPE,
        onRows: (rows) => values.json && rows.forEach((r) => console.log(JSON.stringify({ ...r, kind: 'stacked' }))),
      })
    : [];
  if (!values.json) {
    console.log(
      `| preset | params | layers | batch x seq | threads (tfjs/torch) | tfjs-wasm tokens/s | PyTorch CPU tokens/s | ratio | ratio IQR | kernels/step |`,
    );
    console.log(`|---|---|---|---|---|---|---|---|---|---|`);
    for (const r of rows) {
      const ratio = r.ratioVsTorch as ReturnType<typeof spread>;
      const iqr = ratio.n ? `${ratio.q1.toFixed(2)}-${ratio.q3.toFixed(2)}` : '–';
      const speeds = `${formatSpread(r.tokensPerSec as ReturnType<typeof spread>)} | ${formatSpread(r.torchTokensPerSec as ReturnType<typeof spread>)}`;
      const shape = `${r.batch} x ${r.seqLen} | ${r.tfjsThreads}/${r.torchThreads}`;
      const model = `${r.preset} | ${r.params ?? '–'} | ${r.layers ?? '–'}`;
      console.log(`| ${model} | ${shape} | ${speeds} | ${formatSpread(ratio, 2)} | ${iqr} | ${r.kernelsPerStep ?? '–'} |`);
    }
    console.log(`\nmedian (min-max) over ${reps} repetitions, wasm and PyTorch steps interleaved (ABBA); ratio = tfjs-wasm / PyTorch, paired per repetition.`);
    console.log(
      'tfjs-wasm runs one thread in Node (tfjs-wasm has no thread support under Node; 1 vs 2 threads: e2e/threads.spec.ts in Chromium); PyTorch torch.set_num_threads(N). ' +
        'Random tokens, warm-up first, each measurement in its own process.',
    );
    if (extra.length) {
      const f = (x: unknown, d = 0) => (typeof x === 'number' ? x.toFixed(d) : '–');
      console.log(`\n| preset | backend | batch x seq | tokens/s | ms/step | kernels/step | dispatches/step |`);
      console.log(`|---|---|---|---|---|---|---|`);
      for (const r of extra) {
        const backend = r.backend === 'webgpu' ? 'webgpu (SwiftShader)' : r.backend;
        const counts = `${f(r.kernelsPerStep)} | ${f(r.dispatchesPerStep)}`;
        console.log(`| ${r.preset} | ${backend} | ${r.batch} x ${r.seqLen} | ${f(r.tokensPerSec)} | ${f(r.msPerStep, 1)} | ${counts} |`);
      }
      if (webgpu) console.log('webgpu rows: Node + the `webgpu` package on SwiftShader, a CPU-emulated GPU; their tokens/s is not GPU speed.');
    }
    printStackedRows(stacked);
  }
  return 0;
}
