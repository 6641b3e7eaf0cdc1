/**
 * Problems of a set of user templates by dataset (the app's edits, a CLI --template-file): unknown datasets,
 * empty or all-inverted template lists, duplicate ids, and validateTemplate's findings. Any problem blocks using them.
 */
import { validateTemplate } from './render';
import { getSuite } from './suite';
import type { TemplatesByDataset } from './types';
import { lengthProblem, templateLimitProblems } from '../share/limits';

export interface TemplateIssue {
  dataset: string;
  templateId: string;
  message: string;
}

export function templateIssues(templates: Readonly<TemplatesByDataset>, worldSeed = 1): TemplateIssue[] {
  const suite = getSuite(worldSeed);
  const out: TemplateIssue[] = [];
  for (const [name, list] of Object.entries(templates)) {
    const d = suite.dataset(name);
    if (!d) {
      out.push({ dataset: name, templateId: '-', message: `unknown dataset "${name}"` });
      continue;
    }
    if (list.length === 0) out.push({ dataset: name, templateId: '-', message: 'a dataset needs at least one template' });
    // The share link's caps (limits.ts): what passes here also survives a link round trip.
    const tooMany = list.length > 0 ? lengthProblem('templatesInDataset', list.length) : null;
    if (tooMany) out.push({ dataset: name, templateId: '-', message: tooMany });
    const ids = new Set<string>();
    for (const t of list) {
      if (ids.has(t.id)) out.push({ dataset: name, templateId: t.id, message: `duplicate template id ${t.id}` });
      ids.add(t.id);
      for (const message of templateLimitProblems(t)) out.push({ dataset: name, templateId: t.id, message });
      for (const e of validateTemplate(t, d)) out.push({ dataset: name, templateId: t.id, message: e.message });
    }
    if (list.length > 0 && list.every((t) => t.inverted))
      out.push({ dataset: name, templateId: '-', message: 'evaluation needs at least one template that is not inverted' });
  }
  return out;
}
