import { describe, expect, it } from 'vitest';
import { dueEvery, MAX_TUNE_SAVE_EVERY_SEC, MIN_TUNE_SAVE_EVERY_SEC, TUNE_SAVE_EVERY_MS, validTuneSaveEverySec } from './tune-save-interval';

describe('the tuning save interval a user may set', () => {
  it('accepts 1 s to 1 h and nothing else', () => {
    for (const ok of [MIN_TUNE_SAVE_EVERY_SEC, 2.5, TUNE_SAVE_EVERY_MS / 1000, MAX_TUNE_SAVE_EVERY_SEC]) expect(validTuneSaveEverySec(ok)).toBe(true);
    for (const bad of [0, 0.5, -3, MAX_TUNE_SAVE_EVERY_SEC + 1, NaN, Infinity]) expect(validTuneSaveEverySec(bad)).toBe(false);
  });

  it('is due once the interval has passed, reading the interval at each step', () => {
    let every = 3000;
    const due = dueEvery(() => every);
    expect(due(1, 2999)).toBe(false);
    expect(due(1, 3000)).toBe(true);
    every = 10_000; // a new setting applies to the next question
    expect(due(2, 3000)).toBe(false);
  });
});
