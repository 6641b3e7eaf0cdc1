/** Problems of the user's edited templates (validateTemplate), which must block running. */
import { getSuite, validateTemplate } from '../../core/tasks';
import type { TemplatesByDataset } from '../../../workers/protocol';

export interface TemplateIssue {
  dataset: string;
  templateId: string;
  message: string;
}

export function templateIssues(templates: TemplatesByDataset): TemplateIssue[] {
  const suite = getSuite(1);
  const out: TemplateIssue[] = [];
  for (const [name, list] of Object.entries(templates)) {
    const d = suite.dataset(name);
    if (!d) {
      out.push({ dataset: name, templateId: '-', message: `unknown dataset ${name}` });
      continue;
    }
    if (list.length === 0) out.push({ dataset: name, templateId: '-', message: 'a dataset needs at least one template' });
    const ids = new Set<string>();
    for (const t of list) {
      if (ids.has(t.id)) out.push({ dataset: name, templateId: t.id, message: `duplicate template id ${t.id}` });
      ids.add(t.id);
      for (const e of validateTemplate(t, d)) out.push({ dataset: name, templateId: t.id, message: e.message });
    }
    if (list.length > 0 && list.every((t) => t.inverted)) out.push({ dataset: name, templateId: '-', message: 'evaluation needs at least one template that is not inverted' });
  }
  return out;
}
