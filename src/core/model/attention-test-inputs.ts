/**
 * Random inputs for the attention kernel tests (JS kernel vs float64, SIMD vs JS): packed qkv, an upstream
 * gradient and a mask with packed segments and padding — optionally with holes inside rows (keys masked
 * between unmasked ones), which the causal-segment mask never has. One generator, so both suites test
 * the kernels on the same kind of input.
 */
import type { Rng } from '../rng';
import { attentionMaskData } from './ops';

export function attentionTestInputs(B: number, T: number, H: number, hs: number, holes: boolean, rng: Rng) {
  const C = H * hs;
  const segments = Int32Array.from({ length: B * T }, (_, i) => {
    const t = i % T;
    if (t >= T - 2) return -1 - i; // padding: each token its own segment
    return Math.floor(i / T) * 100 + (t < 5 ? 0 : t < 17 ? 1 : 2);
  });
  const mask = attentionMaskData(segments, B, T);
  if (holes) for (let r = 0; r < B * T; r++) if (r % T >= 4) mask[r * T + ((r * 7) % (r % T))] = -1e9; // never the diagonal
  const qkv = Float32Array.from({ length: B * T * 3 * C }, () => 2 * rng.normal());
  const dy = Float32Array.from({ length: B * T * C }, () => rng.normal());
  return { C, mask, qkv, dy };
}
