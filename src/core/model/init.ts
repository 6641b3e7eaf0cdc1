/** Seeded weight initialisation (tfjs initialisers ignore seeds, so weights come from our own PRNG). */
import { rngFor } from '../rng';
import { type ModelConfig, parameterShapes } from './config';

export type WeightMap = Map<string, { shape: number[]; data: Float32Array }>;

/** GPT-2's scheme: N(0, 0.02); residual projections scaled by 1/sqrt(2L); biases 0; LayerNorm gain 1. */
export function initWeights(config: ModelConfig, seed: number): WeightMap {
  const rng = rngFor(seed, 'init-weights');
  const weights: WeightMap = new Map();
  for (const [name, shape] of parameterShapes(config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('ln_1.weight') || name.endsWith('ln_2.weight') || name.endsWith('ln_f.weight')) data.fill(1);
    else if (shape.length >= 2) {
      const std = name.endsWith('c_proj.weight') ? 0.02 / Math.sqrt(2 * config.nLayer) : 0.02;
      for (let i = 0; i < size; i++) data[i] = rng.normal() * std;
    }
    weights.set(name, { shape, data });
  }
  return weights;
}
