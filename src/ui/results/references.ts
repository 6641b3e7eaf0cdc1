/**
 * The lab's bundled reference runs (docs/results/*-h100.json: the four experiments at the presets' full
 * budget, 3 seeds, on a lent H100), and how they travel: by id, `?ref=main-tiny-h100`, because their
 * results are far too large for a share link's hash. Which results on screen are a reference run is
 * remembered by identity and, across reloads, by a fingerprint of the numbers in localStorage, so a
 * reference re-run or replaced by anything else is shared as what it has become.
 */
import { parseResults, type Results } from '../../core/experiments/results';
import { hashString } from '../../core/rng';

const FILES = import.meta.glob('../../../docs/results/*-h100.json', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

const LABELS: Record<string, string> = {
  'main-tiny-h100': 'main: every cluster held out (tiny)',
  'clusters-tiny-h100': 'clusters: 1-7 tuning clusters (tiny)',
  'scale-h100': 'scale: nano to base',
  'instructions-tiny-h100': 'instructions: what the tuning prompts contain (tiny)',
};

export interface ReferenceRun {
  id: string;
  label: string;
  url: string;
}

export const REFERENCES: ReferenceRun[] = Object.entries(FILES)
  .map(([path, url]) => {
    const id = path
      .split('/')
      .pop()!
      .replace(/\.json$/, '');
    return { id, label: LABELS[id] ?? id, url };
  })
  .sort((a, b) => Object.keys(LABELS).indexOf(a.id) - Object.keys(LABELS).indexOf(b.id));

export const REF_PARAM = 'ref';
const STORAGE_KEY = 'tinyflan-reference';

export function findReference(id: string): ReferenceRun | undefined {
  return REFERENCES.find((r) => r.id === id);
}

/** Fetches and checks a bundled reference run, like any imported results file. */
export async function loadReference(id: string): Promise<Results> {
  const ref = findReference(id);
  if (!ref) throw new Error(`this version of the lab has no reference run "${id.slice(0, 60)}"`);
  const response = await fetch(ref.url);
  if (!response.ok) throw new Error(`${id}: HTTP ${response.status}`);
  return parseResults(await response.text());
}

/** What the numbers are: spec, run ids and every finished run's per-cluster scores. */
function fingerprint(results: Results): string {
  const runs = results.runs.map((e) => `${e.run.id}:${e.status}:${e.result ? JSON.stringify(e.result.perCluster) : ''}`).join('|');
  return `${results.runs.length}.${hashString(JSON.stringify(results.spec)).toString(36)}.${hashString(runs).toString(36)}`;
}

const known = new WeakMap<Results, string>();

/** Records that `results` are the bundled reference run `id` (in memory and for after a reload). */
export function markReference(id: string, results: Results): void {
  known.set(results, id);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ id, fingerprint: fingerprint(results) }));
  } catch {
    /* private mode: the link falls back to the hash form */
  }
}

/** The reference id of these results, if they are one unchanged; else null. */
export function referenceIdOf(results: Results | null): string | null {
  if (!results) return null;
  const id = known.get(results);
  if (id) return id;
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as { id?: unknown; fingerprint?: unknown } | null;
    if (saved && typeof saved.id === 'string' && findReference(saved.id) && saved.fingerprint === fingerprint(results)) {
      known.set(results, saved.id);
      return saved.id;
    }
  } catch {
    /* unreadable: not a reference */
  }
  return null;
}

/** This page's URL with `?ref=id` (other parameters, e.g. lecture=1, kept; no hash). */
export function referenceUrl(id: string, at: Location = location): string {
  const params = new URLSearchParams(at.search);
  params.set(REF_PARAM, id);
  return `${at.origin}${at.pathname}?${params.toString()}`;
}

/** The reference id a URL names, if any (whether or not it exists). */
export function referenceIdIn(url: string): string | null {
  try {
    return new URL(url).searchParams.get(REF_PARAM);
  } catch {
    return null;
  }
}

/** Removes `?ref=` from the address bar once applied, so a reload does not re-open it over later work. */
export function dropReferenceParam(): void {
  const params = new URLSearchParams(location.search);
  if (!params.has(REF_PARAM)) return;
  params.delete(REF_PARAM);
  const search = params.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}
