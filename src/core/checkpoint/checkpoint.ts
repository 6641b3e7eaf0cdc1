/**
 * TinyFLAN checkpoints: a safetensors file whose metadata carries the format, version, model config,
 * tokenizer and training info (docs/MODEL.md). Pure: works on host arrays, so Node, worker and page share it.
 */
import { type ModelConfig, parameterShapes, presetConfig, MODEL_SIZE_NAMES, type ModelSizeName, validateConfig } from '../model/config';
import { LIMITS, limitProblem } from '../share/limits';
import { Tokenizer } from '../tokenizer/bpe';
import { CHECKSUM_KEY, CheckpointError, decodeSafetensors, type DType, encodeSafetensors, type TensorEntry } from './safetensors';

export { CheckpointError };
export const CHECKPOINT_FORMAT = 'tinyflan-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface OptimizerState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

export interface Checkpoint {
  config: ModelConfig;
  tokenizer: Tokenizer;
  weights: Map<string, TensorEntry>;
  step: number;
  info: Record<string, unknown>;
  optimizer?: OptimizerState;
  /**
   * Set by loadCheckpoint: true when the file carried a checksum and it matched; false for files
   * written without one (the shipped models, the PyTorch twin's), which are checked structurally only.
   */
  verified?: boolean;
}

/** Metadata keys a lab checkpoint may have. Any other key is a corrupted name (or a foreign file). */
const METADATA_KEYS = new Set(['format', 'version', 'config', 'tokenizer', 'step', 'info', 'optimizer_step', CHECKSUM_KEY]);
/**
 * Largest |weight| accepted. Trained weights here stay within a few units (the shipped base model's
 * largest is 1.55); a flipped exponent bit gives values like 1e38 that would only fail much later.
 */
export const MAX_ABS_WEIGHT = 1e6;

export function saveCheckpoint(ck: Checkpoint, dtype: DType = 'F32'): Uint8Array {
  const tensors = new Map<string, TensorEntry>();
  for (const [name, shape] of parameterShapes(ck.config)) {
    const w = ck.weights.get(name);
    if (!w) throw new CheckpointError(`Cannot save: weight "${name}" is missing`);
    tensors.set(name, { shape, data: w.data });
  }
  if (ck.optimizer) {
    for (const [name, shape] of parameterShapes(ck.config)) {
      tensors.set(`optimizer.m.${name}`, { shape, data: ck.optimizer.m.get(name)! });
      tensors.set(`optimizer.v.${name}`, { shape, data: ck.optimizer.v.get(name)! });
    }
  }
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    version: String(CHECKPOINT_VERSION),
    config: JSON.stringify(ck.config),
    tokenizer: JSON.stringify(ck.tokenizer.toJSON()),
    step: String(ck.step),
    info: JSON.stringify(ck.info),
  };
  if (ck.optimizer) metadata.optimizer_step = String(ck.optimizer.step);
  return encodeSafetensors(tensors, metadata, dtype);
}

function parseJSON(text: string | undefined, what: string): unknown {
  if (text === undefined) throw new CheckpointError(`Checkpoint has no ${what} in its metadata`);
  try {
    return JSON.parse(text);
  } catch {
    throw new CheckpointError(`Checkpoint ${what} is not valid JSON`);
  }
}

export function loadCheckpoint(bytes: Uint8Array): Checkpoint {
  if (bytes.length > LIMITS.checkpointBytes.max) {
    throw new CheckpointError(`Checkpoint is too large: ${limitProblem('checkpointBytes', bytes.length)}`);
  }
  const { tensors, metadata, checksum } = decodeSafetensors(bytes);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`Not a TinyFLAN checkpoint (format "${String(metadata.format ?? 'missing').slice(0, 40)}", expected "${CHECKPOINT_FORMAT}")`);
  }
  if (metadata.version === undefined) throw new CheckpointError('Checkpoint has no version in its metadata: the header is corrupt');
  if (metadata.version !== String(CHECKPOINT_VERSION)) {
    throw new CheckpointError(`Checkpoint version ${metadata.version.slice(0, 20)} is not supported (this lab reads version ${CHECKPOINT_VERSION})`);
  }
  // The checksum is checked once the version says how it is computed, before anything is built.
  if (checksum.stored !== undefined && checksum.stored !== checksum.actual) {
    throw new CheckpointError(
      `Checkpoint is corrupt: its checksum does not match its contents (stored ${checksum.stored.slice(0, 20)}, computed ${checksum.actual}); download or copy it again`,
    );
  }
  const unknown = Object.keys(metadata).find((k) => !METADATA_KEYS.has(k));
  if (unknown !== undefined)
    throw new CheckpointError(`Checkpoint metadata has an unknown entry "${unknown.slice(0, 40)}": the header is corrupt or from another program`);
  const config = parseJSON(metadata.config, 'model config') as ModelConfig;
  if (config === null || typeof config !== 'object') throw new CheckpointError('Checkpoint model config is not a JSON object');
  try {
    validateConfig(config);
  } catch (e) {
    throw new CheckpointError((e as Error).message);
  }
  // Bounded before parameterShapes loops over the layers (nLayer 1e9 in a hostile header ran out of memory).
  const bounds = [
    ['vocabSize', 'vocabSize'],
    ['blockSize', 'blockSize'],
    ['nLayer', 'layers'],
    ['nHead', 'heads'],
    ['nEmbd', 'width'],
  ] as const;
  for (const [field, limit] of bounds) {
    const problem = limitProblem(limit, config[field]);
    if (problem) throw new CheckpointError(`Checkpoint model config: ${problem}`);
  }
  let tokenizer: Tokenizer;
  try {
    // Bounded before it is built: merges beyond the vocabulary, or merges whose tokens grow past
    // LIMITS.tokenBytes (31 doubling merges in a 53 KB file used to build a 4 GB tokenizer).
    tokenizer = Tokenizer.fromJSON(parseJSON(metadata.tokenizer, 'tokenizer'), { maxVocab: config.vocabSize, maxTokenBytes: LIMITS.tokenBytes.max });
  } catch (e) {
    throw new CheckpointError(`Checkpoint tokenizer is invalid: ${(e as Error).message}`);
  }
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new CheckpointError(`Checkpoint tokenizer has ${tokenizer.vocabSize} tokens but the model only ${config.vocabSize}`);
  }
  const weights = new Map<string, TensorEntry>();
  const shapes = parameterShapes(config);
  const expected = new Set(shapes.map(([name]) => name));
  for (const [name, shape] of shapes) {
    const t = tensors.get(name);
    if (!t) throw new CheckpointError(`Checkpoint is missing tensor "${name}"`);
    if (t.shape.join(',') !== shape.join(',')) throw new CheckpointError(`Tensor "${name}" has shape [${t.shape}], expected [${shape}]`);
    checkValues(name, t.data, MAX_ABS_WEIGHT);
    weights.set(name, t);
  }
  let optimizer: OptimizerState | undefined;
  if (metadata.optimizer_step !== undefined) {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    for (const [name, shape] of shapes) {
      const tm = tensors.get(`optimizer.m.${name}`);
      const tv = tensors.get(`optimizer.v.${name}`);
      if (!tm || !tv) throw new CheckpointError(`Checkpoint optimizer state is missing "${name}"`);
      for (const [which, t] of [
        ['m', tm],
        ['v', tv],
      ] as const) {
        if (t.shape.join(',') !== shape.join(',')) throw new CheckpointError(`Tensor "optimizer.${which}.${name}" has shape [${t.shape}], expected [${shape}]`);
        checkValues(`optimizer.${which}.${name}`, t.data, Infinity);
        expected.add(`optimizer.${which}.${name}`);
      }
      m.set(name, tm.data);
      v.set(name, tv.data);
    }
    const optStep = Number(metadata.optimizer_step);
    if (!Number.isSafeInteger(optStep) || optStep < 0)
      throw new CheckpointError(`Checkpoint optimizer_step "${metadata.optimizer_step.slice(0, 20)}" is not a whole number`);
    optimizer = { step: optStep, m, v };
  }
  const extra = [...tensors.keys()].find((name) => !expected.has(name));
  if (extra !== undefined) throw new CheckpointError(`Checkpoint has an unexpected tensor "${extra.slice(0, 100)}"`);
  const step = Number(metadata.step ?? 0);
  const info = metadata.info ? parseJSON(metadata.info, 'info') : {};
  if (info === null || typeof info !== 'object' || Array.isArray(info)) throw new CheckpointError('Checkpoint info is not a JSON object');
  return {
    config,
    tokenizer,
    weights,
    step: Number.isFinite(step) ? step : 0,
    info: info as Record<string, unknown>,
    optimizer,
    verified: checksum.stored !== undefined,
  };
}

/** Every value finite and within ±maxAbs; the message names the tensor and the first bad index. */
function checkValues(name: string, data: Float32Array, maxAbs: number): void {
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (!(Math.abs(x) <= maxAbs)) {
      const what = Number.isFinite(x) ? `an implausible value ${x.toPrecision(3)} (more than ${maxAbs} in size)` : `a non-finite value (${x})`;
      throw new CheckpointError(`Tensor "${name}" has ${what} at index ${i}: the checkpoint is corrupt`);
    }
  }
}

/**
 * Checks that `config` is exactly the lab's `size` model (layers, heads, width, and the vocabulary and
 * block size prompts are tokenized and cut to). A block size of 8 would silently cut every prompt.
 */
export function configProblemForSize(config: ModelConfig, size: ModelSizeName): string | null {
  const want = presetConfig(size);
  const diffs = (Object.keys(want) as (keyof ModelConfig)[]).filter((k) => config[k] !== want[k]).map((k) => `${k} ${config[k]} (expected ${want[k]})`);
  return diffs.length ? `The checkpoint is not the lab's ${size} model: ${diffs.join(', ')}` : null;
}

/** The lab model size `config` is exactly, or an explanation of why it is none. */
export function sizeOfConfig(config: ModelConfig): { ok: true; size: ModelSizeName } | { ok: false; error: string } {
  const size = MODEL_SIZE_NAMES.find((name) => configProblemForSize(config, name) === null);
  if (size) return { ok: true, size };
  const sameShape = MODEL_SIZE_NAMES.find((name) => {
    const p = presetConfig(name);
    return p.nLayer === config.nLayer && p.nHead === config.nHead && p.nEmbd === config.nEmbd;
  });
  if (sameShape) return { ok: false, error: configProblemForSize(config, sameShape)! };
  return {
    ok: false,
    error: `The checkpoint's shape (${config.nLayer} layers, ${config.nHead} heads, width ${config.nEmbd}) matches none of the lab's model sizes.`,
  };
}
