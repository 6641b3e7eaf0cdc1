/**
 * The SVG figures' drawing primitives: page geometry, escaping, text, markers, whiskers, legend, axes and
 * the frame with its accessible title and description. Pure string building (no DOM, no tfjs).
 *
 * Results files are untrusted input: every string that reaches the SVG goes through escapeXml.
 */
import type { MarkerShape } from './figure';

export const PLOT_WIDTH = 720;
export const PLOT_HEIGHT = 420;

/** Text safe inside XML character data and quoted attributes; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return (
    String(text)
      // Control characters are exactly what must not reach the SVG: XML 1.0 forbids them.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

export interface Common {
  title: string;
  subtitle: string;
  xLabel: string;
  yLabel: string;
}

/** Okabe–Ito (colour-blind safe), black kept for the mean. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#882255', '#999933'];
export const MEAN_COLOR = '#000000';
export const PAPER_COLOR = '#6b6b6b';
export const color = (i: number) => PALETTE[i % PALETTE.length];

export const W = PLOT_WIDTH;
export const H = PLOT_HEIGHT;
export const LEGEND_W = 190;
export const PLOT_LEFT = 66;
export const PLOT_TOP = 62;
export const PLOT_BOTTOM = H - 76;
export const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
export const f1 = (v: number) => (Math.round(v * 10) / 10).toString();

export interface Range {
  lo: number;
  hi: number;
  ticks: number[];
}

/** A readable percent range covering `values`; bar charts start at 0. */
export function niceRange(values: readonly number[], fromZero: boolean): Range {
  const finite = values.filter((v) => Number.isFinite(v));
  let min = finite.length ? Math.min(...finite) : 0;
  const max = finite.length ? Math.max(...finite) : 100;
  if (fromZero) min = Math.min(0, min);
  let lo = fromZero && min >= 0 ? 0 : Math.floor((min - 2) / 10) * 10;
  let hi = Math.ceil((max + 2) / 10) * 10;
  if (min >= 0) lo = Math.max(0, lo);
  if (max <= 100) hi = Math.min(100, hi);
  if (hi - lo < 10) {
    if (lo + 10 <= 100 || max > 100) hi = lo + 10;
    else lo = hi - 10;
  }
  const span = hi - lo;
  const step = span <= 30 ? 5 : span <= 60 ? 10 : 20;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(t);
  return { lo, hi, ticks };
}

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${f1(x)}" y="${f1(y)}"${attrs ? ' ' + attrs : ''}>${escapeXml(content)}</text>`;
}

/** Multi-line centred label (one tspan per line). */
export function lines(x: number, y: number, content: readonly string[], attrs = ''): string {
  const spans = content.map((l, i) => `<tspan x="${f1(x)}" dy="${i === 0 ? 0 : 13}">${escapeXml(l)}</tspan>`).join('');
  return `<text x="${f1(x)}" y="${f1(y)}" text-anchor="middle"${attrs ? ' ' + attrs : ''}>${spans}</text>`;
}

export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

export function titleEl(tip: string): string {
  return `<title>${escapeXml(tip)}</title>`;
}

export function shapePath(shape: MarkerShape, x: number, y: number, r: number): string {
  return shape === 'diamond'
    ? `M${f1(x)} ${f1(y - r)}L${f1(x + r)} ${f1(y)}L${f1(x)} ${f1(y + r)}L${f1(x - r)} ${f1(y)}Z`
    : `M${f1(x)} ${f1(y - r)}L${f1(x + r)} ${f1(y + r * 0.8)}L${f1(x - r)} ${f1(y + r * 0.8)}Z`;
}

export function whisker(x: number, yLo: number, yHi: number, stroke: string, seriesKey: string): string {
  const c = 4;
  return `<path class="whisker" data-series="${escapeXml(seriesKey)}" d="M${f1(x)} ${f1(yLo)}V${f1(yHi)}M${f1(x - c)} ${f1(yLo)}H${f1(x + c)}M${f1(x - c)} ${f1(yHi)}H${f1(x + c)}" stroke="${stroke}" stroke-width="1.25" fill="none"/>`;
}

export type LegendEntry = { label: string; color: string; kind: 'line' | 'dashed' | 'bar' | MarkerShape; width?: number };

export function legend(entries: readonly LegendEntry[], x: number): string {
  const rowH = 18;
  const maxRows = Math.floor((PLOT_BOTTOM - PLOT_TOP) / rowH);
  const shown = entries.length > maxRows ? entries.slice(0, maxRows - 1) : entries;
  const out: string[] = [`<g class="legend" font-size="10.5">`];
  shown.forEach((e, i) => {
    const y = PLOT_TOP + 6 + i * rowH;
    out.push(`<g class="legend-entry">`);
    if (e.kind === 'bar') out.push(`<rect x="${f1(x)}" y="${f1(y - 6)}" width="20" height="12" fill="${e.color}"/>`);
    else if (e.kind === 'diamond' || e.kind === 'triangle')
      out.push(`<path d="${shapePath(e.kind, x + 10, y, 6)}" fill="${e.color}" stroke="#fff" stroke-width="1"/>`);
    else
      out.push(
        `<path d="M${f1(x)} ${f1(y)}H${f1(x + 20)}" stroke="${e.color}" stroke-width="${e.width ?? 2}"${e.kind === 'dashed' ? ' stroke-dasharray="6 4"' : ''} fill="none"/>`,
      );
    out.push(text(x + 26, y + 4, truncate(e.label, 27), 'fill="#222"'));
    out.push(`</g>`);
  });
  if (shown.length < entries.length) out.push(text(x, PLOT_TOP + 6 + shown.length * rowH + 4, `… ${entries.length - shown.length} more`, 'fill="#555"'));
  out.push(`</g>`);
  return out.join('');
}

export function yAxis(range: Range, y: (v: number) => number, left: number, right: number, label: string): string {
  const out: string[] = [`<g class="y-axis" font-size="11" fill="#333">`];
  for (const t of range.ticks) {
    out.push(`<path d="M${f1(left)} ${f1(y(t))}H${f1(right)}" stroke="#e3e3e3" stroke-width="1"/>`);
    out.push(text(left - 6, y(t) + 4, String(t), 'text-anchor="end"'));
  }
  out.push(`<path d="M${f1(left)} ${f1(PLOT_TOP)}V${f1(PLOT_BOTTOM)}" stroke="#333" stroke-width="1"/>`);
  const cy = (PLOT_TOP + PLOT_BOTTOM) / 2;
  out.push(text(16, cy, label, `text-anchor="middle" font-size="12" transform="rotate(-90 16 ${f1(cy)})"`));
  out.push(`</g>`);
  return out.join('');
}

export function frame(fig: Common, desc: string, body: string): string {
  const id = 'tinyflan-plot';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${FONT}">`,
    `<title id="${id}-title">${escapeXml(fig.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(desc)}</desc>`,
    `<rect class="background" width="${W}" height="${H}" fill="#ffffff"/>`,
    `<g class="header">`,
    text(PLOT_LEFT - 50, 24, fig.title, 'font-size="16" font-weight="600" fill="#111"'),
    text(PLOT_LEFT - 50, 42, fig.subtitle, 'font-size="11" fill="#555"'),
    `</g>`,
    body,
    `</svg>`,
  ].join('\n');
}

export function describe(fig: Common, items: readonly string[]): string {
  const max = 80;
  const listed = items.length > max ? [...items.slice(0, max), `… and ${items.length - max} more`] : items;
  return `${fig.title}. ${fig.subtitle}. X axis: ${fig.xLabel}; y axis: ${fig.yLabel}.${listed.length ? ' ' + listed.join('; ') + '.' : ''}`;
}
