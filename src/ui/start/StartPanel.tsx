/**
 * The landing view is the lecture: each FLAN figure shows the lab's reference result at once (the finding
 * sentence and its gains, no training), then offers to run it live in this tab on a small shipped model,
 * with a time estimate derived only from a measurement of this device (the Benchmark store's tokens/s; one
 * click measures it). While the live run goes its progress shows here, and once it has finished it is
 * shown beside the reference. Over finished results it asks first, since the new sweep replaces them.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { expandRuns, type PresetName } from '../../core/experiments/presets';
import type { Results } from '../../core/experiments/results';
import { quickSpec, useLabStore } from '../lab/labStore';
import { startSweep } from '../lab/sweep';
import { formatDuration } from '../lab/specFields';
import { useUiStore } from '../stores/uiStore';
import { isBenchActive, useBenchStore } from '../stores/benchStore';
import { type BenchBackendName } from '../../core/engine/protocol';
import { BACKENDS } from '../../core/model/backends';
import { templateIssues } from '../../core/tasks';
import { openReference } from '../results/ReferenceRuns';
import { findReference, loadReference, referenceIdOf } from '../results/references';
import { findingOf, type Finding } from '../results/finding';
import { GainChart, gainExtent } from './GainChart';
import { basisText, liveEstimate, tuningMeasurements, wallTimeOf, type LiveEstimate } from './estimate';
import { NotifyButton } from '../components/SweepTitle';
import { SweepLeft } from '../runs/SweepEtaView';

interface Figure {
  preset: PresetName;
  figure: string;
  question: string;
  reference: string;
}

const FIGURES: Figure[] = [
  { preset: 'main', figure: 'Figure 1', question: 'Does instruction tuning help on a task family the model never saw?', reference: 'main-tiny-h100' },
  { preset: 'clusters', figure: 'Figure 6', question: 'Does tuning on more task clusters help more?', reference: 'clusters-tiny-h100' },
  { preset: 'scale', figure: 'Figure 7', question: 'Does it help small models as much as bigger ones?', reference: 'scale-h100' },
  { preset: 'instructions', figure: 'Figure 8', question: 'Is it the instructions, or just multi-task training?', reference: 'instructions-tiny-h100' },
];

/** The world the base models of these results were pretrained on (runs before v2 record none: v1). */
function worldsOf(results: Results): string {
  const worlds = [...new Set(results.runs.flatMap((e) => (e.result ? [e.result.worldVersion ?? 1] : [])))].sort();
  return worlds.length ? worlds.map((w) => `v${w}`).join(' + ') : 'v1';
}

function seedsOf(results: Results): number {
  return results.spec.seeds.length;
}

type Loaded = { results: Results; finding: Finding } | { error: string };
const loading = new Map<string, Promise<Loaded>>();

/** A reference run and its finding, loaded once per page (in the background, after the first paint). */
function useReference(id: string): Loaded | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let live = true;
    if (!findReference(id)) return;
    let p = loading.get(id);
    if (!p) {
      p = loadReference(id).then(
        (results): Loaded => ({ results, finding: findingOf(results, { chance: false }) }),
        (e: unknown): Loaded => ({ error: e instanceof Error ? e.message : String(e) }),
      );
      loading.set(id, p);
    }
    void p.then((l) => live && setLoaded(l));
    return () => {
      live = false;
    };
  }, [id]);
  return loaded;
}

function ResultBlock({
  title,
  tag,
  finding,
  testId,
  note,
  extent,
}: {
  title: string;
  tag: string;
  finding: Finding;
  testId: string;
  note?: string;
  extent?: number;
}) {
  return (
    <div className="start-result" data-testid={testId}>
      <p className="start-result-title">
        <strong>{title}</strong> <span className="world-tag">{tag}</span>
      </p>
      <p className="finding-sentence" data-testid={`${testId}-sentence`}>
        {finding.sentence}
      </p>
      <GainChart finding={finding} label={`${title}: ${finding.sentence}`} extent={extent} />
      {note && <p className="muted small">{note}</p>}
    </div>
  );
}

/** The live-run button's time: only from this device's measured speed, or plainly unmeasured. */
function Estimate({ preset }: { preset: PresetName }) {
  const rows = useBenchStore((s) => s.rows);
  const benchBusy = useBenchStore((s) => isBenchActive(s.status));
  const labBackend = useLabStore((s) => s.backend?.backend ?? null);
  const busy = useLabStore((s) => s.sweep !== 'idle');
  const backendChoice = useLabStore((s) => s.spec.backend);
  const runs = useMemo(() => expandRuns(quickSpec(preset, { backend: backendChoice })), [preset, backendChoice]);
  const results = useLabStore((s) => s.results);
  const fromLink = useLabStore((s) => s.fromLink);
  const ownResults = fromLink || referenceIdOf(results) !== null ? null : results;
  const timed = wallTimeOf(runs, ownResults);
  const est: LiveEstimate = timed !== null ? { kind: 'timed', seconds: timed } : liveEstimate(runs, rows, labBackend, tuningMeasurements(ownResults));
  const measure = (sizes: string[]) => {
    const backend: BenchBackendName = BACKENDS.find((b) => b === labBackend) ?? 'wasm';
    const bench = useBenchStore.getState();
    bench.setSettings({ presets: sizes as never, backends: [backend], steps: 3 });
    void bench.run();
  };
  if (est.kind === 'timed') {
    return (
      <span className="estimate" data-testid={`estimate-${preset}`} data-measured="true">
        {runs.length} runs, {formatDuration(est.seconds)} on this device (what its last live run here took)
      </span>
    );
  }
  if (est.kind === 'measured') {
    return (
      <span className="estimate" data-testid={`estimate-${preset}`} data-measured="true">
        {runs.length} runs, {formatDuration(est.seconds)} on this device (rough: from the measured {basisText(est.basis)}
        {labBackend ? '' : '; auto may pick another backend'})
      </span>
    );
  }
  return (
    <span className="estimate" data-testid={`estimate-${preset}`} data-measured="false">
      {runs.length} runs; time not measured on this device yet.{' '}
      <button type="button" className="reference-link" disabled={benchBusy || busy} data-testid={`measure-${preset}`} onClick={() => measure(est.missing)}>
        {benchBusy ? 'measuring…' : `measure it (a few seconds)`}
      </button>
    </span>
  );
}

function FigureCard({ f, onReproduce, onReference, confirm }: { f: Figure; onReproduce: () => void; onReference: () => void; confirm: ReactNode }) {
  const show = useUiStore((s) => s.show);
  const sweep = useLabStore((s) => s.sweep);
  const blocked = templateIssues(useLabStore((s) => s.templates)).length > 0;
  const results = useLabStore((s) => s.results);
  const fromLink = useLabStore((s) => s.fromLink);
  const reference = useReference(f.reference);
  const mine = results && results.spec.preset === f.preset && !fromLink && referenceIdOf(results) === null ? results : null;
  const done = mine?.runs.filter((e) => e.status === 'done').length ?? 0;
  const total = mine?.runs.length ?? 0;
  const running = mine !== null && sweep !== 'idle';
  const live = useMemo(() => (mine && done > 0 ? findingOf(mine, { chance: false }) : null), [mine, done]);
  const liveShown = live && live.rows.some((r) => r.gain);
  const busy = sweep !== 'idle';
  // Side by side, both charts share one scale, so bars of the same length are the same gain.
  const extent = liveShown && reference && 'finding' in reference ? Math.max(gainExtent(reference.finding), gainExtent(live)) : undefined;
  return (
    <li className={liveShown ? 'figure-card wide' : 'figure-card'} data-testid={`figure-${f.preset}`}>
      <h3>{f.figure}</h3>
      <p className="figure-question">{f.question}</p>
      <div className={liveShown ? 'start-compare' : undefined}>
        {reference === null && findReference(f.reference) && <p className="muted">Loading the reference result…</p>}
        {reference && 'error' in reference && (
          <p className="error" role="alert">
            The reference result could not be loaded: {reference.error}
          </p>
        )}
        {reference && 'finding' in reference && (
          <ResultBlock
            title="Reference (H100, full budget)"
            tag={`world ${worldsOf(reference.results)}, ${seedsOf(reference.results)} seeds`}
            finding={reference.finding}
            testId={`reference-result-${f.preset}`}
            extent={extent}
          />
        )}
        {liveShown && mine && (
          <ResultBlock
            title={running ? 'Your live run (so far)' : 'Your live run (this tab)'}
            tag={`world ${worldsOf(mine)}, ${seedsOf(mine)} seed${seedsOf(mine) === 1 ? '' : 's'}, ${mine.spec.preset === 'scale' ? 'small budget' : `${(mine.spec as { modelSize?: string }).modelSize ?? ''}, small budget`}`}
            finding={live}
            testId={`live-result-${f.preset}`}
            extent={extent}
            note="A live run uses a smaller model, fewer held-out clusters and steps, and one seed: expect noisier numbers than the reference."
          />
        )}
      </div>
      {running && (
        <p className="live-progress" role="status" data-testid={`live-progress-${f.preset}`}>
          Running live: {done} of {total} runs done
          <SweepLeft prefix="; " />.{' '}
          <button type="button" className="reference-link" onClick={() => show('runs')} data-testid="watch-runs">
            Watch it on the Runs page →
          </button>{' '}
          <NotifyButton />
        </p>
      )}
      <div className="figure-actions">
        <button type="button" className="primary" disabled={busy || blocked} data-testid={`reproduce-${f.preset}`} onClick={onReproduce}>
          {mine && done > 0 ? 'Run it live again' : 'Run it live in this tab'}
        </button>
        <Estimate preset={f.preset} />
        {findReference(f.reference) && (
          <button type="button" className="reference-link" disabled={busy} data-testid={`reference-${f.preset}`} onClick={onReference}>
            open the full reference result →
          </button>
        )}
      </div>
      {confirm}
    </li>
  );
}

export function StartPanel() {
  const show = useUiStore((s) => s.show);
  const setTourOpen = useUiStore((s) => s.setTourOpen);
  const blocked = templateIssues(useLabStore((s) => s.templates)).length > 0;
  const finished = useLabStore((s) => s.results?.runs.filter((e) => e.status === 'done').length ?? 0);
  const [asking, setAsking] = useState<PresetName | null>(null);
  const reproduce = (preset: PresetName) => {
    setAsking(null);
    // Keep the backend the user chose on the Setup panel (auto unless they overrode it).
    useLabStore.setState((s) => ({ spec: quickSpec(preset, { backend: s.spec.backend }), notice: null }));
    void startSweep({ fresh: true }).catch(() => undefined);
  };
  const seeReference = async (id: string) => {
    try {
      await openReference(id);
      show('results');
    } catch (e) {
      useLabStore.getState().setNotice({ kind: 'error', text: `The reference run ${id} could not be opened: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  return (
    <section className="panel start-panel" aria-labelledby="start-title">
      <h2 id="start-title">Reproduce the FLAN paper, in miniature</h2>
      <p className="intro">
        FLAN (Wei et al., 2022) fine-tunes a language model on many tasks phrased as instructions, then asks it to do task families it never saw. This lab does
        the same with tiny GPTs trained on a made-up world, in your browser. Each figure below shows what the lab found at full budget; run it live to watch it
        happen here, on a small model.
      </p>
      <p className="muted small world-note" data-testid="world-note">
        The reference results were made in <strong>world v1</strong>: base models pretrained on text that never contains the answer words. The lab's default is
        now world v3 (docs/WORLD-DESIGN.md): nano, micro and tiny are pretrained on it, small and base are still the v1 models, so a live run may differ from
        the references.
      </p>
      {blocked && (
        <p className="error" role="alert">
          An edited template has a problem, so nothing can run until it is fixed (Suite panel).
        </p>
      )}
      <ul className="figure-grid">
        {FIGURES.map((f) => (
          <FigureCard
            key={f.preset}
            f={f}
            onReproduce={() => (finished > 0 ? setAsking(f.preset) : reproduce(f.preset))}
            onReference={() => void seeReference(f.reference)}
            confirm={
              asking === f.preset && (
                <div className="confirm" role="alertdialog" aria-label="Please confirm" data-testid="reproduce-confirm">
                  <p>
                    Running {FIGURES.find((f) => f.preset === asking)?.figure} live replaces the {finished} finished run{finished === 1 ? '' : 's'} on the
                    Results page. Download them first (Results → JSON) to keep them.
                  </p>
                  <button type="button" className="primary" data-testid="reproduce-yes" autoFocus onClick={() => reproduce(asking)}>
                    Replace and run
                  </button>{' '}
                  <button type="button" data-testid="reproduce-no" onClick={() => setAsking(null)}>
                    Keep the results
                  </button>
                </div>
              )
            }
          />
        ))}
      </ul>
      <div className="controls">
        <button type="button" onClick={() => setTourOpen(true)} data-testid="tour-button">
          Take the 1-minute tour
        </button>
        <button type="button" onClick={() => show('setup')}>
          Set up your own experiment
        </button>
      </div>
    </section>
  );
}
