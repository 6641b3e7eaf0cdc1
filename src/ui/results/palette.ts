/**
 * The charts' colours: the Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008), as CSS variables that
 * styles.css sets per colour scheme (--series-1..6, --paper-1..3), so bars drawn with `var(--series-k)`
 * follow light/dark mode. Text is never drawn in a series colour (legends and labels use --text); the
 * colours only have to stand out from the panel as graphics (WCAG 1.4.11: 3:1), which palette.test.ts checks
 * together with every text/background pair of the stylesheet (1.4.3: 4.5:1).
 */

export const SERIES_SLOTS = 6;
export const PAPER_SLOTS = 3;

/** The comparison every finding is about keeps its colour in every view: base = slot 1, tuned = slot 2. */
const FIXED: { test: RegExp; slot: number }[] = [
  { test: /^(base 0-shot \(instructions\)|base \(untuned\)|base 0-shot|untuned|the alternative)$/, slot: 1 },
  { test: /^(tuned 0-shot|instruction-tuned( 0-shot)?|tuned with instructions|TinyFLAN.*)$/, slot: 2 },
];

/** CSS colour for each series name, in order: fixed slots for the key pair, the rest in order. */
export function seriesColors(names: readonly string[]): string[] {
  const used = new Set<number>();
  const slots = names.map((n) => {
    const fixed = FIXED.find((f) => f.test.test(n))?.slot;
    if (fixed !== undefined && !used.has(fixed)) {
      used.add(fixed);
      return fixed;
    }
    return null;
  });
  return slots.map((slot, i) => {
    if (slot === null) {
      const free = Array.from({ length: SERIES_SLOTS }, (_, k) => k + 1).find((k) => !used.has(k));
      slot = free ?? (i % SERIES_SLOTS) + 1;
      used.add(slot);
    }
    return `var(--series-${slot})`;
  });
}

export function paperColor(index: number): string {
  return `var(--paper-${(index % PAPER_SLOTS) + 1})`;
}

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of #rrggbb. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = m.slice(1).map((x) => channel(parseInt(x, 16)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
