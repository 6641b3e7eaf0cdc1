/** Plain-text corpus helpers (pure). */

/** Documents are separated by blank lines; a file without blank lines has one document per line. */
export function splitDocuments(text: string): string[] {
  const normalised = text.replace(/\r\n/g, '\n');
  const byBlank = normalised
    .split(/\n\s*\n/)
    .map((d) => d.trim())
    .filter(Boolean);
  if (byBlank.length > 1) return byBlank;
  return normalised
    .split('\n')
    .map((d) => d.trim())
    .filter(Boolean);
}
