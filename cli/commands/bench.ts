/** `tinyflan bench`: warm-up, then N training steps on random tokens; one JSON line of throughput. */
import { intFlag, listFlag, oneOf, parseFlags, type Flags } from '../args';
import { backendFlag, batchFlag, jsonLinesFlag, modelFlag, seqLenFlag, stepsFlag, text, toggle } from '../flags';
import { NODE_BACKENDS, startNodeBackend } from '../node-backend';
import { measureTraining } from '../../src/core/train/bench';
import { MODEL_SIZE_NAMES, presetConfig } from '../../src/core/model/config';
import { attentionWasmStatus, setAttentionWasmEnabled } from '../../src/core/model/kernels/attention-wasm';
import { elementwiseWasmStatus, setElementwiseWasmEnabled } from '../../src/core/model/kernels/elementwise-wasm';

const SIMD_MODULES = ['attention', 'elementwise'] as const;

export const summary = 'training throughput of one preset on one backend';

export const flags = {
  backend: backendFlag(NODE_BACKENDS, 'wasm'),
  model: modelFlag('micro'),
  steps: stepsFlag('timed steps (default 10)'),
  warmup: text('N', 'untimed steps first (default 2)'),
  batch: batchFlag(16),
  'seq-len': seqLenFlag(64),
  profile: toggle('count kernels (and webgpu dispatches) per step'),
  'js-kernels': text(
    'attention,elementwise',
    'cpu/wasm: these kernels run their JS loops, not their WebAssembly SIMD builds (elementwise: GELU, cross-entropy)',
  ),
  json: jsonLinesFlag,
} satisfies Flags;

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, flags);
  const backend = oneOf(values.backend, 'backend', NODE_BACKENDS, 'wasm');
  const model = oneOf(values.model, 'model preset', MODEL_SIZE_NAMES, 'micro');
  const steps = intFlag(values.steps, 'steps', 10);
  const batch = intFlag(values.batch, 'batch', 16);
  const seqLen = intFlag(values['seq-len'], 'seq-len', 64, 2);
  const info = await startNodeBackend(backend);
  const js = listFlag(values['js-kernels'], 'kernel module', SIMD_MODULES) ?? [];
  setAttentionWasmEnabled(!js.includes('attention'));
  setElementwiseWasmEnabled(!js.includes('elementwise'));
  // What actually ran (a SIMD build may also be missing where WebAssembly SIMD is), per module.
  const kernels = { attention: attentionWasmStatus().split(' ')[0], elementwise: elementwiseWasmStatus().split(' ')[0] };
  const r = await measureTraining({
    config: presetConfig(model, undefined, seqLen),
    batch,
    steps,
    warmupSteps: intFlag(values.warmup, 'warmup', 2, 0),
    countKernels: values.profile ?? false,
  });
  const line = { backend: info.backend, model, kernels, ...r };
  if (values.json) console.log(JSON.stringify(line));
  else
    console.log(
      `${model} on ${info.backend}: ${r.params} params, ${r.msPerStep.toFixed(1)} ms/step, ${Math.round(r.tokensPerSec)} tokens/s (attention ${kernels.attention}, GELU and cross-entropy ${kernels.elementwise})`,
    );
  return 0;
}
