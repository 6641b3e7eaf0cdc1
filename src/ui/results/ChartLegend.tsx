/**
 * The charts' legend as HTML, in the order the series are drawn (recharts' own legend sorts by name, so
 * its order drifted from the bars'), with text in the page's text colour at the chart's text size.
 */
export interface LegendEntry {
  name: string;
  color: string;
  /** 'bar': a filled square; 'line': a solid stroke; 'dash': a dashed stroke (paper values, chance). */
  mark: 'bar' | 'line' | 'dash';
}

export function ChartLegend({ entries, fontSize }: { entries: LegendEntry[]; fontSize: number }) {
  return (
    <ul className="chart-legend" data-testid="chart-legend" style={{ fontSize }}>
      {entries.map((e) => (
        <li key={e.name} data-testid="legend-item" data-color={e.color}>
          <span className={`legend-mark legend-${e.mark}`} style={e.mark === 'bar' ? { background: e.color } : { borderColor: e.color }} aria-hidden="true" />
          {e.name}
        </li>
      ))}
    </ul>
  );
}
