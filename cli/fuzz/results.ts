/**
 * Fuzz category "results": results files as `tinyflan report/plot/merge` and the app's "open results"
 * read them, and run results as the worker hands them to mergeRunResult.
 *
 *   damaged   bit flips, changed bytes or a truncation of a file with a checksum: refused unless the
 *             contents are untouched
 *   hostile   one value made hostile (a score of -1e300, 1e21 or 101, a mean outside [min, max], a forged
 *             run id, a run of another experiment, a changed spec, wrong types), with the checksum kept
 *             (must be refused) or removed (may only open if it is sound, judged by checks of our own here,
 *             not by the schema under test)
 *   worker    a hostile RunResult merged into results: refused with a clean error, or merged soundly
 */
import { canonicalJson } from '../../src/core/checkpoint/integrity';
import { expandRuns, makeSpec, type PresetSpec } from '../../src/core/experiments/presets';
import { createResults, markFailed, mergeRunResult, parseResults, serializeResults, type Results, type RunResult } from '../../src/core/experiments/results';
import type { Rng } from '../../src/core/rng';
import { checkThrown, OK, silent, type FuzzCase, type Verdict } from './verdict';

function runResult(rng: Rng, cluster: string): RunResult {
  const scores = [rng.next(), rng.next(), rng.next()];
  const [min, max] = [Math.min(...scores), Math.max(...scores)];
  const mean = (scores[0] + scores[1] + scores[2]) / 3;
  return {
    perTemplate: { rte_like: { t0: { acc: scores[0], acc_norm: scores[1] }, t1: { acc: scores[2], acc_norm: rng.next() } } },
    perDataset: { rte_like: { metric: 'acc', nTemplates: 3, mean, median: scores.sort()[1], best: max, bestTemplate: 't0', spread: max - min, min, max } },
    perCluster: { [cluster]: mean },
    lossCurve: Array.from({ length: 1 + rng.int(20) }, (_, i) => ({ step: i * 10, loss: rng.next() < 0.05 ? null : 3 * rng.next() })),
    wallTimeSec: 60 * rng.next(),
    tokensPerSec: 1e4 * rng.next(),
    backend: rng.pick(['wasm', 'webgpu', 'cpu']),
  };
}

function makeResults(spec: PresetSpec, rng: Rng): Results {
  let r = createResults(spec);
  for (const [i, e] of r.runs.entries()) {
    if (i % 4 === 3) r = markFailed(r, e.run.id, 'out of memory');
    else if (i % 4 !== 2) r = mergeRunResult(r, e.run.id, runResult(rng, e.run.heldOut[0]));
  }
  return r;
}

let base: { results: Results; text: string; other: Results } | undefined;
function bases(rng: Rng) {
  base ??= (() => {
    const spec = makeSpec('templates', { seeds: [1, 2], templateCounts: [1, 5], evalExamples: 20 });
    const results = makeResults(spec, rng);
    return { results, text: serializeResults(results), other: makeResults(makeSpec('templates', { seeds: [1, 2], templateCounts: [1, 5], steps: 99 }), rng) };
  })();
  return base;
}

/** Our own soundness checks (independent of the schema under test). */
function unsound(r: Results): string | null {
  const inRange = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1;
  const byId = new Map(expandRuns(r.spec).map((run) => [run.id, canonicalJson(run)]));
  const ids = new Set<string>();
  for (const e of r.runs) {
    if (byId.get(e.run.id) !== canonicalJson(e.run)) return `a run that is not the spec's opened (${e.run.id.slice(0, 40)})`;
    if (ids.has(e.run.id)) return 'a duplicate run opened';
    ids.add(e.run.id);
    if ((e.status === 'done') !== !!e.result) return 'a run with a result but not done, or done without one';
    if (!e.result) continue;
    for (const [, v] of Object.entries(e.result.perCluster)) if (!inRange(v)) return `a cluster score ${v} opened`;
    for (const byTemplate of Object.values(e.result.perTemplate))
      for (const m of Object.values(byTemplate)) for (const v of Object.values(m)) if (!inRange(v)) return `a template score ${v} opened`;
    for (const a of Object.values(e.result.perDataset)) {
      for (const v of [a.mean, a.median, a.min, a.max, a.spread]) if (!inRange(v)) return `a dataset score ${v} opened`;
      if (a.best !== null && !inRange(a.best)) return `a best score ${a.best} opened`;
      if (a.mean < a.min - 1e-9 || a.mean > a.max + 1e-9) return `a mean ${a.mean} outside [${a.min}, ${a.max}] opened`;
    }
    if (!(e.result.wallTimeSec >= 0 && e.result.tokensPerSec >= 0 && Number.isFinite(e.result.wallTimeSec + e.result.tokensPerSec)))
      return 'an impossible time or speed opened';
  }
  return null;
}

const HOSTILE: unknown[] = [101, -1e300, 1e21, 1.0000001, -0.0001, -0, 0, 1, null, 'x', '0.5', [], {}, true, 2 ** 53, 5e-324];

/** One hostile edit of a parsed results file, described for the report. */
function edit(rng: Rng, f: Record<string, any>, other: Results): string {
  const done = f.runs.filter((e: any) => e.status === 'done');
  const e = rng.pick(done) as any;
  const v = rng.pick(HOSTILE);
  const ds = e.result.perDataset.rte_like;
  switch (rng.int(11)) {
    case 0:
      e.result.perCluster[Object.keys(e.result.perCluster)[0]] = v;
      return `cluster score ${JSON.stringify(v)}`;
    case 1:
      e.result.perTemplate.rte_like.t0.acc = v;
      return `template score ${JSON.stringify(v)}`;
    case 2: {
      const k = rng.pick(['mean', 'median', 'min', 'max', 'best', 'spread']);
      ds[k] = v;
      return `dataset ${k} ${JSON.stringify(v)}`;
    }
    case 3:
      ds.mean = Math.min(1, ds.max + 0.01 + rng.next() / 10);
      return 'mean above max';
    case 4:
      e.run.id = `${e.run.id.slice(0, -12)}${rng.int(0xffffff).toString(16).padStart(12, '0')}`;
      return 'forged run id';
    case 5:
      f.runs[rng.int(f.runs.length)] = structuredClone(other.runs[rng.int(other.runs.length)]);
      return 'a run of another experiment';
    case 6:
      f.spec.steps = 1 + rng.int(5000);
      return `spec steps ${f.spec.steps}`;
    case 7:
      e.run.seed = rng.int(10);
      return 'run seed changed (id kept)';
    case 8:
      f.runs.push(structuredClone(rng.pick(f.runs)));
      return 'a run duplicated';
    case 9:
      e.result[rng.pick(['wallTimeSec', 'tokensPerSec', 'lossCurve', 'perCluster', 'backend'])] = v;
      return `a result field set to ${JSON.stringify(v)}`;
    default:
      e.status = rng.pick(['pending', 'failed', 'running', 'done', 'finished']);
      return `status ${e.status}`;
  }
}

function parse(text: string | unknown): Results | null {
  try {
    return parseResults(text);
  } catch (e) {
    checkThrown(e, (x) => x.constructor === Error);
    return null;
  }
}

export function resultsCase(rng: Rng): FuzzCase {
  const b = bases(rng);
  const kind = rng.pick(['bitflip', 'bytes', 'truncate', 'hostile-kept', 'hostile-stripped', 'hostile-stripped', 'worker']);
  if (kind === 'worker') {
    const hostile = structuredClone(runResult(rng, 'nli')) as any;
    // Only the result is the worker's; edits to the run or the spec land on throwaway copies.
    const scratch = { spec: structuredClone(b.results.spec), runs: [{ status: 'done', run: structuredClone(b.results.runs[0].run), result: hostile }] };
    const what = edit(rng, scratch, b.other);
    return {
      label: `results (worker): ${what}`,
      run(): Verdict {
        let merged: Results;
        try {
          merged = mergeRunResult(b.results, b.results.runs[0].run.id, hostile);
        } catch (e) {
          checkThrown(e, (x) => x.constructor === Error);
          return OK;
        }
        const problem = unsound(merged);
        return problem ? silent(`merged from the worker: ${problem}`) : OK;
      },
    };
  }
  let input: string | unknown;
  let what: string;
  if (kind === 'bitflip' || kind === 'bytes' || kind === 'truncate') {
    const bytes = new TextEncoder().encode(b.text);
    if (kind === 'truncate') {
      const n = rng.int(bytes.length);
      what = `truncated to ${n} of ${bytes.length} bytes`;
      input = new TextDecoder().decode(bytes.subarray(0, n));
    } else {
      const at = rng.int(bytes.length);
      if (kind === 'bitflip') bytes[at] ^= 1 << rng.int(8);
      else for (let i = at; i < Math.min(bytes.length, at + 1 + rng.int(8)); i++) bytes[i] = 32 + rng.int(95);
      what = `${kind === 'bitflip' ? 'bit flip' : 'bytes changed'} at ${at}`;
      input = new TextDecoder().decode(bytes);
    }
  } else {
    const f = JSON.parse(b.text);
    what = edit(rng, f, b.other);
    if (kind === 'hostile-stripped') delete f.checksum;
    input = rng.next() < 0.5 ? JSON.stringify(f) : f;
  }
  return {
    label: `results (${kind}): ${what}`,
    run(): Verdict {
      const r = parse(input);
      if (!r) return OK;
      const problem = unsound(r);
      if (problem) return silent(problem);
      // With the checksum in place, only an input with the original contents may open.
      if (kind !== 'hostile-stripped' && canonicalJson(r) !== canonicalJson(b.results)) return silent(`a damaged file with a checksum opened (${what})`);
      return OK;
    },
  };
}
