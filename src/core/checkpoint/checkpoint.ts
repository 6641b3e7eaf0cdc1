/**
 * TinyFLAN checkpoints: a safetensors file whose metadata carries the format, version, model config,
 * tokenizer and training info (docs/MODEL.md). Pure: works on host arrays, so Node, worker and page share it.
 */
import { type ModelConfig, parameterShapes, validateConfig } from '../model/config';
import { Tokenizer } from '../tokenizer/bpe';
import { CheckpointError, decodeSafetensors, type DType, encodeSafetensors, type TensorEntry } from './safetensors';

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
}

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
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError(`Not a TinyFLAN checkpoint (format "${metadata.format ?? 'missing'}", expected "${CHECKPOINT_FORMAT}")`);
  }
  if (metadata.version !== String(CHECKPOINT_VERSION)) {
    throw new CheckpointError(`Checkpoint version ${metadata.version} is not supported (this lab reads version ${CHECKPOINT_VERSION})`);
  }
  const config = parseJSON(metadata.config, 'model config') as ModelConfig;
  try {
    validateConfig(config);
  } catch (e) {
    throw new CheckpointError((e as Error).message);
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = Tokenizer.fromJSON(parseJSON(metadata.tokenizer, 'tokenizer'));
  } catch (e) {
    throw new CheckpointError(`Checkpoint tokenizer is invalid: ${(e as Error).message}`);
  }
  if (tokenizer.vocabSize > config.vocabSize) {
    throw new CheckpointError(`Checkpoint tokenizer has ${tokenizer.vocabSize} tokens but the model only ${config.vocabSize}`);
  }
  const weights = new Map<string, TensorEntry>();
  const shapes = parameterShapes(config);
  for (const [name, shape] of shapes) {
    const t = tensors.get(name);
    if (!t) throw new CheckpointError(`Checkpoint is missing tensor "${name}"`);
    if (t.shape.join(',') !== shape.join(',')) throw new CheckpointError(`Tensor "${name}" has shape [${t.shape}], expected [${shape}]`);
    weights.set(name, t);
  }
  let optimizer: OptimizerState | undefined;
  if (metadata.optimizer_step !== undefined) {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    for (const [name] of shapes) {
      const tm = tensors.get(`optimizer.m.${name}`);
      const tv = tensors.get(`optimizer.v.${name}`);
      if (!tm || !tv) throw new CheckpointError(`Checkpoint optimizer state is missing "${name}"`);
      m.set(name, tm.data);
      v.set(name, tv.data);
    }
    optimizer = { step: Number(metadata.optimizer_step), m, v };
  }
  const step = Number(metadata.step ?? 0);
  const info = (metadata.info ? parseJSON(metadata.info, 'info') : {}) as Record<string, unknown>;
  return { config, tokenizer, weights, step: Number.isFinite(step) ? step : 0, info, optimizer };
}
