/**
 * `--template-file F` (export mixture, evaluate): a JSON array of templates in the shape of
 * src/core/tasks/templates/*.json. Each named dataset's templates replace its built-in ones (the same
 * `templates` record the app's template editor passes); every problem is a UsageError listing them all.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './args';
import { getSuite, parseTemplates, validateTemplate, type Template } from '../src/core/tasks';

export function readTemplateFile(path: string, worldSeed = 1): Record<string, Template[]> {
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
  const suite = getSuite(worldSeed);
  const byDataset: Record<string, Template[]> = {};
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const t of templates) {
    if (ids.has(t.id)) problems.push(`duplicate template id ${t.id}`);
    ids.add(t.id);
    const d = suite.dataset(t.dataset);
    if (!d) {
      problems.push(`template ${t.id}: unknown dataset "${t.dataset}" (see \`tinyflan suite\`)`);
      continue;
    }
    problems.push(...validateTemplate(t, d).map((e) => e.message));
    (byDataset[t.dataset] ??= []).push(t);
  }
  for (const [name, list] of Object.entries(byDataset)) {
    if (list.every((t) => t.inverted)) problems.push(`dataset ${name}: evaluation needs at least one template that is not inverted`);
  }
  if (templates.length === 0) problems.push('the file lists no templates');
  if (problems.length) throw new UsageError(`--template-file ${path}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return byDataset;
}
