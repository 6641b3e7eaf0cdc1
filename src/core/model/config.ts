/** Model configuration and the named size presets (pure data, no tfjs). */
export interface ModelConfig {
  vocabSize: number;
  /** Longest sequence the position embedding covers; every batch is padded or packed to this length. */
  blockSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
}

export const MODEL_SIZE_NAMES = ['nano', 'micro', 'tiny', 'small', 'base'] as const;
export type ModelSizeName = (typeof MODEL_SIZE_NAMES)[number];

/** The lab's default vocabulary (a BPE trained on the world's text) and sequence length. */
export const DEFAULT_VOCAB = 1024;
export const DEFAULT_BLOCK = 128;

/**
 * Deep and narrow, as the tiny-model literature suggests (induction heads need ≥2 layers; 4-8 layers
 * at width 64-256 is where toy transfer appeared). Parameter counts assume the default vocabulary.
 */
const SHAPES: Record<ModelSizeName, Pick<ModelConfig, 'nLayer' | 'nHead' | 'nEmbd'>> = {
  nano: { nLayer: 2, nHead: 2, nEmbd: 16 }, //  ~25K params
  micro: { nLayer: 2, nHead: 4, nEmbd: 32 }, //  ~62K
  tiny: { nLayer: 4, nHead: 4, nEmbd: 64 }, // ~0.27M
  small: { nLayer: 6, nHead: 4, nEmbd: 128 }, // ~1.3M
  base: { nLayer: 8, nHead: 8, nEmbd: 256 }, // ~6.6M
};

export function presetConfig(name: ModelSizeName, vocabSize = DEFAULT_VOCAB, blockSize = DEFAULT_BLOCK): ModelConfig {
  const shape = SHAPES[name];
  if (!shape) throw new Error(`Unknown model preset "${name}". Valid presets: ${MODEL_SIZE_NAMES.join(', ')}`);
  return { vocabSize, blockSize, ...shape };
}

export function isModelSizeName(name: string): name is ModelSizeName {
  return (MODEL_SIZE_NAMES as readonly string[]).includes(name);
}

/** Parameter shapes by their checkpoint names (see docs/MODEL.md). Linear weights are [in, out]. */
export function parameterShapes(c: ModelConfig): [string, number[]][] {
  const C = c.nEmbd;
  const shapes: [string, number[]][] = [
    ['transformer.wte.weight', [c.vocabSize, C]],
    ['transformer.wpe.weight', [c.blockSize, C]],
  ];
  for (let i = 0; i < c.nLayer; i++) {
    const p = `transformer.h.${i}`;
    shapes.push(
      [`${p}.ln_1.weight`, [C]],
      [`${p}.ln_1.bias`, [C]],
      [`${p}.attn.c_attn.weight`, [C, 3 * C]],
      [`${p}.attn.c_attn.bias`, [3 * C]],
      [`${p}.attn.c_proj.weight`, [C, C]],
      [`${p}.attn.c_proj.bias`, [C]],
      [`${p}.ln_2.weight`, [C]],
      [`${p}.ln_2.bias`, [C]],
      [`${p}.mlp.c_fc.weight`, [C, 4 * C]],
      [`${p}.mlp.c_fc.bias`, [4 * C]],
      [`${p}.mlp.c_proj.weight`, [4 * C, C]],
      [`${p}.mlp.c_proj.bias`, [C]],
    );
  }
  shapes.push(['transformer.ln_f.weight', [C]], ['transformer.ln_f.bias', [C]]);
  return shapes;
}

export function countParams(c: ModelConfig): number {
  return parameterShapes(c).reduce((sum, [, s]) => sum + s.reduce((a, b) => a * b, 1), 0);
}

export function validateConfig(c: ModelConfig): void {
  const ok = (n: number) => Number.isInteger(n) && n > 0;
  if (![c.vocabSize, c.blockSize, c.nLayer, c.nHead, c.nEmbd].every(ok)) {
    throw new Error(`Invalid model config ${JSON.stringify(c)}: every field must be a positive integer`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new Error(`Invalid model config: nEmbd ${c.nEmbd} is not divisible by nHead ${c.nHead}`);
}
