/**
 * The inspector: for a held-out dataset and template, the prompts the models saw, their option
 * probabilities or generations, and right/wrong — two finished runs side by side (by default the
 * untuned base and the instruction-tuned model). Records come from the runs of this session or
 * IndexedDB; results opened from a link carry none.
 */
import { useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ItemRecord } from '../../core/eval/evaluate';
import { describeRun } from '../../core/experiments/spec';
import { useLabStore } from '../lab/labStore';
import { TryIt } from './TryIt';

const MAX_ITEMS = 12;

function RecordView({ r }: { r: ItemRecord }) {
  const correct = r.kind === 'classification' ? r.correct : r.exactMatch === 1;
  return (
    <article className={`record ${correct ? 'right' : 'wrong'}`} data-testid="inspector-record" data-correct={correct}>
      <pre className="rendered-input">{r.input}</pre>
      {r.kind === 'classification' ? (
        <ul className="option-probs">
          {r.options.map((o, i) => (
            <li key={i} className={i === r.goldIndex ? 'gold' : undefined}>
              <meter min={0} max={1} value={r.optionProbs[i]} aria-label={`probability of ${o}`} /> {(100 * r.optionProbs[i]).toFixed(1)}% {o}
              {i === r.chosen ? ' ← chosen' : ''}
              {i === r.goldIndex ? ' (answer)' : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          <span className="muted">Generated:</span> <strong>{r.prediction || '(nothing)'}</strong>{' '}
          <span className="muted">
            · target: {r.target} · F1 {r.f1.toFixed(2)}
          </span>
        </p>
      )}
      <p className="verdict">{correct ? '✓ right' : '✗ wrong'}</p>
    </article>
  );
}

export function InspectorPanel() {
  const { results, records } = useLabStore(useShallow((s) => ({ results: s.results, records: s.records })));
  const withRecords = (results?.runs ?? []).filter((e) => e.status === 'done' && records[e.run.id]?.length);
  const ids = { dataset: useId(), template: useId(), left: useId(), right: useId() };
  const [leftId, setLeftId] = useState<string>('');
  const [rightId, setRightId] = useState<string>('');
  const left = withRecords.find((e) => e.run.id === leftId) ?? withRecords.find((e) => !e.run.tune) ?? withRecords[0];
  const right = withRecords.find((e) => e.run.id === rightId) ?? withRecords.find((e) => e.run.tune) ?? withRecords[1];
  const datasets = useMemo(() => [...new Set(withRecords.flatMap((e) => records[e.run.id].map((r) => r.dataset)))], [withRecords, records]);
  const [datasetPick, setDataset] = useState('');
  const dataset = datasets.includes(datasetPick) ? datasetPick : datasets[0];
  const templatesOf = (runId: string | undefined) => [
    ...new Set((runId ? (records[runId] ?? []) : []).filter((r) => r.dataset === dataset).map((r) => r.templateId)),
  ];
  const templates = [...new Set([...templatesOf(right?.run.id), ...templatesOf(left?.run.id)])];
  const [templatePick, setTemplate] = useState('');
  const template = templates.includes(templatePick) ? templatePick : templates[0];

  if (withRecords.length === 0) {
    return (
      <section className="panel" aria-labelledby="inspect-title">
        <h2 id="inspect-title">Inspector</h2>
        <p className="muted">No evaluated items yet: finish a run in this browser to look at its prompts and answers.</p>
        <TryIt />
      </section>
    );
  }
  /** A side's items for the template, or its own first template for the dataset (a base run's GPT-3 prompt). */
  const itemsOf = (runId: string | undefined) => {
    const mine = (runId ? records[runId] : []).filter((r) => r.dataset === dataset);
    const t = mine.some((r) => r.templateId === template) ? template : mine[0]?.templateId;
    return mine.filter((r) => r.templateId === t).slice(0, MAX_ITEMS);
  };
  const side = (entry: typeof left, pick: string, setPick: (id: string) => void, id: string, label: string) => {
    const items = itemsOf(entry?.run.id);
    const acc = items.length ? items.filter((r) => (r.kind === 'classification' ? r.correct : r.exactMatch === 1)).length / items.length : 0;
    return (
      <div className="inspector-side" data-testid={`inspector-${label}`}>
        <div className="field">
          <label htmlFor={id}>{label === 'left' ? 'Left model' : 'Right model'}</label>
          <select id={id} value={entry?.run.id ?? pick} onChange={(e) => setPick(e.target.value)}>
            {withRecords.map((e) => (
              <option key={e.run.id} value={e.run.id}>
                {describeRun(e.run)}
              </option>
            ))}
          </select>
        </div>
        <p className="muted">
          {items.length} items shown, {(100 * acc).toFixed(0)}% right
        </p>
        {items.map((r) => (
          <RecordView key={`${r.templateId}-${r.index}`} r={r} />
        ))}
      </div>
    );
  };
  return (
    <section className="panel inspector-panel" aria-labelledby="inspect-title">
      <div className="run-header">
        <h2 id="inspect-title">Inspector</h2>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.dataset}>Held-out dataset</label>
            <select id={ids.dataset} value={dataset} onChange={(e) => setDataset(e.target.value)} data-testid="inspect-dataset">
              {datasets.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.template}>Template</label>
            <select id={ids.template} value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="inspect-template">
              {templates.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <div className="inspector-columns">
        {side(left, leftId, setLeftId, ids.left, 'left')}
        {side(right, rightId, setRightId, ids.right, 'right')}
      </div>
      <TryIt />
    </section>
  );
}
