/**
 * Every cap on a number or a text that a user, a link or a file sets, in one table. The share-link
 * codec (settings.ts, templates.ts, codec.ts), the editor (templateIssues, specLimitProblems) and the
 * CLI read these rows, so anything the editor accepts also survives a link round trip, and a value
 * past a cap gets the same message everywhere.
 *
 * Dependency-free on purpose: src/core/tasks (templateIssues) imports it, and settings.ts imports the
 * presets, which import tasks; keeping the table here avoids an import cycle.
 *
 * Why these numbers: each cap sits well above what the lab's presets and documented runs use (steps
 * 3,000, batch 32, 200 evaluation examples, 3 seeds) and well below what breaks a browser tab (issue 17:
 * 1e6 evaluation examples take minutes per dataset, batch 2^20 overflows a typed array, each seed keeps
 * ~18 MB of examples in the worker).
 */

export interface Limit {
  /** What the value is, for messages ("evaluation examples per dataset"). */
  label: string;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
}

const int = (label: string, min: number, max: number): Limit => ({ label, min, max, integer: true });

export const LIMITS = {
  steps: int('tuning steps', 1, 100_000),
  batchSize: int('batch size', 1, 256),
  lr: { label: 'learning rate', min: 1e-7, max: 1, integer: false } as Limit,
  evalExamples: int('evaluation examples per dataset', 1, 1_000),
  templatesPerDataset: int('templates per dataset', 1, 100),
  kShot: int('few-shot exemplars', 1, 16),
  seeds: int('seeds', 1, 10),
  seedValue: int('seed', 0, 2 ** 31 - 1),
  randomOrders: int('random cluster orders', 0, 20),
  /** Characters of one template's input or target text (the editor's 2,613-character template fits). */
  templateChars: int('characters in a template text', 0, 4_000),
  templateIdChars: int('characters in a template id', 1, 100),
  /** Templates in one dataset's list (built-in plus added): also caps what a link may add to a dataset. */
  templatesInDataset: int('templates in one dataset', 1, 100),
  /** Entries in each of a link's changed / added / removed lists (44 datasets × 100 templates fit). */
  templateEditItems: int('template edits', 0, 5_000),
  /** Characters of a share link's fragment. */
  linkChars: int('characters in a share link', 1, 24_000),
  /** Characters of a link's JSON once decompressed; decompression stops past it. */
  linkJsonChars: int('characters in a share link once unpacked', 1, 400_000),
  /** Bytes of an uploaded or loaded checkpoint (the base model with optimizer state is ~80 MB). */
  checkpointBytes: int('bytes in a checkpoint', 8, 256 * 1024 * 1024),
  /** Characters of a results file (the largest reference file is 1.5 MB). */
  resultsChars: int('characters in a results file', 2, 64 * 1024 * 1024),
  /** A checkpoint's model config and tokenizer (bounded before anything is allocated from them). */
  vocabSize: int('vocabulary size', 260, 65_536),
  blockSize: int('block size', 1, 4_096),
  layers: int('layers', 1, 64),
  heads: int('attention heads', 1, 64),
  width: int('model width', 1, 8_192),
  tokenBytes: int('bytes in one token', 1, 256),
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

const fmt = (n: number) => (Math.abs(n) >= 1e3 && Number.isSafeInteger(n) ? n.toLocaleString('en-US') : String(n));

/** Why `value` breaks the limit, or null when it is fine. */
export function limitProblem(name: LimitName, value: unknown): string | null {
  const l: Limit = LIMITS[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${l.label} must be a number`;
  if (l.integer && !Number.isInteger(value)) return `${l.label} must be a whole number, got ${fmt(value)}`;
  if (value < l.min) return `${l.label} must be at least ${fmt(l.min)}, got ${fmt(value)}`;
  if (value > l.max) return `${l.label} must be at most ${fmt(l.max)}, got ${fmt(value)}`;
  return null;
}

/** Like limitProblem, for a length (of a string or list). */
export function lengthProblem(name: LimitName, length: number): string | null {
  const l: Limit = LIMITS[name];
  if (length > l.max) return `at most ${fmt(l.max)} ${l.label} are allowed, got ${fmt(length)}`;
  if (length < l.min) return `at least ${fmt(l.min)} ${l.label} are needed, got ${fmt(length)}`;
  return null;
}

/** The caps a single template must meet (lengths of its id and texts), as messages; empty when fine. */
export function templateLimitProblems(t: { id: string; input: string; target: string }): string[] {
  const out: string[] = [];
  const idProblem = lengthProblem('templateIdChars', t.id.length);
  if (idProblem) out.push(`id: ${idProblem}`);
  for (const field of ['input', 'target'] as const) {
    const p = lengthProblem('templateChars', t[field].length);
    if (p) out.push(`${field}: ${p}`);
  }
  return out;
}
