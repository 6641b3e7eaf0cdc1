/**
 * The task suite: clusters → datasets → templates, with sample examples rendered through the
 * selected template, and a template editor (edit, add, delete, mark inverted, reset). Edits are
 * validated inline (validateTemplate) and previewed live on real examples; they become part of
 * the experiment (the Runner's `templates`, and the share link). An invalid template blocks running.
 */
import { useId, useMemo, useState } from 'react';
import { CLUSTERS, clusterLabel, type ClusterName } from '../../core/experiments/names';
import { getSuite, render, validateTemplate, type Dataset } from '../../core/tasks';
import type { Template } from '../../core/tasks/types';
import { useLabStore } from '../lab/labStore';
import { TemplatePreview } from './TemplatePreview';

const suite = getSuite(1);

function sameTemplates(a: readonly Template[], b: readonly Template[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function SuitePanel() {
  const edited = useLabStore((s) => s.templates);
  const busy = useLabStore((s) => s.sweep !== 'idle');
  const [cluster, setCluster] = useState<ClusterName>('sentiment');
  const datasets = suite.clusters.find((c) => c.name === cluster)?.datasets ?? [];
  const [datasetName, setDatasetName] = useState<string>(datasets[0]?.name ?? '');
  const dataset: Dataset | undefined = datasets.find((d) => d.name === datasetName) ?? datasets[0];
  const templates: Template[] = dataset ? (edited[dataset.name] ?? dataset.templates) : [];
  const [selectedIndex, setSelectedIndex] = useState(0);
  const index = Math.min(selectedIndex, Math.max(0, templates.length - 1));
  const template = templates[index];
  const ids = { cluster: useId(), dataset: useId(), input: useId(), target: useId() };

  const save = (list: Template[]) => {
    if (!dataset) return;
    useLabStore.getState().setDatasetTemplates(dataset.name, sameTemplates(list, dataset.templates) ? null : list);
  };
  const patch = (p: Partial<Template>) => save(templates.map((t, i) => (i === index ? { ...t, ...p } : t)));
  const add = () => {
    if (!dataset) return;
    let n = templates.length + 1;
    while (templates.some((t) => t.id === `${dataset.name}_custom${n}`)) n++;
    const base = templates.find((t) => !t.inverted) ?? templates[0];
    save([...templates, { id: `${dataset.name}_custom${n}`, dataset: dataset.name, input: base?.input ?? '', target: base?.target ?? '{answer}' }]);
    setSelectedIndex(templates.length);
  };
  const remove = () => {
    save(templates.filter((_, i) => i !== index));
    setSelectedIndex(Math.max(0, index - 1));
  };

  const errors = useMemo(() => (template && dataset ? validateTemplate(template, dataset) : []), [template, dataset]);
  const examples = useMemo(() => (dataset ? dataset.examples('test', 3, 7) : []), [dataset]);

  return (
    <section className="panel suite-panel" aria-labelledby="suite-title">
      <div className="suite-nav">
        <h2 id="suite-title">Task suite</h2>
        <div className="field">
          <label htmlFor={ids.cluster}>Cluster</label>
          <select
            id={ids.cluster}
            data-testid="suite-cluster"
            value={cluster}
            onChange={(e) => {
              const c = e.target.value as ClusterName;
              setCluster(c);
              setDatasetName(suite.clusters.find((x) => x.name === c)?.datasets[0]?.name ?? '');
              setSelectedIndex(0);
            }}
          >
            {CLUSTERS.map((c) => (
              <option key={c} value={c}>
                {clusterLabel(c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.dataset}>Dataset</label>
          <select
            id={ids.dataset}
            data-testid="suite-dataset"
            value={dataset?.name ?? ''}
            onChange={(e) => {
              setDatasetName(e.target.value);
              setSelectedIndex(0);
            }}
          >
            {datasets.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
                {edited[d.name] ? ' (edited)' : ''}
              </option>
            ))}
          </select>
        </div>
        {dataset && (
          <p className="hint">
            {dataset.description} ({dataset.kind}; fields: {dataset.fields.map((f) => `{${f}}`).join(' ')}, {'{answer}'}
            {dataset.kind === 'classification' ? ', {options_}' : ''})
          </p>
        )}
        <h3>Templates</h3>
        <ul className="template-list" data-testid="template-list">
          {templates.map((t, i) => (
            <li key={`${t.id}-${i}`}>
              <button type="button" className="template-item" aria-current={i === index ? 'true' : undefined} onClick={() => setSelectedIndex(i)}>
                {t.id}
                {t.inverted ? ' (inverted)' : ''}
              </button>
            </li>
          ))}
        </ul>
        <div className="controls">
          <button type="button" onClick={add} disabled={busy} data-testid="template-add">
            Add
          </button>
          <button type="button" onClick={remove} disabled={busy || !template} data-testid="template-delete">
            Delete
          </button>
          <button
            type="button"
            onClick={() => dataset && useLabStore.getState().setDatasetTemplates(dataset.name, null)}
            disabled={busy || !dataset || !edited[dataset.name]}
            data-testid="template-reset"
          >
            Reset to default
          </button>
        </div>
      </div>
      {template && dataset && (
        <div className="suite-editor">
          <fieldset className="settings" disabled={busy}>
            <legend>Template {template.id}</legend>
            <div className="field">
              <label htmlFor={ids.input}>Template input</label>
              <textarea
                id={ids.input}
                rows={7}
                data-testid="template-input"
                value={template.input}
                aria-invalid={errors.length > 0}
                onChange={(e) => patch({ input: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.target}>Template target</label>
              <textarea id={ids.target} rows={1} data-testid="template-target" value={template.target} onChange={(e) => patch({ target: e.target.value })} />
            </div>
            <label className="check">
              <input
                type="checkbox"
                checked={!!template.inverted}
                onChange={(e) => patch({ inverted: e.target.checked || undefined })}
                data-testid="template-inverted"
              />{' '}
              Inverted (given the answer, produce the input)
            </label>
            {errors.length > 0 && (
              <ul className="error template-errors" role="alert" data-testid="template-errors">
                {errors.map((e, i) => (
                  <li key={i} data-kind={e.kind}>
                    {e.message.replace(/^template [^:]*: /, '')}
                  </li>
                ))}
              </ul>
            )}
          </fieldset>
          <TemplatePreview examples={examples} template={template} valid={errors.length === 0} renderFn={render} />
        </div>
      )}
    </section>
  );
}
