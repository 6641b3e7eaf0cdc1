/**
 * The live loss curve. Animation is off (points arrive continuously; animating each update wastes
 * the main thread and ignores prefers-reduced-motion). An accessible table of the same points sits
 * under a disclosure, and a hidden JSON copy serves the end-to-end tests.
 */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LossPoint } from '../stores/runReducer';

export function LossChart({ points, totalSteps }: { points: LossPoint[]; totalSteps: number }) {
  return (
    <figure className="loss-chart">
      <figcaption>Training loss (cross-entropy, nats per token)</figcaption>
      <div
        className="chart-box"
        role="img"
        aria-label={
          points.length
            ? `Loss fell from ${points[0].loss.toFixed(3)} to ${points.at(-1)!.loss.toFixed(3)} over ${points.at(-1)!.step} steps`
            : 'No loss values yet'
        }
      >
        <ResponsiveContainer width="100%" height="100%" minWidth={100} minHeight={100}>
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
            <XAxis dataKey="step" type="number" domain={[0, Math.max(totalSteps, 1)]} allowDecimals={false} stroke="var(--muted)" />
            <YAxis domain={['auto', 'auto']} width={48} tickFormatter={(v: number) => v.toFixed(2)} stroke="var(--muted)" />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(s) => `step ${s}`} />
            <Line type="linear" dataKey="loss" stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="loss-table">
        <summary>Loss table ({points.length} points)</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Loss at each recorded step</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Loss</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.step}>
                  <td>{p.step}</td>
                  <td>{p.loss.toFixed(4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <pre className="visually-hidden" aria-hidden="true" data-testid="loss-values">
        {JSON.stringify(points)}
      </pre>
    </figure>
  );
}
