/**
 * First panel of the lab: pretrain a tiny GPT on the built-in sample text, in the engine worker,
 * and watch the loss fall. State lives in the train store; this component only lays it out.
 */
import { useShallow } from 'zustand/react/shallow';
import { explainError } from '../../core/engine/errors';
import { useTrainStore } from '../stores/trainStore';
import { isActive } from '../stores/runReducer';
import { TrainSettingsForm } from '../components/TrainSettingsForm';
import { BackendBadge } from '../components/BackendBadge';
import { LossChart } from '../components/LossChart';
import { RunStats } from '../components/RunStats';
import { download } from '../results/exporters';

const STATUS_TEXT: Record<string, string> = {
  idle: 'Ready',
  starting: 'Starting the engine…',
  running: 'Training…',
  paused: 'Paused',
  done: 'Finished',
  error: 'Failed',
  cancelled: 'Cancelled',
};

export function TrainPanel() {
  const s = useTrainStore(
    useShallow((st) => ({
      settings: st.settings,
      status: st.status,
      backend: st.backend,
      latest: st.latest,
      losses: st.losses,
      summary: st.summary,
      error: st.error,
    })),
  );
  const { setSettings, start, pause, resume, cancel } = useTrainStore.getState();
  const active = isActive(s.status);
  const progress = s.latest ? s.latest.step / s.latest.totalSteps : s.status === 'done' ? 1 : 0;

  return (
    <section className="panel train-panel" aria-labelledby="train-title">
      <div className="panel-side">
        <h2 id="train-title">Pretrain a tiny GPT</h2>
        <p className="muted intro">Trains on a short built-in text about a small made-up world, in a background worker.</p>
        <TrainSettingsForm settings={s.settings} disabled={active} onChange={setSettings} />
        <div className="controls" role="group" aria-label="Run controls">
          <button type="button" className="primary" data-testid="train-button" onClick={start} disabled={active}>
            Train
          </button>
          {s.status === 'paused' ? (
            <button type="button" data-testid="resume-button" onClick={resume}>
              Resume
            </button>
          ) : (
            <button type="button" data-testid="pause-button" onClick={pause} disabled={s.status !== 'running'}>
              Pause
            </button>
          )}
          <button type="button" data-testid="cancel-button" onClick={cancel} disabled={!active}>
            Cancel
          </button>
        </div>
      </div>
      <div className="panel-main">
        <div className="run-header">
          <BackendBadge info={s.backend} requested={s.settings.backend} />
          <p className="status" role="status">
            <span className="visually-hidden">Status: </span>
            <span className={`status-dot status-${s.status}`} aria-hidden="true" />
            {STATUS_TEXT[s.status]} <span className="visually-hidden">({s.status})</span>
          </p>
          <span hidden data-testid="train-status">
            {s.status}
          </span>
        </div>
        <progress className="progress" max={1} value={progress} aria-label="Training progress" />
        {s.error && s.status !== 'cancelled' && (
          <div className="error" role="alert" data-testid="train-error" data-kind={s.error.kind}>
            <strong>
              {s.error.kind === 'nan'
                ? 'The loss diverged.'
                : s.error.kind === 'oom'
                  ? 'Out of memory.'
                  : s.error.kind === 'device-lost'
                    ? 'GPU lost.'
                    : 'Training failed.'}
            </strong>{' '}
            {explainError(s.error.kind, s.error.message)}
          </div>
        )}
        <RunStats latest={s.latest} summary={s.summary} />
        {s.summary?.checkpoint && (
          <button
            type="button"
            data-testid="download-checkpoint"
            onClick={() =>
              download(
                `tinyflan-${s.settings.preset}-${s.summary!.steps}steps.safetensors`,
                new Blob([s.summary!.checkpoint as BlobPart], { type: 'application/octet-stream' }),
              )
            }
          >
            Download checkpoint (.safetensors)
          </button>
        )}
        <LossChart points={s.losses} totalSteps={s.latest?.totalSteps ?? s.settings.steps} />
      </div>
    </section>
  );
}
