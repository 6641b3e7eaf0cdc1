import { describe, expect, it } from 'vitest';
import { enumListText, enumText, intListText, intText, numberText, pairListText, recordText, SettingTextError } from './setting-text';
import { SHARE_SETTINGS, settingsByFlag } from './settings';

const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SettingTextError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('setting text parsers', () => {
  it('read numbers and say what they expected', () => {
    expect(intText(1)(' 12 ')).toBe(12);
    expect(errorOf(() => intText(1)('0'))).toBe('must be an integer ≥ 1, got "0"');
    expect(errorOf(() => intText(0)(''))).toBe('must be an integer ≥ 0, got ""');
    expect(numberText({ positive: true })('3e-4')).toBe(3e-4);
    expect(errorOf(() => numberText({ positive: true })('0'))).toBe('must be a positive number, got "0"');
    expect(numberText({ min: 0 })('0')).toBe(0);
    expect(errorOf(() => numberText({ min: 0 })('-1'))).toBe('must be a number ≥ 0, got "-1"');
    expect(intListText(0)('1, 2,3')).toEqual([1, 2, 3]);
    expect(errorOf(() => intListText(0)('1,x'))).toBe('must be a comma-separated list of integers ≥ 0, got "1,x"');
  });

  it('read names, lists of names, records and pairs', () => {
    const sizes = ['nano', 'tiny'] as const;
    expect(enumText(sizes, 'size')('tiny')).toBe('tiny');
    expect(errorOf(() => enumText(sizes, 'size')('huge'))).toBe('Unknown size "huge". Valid: nano, tiny');
    expect(enumListText(sizes, 'size')('nano, tiny')).toEqual(['nano', 'tiny']);
    expect(errorOf(() => enumListText(sizes, 'size')('nano,big,huge'))).toBe('Unknown size "big, huge". Valid: nano, tiny');
    expect(errorOf(() => enumListText(sizes, 'size')(' , '))).toBe('Unknown size " , ". Valid: nano, tiny');
    expect(recordText(sizes, 'size', intText(1))('nano=2, tiny=3')).toEqual({ nano: 2, tiny: 3 });
    expect(errorOf(() => recordText(sizes, 'size', intText(1))('nano'))).toBe('must be size=value pairs separated by commas, got "nano"');
    const pairs = pairListText({ valid: ['a', 'b'] as const, noun: 'left', key: 'l' }, { valid: ['c'] as const, noun: 'right', key: 'r' });
    expect(pairs('a:c, b:c')).toEqual([
      { l: 'a', r: 'c' },
      { l: 'b', r: 'c' },
    ]);
    expect(errorOf(() => pairs('a:d'))).toBe('Unknown right "d". Valid: c');
  });
});

describe('settings by flag', () => {
  it("gives the preset's own row where a flag is shared with a row for all presets", () => {
    expect(settingsByFlag('scale').get('models')?.field).toBe('sizes');
    expect(settingsByFlag('main').get('models')?.field).toBe('modelSize');
    expect(settingsByFlag('main').get('heldout')?.field).toBe('heldOutClusters');
    expect(settingsByFlag('custom').get('heldout')?.field).toBe('heldOut');
    expect(settingsByFlag('main').has('counts')).toBe(false);
  });

  it('every boolean setting is a switch and every other one is parsed from text', () => {
    for (const s of SHARE_SETTINGS) {
      const isBoolean = s.type.safeParse(true).success;
      expect('sets' in s.text, s.field).toBe(isBoolean);
    }
  });
});
