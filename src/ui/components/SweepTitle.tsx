/**
 * A sweep seen from outside the tab: the document title carries its progress and says "done" when it has
 * finished (sweepTitle.ts), and, if the user allowed it (asked only when they click "Notify me"), a browser
 * notification with the finding's sentence appears when the tab is not in front. Reads the lab store only.
 */
import { useEffect, useRef, useState } from 'react';
import { useLabStore } from '../lab/labStore';
import { overallFraction } from '../lab/liveRuns';
import { findingOf } from '../results/finding';
import { SweepLeft } from '../runs/SweepEtaView';
import { progressOf, titleFor, type TitleState } from './sweepTitle';

const canNotify = () => typeof Notification !== 'undefined';

function useCurrentFraction(): number {
  return useLabStore((s) => {
    const id = s.currentRunId;
    const live = id ? s.live[id] : undefined;
    const run = id ? s.results?.runs.find((e) => e.run.id === id)?.run : undefined;
    return live ? overallFraction(live, Boolean(run?.tune)) : 0;
  });
}

function notifyDone(): void {
  if (!canNotify() || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return; // they are looking at it
  const results = useLabStore.getState().results;
  let body = 'All runs have finished.';
  try {
    if (results) body = findingOf(results, { chance: false }).sentence;
  } catch {
    /* a layout the finding does not know: the plain line */
  }
  try {
    const n = new Notification('TinyFLAN: the sweep is done', { body, tag: 'tinyflan-sweep' });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    /* some browsers only notify from a service worker: the title still says done */
  }
}

/** Mounted once (App): keeps document.title in step with the sweep. */
export function SweepTitle() {
  const sweep = useLabStore((s) => s.sweep);
  const results = useLabStore((s) => s.results);
  const fraction = useCurrentFraction();
  const base = useRef<string | null>(null);
  const was = useRef(sweep);
  const [finished, setFinished] = useState(false);
  base.current ??= document.title || 'TinyFLAN lab';
  useEffect(() => {
    const before = was.current;
    was.current = sweep;
    if (sweep !== 'idle') setFinished(false);
    else if (before !== 'idle') {
      const p = progressOf(useLabStore.getState().results, 0);
      const complete = p.total > 0 && p.done + p.failed === p.total;
      setFinished(complete);
      if (complete && p.failed === 0) notifyDone();
    }
  }, [sweep]);
  const progress = progressOf(results, fraction);
  const state: TitleState =
    sweep === 'running' || sweep === 'paused' ? { kind: sweep, progress } : finished ? { kind: 'finished', progress } : { kind: 'idle' };
  const title = titleFor(state, base.current);
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}

/** "Notify me when it finishes": asks for permission on this click only, never by itself. */
export function NotifyButton() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(() => (canNotify() ? Notification.permission : 'unsupported'));
  if (permission === 'unsupported' || permission === 'denied') return null;
  if (permission === 'granted')
    return (
      <span className="muted small" data-testid="notify-on">
        You will get a notification when it finishes.
      </span>
    );
  return (
    <button
      type="button"
      className="reference-link"
      data-testid="notify-button"
      onClick={() => {
        void Notification.requestPermission().then(setPermission, () => setPermission('denied'));
      }}
    >
      Notify me when it finishes
    </button>
  );
}

/** The header's line while a sweep runs, whatever the panel: its progress and the notification offer. */
export function SweepChip() {
  const sweep = useLabStore((s) => s.sweep);
  const results = useLabStore((s) => s.results);
  const fraction = useCurrentFraction();
  if (sweep === 'idle') return null;
  const p = progressOf(results, fraction);
  return (
    <div className="sweep-chip" role="status" data-testid="sweep-chip">
      {sweep === 'paused' ? 'Paused' : 'Running'}: {p.done}/{p.total} runs, {Math.floor(100 * p.fraction)}%<SweepLeft prefix=", " /> <NotifyButton />
    </div>
  );
}
