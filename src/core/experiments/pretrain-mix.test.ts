import { describe, expect, it } from 'vitest';
import { buildMixture } from '../tasks';
import { withPretrainText } from './pretrain-mix';

describe('pretraining text in the tuning mixture', () => {
  const mixture = buildMixture({ seed: 1, heldOut: 'nli', size: 400 });

  it('adds share/(1-share) rows of short corpus documents, trained on every token, deterministically', () => {
    const mixed = withPretrainText(mixture, 0.1, 1, 1);
    const text = mixed.filter((e) => e.dataset === 'pretraining_text');
    expect(text.length).toBe(Math.round((0.1 / 0.9) * 400));
    expect(mixed.length).toBe(400 + text.length);
    expect(text.every((e) => e.input === '' && e.target.length > 0 && e.target.length <= 340)).toBe(true);
    // the instruction rows keep their order; the documents are spread through the mixture
    expect(mixed.filter((e) => e.dataset !== 'pretraining_text')).toEqual(mixture);
    expect(mixed.findIndex((e) => e.dataset === 'pretraining_text')).toBeLessThan(mixed.length / 4);
    expect(withPretrainText(mixture, 0.1, 1, 1)).toEqual(mixed);
    expect(withPretrainText(mixture, 0.1, 2, 1)).not.toEqual(mixed);
  });

  it('is a no-op at share 0', () => {
    expect(withPretrainText(mixture, 0, 1, 1)).toBe(mixture);
  });
});
