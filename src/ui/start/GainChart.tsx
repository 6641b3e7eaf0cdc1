/**
 * The key numbers of a finding at a glance: per row the paired gain (treated − base, points) with its 95%
 * interval, as a bar from zero, and the numbers written beside it. A small SVG, so a landing card needs no
 * chart library and scales with the page's text in lecturer mode.
 */
import { formatGain, type Finding } from '../results/finding';

const ROW = 1.5; // em per row

/** The largest |gain| or interval end of a finding, in points (charts shown together share the larger). */
export function gainExtent(finding: Finding): number {
  return Math.max(5, ...finding.rows.flatMap((r) => (r.gain ? [Math.abs(r.gain.lo), Math.abs(r.gain.hi), Math.abs(r.gain.mean)] : [])));
}

export function GainChart({ finding, label, extent: shared }: { finding: Finding; label: string; extent?: number }) {
  const rows = finding.rows.filter((r) => r.gain);
  if (rows.length === 0) return null;
  const extent = shared ?? gainExtent(finding);
  // x in % of the bar area (the middle 40%): 0 points at its centre.
  const x = (v: number) => 50 + (v / extent) * 50;
  return (
    <figure className="gain-chart" aria-label={label} data-testid="gain-chart">
      <ul>
        {rows.map((r) => {
          const g = r.gain!;
          const from = Math.min(x(0), x(g.mean));
          const width = Math.abs(x(g.mean) - x(0));
          return (
            <li key={r.label} style={{ height: `${ROW}em` }} data-testid="gain-row" data-verdict={r.verdict}>
              <span className="gain-label" title={r.label}>
                {r.short}
              </span>
              <span className="gain-track" aria-hidden="true">
                <span className="gain-zero" style={{ left: '50%' }} />
                <span className={`gain-bar verdict-${r.verdict}`} style={{ left: `${from}%`, width: `${Math.max(width, 0.5)}%` }} />
                {g.n > 1 && <span className="gain-ci" style={{ left: `${x(g.lo)}%`, width: `${Math.max(x(g.hi) - x(g.lo), 0.5)}%` }} />}
              </span>
              <span className="gain-value nb">{formatGain(g)}</span>
            </li>
          );
        })}
      </ul>
      <figcaption className="muted">
        gain in points, {finding.treatedName} − {finding.baseName}
        {rows.some((r) => r.gain!.n > 1) ? ', ± 95% interval over seeds; orange where the interval excludes zero' : ''}
      </figcaption>
    </figure>
  );
}
