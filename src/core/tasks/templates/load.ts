/**
 * Loads every template JSON file (one per cluster) and validates its shape with zod.
 * Templates are data (as in PromptSource); adding one means editing a JSON file, not code.
 */
import { z } from 'zod';
import type { Template } from '../types';
import nli from './nli.json';
import readingComprehension from './reading_comprehension.json';
import readingComprehensionCommonsense from './reading_comprehension_commonsense.json';
import closedBookQa from './closed_book_qa.json';
import commonsense from './commonsense.json';
import coreference from './coreference.json';
import sentiment from './sentiment.json';
import paraphrase from './paraphrase.json';
import structToText from './struct_to_text.json';
import translation from './translation.json';
import summarization from './summarization.json';
import misc from './misc.json';

export const TemplateSchema = z.object({
  id: z.string().min(1),
  dataset: z.string().min(1),
  input: z.string(),
  target: z.string(),
  inverted: z.boolean().optional(),
});
const TemplateFileSchema = z.array(TemplateSchema);

const FILES: Record<string, unknown> = {
  nli,
  reading_comprehension: readingComprehension,
  reading_comprehension_commonsense: readingComprehensionCommonsense,
  closed_book_qa: closedBookQa,
  commonsense,
  coreference,
  sentiment,
  paraphrase,
  struct_to_text: structToText,
  translation,
  summarization,
  misc,
};

/** Parse (and validate) template data from any source, e.g. a user's uploaded file. */
export function parseTemplates(data: unknown, source = 'templates'): Template[] {
  const result = TemplateFileSchema.safeParse(data);
  if (!result.success) throw new Error(`${source}: invalid template file: ${result.error.message}`);
  return result.data;
}

let cache: Template[] | undefined;
/** All built-in templates, in file order. Ids are unique. */
export function loadTemplates(): Template[] {
  if (!cache) {
    const all = Object.entries(FILES).flatMap(([name, data]) => parseTemplates(data, `${name}.json`));
    const seen = new Set<string>();
    for (const t of all) {
      if (seen.has(t.id)) throw new Error(`duplicate template id ${t.id}`);
      seen.add(t.id);
    }
    cache = all;
  }
  return cache;
}
