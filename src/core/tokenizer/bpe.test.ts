import { describe, expect, it } from 'vitest';
import { Tokenizer, trainBpe, EOS } from './bpe';

const corpus = [
  'Anna Berg lives in Lumo. The capital of Tarvia is Lumo.',
  'The red fox likes apples. Anna Berg owns a small red fox.',
  'Question types and answers: the fox is small; the bear is big.',
];

describe('byte-level BPE', () => {
  const tok = trainBpe(corpus, 300);

  it('learns merges up to the requested vocabulary', () => {
    expect(tok.vocabSize).toBeGreaterThan(270);
    expect(tok.vocabSize).toBeLessThanOrEqual(300);
    expect(tok.encode(' fox').length).toBeLessThan(' fox'.length);
  });

  it.each([
    ['ascii', 'The capital of Tarvia is Lumo.\n\nOPTIONS:\n- yes\n- no'],
    ['emoji', 'I like 🦊 and 👩‍👩‍👧 (family) and 🇫🇷!'],
    ['cjk', '東京は日本の首都です。北京 서울'],
    ['combining marks', 'e\u0301 n\u0303 Z\u0351\u0325a\u0360l\u0334g\u0338o'],
    ['whitespace', '  tabs\tand\r\nnewlines   \n\n '],
    ['empty', ''],
  ])('round-trips %s', (_name, text) => {
    expect(tok.decode(tok.encode(text))).toBe(text);
  });

  it('is deterministic and serialisable', () => {
    const again = trainBpe(corpus, 300);
    expect(again.merges).toEqual(tok.merges);
    const restored = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    const s = 'Anna Berg owns a fox 🦊';
    expect(restored.encode(s)).toEqual(tok.encode(s));
  });

  it('drops special tokens when decoding and rejects bad JSON', () => {
    expect(tok.decode([...tok.encode('hi'), EOS])).toBe('hi');
    expect(() => Tokenizer.fromJSON({ type: 'other' })).toThrow(/not a tinyflan-bpe/);
    expect(() => Tokenizer.fromJSON({ type: 'tinyflan-bpe', version: 2, merges: [] })).toThrow(/version/);
    expect(() => Tokenizer.fromJSON({ type: 'tinyflan-bpe', version: 1, merges: [[9999, 4]] })).toThrow(/unknown token/);
  });
});
