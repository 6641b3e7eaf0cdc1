/**
 * "Try it": any prompt through the base model and the last model tuned in this tab, side by side — the
 * greedy generation and, for options listed one a line, each option's probability among them (how the
 * evaluator scores a classification item). Runs in the engine worker (tryPrompt); tuned models are kept in
 * the worker's memory only, so after a reload there is a base model to try until a sweep tunes one again.
 */
import { useId, useState } from 'react';
import type { TryAnswer } from '../../core/model/tryPrompt';
import { describeRun } from '../../core/experiments/spec';
import type { TryPromptResult } from '../../core/engine/protocol';
import { getEngine } from '../engineClient';
import { useLabStore } from '../lab/labStore';
import { sizesOf } from '../lab/specFields';

const EXAMPLE =
  'Premise: Every lamp in the house is blue.\nHypothesis: The kitchen lamp is blue.\nDoes the premise entail the hypothesis?\nOPTIONS:\n- yes\n- no';

function Answer({ title, answer, testId }: { title: string; answer: TryAnswer; testId: string }) {
  const best = answer.options.length ? answer.options.reduce((b, o, i) => (o.logProb > answer.options[b].logProb ? i : b), 0) : -1;
  return (
    <div className="try-answer" data-testid={testId}>
      <h4>{title}</h4>
      <p>
        <span className="muted">Generated:</span> <strong data-testid={`${testId}-generation`}>{answer.generation || '(nothing)'}</strong>
      </p>
      {answer.options.length > 0 && (
        <ul className="option-probs">
          {answer.options.map((o, i) => (
            <li key={i} data-testid={`${testId}-option`}>
              <meter min={0} max={1} value={o.prob} aria-label={`probability of ${o.text}`} /> {(100 * o.prob).toFixed(1)}% {o.text}
              {i === best ? ' ← chosen' : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function TryIt() {
  const ids = { prompt: useId(), options: useId() };
  const busy = useLabStore((s) => s.sweep !== 'idle');
  const results = useLabStore((s) => s.results);
  const size = useLabStore((s) => sizesOf(s.spec)[0]);
  const [prompt, setPrompt] = useState(EXAMPLE);
  const [options, setOptions] = useState('yes\nno');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: TryPromptResult } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });
  const run = async () => {
    setState({ kind: 'running' });
    try {
      const result = await getEngine().tryPrompt(size, prompt, options.split('\n'));
      setState({ kind: 'done', result });
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  const tunedRun = state.kind === 'done' && state.result.tuned ? results?.runs.find((e) => e.run.tuneId === state.result.tuned!.tuneId)?.run : undefined;
  return (
    <section className="try-it" aria-labelledby="try-title" data-testid="try-it">
      <h3 id="try-title">Try it</h3>
      <p className="muted small">
        Any prompt, through the base model and the model tuned last in this tab: greedy generation, and the probability of each option you list.
      </p>
      <div className="try-inputs">
        <div className="field">
          <label htmlFor={ids.prompt}>Prompt</label>
          <textarea id={ids.prompt} rows={6} value={prompt} onChange={(e) => setPrompt(e.target.value)} data-testid="try-prompt" maxLength={4000} />
        </div>
        <div className="field">
          <label htmlFor={ids.options}>Options, one a line (optional)</label>
          <textarea id={ids.options} rows={6} value={options} onChange={(e) => setOptions(e.target.value)} data-testid="try-options" />
        </div>
      </div>
      <button type="button" className="primary" disabled={busy || state.kind === 'running' || !prompt.trim()} onClick={() => void run()} data-testid="try-run">
        {state.kind === 'running' ? 'Running…' : 'Try it'}
      </button>
      {busy && <span className="muted small"> (a sweep is running: try it when it has finished)</span>}
      {state.kind === 'error' && (
        <p className="error" role="alert" data-testid="try-error">
          {state.message}
        </p>
      )}
      {state.kind === 'done' && (
        <>
          {!state.result.tuned && (
            <p className="muted" data-testid="try-no-tuned">
              No model has been tuned in this tab since it was opened (tuned models stay in memory only): run an experiment with a tuned run, then try again.
              The base model alone:
            </p>
          )}
          <div className="try-columns" data-testid="try-result">
            <Answer title={`Base model (${state.result.size}, untuned)`} answer={state.result.base} testId="try-base" />
            {state.result.tuned && (
              <Answer title={`Tuned: ${tunedRun ? describeRun(tunedRun) : state.result.tuned.tuneId}`} answer={state.result.tuned.answer} testId="try-tuned" />
            )}
          </div>
        </>
      )}
    </section>
  );
}
