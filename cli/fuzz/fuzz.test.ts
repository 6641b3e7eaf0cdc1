/**
 * A fixed-seed slice of `npm run fuzz` (200 cases per category, a few seconds): no crashes, no hangs, no
 * silent acceptances. The full run (`npm run fuzz -- --count 10000`) is not part of npm test.
 */
import { describe, expect, it } from 'vitest';
import { CATEGORIES, caseRng, DEFAULT_SEED, runCase, runCategory, type Category } from './harness';
import { checkMessage, checkThrown, Crash } from './verdict';

const SLICE = 200;

describe('fuzz slice', () => {
  for (const category of Object.keys(CATEGORIES) as Category[]) {
    it(`${category}: ${SLICE} hostile cases, nothing crashes, hangs or is accepted silently`, () => {
      const s = runCategory(category, SLICE, DEFAULT_SEED);
      expect(s.failures.map((f) => `#${f.index} ${f.outcome}: ${f.label} — ${f.detail}`)).toEqual([]);
      expect([s.cases, s.crash, s.hang, s.silent]).toEqual([SLICE, 0, 0, 0]);
    });
  }
});

describe('fuzz harness', () => {
  it('cases are reproducible from (seed, category, index) and varied', () => {
    const labels = (seed: number) => Array.from({ length: 50 }, (_, i) => CATEGORIES.links(caseRng(seed, 'links', i)).label);
    expect(labels(DEFAULT_SEED)).toEqual(labels(DEFAULT_SEED));
    expect(labels(DEFAULT_SEED)).not.toEqual(labels(DEFAULT_SEED + 1));
    const kinds = new Set(labels(DEFAULT_SEED).map((l) => l.replace(/[\d(].*$/, '')));
    expect(kinds.size).toBeGreaterThanOrEqual(6);
    expect(runCase('results', DEFAULT_SEED, 3).index).toBe(3);
  });

  it('tells a leaked exception from a clean refusal', () => {
    expect(() => checkMessage("This share link could not be read (Cannot read properties of null (reading 'x')).")).toThrow(Crash);
    expect(() => checkMessage('Checkpoint version 9 is not supported (this lab reads version 1)')).not.toThrow();
    expect(() => checkThrown(new TypeError('x is not a function'), (e) => e.constructor === Error)).toThrow(Crash);
    expect(() => checkThrown(new Error('results file is not valid JSON'), (e) => e.constructor === Error)).not.toThrow();
  });
});
