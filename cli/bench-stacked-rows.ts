/**
 * The stacked rows of `npm run bench`: for each preset, K = 1, 4, 12 models trained one after another
 * against the same K as one stack (scripts/bench-stacked.ts, in its own process), on wasm timed; and on
 * webgpu (Node, SwiftShader) the kernels and dispatches of one stacked step per K, untimed.
 */
import { runJSONLines } from './run-json';
import { formatSpread, type Spread } from './bench-stats';
import { SWIFTSHADER_ENV } from './swiftshader';

export interface StackedRow {
  preset: string;
  backend: string;
  K: number;
  batch: number;
  seqLen: number;
  reps: number;
  sequentialMsPerStep: Spread;
  stackedMsPerStep: Spread;
  speedup: Spread;
  stackedKernelsPerStep?: number;
  stackedDispatchesPerStep?: number;
}

function runStacked(args: string[], env: NodeJS.ProcessEnv = {}): StackedRow[] {
  // rows measured before a failure (e.g. a K that runs out of memory) are kept
  return runJSONLines(process.execPath, ['--import', 'tsx', 'scripts/bench-stacked.ts', ...args, '--json'], env).lines as unknown as StackedRow[];
}

export function stackedRows(opts: {
  presets: string[];
  Ks: number[];
  batch: number;
  seqLen: number;
  reps: number;
  webgpu: boolean;
  webgpuShape: { batch: number; seqLen: number };
  /** Called with each preset's rows as soon as they are measured (--json prints them then: a long bench stopped early keeps them). */
  onRows?: (rows: StackedRow[]) => void;
}): StackedRow[] {
  const rows: StackedRow[] = [];
  const add = (more: StackedRow[]) => {
    rows.push(...more);
    opts.onRows?.(more);
  };
  const ks = opts.Ks.join(',');
  for (const preset of opts.presets) {
    process.stderr.write(`  stacked ${preset} K=${ks} on wasm\n`);
    add(
      runStacked([
        '--backend',
        'wasm',
        '--models',
        preset,
        '--k',
        ks,
        '--batch',
        String(opts.batch),
        '--seq-len',
        String(opts.seqLen),
        '--reps',
        String(opts.reps),
        '--counts',
      ]),
    );
    if (opts.webgpu) {
      process.stderr.write(`  stacked ${preset} K=${ks} on webgpu (SwiftShader, counts only)\n`);
      const { batch, seqLen } = opts.webgpuShape;
      const env = process.env.VK_ICD_FILENAMES ? {} : SWIFTSHADER_ENV;
      add(
        runStacked(
          ['--backend', 'webgpu', '--models', preset, '--k', ks, '--batch', String(batch), '--seq-len', String(seqLen), '--reps', '0', '--counts'],
          env,
        ),
      );
    }
  }
  return rows;
}

export function printStackedRows(rows: StackedRow[]): void {
  if (!rows.length) return;
  console.log(
    `\n| preset | backend | K | batch x seq | K models one after another, ms/step | one stack of K, ms/step | speedup | kernels / dispatches per stacked step |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    const counts = r.stackedKernelsPerStep === undefined ? '–' : `${r.stackedKernelsPerStep} / ${r.stackedDispatchesPerStep ?? '–'}`;
    const backend = r.backend === 'webgpu' ? 'webgpu (SwiftShader)' : r.backend;
    const timed = `${formatSpread(r.sequentialMsPerStep, 1)} | ${formatSpread(r.stackedMsPerStep, 1)} | ${formatSpread(r.speedup, 2)}`;
    console.log(`| ${r.preset} | ${backend} | ${r.K} | ${r.batch} x ${r.seqLen} | ${timed} | ${counts} |`);
  }
  console.log(
    'stacked rows: median (min-max) over the repetitions, alternating which side runs first; speedup = one after another / stacked. webgpu rows: counts only.',
  );
}
