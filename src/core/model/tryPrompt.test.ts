import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { tryCheckpoint } from './tryPrompt';

describe('tryCheckpoint', () => {
  it('generates greedily and scores the listed options', async () => {
    await tf.setBackend('cpu');
    const bytes = new Uint8Array(readFileSync('public/models/nano.safetensors'));
    const a = await tryCheckpoint(bytes, 'Is the sky green? OPTIONS: yes, no. Answer:', ['yes', ' no ', ''], 6);
    expect(typeof a.generation).toBe('string');
    expect(a.options.map((o) => o.text)).toEqual(['yes', 'no']);
    expect(a.options[0].prob + a.options[1].prob).toBeCloseTo(1, 9);
    expect(a.options.every((o) => o.logProb < 0)).toBe(true);
    const again = await tryCheckpoint(bytes, 'Is the sky green? OPTIONS: yes, no. Answer:', ['yes', 'no'], 6);
    expect(again).toEqual(a); // greedy: the same every time
  }, 60_000);
});
