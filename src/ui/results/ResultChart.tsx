/**
 * One preset figure in recharts, from a ChartModel (the preset's Figure, which the CLI's SVG also draws):
 * our series with 95% CI error bars over seeds,
 * the paper's values overlaid (grey bars or dashed lines), and the same numbers as an accessible
 * table. Animation is off: it would only delay the numbers and ignore prefers-reduced-motion.
 * On a narrow screen a bar figure turns sideways (categories down the page, one short row of bars each), so
 * all of its clusters and their names fit the width instead of hiding behind a sideways scroll.
 */
import { Bar, CartesianGrid, ComposedChart, ErrorBar, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from './ChartLegend';
import { formatCell, type ChartModel } from './chartModel';
import { useChartText, useWidth } from './chartText';
import { paperColor, seriesColors } from './palette';

const NARROW = 640;
/** Sideways: the thickness of one bar and the gap between categories, in px. */
const SIDE_BAR = 6;
const SIDE_GAP = 14;

export function ResultChart({ model }: { model: ChartModel }) {
  const text = useChartText();
  const [ref, width] = useWidth<HTMLDivElement>();
  const sideways = model.kind === 'bar' && width > 0 && width < NARROW;
  const bars = model.series.length + model.paper.length;
  const colors = seriesColors(model.series.map((s) => s.name));
  const many = model.categories.length > 6;
  const shortOf = new Map(model.categories.map((c, i) => [c, model.shortCategories?.[i] ?? c]));
  const strokeOf = (s: ChartModel['series'][number]) => (s.role === 'mean' ? 3 : s.role === 'detail' ? 1.25 : 2);
  const data = model.categories.map((category, i) => {
    const row: Record<string, unknown> = { category };
    model.series.forEach((s, k) => {
      const c = s.values[i];
      if (!c) return;
      row[`s${k}`] = c.mean;
      // One seed has no interval: no whisker rather than a zero-height one.
      if (c.n > 1) row[`s${k}_err`] = [c.mean - c.lo, c.hi - c.mean];
    });
    model.paper.forEach((p, k) => {
      if (p.values[i] !== null) row[`p${k}`] = p.values[i];
    });
    return row;
  });
  const summary = `${model.title}. ${model.series.length} series over ${model.categories.length} ${model.xLabel.toLowerCase()} values; see the table below for the numbers.`;
  return (
    <figure className="result-chart" data-testid="result-chart">
      <figcaption>{model.title}</figcaption>
      {/* A line figure on a narrow screen keeps a readable width and scrolls sideways; a bar figure turns sideways instead. */}
      <div className="chart-scroll" ref={ref}>
        <div
          className="chart-box"
          data-testid="result-chart-box"
          data-layout={sideways ? 'sideways' : 'columns'}
          style={
            sideways
              ? { height: model.categories.length * (bars * (SIDE_BAR + 1) + SIDE_GAP) + text.tick + 40 }
              : { height: text.tick > 12 ? 420 : 320, minWidth: Math.max(320, model.categories.length * bars * 9 + 120) }
          }
          role="img"
          aria-label={summary}
        >
          <ResponsiveContainer width="100%" height="100%" minWidth={100} minHeight={100}>
            <ComposedChart
              data={data}
              layout={sideways ? 'vertical' : 'horizontal'}
              margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
              {...(sideways ? { barGap: 1, barCategoryGap: SIDE_GAP / 2 } : {})}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              {sideways ? (
                <>
                  <XAxis
                    type="number"
                    domain={[0, 100]}
                    allowDataOverflow
                    ticks={[0, 25, 50, 75, 100]}
                    unit="%"
                    stroke="var(--muted)"
                    tick={{ fontSize: text.tick }}
                  />
                  <YAxis
                    type="category"
                    dataKey="category"
                    interval={0}
                    stroke="var(--muted)"
                    width={Math.max(...model.categories.map((c) => (shortOf.get(c) ?? c).length)) * text.tick * 0.7 + 14}
                    tick={{ fontSize: text.tick }}
                    tickFormatter={(v: unknown) => shortOf.get(String(v)) ?? String(v)}
                  />
                </>
              ) : (
                <>
                  {/* interval 0: every category gets its label (recharts would drop some of 12 clusters), slanted when many */}
                  <XAxis
                    dataKey="category"
                    stroke="var(--muted)"
                    interval={0}
                    tick={{ fontSize: text.tick }}
                    {...(many
                      ? { angle: -30, textAnchor: 'end', height: text.tick > 12 ? 120 : 84, tickFormatter: (v: unknown) => shortOf.get(String(v)) ?? String(v) }
                      : { height: text.tick + 16 })}
                  />
                  {/* Fixed 0-100 scale: a 95% interval reaching below 0 (a score near 0) must not stretch the axis to odd ticks. */}
                  <YAxis
                    domain={[0, 100]}
                    allowDataOverflow
                    ticks={[0, 25, 50, 75, 100]}
                    unit="%"
                    width={text.yAxisWidth}
                    stroke="var(--muted)"
                    tick={{ fontSize: text.tick }}
                    label={{
                      value: model.metric,
                      angle: -90,
                      position: 'insideLeft',
                      offset: text.label,
                      style: { textAnchor: 'middle', fontSize: text.label, fill: 'var(--muted)' },
                    }}
                  />
                </>
              )}
              {/* Sideways (a phone) the tooltip wraps within the chart's width rather than running off the screen. */}
              <Tooltip
                itemSorter={() => 0}
                {...(sideways ? { wrapperStyle: { maxWidth: Math.max(160, width - 24) }, contentStyle: { whiteSpace: 'normal' } } : {})}
                formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : Array.isArray(v) ? '' : String(v))}
              />
              {model.series.map((s, k) =>
                model.kind === 'bar' ? (
                  <Bar key={s.key} dataKey={`s${k}`} name={s.name} fill={colors[k]} isAnimationActive={false} {...(sideways ? { barSize: SIDE_BAR } : {})}>
                    <ErrorBar dataKey={`s${k}_err`} width={4} stroke="var(--text)" />
                  </Bar>
                ) : (
                  <Line key={s.key} dataKey={`s${k}`} name={s.name} stroke={colors[k]} strokeWidth={strokeOf(s)} isAnimationActive={false} connectNulls>
                    <ErrorBar dataKey={`s${k}_err`} width={4} stroke="var(--text)" />
                  </Line>
                ),
              )}
              {model.paper.map((p, k) =>
                model.kind === 'bar' ? (
                  <Bar
                    key={p.name}
                    dataKey={`p${k}`}
                    name={p.name}
                    fill={paperColor(k)}
                    isAnimationActive={false}
                    {...(sideways ? { barSize: SIDE_BAR } : {})}
                  />
                ) : (
                  <Line
                    key={p.name}
                    dataKey={`p${k}`}
                    name={p.name}
                    stroke={paperColor(k)}
                    strokeWidth={2}
                    strokeDasharray="6 4"
                    isAnimationActive={false}
                    connectNulls
                  />
                ),
              )}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </div>
      <ChartLegend
        fontSize={text.legend}
        entries={[
          ...model.series.map((s, k) => ({ name: s.name, color: colors[k], mark: model.kind === 'bar' ? ('bar' as const) : ('line' as const) })),
          ...model.paper.map((p, k) => ({ name: p.name, color: paperColor(k), mark: model.kind === 'bar' ? ('bar' as const) : ('dash' as const) })),
        ]}
      />
      {model.note && <p className="hint">{model.note}</p>}
      <div className="table-wide">
        <table className="results-table" data-testid="results-table">
          <caption>
            {model.title} — {model.metric} in %, mean ± 95% CI over seeds
          </caption>
          <thead>
            <tr>
              <th scope="col">{model.xLabel}</th>
              {model.series.map((s) => (
                <th scope="col" key={s.key}>
                  {s.name}
                </th>
              ))}
              {model.paper.map((p) => (
                <th scope="col" key={p.name}>
                  {p.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {model.categories.map((c, i) => (
              <tr key={c}>
                <th scope="row">{c}</th>
                {model.series.map((s) => (
                  <td key={s.key} data-testid="result-cell" data-series={s.name} data-category={c}>
                    {formatCell(s.values[i])}
                  </td>
                ))}
                {model.paper.map((p) => (
                  <td key={p.name}>{p.values[i] === null ? '—' : p.values[i]!.toFixed(1)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <pre className="visually-hidden" aria-hidden="true" data-testid="chart-data">
        {JSON.stringify(model)}
      </pre>
    </figure>
  );
}
