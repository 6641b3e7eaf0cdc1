/**
 * WCAG AA for the stylesheet's colours, in light and dark mode: every text/background pair the
 * panels draw reaches 4.5:1, every chart series and paper colour 3:1 against the panel (graphics).
 * The colours are read from styles.css itself, so the test and the page cannot disagree.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contrastRatio, PAPER_SLOTS, SERIES_SLOTS, seriesColors } from './palette';

const css = readFileSync(fileURLToPath(new URL('../styles.css', import.meta.url)), 'utf8');

function varsIn(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2]]));
}

const light = varsIn(/:root\s*\{([^}]*)\}/.exec(css)![1]);
const dark = { ...light, ...varsIn(/@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(css)![1]) };

/** [text, background] variable pairs the panels use. */
const TEXT_PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'panel'],
  ['text', 'grid'],
  ['muted', 'bg'],
  ['muted', 'panel'],
  ['muted', 'grid'],
  ['accent', 'bg'],
  ['accent', 'panel'],
  ['accent-text', 'accent'],
  ['danger', 'danger-bg'],
  ['warn', 'panel'],
  ['warn', 'bg'],
];

/** Literal colour pairs in the stylesheet (the backend badges). */
function literalPairs(): [string, string][] {
  return [...css.matchAll(/\{\s*background:\s*(#[0-9a-fA-F]{6});\s*color:\s*(#[0-9a-fA-F]{6});\s*\}/g)].map((m) => [m[2], m[1]]);
}

describe.each([
  ['light', light],
  ['dark', dark],
])('%s mode', (_, vars) => {
  it('has every colour the checks name', () => {
    for (const [a, b] of TEXT_PAIRS) expect([vars[a], vars[b]], `${a} / ${b}`).not.toContain(undefined);
  });
  it.each(TEXT_PAIRS)('text --%s on --%s reaches 4.5:1', (fg, bg) => {
    expect(contrastRatio(vars[fg], vars[bg])).toBeGreaterThanOrEqual(4.5);
  });
  it('every chart series and paper colour stands out from the panel (3:1) and the series are distinct', () => {
    const series = Array.from({ length: SERIES_SLOTS }, (_, k) => vars[`series-${k + 1}`]);
    const paper = Array.from({ length: PAPER_SLOTS }, (_, k) => vars[`paper-${k + 1}`]);
    for (const c of [...series, ...paper]) expect(contrastRatio(c, vars.panel), c).toBeGreaterThanOrEqual(3);
    expect(new Set(series).size).toBe(SERIES_SLOTS);
  });
});

describe('palette', () => {
  it('badge text on badge backgrounds reaches 4.5:1', () => {
    const pairs = literalPairs();
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    for (const [fg, bg] of pairs) expect(contrastRatio(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
  });
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
  it('keeps base and tuned on the same colours in every view, the rest in order', () => {
    expect(seriesColors(['base 0-shot (GPT-3 prompt)', 'base 0-shot (instructions)', 'tuned 0-shot'])).toEqual([
      'var(--series-3)',
      'var(--series-1)',
      'var(--series-2)',
    ]);
    expect(seriesColors(['base (untuned)', 'instruction-tuned'])).toEqual(['var(--series-1)', 'var(--series-2)']);
    expect(new Set(seriesColors(['a', 'b', 'c', 'd', 'e', 'f'])).size).toBe(6);
  });
});
