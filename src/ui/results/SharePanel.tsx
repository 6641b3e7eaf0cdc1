/**
 * "Copy share link": a bundled reference run travels by id (`?ref=…`, references.ts); anything else as the
 * experiment in the URL hash (core/share). Either link is read back before the lab says "Link copied", so a
 * link that would not open is never handed out: the message says why and what to share instead.
 */
import { useState } from 'react';
import { decodeShare } from '../../core/share';
import { useLabStore } from '../lab/labStore';
import { currentShareLink } from '../share/shareLink';
import { findReference, referenceIdIn, referenceIdOf, referenceUrl } from './references';

export interface CheckedLink {
  url: string;
  omitted: string[];
  /** 'ref': names a bundled reference run; 'hash': carries the experiment. */
  kind: 'ref' | 'hash';
}

const doneCount = (runs: { status: string }[] | undefined) => runs?.filter((e) => e.status === 'done').length ?? 0;

/** The share link of what the Results panel shows, checked to open; throws with the reason otherwise. */
export function checkedShareLink(): CheckedLink {
  const results = useLabStore.getState().results;
  const ref = referenceIdOf(results);
  if (ref) {
    const url = referenceUrl(ref);
    if (referenceIdIn(url) !== ref || !findReference(ref)) throw new Error(`The link for reference run ${ref} did not read back.`);
    return { url, omitted: [], kind: 'ref' };
  }
  const link = currentShareLink();
  const decoded = decodeShare(link.url);
  const fix = 'Download the results file (JSON) and share that instead.';
  if (!decoded.ok) throw new Error(`This experiment's link would not open (${decoded.error}). ${fix}`);
  const carried = link.url.includes('#') && results ? doneCount(results.runs) : 0;
  const back = doneCount(decoded.experiment.results?.runs);
  if (carried > 0 && decoded.experiment.results && back !== carried) {
    throw new Error(`This experiment's link would open ${back} of its ${carried} finished runs. ${fix}`);
  }
  return { url: link.url, omitted: link.omitted, kind: 'hash' };
}

export function SharePanel() {
  const [link, setLink] = useState<CheckedLink | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const make = async () => {
    let l: CheckedLink;
    try {
      l = checkedShareLink();
    } catch (e) {
      setLink(null);
      setMessage({ text: e instanceof Error ? e.message : String(e), error: true });
      return;
    }
    setLink(l);
    const copied = await (navigator.clipboard?.writeText(l.url).then(
      () => true,
      () => false,
    ) ?? Promise.resolve(false));
    setMessage({ text: copied ? 'Link copied.' : 'Copy the link below.', error: false });
  };
  return (
    <div className="share">
      <button type="button" data-testid="share-button" onClick={() => void make()}>
        Copy share link
      </button>
      {message && (
        <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : undefined} data-testid="share-message">
          {' '}
          {message.text}
        </span>
      )}
      {link && (
        <>
          <input
            className="share-url"
            readOnly
            value={link.url}
            aria-label="Share link"
            data-testid="share-url"
            data-kind={link.kind}
            onFocus={(e) => e.target.select()}
          />
          {link.kind === 'ref' && (
            <p className="hint">This link names the lab's bundled reference run, so it opens the full results in any browser with this version of the lab.</p>
          )}
          {link.omitted.length > 0 && <p className="hint">Left out to fit a link: {link.omitted.join(', ')}.</p>}
        </>
      )}
    </div>
  );
}
