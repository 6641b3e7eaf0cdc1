/**
 * `--template-file F` (export mixture, evaluate): a JSON array of templates in the shape of
 * src/core/tasks/templates/*.json. Each named dataset's templates replace its built-in ones (the same
 * `templates` record the app's template editor passes, checked by the same templateIssues); every problem is a
 * UsageError listing them all.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args';
import { parseTemplates, templateIssues, type Template, type TemplatesByDataset } from '../src/core/tasks';

export function readTemplateFile(path: string, worldSeed = 1): TemplatesByDataset {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--template-file ${path}: ${(e as Error).message}`);
  }
  let templates: Template[];
  try {
    templates = parseTemplates(data, path);
  } catch (e) {
    throw new UsageError(`--template-file ${(e as Error).message}`);
  }
  const byDataset: TemplatesByDataset = {};
  for (const t of templates) (byDataset[t.dataset] ??= []).push(t);
  const problems = templateIssues(byDataset, worldSeed).map((i) => `${i.dataset}${i.templateId === '-' ? '' : `, template ${i.templateId}`}: ${i.message}`);
  // templateIssues finds duplicates within a dataset; ids must also be unique across the file's datasets
  const datasetOfId = new Map<string, string>();
  for (const t of templates) {
    const first = datasetOfId.get(t.id);
    if (first !== undefined && first !== t.dataset) problems.push(`duplicate template id ${t.id} (in ${first} and ${t.dataset})`);
    datasetOfId.set(t.id, first ?? t.dataset);
  }
  if (templates.length === 0) problems.push('the file lists no templates');
  if (problems.length) throw new UsageError(`--template-file ${path}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return byDataset;
}
