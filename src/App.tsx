/**
 * The lab's shell: a header and a nav of panels. Only "Train" exists so far; later panels
 * (instruction tuning, evaluation, the paper's figures) slot into PANELS.
 */
import { useState, type ReactNode } from 'react';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { TrainPanel } from './ui/panels/TrainPanel';

interface PanelDef {
  id: string;
  title: string;
  render: () => ReactNode;
}

const PANELS: PanelDef[] = [{ id: 'train', title: 'Train', render: () => <TrainPanel /> }];

export function App() {
  const [panelId, setPanelId] = useState(PANELS[0].id);
  const panel = PANELS.find((p) => p.id === panelId) ?? PANELS[0];
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          TinyFLAN <span className="tagline">instruction tuning in miniature, in your browser</span>
        </h1>
        <nav aria-label="Panels">
          <ul>
            {PANELS.map((p) => (
              <li key={p.id}>
                <button type="button" className="nav-button" aria-current={p.id === panel.id ? 'page' : undefined} onClick={() => setPanelId(p.id)}>
                  {p.title}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="app-main">
        <ErrorBoundary key={panel.id} label={`the ${panel.title} panel`}>
          {panel.render()}
        </ErrorBoundary>
      </main>
    </div>
  );
}
