/**
 * Template edits as a diff against the built-in templates, and the checks a link's templates
 * must pass before they are used. Templates from a link are data only: they are validated with
 * zod (lengths capped) and validateTemplate against their dataset, and never evaluated.
 */
import { z } from 'zod';
import { DATASET_SPECS } from '../tasks/datasets/index';
import { validateTemplate, type TemplateTarget } from '../tasks/render';
import type { Template, TemplatesByDataset } from '../tasks/types';
import { LIMITS } from './limits';

export type TemplateEdits = {
  /** Built-in templates (matched by id) whose text or dataset was edited, as edited. */
  changed: Template[];
  /** New templates, in the order they were added. */
  added: Template[];
  /** Ids of built-in templates that were deleted. */
  removed: string[];
};

// The caps live in limits.ts (shared with the editor's templateIssues and the CLI), so a template the
// editor accepts is never dropped from a link.
export const MAX_TEMPLATE_ID_CHARS = LIMITS.templateIdChars.max;
export const MAX_TEMPLATE_TEXT_CHARS = LIMITS.templateChars.max;
/** A dataset holds at most LIMITS.templatesInDataset templates (built-in ones included). */
export const MAX_ADDED_PER_DATASET = LIMITS.templatesInDataset.max;
/** Upper bound on each raw edit list read from a link. */
export const MAX_TEMPLATE_EDIT_ITEMS = LIMITS.templateEditItems.max;

export const EMPTY_TEMPLATE_EDITS: TemplateEdits = Object.freeze({ changed: [], added: [], removed: [] }) as TemplateEdits;

export function hasTemplateEdits(edits: TemplateEdits): boolean {
  return edits.changed.length > 0 || edits.added.length > 0 || edits.removed.length > 0;
}

function sameTemplate(a: Template, b: Template): boolean {
  return a.dataset === b.dataset && a.input === b.input && a.target === b.target && !!a.inverted === !!b.inverted;
}

/** What turns `defaults` into `edited` (templates are matched by id). */
export function diffTemplates(defaults: Template[], edited: Template[]): TemplateEdits {
  const byId = new Map(defaults.map((t) => [t.id, t]));
  const kept = new Set(edited.map((t) => t.id));
  return {
    changed: edited.filter((t) => byId.has(t.id) && !sameTemplate(byId.get(t.id)!, t)).map((t) => ({ ...t })),
    added: edited.filter((t) => !byId.has(t.id)).map((t) => ({ ...t })),
    removed: defaults.filter((t) => !kept.has(t.id)).map((t) => t.id),
  };
}

/**
 * The defaults with edits applied, in the defaults' order: changed templates in place, removed
 * ones left out, added ones after the last (built-in) template of their dataset; added templates
 * of a dataset without built-in templates come last.
 */
export function applyTemplateEdits(defaults: Template[], edits: TemplateEdits): Template[] {
  const removed = new Set(edits.removed);
  const changed = new Map(edits.changed.map((t) => [t.id, t]));
  const added = templatesByDataset(edits.added);
  const lastOfDataset = new Map<string, number>();
  defaults.forEach((t, i) => lastOfDataset.set(t.dataset, i));
  const out: Template[] = [];
  defaults.forEach((t, i) => {
    if (!removed.has(t.id)) out.push(changed.get(t.id) ?? t);
    if (lastOfDataset.get(t.dataset) === i) out.push(...(added[t.dataset] ?? []));
  });
  for (const t of edits.added) if (!lastOfDataset.has(t.dataset)) out.push(t);
  return out;
}

/** Templates grouped by dataset, datasets in order of first appearance, templates in order. */
export function templatesByDataset(templates: Template[]): TemplatesByDataset {
  const out: TemplatesByDataset = {};
  for (const t of templates) (out[t.dataset] ??= []).push(t);
  return out;
}

// ---------------------------------------------------------------------------------------------
// wire form: [id, dataset, input, target] or [id, dataset, input, target, 0 | 1] (inverted)
// ---------------------------------------------------------------------------------------------

export type TemplateTuple = [string, string, string, string] | [string, string, string, string, 0 | 1];

export function templateToTuple(t: Template): TemplateTuple {
  return t.inverted === undefined ? [t.id, t.dataset, t.input, t.target] : [t.id, t.dataset, t.input, t.target, t.inverted ? 1 : 0];
}

const name = z.string().min(1).max(MAX_TEMPLATE_ID_CHARS, `at most ${MAX_TEMPLATE_ID_CHARS} characters are allowed`);
const text = z.string().max(MAX_TEMPLATE_TEXT_CHARS, `at most ${MAX_TEMPLATE_TEXT_CHARS.toLocaleString('en-US')} characters are allowed`);
const TemplateTupleSchema = z.union([z.tuple([name, name, text, text]), z.tuple([name, name, text, text, z.union([z.literal(0), z.literal(1)])])]);
const TUPLE_FIELDS = ['id', 'dataset', 'input', 'target', 'inverted'];

function tupleToTemplate(t: z.infer<typeof TemplateTupleSchema>): Template {
  const template: Template = { id: t[0], dataset: t[1], input: t[2], target: t[3] };
  if (t.length === 5) template.inverted = t[4] === 1;
  return template;
}

let targets: Map<string, TemplateTarget> | undefined;
/** The suite's datasets as validateTemplate needs them (name, kind, fields). */
export function templateTargets(): Map<string, TemplateTarget> {
  targets ??= new Map(DATASET_SPECS.map((d) => [d.name, { name: d.name, kind: d.kind, fields: d.fields }]));
  return targets;
}

const quote = (s: string) => JSON.stringify(s.length > 60 ? s.slice(0, 60) + '…' : s);

/** Problems of a user template (unknown dataset, bad placeholders, …); empty when it is usable. */
export function templateProblems(t: Template): string[] {
  const target = templateTargets().get(t.dataset);
  if (!target) return [`unknown dataset ${quote(t.dataset)}`];
  return validateTemplate(t, target).map((e) => e.message.replace(/^template .*?: /, ''));
}

export interface RawTemplateEdits {
  c?: unknown[];
  a?: unknown[];
  r?: unknown[];
}

/**
 * Reads a link's template edits against `defaults`. Every bad entry (wrong shape, over a length
 * cap, unknown id or dataset, failing validateTemplate, over the per-dataset cap) is dropped
 * with a warning; the rest of the link still opens.
 */
export function readTemplateEdits(raw: RawTemplateEdits, defaults: Template[], warnings: string[]): TemplateEdits {
  const byId = new Map(defaults.map((t) => [t.id, t]));
  const parseTuple = (item: unknown, what: string): Template | null => {
    const parsed = TemplateTupleSchema.safeParse(item);
    if (parsed.success) return tupleToTemplate(parsed.data);
    const issue = bestTupleIssue(parsed.error);
    const id = Array.isArray(item) && typeof item[0] === 'string' ? ` ${quote(item[0])}` : '';
    warnings.push(`Dropped ${what}${id} from the link: ${issue}.`);
    return null;
  };
  const usable = (t: Template, what: string): boolean => {
    const problems = templateProblems(t);
    if (problems.length === 0) return true;
    warnings.push(`Dropped ${what} ${quote(t.id)} (${t.dataset}) from the link: ${problems.join('; ')}.`);
    return false;
  };

  const removed: string[] = [];
  const removedSet = new Set<string>();
  for (const item of raw.r ?? []) {
    if (typeof item !== 'string' || !byId.has(item)) {
      warnings.push(`Ignored the removal of ${typeof item === 'string' ? `unknown template ${quote(item)}` : 'a malformed template id'}.`);
    } else if (!removedSet.has(item)) {
      removedSet.add(item);
      removed.push(item);
    }
  }

  const changed: Template[] = [];
  const changedIds = new Set<string>();
  for (const item of raw.c ?? []) {
    const t = parseTuple(item, 'an edited template');
    if (!t) continue;
    if (!byId.has(t.id)) warnings.push(`Dropped the edit of template ${quote(t.id)}: this version has no such built-in template.`);
    else if (changedIds.has(t.id)) warnings.push(`Dropped a second edit of template ${quote(t.id)}.`);
    else if (removedSet.has(t.id)) warnings.push(`Dropped the edit of template ${quote(t.id)}: the link also removes it.`);
    else if (usable(t, 'edited template')) {
      changedIds.add(t.id);
      changed.push(t);
    }
  }

  const added: Template[] = [];
  const addedIds = new Set<string>();
  // Counted as the editor counts (templateIssues): the dataset's built-in templates left after the
  // removals, plus those added, so a dataset the editor accepts is never cut short here.
  const perDataset = new Map<string, number>();
  for (const t of defaults) if (!removedSet.has(t.id)) perDataset.set(t.dataset, (perDataset.get(t.dataset) ?? 0) + 1);
  for (const item of raw.a ?? []) {
    const t = parseTuple(item, 'an added template');
    if (!t) continue;
    if (byId.has(t.id) || addedIds.has(t.id)) {
      warnings.push(`Dropped added template ${quote(t.id)}: its id is already taken.`);
      continue;
    }
    if (!usable(t, 'added template')) continue;
    const n = perDataset.get(t.dataset) ?? 0;
    if (n >= MAX_ADDED_PER_DATASET) {
      warnings.push(`Dropped added template ${quote(t.id)}: ${t.dataset} may hold at most ${MAX_ADDED_PER_DATASET} templates.`);
      continue;
    }
    perDataset.set(t.dataset, n + 1);
    addedIds.add(t.id);
    added.push(t);
  }
  return { changed, added, removed };
}

function bestTupleIssue(error: z.ZodError): string {
  // A union reports one issue per branch; show the innermost, with the tuple slot named.
  const flat: z.core.$ZodIssue[] = [];
  const walk = (issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[]) => {
    for (const i of issues) {
      if (i.code === 'invalid_union' && i.errors.length) walk(i.errors[0], [...prefix, ...i.path]);
      else flat.push({ ...i, path: [...prefix, ...i.path] });
    }
  };
  walk(error.issues, []);
  const issue = flat[0];
  if (!issue) return 'invalid template';
  const slot = typeof issue.path[0] === 'number' ? TUPLE_FIELDS[issue.path[0]] : undefined;
  return slot ? `${slot}: ${issue.message}` : issue.message;
}
