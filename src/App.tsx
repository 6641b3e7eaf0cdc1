/**
 * The lab's shell: a header, a nav of panels and a notice line. Panels: Start (one-click figures),
 * Setup, Suite (tasks and templates), Runs, Results, Inspect, the original Train playground and Benchmark
 * (training speed per model size and backend).
 * ?lecture=1 switches to lecturer mode (bigger type, advanced controls hidden).
 * ?ref=<id> opens one of the bundled reference runs (the form their share links take); results opened from
 * a link are saved like any others, so a reload keeps them.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { TrainPanel } from './ui/panels/TrainPanel';
import { BenchPanel } from './ui/panels/BenchPanel';
import { StartPanel } from './ui/start/StartPanel';
import { Tour } from './ui/start/Tour';
import { SetupPanel } from './ui/setup/SetupPanel';
import { RunsPanel } from './ui/runs/RunsPanel';
import { ResultsPanel } from './ui/results/ResultsPanel';
import { SuitePanel } from './ui/suite/SuitePanel';
import { InspectorPanel } from './ui/inspect/InspectorPanel';
import { useUiStore, type PanelId } from './ui/stores/uiStore';
import { useLabStore } from './ui/lab/labStore';
import { restoreLab } from './ui/lab/restore';
import { persist } from './ui/lab/sweep';
import { BackendBadge } from './ui/components/BackendBadge';
import { SweepChip, SweepTitle } from './ui/components/SweepTitle';
import { openReference } from './ui/results/ReferenceRuns';
import { dropReferenceParam, REF_PARAM } from './ui/results/references';

interface PanelDef {
  id: PanelId;
  title: string;
  render: () => ReactNode;
}

const PANELS: PanelDef[] = [
  { id: 'start', title: 'Start', render: () => <StartPanel /> },
  { id: 'setup', title: 'Setup', render: () => <SetupPanel /> },
  { id: 'suite', title: 'Suite', render: () => <SuitePanel /> },
  { id: 'runs', title: 'Runs', render: () => <RunsPanel /> },
  { id: 'results', title: 'Results', render: () => <ResultsPanel /> },
  { id: 'inspect', title: 'Inspect', render: () => <InspectorPanel /> },
  { id: 'train', title: 'Train', render: () => <TrainPanel /> },
  { id: 'bench', title: 'Benchmark', render: () => <BenchPanel /> },
];

/** What the page opens onto: a shared link (hash or ?ref=), else the saved session. */
async function openLab(): Promise<'link' | 'saved' | 'fresh'> {
  const from = await restoreLab();
  if (from === 'link' && useLabStore.getState().results) await persist();
  const ref = new URLSearchParams(location.search).get(REF_PARAM);
  if (ref === null) return from;
  dropReferenceParam();
  try {
    await openReference(ref, { fromLink: true });
    return 'link';
  } catch (e) {
    useLabStore.getState().setNotice({ kind: 'error', text: `This share link could not be opened: ${e instanceof Error ? e.message : String(e)}.` });
    return from;
  }
}

/** Lecturer mode keeps the backend in view in the header, whatever the panel. */
function HeaderBackend() {
  const backend = useLabStore((s) => s.backend);
  const requested = useLabStore((s) => s.spec.backend);
  return (
    <div className="header-backend" data-testid="header-backend">
      <BackendBadge info={backend} requested={requested} compact />
    </div>
  );
}

function Notice() {
  const notice = useLabStore((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={notice.kind === 'error' ? 'notice error' : 'notice info'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>{' '}
      <button type="button" onClick={() => useLabStore.getState().setNotice(null)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}

export function App() {
  const { panel: panelId, show, lecture } = useUiStore();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void openLab().then((from) => {
      if (from === 'link') show(useLabStore.getState().results ? 'results' : 'setup');
      setReady(true);
    });
  }, [show]);
  const panel = PANELS.find((p) => p.id === panelId) ?? PANELS[0];
  return (
    <div className={lecture ? 'app lecture' : 'app'} data-ready={ready}>
      <header className="app-header">
        <h1>
          TinyFLAN <span className="tagline">instruction tuning in miniature, in your browser</span>
        </h1>
        {lecture && <HeaderBackend />}
        <SweepChip />
        <nav aria-label="Panels">
          <ul>
            {PANELS.map((p) => (
              <li key={p.id}>
                <button type="button" className="nav-button" aria-current={p.id === panel.id ? 'page' : undefined} onClick={() => show(p.id)}>
                  {p.title}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <Notice />
      <main id="main" className="app-main">
        <ErrorBoundary key={panel.id} label={`the ${panel.title} panel`}>
          {panel.render()}
        </ErrorBoundary>
      </main>
      <Tour />
      <SweepTitle />
    </div>
  );
}
