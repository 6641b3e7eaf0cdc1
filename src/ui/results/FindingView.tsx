/**
 * Answer first: the sentence that says what the experiment found, the chart of baseline vs treatment with
 * the chance level and the paired gain, and the same numbers as a table. The chance levels take the suite's
 * test items (~1 s for 12 clusters), so they are filled in just after the first paint.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { Results } from '../../core/experiments/results';
import { formatCell } from './chartModel';
import { FindingChart } from './FindingChart';
import { findingOf, formatGain, type Finding, type Verdict } from './finding';

const VERDICT_TEXT: Record<Verdict, string> = {
  raised: 'clearly higher',
  lowered: 'clearly lower',
  unclear: 'no clear effect',
  'one-seed': '1 seed: no interval',
  missing: '—',
};

/** "43.4 ± 4.6" that may break before the "±" on a phone, never inside a number. */
function Num({ text }: { text: string }) {
  const [value, pm] = text.split(' ± ');
  return pm === undefined ? (
    <span className="nb">{text}</span>
  ) : (
    <>
      <span className="nb">{value}</span> <span className="nb">± {pm}</span>
    </>
  );
}

export function FindingView({ results }: { results: Results }) {
  const quick = useMemo(() => findingOf(results, { chance: false }), [results]);
  const [full, setFull] = useState<{ of: Results; finding: Finding } | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setFull({ of: results, finding: findingOf(results) }), 0);
    return () => clearTimeout(timer);
  }, [results]);
  const finding = full?.of === results ? full.finding : quick;
  const questionId = useId(); // several findings can be on the page at once (the history's comparison)
  if (finding.rows.length === 0) return null;
  return (
    <section className="finding" data-testid="finding" aria-labelledby={questionId}>
      <h3 id={questionId} className="finding-question">
        {finding.question}
      </h3>
      <p className="finding-sentence" data-testid="finding-sentence">
        {finding.sentence}
      </p>
      <FindingChart finding={finding} />
      <div className="table-wide">
        <table className="results-table finding-table" data-testid="finding-table">
          <caption>
            Accuracy in %, mean ± 95% CI over seeds; gain in points ({finding.treatedName} − {finding.baseName}, paired by seed); chance: majority class where a
            dataset's items share one label set, 1 / options otherwise, 0 for generation
          </caption>
          <thead>
            <tr>
              <th scope="col">{finding.xLabel}</th>
              <th scope="col">
                <span className="wide-only">{finding.baseName}</span>
                <span className="narrow-only">base</span>
              </th>
              <th scope="col">
                <span className="wide-only">{finding.treatedName}</span>
                <span className="narrow-only">tuned</span>
              </th>
              <th scope="col">gain</th>
              <th scope="col">chance</th>
              <th scope="col" className="col-verdict">
                verdict
              </th>
            </tr>
          </thead>
          <tbody>
            {finding.rows.map((r) => (
              <tr key={r.label} data-testid="finding-row" data-label={r.label} data-verdict={r.verdict}>
                <th scope="row">{r.label}</th>
                <td>
                  <Num text={formatCell(r.base)} />
                </td>
                <td>
                  <Num text={formatCell(r.treated)} />
                </td>
                <td data-testid="finding-gain" className={`verdict-${r.verdict}`}>
                  <Num text={r.gain ? formatGain(r.gain) : '—'} />
                </td>
                <td data-testid="finding-chance">{r.chance === null ? '…' : r.chance.toFixed(1)}</td>
                <td className="col-verdict">{VERDICT_TEXT[r.verdict]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
