/** Mean loss over fixed batches (token-weighted): the validation loss of a checkpoint. */
import type { Batch, GPT } from '../model/gpt';

export async function evaluateLoss(model: GPT, batches: readonly Batch[]): Promise<number> {
  let total = 0;
  let weight = 0;
  for (const b of batches) {
    const n = b.weights.reduce((a, w) => a + w, 0);
    const loss = model.loss(b);
    total += (await loss.data())[0] * n;
    loss.dispose();
    weight += n;
  }
  return total / Math.max(weight, 1);
}
