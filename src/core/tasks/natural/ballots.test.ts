import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rngFor } from '../../rng';
import { INSTRUCTION_PHRASES, generateCorpus, generateWorld } from '../index';
import { ballotDocument } from './ballots';

const world = generateWorld(1);
const sha = (docs: string[]) => createHash('sha256').update(docs.join('\n\n')).digest('hex').slice(0, 16);

describe('world v4 ballots', () => {
  const v4 = generateCorpus(world, { seed: 1, targetChars: 1_000_000, version: 4 });

  it('leaves the v3 corpus as its shipped models saw it', () => {
    // The hash of v3's first 200,000 characters before ballots existed (world seed 1, corpus seed 1):
    // a change here would silently move the shipped nano/micro/tiny off their own pretraining text.
    expect(sha(generateCorpus(world, { seed: 1, targetChars: 200_000, version: 3 }))).toBe(V3_HASH);
  });

  it('are a real share of the v4 corpus, without instruction wording', () => {
    const ballots = v4.filter((d) => /\n- .*\n- |\(a\) |\[x\] |The choices were |It is one of /.test(d));
    expect(ballots.length).toBeGreaterThan(500);
    const lower = v4.join('\n').toLowerCase();
    for (const p of INSTRUCTION_PHRASES) expect(lower.includes(p), p).toBe(false);
  });

  it('lists the options in varying order before the answer, marks only the answer, skips items without options', () => {
    const rng = rngFor(5, 'ballot-test');
    const view = { context: 'The film was dull.', question: 'How was it?' };
    const ex = { key: 'k1', fields: {}, answer: 'negative', options: ['negative', 'positive'] };
    const seen = new Set<string>();
    const firsts = new Set<string>();
    for (let i = 0; i < 200; i++) {
      // Lower-cased: one frame starts its list of options with a capital, as a sentence does.
      const doc = ballotDocument(view, ex, 'Ann Lee', 'Tom Ford', rng)!.toLowerCase();
      expect(doc).toContain('the film was dull.');
      expect(doc).toContain('negative');
      expect(doc).toContain('positive');
      if (doc.includes('[x]')) {
        expect(doc).toMatch(/\[x\] negative/);
        expect(doc).not.toMatch(/\[x\] positive/);
      }
      seen.add(doc.split('\n')[0]);
      // The options come before the answer, so the first of the two words is the first listed option.
      firsts.add(doc.indexOf('positive') < doc.indexOf('negative') ? 'positive' : 'negative');
    }
    expect(firsts).toEqual(new Set(['positive', 'negative']));
    expect(seen.size).toBeGreaterThan(2);
    expect(ballotDocument(view, { key: 'k2', fields: {}, answer: 'a summary' }, 'Ann Lee', 'Tom Ford', rng)).toBeNull();
  });
});

const V3_HASH = '6c218ba5d8a614e7';
