/**
 * Markdown tables of a preset's results, the building blocks its `table` uses. Cells are mean ± 95% CI
 * half-width over seeds (Student t), in percent; the numbers come from figure.ts's pivot.
 */
import { formatCell, pivot, type Done, type KeyOf, type Value } from './figure';

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface GridLayout {
  rows: readonly string[];
  rowOf: KeyOf;
  cols: readonly string[];
  colOf: KeyOf;
  value: Value;
  rowHeader: string;
  rowLabel?: (row: string) => string;
}

/** An extra column whose cells are not a pivot of runs (the paper's values, a paired difference). */
export interface ExtraColumn {
  header: string;
  cell: (row: string) => string;
}

/** One row per `rows` entry, one column per `cols` entry (seeds' values as formatCell reads them), plus extra columns. */
export function grid(done: readonly Done[], seeds: number, layout: GridLayout, extra: readonly ExtraColumn[] = []): string {
  const table = pivot(done, layout.rowOf, layout.colOf, layout.value);
  return markdownTable(
    [layout.rowHeader, ...layout.cols, ...extra.map((e) => e.header)],
    layout.rows.map((row) => [
      (layout.rowLabel ?? String)(row),
      ...layout.cols.map((c) => formatCell(table.get(row)?.get(c), seeds)),
      ...extra.map((e) => e.cell(row)),
    ]),
  );
}

/** A table whose columns each have their own value (per held-out cluster, then the mean), one row per key. */
export function columnsTable(
  done: readonly Done[],
  seeds: number,
  layout: {
    rows: readonly string[];
    rowOf: KeyOf;
    rowHeader: string;
    rowLabel?: (row: string) => string;
    columns: readonly { header: string; value: Value }[];
  },
  extra: readonly ExtraColumn[] = [],
): string {
  const tables = layout.columns.map((c) => pivot(done, layout.rowOf, () => 'x', c.value));
  return markdownTable(
    [layout.rowHeader, ...layout.columns.map((c) => c.header), ...extra.map((e) => e.header)],
    layout.rows.map((row) => [
      (layout.rowLabel ?? String)(row),
      ...tables.map((t) => formatCell(t.get(row)?.get('x'), seeds)),
      ...extra.map((e) => e.cell(row)),
    ]),
  );
}
