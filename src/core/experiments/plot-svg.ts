/**
 * Drawing an SVG figure: axes, lines with CI whiskers, grouped bars, the paper's markers, the legend.
 * Pure string building (no DOM, no tfjs). plot.ts lays a Figure out into the shapes below.
 *
 * Results files are untrusted input: every string that reaches the SVG goes through escapeXml.
 * Drawn elements carry classes tests and stylesheets can rely on: `point` (a plotted mean),
 * `bar`, `whisker` (a CI error bar, only with ≥ 2 seeds), `line`, `paper-line`, `paper-point`
 * and `paper-marker` (the paper's values), each data element with `data-series`.
 */
import type { MarkerShape } from './figure';
import {
  H,
  LEGEND_W,
  PAPER_COLOR,
  PLOT_BOTTOM,
  PLOT_LEFT,
  PLOT_TOP,
  W,
  clamp,
  describe,
  f1,
  frame,
  legend,
  lines,
  niceRange,
  shapePath,
  text,
  titleEl,
  whisker,
  type Common,
  type LegendEntry,
  type Range,
  escapeXml,
  yAxis,
} from './plot-primitives';

export type { MarkerShape } from './figure';
export { MEAN_COLOR, PAPER_COLOR, PLOT_HEIGHT, PLOT_WIDTH, color, escapeXml } from './plot-primitives';

/** Mean and 95% CI over seeds, in percent. */
export interface Stat {
  mean: number;
  lo: number;
  hi: number;
  n: number;
  single: boolean;
}

export interface LinePoint {
  /** A numeric x value, or a category index. */
  x: number;
  stat: Stat;
  tip: string;
}

export interface LineSeries {
  key: string;
  label: string;
  color: string;
  width: number;
  /** The paper's values: dashed, no whiskers, classes paper-line / paper-point. */
  paper?: boolean;
  /** Plotted against the right-hand axis. */
  secondary?: boolean;
  points: LinePoint[];
}

export type XAxis = { kind: 'numeric'; min: number; max: number; ticks: number[] } | { kind: 'category'; labels: string[][] };

export interface LineFigure extends Common {
  kind: 'line';
  x: XAxis;
  series: LineSeries[];
  /** Label of the right-hand axis, when a series uses it. */
  secondaryLabel?: string;
}

export interface Bar {
  group: number;
  slot: number;
  stat: Stat;
  tip: string;
}

export interface Marker {
  group: number;
  /** Slot the marker sits over; null for the group's centre. */
  slot: number | null;
  value: number;
  shape: MarkerShape;
  tip: string;
}

export interface BarFigure extends Common {
  kind: 'bar';
  groups: string[][];
  slots: { key: string; label: string; color: string }[];
  bars: Bar[];
  markers: Marker[];
  markerLegend: { shape: MarkerShape; label: string }[];
}

export function renderLine(fig: LineFigure): string {
  const hasSecondary = fig.series.some((s) => s.secondary && s.points.length > 0);
  const legendX = W - LEGEND_W;
  const right = legendX - (hasSecondary ? 52 : 18);
  const primaryValues = fig.series
    .filter((s) => !s.secondary)
    .flatMap((s) => s.points.flatMap((p) => [p.stat.mean, clamp(p.stat.lo, 0, 100), clamp(p.stat.hi, 0, 100)]));
  const yr = niceRange(primaryValues, false);
  const sr = niceRange(
    fig.series.filter((s) => s.secondary).flatMap((s) => s.points.map((p) => p.stat.mean)),
    false,
  );
  const yOf = (r: Range) => (v: number) => PLOT_BOTTOM - ((clamp(v, r.lo, r.hi) - r.lo) / (r.hi - r.lo)) * (PLOT_BOTTOM - PLOT_TOP);
  const y = yOf(yr);
  const ys = yOf(sr);
  const x =
    fig.x.kind === 'numeric'
      ? (
          (a: { min: number; max: number }) => (v: number) =>
            PLOT_LEFT + 16 + ((v - a.min) / Math.max(1e-9, a.max - a.min)) * (right - PLOT_LEFT - 32)
        )(fig.x)
      : (
          (n: number) => (i: number) =>
            PLOT_LEFT + ((i + 0.5) * (right - PLOT_LEFT)) / Math.max(1, n)
        )(fig.x.labels.length);

  const out: string[] = [yAxis(yr, y, PLOT_LEFT, right, fig.yLabel)];
  // x axis
  out.push(`<g class="x-axis" font-size="11" fill="#333">`);
  out.push(`<path d="M${f1(PLOT_LEFT)} ${f1(PLOT_BOTTOM)}H${f1(right)}" stroke="#333" stroke-width="1"/>`);
  if (fig.x.kind === 'numeric') {
    for (const t of fig.x.ticks) {
      out.push(`<path d="M${f1(x(t))} ${f1(PLOT_BOTTOM)}v5" stroke="#333"/>`);
      out.push(text(x(t), PLOT_BOTTOM + 18, String(t), 'text-anchor="middle"'));
    }
  } else {
    fig.x.labels.forEach((label, i) => {
      out.push(`<path d="M${f1(x(i))} ${f1(PLOT_BOTTOM)}v5" stroke="#333"/>`);
      out.push(lines(x(i), PLOT_BOTTOM + 18, label));
    });
  }
  out.push(text((PLOT_LEFT + right) / 2, H - 22, fig.xLabel, 'text-anchor="middle" font-size="12"'));
  out.push(`</g>`);
  if (hasSecondary) {
    out.push(`<g class="y-axis-secondary" font-size="11" fill="${PAPER_COLOR}">`);
    out.push(`<path d="M${f1(right)} ${f1(PLOT_TOP)}V${f1(PLOT_BOTTOM)}" stroke="${PAPER_COLOR}" stroke-width="1" stroke-dasharray="3 3"/>`);
    for (const t of sr.ticks) {
      out.push(`<path d="M${f1(right)} ${f1(ys(t))}h4" stroke="${PAPER_COLOR}"/>`);
      out.push(text(right + 7, ys(t) + 4, String(t)));
    }
    const cx = right + 40;
    const cy = (PLOT_TOP + PLOT_BOTTOM) / 2;
    out.push(text(cx, cy, fig.secondaryLabel ?? 'paper (%)', `text-anchor="middle" font-size="11" transform="rotate(90 ${f1(cx)} ${f1(cy)})"`));
    out.push(`</g>`);
  }
  // Drawn thin ones first, the thick ones and the paper on top; the legend keeps the figure's order.
  const layer = (s: LineSeries) => (s.paper ? 2 : s.width >= 2.5 ? 1 : 0);
  const items: string[] = [];
  const legendEntries: LegendEntry[] = fig.series
    .filter((s) => s.points.length > 0)
    .map((s) => ({ label: s.label, color: s.color, kind: s.paper ? 'dashed' : 'line', width: s.width }));
  out.push(`<g class="series">`);
  for (const s of [...fig.series].sort((a, b) => layer(a) - layer(b))) {
    if (s.points.length === 0) continue;
    const yy = s.secondary ? ys : y;
    const key = escapeXml(s.key);
    out.push(`<g class="${s.paper ? 'paper' : 'data'}" data-series="${key}">`);
    out.push(titleEl(s.label));
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f1(x(p.x))} ${f1(yy(p.stat.mean))}`).join('');
    out.push(
      `<path class="${s.paper ? 'paper-line' : 'line'}" data-series="${key}" d="${d}" stroke="${s.color}" stroke-width="${s.width}" fill="none" stroke-linejoin="round"${s.paper ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
    for (const p of s.points) {
      const px = x(p.x);
      if (!s.paper && !p.stat.single) out.push(whisker(px, yy(p.stat.lo), yy(p.stat.hi), s.color, s.key));
      const r = s.width >= 2.5 ? 4 : 3;
      out.push(
        `<circle class="${s.paper ? 'paper-point' : 'point'}" data-series="${key}" cx="${f1(px)}" cy="${f1(yy(p.stat.mean))}" r="${r}" fill="${s.paper ? '#fff' : s.color}" stroke="${s.color}" stroke-width="1.5">${titleEl(p.tip)}</circle>`,
      );
      items.push(p.tip);
    }
    out.push(`</g>`);
  }
  out.push(`</g>`);
  out.push(legend(legendEntries, legendX));
  return frame(fig, describe(fig, items), out.join('\n'));
}

export function renderBar(fig: BarFigure): string {
  const legendX = W - LEGEND_W;
  const right = legendX - 18;
  const yr = niceRange([...fig.bars.flatMap((b) => [b.stat.mean, clamp(b.stat.hi, 0, 100)]), ...fig.markers.map((m) => m.value)], true);
  const y = (v: number) => PLOT_BOTTOM - ((clamp(v, yr.lo, yr.hi) - yr.lo) / (yr.hi - yr.lo)) * (PLOT_BOTTOM - PLOT_TOP);
  const nGroups = Math.max(1, fig.groups.length);
  const groupW = (right - PLOT_LEFT) / nGroups;
  const inner = groupW * 0.8;
  const slotW = inner / Math.max(1, fig.slots.length);
  const barW = Math.max(2, slotW * 0.82);
  const slotX = (g: number, s: number | null) => PLOT_LEFT + g * groupW + (groupW - inner) / 2 + (s === null ? inner / 2 : (s + 0.5) * slotW);

  const out: string[] = [yAxis(yr, y, PLOT_LEFT, right, fig.yLabel)];
  out.push(`<g class="x-axis" font-size="11" fill="#333">`);
  out.push(`<path d="M${f1(PLOT_LEFT)} ${f1(PLOT_BOTTOM)}H${f1(right)}" stroke="#333" stroke-width="1"/>`);
  // Labels wider than their group (many clusters) are drawn on one line, slanted, so that they do not overlap.
  const slant = fig.groups.some((label) => label.some((line) => line.length * 6.2 > groupW));
  fig.groups.forEach((label, g) => {
    const x = PLOT_LEFT + (g + 0.5) * groupW;
    out.push(
      slant
        ? text(x, PLOT_BOTTOM + 12, label.join(' '), `text-anchor="end" transform="rotate(-30 ${f1(x)} ${f1(PLOT_BOTTOM + 12)})"`)
        : lines(x, PLOT_BOTTOM + 18, label),
    );
  });
  out.push(text((PLOT_LEFT + right) / 2, slant ? H - 4 : H - 22, fig.xLabel, 'text-anchor="middle" font-size="12"'));
  out.push(`</g>`);

  const items: string[] = [];
  out.push(`<g class="bars">`);
  for (const b of fig.bars) {
    const slot = fig.slots[b.slot];
    const cx = slotX(b.group, b.slot);
    const top = y(b.stat.mean);
    const key = escapeXml(slot.key);
    out.push(`<g class="data" data-series="${key}">`);
    out.push(
      `<rect class="bar" data-series="${key}" x="${f1(cx - barW / 2)}" y="${f1(top)}" width="${f1(barW)}" height="${f1(Math.max(0, y(yr.lo) - top))}" fill="${slot.color}">${titleEl(b.tip)}</rect>`,
    );
    if (!b.stat.single) out.push(whisker(cx, y(b.stat.lo), y(b.stat.hi), '#222', slot.key));
    out.push(`</g>`);
    items.push(b.tip);
  }
  out.push(`</g>`);
  if (fig.markers.length > 0) {
    out.push(`<g class="paper">`);
    for (const m of fig.markers) {
      out.push(
        `<path class="paper-marker" data-shape="${m.shape}" d="${shapePath(m.shape, slotX(m.group, m.slot), y(m.value), 6)}" fill="${PAPER_COLOR}" stroke="#fff" stroke-width="1">${titleEl(m.tip)}</path>`,
      );
      items.push(m.tip);
    }
    out.push(`</g>`);
  }
  const entries: LegendEntry[] = [
    ...fig.slots.map((s): LegendEntry => ({ label: s.label, color: s.color, kind: 'bar' })),
    ...fig.markerLegend.map((m): LegendEntry => ({ label: m.label, color: PAPER_COLOR, kind: m.shape })),
  ];
  out.push(legend(entries, legendX));
  return frame(fig, describe(fig, items), out.join('\n'));
}

export function renderEmpty(fig: Common): string {
  const body = [
    `<g class="empty">`,
    `<rect x="${PLOT_LEFT}" y="${PLOT_TOP}" width="${W - 2 * PLOT_LEFT}" height="${PLOT_BOTTOM - PLOT_TOP}" fill="#fafafa" stroke="#ddd"/>`,
    text(W / 2, (PLOT_TOP + PLOT_BOTTOM) / 2, 'no finished runs', 'text-anchor="middle" font-size="18" fill="#666"'),
    `</g>`,
  ].join('\n');
  return frame(fig, `${fig.title}. ${fig.subtitle}. There are no finished runs to plot yet.`, body);
}
