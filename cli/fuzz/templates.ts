/**
 * Fuzz category "templates": hostile user templates (stray braces, unknown placeholders, 80K-space runs,
 * lone surrogates, markup, texts around the length cap, over-long ids, unknown datasets) as the editor and
 * the CLI's --template-file receive them. Each must be validated and rendered without a crash or a slow
 * regex, and the editor (templateIssues) and the share link must agree on it: a template the editor
 * accepts survives the link exactly; one it refuses is dropped from the link with a warning, never in silence.
 */
import { makeSpec } from '../../src/core/experiments/presets';
import type { Rng } from '../../src/core/rng';
import { decodeShare, encodeShareInfo, LIMITS } from '../../src/core/share';
import { getSuite, loadTemplates, render, templateIssues, type Template } from '../../src/core/tasks';
import { TemplateError } from '../../src/core/tasks/render';
import { checkMessage, checkThrown, Crash, OK, silent, type FuzzCase, type Verdict } from './verdict';

const suite = getSuite(1);
const defaults = loadTemplates();
const datasets = [...new Set(defaults.map((t) => t.dataset))];
const spec = makeSpec('main');

/** Pieces hostile templates are made of; `{f}` becomes one of the dataset's fields. */
function piece(rng: Rng, fields: readonly string[]): string {
  switch (rng.int(16)) {
    case 0:
      return `{${rng.pick(fields)}}`;
    case 1:
      return '{options_}';
    case 2:
      return '{answer}';
    case 3:
      return rng.pick(['{', '}', '{{', '}}', '{ premise}', '{bogus}', '{__proto__}', '{constructor}', '{1x}', '{}']);
    case 4:
      return ' '.repeat(1 + rng.int(rng.next() < 0.1 ? 80_000 : 50));
    case 5:
      return rng.pick(['\t', '\n', '\r\n', '\n\n\n\n', ' \t \n']).repeat(1 + rng.int(rng.next() < 0.1 ? 20_000 : 5));
    case 6:
      return rng.pick(['🙂', '\u202e', 'e\u0301', '\ud800', '\udc00', '\u0000', '\ufeff', 'ﬁ', '𝔘']);
    case 7:
      return rng.pick(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"; DROP TABLE t; --', '${x}', '\\u0041']);
    case 8:
      return 'word '.repeat(rng.int(rng.next() < 0.2 ? 1_200 : 20));
    case 9:
      return 'a'.repeat(rng.int(5_000));
    case 10:
      return 'OPTIONS:\n- yes\n- no';
    default:
      return rng.pick(['Question:', 'Is it true?', 'Answer:', 'Premise:', 'Read this.', '?', '.', ':']);
  }
}

function randomTemplate(rng: Rng): Template {
  const knownDataset = rng.next() < 0.95;
  const dataset = knownDataset ? rng.pick(datasets) : rng.pick(['no_such_dataset', '', '__proto__', 'snli_like '.repeat(20)]);
  const fields = suite.dataset(dataset)?.fields ?? ['premise'];
  const input = Array.from({ length: 1 + rng.int(8) }, () => piece(rng, fields)).join(rng.pick(['', ' ', '\n']));
  const target = rng.next() < 0.8 ? '{answer}' : Array.from({ length: 1 + rng.int(3) }, () => piece(rng, fields)).join(' ');
  const id = rng.next() < 0.05 ? `fz_${'x'.repeat(LIMITS.templateIdChars.max)}` : `fz_${rng.int(1e9)}`;
  const t: Template = { id, dataset, input, target };
  if (rng.next() < 0.15) t.inverted = rng.next() < 0.5;
  // Texts right at the cap and one past it.
  if (rng.next() < 0.1) t.input = `{${rng.pick(fields)}} {options_}`.padEnd(LIMITS.templateChars.max + rng.int(3) - 1, 'z');
  return t;
}

function renderCheck(t: Template): string | null {
  const d = suite.dataset(t.dataset);
  if (!d) return null;
  const example = d.examples('validation', 1)[0];
  try {
    render(example, t);
    render(example, t, { withOptions: false });
    return null;
  } catch (e) {
    checkThrown(e, (x) => x instanceof TemplateError);
    return (e as Error).message;
  }
}

export function templateCase(rng: Rng): FuzzCase {
  const t = randomTemplate(rng);
  return {
    label: `template: ${t.dataset.slice(0, 30)} / ${JSON.stringify(t.input.slice(0, 40))}… (${t.input.length} chars)`,
    run(): Verdict {
      let issues: ReturnType<typeof templateIssues>;
      try {
        issues = templateIssues({ [t.dataset]: [...defaults.filter((x) => x.dataset === t.dataset), t] });
      } catch (e) {
        throw new Crash(`templateIssues threw: ${(e as Error).message}`);
      }
      for (const i of issues) checkMessage(i.message);
      const editorOk = issues.length === 0;
      const renderProblem = renderCheck(t);
      if (editorOk && renderProblem) return silent(`the editor accepted a template that does not render: ${renderProblem}`);

      const info = encodeShareInfo({ spec, templateEdits: { changed: [], added: [t], removed: [] } });
      const d = decodeShare(info.fragment);
      if (!d.ok) return silent(`a link with one template could not be opened: ${d.error}`);
      for (const w of [...info.warnings, ...d.warnings]) checkMessage(w);
      const kept = d.experiment.templateEdits.added.length === 1 && JSON.stringify(d.experiment.templateEdits.added[0]) === JSON.stringify(t);
      if (editorOk && !kept) return silent(`the editor accepts it, the link drops it: ${d.warnings[0] ?? 'no warning'}`);
      if (editorOk && info.warnings.length) return silent(`the editor accepts it, the encoder warns: ${info.warnings[0]}`);
      if (!editorOk && kept) return silent(`the link keeps a template the editor refuses (${issues[0].message})`);
      if (!editorOk && (info.warnings.length === 0 || d.warnings.length === 0)) return silent('the link dropped the template without a word');
      return OK;
    },
  };
}
