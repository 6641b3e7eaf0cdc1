/**
 * The markdown report of a results file: the preset's own table (presets/<name>.ts), shaped like the paper's
 * figure, for accuracy and again for balanced accuracy. Cells are mean ± 95% CI half-width over seeds
 * (Student t), in percent.
 */
import { balancedView } from './balanced';
import { conditionColumns, conditionLabel, doneRuns, formatCell } from './figure';
import { PRESET_NAMES, presetOf, presetTable } from './presets/index';
import { markdownTable } from './report-table';
import type { Results } from './results';

export { conditionLabel, formatCell, heldOutScore, pairedDifference } from './figure';
export { markdownTable } from './report-table';

const NOTE = 'Cells: mean ± 95% CI over seeds (Student t), in %; "—": no finished run.';

/**
 * Which worlds the results' base models were pretrained on, and a warning where a run's suite (the tasks it
 * was tuned and evaluated on) is of another version than its base model's pretraining text.
 */
export function worldNote(results: Results): string {
  const finished = doneRuns(results);
  if (!finished.length) return '';
  const versions = (pick: (d: (typeof finished)[number]) => number) => [...new Set(finished.map(pick))].sort().map((v) => `v${v}`);
  const world = (d: (typeof finished)[number]) => d.result.worldVersion ?? 1;
  // Files made before v3 record no suite version: their suite was the v1/v2 one, the same as their world's.
  const suite = (d: (typeof finished)[number]) => d.result.suiteVersion ?? world(d);
  const text = `\n\nWorld ${versions(world).join(' + ')} (the base models' pretraining text; v1 never showed the answer words).`;
  const mixed = finished.filter((d) => suite(d) !== world(d));
  if (!mixed.length) return text;
  const pairs = [...new Set(mixed.map((d) => `a v${world(d)} base model on the v${suite(d)} suite`))].join(', ');
  return `${text} ${mixed.length} of ${finished.length} runs evaluated ${pairs}: their pretraining text is not of the suite's version.`;
}

/** The markdown report for any preset's results. */
export function renderMarkdown(results: Results): string {
  const finished = doneRuns(results);
  const done = finished.length;
  const title = `## TinyFLAN ${results.spec.preset} (${done}/${results.runs.length} runs done)${worldNote(results)}`;
  const balanced = balancedView(results);
  // Files evaluated before bal_acc was recorded (v1) get no second table: it would repeat the first.
  if (balanced.missing >= done) return [title, '', presetTable(results), '', NOTE, ''].join('\n');
  const balancedNote = balanced.missing ? ` ${balanced.missing} run(s) were evaluated before balanced accuracy was recorded and show accuracy.` : '';
  return [
    title,
    '',
    presetTable(results),
    '',
    NOTE,
    '',
    '### Balanced accuracy (mean recall over classes; a constant answer scores 1/K)',
    '',
    presetTable(balanced.results),
    '',
    `Classification datasets by balanced accuracy, others by their main metric.${balancedNote}`,
    '',
  ].join('\n');
}

/**
 * Per-dataset view of a main, fewshot or custom results file: one row per evaluated dataset, one column per condition
 * (as in main's table), each cell the dataset's mean over templates across seeds.
 */
export function renderDatasetMarkdown(results: Results): string {
  // Only where a column (condition) is one model per seed (the preset's file says).
  if (!presetOf(results.spec.preset).perDatasetTable) {
    const some = PRESET_NAMES.filter((p) => presetOf(p).perDatasetTable);
    throw new Error(`a per-dataset table is available for ${some.slice(0, -1).join(', ')} and ${some[some.length - 1]} results, not ${results.spec.preset}`);
  }
  const done = doneRuns(results);
  const cols = conditionColumns(done.map((d) => d.run));
  const cells = new Map<string, Map<string, number[]>>();
  const rows: string[] = [];
  for (const d of done) {
    for (const [name, agg] of Object.entries(d.result.perDataset)) {
      if (!cells.has(name)) {
        cells.set(name, new Map());
        rows.push(name);
      }
      const col = conditionLabel(d.run);
      const byCol = cells.get(name)!;
      byCol.set(col, [...(byCol.get(col) ?? []), agg.mean]);
    }
  }
  const table = markdownTable(
    ['dataset', ...cols],
    rows.map((r) => [r, ...cols.map((c) => formatCell(cells.get(r)?.get(c), results.spec.seeds.length))]),
  );
  return [`## TinyFLAN ${results.spec.preset}, per dataset (${done.length}/${results.runs.length} runs done)`, '', table, '', NOTE, ''].join('\n');
}
