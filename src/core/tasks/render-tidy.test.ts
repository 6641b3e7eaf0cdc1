/**
 * render()'s tidy step on hostile whitespace (issue 17): /[ \t]+\n/g was quadratic in Node 20, so a
 * template with 80K trailing spaces took seconds per render. The linear rewrite must give the same text.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import type { Example } from './index';
import { render, tidy } from './render';

/** The old implementation, as the reference for what tidy must return. */
const reference = (text: string) =>
  text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

describe('tidy', () => {
  it('agrees with the old regex on random whitespace-heavy text', () => {
    const rng = new Rng(17);
    const alphabet = [' ', ' ', '\t', '\n', '\n', 'a', 'b', '\r', '\u00a0'];
    for (let n = 0; n < 2_000; n++) {
      const s = Array.from({ length: rng.int(40) }, () => alphabet[rng.int(alphabet.length)]).join('');
      expect(tidy(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it('handles 80K trailing spaces and tabs before a newline, and a run that ends in text', () => {
    const spaces = ' \t'.repeat(40_000);
    expect(tidy(`Question:${spaces}\nAnswer${spaces}\n\n\n\nend`)).toBe('Question:\nAnswer\n\nend');
    // Not followed by a newline: kept (only line ends are cut), as the old regex did.
    const inner = `a${' '.repeat(80_000)}b`;
    expect(tidy(inner)).toBe(inner);
    expect(tidy(`${' '.repeat(80_000)}\n`)).toBe('');
  });

  it('render() returns the tidied text for a template with 80K-space runs', () => {
    const example: Example = { fields: { premise: 'Anna is in the park.' }, answer: 'yes', key: 'k' };
    // A long run of spaces that does not end a line is the case the old regex took ~3 s on.
    const gap = ' '.repeat(80_000);
    const r = render(example, { id: 't', dataset: 'd', input: `{premise}${gap}\nIs it${gap}true?`, target: '{answer}' });
    expect(r.input).toBe(`Anna is in the park.\nIs it${gap}true?`);
    expect(r.target).toBe('yes');
  });
});
