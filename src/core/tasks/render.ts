/**
 * Rendering examples through templates, and validating templates (including user-edited ones).
 * One function, render(), turns (example, template) into {input, target, options?}; every
 * problem is a TemplateError naming the offending placeholders, so an editor can show it.
 */
import type { DatasetKind, Example, Rendered, RenderMode, Template } from './types';

export type TemplateErrorKind = 'unknown' | 'missing-answer' | 'answer-in-input' | 'missing-options' | 'empty' | 'unbalanced-brace' | 'no-fields';

export class TemplateError extends Error {
  constructor(
    readonly kind: TemplateErrorKind,
    readonly placeholders: string[],
    readonly templateId: string,
    message: string,
  ) {
    super(`template ${templateId}: ${message}`);
    this.name = 'TemplateError';
  }
}

/** What validation needs to know about a dataset. */
export interface TemplateTarget {
  name: string;
  kind: DatasetKind;
  fields: readonly string[];
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** FLAN's options block, byte for byte: "OPTIONS:\n- a\n- b". */
export function optionsBlock(options: readonly string[]): string {
  return 'OPTIONS:\n- ' + options.join('\n- ');
}

/** All problems of a template for a dataset; an empty array means it is valid. */
export function validateTemplate(template: Template, dataset: TemplateTarget): TemplateError[] {
  const errors: TemplateError[] = [];
  const id = template.id;
  const empty = [template.input.trim() ? null : 'input', template.target.trim() ? null : 'target'].filter((x): x is string => x !== null);
  if (empty.length) errors.push(new TemplateError('empty', empty, id, `empty ${empty.join(' and ')}`));
  for (const [part, text] of [
    ['input', template.input],
    ['target', template.target],
  ] as const) {
    const brace = unbalancedBrace(text);
    if (brace) errors.push(new TemplateError('unbalanced-brace', [], id, `unbalanced brace in the ${part}: ${brace}`));
  }
  const allowed = new Set([...dataset.fields, 'answer', ...(dataset.kind === 'classification' ? ['options_'] : [])]);
  const inPh = placeholdersOf(template.input);
  const outPh = placeholdersOf(template.target);
  const unknown = [...new Set([...inPh, ...outPh].filter((p) => !allowed.has(p)))];
  if (unknown.length) {
    errors.push(
      new TemplateError(
        'unknown',
        unknown,
        id,
        `unknown placeholder(s) ${unknown.map((p) => `{${p}}`).join(', ')}; valid: ${[...allowed].map((p) => `{${p}}`).join(', ')}`,
      ),
    );
  }
  if (template.inverted) {
    if (!inPh.includes('answer')) errors.push(new TemplateError('missing-answer', ['answer'], id, 'an inverted template must show {answer} in its input'));
    if (!outPh.some((p) => dataset.fields.includes(p)))
      errors.push(new TemplateError('missing-answer', [...dataset.fields], id, 'an inverted template must ask for one of the fields in its target'));
  } else {
    if (!outPh.includes('answer')) errors.push(new TemplateError('missing-answer', ['answer'], id, 'the target must contain {answer}'));
    if (inPh.includes('answer')) errors.push(new TemplateError('answer-in-input', ['answer'], id, 'the input must not reveal {answer}'));
    if (dataset.kind === 'classification' && !inPh.includes('options_')) {
      errors.push(new TemplateError('missing-options', ['options_'], id, 'a classification template must list {options_}'));
    }
    if (dataset.fields.length > 0 && !inPh.some((p) => dataset.fields.includes(p))) {
      const fields = dataset.fields.map((f) => `{${f}}`).join(', ');
      errors.push(
        new TemplateError(
          'no-fields',
          [...dataset.fields],
          id,
          `the input shows none of the example's fields, so every example would get the same prompt; use ${fields}`,
        ),
      );
    }
  }
  return errors;
}

/** The first brace that does not belong to a {placeholder}: "{hypothesis" left open, or a stray "}". */
function unbalancedBrace(text: string): string | null {
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      if (open >= 0) return unclosed(text, open);
      open = i;
    } else if (text[i] === '}') {
      if (open < 0)
        return `stray "}" at character ${i + 1} (${JSON.stringify(text.slice(Math.max(0, i - 12), i + 1).replace(/\s+/g, ' '))}) has no "{" before it`;
      open = -1;
    }
  }
  return open >= 0 ? unclosed(text, open) : null;
}

function unclosed(text: string, at: number): string {
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at + 1))?.[0];
  return word ? `"{${word}" at character ${at + 1} is never closed (did you mean "{${word}}"?)` : `"{" at character ${at + 1} is never closed`;
}

export interface RenderOptions {
  /** Include the OPTIONS block (default true). Without it, {options_} renders empty. */
  withOptions?: boolean;
}

function fill(text: string, values: Record<string, string>, templateId: string): string {
  const missing = placeholdersOf(text).filter((p) => values[p] === undefined);
  if (missing.length) throw new TemplateError('unknown', [...new Set(missing)], templateId, `no value for ${missing.map((p) => `{${p}}`).join(', ')}`);
  return text.replace(PLACEHOLDER, (_, name: string) => values[name]);
}

/** Collapse the blank lines left behind when an empty options block is removed. */
export function tidy(text: string): string {
  // Trailing spaces and tabs are cut line by line with a backwards scan, not /[ \t]+\n/g: V8's regex
  // engine in Node 20 retries that match from every space of a long run, which is quadratic (80K
  // trailing spaces took seconds per render). This is linear, with the same result.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let end = line.length;
    while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
    if (end < line.length) lines[i] = line.slice(0, end);
  }
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Render one example through one template. */
export function render(example: Example, template: Template, opts: RenderOptions = {}): Rendered {
  const withOptions = opts.withOptions ?? true;
  const values: Record<string, string> = { ...example.fields, answer: example.answer };
  if (example.options) values.options_ = withOptions ? optionsBlock(example.options) : '';
  const input = tidy(fill(template.input, values, template.id));
  const target = fill(template.target, values, template.id).trim();
  if (!input || !target) throw new TemplateError('empty', [!input ? 'input' : 'target'], template.id, 'rendered to empty text');
  // Inverted templates are generation tasks even on classification datasets.
  return template.inverted || !example.options ? { input, target } : { input, target, options: [...example.options] };
}

/** Renderings for the instruction ablation: raw fields only, or the dataset name plus fields. */
export function renderWithoutInstructions(
  example: Example,
  dataset: TemplateTarget,
  mode: Exclude<RenderMode, 'instructions'>,
  opts: RenderOptions = {},
): Rendered {
  const withOptions = opts.withOptions ?? true;
  const body =
    mode === 'no_template'
      ? dataset.fields.map((f) => example.fields[f]).join('\n')
      : `${dataset.name}:\n` + dataset.fields.map((f) => `${f}: ${example.fields[f]}`).join('\n');
  const input = example.options && withOptions ? `${body}\n\n${optionsBlock(example.options)}` : body;
  return example.options ? { input, target: example.answer, options: [...example.options] } : { input, target: example.answer };
}

/** The untuned baseline's GPT-3-style continuation prompt; the target is the bare answer. */
export function renderBaseline(example: Example, baseline: string, datasetName: string): Rendered {
  const input = fill(baseline, example.fields, `${datasetName}:baseline`);
  return example.options ? { input, target: example.answer, options: [...example.options] } : { input, target: example.answer };
}
