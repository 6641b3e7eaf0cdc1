#!/usr/bin/env node
// `npm run fuzz -- --count N --seed S [--only links|templates|checkpoints|results] [--from I]`
//
// Hostile inputs against the core (cli/fuzz/): per category, counts of crashes, hangs over 1 s and silent
// acceptances. Each category runs in a worker thread with a watchdog, so a case that never returns (an
// endless loop, a catastrophic regex) is counted as a hang and the run goes on from the next case, and a
// worker that dies (out of memory) counts as a crash. Exit code 1 when anything was found.
// Not part of `npm test`; a fixed-seed slice of it is (cli/fuzz/fuzz.test.ts).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const harness = await import('../cli/fuzz/harness.ts');

/** A worker silent this long is stuck in one case (cases take milliseconds). */
const WATCHDOG_MS = 15_000;

if (!isMainThread) {
  const { category, seed, from, count } = workerData;
  for (let i = from; i < from + count; i++) {
    parentPort.postMessage({ type: 'start', index: i });
    parentPort.postMessage({ type: 'report', report: harness.runCase(category, seed, i) });
  }
  parentPort.postMessage({ type: 'done' });
} else {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, seed: { type: 'string' }, only: { type: 'string' }, from: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run fuzz -- [--count N (1000)] [--seed S (17)] [--only category] [--from index]');
    process.exit(0);
  }
  const count = Number(values.count ?? 1000);
  const seed = Number(values.seed ?? harness.DEFAULT_SEED);
  const from = Number(values.from ?? 0);
  const all = Object.keys(harness.CATEGORIES);
  const categories = values.only ? values.only.split(',') : all;
  for (const [name, v] of [
    ['count', count],
    ['seed', seed],
    ['from', from],
  ]) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} must be a whole number ≥ 0`);
  }
  const unknown = categories.filter((c) => !all.includes(c));
  if (unknown.length) throw new Error(`unknown category ${unknown.join(', ')}; valid: ${all.join(', ')}`);

  const summaries = [];
  for (const category of categories) {
    const started = Date.now();
    summaries.push(await runInWorkers(category, seed, from, count));
    process.stderr.write(`${category}: ${count} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  console.log(harness.formatSummaries(summaries, seed));
  process.exitCode = summaries.some((s) => s.crash + s.hang + s.silent > 0) ? 1 : 0;
}

/** Runs cases [from, from + count) in a worker, restarting it after a case that hangs or kills it. */
async function runInWorkers(category, seed, from, count) {
  const summary = harness.emptySummary(category);
  let next = from;
  const end = from + count;
  while (next < end) {
    next = await new Promise((resolve) => {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { category, seed, from: next, count: end - next },
        resourceLimits: { maxOldGenerationSizeMb: 2048 },
      });
      let current = next;
      let settled = false;
      const finish = (resume, report) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (report) harness.addReport(summary, report);
        worker.terminate().finally(() => resolve(resume));
      };
      const stuck = () =>
        finish(current + 1, { index: current, outcome: 'hang', label: '(killed by the watchdog)', ms: WATCHDOG_MS, detail: `no answer for ${WATCHDOG_MS} ms` });
      let timer = setTimeout(stuck, WATCHDOG_MS);
      worker.on('message', (m) => {
        clearTimeout(timer);
        timer = setTimeout(stuck, WATCHDOG_MS);
        if (m.type === 'start') current = m.index;
        else if (m.type === 'report') harness.addReport(summary, m.report);
        else if (m.type === 'done') finish(end);
      });
      worker.on('error', (e) =>
        finish(current + 1, { index: current, outcome: 'crash', label: '(the worker died)', ms: 0, detail: String(e?.message ?? e).slice(0, 300) }),
      );
      // An exit before 'done' without an error event (process.exit in the core?) is a crash too.
      worker.on('exit', (code) => finish(current + 1, { index: current, outcome: 'crash', label: '(the worker exited)', ms: 0, detail: `exit code ${code}` }));
    });
  }
  return summary;
}
