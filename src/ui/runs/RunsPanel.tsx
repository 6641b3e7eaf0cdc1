/**
 * The run queue: every run of the current Results with its status. The running one shows its stage
 * (load base → tune → evaluate), a progress bar, tokens/s and the live loss curve; the time left per stage
 * and for the whole sweep comes from speeds measured in this tab (SweepEtaView); a finished run shows its held-out score. A
 * failed run shows why; the sweep carries on with the next. After a reload the finished runs are
 * still here (IndexedDB) and "Resume" runs the rest. A sweep that stopped by itself (a lost GPU)
 * says so and offers to continue on another backend.
 */
import { useShallow } from 'zustand/react/shallow';
import { describeRun } from '../../core/experiments/spec';
import { pendingRuns, type RunEntry } from '../../core/experiments/results';
import { BackendBadge } from '../components/BackendBadge';
import { LossChart } from '../components/LossChart';
import { useLabStore, type SweepStop } from '../lab/labStore';
import { overallFraction, type LiveRun } from '../lab/liveRuns';
import { cancelSweep, pauseSweep, resumeSweep, startSweep } from '../lab/sweep';
import { useUiStore } from '../stores/uiStore';
import { heldOutScoreText } from './runScore';
import { SweepEtaView } from './SweepEtaView';

const STAGE_TEXT = { load: 'loading the base model', tune: 'instruction tuning', evaluate: 'evaluating held-out tasks' } as const;

function LiveDetails({ entry, live }: { entry: RunEntry; live: LiveRun }) {
  const fraction = overallFraction(live, entry.run.tune !== null);
  return (
    <div className="live-run" data-testid="live-run">
      <p className="stage">
        <span data-testid="run-stage">{live.stage}</span>: {STAGE_TEXT[live.stage]}
        {live.paused ? ' (paused)' : ''}
      </p>
      <progress className="progress" max={1} value={fraction} aria-label={`Progress of ${describeRun(entry.run)}`} />
      {live.latest && live.stage === 'tune' && (
        <dl className="stats">
          <div>
            <dt>Step</dt>
            <dd>
              {live.latest.step} / {live.latest.totalSteps}
            </dd>
          </div>
          <div>
            <dt>Loss</dt>
            <dd>{live.latest.loss.toFixed(3)}</dd>
          </div>
          <div>
            <dt>Tokens/s</dt>
            <dd>{Math.round(live.latest.tokensPerSec)}</dd>
          </div>
        </dl>
      )}
      {entry.run.tune && <LossChart points={live.losses} totalSteps={entry.run.tune.steps} />}
    </div>
  );
}

function StoppedSweep({ stopped, left }: { stopped: SweepStop; left: number }) {
  return (
    <div className="error" role="alert" data-testid="sweep-stopped">
      <p>
        <strong>The sweep stopped.</strong> {stopped.reason}
      </p>
      <div className="controls">
        <button
          type="button"
          className="primary"
          data-testid="continue-other-backend"
          disabled={left === 0}
          onClick={() => void startSweep({ backend: stopped.suggest })}
        >
          Continue on {stopped.suggest} ({left} left)
        </button>
        <button type="button" data-testid="retry-same-backend" disabled={left === 0} onClick={() => void startSweep()}>
          Retry on {stopped.backend}
        </button>
      </div>
    </div>
  );
}

export function RunsPanel() {
  const { results, live, sweep, currentRunId, backend, spec, stopped } = useLabStore(
    useShallow((s) => ({
      results: s.results,
      live: s.live,
      sweep: s.sweep,
      currentRunId: s.currentRunId,
      backend: s.backend,
      spec: s.spec,
      stopped: s.stopped,
    })),
  );
  const show = useUiStore((s) => s.show);
  if (!results) {
    return (
      <section className="panel" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        <p className="muted">Nothing queued yet. Set up an experiment, or start one of the figures on the Start page.</p>
        <button type="button" onClick={() => show('setup')}>
          Go to Setup
        </button>
      </section>
    );
  }
  const done = results.runs.filter((e) => e.status === 'done').length;
  const left = pendingRuns(results).length;
  return (
    <section className="panel runs-panel" aria-labelledby="runs-title">
      <div className="run-header">
        <h2 id="runs-title">
          Runs{' '}
          <span className="muted">
            ({done} of {results.runs.length} done)
          </span>
        </h2>
        <BackendBadge info={backend} requested={spec.backend} />
        <span hidden data-testid="sweep-status">
          {sweep}
        </span>
      </div>
      <div className="controls" role="group" aria-label="Sweep controls">
        {sweep === 'idle' ? (
          <button type="button" className="primary" data-testid="resume-sweep" disabled={left === 0} onClick={() => void startSweep()}>
            {done > 0 ? `Resume (${left} left)` : 'Start'}
          </button>
        ) : sweep === 'paused' ? (
          <button type="button" data-testid="sweep-resume" onClick={resumeSweep}>
            Resume
          </button>
        ) : (
          <button type="button" data-testid="sweep-pause" onClick={pauseSweep}>
            Pause
          </button>
        )}
        <button type="button" data-testid="sweep-cancel" disabled={sweep === 'idle'} onClick={cancelSweep}>
          Cancel
        </button>
        <button type="button" disabled={done === 0} onClick={() => show('results')}>
          See results
        </button>
      </div>
      {sweep !== 'idle' && <SweepEtaView />}
      {stopped && sweep === 'idle' && results.runs.some((e) => e.run.id === stopped.runId) && <StoppedSweep stopped={stopped} left={left} />}
      <ol className="run-queue" data-testid="run-queue">
        {results.runs.map((entry) => (
          <li key={entry.run.id} className={`run-item run-${entry.status}`} data-testid="run-item" data-status={entry.status} data-run-id={entry.run.id}>
            <span className={`status-dot status-${entry.status === 'failed' ? 'error' : entry.status}`} aria-hidden="true" />
            <span className="run-desc">{describeRun(entry.run)}</span> <span className="muted">— {entry.status}</span>
            {entry.status === 'done' && entry.result && (
              <>
                {heldOutScoreText(entry) && (
                  <>
                    {' '}
                    <strong className="run-score" data-testid="run-score">
                      {heldOutScoreText(entry)}
                    </strong>
                  </>
                )}
                <span className="muted"> ({entry.result.wallTimeSec.toFixed(1)} s)</span>
              </>
            )}
            {entry.status === 'failed' && (
              <p className="error" data-testid="run-error">
                {entry.error}
              </p>
            )}
            {entry.run.id === currentRunId && live[entry.run.id] && <LiveDetails entry={entry} live={live[entry.run.id]} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
