import { describe, expect, it } from 'vitest';
import {
  TemplateError,
  getSuite,
  loadTemplates,
  optionsBlock,
  parseTemplates,
  render,
  templateIssues,
  validateTemplate,
  type Example,
  type Template,
} from './index';

const nliTarget = { name: 'snli_like', kind: 'classification' as const, fields: ['premise', 'hypothesis'] };
const example: Example = {
  fields: { premise: 'Anna is in the park.', hypothesis: 'Anna is outside.' },
  options: ['yes', 'it is not possible to tell', 'no'],
  answer: 'yes',
  key: 'k',
};
const tpl = (input: string, target = '{answer}', inverted?: boolean): Template => ({ id: 't', dataset: 'snli_like', input, target, inverted });

describe('options block', () => {
  it("is FLAN's exact format", () => {
    expect(optionsBlock(['yes', 'no'])).toBe('OPTIONS:\n- yes\n- no');
    const r = render(example, tpl('{premise}\n\nQ: {hypothesis}?\n\n{options_}'));
    expect(r.input).toBe('Anna is in the park.\n\nQ: Anna is outside.?\n\nOPTIONS:\n- yes\n- it is not possible to tell\n- no');
    expect(r.target).toBe('yes');
    expect(r.options).toEqual(example.options);
  });

  it('can be left out, without leaving blank lines behind', () => {
    const r = render(example, tpl('{premise}\n\nQ: {hypothesis}?\n\n{options_}'), { withOptions: false });
    expect(r.input).toBe('Anna is in the park.\n\nQ: Anna is outside.?');
  });
});

describe('template validation', () => {
  const kinds = (t: Template) => validateTemplate(t, nliTarget).map((e) => [e.kind, e.placeholders]);

  it('accepts a good template and a good inverted one', () => {
    expect(validateTemplate(tpl('{premise} {hypothesis} {options_}'), nliTarget)).toEqual([]);
    expect(validateTemplate(tpl('{premise} answer: {answer}', '{hypothesis}', true), nliTarget)).toEqual([]);
  });

  it('names unknown placeholders', () => {
    const errs = validateTemplate(tpl('{premise} {hypotesis} {options_}'), nliTarget);
    expect(errs[0]).toBeInstanceOf(TemplateError);
    expect(kinds(tpl('{premise} {hypotesis} {options_}'))).toEqual([['unknown', ['hypotesis']]]);
    expect(errs[0].message).toContain('{hypotesis}');
  });

  it('reports missing answers, leaked answers, empty parts and missing options', () => {
    expect(kinds(tpl('{premise} {options_}', 'yes'))).toEqual([['missing-answer', ['answer']]]);
    expect(kinds(tpl('{premise} {answer} {options_}'))).toEqual([['answer-in-input', ['answer']]]);
    expect(kinds(tpl('  ', '{answer}')).map((k) => k[0])).toContain('empty');
    expect(kinds(tpl('{premise} {hypothesis}'))).toEqual([['missing-options', ['options_']]]);
    expect(kinds(tpl('{premise}', '{hypothesis}', true))).toEqual([['missing-answer', ['answer']]]);
  });

  it('throws a TemplateError when rendering an unknown placeholder', () => {
    try {
      render(example, tpl('{premise} {nope}'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).placeholders).toEqual(['nope']);
      expect((e as TemplateError).kind).toBe('unknown');
    }
  });

  it('rejects malformed template files with a zod error', () => {
    expect(() => parseTemplates([{ id: 'x', dataset: 'snli_like', input: 3, target: '{answer}' }])).toThrow(/invalid template file/);
    expect(loadTemplates().length).toBe(getSuite(1).datasets.length * 10);
  });

  it("every built-in template mentions only its dataset's fields", () => {
    const suite = getSuite(1);
    for (const t of loadTemplates()) expect(suite.dataset(t.dataset), t.id).toBeDefined();
  });
});

describe('template validation: braces and fields', () => {
  const kindsOf = (t: Template) => validateTemplate(t, nliTarget).map((e) => e.kind);

  it('names an unclosed {placeholder and a stray } as unbalanced braces', () => {
    const open = validateTemplate(tpl('{premise}\nQ: {hypothesis\n{options_}'), nliTarget);
    expect(open.map((e) => e.kind)).toContain('unbalanced-brace');
    expect(open.find((e) => e.kind === 'unbalanced-brace')!.message).toMatch(
      /unbalanced brace in the input: "\{hypothesis" at character \d+ is never closed \(did you mean "\{hypothesis\}"\?\)/,
    );
    const stray = validateTemplate(tpl('{premise} {hypothesis}} {options_}'), nliTarget);
    expect(stray.find((e) => e.kind === 'unbalanced-brace')!.message).toMatch(/stray "\}"/);
    expect(kindsOf(tpl('{premise} {hypothesis} {options_}', '{answer'))).toContain('unbalanced-brace');
    expect(validateTemplate(tpl('{premise} {hypothesis} {options_}', '{answer'), nliTarget)[0].message).toMatch(/in the target/);
  });

  it("rejects an input that shows none of the example's fields", () => {
    const errs = validateTemplate(tpl('Is it true? {options_}'), nliTarget);
    expect(errs.map((e) => e.kind)).toEqual(['no-fields']);
    expect(errs[0].message).toMatch(/none of the example's fields/);
    expect(errs[0].message).toContain('{premise}, {hypothesis}');
    expect(kindsOf(tpl('{hypothesis} {options_}'))).toEqual([]); // one field is enough
  });

  it('every built-in template passes validation', () => {
    const suite = getSuite(1);
    const bad = loadTemplates().flatMap((t) => validateTemplate(t, suite.dataset(t.dataset)!).map((e) => e.message));
    expect(bad).toEqual([]);
  });

  it('the template-set check reports them too', () => {
    const issues = templateIssues({ snli_like: [{ id: 'x', dataset: 'snli_like', input: '{premise {hypothesis} {options_}', target: '{answer}' }] });
    expect(issues.map((i) => i.message).join(' ')).toMatch(/unbalanced brace/);
  });
});
