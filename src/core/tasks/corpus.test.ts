import { describe, expect, it } from 'vitest';
import { INSTRUCTION_PHRASES, generateCorpus, generateWorld, loadTemplates } from './index';
import { PERSON_RELATIONS, PERSON_STATEMENTS, personValue } from './world/facts';

const world = generateWorld(1);

describe('world', () => {
  it('is deterministic per seed and seed-dependent', () => {
    expect(generateWorld(1).people).toEqual(world.people);
    expect(generateWorld(2).people).not.toEqual(world.people);
    expect(new Set(world.people.map((p) => p.name)).size).toBe(world.people.length);
    expect(new Set(world.people.map((p) => p.age)).size).toBe(world.people.length);
  });

  it('has a consistent toy language (a bijection)', () => {
    for (const [en, toy] of world.toy.toToy) expect(world.toy.fromToy.get(toy)).toBe(en);
  });
});

describe('corpus', () => {
  const docs = generateCorpus(world, { seed: 1, targetChars: 2_000_000 });
  const text = docs.join('\n');

  // Speed is not asserted here (the project keeps speed goals in benchmark scripts, not timed tests).
  it('is sized in characters and deterministic', () => {
    expect(text.length).toBeGreaterThanOrEqual(2_000_000);
    expect(generateCorpus(world, { seed: 1, targetChars: 50_000 })).toEqual(generateCorpus(world, { seed: 1, targetChars: 50_000 }));
    expect(generateCorpus(world, { seed: 2, targetChars: 50_000 })).not.toEqual(generateCorpus(world, { seed: 1, targetChars: 50_000 }));
  });

  it('never uses instruction wording', () => {
    const lower = text.toLowerCase();
    for (const p of INSTRUCTION_PHRASES) expect(lower.includes(p), p).toBe(false);
    // The phrases are real: most templates use at least one of them.
    const templates = loadTemplates();
    const covered = templates.filter((t) => INSTRUCTION_PHRASES.some((p) => t.input.toLowerCase().includes(p)));
    expect(covered.length / templates.length).toBeGreaterThan(0.5);
  });

  it('states every person fact in at least 3 paraphrases, with full names', () => {
    for (const p of world.people) {
      for (const r of PERSON_RELATIONS) {
        const forms = PERSON_STATEMENTS[r].filter((f) => text.includes(f(p.name, personValue(p, r))));
        expect(forms.length, `${p.name}/${r}`).toBeGreaterThanOrEqual(3);
      }
    }
    expect(text).not.toMatch(/(^|\. )(He|She) /);
  });
});
