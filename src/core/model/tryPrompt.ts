/**
 * One free-form prompt through one checkpoint, the way the evaluator sees an item: greedy generation after
 * [BOS] prompt, and, for listed options, each option's summed log-probability as a continuation and its
 * share of the options' probability (softmax), as the inspector shows them. Used by the Inspector's
 * "Try it" box through the engine worker.
 */
import { loadModel } from './io';
import { generateGreedy, scoreContinuations } from './infer';
import { continuationIds, promptIds } from '../experiments/lab';
import { softmax } from '../eval/metrics';

export interface TryAnswer {
  generation: string;
  options: { text: string; logProb: number; prob: number }[];
}

export const TRY_MAX_PROMPT_CHARS = 4000;
export const TRY_MAX_OPTIONS = 12;

export async function tryCheckpoint(bytes: Uint8Array, prompt: string, options: readonly string[], maxNewTokens = 24): Promise<TryAnswer> {
  const { model, checkpoint } = loadModel(bytes);
  try {
    const tok = checkpoint.tokenizer;
    const input = promptIds(tok, prompt.slice(0, TRY_MAX_PROMPT_CHARS));
    const [out] = await generateGreedy(model, [input], maxNewTokens);
    const listed = options
      .map((o) => o.trim())
      .filter(Boolean)
      .slice(0, TRY_MAX_OPTIONS);
    const scores = listed.length
      ? await scoreContinuations(
          model,
          listed.map((o) => ({ prompt: input, continuation: continuationIds(tok, o) })),
        )
      : [];
    const probs = listed.length ? softmax(scores) : [];
    return { generation: tok.decode(out).trim(), options: listed.map((text, i) => ({ text, logProb: scores[i], prob: probs[i] })) };
  } finally {
    model.dispose();
  }
}
