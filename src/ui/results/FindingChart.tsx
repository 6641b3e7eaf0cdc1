/**
 * The finding as a chart: per row the baseline and the treatment (mean ± 95% CI over seeds), the chance /
 * majority-class level as a dashed mark across the pair, and the paired gain written above it. The marks and
 * labels sit on hidden overlay axes, so they span the pair instead of taking a bar's place. On a narrow
 * screen the bars turn sideways, so every row's name is readable.
 */
import { Bar, CartesianGrid, ComposedChart, ErrorBar, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { ChartLegend } from './ChartLegend';
import { useChartText, useWidth } from './chartText';
import { formatGain, type Finding } from './finding';
import { seriesColors } from './palette';

const NARROW = 640;

type Box = { x?: number | string; y?: number | string; width?: number | string; height?: number | string; value?: unknown };
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));

export function FindingChart({ finding }: { finding: Finding }) {
  const text = useChartText();
  const [ref, width] = useWidth<HTMLDivElement>();
  const sideways = width > 0 && width < NARROW;
  const [baseColor, treatedColor] = seriesColors([finding.baseName, finding.treatedName]);
  const data = finding.rows.map((r) => ({
    category: r.short,
    base: r.base?.mean,
    base_err: r.base && r.base.n > 1 ? [r.base.mean - r.base.lo, r.base.hi - r.base.mean] : undefined,
    treated: r.treated?.mean,
    treated_err: r.treated && r.treated.n > 1 ? [r.treated.mean - r.treated.lo, r.treated.hi - r.treated.mean] : undefined,
    chance: r.chance ?? undefined,
    top: Math.min(100, Math.max(r.base?.hi ?? 0, r.treated?.hi ?? 0, r.chance ?? 0)),
    gain: r.gain ? formatGain(r.gain) : '',
  }));
  const many = data.length > 6;
  const barMax = text.tick > 12 ? 150 : 110;
  // Sideways, each row's name carries its gain on a second line, so no margin is spent on labels.
  const labelWidth = Math.min(0.5 * width, Math.max(...data.map((d) => Math.max(d.category.length, d.gain.length))) * text.tick * 0.7 + 14);
  const gainOf = new Map(data.map((d) => [d.category, d.gain]));
  const sideTick = (p: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) => {
    const name = String(p.payload?.value ?? '');
    return (
      <text x={num(p.x) - 4} y={num(p.y)} textAnchor="end" fontSize={text.tick} fill="var(--text)">
        <tspan x={num(p.x) - 4} dy={-2}>
          {name}
        </tspan>
        <tspan x={num(p.x) - 4} dy={text.tick + 2} fontWeight={600}>
          {gainOf.get(name) ?? ''}
        </tspan>
      </text>
    );
  };
  const tickHeight = many ? (text.tick > 12 ? 120 : 84) : text.tick + 16;
  const height = sideways ? data.length * (text.tick * 2 + 22) + 70 : text.tick > 12 ? 400 : 300;
  const chanceMark = (p: Box) => {
    const [x, y, w, h] = [num(p.x), num(p.y), num(p.width), num(p.height)];
    return sideways ? (
      <line x1={x + w} x2={x + w} y1={y} y2={y + h} stroke="var(--text)" strokeWidth={3} strokeDasharray="5 3" />
    ) : (
      <line x1={x} x2={x + w} y1={y} y2={y} stroke="var(--text)" strokeWidth={3} strokeDasharray="5 3" />
    );
  };
  const gainLabel = (p: Box) => {
    const [x, y, w] = [num(p.x), num(p.y), num(p.width)];
    const value = String(p.value ?? '');
    if (!value) return null;
    return (
      <text x={x + w / 2} y={y - 10} textAnchor="middle" fontSize={text.label} fill="var(--text)" fontWeight={600}>
        {value}
      </text>
    );
  };
  const valueAxis = {
    domain: [0, 100] as [number, number],
    allowDataOverflow: true,
    ticks: [0, 25, 50, 75, 100],
    unit: '%',
    stroke: 'var(--muted)',
    tick: { fontSize: text.tick },
  };
  const noBar = () => <g />;
  return (
    <div className="finding-chart" ref={ref} data-testid="finding-chart" data-layout={sideways ? 'sideways' : 'columns'}>
      <div className="chart-box" style={{ height }} role="img" aria-label={`${finding.sentence} The table below has the numbers.`}>
        <ResponsiveContainer width="100%" height="100%" minWidth={100} minHeight={100}>
          <ComposedChart
            data={data}
            layout={sideways ? 'vertical' : 'horizontal'}
            margin={{ top: sideways ? 4 : text.label + 14, right: 16, bottom: 4, left: sideways ? 8 : 4 }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            {sideways ? (
              <>
                <XAxis type="number" {...valueAxis} ticks={[0, 50, 100]} />
                <YAxis type="category" dataKey="category" width={labelWidth} interval={0} stroke="var(--muted)" tick={sideTick} />
                <YAxis type="category" dataKey="category" yAxisId="mark" hide />
              </>
            ) : (
              <>
                <XAxis
                  dataKey="category"
                  interval={0}
                  stroke="var(--muted)"
                  tick={{ fontSize: text.tick }}
                  height={tickHeight}
                  {...(many ? { angle: -30, textAnchor: 'end' } : {})}
                />
                <XAxis dataKey="category" xAxisId="mark" hide />
                <XAxis dataKey="category" xAxisId="label" hide />
                <YAxis
                  {...valueAxis}
                  width={text.yAxisWidth}
                  label={{
                    value: 'accuracy',
                    angle: -90,
                    position: 'insideLeft',
                    offset: text.label,
                    style: { textAnchor: 'middle', fontSize: text.label, fill: 'var(--muted)' },
                  }}
                />
              </>
            )}
            <Bar dataKey="base" name={finding.baseName} fill={baseColor} maxBarSize={barMax} isAnimationActive={false}>
              <ErrorBar dataKey="base_err" width={4} stroke="var(--text)" />
            </Bar>
            <Bar dataKey="treated" name={finding.treatedName} fill={treatedColor} maxBarSize={barMax} isAnimationActive={false}>
              <ErrorBar dataKey="treated_err" width={4} stroke="var(--text)" />
            </Bar>
            <Bar
              dataKey="chance"
              name="chance / majority class"
              shape={chanceMark}
              maxBarSize={2 * barMax + 24}
              isAnimationActive={false}
              {...(sideways ? { yAxisId: 'mark' } : { xAxisId: 'mark' })}
            />
            {!sideways && (
              <Bar dataKey="top" name="gain" shape={noBar} maxBarSize={2 * barMax + 24} isAnimationActive={false} xAxisId="label">
                <LabelList dataKey="gain" content={gainLabel} />
              </Bar>
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ChartLegend
        fontSize={text.legend}
        entries={[
          { name: finding.baseName, color: baseColor, mark: 'bar' },
          { name: finding.treatedName, color: treatedColor, mark: 'bar' },
          { name: 'chance / majority class', color: 'var(--text)', mark: 'dash' },
        ]}
      />
      <p className="hint">
        {sideways ? 'Under each name' : 'Above each pair'}: the gain ({finding.treatedName} − {finding.baseName}, in points, paired by seed) ± its 95% interval.
        Whiskers: 95% intervals over seeds.
      </p>
    </div>
  );
}
